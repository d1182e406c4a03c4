"""Speed and scale against bm25s: knowledge of 10k, 100k and 1M sentences, in one run.

    pip install ".[bench]"
    python benchmarks/scale.py ../shared/data            # 10k, 100k, 1M sentences
    python benchmarks/scale.py ../shared/data --sizes 10000 100000

The knowledge is news and Wikipedia text (NewsQA's articles and SQuAD train's paragraphs,
shuffled) in files of 40 paragraphs. For each size, in fresh processes (wall time; peak RSS):

- cold build: `bot index --knowledge DIR` against bm25s reading the same files, splitting them
  into sentences with a regex, tokenizing with PyStemmer (`bm25s.tokenize`), indexing and saving;
- warm start and one question: `bot ask` with the index cached, against bm25s loading its saved
  index and answering one question;
- per question: 200 SQuAD questions answered in one process with the index loaded (the mean),
  against bm25s retrieving the 10 best sentences for each in one process (tokenizing included);
- one file edited: `bot ask` right after one file of the folder changed;
- `bot ask` on the bundled article against `python -c "import numpy"` (median of interleaved runs).

Writes benchmarks/results/scale.md (the table, with ratios) and scale.png (time and memory
against size).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "results"
N_QUESTIONS = 200
PARAGRAPHS_PER_FILE = 40

# The peer, run as its own process: `python scale.py --peer build DIR INDEX` and so on.
PEER_SPLIT = r"(?<=[.!?])\s+"


def peer(argv: list[str]) -> None:
    import re

    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    what, folder, saved = argv[0], Path(argv[1]), Path(argv[2])
    if what == "build":
        sentences: list[str] = []
        for f in sorted(folder.rglob("*.txt")):
            sentences += [s for p in f.read_text(encoding="utf-8").split("\n\n") for s in re.split(PEER_SPLIT, p) if s]
        tokens = bm25s.tokenize(sentences, stopwords="en", stemmer=stemmer, show_progress=False)
        retriever = bm25s.BM25(k1=1.2, b=0.4)
        retriever.index(tokens, show_progress=False)
        retriever.save(saved, show_progress=False)
        return
    retriever = bm25s.BM25.load(saved, show_progress=False)
    questions = [sys.stdin.readline().strip()] if what == "one" else sys.stdin.read().splitlines()
    t0 = time.perf_counter()
    for q in questions:
        qt = bm25s.tokenize([q], stopwords="en", stemmer=stemmer, show_progress=False)
        retriever.retrieve(qt, k=10, show_progress=False)
    if what == "many":
        print((time.perf_counter() - t0) / len(questions) * 1e3)


def bot_many(folder: Path) -> None:
    """Per question in one process, the index loaded (as the peer's figure is taken)."""
    sys.path.insert(0, str(ROOT))
    from bot.answering import qa
    from bot.index import store

    index = store.load_or_build(folder)
    questions = sys.stdin.read().splitlines()
    t0 = time.perf_counter()
    for q in questions:
        qa.answer(q, index)
    print((time.perf_counter() - t0) / len(questions) * 1e3)


def timed(cmd: list[str], env: dict, stdin: str | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of a command in a fresh process."""
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], input=stdin, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if r.returncode not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stderr}")
    return wall, int(r.stderr.strip().splitlines()[-1]) / 1024, r.stdout


def paragraphs_and_questions(data: Path) -> tuple[list[str], list[str]]:
    paragraphs, questions = [], []
    for name in ("newsqa-dev-half.json", "squad-train.json"):
        for art in json.loads((data / name).read_text(encoding="utf-8"))["data"]:
            for p in art["paragraphs"]:
                paragraphs += [x.strip() for x in p["context"].split("\n") if len(x.split()) >= 8]
    squad = json.loads((data / "squad-dev-8.json").read_text(encoding="utf-8"))
    for art in squad["data"]:
        for p in art["paragraphs"]:
            questions += [q["question"] for q in p["qas"] if not q.get("is_impossible")]
    return paragraphs, questions


def make_knowledge(folder: Path, pool: list[str], sentences: int, seed: int) -> int:
    """Files of PARAGRAPHS_PER_FILE paragraphs drawn from the pool until the folder holds about
    `sentences` sentences (counted as the bot splits them); returns how many files."""
    sys.path.insert(0, str(ROOT))
    from bot.language.analysis import split_sentences

    rng = random.Random(seed)
    order = list(range(len(pool)))
    rng.shuffle(order)
    counts: dict[int, int] = {}
    total, n, k = 0, 0, 0
    while total < sentences:
        paras = []
        for _ in range(PARAGRAPHS_PER_FILE):
            i = order[k % len(order)]
            k += 1
            if i not in counts:
                counts[i] = len(split_sentences(pool[i]))
            total += counts[i]
            paras.append(pool[i])
            if total >= sentences:
                break
        f = folder / f"d{n // 500:04d}" / f"article-{n:06d}.txt"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("\n\n".join(paras) + "\n", encoding="utf-8")
        n += 1
    return n


def median_of(runs: int, cmd: list[str], env: dict, stdin: str | None = None) -> float:
    return statistics.median(timed(cmd, env, stdin)[0] for _ in range(runs))


def measure_size(size: int, pool: list[str], questions: list[str], work: Path, env: dict, seed: int) -> dict:
    folder = work / f"kb-{size}"
    files = make_knowledge(folder, pool, size, seed)
    bot = [sys.executable, "-m", "bot"]
    me = [sys.executable, __file__, "--peer"]
    saved = work / f"bm25s-{size}"
    row: dict = {"sentences": size, "files": files}
    row["build_s"], row["build_rss"], out = timed(bot + ["index", "--knowledge", str(folder)], env)
    row["indexed"] = out.strip()
    row["peer_build_s"], row["peer_build_rss"], _ = timed(me + ["build", str(folder), str(saved)], env)
    one = questions[0] + "\n"
    row["warm_s"] = median_of(3, bot + ["ask", "--knowledge", str(folder), questions[0]], env)
    row["peer_warm_s"] = median_of(3, me + ["one", str(folder), str(saved)], env, one)
    batch = "\n".join(questions) + "\n"
    _, row["batch_rss"], out = timed([sys.executable, __file__, "--bot-many", str(folder)], env, batch)
    row["per_q_ms"] = float(out.strip().splitlines()[-1])
    _, row["peer_rss"], out = timed(me + ["many", str(folder), str(saved)], env, batch)
    row["peer_per_q_ms"] = float(out.strip().splitlines()[-1])
    edited = sorted(folder.rglob("*.txt"))[len(list(folder.rglob("*.txt"))) // 2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe archive gained one more paragraph today.\n")
    row["edit_s"], _, _ = timed(bot + ["ask", "--knowledge", str(folder), questions[1]], env)
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(saved, ignore_errors=True)
    return row


def single_question_floor(env: dict, runs: int = 9) -> tuple[float, float]:
    bot_t, np_t = [], []
    for _ in range(runs):
        np_t.append(timed([sys.executable, "-c", "import numpy"], env)[0])
        bot_t.append(timed([sys.executable, "-m", "bot", "ask", "Who did Carney meet?"], env)[0])
    return statistics.median(bot_t), statistics.median(np_t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path, help="the shared data folder (../shared/data)")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bot-bench-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOT_CACHE_DIR": str(work / "cache"), "BOT_CACHE_MAX_MB": "100000"}
    env.pop("BOT_KNOWLEDGE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users run from compiled bytecode
    try:
        pool, questions = paragraphs_and_questions(args.data)
        questions = random.Random(args.seed).sample(questions, min(N_QUESTIONS, len(questions)))
        subprocess.run([sys.executable, "-m", "bot", "index"], env=env, capture_output=True, check=True)
        ask, numpy = single_question_floor(env)
        print(f"bot ask {ask * 1e3:.0f} ms, import numpy {numpy * 1e3:.0f} ms: {ask / numpy:.2f}x", flush=True)
        rows = []
        for size in args.sizes:
            rows.append(measure_size(size, pool, questions, work, env, args.seed))
            print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in rows[-1].items()}), flush=True)
        write_report(rows, ask, numpy)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_report(rows: list[dict], ask: float, numpy: float) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    lines = [
        f'`bot ask` on the bundled article, index cached: {ask * 1e3:.0f} ms; `python -c "import numpy"`: '
        f"{numpy * 1e3:.0f} ms: **{ask / numpy:.2f}x** (median of 9 interleaved runs).",
        "",
        "| sentences | files | | cold build | peak RSS, build | warm start + 1 question | per question | "
        "peak RSS, 200 questions | one file edited, answered |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines += [
            f"| {r['sentences']:,} | {r['files']:,} | bot | {r['build_s']:.1f} s | {r['build_rss']:.0f} MB "
            f"| {r['warm_s']:.2f} s | {r['per_q_ms']:.1f} ms | {r['batch_rss']:.0f} MB | {r['edit_s']:.2f} s |",
            f"| | | bm25s | {r['peer_build_s']:.1f} s | {r['peer_build_rss']:.0f} MB | {r['peer_warm_s']:.2f} s "
            f"| {r['peer_per_q_ms']:.1f} ms | {r['peer_rss']:.0f} MB | – |",
            f"| | | **ratio** | **{r['build_s'] / r['peer_build_s']:.1f}x** "
            f"| {r['build_rss'] / r['peer_build_rss']:.1f}x | **{r['warm_s'] / r['peer_warm_s']:.1f}x** "
            f"| **{r['per_q_ms'] / max(r['peer_per_q_ms'], 1e-9):.1f}x** | {r['batch_rss'] / r['peer_rss']:.1f}x | |",
        ]
    lines += [
        "",
        "bot's question is the whole answer (analysis, candidates, features, two tree models, the short "
        "answer); bm25s's is retrieval of the 10 best sentences. bm25s splits sentences with a regex "
        f"(`{PEER_SPLIT}`); bot with blingfire, and analyses each word (acronyms, compounds, irregular verbs).",
    ]
    (OUT / "scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no plot (pip install '.[bench]')")
        return
    xs = [r["sentences"] for r in rows]
    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    panels = [
        ("Cold build", "seconds", [("build_s", "bot"), ("peer_build_s", "bm25s")]),
        (
            "Warm start + one question",
            "seconds",
            [("warm_s", "bot"), ("peer_warm_s", "bm25s"), ("edit_s", "bot, one file edited")],
        ),
        (
            "Peak memory",
            "MB",
            [
                ("build_rss", "bot build"),
                ("peer_build_rss", "bm25s build"),
                ("batch_rss", "bot, 200 questions"),
                ("peer_rss", "bm25s, 200 questions"),
            ],
        ),
    ]
    for ax, (title, ylabel, series) in zip(axes, panels):
        for key, label in series:
            ax.plot(xs, [r[key] for r in rows], "o-" if label.startswith("bot") else "s--", label=label)
        ax.set(xscale="log", yscale="log", xlabel="sentences", ylabel=ylabel, title=title)
        ax.legend()
    fig.tight_layout()
    fig.savefig(OUT / "scale.png", dpi=100)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--peer":
        peer(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "--bot-many":
        bot_many(Path(sys.argv[2]))
    else:
        main()
