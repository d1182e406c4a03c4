"""Speed and scale: knowledge bases of 1k, 10k and 100k sentences, bot against bm25s.

    pip install ".[bench]"
    python benchmarks/scale.py ../shared/data/squad-dev-8.json

Builds each knowledge base from the SQuAD file's sentences, reshuffled into files of 40
sentences (paragraphs of 4), then measures, in one run on one machine:

- cold build: `bot index --knowledge DIR` in a fresh process (wall time, peak RSS);
- warm start: `bot ask --knowledge DIR "..."` with the index cached (median of 3);
- batch: 200 SQuAD questions piped to `bot ask --json` (per question, start-up subtracted);
- per-question latency p50 / p95 inside one process;
- bm25s on the same tokens (bot's analyzer): index time and retrieval p50 / p95, peak RSS;
- the single-question floor: `bot ask` on the bundled article against `python -c "import numpy"`
  (median of interleaved runs).

Writes benchmarks/results/scale.md (a Markdown table) and scale.png (the curves).
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
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "results"
N_QUESTIONS = 200


def timed(cmd: list[str], env: dict, stdin: str | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of a command in a fresh process."""
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], input=stdin, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if r.returncode not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stderr}")
    rss_kb = int(r.stderr.strip().splitlines()[-1])
    return wall, rss_kb / 1024, r.stdout


def sentences_of(squad: Path) -> tuple[list[str], list[str]]:
    from bot.language.analysis import split_sentences

    data = json.loads(squad.read_text(encoding="utf-8"))
    sents, questions = [], []
    for art in data["data"]:
        for p in art["paragraphs"]:
            ctx = p["context"]
            sents += [ctx[s:e] for s, e in split_sentences(ctx)]
            questions += [q["question"] for q in p["qas"] if not q.get("is_impossible")]
    return sents, questions


def make_knowledge(folder: Path, pool: list[str], size: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    per_file, per_para = 40, 4
    for f in range(0, size, per_file):
        n = min(per_file, size - f)
        picked = [rng.choice(pool) for _ in range(n)]
        paras = [" ".join(picked[i : i + per_para]) for i in range(0, n, per_para)]
        (folder / f"d{f // 1000:03d}" / f"note-{f:06d}.txt").parent.mkdir(exist_ok=True)
        (folder / f"d{f // 1000:03d}" / f"note-{f:06d}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")


def in_process(folder: Path, questions: list[str]) -> dict:
    """Per-question latency of bot (cached index) and of bm25s on the same tokens."""
    import numpy as np

    from bot.answering import qa
    from bot.index import store
    from bot.language import analysis

    index = store.load_or_build(folder)
    lat = []
    for q in questions:
        t0 = time.perf_counter()
        qa.answer(q, index)
        lat.append(time.perf_counter() - t0)
    out = {"bot_p50": float(np.percentile(lat, 50)) * 1e3, "bot_p95": float(np.percentile(lat, 95)) * 1e3}
    try:
        import bm25s
    except ImportError:
        return out
    tokens = [index.sentence_terms[i] for i in range(len(index.sentence_terms))]
    t0 = time.perf_counter()
    retriever = bm25s.BM25(k1=1.2, b=0.4)
    retriever.index(tokens, show_progress=False)
    out["bm25s_build"] = time.perf_counter() - t0
    lat = []
    for q in questions:
        t0 = time.perf_counter()
        qt = analysis.terms(q) or ["x"]
        retriever.retrieve([qt], k=10, show_progress=False)
        lat.append(time.perf_counter() - t0)
    out["bm25s_p50"] = float(np.percentile(lat, 50)) * 1e3
    out["bm25s_p95"] = float(np.percentile(lat, 95)) * 1e3
    return out


def single_question_floor(env: dict, runs: int = 9) -> tuple[float, float]:
    bot_t, np_t = [], []
    for _ in range(runs):
        np_t.append(timed([sys.executable, "-c", "import numpy"], env)[0])
        bot_t.append(timed([sys.executable, "-m", "bot", "ask", "Who did Carney meet?"], env)[0])
    return statistics.median(bot_t), statistics.median(np_t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("squad", type=Path)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bot-bench-"))
    os.environ["BOT_CACHE_DIR"] = str(work / "cache")  # in_process() reads the same cache
    try:
        measure(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(args: argparse.Namespace, work: Path) -> None:
    pool, questions = sentences_of(args.squad)
    questions = random.Random(args.seed).sample(questions, min(N_QUESTIONS, len(questions)))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOT_CACHE_DIR": str(work / "cache")}
    env.pop("BOT_KNOWLEDGE", None)
    # Users run from compiled bytecode; a shell that forbids writing it would time the compiler.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    bot = [sys.executable, "-m", "bot"]
    subprocess.run(bot + ["index"], env=env, capture_output=True, check=True)
    ask_wall, numpy_wall = single_question_floor(env)
    print(
        f"single question: bot ask {ask_wall * 1e3:.0f} ms, import numpy {numpy_wall * 1e3:.0f} ms, "
        f"difference {(ask_wall - numpy_wall) * 1e3:.0f} ms",
        flush=True,
    )
    rows = []
    for size in args.sizes:
        folder = work / f"kb-{size}"
        make_knowledge(folder, pool, size, args.seed)
        files = sum(1 for _ in folder.rglob("*.txt"))
        build, build_rss, _ = timed(bot + ["index", "--knowledge", str(folder)], env)
        warm = statistics.median(
            timed(bot + ["ask", "--knowledge", str(folder), questions[0]], env)[0] for _ in range(3)
        )
        batch, batch_rss, out = timed(
            bot + ["ask", "--json", "--knowledge", str(folder)], env, stdin="\n".join(questions) + "\n"
        )
        assert len(out.splitlines()) == len(questions)
        per_q = (batch - warm) / len(questions) * 1e3
        lat = in_process(folder, questions)
        peer_rss = (
            timed([sys.executable, __file__, "--peer-rss", str(folder)], env)[1] if "bm25s_build" in lat else None
        )
        row = {
            "sentences": size,
            "files": files,
            "build_s": build,
            "build_rss_mb": build_rss,
            "warm_s": warm,
            "batch_ms": per_q,
            "batch_rss_mb": batch_rss,
            **lat,
            "bm25s_rss_mb": peer_rss,
        }
        rows.append(row)
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}), flush=True)
    write_report(rows, ask_wall, numpy_wall)


def write_report(rows: list[dict], ask_wall: float, numpy_wall: float) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    lines = [
        f"Single question on the bundled article: `bot ask` {ask_wall * 1e3:.0f} ms, "
        f'`python -c "import numpy"` {numpy_wall * 1e3:.0f} ms: **{(ask_wall - numpy_wall) * 1e3:.0f} ms more** '
        "(median of 9 interleaved runs, index cached).",
        "",
        "| sentences | files | cold build | peak RSS (build) | warm start | batch, per question | p50 / p95 in process "
        "| peak RSS (batch) | bm25s index | bm25s p50 / p95 | bm25s peak RSS |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        peer = (
            f"{r['bm25s_build']:.2f} s | {r['bm25s_p50']:.2f} / {r['bm25s_p95']:.2f} ms | {r['bm25s_rss_mb']:.0f} MB"
            if "bm25s_build" in r
            else "– | – | –"
        )
        lines.append(
            f"| {r['sentences']:,} | {r['files']:,} | {r['build_s']:.1f} s | {r['build_rss_mb']:.0f} MB "
            f"| {r['warm_s']:.2f} s | {r['batch_ms']:.1f} ms | {r['bot_p50']:.1f} / {r['bot_p95']:.1f} ms "
            f"| {r['batch_rss_mb']:.0f} MB | {peer} |"
        )
    lines.append("")
    lines.append(
        "bot's in-process latency is the whole answer (analysis, fused ranking, short answer); "
        "bm25s's is retrieval alone over the same sentence tokens (its build excludes our analysis)."
    )
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
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    panels = [
        (
            "Question latency",
            "ms per question",
            [
                ("bot_p50", "o-", "bot p50"),
                ("bot_p95", "o--", "bot p95"),
                ("bm25s_p50", "s-", "bm25s p50 (retrieval only)"),
            ],
        ),
        (
            "Build and start",
            "seconds",
            [
                ("build_s", "o-", "bot cold build"),
                ("warm_s", "o--", "bot warm start"),
                ("bm25s_build", "s-", "bm25s index"),
            ],
        ),
    ]
    for ax, (title, ylabel, series) in zip(axes, panels):
        for key, fmt, label in series:
            if all(key in r for r in rows):  # bm25s columns are missing when it is not installed
                ax.plot(xs, [r[key] for r in rows], fmt, label=label)
        ax.set(xscale="log", yscale="log", xlabel="sentences", ylabel=ylabel, title=title)
        ax.legend()
    fig.tight_layout()
    fig.savefig(OUT / "scale.png", dpi=100)


def peer_rss(folder: Path) -> None:
    """Run in a child process so its peak RSS is bm25s's alone (plus loading the tokens)."""
    import bm25s

    from bot.index import store

    index = store.load_or_build(folder)
    tokens = [index.sentence_terms[i] for i in range(len(index.sentence_terms))]
    del index
    retriever = bm25s.BM25(k1=1.2, b=0.4)
    retriever.index(tokens, show_progress=False)
    retriever.retrieve([tokens[0] or ["x"]], k=10, show_progress=False)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--peer-rss":
        peer_rss(Path(sys.argv[2]))
    else:
        main()
