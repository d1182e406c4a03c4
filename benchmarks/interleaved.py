"""Per question, this checkout against another commit, interleaved in one sitting.

    pip install ".[bench]"
    python benchmarks/interleaved.py 12b49cb ../shared/data --sizes 10000 100000

The machine's speed drifts between runs, so two commits are compared in turns: the same
knowledge (`scale.py`'s folders of NewsQA and SQuAD text) and the same 200 SQuAD dev questions,
each commit's `scale.py --bot-many` (the questions answered in one process with the index
loaded, the mean) run in turn, the order alternating, --runs times; each commit builds its own
index in its own cache first. The other commit is checked out with `git worktree` into a
temporary folder, removed at the end. Prints each run and the medians, in ms a question.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale

ROOT = scale.ROOT


def per_question(tree: Path, folder: Path, batch: str, env: dict) -> float:
    out = subprocess.run(
        [sys.executable, str(tree / "benchmarks" / "scale.py"), "--bot-many", str(folder)],
        input=batch,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("commit", help="the commit to compare this checkout with")
    ap.add_argument("data", type=Path, help="the shared data folder (../shared/data)")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bot-interleaved-"))
    other = work / "other"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(other), args.commit], check=True)
    try:
        pool, questions = scale.paragraphs_and_questions(args.data)
        batch = "\n".join(random.Random(0).sample(questions, min(scale.N_QUESTIONS, len(questions)))) + "\n"
        trees = {args.commit: other, "this checkout": ROOT}
        for size in args.sizes:
            folder = work / f"kb-{size}"
            scale.make_knowledge(folder, pool, size, 0)
            envs = {}
            for name, tree in trees.items():
                cache = work / f"cache-{len(envs)}"
                envs[name] = {**os.environ, "PYTHONPATH": str(tree), "BOT_CACHE_DIR": str(cache)}
                envs[name]["BOT_CACHE_MAX_MB"] = "100000"
                build = [sys.executable, "-m", "bot", "index", "--knowledge", str(folder)]
                subprocess.run(build, env=envs[name], capture_output=True, check=True)
            times: dict[str, list[float]] = {name: [] for name in trees}
            for run in range(args.runs):
                for name in list(trees)[:: 1 if run % 2 == 0 else -1]:
                    times[name].append(per_question(trees[name], folder, batch, envs[name]))
            for name, ms in times.items():
                runs = ", ".join(f"{t:.2f}" for t in ms)
                print(f"{size:,} sentences, {name}: median {statistics.median(ms):.2f} ms a question ({runs})")
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
