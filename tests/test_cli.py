"""The real command, run as a subprocess."""

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_ask_text(run):
    r = run("ask", "How many pillars does the plan have?")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "Answer: four"  # the short-answer model is sure of it
    assert 'the plan is based on "four pillars' in r.stdout
    assert "[1] " in r.stdout and "¶2 s2" in r.stdout
    assert "\x1b" not in r.stdout  # a pipe gets plain text
    assert r.stderr == ""


def test_the_help_examples_are_answered_by_the_sentences_they_ask_for(run, article_index):
    """Issue 19 item 6: `bot ask --help`'s own example cited Sheinbaum's quote first. Every
    quoted question of the help is answered, by a sentence the article's expectations accept."""
    expected = {q["q"]: q for q in json.loads((ROOT / "tests" / "data" / "article_qa.json").read_text())["answerable"]}
    helped = run("ask", "--help").stdout
    asked = re.findall(r'"([^"]+\?)"', helped)
    assert asked and all(q in expected and "known_miss" not in expected[q] for q in asked), asked
    for q in asked:
        r = run("ask", "--json", q)
        d = json.loads(r.stdout)
        assert r.returncode == 0 and d["answered"], q
        assert any(s in d["citations"][0]["text"] for s in expected[q]["sentence"]), (q, d["citations"][0]["text"])


def test_ask_words_without_quotes(run):
    r = run("ask", "who", "did", "carney", "meet")
    assert r.returncode == 0 and "Claudia Sheinbaum" in r.stdout


def test_ask_json_schema(run, answer_keys):
    r = run("ask", "--json", "How long does the action plan run?")
    assert r.returncode == 0
    d = json.loads(r.stdout)
    assert d["answered"] is True and d["short_answer"] == "three years" and 0 < d["short_confidence"] <= 1
    assert set(d) == answer_keys
    c = d["citations"][0]
    text = (ROOT / "knowledge" / "carney-mexico-visit.md").read_text(encoding="utf-8")
    assert text[c["start"] : c["end"]] == c["text"]
    assert c["rank"] == 1 and c["passage"] == 3 and c["sentence"] == 1


def test_ask_refusal_exit_1(run):
    r = run("ask", "--json", "What is the capital of France?")
    assert r.returncode == 1
    d = json.loads(r.stdout)
    assert d["answered"] is False and d["citations"] == [] and "never mentions" in d["message"]


def test_a_date_the_text_does_not_give_is_hedged_exit_1(run):
    """Issue 19, item 3: the article never dates the visit."""
    r = run("ask", "when was the visit")
    assert r.returncode == 1 and r.stderr == ""
    first = r.stdout.splitlines()[0]
    assert first.startswith("Not sure") and "date" in first and "[1]" in r.stdout


def test_stdin_batch_jsonl(run):
    r = run("ask", "--json", stdin="Who did Carney meet?\n\n   \nWhat is the capital of France?\nfentanyl\n")
    lines = r.stdout.splitlines()
    assert len(lines) == 3
    objs = [json.loads(x) for x in lines]
    assert [o["answered"] for o in objs] == [True, False, True]
    assert r.returncode == 1  # some not found


def test_stdin_dash_text(run):
    r = run("ask", "-", stdin="who did carney meet\n")
    assert r.returncode == 0 and "Q: who did carney meet" in r.stdout


def test_top_k(run):
    d = json.loads(run("ask", "--json", "-k", "1", "Mexico Canada").stdout)
    assert len(d["citations"]) == 1


def test_knowledge_folder(tmp_path, run):
    (tmp_path / "notes.md").write_text("# Garden\n\nThe tomatoes were planted on May 3. Basil grows beside them.\n")
    r = run("ask", "--knowledge", str(tmp_path), "--json", "When were the tomatoes planted?")
    d = json.loads(r.stdout)
    assert r.returncode == 0 and d["short_answer"] == "May 3" and d["citations"][0]["source"] == "notes.md"
    r = run("ask", "--json", "what grows beside the tomatoes", env={"BOT_KNOWLEDGE": str(tmp_path)})
    assert "Basil" in json.loads(r.stdout)["answer"]


def test_sources(run):
    r = run("sources")
    assert r.returncode == 0 and "carney-mexico-visit.md" in r.stdout and "19" in r.stdout
    d = json.loads(run("sources", "--json").stdout)
    assert d["documents"][0]["passages"] == 12 and d["documents"][0]["titled"] is True


def test_sources_and_summary_say_whether_a_title_is_the_documents_own(run, tmp_path):
    (tmp_path / "garden-notes.txt").write_text("The basil grows beside the tomatoes. The mint is kept in pots.\n")
    (tmp_path / "ferry.md").write_text("# The last harbour ferry\n\nThe ferry was retired in 1998.\n")
    env = {"BOT_KNOWLEDGE": str(tmp_path)}
    docs = {d["source"]: d for d in json.loads(run("sources", "--json", env=env).stdout)["documents"]}
    assert (docs["garden-notes.txt"]["titled"], docs["ferry.md"]["titled"]) == (False, True)
    assert docs["garden-notes.txt"]["title"]  # a label made from its name is still given
    summaries = [json.loads(line) for line in run("summary", "--json", env=env).stdout.splitlines()]
    assert {s["source"]: s["titled"] for s in summaries} == {"garden-notes.txt": False, "ferry.md": True}


@pytest.mark.parametrize(
    "args,needle",
    [
        (["ask", "--knowledge", "/no/such/place", "x"], "knowledge path not found"),
        (["ask", "-k", "0", "x"], "must be at least 1"),
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["eval", "/no/such.json"], "file not found"),
    ],
)
def test_errors_are_one_line_exit_2(args, needle, run):
    r = run(*args)
    assert r.returncode == 2
    assert needle in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize(
    "args,hint",
    [
        (["who is carney"], "to ask it: bot ask 'who is carney'"),
        (["who", "is", "carney?"], "to ask it: bot ask 'who is carney?'"),
        (["--color", "never", "whats", "the", "plan"], "to ask it: bot ask 'whats the plan'"),
        (["who's", "carney"], 'to ask it: bot ask "who\'s carney"'),
        (["what", "is", "$HOME"], "to ask it: bot ask 'what is $HOME'"),
        (["what's", "$HOME"], "to ask it: bot ask 'what'\"'\"'s $HOME'"),
    ],
)
def test_a_question_typed_without_ask_says_how_to_ask_it(args, hint, run):
    r = run(*args)
    assert r.returncode == 2 and r.stdout == ""
    assert hint in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("question", ["", "   ", "\t"])
def test_an_empty_question_is_bad_input(question, run):
    r = run("ask", "--json", question)
    assert r.returncode == 2 and r.stdout == ""
    assert "the question is empty" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_command_typo_before_words_that_command_takes_is_named_not_asked(run):
    r = run("aks", "who")  # `bot ask who` parses: a typo, where `bot what is it` is no `bot chat`
    assert r.returncode == 2 and "did you mean 'ask'?" in r.stderr and "to ask it" not in r.stderr


def test_empty_folder_exit_2(tmp_path, run):
    r = run("ask", "--knowledge", str(tmp_path), "x")
    assert r.returncode == 2 and "no .txt, .md, .html, .pdf or .docx files" in r.stderr


def test_version_and_help(run):
    assert run("--version").stdout.startswith("bot ")
    h = run("--help").stdout
    assert "examples:" in h and "bot ask" in h
    assert "exit status" in run("ask", "--help").stdout


def test_the_help_names_every_kind_of_file_a_folder_is_read_for(run):
    from bot.documents.sources import OFFICE_EXTENSIONS, PAGE_EXTENSIONS

    h = " ".join(run("--help").stdout.split())
    folder = h[h.index("a folder (") :]
    assert all(ext in folder[: folder.index(")")] for ext in (".txt", ".md", *PAGE_EXTENSIONS[:1], *OFFICE_EXTENSIONS))


def test_ask_path_does_not_import_prompt_toolkit(python):
    code = (
        "import sys, bot.cli as c; c.main(['ask', '--json', 'who did carney meet']);"
        "print('prompt_toolkit' in sys.modules, 'bot.evaluation.squad' in sys.modules)"
    )
    r = python(code)
    assert r.stdout.strip().splitlines()[-1] == "False False"


def test_eval_fixture(run):
    r = run("eval", str(ROOT / "tests" / "data" / "squad-mini.json"), "--offtopic", "2")
    assert r.returncode == 0 and "top-1" in r.stdout
    d = json.loads(run("eval", "--json", str(ROOT / "tests" / "data" / "squad-mini.json")).stdout)
    assert d["overall"]["answerable"] == 5


@pytest.mark.skipif(shutil.which("bot") is None, reason="console script not installed")
def test_installed_console_script_from_elsewhere(tmp_path):
    r = subprocess.run(
        ["bot", "ask", "--json", "Who did Carney meet?"], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert r.returncode == 0 and "Claudia Sheinbaum" in json.loads(r.stdout)["short_answer"]


def test_index_command_and_cache_reuse(tmp_path, run):
    env = {"BOT_CACHE_DIR": str(tmp_path / "cache")}
    r = run("index", env=env)
    assert r.returncode == 0 and "indexed 1 documents, 12 passages, 19 sentences" in r.stdout
    assert len(list((tmp_path / "cache").glob("index-*.idx"))) == 1
    r = run("ask", "--json", "Who did Carney meet?", env=env)
    assert "Claudia Sheinbaum" in json.loads(r.stdout)["short_answer"] and r.stderr == ""
    r = run("index", "--clear", env=env)
    assert r.returncode == 0 and "removed 1 cached file" in r.stdout
    assert not list((tmp_path / "cache").glob("index-*.idx"))


def test_unwritable_cache_warns_once_and_answers(tmp_path, run):
    (tmp_path / "file").write_text("")
    r = run("ask", "Who did Carney meet?", env={"BOT_CACHE_DIR": str(tmp_path / "file" / "cache")})
    assert r.returncode == 0 and "Claudia Sheinbaum" in r.stdout
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("bot: warning: index not cached")


def test_cached_answer_path_imports_no_builders(tmp_path, python):
    env = {"BOT_CACHE_DIR": str(tmp_path)}
    code = (
        "import sys, bot.cli as c; c.main(['ask', '--json', 'who did carney meet']);"
        "print(sorted(m for m in ('blingfire', 'bot.documents.office', 'rank_bm25', 'prompt_toolkit', 'trafilatura',"
        " 'lxml', 'urllib.request', 'numpy.ma') if m in sys.modules))"
    )  # numpy.ma: 12-19 ms of start-up, pulled in by np.unique
    first = python(code, env)
    assert {"blingfire"} <= set(ast.literal_eval(first.stdout.strip().splitlines()[-1]))  # built and cached
    again = python(code, env)
    assert again.stdout.strip().splitlines()[-1] == "[]"


def test_eval_reads_coqa_conversations(run):
    r = run("eval", "--json", "--errors", "3", str(ROOT / "tests" / "data" / "coqa-mini.json"))
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert set(d["sources"]) == {"news", "wiki"} and d["overall"]["turns"] == 8
    assert all({"turn", "question", "taken_as", "rationale", "cited"} <= set(e) for e in d["errors"])
    r = run("eval", str(ROOT / "tests" / "data" / "coqa-mini.json"))
    assert r.returncode == 0 and r.stdout.splitlines()[0].split()[:3] == ["stories", "turns", "top-1"]


def test_summary_and_sources_show_what_the_documents_are(tmp_path, run):
    (tmp_path / "quake.txt").write_text(
        "Strong earthquake shakes central Chile\n\nBy Ana Ruiz\n\nA magnitude 6.8 earthquake struck central Chile "
        "on Sunday, officials said.\n\nRescue teams reached the town of Talca within hours.\n\n"
        "© 2025 Daily Planet. All rights reserved.\n"
    )
    r = run("summary", "--knowledge", str(tmp_path))
    assert r.returncode == 0 and r.stdout.startswith("Strong earthquake shakes central Chile\n[1] A magnitude 6.8")
    d = json.loads(run("summary", "--json", "--knowledge", str(tmp_path)).stdout)
    assert (d["author"], d["publisher"], d["date"]) == ("Ana Ruiz", "Daily Planet", "2025")
    assert d["citations"][0]["text"].startswith("A magnitude 6.8")
    assert d["title"] == "Strong earthquake shakes central Chile" and d["summary"].startswith("A magnitude 6.8")
    r = run("sources", "--knowledge", str(tmp_path))
    assert "Ana Ruiz, Daily Planet, 2025" in r.stdout
    r = run("ask", "--json", "--knowledge", str(tmp_path), "who wrote this?")
    assert json.loads(r.stdout)["short_answer"] == "Ana Ruiz"


@pytest.mark.parametrize(
    "typed, hint", [("aks", "did you mean 'ask'?"), ("sumary", "did you mean 'summary'?"), ("zzz", "the commands are")]
)
def test_a_mistyped_command_says_what_was_meant(run, typed, hint):
    r = run(typed, "who met Sheinbaum?")
    assert r.returncode == 2 and hint in r.stderr and r.stderr.count("\n") == 1, r.stderr


NOTE = "The harbour ferry was retired in 1998. Its last captain was Ines Duarte.\n"


@pytest.mark.parametrize("args", [[], ["--knowledge", "-"]], ids=["piped", "--knowledge -"])
def test_piped_text_is_the_knowledge_when_the_question_is_an_argument(run, args):
    r = run("ask", *args, "who was the last captain?", stdin=NOTE)
    assert r.returncode == 0 and "Ines Duarte" in r.stdout, r.stderr
    r = run("summary", *args, stdin=NOTE)
    assert r.returncode == 0 and "retired in 1998" in r.stdout, r.stderr


def test_piped_text_is_called_by_how_it_begins_not_by_standard_input(run):
    r = run("summary", stdin=NOTE)
    assert r.returncode == 0 and r.stdout.startswith("[1] The harbour ferry"), r.stdout
    r = run("ask", "who won the football final?", stdin=NOTE)
    assert r.stdout.endswith('It is about the text that begins "The harbour ferry was retired in 1998".\n'), r.stdout
    r = run("ask", "what's the title?", stdin="\x1b[2J" + NOTE)
    assert "does not say the headline of standard input" in r.stdout and "\x1b" not in r.stdout, r.stdout
    r = run("ask", "who won the football final?", stdin="\x1b[2JThe harbour ferry was retired.\n")
    assert "\x1b" not in r.stdout and "harbour ferry" in r.stdout, r.stdout


def test_a_summary_of_several_heads_a_document_without_a_title_by_its_name(run, tmp_path):
    (tmp_path / "garden.txt").write_text("The tomatoes were planted on May 3. Basil grows beside them.\n")
    (tmp_path / "trip.md").write_text("# Trip to Lyon\n\nWe drove to Lyon in June. The trip took six hours.\n")
    r = run("summary", "--knowledge", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "garden.txt\n[1] The tomatoes were planted" in r.stdout and "Trip to Lyon\n[1] We drove" in r.stdout
    assert "Garden" not in r.stdout


def test_questions_on_stdin_still_ask_the_bundled_article(run):
    r = run("ask", stdin="who met Sheinbaum?\n")
    assert r.returncode == 0 and "Carney" in r.stdout


def test_knowledge_dash_with_nothing_piped_is_an_error(run):
    r = run("ask", "--knowledge", "-", "who?", stdin="")
    assert r.returncode == 2 and "standard input" in r.stderr and r.stderr.count("\n") == 1


def test_an_empty_pipe_with_a_question_asks_the_usual_knowledge(run):
    r = run("ask", "who met Sheinbaum?", stdin="")
    assert r.returncode == 0 and "Carney" in r.stdout, r.stderr


def test_a_pipe_left_open_with_nothing_in_it_is_not_waited_on(tmp_path):
    import os
    import subprocess
    import sys
    import time

    p = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "who met Sheinbaum?"],
        stdin=subprocess.PIPE,  # a script's pipe, never written to nor closed
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env={**os.environ, "BOT_CACHE_DIR": str(tmp_path)},
    )
    t = time.monotonic()
    out, err = p.stdout.read(), p.stderr.read()
    try:
        assert time.monotonic() - t < 20 and p.wait(timeout=5) == 0 and b"Carney" in out, err
        assert b"nothing came on standard input" in err
    finally:
        p.stdin.close()
        p.kill()


@pytest.mark.parametrize(
    "args, message",
    [
        (["index", "--knowledge", "-"], "does not read its knowledge from standard input"),
        (["ask", "--knowledge", "-"], "standard input holds the questions"),
    ],
)
def test_knowledge_dash_where_it_cannot_be_read_is_one_line(run, args, message):
    r = run(*args, stdin="Some text.\n")
    assert r.returncode == 2 and message in r.stderr and r.stderr.count("\n") == 1, r.stderr


def test_ask_says_how_it_read_a_question_typed_with_a_typo(run):
    r = run("ask", "what did sheinbuam confirm")
    assert r.returncode == 0
    assert r.stdout.splitlines()[0] == "(reading it as: what did sheinbaum confirm)"
    assert "President Sheinbaum confirmed" in r.stdout
    typed, right = (
        json.loads(run("ask", "--json", q).stdout) for q in ("what did sheinbuam confirm", "what did sheinbaum confirm")
    )
    assert typed["read_as"] == "what did sheinbaum confirm" and right["read_as"] is None
    assert typed["answer"] == right["answer"] and typed["citations"] == right["citations"]
    assert "reading it as" not in run("ask", "what did sheinbaum confirm").stdout


def test_ask_reads_a_name_typed_without_its_accents_from_a_pipe(run):
    text = "Ségolène Royal ran for president of France in 2007. São Paulo is the largest city of Brazil.\n"
    r = run("ask", "when did segolene royal run", stdin=text)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "(reading it as: when did ségolène royal run)"
    typed, right = (json.loads(run("ask", "--json", q, stdin=text).stdout) for q in ("sao paulo", "São Paulo"))
    assert typed["read_as"] == "são paulo" and right["read_as"] is None
    assert typed["answered"] and typed["citations"] == right["citations"]
