"""Phrase answers: "what does X require?" has no typed span to look for; the answer is the run
of words the question lacks next to the words it has, or the examples a sentence gives of the
question's noun ("areas such as | agriculture, energy and health").
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass

from bot.answering.query import Query
from bot.language import analysis, wordlists
from bot.language.questions import Kind, overlaps_question

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


# Where a phrase answer stops. Quotation marks are not among them: 'based on "four pillars"'
# keeps the answer with its verb.
_HARD_BREAKS = set(";:()[]{}?!—–.")


# "why" and "how" want a clause, not a phrase, and bare keywords ask for no phrase at all.
PHRASE_KINDS = (Kind.WHAT, Kind.ENTITY, Kind.NAME)


# Kinds whose wh-noun may be answered by the examples a sentence gives of it ("which areas").
EXAMPLE_KINDS = (Kind.WHAT, Kind.ENTITY, Kind.PLACE)


@dataclass(frozen=True)
class PhraseWeights:
    """How a phrase answer is chosen among the runs of a sentence. Tuned on SQuAD's short
    answers with cross-validation by article (by the former `benchmarks/tune.py --spans`)."""

    after_question: float = 1.0  # the run follows a question word ("requires | a setup phase")
    before_question: float = 0.0  # the run precedes one
    length: float = 0.05  # penalty per token beyond `ideal`
    ideal: int = 6
    head_noun: float = 3.0  # the run stands before the question's wh-noun ("electric | heating element")
    capital: float = 0.3  # the run holds a name or a number
    position: float = 0.3  # penalty for starting late in the sentence (0..1 of its length)
    after_verb: float = 1.0  # the run follows the question's last content word, its verb


PHRASE_WEIGHTS = PhraseWeights()


def locate_phrase(sentence: str, query: Query, weights: PhraseWeights = PHRASE_WEIGHTS) -> tuple[int, int, bool] | None:
    """(start, end) of the best run of words the question lacks, and whether it stands next to
    the question's wh-noun; or None.

    The sentence is cut at question words and at punctuation; each run, trimmed of function
    words at both ends, is scored by where it stands (after a question word, after the
    question's verb, before the question's wh-noun, early in the sentence), its length and
    whether it holds a name."""
    qstems, verb_terms = query.stems, query.last_terms
    toks, cls = _classify(sentence, qstems, query.anchors)
    n = len(toks)
    # the noun as the question writes it: with its synonyms (query.noun) SQuAD's EM fell 0.001
    noun = query.question.noun
    best = None
    i = 0
    while i < n:
        if cls[i] in "QB":
            i += 1
            continue
        j = i
        while j < n and cls[j] not in "QB":
            j += 1
        a, b = i, j
        while a < b and cls[a] in "SP":
            a += 1
        while b > a and cls[b - 1] in "SP":
            b -= 1
        if a < b and any(cls[k] == "W" and _can_answer(toks[k][2]) for k in range(a, b)):
            score = weights.after_question * (i > 0 and cls[i - 1] == "Q")
            if verb_terms and i > 0 and cls[i - 1] == "Q" and set(analysis.terms(toks[i - 1][2])) & verb_terms & qstems:
                score += weights.after_verb  # "what did analysts expect?" -> "expected | total revenue"
            score += weights.before_question * (j < n and cls[j] == "Q")
            score -= weights.length * max(0, b - a - weights.ideal)
            by_noun = 0.0
            if noun and b < n and set(analysis.terms(toks[b][2])) & noun:
                by_noun = 1.0
            elif noun and a > 0 and set(analysis.terms(toks[a - 1][2])) & noun:
                by_noun = 0.6
            score += weights.head_noun * by_noun
            if any(toks[k][2][0].isupper() or toks[k][2][0].isdigit() for k in range(a, b)):
                score += weights.capital
            score -= weights.position * a / n
            if best is None or score > best[0]:
                best = (score, a, b, by_noun > 0)
        i = j
    if best is None:
        return None
    _, a, b, by_noun = best
    if noun and b < n and set(analysis.terms(toks[b][2])) & noun:
        k = b
        while k > a and cls[k - 1] == "W":
            k -= 1
        a = k if k < b else a  # only the words that modify the noun: "can be an | electric"
        b += 1  # "electric" -> "electric heating"
    b = _list_end(toks, cls, b)
    return toks[a][0], toks[b - 1][1], by_noun


def _classify(sentence: str, qstems: Set[str], anchor_terms: Set[str]) -> tuple[list[tuple[int, int, str]], list[str]]:
    """The sentence's tokens, and per token: Q question word, W other content word, S function
    word, B break, P other punctuation."""
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(sentence)]
    cls = []
    for _, _, t in toks:
        if not (t[0].isalnum() or t[0] == "_"):
            cls.append("B" if t in _HARD_BREAKS or t == "," else "P")
        elif not analysis.terms(t):
            cls.append("S")
        elif overlaps_question(t, qstems) or set(analysis.terms(t)) & anchor_terms:
            cls.append("Q")
        else:
            cls.append("W")
    return toks, cls


# Words that introduce examples of the noun before them (Hearst's patterns): "areas such as
# agriculture and energy", "drug trafficking, particularly fentanyl".
_EXAMPLE_CUES = [
    c.split()
    for c in (
        "such as",
        "including",
        "particularly",
        "especially",
        "notably",
        "namely",
        "like",
        "for example",
        "for instance",
        "in particular",
    )
]

_EXAMPLE_CUE = re.compile(r"\b(?:" + "|".join(r"\s+".join(c) for c in _EXAMPLE_CUES) + r")\b", re.I)


def examples_of(
    sentence: str,
    noun: Set[str],
    qstems: Set[str] = frozenset(),
    anchor_terms: Set[str] = frozenset(),
) -> tuple[int, int] | None:
    """(start, end) of the examples a sentence gives of the question's wh-noun: in "which areas
    does the plan cover?", "areas such as | agriculture, energy and health". None without such a
    pattern. The noun may carry a few words of its own before the cue ("drug trafficking,
    particularly ...")."""
    if not noun or not _EXAMPLE_CUE.search(sentence):
        return None
    heads = {t[:3] for t in noun}  # a stem's first letters open its words ("citi": city): a quick test
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(sentence)]
    folded = [analysis.fold(t) for _, _, t in toks]
    n = len(toks)
    cls: list[str] = []
    for k in range(n):
        if folded[k][:3] not in heads or not set(analysis.terms(toks[k][2])) & noun:
            continue
        for c in range(k + 1, min(n, k + 5)):
            cue = next((cue for cue in _EXAMPLE_CUES if folded[c : c + len(cue)] == cue), None)
            if cue is None:
                if folded[c] in _HARD_BREAKS:
                    break
                continue
            cls = cls or _classify(sentence, qstems, anchor_terms)[1]
            a = c + len(cue)
            while a < n and cls[a] in "SP" and folded[a] != ",":
                a += 1
            b = a
            while b < n and cls[b] not in "QB" and b - a < 12:
                b += 1
            listed = _list_end(toks, cls, b)
            if listed > b:
                b = listed
            elif a < b and toks[a][2][:1].isupper():
                # names: up to the first word that is not one ("AMD and Intel | race to build")
                b = next(
                    (
                        x
                        for x in range(a + 1, b)
                        if toks[x][2][:1].islower() and folded[x] not in ("and", "or", "of", "de", "the", "&")
                    ),
                    b,
                )
            else:  # one example: its noun phrase, not where it goes ("the flow of fentanyl |
                # across North America")
                b = next((x for x in range(a + 1, b) if folded[x] in wordlists.PLACING_PREPOSITIONS), b)
            while b > a and cls[b - 1] in "SP":
                b -= 1
            if a < b and any(cls[x] == "W" for x in range(a, b)):
                return toks[a][0], toks[b - 1][1]
            break
    return None


def _can_answer(word: str) -> bool:
    """Can this word carry a phrase answer? Not a reporting verb or a title, and not a bare
    participle ("based", "strengthening"): the answer is what such a verb governs."""
    low = analysis.fold(word)
    if low in wordlists.REPORTING_VERBS or low in wordlists.TITLES:
        return False
    return not (word[:1].islower() and low.endswith(("ed", "ing")) and len(low) > 4)


def _list_end(toks: list[tuple[int, int, str]], cls: list[str], b: int) -> int:
    """Carry a phrase on through a list it opens: "security | , trade, and climate change"."""
    k, items, end = b, 0, b
    while k < len(toks) and toks[k][2] == ",":
        m = k + 1
        if m < len(toks) and analysis.fold(toks[m][2]) in ("and", "or"):
            m += 1
        j = m
        while j < len(toks) and cls[j] not in "QB" and j - m < 4:
            j += 1
        joined = any(analysis.fold(toks[x][2]) in ("and", "or") for x in range(m - 1, j))
        if not any(cls[x] == "W" for x in range(m, j)) or (
            j < len(toks) and cls[j] != "B" and not (cls[j] == "Q" and joined)
        ):
            break  # no word of its own, or a clause running on rather than a list item
        items += 1
        last = j >= len(toks) or toks[j][2] != ","
        if analysis.fold(toks[m - 1][2]) in ("and", "or") or (
            last and any(analysis.fold(toks[x][2]) in ("and", "or") for x in range(m, j))
        ):
            # the last item: ", and Z" or ", Y and Z"
            end = j
            while end > m and cls[end - 1] in "SP":
                end -= 1
            break
        k = j
    return end if items >= 1 and end > b else b
