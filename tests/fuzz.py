"""Seeded fuzz run: generated knowledge folders and questions through every layer, no tracebacks.

    python tests/fuzz.py [--seed 0] [--folders 20] [--documents 10] [--questions 100]

Each folder holds generated documents (named in UTF-8 or not; article-like prose, Markdown, front matter good and
malformed, control and escape sequences, bidi marks, emoji, other scripts, huge lines, binary
and non-UTF-8 files). Each is read, indexed, saved to and loaded from the cache (the round trip
must be exact), then asked generated questions (well formed, typed fast, keyword lists, hostile
strings) through the answering core, the conversation, and both renderings; the text rendering
must hold no raw control characters. Two folders are also asked through the real `bot ask
--json` on stdin. Any exception is printed with its seed and counted; the exit status is 1 if
there was one. CI runs the default size (200 documents, 2,000 questions).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the checkout: its article, never its code

from bot import render
from bot.answering import qa
from bot.chat.conversation import Conversation, ask
from bot.documents.sources import KnowledgeError, find
from bot.index import cache, store

ARTICLE = (ROOT / "knowledge").glob("*.md")
WORDS = sorted({w.strip(".,;:\"'()") for f in ARTICLE for w in f.read_text(encoding="utf-8").split()} - {""})
HOSTILE = [
    "\x1b[31m",
    "\x1b[0m",
    "\x1b]0;title\x07",
    "\x1b]8;;http://x\x1b\\",
    "\x07",
    "\x00",
    "\x9b6n",
    "\r",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u2028",
    "🇲🇽",
    "🤝",
    "مرحبا",
    "你好",
    "Ω≈ç√",
    "%s",
    "{0}",
    "$(rm -rf /)",
    "'; DROP TABLE x; --",
    "../../etc/passwd",
    "\\",
    '"',
    "—",
    "–",
    "…",
    "\t",
    "   ",
    "\ud7ff",
    "\uffff",
]
WH = ["who", "what", "when", "where", "why", "how many", "how long", "which", "is", "did", "what year", ""]


def sentence(rnd: random.Random) -> str:
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(1, 30))]
    if rnd.random() < 0.3:
        words.insert(rnd.randrange(len(words) + 1), rnd.choice(HOSTILE))
    if rnd.random() < 0.2:
        words.insert(rnd.randrange(len(words) + 1), str(rnd.choice([2025, 1999, 3, 12.5, "May 3", "$4 million"])))
    s = " ".join(words)
    return s[:1].upper() + s[1:] + rnd.choice([".", ".", ".", "?", "!", "", ":", '."', "..."])


def document(rnd: random.Random) -> tuple[str, bytes]:
    """(file name, content) of one generated document."""
    kind = rnd.choices(
        ["prose", "markdown", "front", "bad-front", "noise", "long-line", "empty", "binary", "latin1", "utf16"],
        [30, 20, 10, 5, 10, 5, 5, 5, 5, 5],
    )[0]
    paras = [
        "\n".join(" ".join(sentence(rnd) for _ in range(rnd.randint(1, 6))) for _ in range(rnd.randint(1, 2)))
        for _ in range(rnd.randint(1, 8))
    ]
    body = "\n\n".join(paras)
    name = f"doc{rnd.randrange(10**6)}" + rnd.choice(
        ["", "", "", "", os.fsdecode(b" \xe9\xff"), " \x1b[2J", " …", " 🤝"]
    )
    if kind == "markdown":
        blocks = [
            rnd.choice(["# ", "## ", "- ", "* ", "1. ", "> ", "", "| a | b |\n|---|---|\n| ", "```\n"]) + p
            for p in paras
        ]
        return name + ".md", "\n\n".join(blocks).encode("utf-8")
    if kind == "front":
        return name + ".md", (
            f"---\ntitle: {sentence(rnd)}\nsource: {rnd.choice(WORDS)}\nurl: http://x/{rnd.random()}\n---\n{body}"
        ).encode()
    if kind == "bad-front":
        return name + ".md", (rnd.choice(["---\n", "---\ntitle\n", "---\n: :\n---", "---\ntitle: x\n"]) + body).encode()
    if kind == "noise":
        alphabet = "".join(rnd.choice(HOSTILE) for _ in range(20)) + "abc XYZ .,;\n"
        return name + ".txt", "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 3000))).encode(
            "utf-8", "surrogatepass"
        )
    if kind == "long-line":
        return name + ".txt", (" ".join(rnd.choice(WORDS) for _ in range(20000))).encode("utf-8")
    if kind == "empty":
        return name + ".txt", rnd.choice([b"", b"\n\n  \n", b"\xef\xbb\xbf"])
    if kind == "binary":
        return name + ".txt", bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 4000))) + b"\x00"
    if kind == "latin1":
        return name + ".txt", body.encode("latin-1", "replace")
    if kind == "utf16":
        return name + ".md", body.encode("utf-16")
    return name + ".txt", body.encode("utf-8", "surrogatepass")


def question(rnd: random.Random) -> str:
    kind = rnd.random()
    if kind < 0.5:
        q = f"{rnd.choice(WH)} {' '.join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 8)))}?"
    elif kind < 0.65:  # typed fast: lower case, a dropped or doubled letter, no punctuation
        q = " ".join(rnd.choice(WORDS).lower() for _ in range(rnd.randint(1, 6)))
        i = rnd.randrange(len(q))
        q = q[:i] + q[i + 1 :] if rnd.random() < 0.5 else q[:i] + q[i] * 2 + q[i:]
    elif kind < 0.8:
        q = " ".join(rnd.choice(HOSTILE + WORDS) for _ in range(rnd.randint(1, 10)))
    elif kind < 0.85:
        q = rnd.choice(["a" * 100_000, "carney " * 5000, "?" * 1000, "", " ", "\x00", "😀" * 500])
    elif kind < 0.92:  # follow-ups
        q = rnd.choice(["and him?", "why?", "when?", "tell me more", "what about Mexico?", "and the plan?", "more"])
    else:
        q = "".join(chr(rnd.randrange(1, 0x2FFFF)) for _ in range(rnd.randint(1, 60)))
    return "".join(c for c in q if not 0xD800 <= ord(c) <= 0xDFFF)  # a str from a file never holds lone surrogates


RAW = set("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0d\x0e\x0f\x1b\x7f\x9b\u202e\u202d\u2066\u2067")


def check_answer(ans, q: str) -> None:
    assert ans.answered in (True, False)
    if ans.answered:
        assert ans.citations and ans.answer
        for c in ans.citations:
            assert 0 <= c.start <= c.end
        if ans.short_span:
            assert ans.short_answer
    else:
        assert ans.message and ans.answer is None  # a refusal, or a hedge citing the closest
        for c in ans.citations:
            assert 0 <= c.start <= c.end
    assert 0.0 <= ans.confidence <= 1.0
    shown = render.format_answer(ans, render.Style(False), 80)
    assert not (set(shown) & RAW), repr(shown[:200])
    line = render.to_json(ans.to_dict())
    assert "\n" not in line and json.loads(line)["question"] == q


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--folders", type=int, default=20)
    ap.add_argument("--documents", type=int, default=10, help="documents per folder")
    ap.add_argument("--questions", type=int, default=100, help="questions per folder")
    ap.add_argument("--cli-folders", type=int, default=2, help="folders also asked through `bot ask --json`")
    args = ap.parse_args()
    t0 = time.perf_counter()
    failures = asked = docs = refused_kb = 0
    with tempfile.TemporaryDirectory(prefix="bot-fuzz-") as tmp:
        os.environ["BOT_CACHE_DIR"] = str(Path(tmp) / "cache")
        for f in range(args.folders):
            rnd = random.Random(f"{args.seed}:{f}")
            folder = Path(tmp) / f"kb{f}"
            folder.mkdir()
            for _ in range(args.documents):
                name, content = document(rnd)
                (folder / name).write_bytes(content)
                docs += 1
            questions = [question(rnd) for _ in range(args.questions)]
            where = f"seed {args.seed} folder {f}"
            try:
                try:
                    index = store.load_or_build(folder)
                except KnowledgeError:
                    refused_kb += 1  # nothing readable in it: a one-line error, which is right
                    continue
                again = store.read_index(cache.cache_dir() / f"index-{store.key(find(folder))}.idx")
                assert [s.text for s in again.corpus.sentences] == [s.text for s in index.corpus.sentences]
                for s in index.corpus.sentences:
                    assert index.corpus.documents[s.doc].text[s.start : s.end] == s.text
            except Exception:  # noqa: BLE001
                failures += 1
                print(f"FAIL building {where}:\n{traceback.format_exc()}", file=sys.stderr)
                continue
            conv = Conversation()
            for i, q in enumerate(questions):
                asked += 1
                try:
                    check_answer(qa.answer(q, index, top=rnd.choice([1, 3, 10])), q)
                    ans, _ = ask(q, index, conv)
                    check_answer(ans, q)
                except Exception:  # noqa: BLE001
                    failures += 1
                    print(f"FAIL {where} question {i} {q[:80]!r}:\n{traceback.format_exc()}", file=sys.stderr)
            if f < args.cli_folders:
                failures += _through_the_cli(folder, questions, where)
    took = time.perf_counter() - t0
    print(
        f"fuzz: seed {args.seed}, {docs} documents in {args.folders} folders ({refused_kb} with nothing "
        f"readable), {asked} questions, {failures} failures, {took:.1f} s"
    )
    return 1 if failures else 0


def _through_the_cli(folder: Path, questions: list[str], where: str) -> int:
    lines = [q for q in questions if "\n" not in q and "\r" not in q and q.strip()]
    r = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "--knowledge", str(folder)],
        input="\n".join(lines).encode("utf-8") + b"\n",
        capture_output=True,
        timeout=600,
        env=dict(os.environ),
    )
    out = r.stdout.decode("utf-8").splitlines()
    ok = r.returncode in (0, 1) and b"Traceback" not in r.stderr and len(out) == len(lines)
    ok = ok and all(isinstance(json.loads(x), dict) for x in out)
    if not ok:
        print(
            f"FAIL bot ask on {where}: exit {r.returncode}, {len(out)} lines for {len(lines)} questions\n"
            f"{r.stderr.decode('utf-8', 'replace')[-3000:]}",
            file=sys.stderr,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
