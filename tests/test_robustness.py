"""Bad input, hostile text and faults (issue #6), through the real command where it matters."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


GOOD = "The tomatoes were planted on May 3. Basil grows beside them."


def mixed_folder(path):
    """A folder a user did not write: one good file among every kind of bad one."""
    (path / "good.txt").write_text(GOOD)
    (path / "binary.txt").write_bytes(b"\x00\x01\x02\x7fELF binary\x00")
    (path / "latin1.txt").write_bytes("Café crème is served at noon.".encode("latin-1"))
    (path / "utf16.md").write_bytes("The greenhouse holds peppers.".encode("utf-16"))
    (path / "empty.txt").write_text("")
    (path / "blank.md").write_text("  \n\n \t\n")
    with open(path / "huge.txt", "wb") as f:  # sparse: 200 MB on paper, nothing on disk
        f.truncate(200 * 1024 * 1024)
    (path / "loop").symlink_to(".")
    (path / "a.txt").symlink_to(path / "b.txt")
    (path / "b.txt").symlink_to(path / "a.txt")
    (path / "dangling.txt").symlink_to(path / "nowhere.txt")
    os.mkfifo(path / "pipe.txt")  # reading it would block for ever
    (path / "folder.txt").mkdir()
    return path


def _kb(tmp_path):
    kb = tmp_path / "kb"
    kb.mkdir()
    return mixed_folder(kb)


def test_mixed_folder(tmp_path, run):
    kb = _kb(tmp_path)
    r = run(
        "ask", "--knowledge", str(kb), "When were the tomatoes planted?", env={"BOT_CACHE_DIR": str(tmp_path / "c")}
    )
    assert r.returncode == 0 and "May 3" in r.stdout
    warnings = r.stderr.splitlines()
    assert all(w.startswith("bot: warning: skipped ") for w in warnings), r.stderr
    for bad in (
        "binary.txt",
        "empty.txt",
        "blank.md",
        "huge.txt",
        "loop",
        "a.txt",
        "b.txt",
        "dangling.txt",
        "pipe.txt",
    ):
        assert sum(bad in w for w in warnings) == 1, (bad, r.stderr)
    assert "larger than" in next(w for w in warnings if "huge.txt" in w)
    # the text in other encodings is read, not skipped
    for q, a in (("What is served at noon?", "Café crème"), ("What does the greenhouse hold?", "peppers")):
        r = run("ask", "--knowledge", str(kb), q, env={"BOT_CACHE_DIR": str(tmp_path / "c")})
        assert a in r.stdout, (q, r.stdout)


def test_warnings_stay_off_stdout_under_json(tmp_path, run):
    kb = _kb(tmp_path)
    r = run(
        "ask",
        "--json",
        "--knowledge",
        str(kb),
        "When were the tomatoes planted?",
        env={"BOT_CACHE_DIR": str(tmp_path / "c")},
    )
    assert json.loads(r.stdout)["short_answer"] == "May 3"
    assert "skipped" in r.stderr


def test_the_same_warnings_when_the_index_comes_from_the_cache(tmp_path, run):
    kb = _kb(tmp_path)
    env = {"BOT_CACHE_DIR": str(tmp_path / "c")}
    first = run("ask", "--knowledge", str(kb), "tomatoes", env=env)
    again = run("ask", "--knowledge", str(kb), "tomatoes", env=env)
    assert again.stderr == first.stderr and first.stderr


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("pipe.txt", None, "not a regular file"),
        ("empty.txt", "", "no text"),
        ("binary.txt", b"\x00\x00\x00", "binary"),
    ],
)
def test_a_single_bad_file_is_a_one_line_error(tmp_path, name, content, message, run):
    p = tmp_path / name
    if content is None:
        os.mkfifo(p)
    elif isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content)
    r = run("ask", "--knowledge", str(p), "anything at all")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("bot: ") and message in r.stderr, r.stderr


def test_unreadable_file_is_skipped(tmp_path, monkeypatch):
    # chmod 000 does not stop root (CI may run as root), so the read itself is made to fail.
    from pathlib import Path

    from bot.documents import sources as knowledge

    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "secret.txt").write_text("Secret text.")
    real = knowledge.read_text

    def deny(path):
        if Path(path).name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(knowledge, "read_text", deny)
    c = knowledge.load_corpus(tmp_path)
    assert [d.source for d in c.documents] == ["good.txt"]
    assert c.warnings == [f"skipped {tmp_path / 'secret.txt'}: Permission denied"]


HOSTILE_QUESTIONS = [
    "a" * 100_000,  # one 100,000-character word
    "carney " * 15_000,  # 100,000 characters of words
    "who\x00 did carney meet\x00",
    "\x1b[31mwho did carney meet\x1b[0m\x07",
    "\x1b]0;pwned\x07who did carney meet",
    "🇲🇽🇨🇦 who did carney meet? 🤝",
    "\u202eteem yenrac did ohw",
    "من التقى كارني؟",
    "'; DROP TABLE answers; --",
    "%s%s%n {0} {__class__} ${HOME} $(rm -rf /)",
    "../../../../etc/passwd",
    "\t \u00a0 \u200b",
    "?",
]


def test_hostile_questions_get_an_answer_or_a_refusal(tmp_path):
    # One process, one JSON line per question, whatever the question holds.
    stdin = "\n".join(q.replace("\n", " ") for q in HOSTILE_QUESTIONS) + "\n"
    r = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json"],
        input=stdin.encode("utf-8", "surrogatepass"),
        capture_output=True,
        timeout=30,
        env={**os.environ, "BOT_CACHE_DIR": str(tmp_path)},
    )
    assert r.returncode in (0, 1) and b"Traceback" not in r.stderr, r.stderr[-2000:]
    lines = r.stdout.decode().splitlines()
    asked = [q for q in HOSTILE_QUESTIONS if q.strip(" \t\n\r\x0b\x0c")]
    assert len(lines) == len(asked)
    for line in lines:
        obj = json.loads(line)
        assert obj["answered"] in (True, False)


def test_control_sequences_pasted_into_a_question_are_ignored(article_index):
    from bot.answering import qa

    plain = qa.answer("who did carney meet", article_index)
    for q in (
        "\x1b[31mwho did carney meet\x1b[0m",
        "\x1b]0;title\x07who did carney meet",
        "who\x00 did carney\x07 meet",
    ):
        ans = qa.answer(q, article_index)
        assert ans.answered and ans.short_answer == plain.short_answer and "Claudia Sheinbaum" in plain.short_answer, q


def test_a_refusal_quotes_at_most_a_few_short_words(article_index):
    from bot.answering import qa

    ans = qa.answer("x" * 100_000 + " zzyzx " * 50, article_index)
    assert not ans.answered and len(ans.message) < 300


def test_questions_on_stdin_are_streamed(tmp_path):
    # Each answer comes out before the next question goes in: nothing waits for the end of
    # the input, so a million questions take no more memory than one.
    import selectors

    p = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "BOT_CACHE_DIR": str(tmp_path)},
    )
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ)
    try:
        for q in ["who did carney meet", "when did carney visit", "what about the weather on mars"] * 3:
            p.stdin.write(q.encode() + b"\n")
            p.stdin.flush()
            assert sel.select(timeout=30), "no answer before the next question"
            assert json.loads(p.stdout.readline())["question"] == q
    finally:
        p.stdin.close()
        p.wait(timeout=30)
    assert p.returncode == 1  # one question was refused


EVIL = (
    "---\ntitle: \x1b]0;owned\x07Evil \x1b[2J notes\nsource: \x1b[31mred\n---\n"
    "The \x1b[31mvault\x1b[0m code was changed on May 3.\x07 The guard \u202eyrrab\u202c keeps the "
    "\x1b]8;;http://evil.example\x1b\\key\x1b]8;;\x1b\\ in a box.\x9b6n\r\n"
)
RAW = ("\x1b", "\x07", "\u202e", "\x9b", "\r")


def _evil_kb(tmp_path):
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "evil.md").write_text(EVIL, encoding="utf-8")
    return kb


def test_escape_sequences_in_documents_never_reach_the_terminal(tmp_path, run):
    kb = _evil_kb(tmp_path)
    env = {"BOT_CACHE_DIR": str(tmp_path / "c")}
    for args in (
        ["ask", "When was the vault code changed?"],
        ["ask", "-k", "3", "Who keeps the key?"],
        ["ask", "--color", "always", "vault code"],
        ["sources"],
    ):
        r = run(*args, "--knowledge", str(kb), env=env)
        shown = re.sub(r"\x1b\[[0-9;]*m", "", r.stdout) if "always" in args else r.stdout  # our own colour
        assert r.returncode in (0, 1) and not any(c in shown for c in RAW), (args, r.stdout)
        assert "\\x1b" in r.stdout  # shown, visibly escaped
    r = run("chat", "--knowledge", str(kb), stdin="When was the vault code changed?\n", env=env)
    assert "May 3" in r.stdout and not any(c in r.stdout for c in RAW)


def test_json_keeps_the_exact_text_of_hostile_documents(tmp_path, run):
    kb = _evil_kb(tmp_path)
    r = run(
        "ask",
        "--json",
        "--knowledge",
        str(kb),
        "When was the vault code changed?",
        env={"BOT_CACHE_DIR": str(tmp_path / "c")},
    )
    assert not any(c in r.stdout for c in RAW)  # escaped by the JSON encoder...
    d = json.loads(r.stdout)
    assert d["citations"][0]["text"] in EVIL  # ...and exact once decoded
    assert "\x1b[31mvault\x1b[0m" in d["answer"]


def test_chat_show_neutralises_hostile_passages(tmp_path, drive):

    from bot.documents import sources as knowledge
    from bot.index.bm25 import Index

    index = Index.build(knowledge.load_corpus(_evil_kb(tmp_path)))
    status, out, _ = drive(index, "When was the vault code changed?\r/show 1\r/sources\r\x04")
    assert status == 0 and "May 3" in out and "\\x1b" in out
    assert not any(c in out for c in RAW), out


def _popen(args, tmp_path, **kw):
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "BOT_CACHE_DIR": str(tmp_path / "cache"), **kw.pop("env", {})},
        **kw,
    )


def test_output_into_a_closed_pipe_exits_quietly(tmp_path):
    # `bot ask ... | head -c1`, for one answer and for a long batch
    for args, stdin in ((["ask", "Who did Carney meet?"], None), (["ask", "--json"], b"who did carney meet\n" * 3000)):
        p = _popen(args, tmp_path, stdin=subprocess.PIPE)
        if stdin:
            p.stdin.write(stdin)
        p.stdin.close()
        p.stdout.read(1)
        p.stdout.close()
        err = p.stderr.read()
        assert p.wait(timeout=60) == 0 and err == b"", err


def _big_folder(path, files=300):
    import random

    rnd = random.Random(7)
    words = "alpha beta gamma delta tomato basil pepper garden river bridge tower engine valve".split()
    path.mkdir()
    for i in range(files):
        (path / f"n{i:04}.txt").write_text(
            "\n\n".join(" ".join(rnd.choice(words) for _ in range(12)).capitalize() + "." for _ in range(40))
        )
    return path


def _interrupt_when(p, ready):
    import signal
    import time

    deadline = time.monotonic() + 60
    while not ready() and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.02)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    return out, err


def test_ctrl_c_during_an_index_build_exits_130_and_leaves_no_cache(tmp_path):
    kb = _big_folder(tmp_path / "kb", files=1500)  # 60,000 sentences: several seconds to build
    p = _popen(["index", "--knowledge", str(kb)], tmp_path)
    import time

    time.sleep(1.0)  # well into reading the files
    out, err = _interrupt_when(p, lambda: True)
    assert p.returncode == 130 and err == b"bot: interrupted\n", err
    cache = tmp_path / "cache"
    assert not cache.exists() or list(cache.iterdir()) == []


def test_ctrl_c_during_a_batch_exits_130(tmp_path):
    p = _popen(["ask", "--json"], tmp_path, stdin=subprocess.PIPE)
    p.stdin.write(b"who did carney meet\n" * 200)
    p.stdin.flush()  # stdin stays open: the batch is still running when Ctrl-C comes
    p.stdout.readline()
    out, err = _interrupt_when(p, lambda: True)
    assert p.returncode == 130 and err == b"bot: interrupted\n", err
    lines = out.decode().splitlines()
    assert all(json.loads(line) for line in lines), lines[-2:]  # no half-written line


@pytest.mark.parametrize(
    "env,colour", [({"TERM": "dumb"}, False), ({"NO_COLOR": "1", "TERM": "xterm"}, False), ({"TERM": "xterm"}, True)]
)
def test_colour_only_on_a_capable_terminal(tmp_path, env, colour):
    pexpect = pytest.importorskip("pexpect")
    e = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    e.update(BOT_CACHE_DIR=str(tmp_path), **env)
    out = pexpect.run(f"{sys.executable} -m bot ask 'Who did Carney meet?'", env=e, timeout=60).decode()
    assert "Claudia Sheinbaum" in out and ("\x1b[" in out) == colour, repr(out[:200])


def test_nothing_is_written_outside_the_xdg_folders(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    home, work, tmp = tmp_path / "home", tmp_path / "work", tmp_path / "tmp"
    for d in (home, work, tmp):
        d.mkdir()
    (work / "notes.md").write_text(GOOD)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("BOT_CACHE_DIR", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME")
    }
    env.update(
        HOME=str(home),
        TMPDIR=str(tmp),
        PYTHONDONTWRITEBYTECODE="1",
        TERM="xterm",
        PROMPT_TOOLKIT_NO_CPR="1",
    )
    for args in (
        ["ask", "Who did Carney meet?"],
        ["ask", "--knowledge", "notes.md", "tomatoes"],
        ["index"],
        ["sources"],
        ["eval", str(ROOT / "tests" / "data" / "squad-mini.json")],
    ):
        subprocess.run([sys.executable, "-m", "bot", *args], env=env, cwd=work, capture_output=True, timeout=120)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "bot", "chat"],
        env=env,
        cwd=str(work),
        timeout=60,
        encoding="utf-8",
        dimensions=(40, 120),
    )
    child.expect("bot>")
    child.sendline("Who did Carney meet?")
    child.expect("Sheinbaum")
    child.expect("bot>")
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    allowed = ("home/.cache/bot/", "home/.local/state/bot/")
    assert [p for p in written if not p.startswith(allowed) and p != "work/notes.md"] == []
    assert any(p.startswith("home/.cache/bot/index-") for p in written)
    assert "home/.local/state/bot/history" in written


def test_a_broken_installation_is_one_line_not_a_traceback(python):
    code = (
        "import sys; sys.modules['Stemmer'] = None\n"  # as if PyStemmer were missing
        "from bot.cli import main; sys.exit(main(['ask', 'who did carney meet']))"
    )
    r = python(code)
    assert r.returncode == 70 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("bot: ") and "Stemmer" in r.stderr and "reinstall" in r.stderr, r.stderr


def test_a_full_disk_under_the_cache_costs_one_warning(tmp_path, monkeypatch):
    import errno

    from bot.answering import qa
    from bot.index import container, store

    (tmp_path / "notes.txt").write_text(GOOD)
    monkeypatch.setenv("BOT_CACHE_DIR", str(tmp_path / "cache"))

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(container, "write", full)
    warnings = []
    index = store.load_or_build(tmp_path / "notes.txt", warnings.append)
    assert qa.answer("When were the tomatoes planted?", index).short_answer == "May 3"
    assert len(warnings) == 1 and "No space left on device" in warnings[0]
    assert list((tmp_path / "cache").iterdir()) == []  # no partial file left behind


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_under_the_history_costs_one_warning(tmp_path, monkeypatch, article_index, drive):
    # /dev/full: every write fails with ENOSPC, and reading it never ends
    from prompt_toolkit.history import FileHistory

    from bot.chat import repl

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    (tmp_path / "state" / "bot").mkdir(parents=True)
    (tmp_path / "state" / "bot" / "history").symlink_to("/dev/full")
    warnings = []
    history = repl.open_history(warnings.append)
    assert not isinstance(history, FileHistory)
    assert len(warnings) == 1 and "history is not saved" in warnings[0]
    status, out, _ = drive(article_index, "Who did Carney meet?\r\x04", history)
    assert status == 0 and "Claudia Sheinbaum" in out


def test_history_that_stops_being_writable_mid_chat(tmp_path, monkeypatch, article_index, drive):
    import errno

    from prompt_toolkit.history import FileHistory

    from bot.chat import repl

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    warnings = []
    history = repl.open_history(warnings.append)

    def full(self, string):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileHistory, "store_string", full)
    status, out, _ = drive(article_index, "Who did Carney meet?\rWhen did he visit?\r\x04", history)
    assert status == 0 and "Claudia Sheinbaum" in out
    assert len(warnings) == 1 and "No space left on device" in warnings[0]


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ANY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=600)
_WORDY = st.lists(
    st.sampled_from(
        [
            "Carney",
            "met",
            "Sheinbaum",
            "in",
            "Mexico",
            "on",
            "May 3",
            "2025",
            ".",
            "?",
            "\n\n",
            "# ",
            "---\n",
            "\x1b[31m",
            "\u202e",
            "“",
            "”",
            "—",
            "the",
            "plan",
        ]
    ),
    max_size=60,
).map(" ".join)


@given(st.one_of(_ANY, _WORDY), st.booleans(), st.one_of(_ANY, _WORDY))
def test_any_document_and_any_question(doc, markdown, q):
    from bot import render
    from bot.documents.corpus import Corpus
    from bot.index.bm25 import Index

    c = Corpus.from_texts(("d.md" if markdown else "d.txt", doc))
    if not c.sentences:
        return
    from bot.answering import qa

    ans = qa.answer(q, Index.build(c))
    assert ans.answered in (True, False) and 0 <= ans.confidence <= 1
    assert json.loads(render.to_json(ans.to_dict()))["question"] == q
    shown = render.format_answer(ans, render.Style(False), 80)
    assert not any(ch in shown for ch in RAW)


def test_file_names_that_are_not_utf8_or_hold_escapes(tmp_path, run):
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / os.fsdecode(b"caf\xe9 notes.txt")).write_text(GOOD)
    (kb / "evil\x1b[31m.txt").write_text("The basil was planted on June 9.")
    env = {"BOT_CACHE_DIR": str(tmp_path / "c")}
    r = run("ask", "--knowledge", str(kb), "When were the tomatoes planted?", env=env)
    assert r.returncode == 0 and "May 3" in r.stdout and "caf\ufffd notes.txt" in r.stdout, r.stderr
    r = run("ask", "--json", "--knowledge", str(kb), "When was the basil planted?", env=env)
    assert r.returncode == 0 and json.loads(r.stdout)["citations"][0]["source"] == "evil\x1b[31m.txt"
    r = run("sources", "--knowledge", str(kb), env=env)
    assert r.returncode == 0 and "evil\\x1b[31m.txt" in r.stdout and "\x1b" not in r.stdout
    # the knowledge folder's own name, too
    odd = tmp_path / os.fsdecode(b"notes \xff")
    kb.rename(odd)
    r = run("ask", "--knowledge", str(odd), "When were the tomatoes planted?", env=env)
    assert r.returncode == 0 and "May 3" in r.stdout, r.stderr
    r = run("ask", "--knowledge", str(odd / "missing"), "When?", env=env)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "notes \ufffd" in r.stderr


ESCAPES = "\x1b]0;PWNED\x07\x1b[2J"


@pytest.mark.parametrize(
    "answer",
    [
        lambda h: (h.send_response(404, "Not " + ESCAPES), h.send_header("Content-Length", "0"), h.end_headers()),
        lambda h: (h.send_response(200), h.send_header("Content-Type", "text/x" + ESCAPES), h.end_headers()),
        lambda h: (
            h.send_response(200),
            h.send_header("Content-Type", "text/html"),
            h.send_header("Content-Encoding", "br" + ESCAPES),
            h.send_header("Content-Length", "4"),
            h.end_headers(),
            h.wfile.write(b"abcd"),
        ),
    ],
    ids=["reason", "content-type", "content-encoding"],
)
def test_what_a_server_says_reaches_stderr_made_visible(run, site, tmp_path, answer):
    site.routes["/evil"] = answer
    r = run("ask", "--knowledge", site.url("/evil"), "what?", env={"BOT_CACHE_DIR": str(tmp_path)})
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr and "\\x1b" in r.stderr


def test_file_names_and_paths_reach_stderr_made_visible(tmp_path, run):
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "notes.txt").write_text(GOOD)
    (kb / ("evil" + ESCAPES + ".txt")).write_bytes(b"\x00\x01\x02 binary")
    env = {"BOT_CACHE_DIR": str(tmp_path / "c")}
    r = run("ask", "--knowledge", str(kb), "When were the tomatoes planted?", env=env)
    assert "skipped" in r.stderr and "\x1b" not in r.stderr and "\x07" not in r.stderr, r.stderr
    r = run("ask", "--knowledge", str(tmp_path / ("missing" + ESCAPES)), "When?", env=env)
    assert r.returncode == 2 and "\x1b" not in r.stderr and "\\x1b" in r.stderr


def test_json_output_is_always_valid_utf8(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", b"who met caf\xe9?"],
        capture_output=True,
        env={**os.environ, "BOT_CACHE_DIR": str(tmp_path)},
        cwd=tmp_path,
        timeout=60,
    )
    assert r.returncode in (0, 1), r.stderr
    obj = json.loads(r.stdout.decode("utf-8"))
    assert obj["question"].startswith("who met caf")


@pytest.mark.parametrize(
    "args, redirect, message",
    [
        (["ask"], {"stdin": subprocess.DEVNULL, "close": 0}, "standard input is closed"),
        (["chat"], {"close": 0}, "standard input is closed"),
        (["ask", "who met Sheinbaum?"], {"close": 1}, "standard output is closed"),
    ],
    ids=["ask <&-", "chat <&-", "ask q >&-"],
)
def test_a_closed_standard_stream_is_a_one_line_error(tmp_path, args, redirect, message):
    fd = redirect["close"]
    code = f"import os, sys; os.close({fd}); os.execv(sys.executable, [sys.executable, '-m', 'bot', *sys.argv[1:]])"
    r = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=fd != 1,
        stderr=subprocess.PIPE if fd == 1 else None,
        text=True,
        env={**os.environ, "BOT_CACHE_DIR": str(tmp_path)},
        cwd=tmp_path,
        timeout=60,
    )
    assert r.returncode == 2 and message in r.stderr and r.stderr.count("\n") == 1, r.stderr


def _eval(tmp_path, path):
    return subprocess.run(
        [sys.executable, "-m", "bot", "eval", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "BOT_CACHE_DIR": str(tmp_path)},
        cwd=tmp_path,
        timeout=30,
    )


def test_eval_on_malformed_files_is_a_one_line_error(tmp_path):
    bad = tmp_path / "qas.json"
    bad.write_text('{"data": [{"title": "x", "paragraphs": [{"context": "abc", "qas": "str"}]}]}')
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    for path in (bad, deep, fifo):
        r = _eval(tmp_path, path)
        assert r.returncode == 2 and r.stderr.startswith("bot: ") and r.stderr.count("\n") == 1, (path, r.stderr)


def test_a_folder_nested_deeper_than_python_recurses_is_read_or_refused_in_one_line(tmp_path, run):
    deep = tmp_path / "kb"
    path = deep
    deep.mkdir()
    for _ in range(1100):
        path = path / "d"
        path.mkdir()  # one at a time: os.makedirs itself recurses
    (path / "a.txt").write_text(GOOD)
    env = {"BOT_CACHE_DIR": str(tmp_path / "c")}
    try:
        r = run("ask", "--knowledge", str(deep), "When were the tomatoes planted?", env=env)
    finally:  # from the bottom up: shutil.rmtree (pytest's clean-up) recurses too
        (path / "a.txt").unlink()
        while path != tmp_path:
            path.rmdir()
            path = path.parent
    assert r.returncode in (0, 2) and "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr


def test_no_home_and_no_passwd_entry_is_a_one_line_error(monkeypatch, capsys):
    import pwd

    from bot.cli import main

    for name in ("HOME", "BOT_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)

    def nobody(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", nobody)
    assert main(["ask", "who met Sheinbaum?"]) == 2
    err = capsys.readouterr().err
    assert "no home folder" in err and err.count("\n") == 1, err
