"""How surely a text that answers a question holds each of the question's words.

The words of a question are not alike to the text that answers it. "What is the population of
Mexico?" is answered by a sentence that says "population"; "what is the purpose of ...?" most
often by one that never says "purpose". So a word the knowledge lacks is strong evidence that it
does not answer when answering texts nearly always hold that word, and none when they seldom
do. This table holds, for each term asked, how often the paragraph answering the question held
it: counted by `training/presence.py` over SQuAD's training questions, in hashed buckets like
the rarity table's (`bot/models/presence.bin`, numbers only), read once, on first use. A term
seldom or never asked leans on the share over all terms (`prior`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from bot.answering.rarity import bucket
from bot.answering.scorer import read_data, shipped_path, write_data

STRENGTH = 10.0  # how many askings the prior counts as: a term asked once says little


class Presence:
    """Per term (hashed): how many questions asked it, and how many of their answering
    paragraphs held it."""

    def __init__(self, asked: np.ndarray, held: np.ndarray, prior: float):
        self.asked = asked
        self.held = held
        self.prior = prior

    def expected(self, term: str) -> float:
        """The share of answering texts that hold `term`, smoothed toward `prior`."""
        b = bucket(term, len(self.asked))
        return (int(self.held[b]) + STRENGTH * self.prior) / (int(self.asked[b]) + STRENGTH)

    def save(self, path: Path) -> None:
        write_data(
            path,
            "presence",
            {"prior": self.prior},
            {"asked": self.asked.astype(np.uint16), "held": self.held.astype(np.uint16)},
        )

    @classmethod
    def read(cls, path: Path) -> Presence:
        with read_data(path, "presence", "the presence table") as (meta, data):
            return cls(data["asked"], data["held"], float(meta["prior"]))


@cache
def answering() -> Presence:
    """The shipped table."""
    return Presence.read(shipped_path("presence"))
