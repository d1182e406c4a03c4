"""What a question's words lead to in the sentence that answers it: learned word associations.

A question and the sentence that answers it often share few words: "Who founded the company?"
is answered by "... was established in 1902 by Jane Doe". Counted over SQuAD's training
questions (`training/association.py`): for each pair of a question's term and a term of a
sentence of the paragraph that answers it (a term the question does not hold), how much likelier
a sentence holding it is the answering one than any sentence of the paragraph holding it: the
smoothed lift, as a log. The question's opening words ("@how many", "@who was") are a term of
their own, so the table also learns what the sentences that answer each kind of question hold.
Only pairs seen at least MIN_SEEN times with a log lift of at least MIN_LIFT are kept: their
keys (the two terms' CRC-32s in one 64-bit number), sorted, and their lifts
(`bot/models/association.bin`, numbers only), read once, on first use.

The ranker reads three columns of it for each candidate it reads closely (`COLUMNS`).
"""

from __future__ import annotations

import zlib
from functools import cache
from pathlib import Path

import numpy as np

from bot.answering.query import Query
from bot.answering.scorer import read_data, shipped_path, write_data
from bot.index.bm25 import Index
from bot.language import analysis, wordlists

MIN_SEEN = 4  # a pair's sentences: fewer say nothing
MIN_LIFT = 0.2  # log lift: a pair that barely leans toward the answering sentence is not kept
SMOOTHING = 5.0  # sentences of the base rate each pair's own count is weighed against

COLUMNS = (
    "association",  # the question's words (IDF-weighted): the best lift each has to the sentence's other words
    "association_missing",  # ... counted only for the words the sentence lacks
    "association_cue",  # the highest lift of the question's opening words to one of the sentence's
)

_OPENERS = frozenset(wordlists.WH_WORDS_IN_ORDER)


def cue(question: str) -> str:
    """The question's opening term: "@" and its first question word with the word after it
    ("@how many"), or its first word when it has none."""
    words = analysis.words(question.casefold())
    at = next((i for i, w in enumerate(words) if w in _OPENERS), 0)
    return "@" + " ".join(words[at : at + 2])


def codes(terms: list[str]) -> np.ndarray:
    """Each term's CRC-32, as 64-bit numbers."""
    return np.array([zlib.crc32(t.encode("utf-8")) for t in terms], np.uint64)


def keys(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The key of every pair (left × right) of term codes: a matrix."""
    return (left[:, None] << np.uint64(32)) | right[None, :]


class Association:
    """Pairs of terms (a question's, an answering sentence's) and their log lifts, by key
    (sorted: `keys` must be)."""

    def __init__(self, keys: np.ndarray, lifts: np.ndarray):
        self.keys = keys
        self.lifts = lifts

    def __len__(self) -> int:
        return len(self.keys)

    def matrix(self, left: list[str], right: list[str]) -> np.ndarray:
        """The lift of every pair (a row per term of `left`, a column per term of `right`); 0
        for a pair the table does not keep."""
        pairs = keys(codes(left), codes(right))
        if not len(self.keys) or not pairs.size:
            return np.zeros(pairs.shape, np.float32)
        at = np.minimum(np.searchsorted(self.keys, pairs), len(self.keys) - 1)
        return np.where(self.keys[at] == pairs, self.lifts[at], np.float32(0))

    def save(self, path: Path) -> None:
        """Keys as signed 64-bit numbers, lifts in hundredths (what the container stores)."""
        hundredths = np.clip(np.round(self.lifts * 100), 0, 65535).astype(np.uint16)
        write_data(path, "association", {}, {"keys": self.keys.view(np.int64), "lifts": hundredths})

    @classmethod
    def read(cls, path: Path) -> Association:
        with read_data(path, "association", "the association table") as (_, data):
            return cls(np.asarray(data["keys"]).view(np.uint64), np.asarray(data["lifts"], np.float32) / 100)


@cache
def shipped() -> Association:
    """The shipped table."""
    return Association.read(shipped_path("association"))


def columns(
    query: Query, index: Index, ids: np.ndarray, idf: dict[str, float], table: Association | None = None
) -> dict[str, np.ndarray]:
    """The `COLUMNS` of the sentences `ids` (`idf`: each content term's weight, as the coverage
    columns weigh it; `table`: the shipped one when None)."""
    n = len(ids)
    out = {name: np.zeros(n) for name in COLUMNS}
    content = list(query.content)
    sentences = [set(index.sentence_terms[sid]) for sid in ids.tolist()]
    asked = set(query.terms).union(*query.alternatives.values()) if query.alternatives else set(query.terms)
    vocab = sorted(set().union(*sentences) - asked)
    if not n or not vocab:
        return out
    lift = (table or shipped()).matrix(content + [cue(query.text)], vocab)
    at = {t: i for i, t in enumerate(vocab)}
    weight = np.array([idf.get(t, 0.0) for t in content])
    total = weight.sum() or 1.0
    for k, terms in enumerate(sentences):
        cols = sorted(at[t] for t in terms if t in at)  # one order for every run: a sum of float32s
        if not cols:
            continue
        sub = lift[:, cols]
        best = np.maximum(sub[:-1].max(axis=1), 0.0) if content else np.zeros(0)
        lacks = np.array([not (query.alternatives.get(t, {t}) & terms) for t in content], bool)
        out["association"][k] = weight @ best / total
        out["association_missing"][k] = weight @ (best * lacks) / total
        out["association_cue"][k] = max(0.0, float(sub[-1].max()))
    return out
