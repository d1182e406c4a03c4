"""Whether the knowledge answers a question: answer, hedge, or refuse with a reason.

A question about something else finds few of its words, finds them scattered over passages,
and matches no sentence well. A question that names someone or something the knowledge never
mentions is not answered, whatever else it shares with the text: its answer would be about
that name (when all else matches, the closest sentences are shown as a hedge). Between a clear
answer and nothing lies a hedge: the closest sentence, shown as such. In a conversation, a
follow-up with no words of its own ("why?", "whom?") is answered from the conversation, and
one whose words the text lacks is hedged from it; before any conversation, a question that
only a pronoun ties to the story ("how old is he?") is hedged, and one with words the text
lacks is judged as any question is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from . import analysis, wordlists
from .query import Query
from .rank import Ranked, Weights


@dataclass(frozen=True)
class Verdict:
    answer: bool  # the knowledge answers it
    hedge: bool = False  # it may: the closest sentences are shown, marked as uncertain
    missing_names: tuple[str, ...] = ()  # names the question gives that the knowledge lacks


# A hedge needs at least this share of the question's words in the knowledge: "How do I bake
# sourdough bread?" finds "bake" alone, and gets no "closest sentence".
HEDGE_COVERAGE = 0.5


# How much each part counts in `strength` (fitted on SQuAD with cross-validation by article
# when the abstention rule was first made; the bar it is held to is tuned by
# `benchmarks/tune.py abstain`).
STRENGTH_COVERAGE = 1 / 3  # the share of the question's words the knowledge holds
STRENGTH_PASSAGE = 2 / 3  # the share one passage holds together
STRENGTH_MATCH = 0.2 / 3  # the best sentence's fused match score


def strength(query: Query, ranked: Ranked | None) -> float:
    """How surely the knowledge answers the question, from 0 up: its words found in the
    knowledge, found together in one passage, and how well the best sentence matches."""
    if ranked is None:
        return STRENGTH_COVERAGE * query.coverage
    return (
        STRENGTH_COVERAGE * query.coverage
        + STRENGTH_PASSAGE * ranked.local_coverage
        + STRENGTH_MATCH * ranked.best_match
    )


def bar(weights: Weights, size: int) -> float:
    """The evidence an answer needs from a knowledge base of `size` sentences. The more text,
    the more of an unrelated question's words it holds by chance, so the bar rises with its
    size (tuned on news stories of 5 to 54 sentences and articles of 118 to 365)."""
    return weights.min_evidence + weights.evidence_per_size * math.log(max(size, 1))


def judge(query: Query, ranked: Ranked | None, weights: Weights, size: int) -> Verdict:
    """Answer, hedge or refuse (see the module's notes); `size`: sentences in the knowledge."""
    if ranked is None or not len(ranked.ids):
        return Verdict(False, missing_names=missing_names(query))
    covered = ranked.coverage[0] > 0
    needed = bar(weights, size)
    strong = covered and strength(query, ranked) >= needed
    names = missing_names(query)
    if names:  # never answered with something else; shown as a hedge when all else matches
        return Verdict(False, hedge=strong, missing_names=names)
    if strong:
        return Verdict(True)
    if query.context.earlier or query.context.last_answer:
        # a follow-up whose only words the text lacks are generic ("how long does it last?")
        # is answered from the conversation; one with a word of its own is hedged from it
        return Verdict(True) if all(w in wordlists.LIGHT_WORDS for w in query.missing) else Verdict(False, hedge=True)
    if query.context and all(w in wordlists.LIGHT_WORDS for w in query.missing):
        # no conversation yet, only whom "he" or "she" means, and no word of its own the text
        # lacks ("how old is he?"): the closest sentence, hedged
        return Verdict(False, hedge=True)
    if covered and query.coverage >= HEDGE_COVERAGE and strength(query, ranked) >= needed - weights.hedge_margin:
        return Verdict(False, hedge=True)
    return Verdict(False)


_WORD = re.compile(r"[\w'’.-]+")


def missing_names(query: Query) -> tuple[str, ...]:
    """The question's words that the knowledge lacks and that it types as names: capitalised
    past its first word ("What did Trump say?"), in a question that is not typed in capitals
    throughout. A question typed in lower case names nothing this way."""
    if not query.missing:
        return ()
    tokens = _WORD.findall(query.text)
    letters = [t for t in tokens if any(c.isalpha() for c in t)]
    if len(letters) > 1 and sum(t.isupper() for t in letters) > len(letters) / 2:
        return ()  # SHOUTED: capitals say nothing
    capitalised = {w for t in tokens[1:] if t[:1].isupper() for w in analysis.words(t)}
    return tuple(w for w in query.missing if w in capitalised)
