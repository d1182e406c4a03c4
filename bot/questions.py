"""Reading a question: what kind of answer it asks for, and which of its words to look up.

Rules, not a model: the wh-phrase gives the kind (person, date, number, duration, place,
entity, what, reason...); a hasty "whos" or "wat did" is read as meant; the words that only
say how the answer is asked for ("how many", "what year") are set apart from the words to find.
"""

from __future__ import annotations

import itertools
import re

from . import text, wordlists

# "how deep", "how strong": a measure, answered by a number
_HOW_MEASURES = wordlists.HOW_MODIFIERS - {"many", "much", "long", "soon", "late", "early"}


# "whats" and "whos" typed without the apostrophe
_WH_CONTRACTED = re.compile(r"\b(what|who|where|when|why|how)s\b", re.I)


def normalize_wh(question: str, known: set[str] | dict = frozenset()) -> str:
    """The question with its wh-word as meant: "whos" -> "who is", and a typo of the opening
    wh-word fixed when the next word is one that follows wh-words ("wat did", "hw many"), and
    the typed word is not a word of the knowledge (`known`: its terms)."""
    question = _WH_CONTRACTED.sub(lambda m: m.group(1) + " is", question)
    m = re.match(r"(\s*)([A-Za-z]{2,6})(\s+)([A-Za-z]+)", question)
    if not m:
        return question
    first, nxt = m.group(2).lower(), m.group(4).lower()
    if (
        first in wordlists.WH_WORDS_IN_ORDER
        or first in wordlists.STOPWORDS
        or nxt not in wordlists.AFTER_WH
        or text.stem(first) in known
    ):
        return question
    near = [wh for wh in wordlists.WH_WORDS_IN_ORDER if text.edit_distance(first, wh, 1) <= 1]
    # a letter left out or doubled ("whn" -> "when") before a letter mistyped ("whn" -> "who")
    fix = min(near, key=lambda wh: not (_subsequence(first, wh) or _subsequence(wh, first)), default=None)
    return question[: m.start(2)] + fix + question[m.end(2) :] if fix else question


def _subsequence(a: str, b: str) -> bool:
    it = iter(b)
    return all(ch in it for ch in a)


def wh_phrase_words(question: str) -> set[str]:
    """Folded words that belong to the question's wh-phrase ("how long", "what year")."""
    w = text.words(question)
    out: set[str] = set()
    for i, word in enumerate(w[:-1]):
        nxt = w[i + 1]
        if word == "how" and nxt in wordlists.HOW_MODIFIERS:
            out.add(nxt)
        elif word in ("what", "which") and nxt in wordlists.WHAT_MODIFIERS:
            out.add(nxt)
    return out


def who_mode(question: str) -> str:
    """'identity' (who is X?), 'object' (who did X meet?) or 'subject' (who confirmed X?)."""
    w = text.words(question)
    for i, word in enumerate(w[:-1]):
        if word in ("who", "whom"):
            nxt = w[i + 1]
            if nxt in ("is", "was", "are", "were"):
                return "identity"
            if word == "whom" or nxt in (
                "did",
                "does",
                "do",
                "will",
                "would",
                "has",
                "have",
                "had",
                "can",
                "could",
                "should",
                "might",
            ):
                return "object"
            return "subject"
    return "subject"


_NAME_Q = re.compile(r"\b(?:called|named|titled|the name of|what is the name|whats the name)\b")


def kind_of_question(question: str) -> str:
    """The kind of answer a question asks for."""
    w = text.words(question)
    if not w:
        return "other"
    if w[0] in ("what", "whats") and _NAME_Q.search(" ".join(w)):
        return "name"
    for i, word in enumerate(w):
        nxt = w[i + 1] if i + 1 < len(w) else ""
        nxt2 = w[i + 2] if i + 2 < len(w) else ""
        if word == "how":
            if nxt in ("many", "much"):
                return "number"
            if nxt == "long":
                return "duration"
            if nxt in _HOW_MEASURES:
                return "number"
            return "manner"
        if word in ("who", "whom", "whose"):
            return "person"
        if word == "when" or (word == "since" and nxt == "when"):
            return "date"
        if word == "where":
            return "place"
        if word == "why":
            return "reason"
        if word in ("what", "which"):
            noun = nxt2 if nxt in ("kind", "type", "sort") and nxt2 else nxt
            if noun in wordlists.QUESTION_FILLERS or (noun.endswith("ed") and len(noun) > 4):
                return "what"  # "what happened ...?", "what caused ...?": a verb, not a noun
            if nxt in ("is", "was", "are", "were") and nxt2 in ("the", "a", "an"):
                phrase = list(itertools.takewhile(lambda x: x not in wordlists.STOPWORDS, w[i + 3 :]))
                if phrase and phrase[-1] in wordlists.MEASURES:  # "what was the (gross) margin of ...?"
                    return "number"
            noun = (
                noun.rstrip("s")
                if noun.endswith("s") and noun[:-1] in wordlists.DATE_NOUNS | wordlists.PLACE_NOUNS
                else noun
            )
            if noun in wordlists.DATE_NOUNS:
                return "date"
            if noun in wordlists.PLACE_NOUNS:
                return "place"
            if noun in wordlists.PERSON_NOUNS:
                return "person"
            if noun in wordlists.QUANTITY_NOUNS:
                return "number"
            return "entity" if word == "which" or noun not in wordlists.STOPWORDS else "what"
    if w[0] in wordlists.AUXILIARIES:
        return "yesno"
    return "other"


def overlaps_question(span: str, qstems: set[str]) -> bool:
    """Does the span repeat a question word (or one sharing its first five letters)?"""
    terms = text.terms(span)
    if any(t in qstems for t in terms):
        return True
    long_terms = [t[:5] for t in terms if len(t) >= 5]
    return bool(long_terms) and bool(set(long_terms) & {q[:5] for q in qstems if len(q) >= 5})


def adds_to_question(span: str, qstems: set[str]) -> bool:
    """The span names something the question does not: "European Commission" for a question
    about the "European Union" (one of its content words is new)."""
    return any(not overlaps_question(w, qstems) for w in text.content_words(span))


def trailing_preposition(question: str) -> str | None:
    """The preposition a where-question ends on ("where does it come from?"): the answer
    follows the same preposition in the text ("shipped from Chile")."""
    w = text.words(question)
    return w[-1] if len(w) > 2 and w[-1] in wordlists.PLACE_PREPOSITIONS else None


def asks_what_was_said(question: str) -> bool:
    """ "What did Carney say (about cartels)?" wants the statement; "what did the court say he
    was entitled to?" still asks for a phrase inside it."""
    w = text.words(question)
    at = next((i for i, word in enumerate(w) if word in wordlists.CLAUSE_VERBS), None)
    return at is not None and (at + 1 == len(w) or w[at + 1] in ("about", "of", "on", "regarding", "concerning"))


def wh_noun(question: str) -> set[str]:
    """Terms of the noun a what/which question asks about: "what type of heating element" ->
    {"heat"}; empty for "what is ...", "what did ..."."""
    w = text.words(question)
    for i, word in enumerate(w):
        if word in ("what", "which"):
            rest = w[i + 1 :]
            if len(rest) > 2 and rest[0] in ("kind", "type", "sort", "form") and rest[1] == "of":
                rest = rest[2:]
            return set(text.terms(rest[0])) if rest and rest[0] not in wordlists.STOPWORDS else set()
    return set()
