"""Ranking: which sentences answer a query, best first.

    Query --candidates.gather--> Candidates --features.compute--> named columns --model--> scores

The candidate stage gathers the sentences worth scoring; every feature of them is a named
column (`features.FEATURES`); the shipped ranker (`bot/models/ranker.bin`, a tree ensemble
trained by `training/train.py` on SQuAD's training set and, by cross-validation, the shared
NewsQA and CoQA halves) scores them. Nothing here is weighed by hand.

When a question gathers more than SCREEN_KEEP candidates, the costly columns (`features.READ`,
each sentence read word by word) are computed only for the SCREEN_KEEP that a small screening
model (`bot/models/screen.bin`, `training/screen.py`) puts first over the other columns; the
ranker orders those, and the rest follow in the screen's order. A headline or a section heading
(of a web page or a Word file), a row of a kind no training text has, follows the sentences the
ranker scored that hold some of the question.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.answering import candidates, features
from bot.answering.query import Query
from bot.answering.scorer import Models, default_models
from bot.index.bm25 import Index

_COVERAGE = features.COLUMN["coverage"]
SCREEN_COLUMNS = [features.COLUMN[f] for f in features.SCREEN_FEATURES]  # of X, what screening reads
# How many candidates the ranker reads closely, at most (`training/screen.py` prints what
# survives screening at this and other sizes).
SCREEN_KEEP = 20


@dataclass
class Ranked:
    ids: np.ndarray  # sentence ids, best first
    scores: np.ndarray  # the model's score per id
    X: np.ndarray  # each one's features (rows in the same order)
    local_coverage: float = 0.0  # share of the question found inside one passage (the best)

    @property
    def coverage(self) -> np.ndarray:
        """The share of the question (IDF-weighted) each sentence covers."""
        return self.X[:, _COVERAGE]

    def column(self, name: str) -> np.ndarray:
        return self.X[:, features.COLUMN[name]]

    def first(self, sentence_id: int | None) -> Ranked:
        """The ranking with one sentence put first (when it is a candidate)."""
        at = np.flatnonzero(self.ids == sentence_id) if sentence_id is not None else np.zeros(0, np.int64)
        if not len(at) or at[0] == 0:
            return self
        order = np.r_[at[0], np.delete(np.arange(len(self.ids)), at[0])]
        return Ranked(self.ids[order], self.scores[order], self.X[order], self.local_coverage)

    def without(self, sentence_ids: frozenset[int]) -> Ranked:
        """The ranking less some sentences (those already given)."""
        keep = np.fromiter((int(i) not in sentence_ids for i in self.ids), bool, len(self.ids))
        return Ranked(self.ids[keep], self.scores[keep], self.X[keep], self.local_coverage)


EMPTY = Ranked(np.zeros(0, np.int64), np.zeros(0), np.zeros((0, len(features.FEATURES))))


def passage_coverage(query: Query, index: Index) -> float:
    """The largest share of the question's content words that one passage holds.

    A question about the knowledge finds most of its words together; an off-topic question
    that happens to share words with the knowledge finds them scattered.
    """
    bm = index.passages
    if not bm.size or not query.content:
        return 0.0
    got = np.zeros(bm.size)
    total = 0.0
    for term in query.content:
        weight, credit = query.evidence.get(term, (1.0, 1.0))
        total += weight
        got[bm.holding(query.alternatives.get(term, ()))] += weight * credit
    return float(got.max() / total) if total else 0.0


def rank(query: Query, index: Index, models: Models | None = None) -> Ranked:
    """The query's candidates, best first by the ranker."""
    cands = candidates.gather(query, index)
    if not len(cands):
        return EMPTY
    models = models or default_models()
    X = features.matches(query, index, cands)
    rows = np.arange(len(cands))
    rest = rows[:0]
    if len(rows) > SCREEN_KEEP:
        screened = np.argsort(-models.screening.predict(X[:, SCREEN_COLUMNS]), kind="stable")
        rows, rest = np.sort(screened[:SCREEN_KEEP]), screened[SCREEN_KEEP:]
    features.read(query, index, cands.ids, X, rows)
    scores = models.ranker.predict(X[rows])
    head = index.stories.heading[cands.ids[rows]]
    matching = ~head & (X[rows, _COVERAGE] > 0)
    if head.any() and matching.any():
        # No text the ranker learned from has a headline or a section heading, so its score for
        # one reads columns unlike any it was trained on (a title's capitals as names): a heading
        # follows the sentences it scored that hold some of the question. A headline still names
        # the story (`opening_coverage`); a heading leads when no other sentence holds a word of
        # the question.
        scores[head] = np.minimum(scores[head], scores[matching].min() - 1.0)
    best = np.argsort(-scores, kind="stable")
    order = np.concatenate([rows[best], rest])
    # the screened-out follow the read, in the screen's order, below every score the ranker gave
    scores = np.concatenate([scores[best], scores.min() - 1.0 - np.arange(len(rest))])
    return Ranked(cands.ids[order], scores, X[order], passage_coverage(query, index))
