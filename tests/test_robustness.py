"""Bad input, hostile text and faults (issue #6), through the real command where it matters."""
import json
import os
import subprocess
import sys

import pytest

from test_cli import ROOT, run

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


def test_mixed_folder(tmp_path):
    kb = _kb(tmp_path)
    r = run("ask", "--knowledge", str(kb), "When were the tomatoes planted?", env={"BOT_CACHE_DIR": str(tmp_path / "c")})
    assert r.returncode == 0 and "May 3" in r.stdout
    warnings = r.stderr.splitlines()
    assert all(w.startswith("bot: warning: skipped ") for w in warnings), r.stderr
    for bad in ("binary.txt", "empty.txt", "blank.md", "huge.txt", "loop", "a.txt", "b.txt", "dangling.txt",
                "pipe.txt"):
        assert sum(bad in w for w in warnings) == 1, (bad, r.stderr)
    assert "larger than" in next(w for w in warnings if "huge.txt" in w)
    # the text in other encodings is read, not skipped
    for q, a in (("What is served at noon?", "Café crème"), ("What does the greenhouse hold?", "peppers")):
        r = run("ask", "--knowledge", str(kb), q, env={"BOT_CACHE_DIR": str(tmp_path / "c")})
        assert a in r.stdout, (q, r.stdout)


def test_warnings_stay_off_stdout_under_json(tmp_path):
    kb = _kb(tmp_path)
    r = run("ask", "--json", "--knowledge", str(kb), "When were the tomatoes planted?",
            env={"BOT_CACHE_DIR": str(tmp_path / "c")})
    assert json.loads(r.stdout)["short_answer"] == "May 3"
    assert "skipped" in r.stderr


def test_the_same_warnings_when_the_index_comes_from_the_cache(tmp_path):
    kb = _kb(tmp_path)
    env = {"BOT_CACHE_DIR": str(tmp_path / "c")}
    first = run("ask", "--knowledge", str(kb), "tomatoes", env=env)
    again = run("ask", "--knowledge", str(kb), "tomatoes", env=env)
    assert again.stderr == first.stderr and first.stderr


@pytest.mark.parametrize("name,content,message", [
    ("pipe.txt", None, "not a regular file"),
    ("empty.txt", "", "no text"),
    ("binary.txt", b"\x00\x00\x00", "binary"),
])
def test_a_single_bad_file_is_a_one_line_error(tmp_path, name, content, message):
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

    from bot import knowledge

    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "secret.txt").write_text("Secret text.")
    real = knowledge.read_text

    def deny(path):
        if Path(path).name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(knowledge, "read_text", deny)
    c = knowledge.load(tmp_path)
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
    r = subprocess.run([sys.executable, "-m", "bot", "ask", "--json"], input=stdin.encode("utf-8", "surrogatepass"),
                       capture_output=True, timeout=30,
                       env={**os.environ, "PYTHONPATH": str(ROOT), "BOT_CACHE_DIR": str(tmp_path)})
    assert r.returncode in (0, 1) and b"Traceback" not in r.stderr, r.stderr[-2000:]
    lines = r.stdout.decode().splitlines()
    asked = [q for q in HOSTILE_QUESTIONS if q.strip(" \t\n\r\x0b\x0c")]
    assert len(lines) == len(asked)
    for line in lines:
        obj = json.loads(line)
        assert obj["answered"] in (True, False)


def test_control_sequences_pasted_into_a_question_are_ignored(article_index):
    from bot import qa

    plain = qa.answer("who did carney meet", article_index)
    for q in ("\x1b[31mwho did carney meet\x1b[0m", "\x1b]0;title\x07who did carney meet", "who\x00 did carney\x07 meet"):
        ans = qa.answer(q, article_index)
        assert ans.answered and ans.short_answer == plain.short_answer == "Claudia Sheinbaum", q


def test_a_refusal_quotes_at_most_a_few_short_words(article_index):
    from bot import qa

    ans = qa.answer("x" * 100_000 + " zzyzx " * 50, article_index)
    assert not ans.answered and len(ans.message) < 300
