"""How rare a word is in English at large: the share of general text that holds it.

The knowledge's own statistics say which words set one of its sentences apart from the others
(BM25's IDF); they cannot say which of a question's words matter, when every sentence of an
article about the Normans says "Norman", or a knowledge base is one paragraph. This table
can: the document frequency of each term in a large general corpus (the paragraphs of SQuAD's
training articles, 442 Wikipedia articles), counted by `training/rarity.py` into hashed
buckets (`bot/models/rarity.npz`, numbers only: a term's bucket is its CRC-32 modulo the
table's size), read once, on first use.
"""

from __future__ import annotations

import math
import zlib
from functools import cache

import numpy as np

from bot.answering.scorer import ModelError, shipped_file


class Rarity:
    """General document frequencies in hashed buckets."""

    def __init__(self, df: np.ndarray, documents: int):
        self.df = df
        self.documents = documents
        self.unseen = math.log(documents + 1)

    def idf(self, term: str) -> float:
        """log(N / (1 + df)): near 0 for "the", log(N+1) for a word never seen."""
        df = int(self.df[zlib.crc32(term.encode("utf-8")) % len(self.df)])
        return math.log((self.documents + 1) / (df + 1))

    @classmethod
    def read(cls, source) -> Rarity:
        try:
            with np.load(source, allow_pickle=False) as data:
                return cls(data["df"], int(data["documents"]))
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"cannot read the rarity table: {exc}") from None


@cache
def general() -> Rarity:
    """The shipped table."""
    with shipped_file("rarity") as f:
        return Rarity.read(f)
