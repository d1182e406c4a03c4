"""The columns a conversation adds to a question's candidates: how the earlier turns and the
last answer match each sentence, where it stands from that answer, and whom it means when the
question says "he" or "she" (`features` names them; the model weighs them)."""

from __future__ import annotations

import numpy as np

from bot.answering.candidates import around
from bot.answering.names import means_another, means_person
from bot.answering.query import Query
from bot.index.bm25 import Index


def _bm25_share(index: Index, terms: dict[str, float] | list[str], ids: np.ndarray) -> np.ndarray:
    """The sentences' BM25 for `terms` over the best sentence's."""
    scores = index.sentences.scores(terms)
    best = float(scores.max()) if len(scores) else 0.0
    return np.clip(scores[ids] / best, 0, 1) if best > 0 else np.zeros(len(ids))


def columns(query: Query, index: Index, ids: np.ndarray) -> dict[str, np.ndarray | float]:
    """The conversation's columns of the sentences `ids` (none when the question comes alone)."""
    context = query.context
    cols: dict[str, np.ndarray | float] = {}
    if not context:
        return cols
    cols["conversation"] = 1.0
    shares = [_bm25_share(index, terms, ids) for terms in context.turns]
    if shares:
        cols["last_turn"] = shares[0]
        cols["turns_before"] = np.max(shares[1:], axis=0) if len(shares) > 1 else 0.0
    if context.answer_terms:
        cols["answer_words"] = _bm25_share(index, list(context.answer_terms), ids)
    at = {sid: k for k, sid in enumerate(ids.tolist())}
    again, follows, precedes = np.zeros(len(ids)), np.zeros(len(ids)), np.zeros(len(ids))
    for sid in context.last_answer:
        for i in around(index, sid):
            if i in at:
                column = again if i == sid else follows if i > sid else precedes
                column[at[i]] = max(column[at[i]], 1.0 / max(1, abs(i - sid)))
    cols |= {"again": again, "follows": follows, "precedes": precedes}
    if context.person:
        names, gender = context.person
        cols["person"] = np.array([means_person(index, sid, names, gender) for sid in ids.tolist()], float)
    return cols


def others(query: Query, index: Index, ids: np.ndarray) -> np.ndarray:
    """Whether each sentence means someone other than whom the question's pronoun means (a
    column read closely: it reads each sentence's words; 0 without a pronoun to explain)."""
    if not query.context.person:
        return np.zeros(len(ids))
    names, gender = query.context.person
    return np.array([means_another(index, sid, names, gender) for sid in ids.tolist()], float)
