"""The chat: the real PromptSession on a pipe, the commands, and the real program on a pty."""

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory

from bot.chat import repl
from bot.chat.completion import ChatCompleter

ROOT = Path(__file__).resolve().parent.parent
SGR = re.compile(r"\x1b\[[0-9;]*m")


def test_question_follow_up_and_ctrl_d(article_index, drive):
    status, out, chat = drive(article_index, "Who met Sheinbaum?\rwhat did he say about cartels?\r\x04")
    assert status == 0
    assert "Mark Carney met with" in out
    assert "(taking it as: what did he say about cartels? (he: Mark Carney))" in out
    assert "cartels from one country" in out
    assert out.rstrip().endswith("Bye.")
    assert [t.question for t in chat.conversation.turns] == ["Who met Sheinbaum?", "what did he say about cartels?"]


def test_a_question_typed_with_a_typo_says_how_it_was_read(article_index, drive):
    status, out, _ = drive(article_index, "what did sheinbuam confirm\r\x04")
    assert status == 0
    assert "(reading it as: what did sheinbaum confirm)" in out
    assert "President Sheinbaum confirmed" in out


def test_commands(article_index, drive):
    keys = (
        "/help\r/sources\r/show 1\rWho did Carney meet?\r/show 2\r/show 9\r/more\r/top 1\r"
        "How long is the plan?\r/clear\r/frobnicate\r/top x\r/quit\r"
    )
    status, out, chat = drive(article_index, keys)
    assert status == 0
    assert "/show N" in out and "/clear" in out  # help
    assert "carney-mexico-visit.md" in out and "19 sentences" in out  # sources
    assert "No answer to show yet" in out  # /show before any answer
    assert "» " in out  # /show 2 marks the cited sentence
    assert "/show takes a citation number from 1 to 3" in out
    assert "[4]" in out  # /more continues the numbering
    assert "Citing up to 1 source." in out
    assert "Conversation cleared." in out and chat.conversation.turns == []
    assert "Unknown command /frobnicate; /help lists the commands." in out
    assert "/top takes a whole number" in out
    assert "\x1b" not in out  # no colour unless asked for


def test_more_after_a_bare_follow_up_ranks_it_as_it_was_asked_in_the_conversation(article_index, drive):
    """/more after "why?" gives the further sentences of "why?" as the chat ranked it, not of
    "why?" asked alone (which has no words to look up)."""
    status, out, chat = drive(article_index, "what did carney say about cartels\rwhy?\r/more\r\x04")
    assert status == 0
    assert "Nothing more matches" not in out and "[4]" in out


def test_ctrl_c_clears_the_line_and_keeps_the_session(article_index, drive):
    status, out, chat = drive(article_index, "half a quest\x03Who did Carney meet?\r\x04")
    assert status == 0 and "Claudia Sheinbaum" in out
    assert [t.question for t in chat.conversation.turns] == ["Who did Carney meet?"]


def test_banner_examples_are_answerable(article_index):
    chat = repl.Chat(article_index)
    banner = chat.banner()
    assert "Try:" in banner and "19 sentences" in banner
    examples = [ln.strip().removeprefix("Try:").strip() for ln in banner.splitlines() if ln.strip().endswith("?")]
    assert len(examples) == 3
    from bot.answering import qa

    assert all(qa.answer(q, article_index).answered for q in examples)
    assert "19 sentences" in chat.toolbar() and "/help" in chat.toolbar()


def test_banner_from_other_knowledge(tmp_path):
    import bot

    (tmp_path / "garden.md").write_text(
        "# Garden log\n\nAlice Moreau planted the tomatoes in May. Moreau also sowed basil beside the tomatoes.\n\n"
        "The tomatoes needed water every day in July. The basil needed less water.\n"
    )
    banner = repl.Chat(bot.load(tmp_path)).banner()
    assert "Garden log" in banner and "Carney" not in banner
    assert "Alice Moreau" in banner or "tomatoes" in banner


def test_completion(article_index):
    from bot.chat.suggest import completion_words

    comp = ChatCompleter(completion_words(article_index))

    def complete(line):
        return [c.text for c in comp.get_completions(Document(line), None)]

    assert complete("/s") == ["/sources", "/show", "/summary"]
    assert "Sheinbaum" in complete("who is Shein")
    assert "fentanyl" in complete("what about fent")
    assert complete("") == []


def test_history_file_0600_and_reused(tmp_path, monkeypatch, article_index, drive):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    warnings = []
    history = repl.open_history(warnings.append)
    path = tmp_path / "state" / "bot" / "history"
    assert isinstance(history, FileHistory) and not warnings
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    drive(article_index, "Who did Carney meet?\r\x04", history)
    assert "Who did Carney meet?" in path.read_text()
    # a new session recalls it with Up
    status, out, chat = drive(article_index, "\x1b[A\r\x04", repl.open_history(warnings.append))
    assert [t.question for t in chat.conversation.turns] == ["Who did Carney meet?"]


@pytest.mark.parametrize("damage", [b"\x00\x01\x02\xff\xfe binary junk\n", b"not a history file\n+ok\n"])
def test_corrupt_history_is_set_aside(tmp_path, monkeypatch, article_index, damage, drive):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "state" / "bot" / "history"
    path.parent.mkdir(parents=True)
    path.write_bytes(damage)
    warnings = []
    history = repl.open_history(warnings.append)
    assert isinstance(history, FileHistory)
    assert len(warnings) == 1 and "set aside as" in warnings[0]
    assert (path.parent / "history.corrupt").read_bytes() == damage
    drive(article_index, "Who did Carney meet?\r\x04", history)
    assert list(FileHistory(str(path)).load_history_strings()) == ["Who did Carney meet?"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_history_written_by_us_is_not_corrupt(tmp_path, monkeypatch, article_index, drive):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    for _ in range(2):
        warnings = []
        drive(article_index, "Who did Carney meet?\r\x04", repl.open_history(warnings.append))
        assert warnings == []


def test_unwritable_history_warns_and_goes_on(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))  # a file where a folder should be
    warnings = []
    history = repl.open_history(warnings.append)
    assert not isinstance(history, FileHistory)
    assert len(warnings) == 1 and "history is not saved" in warnings[0]


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_KNOWLEDGE", "NO_COLOR")}
    # pexpect's pty does not answer cursor position requests as a terminal emulator would
    env.update(XDG_STATE_HOME=str(tmp_path / "state"), TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", **extra)
    return env


def test_real_terminal_session(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "bot"],
        env=_env(tmp_path, NO_COLOR="1"),
        cwd=tmp_path,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )
    child.expect("answers from Mark Carney visits Mexico")
    child.expect("Try:")
    child.expect("bot>")
    child.sendline("How many pillars does the plan have?")
    child.expect("Answer: four")
    answer_text = child.before + child.after
    child.expect("bot>")
    child.sendcontrol("d")
    child.expect("Bye.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not SGR.search(answer_text.split("How many pillars does the plan have?")[-1].replace("\x1b[0m", ""))
    assert stat.S_IMODE((tmp_path / "state" / "bot" / "history").stat().st_mode) == 0o600


def test_piped_chat_is_one_conversation(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--json"],
        input="Who met Sheinbaum?\n\nwhat did he say about cartels?\n",
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    objs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["turn"] for o in objs] == [1, 2]
    assert objs[1]["question"] == "what did he say about cartels?"
    # what Carney said or stated of them (tests/data/article_qa.json takes either)
    assert any(s in objs[1]["answer"] for s in ("Carney said", "Carney stated that Mexican cartels"))
    # how the chat read each turn: as typed (null), or with its pronoun explained
    assert objs[0]["taken_as"] is None
    assert objs[1]["taken_as"] == "what did he say about cartels? (he: Mark Carney)"
    assert not (tmp_path / "state").exists()  # the piped chat keeps no history
    text = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input="Who met Sheinbaum?\nwhat did he say about cartels?\n",
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
    )
    assert "Q: what did he say about cartels?" in text.stdout and "(taking it as:" in text.stdout
    assert "\x1b" not in text.stdout


def test_piped_chat_does_not_import_prompt_toolkit(python):
    code = (
        "import io, sys; sys.stdin = io.StringIO('who did carney meet\\n');"
        "import bot.cli as c; c.main(['chat', '--json']);"
        "print('prompt_toolkit' in sys.modules)"
    )
    r = python(code)
    assert r.stdout.strip().splitlines()[-1] == "False"


def test_summary_command(article_index):
    out = []
    chat = repl.Chat(article_index, write=out.append)
    chat.handle("/summary")
    assert out[-1].startswith("Mark Carney visits Mexico") and "[1] In the first bilateral visit" in out[-1]
    chat.handle("/show 2")
    assert "»" in out[-1] and "three-year collaboration plan" in out[-1]


def test_every_command_is_registered_once_and_listed_everywhere(article_index):
    from prompt_toolkit.document import Document

    from bot.chat import commands
    from bot.chat.completion import ChatCompleter

    chat = repl.Chat(article_index, write=lambda s: None)
    shown = [c.text for c in ChatCompleter([]).get_completions(Document("/"), None)]
    help_text = commands.help_text(3)
    for command in commands.COMMANDS:
        assert command.name in shown and command.name in help_text
        assert command.name == "/quit" or callable(getattr(chat, "do_" + command.name[1:]))
        for alias in command.aliases:
            assert commands.find(alias.upper()) is command
    assert commands.find("/nope") is None


def test_top_one_says_one_source(article_index):
    written = []
    chat = repl.Chat(article_index, write=written.append)
    chat.handle("/top 1")
    chat.handle("/top 4")
    assert written == ["Citing up to 1 source.", "Citing up to 4 sources."]


def test_the_chat_wraps_at_the_terminals_width_now_and_never_inside_a_word(article_index):
    written = []
    size = [100]
    chat = repl.Chat(article_index, write=written.append, width=lambda: size[0])
    chat.handle("What did the two countries agree to during the meeting?")
    size[0] = 40  # the window was made narrower
    chat.handle("What are the four pillars?")
    narrow = written[-1].splitlines()
    assert all(len(line) <= 40 for line in narrow), [line for line in narrow if len(line) > 40]
    words = set(" ".join(written).split())
    assert all(w in words for line in narrow for w in line.split() if "…" not in w)
    assert max(len(line) for line in written[0].splitlines()) > 40
