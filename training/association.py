"""Count the association table (`bot/answering/association.py`) over SQuAD's training questions.

    python training/association.py ../shared/data          # writes bot/models/association.bin

For each question, each sentence of the paragraph that answers it (split as the bot splits),
each term of that sentence the question lacks, and each of the question's terms and its opening
words (`association.cue`): the pair is seen once, and held once more when the sentence is the
one holding the answer. A pair's log lift is log(P(answering | seen) / P(answering)), its count
smoothed toward the base rate by `association.SMOOTHING` sentences; pairs seen fewer than
MIN_SEEN times or lifting less than MIN_LIFT are dropped. Numbers only: 64-bit keys of hashed
terms and their lifts. About a minute on two cores.

The ranker's rows of SQuAD's training articles read a table that never saw the article's own
questions (`folds`: the table of the other folds), as the presence table's rows do.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answering.association import MIN_LIFT, MIN_SEEN, SMOOTHING, Association, codes, cue, keys
from bot.evaluation.scores import contains_answer
from bot.evaluation.squad import Article, load_squad
from bot.language import analysis

FOLDS = 4  # the training rows' tables: each of SQuAD's articles read with the other folds'

Counts = tuple[np.ndarray, np.ndarray, np.ndarray]  # sorted keys, times seen, times held


def fold_of(title: str) -> int:
    """The fold of a SQuAD training article (by its title)."""
    return zlib.crc32(title.encode("utf-8")) % FOLDS


def _merge(parts: list[Counts]) -> Counts:
    """Counts added up, key by key."""
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    k = np.concatenate([p[0] for p in parts])
    unique, inverse = np.unique(k, return_inverse=True)
    seen = np.bincount(inverse, np.concatenate([p[1] for p in parts]), len(unique)).astype(np.int64)
    held = np.bincount(inverse, np.concatenate([p[2] for p in parts]), len(unique)).astype(np.int64)
    return unique, seen, held


def of_article(art: Article) -> Counts:
    """One article's pairs, counted."""
    paragraphs = []
    for text in art.paragraphs:
        spans = analysis.split_sentences(text)
        paragraphs.append([(text[s:e], sorted(set(analysis.terms(text[s:e])))) for s, e in spans])
    parts: list[np.ndarray] = []
    hits: list[np.ndarray] = []
    for q in art.questions:
        if q.impossible or not q.answers:
            continue
        sentences = paragraphs[q.paragraph]
        answering = next((j for j, (text, _) in enumerate(sentences) if contains_answer(text, q.answers)), None)
        if answering is None:
            continue
        asked = sorted(set(analysis.terms(q.text)) | {cue(q.text)})
        left = codes(asked)
        for j, (_, terms) in enumerate(sentences):
            right = [t for t in terms if t not in asked]
            if right:
                pairs = keys(left, codes(right)).ravel()
                parts.append(pairs)
                hits.append(np.full(len(pairs), j == answering))
    if not parts:
        return _merge([])
    k = np.concatenate(parts)
    h = np.concatenate(hits)
    unique, inverse = np.unique(k, return_inverse=True)
    return (
        unique,
        np.bincount(inverse, minlength=len(unique)),
        np.bincount(inverse, h.astype(np.int64), len(unique)).astype(np.int64),
    )


def table(counts: Counts) -> Association:
    """The kept pairs of `counts` and their log lifts."""
    k, seen, held = counts
    base = held.sum() / max(1, seen.sum())
    lift = np.log((held + SMOOTHING * base) / (seen + SMOOTHING) / max(base, 1e-9))
    keep = (seen >= MIN_SEEN) & (lift >= MIN_LIFT)
    return Association(k[keep], lift[keep].astype(np.float32))  # (`_merge` sorts the keys)


def counted(arts: list[Article], workers: int = 2) -> list[Counts]:
    """Each article's counts (in worker processes)."""
    with multiprocessing.Pool(workers) as pool:
        return pool.map(of_article, arts, chunksize=4)


def folds(arts: list[Article], counts: list[Counts]) -> list[Association]:
    """For each fold, the table of the articles of the others."""
    by_fold = [fold_of(a.title) for a in arts]
    return [table(_merge([c for c, f in zip(counts, by_fold) if f != fold])) for fold in range(FOLDS)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="the folder holding squad-train.json")
    ap.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent.parent / "bot" / "models" / "association.bin"
    )
    args = ap.parse_args(argv)
    t0 = time.time()
    assoc = table(_merge(counted(load_squad(args.data / "squad-train.json"))))
    assoc.save(args.out)
    print(f"wrote {len(assoc)} pairs to {args.out} in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
