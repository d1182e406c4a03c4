"""The presence table (`bot.answering.presence`): for each term SQuAD's training questions ask,
how many ask it and how many of their paragraphs hold it, in hashed buckets.

    python training/presence.py ../shared/data      # writes bot/models/presence.bin (about 10 s)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answering.presence import Presence
from bot.answering.rarity import bucket
from bot.evaluation.squad import Article, load_squad
from bot.language import analysis, wordlists

ROOT = Path(__file__).resolve().parent.parent
BUCKETS = 1 << 19  # of the 30,000 terms asked, about one in twenty shares its bucket
CAP = np.iinfo(np.uint16).max


def question_terms(question: str) -> set[str]:
    """The content terms of a question, as the query reads them (fillers like "name" dropped)."""
    words = [w for w in analysis.content_words(question) if w not in wordlists.QUESTION_FILLERS]
    return {t for w in words for t in analysis.terms(w)}


def counts(paragraphs: Iterable[tuple[str, list[str]]], buckets: int = BUCKETS) -> tuple[np.ndarray, np.ndarray]:
    """(paragraph, its questions) -> per bucket, the terms asked and the terms held."""
    asked = np.zeros(buckets, np.int64)
    held = np.zeros(buckets, np.int64)
    for text, questions in paragraphs:
        there = set(analysis.terms(text))
        for question in questions:
            for term in question_terms(question):
                b = bucket(term, buckets)
                asked[b] += 1
                held[b] += term in there
    return asked, held


def of_article(art: Article) -> list[tuple[str, list[str]]]:
    """An article's paragraphs, each with its questions."""
    asked: list[list[str]] = [[] for _ in art.paragraphs]
    for q in art.questions:
        if not q.impossible:
            asked[q.paragraph].append(q.text)
    return list(zip(art.paragraphs, asked))


def table(asked: np.ndarray, held: np.ndarray) -> Presence:
    """The table of these counts, as it ships (a bucket past the cap keeps its share)."""
    prior = float(held.sum() / max(1, asked.sum()))
    over = asked > CAP
    held = np.where(over, held * CAP // np.maximum(asked, 1), held)
    return Presence(np.minimum(asked, CAP), held, prior)


def without(full: tuple[np.ndarray, np.ndarray], art: Article) -> Presence:
    """The table of all of SQuAD train but `art` (`full`: its counts), for the evidence rows of
    `art`'s questions: the shipped table counts each training question's own words, and would
    tell the evidence model which words its own questions lack."""
    asked, held = counts(of_article(art), len(full[0]))
    return table(full[0] - asked, full[1] - held)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, help="the shared data folder (../shared/data)")
    ap.add_argument("--out", type=Path, default=ROOT / "bot" / "models" / "presence.bin")
    args = ap.parse_args(argv)
    arts = load_squad(args.data / "squad-train.json")
    presence = table(*counts(pair for art in arts for pair in of_article(art)))
    presence.save(args.out)
    print(f"wrote {args.out}: prior {presence.prior:.3f}, {int((presence.asked > 0).sum())} buckets used")
    return 0


if __name__ == "__main__":
    sys.exit(main())
