"""The plain BM25 peer that `bot eval --peer` measures beside the bot, in the same run.

What a reader would get from rank-bm25 alone on the same sentences: each sentence is a
document, tokenised as plain lower-case words without Snowball's English stopwords and stemmed
by Snowball (PyStemmer), scored by `rank_bm25.BM25Okapi` with its default settings; the
question is tokenised the same way. It never refuses and never reads a conversation: its
ranking is its answer. Nothing of the bot's analysis (acronyms, typo fixes, synonyms,
compounds) is used, so the comparison is the bot against the retriever it is built on.
"""

from __future__ import annotations

import re

import numpy as np
import Stemmer

from bot.index.bm25 import Index
from bot.language.wordlists import SNOWBALL_STOPWORDS

_WORD = re.compile(r"\w+")
_stemmer = Stemmer.Stemmer("english")


def tokens(text: str) -> list[str]:
    """Lower-case words, Snowball stopwords dropped, Snowball stems."""
    return _stemmer.stemWords([w for w in _WORD.findall(text.lower()) if w not in SNOWBALL_STOPWORDS])


class Peer:
    """rank-bm25 over an index's sentences (the same sentences the bot cites)."""

    def __init__(self, index: Index):
        from rank_bm25 import BM25Okapi

        corpus = index.corpus
        docs = [tokens(corpus.plain(s)) for s in corpus.sentences]
        # rank-bm25 divides by the mean length: an index of empty sentences has none
        self._bm25 = BM25Okapi(docs) if any(docs) else None
        self.size = len(docs)

    def rank(self, question: str, k: int = 10) -> list[int]:
        """The `k` best sentence ids for the question, best first (ties by reading order)."""
        if self._bm25 is None:
            return list(range(min(k, self.size)))
        scores = self._bm25.get_scores(tokens(question))
        return np.argsort(-scores, kind="stable")[:k].tolist()
