"""The candidate stage: which sentences the model is asked to score for a question.

A question's candidates are the union of a few views of the index, each cheap: the sentences
that match it best by their own BM25, every sentence of the passages that match it best (an
answer often shares few words with the question and many with its paragraph), the sentences
just before and after the best matches (an answer may say "It" for what the sentence before
named), the opening sentences of the best documents (a news story's lead), and in a
conversation the sentences the earlier turns found, those around the last answer, and those
naming whom "he" or "she" means. Nothing here is weighed by hand: the views
only gather, the model (`features`, `scorer`) decides.

The whole interface this needs from retrieval is `search(terms, k)` over sentences and
passages, so a search engine could serve it (docs/scaling.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.answering.query import Query
from bot.index.bm25 import Index

# Sentences holding a query term that are read for their BM25 (their rank among these is a
# feature), the best first.
POOL = 2000
# How many of the best by their own BM25 become candidates...
BY_SENTENCE = 40
# ... with every sentence of the best passages...
BY_PASSAGE = 3
# ... and the sentence before and after each of the best few...
NEIGHBOURS_OF = 8
# ... and the opening sentences of the best documents' stories: news puts what matters first,
# in words a reader's question may not share (NewsQA: 84% of answers stand in a sentence
# holding a question word; 96% with the leads of the best three documents and the views above)
LEAD = 5
BY_DOCUMENT = 3
# In a conversation: the best of each earlier turn's words, and of whom a pronoun means.
BY_EARLIER_TURN = 8
# How far after the last answer a sentence still counts as following it.
FOLLOWING = 2


@dataclass(frozen=True)
class Candidates:
    """The sentences a question's model scores, and what retrieval said of each."""

    ids: np.ndarray  # int64 sentence ids, ascending
    bm25: np.ndarray  # their own BM25 for the question (0 when found another way)
    bm25_rank: np.ndarray  # their place among the sentences holding a query term (POOL when none)
    best_bm25: float  # the best sentence BM25 of the question

    def __len__(self) -> int:
        return len(self.ids)


def gather(query: Query, index: Index) -> Candidates:
    """The question's candidates (see the module's notes)."""
    found = index.sentences.search(query.terms, POOL) if query.terms else []
    ranked = np.array([i for i, _ in found], np.int64)
    scores = np.array([s for _, s in found])
    picked: list[np.ndarray] = [ranked[:BY_SENTENCE]]
    if len(ranked):
        for pid, _ in index.passages.search(query.terms, BY_PASSAGE):
            picked.append(np.array(index.corpus.passages[pid].sentences, np.int64))
        picked.append(neighbours(index, ranked[:NEIGHBOURS_OF]))
        stories = index.stories
        for doc, _ in index.documents.search(query.terms, BY_DOCUMENT):
            first = int(stories.first[doc])
            picked.append(np.arange(first, first + min(LEAD, int(stories.length[doc])), dtype=np.int64))
    context = query.context
    for terms in (*context.turns, context.answer_terms):
        if terms:
            words = terms if isinstance(terms, dict) else list(terms)
            picked.append(np.array([i for i, _ in index.sentences.search(words, BY_EARLIER_TURN)], np.int64))
    for sid in context.last_answer:
        picked.append(np.array(around(index, sid), np.int64))
    if context.person:
        picked.append(np.array([i for i, _ in index.sentences.search(list(context.person[0]), BY_EARLIER_TURN)]))
    ids = _distinct(np.concatenate(picked).astype(np.int64)) if picked else np.zeros(0, np.int64)
    place = {sid: r for r, sid in enumerate(ranked.tolist())}
    rank = np.array([place.get(sid, POOL) for sid in ids.tolist()], np.int64)
    bm25 = np.where(rank < len(scores), scores[np.minimum(rank, max(len(scores) - 1, 0))] if len(scores) else 0.0, 0.0)
    return Candidates(ids, bm25, rank, float(scores[0]) if len(scores) else 0.0)


def _distinct(ids: np.ndarray) -> np.ndarray:
    """The ids sorted, each once (not `np.unique`, which imports numpy.ma: 12-19 ms of
    `bot ask`'s start-up)."""
    ids = np.sort(ids)
    return ids[np.concatenate(([True], ids[1:] != ids[:-1]))] if len(ids) else ids


def neighbours(index: Index, ids: np.ndarray) -> np.ndarray:
    """The sentences just before and after each of `ids`, within its document."""
    doc = index.sentence_doc
    out = np.concatenate([ids - 1, ids + 1])
    ok = (out >= 0) & (out < len(doc))
    out = out[ok]
    return out[doc[out] == doc[np.concatenate([ids, ids])[ok]]]


def around(index: Index, sid: int) -> list[int]:
    """The sentence before `sid`, itself and the FOLLOWING after it, in its document."""
    doc = index.sentence_doc
    lo, hi = max(0, sid - 1), min(sid + FOLLOWING + 1, len(doc))
    return [i for i in range(lo, hi) if doc[i] == doc[sid]]
