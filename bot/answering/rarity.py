"""How rare a word is in English at large: the share of general text that holds it.

The knowledge's own statistics say which words set one of its sentences apart from the others
(BM25's IDF); they cannot say which of a question's words matter, when every sentence of an
article about the Normans says "Norman", or a knowledge base is one paragraph. This table
can: the document frequency of each term in a large general corpus (the paragraphs of SQuAD's
training articles, 442 Wikipedia articles), counted by `training/rarity.py` into hashed
buckets (`bot/models/rarity.bin`, numbers only: a term's bucket is its CRC-32 modulo the
table's size), read once, on first use.

The same corpus says which words English writes as names: the share of a word's appearances
past the first word of a sentence that are capitalised ("trump" 0.88, "plan" 0.20, "water" 0.06),
so a question typed without capitals can be read as if typed with them (`capitalized`).

Which words English spells at all is not in so small a corpus ("slaying" is in two of its
paragraphs): a word list is (pyspellchecker's English list, 160,572 words with their inflected
forms, read by `training/rarity.py`), shipped as a Bloom filter of its words, bits only
(`knows`), so a word English spells is never read as a typo of another (`query.fix_typos`).
"""

from __future__ import annotations

import hashlib
import math
import zlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import numpy as np

from bot.answering.scorer import read_data, shipped_path, write_data

# A word English at large writes capitalised at least this share of the time is a name (in a
# question typed without capitals, the majority: "trump" 0.88, "president" 0.59, "plan" 0.20).
NAME_SHARE = 0.5


def bucket(word: str, buckets: int) -> int:
    """The bucket of a word (or term) in a table of `buckets` hashed buckets: its CRC-32 modulo
    the table's size (this table's, and the presence table's)."""
    return zlib.crc32(word.encode("utf-8")) % buckets


# The English words are a Bloom filter: each word sets this many bits, chosen by four bytes
# each of its BLAKE2 digest (CRC-32s begun from other values would differ only by a constant).
# At 4 Mbit for the list's 160,572 words, one string in about 13,000 not in it reads as in it
# (15 of 200,000 random strings of 8 to 12 letters).
WORD_HASHES = 6


def _bits(word: str, bits: int) -> list[int]:
    digest = hashlib.blake2b(word.encode("utf-8"), digest_size=4 * WORD_HASHES).digest()
    return [int.from_bytes(digest[4 * i : 4 * i + 4], "little") % bits for i in range(WORD_HASHES)]


def word_filter(words: Iterable[str], bits: int) -> np.ndarray:
    """The Bloom filter of these (folded) words over `bits` bits, as bytes (`Rarity.knows`)."""
    on = np.zeros(bits, bool)
    for word in words:
        on[_bits(word, bits)] = True
    return np.packbits(on, bitorder="little")


class Rarity:
    """General document frequencies in hashed buckets; by the folded word, hashed alike, the
    share of its appearances written capitalised (0 to 255; 0 for a word never seen); and
    which words English spells (`knows`)."""

    def __init__(
        self,
        df: np.ndarray,
        documents: int,
        capital: np.ndarray | None = None,
        english: np.ndarray | None = None,
    ):
        self.df = df
        self.documents = documents
        self.unseen = math.log(documents + 1)
        self.capital = np.zeros(1, np.uint8) if capital is None else capital
        self.english = np.zeros(1, np.uint8) if english is None else english

    def knows(self, word: str) -> bool:
        """Is the folded `word` in English's word list (its inflected forms included)?"""
        return all(self.english[b >> 3] >> (b & 7) & 1 for b in _bits(word, 8 * len(self.english)))

    def capitalized(self, word: str) -> float:
        """How often English at large writes the folded `word` capitalised mid-sentence (0 to 1)."""
        return int(self.capital[bucket(word, len(self.capital))]) / 255

    def holding(self, term: str) -> int:
        """How many of the corpus's documents hold the term (or share its bucket)."""
        return int(self.df[bucket(term, len(self.df))])

    def idf(self, term: str) -> float:
        """log(N / (1 + df)): near 0 for "the", log(N+1) for a word never seen."""
        return math.log((self.documents + 1) / (self.holding(term) + 1))

    def save(self, path: Path) -> None:
        arrays: dict[str, np.ndarray] = {
            "df": self.df.astype(np.uint16),
            "capital": self.capital.astype(np.uint8),
            "english": self.english.astype(np.uint8),
        }
        write_data(path, "rarity", {"documents": self.documents}, arrays)

    @classmethod
    def read(cls, path: Path) -> Rarity:
        """The table in a file written by `save` (memory-mapped: a question reads a few of its
        pages)."""
        with read_data(path, "rarity", "the rarity table") as (meta, data):
            return cls(data["df"], int(meta["documents"]), data["capital"], data["english"])


@cache
def general() -> Rarity:
    """The shipped table."""
    return Rarity.read(shipped_path("rarity"))
