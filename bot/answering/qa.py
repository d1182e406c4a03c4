"""Questions in, answers out: the Answer a question gets, composed from the ranking.

    question --query.analyze--> Query --rank.rank--> Ranked --evidence--> Answer

This module composes: it asks the query, ranking and evidence modules, picks the answer
sentence (and the next one when it does not finish its thought), cites the ranker's next best,
and locates the short answer.
"""

from __future__ import annotations

from bot.answering.about import answer as answer_about
from bot.answering.about import asks_about_document, calls_the_text
from bot.answering.answers import About, Answer, cite, found, hedged, refused
from bot.answering.evidence import judge
from bot.answering.query import NO_CONTEXT, Context, Query, analyze
from bot.answering.rank import Ranked, rank
from bot.answering.scorer import Models
from bot.answering.short import Ranking, choose
from bot.index.bm25 import Index
from bot.language import analysis
from bot.language.questions import Kind

# A hedge is never more confident than this.
HEDGE_CONFIDENCE = 0.3


def see_also(ranked: Ranked, answer_ids: list[int], count: int) -> list[int]:
    """The answer's sentences, then the ranker's next best, in its order, up to `count` in all.

    The model's order is the citations' order. The rules that held a sentence back for sharing
    no word with the question, or for resembling the answer, cost the first three citations 2
    to 4 points on news and conversations and helped on no set (README, What the models
    replaced)."""
    chosen = list(answer_ids)
    rest = [int(i) for i in ranked.ids if int(i) not in chosen]
    return chosen + rest[: max(0, count - len(chosen))]


def _needs_next(sentence: str) -> bool:
    """A sentence that does not finish its thought: an open quotation or a trailing colon."""
    s = analysis.fold(sentence).rstrip()
    return s.count('"') % 2 == 1 and not s.endswith('"') or s.endswith(":")


def _continuation(index: Index, context: Context, exclude: frozenset[int]) -> int | None:
    """What "tell me more" goes on with: the sentence after the last answer, in the same
    document, not yet given, when it shares a word with that answer or the question."""
    if not context.last_answer:
        return None
    after = max(context.last_answer) + 1
    doc = index.sentence_doc
    if after >= len(doc) or doc[after] != doc[max(context.last_answer)] or after in exclude:
        return None
    said = set(context.answer_terms).union(*context.turns[:1])
    return after if said & set(index.sentence_terms[after]) else None


def _about(index: Index) -> str:
    return index.corpus.described()


def refusal(question: str, index: Index, reason: str, query: Query | None = None) -> Answer:
    return refused(question, reason, query.kind if query else Kind.OTHER, query)


def answer(
    question: str,
    index: Index,
    top: int = 3,
    models: Models | None = None,
    context: Context = NO_CONTEXT,
    exclude: frozenset[int] = frozenset(),
) -> Answer:
    """Answer one question from the index, or refuse with a reason.

    `context` is what the conversation so far adds (see `conversation.context`); `exclude`
    holds sentence ids already given as answers ("tell me more"): they are skipped, and the
    sentence after the last answer comes first when it goes on with it; `models`
    are the trained models to answer with (default: the shipped ones).
    """
    question = question if isinstance(question, str) else str(question)
    about = _about(index)
    if not question.strip():
        return refusal(question, index, f"Ask a question about {about}.")
    asked = analysis.strip_controls(question)  # what was meant, without a paste's colour codes
    if (about_it := asks_about_document(asked, context)) and not exclude:
        return answer_about(question, index, about_it, top, context)
    query = analyze(asked, index, context)
    if not exclude and calls_the_text(asked, query):
        return answer_about(question, index, About.SUMMARY, top, context)
    if not query.content and not query.terms and not context:
        return refusal(question, index, f"I need a few more words to look up; ask about {about}.", query)
    ranked = rank(query, index, models) if query.terms or context else None
    verdict = judge(query, ranked, index, models)
    if ranked is None or not verdict.answer and not verdict.hedge:
        return refusal(question, index, _why_not(query, verdict, about), query)
    if exclude:
        ranked = ranked.without(exclude)
        going_on = _continuation(index, context, exclude)
        ranked = ranked.first(going_on)
        if not len(ranked.ids) or ranked.coverage[0] <= 0 and ranked.ids[0] != going_on:
            return refusal(question, index, "That is all the knowledge says about this.", query)
    corpus = index.corpus
    best = ranked.ids[0]
    answer_ids = [int(best)]
    sent = corpus.sentences[best]
    psents = corpus.passages[sent.passage].sentences
    if _needs_next(sent.text) and sent.number < len(psents):
        answer_ids.append(psents[sent.number])
    shown = max(top, len(answer_ids))
    ordered = see_also(ranked, answer_ids, shown)
    score_of = {int(i): float(s) for i, s in zip(ranked.ids, ranked.scores)}
    citations = [cite(index, r, sid, score_of.get(sid, 0.0)) for r, sid in enumerate(ordered[:shown], 1)]
    parts = [corpus.plain(corpus.sentences[i]) for i in answer_ids]
    answer_text = " ".join(parts)
    confidence = verdict.probability
    if verdict.hedge:
        message = _hedge_message(query, verdict)
        confidence = min(confidence, HEDGE_CONFIDENCE)
        return hedged(question, message, citations, confidence, query.kind, query, tuple(answer_ids))
    # the short answer, by the short-answer model, knowing how sure the ranking is of the sentence
    scores = ranked.scores
    ranking = Ranking(
        confidence, float(scores[0]), float(scores[0] - scores[1]) if len(scores) > 1 else 0.0, len(scores) == 1
    )
    picked = choose(parts[0], query, ranking, models.short if models else None)
    span = (picked.start, picked.end) if picked else None
    short = parts[0][picked.start : picked.end] if picked else None
    return found(
        question,
        answer_text,
        citations,
        confidence,
        query.kind,
        short,
        span,
        bool(picked and picked.sure),
        query,
        tuple(answer_ids),
        picked.probability if picked else 0.0,
        ranking,
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
    never = verdict.missing_names or query.missing
    if never:
        why = f" (it never mentions {_quoted(never[:3])})"
    elif verdict.lacking:
        why = f" (no sentence about it gives a {verdict.lacking.value})"
    else:
        why = ""
    return f"Not sure the knowledge answers this{why}; the closest it comes:"
