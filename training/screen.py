"""Train the screening model (`bot/models/screen.bin`) from ../shared/data.

    pip install -e ".[train]"
    python training/screen.py ../shared/data        # about 5 minutes on cached rows

When a question gathers more than `rank.SCREEN_KEEP` candidates (a knowledge base of many
articles, or one long article), the ranker's costly columns (`features.READ`: each sentence
read word by word) are computed only for the SCREEN_KEEP candidates this model puts first; the
rest are ranked after them. It is a small LightGBM lambdarank over the other columns
(`features.SCREEN_FEATURES`), learned from SQuAD train's articles, each its own knowledge base
(50 candidates a question on average), to put the sentence holding the answer first.

It prints, on a fifth of those articles held out (by article), how often the answer and the
shipped ranker's own choice survive the screening at several sizes, and how often the ranker,
reading only the kept candidates (their gaps taken over them, as `rank` does), still cites a
sentence holding the answer first. Then it trains on every article and writes the model.
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answering import features
from bot.answering.rank import SCREEN_COLUMNS, SCREEN_KEEP
from bot.answering.scorer import Trees, shipped
from training.collect import Groups
from training.datasets import LEARNER, ROOT, SEED, collect
from training.export import check_rows, trees

SCREEN = {
    **LEARNER,
    "objective": "lambdarank",
    "learning_rate": 0.1,
    "num_leaves": 15,
    "min_data_in_leaf": 100,
    "lambdarank_truncation_level": 40,
    "force_row_wise": True,
}
ROUNDS = 100
HELD_OUT = 5  # one article in this many is held out for the figures
SIZES = (20, 30, 40)


def rows(groups: Groups, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[int]]:
    idx = np.flatnonzero(keep)
    X = np.concatenate([groups.X[i][:, SCREEN_COLUMNS] for i in idx])
    y = np.concatenate([groups.y[i] for i in idx])
    return X, y, [len(groups.y[i]) for i in idx]


def fit(groups: Groups, keep: np.ndarray) -> Trees:
    import lightgbm as lgb

    X, y, sizes = rows(groups, keep)
    booster = lgb.train(SCREEN, lgb.Dataset(X, y, group=sizes, feature_name=list(features.SCREEN_FEATURES)), ROUNDS)
    return trees(booster, features.SCREEN_FEATURES, {"params": SCREEN, "rounds": ROUNDS}, check_rows(X, SEED))


def figures(screen: Trees, ranker: Trees, groups: Groups, keep: np.ndarray) -> None:
    """How much of what matters survives screening, on the groups `keep`, with more than each
    size of candidates."""
    for size in SIZES:
        counts = np.zeros(5)
        for i in np.flatnonzero(keep):
            X, y = groups.X[i], groups.y[i]
            if len(y) <= size:
                continue
            full = ranker.predict(X)
            kept = np.sort(np.argsort(-screen.predict(X[:, SCREEN_COLUMNS]), kind="stable")[:size])
            read = X[kept].copy()
            features.fill_gaps(read, np.arange(len(read)), features.READ_GAPS)
            first = kept[int(np.argmax(ranker.predict(read)))]
            best = int(np.argmax(full))
            counts += [1, y[kept].any(), best in kept, y[best] > 0, y[first] > 0]
        n = max(counts[0], 1)
        print(
            f"  keep {size}: {int(counts[0])} questions with more candidates; the answer kept {counts[1] / n:.4f}, "
            f"the ranker's choice kept {counts[2] / n:.4f}; first citation right {counts[3] / n:.4f} "
            f"reading all, {counts[4] / n:.4f} reading the kept",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, help="the shared data folder (../shared/data)")
    ap.add_argument("--out", type=Path, default=ROOT / "bot" / "models" / "screen.bin")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/bot-training"))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    t0 = time.time()
    groups, _ = collect("squad-train", args.data, args.cache, args.jobs)
    held = np.array([zlib.crc32(u.encode()) % HELD_OUT == 0 for u in groups.unit])
    print(f"screening, trained on {int((~held).sum())} questions, held out {int(held.sum())} (SQuAD train articles):")
    figures(fit(groups, ~held), shipped("ranker"), groups, held)
    print(f"  (the shipped screen keeps {SCREEN_KEEP})")
    fit(groups, np.ones(len(groups.y), bool)).save(args.out)
    print(f"wrote {args.out} in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
