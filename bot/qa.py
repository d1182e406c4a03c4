"""Questions in, answers out: the Answer a question gets, composed from the ranking.

    question --query.analyze--> Query --rank.rank--> Ranked --evidence--> Answer

This module composes: it asks the query, ranking and evidence modules, picks the answer
sentence (and the next one when it does not finish its thought), chooses further citations,
and locates the short answer.
"""

from __future__ import annotations

import numpy as np

from . import analysis
from .about import answer as answer_about
from .about import asks_about_document
from .answer_types import locate_answer
from .answers import Answer, Citation
from .evidence import judge, strength
from .index import Index
from .query import NO_CONTEXT, Context, Query, analyze
from .questions import Kind
from .rank import DEFAULT_WEIGHTS, Ranked, Weights, rank

# An answer's confidence: its evidence (`evidence.strength`), times a part that grows with
# how much of the question the answer sentence holds and how far it leads the next one. A
# hedge is never more confident than HEDGE_CONFIDENCE.
CONFIDENCE_FLOOR = 0.5
CONFIDENCE_COVERAGE = 0.3
CONFIDENCE_MARGIN = 0.2
HEDGE_CONFIDENCE = 0.3

# How much a further citation is held back for repeating what is already cited (Jaccard of
# their terms): when the answer is wrong, a sentence like it is likely wrong too.
DIVERSITY = 0.6


def see_also(index: Index, ranked: Ranked, answer_ids: list[int], count: int) -> list[int]:
    """The answer's sentences, then further citations by score, each less one for resembling
    those already chosen (maximal marginal relevance), from the 20 best."""
    pool = [(int(i), float(sc)) for i, sc in zip(ranked.ids[:20], ranked.scores[:20]) if int(i) not in answer_ids]
    chosen = list(answer_ids)
    terms = {i: set(index.sentence_terms[i]) for i in chosen + [i for i, _ in pool]}

    def held_back(i: int) -> float:
        return max((len(terms[i] & terms[c]) / max(1, len(terms[i] | terms[c])) for c in chosen), default=0.0)

    while len(chosen) < count and pool:
        best = max(pool, key=lambda p: p[1] - DIVERSITY * held_back(p[0]))
        pool.remove(best)
        chosen.append(best[0])
    rest = [int(i) for i in ranked.ids[20:] if int(i) not in chosen]
    return chosen + rest[: max(0, count - len(chosen))]


def _needs_next(sentence: str) -> bool:
    """A sentence that does not finish its thought: an open quotation or a trailing colon."""
    s = analysis.fold(sentence).rstrip()
    return s.count('"') % 2 == 1 and not s.endswith('"') or s.endswith(":")


def _about(index: Index) -> str:
    return index.corpus.title


def refusal(question: str, index: Index, reason: str, query: Query | None = None) -> Answer:
    return Answer(question, False, None, None, 0.0, reason, [], query.kind if query else Kind.OTHER, query)


def answer(
    question: str,
    index: Index,
    top: int = 3,
    weights: Weights = DEFAULT_WEIGHTS,
    context: Context = NO_CONTEXT,
    exclude: frozenset[int] = frozenset(),
) -> Answer:
    """Answer one question from the index, or refuse with a reason.

    `context` is what the conversation so far adds (see `conversation.context`); `exclude`
    holds sentence ids already given as answers ("tell me more"): they are skipped.
    """
    question = question if isinstance(question, str) else str(question)
    about = _about(index)
    if not question.strip():
        return refusal(question, index, f"Ask a question about {about}.")
    asked = analysis.strip_controls(question)  # what was meant, without a paste's colour codes
    if (about_it := asks_about_document(asked, context)) and not exclude:
        return answer_about(question, index, about_it, top, context)
    query = analyze(asked, index, context)
    if not query.content and not query.terms and not context:
        return refusal(question, index, f"I need a few more words to look up; ask about {about}.", query)
    ranked = rank(query, index, weights) if query.terms or context else None
    verdict = judge(query, ranked, weights, len(index.corpus.sentences))
    if not verdict.answer and not verdict.hedge:
        return refusal(question, index, _why_not(query, verdict, about), query)
    if exclude:
        ranked = ranked.without(exclude)
        if not len(ranked.ids) or ranked.coverage[0] <= 0:
            return refusal(question, index, "That is all the knowledge says about this.", query)
    corpus = index.corpus
    best = ranked.ids[0]
    answer_ids = [int(best)]
    sent = corpus.sentences[best]
    psents = corpus.passages[sent.passage].sentences
    if _needs_next(sent.text) and sent.number < len(psents):
        answer_ids.append(psents[sent.number])
    citations = []
    ordered = see_also(index, ranked, answer_ids, max(top, len(answer_ids)))
    score_of = {int(i): float(s) for i, s in zip(ranked.ids, ranked.scores)}
    for r, sid in enumerate(ordered[: max(top, len(answer_ids))], 1):
        s = corpus.sentences[sid]
        doc = corpus.documents[s.doc]
        citations.append(
            Citation(
                r,
                doc.source,
                doc.title,
                corpus.passages[s.passage].number,
                s.number,
                s.start,
                s.end,
                s.text,
                score_of.get(sid, 0.0),
                sid,
            )
        )
    parts = [corpus.plain(corpus.sentences[i]) for i in answer_ids]
    answer_text = " ".join(parts)
    found = locate_answer(parts[0], query)
    span = found[:2] if found else None
    short = parts[0][span[0] : span[1]] if span else None
    margin = float(ranked.scores[0] - ranked.scores[1]) if len(ranked.scores) > 1 else 1.0
    evidence = strength(query, ranked)
    confidence = float(
        np.clip(
            evidence
            * (CONFIDENCE_FLOOR + CONFIDENCE_COVERAGE * ranked.coverage[0] + CONFIDENCE_MARGIN * min(margin, 1.0)),
            0,
            1,
        )
    )
    if verdict.hedge:
        return Answer(
            question,
            False,
            None,
            None,
            min(confidence, HEDGE_CONFIDENCE),
            _hedge_message(query, verdict),
            citations,
            query.kind,
            query,
            None,
            tuple(answer_ids),
        )
    return Answer(
        question,
        True,
        answer_text,
        short,
        confidence,
        None,
        citations,
        query.kind,
        query,
        span,
        tuple(answer_ids),
        bool(found and found[2]),
    )


def _quoted(words) -> str:
    return ", ".join(f'"{w if len(w) <= 30 else w[:29] + "…"}"' for w in words)


def _why_not(query: Query, verdict, about: str) -> str:
    """The refusal's reason: the names the question gives that the knowledge lacks, else the
    words it lacks, and what the knowledge is about."""
    if verdict.missing_names:
        reason = f"The knowledge never mentions {_quoted(verdict.missing_names[:3])}. "
    elif query.missing:
        reason = f"The knowledge does not cover this: nothing mentions {_quoted(query.missing[:3])}. "
    else:
        reason = "The knowledge does not answer this. "
    return reason + f"It is about {about}."


def _hedge_message(query: Query, verdict) -> str:
    lacks = verdict.missing_names or query.missing
    lacks = f" (it never mentions {_quoted(lacks[:3])})" if lacks else ""
    return f"Not sure the knowledge answers this{lacks}; the closest it comes:"
