"""Whether the knowledge answers a question: answer, or refuse with a reason.

A question about something else finds few of its words, finds them scattered over passages,
and matches no sentence well.
"""
from __future__ import annotations

from .query import Query
from .rank import Ranked


def strength(query: Query, ranked: Ranked | None) -> float:
    """How surely the knowledge answers the question, from 0 up:

        (coverage by the knowledge + 2 * coverage by the best passage + 0.2 * best fused score) / 3

    Fitted on SQuAD with cross-validation by article (`benchmarks/tune.py --abstain`)."""
    if ranked is None:
        return query.coverage / 3
    top = float(ranked.scores[0]) if len(ranked.scores) else 0.0
    return (query.coverage + 2 * ranked.local_coverage + 0.2 * top) / 3
