"""Reading a question: what kind of answer it asks for, and which of its words to look up.

Rules, not a model: the wh-phrase gives the kind (person, date, number, duration, place,
entity, what, reason...); a hasty "whos" or "wat did" is read as meant; the words that only
say how the answer is asked for ("how many", "what year") are set apart from the words to find.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Set
from dataclasses import dataclass
from enum import StrEnum

from bot.language import analysis, wordlists


class Kind(StrEnum):
    """What a question asks for. A str, so it compares and prints as its name ("person")."""

    PERSON = "person"
    PLACE = "place"
    DATE = "date"
    NUMBER = "number"
    DURATION = "duration"
    MANNER = "manner"
    REASON = "reason"
    ENTITY = "entity"  # "which treaty": a thing, often named
    WHAT = "what"  # "what did they agree?": a phrase
    NAME = "name"  # "what is the plan called?"
    YESNO = "yesno"
    OTHER = "other"


class WhoMode(StrEnum):
    """How a who-question asks for its person."""

    IDENTITY = "identity"  # who is X?
    OBJECT = "object"  # who did X meet?
    SUBJECT = "subject"  # who confirmed X?


class Gender(StrEnum):
    """Whom a pronoun can mean."""

    HE = "m"
    SHE = "f"


@dataclass(frozen=True)
class Question:
    """A question read once: everything the rules ask of it, so none of them reads it again."""

    text: str  # as meant: its wh-word read ("whos" -> "who is"), lower-case acronyms as acronyms
    words: tuple[str, ...]  # its folded words
    kind: Kind
    asked_by: frozenset[str]  # the words that only say how the answer is asked for ("how long")
    noun: frozenset[str]  # the terms of the noun a what/which question asks about
    who_mode: WhoMode
    after: str | None  # the preposition a where-question ends on ("come from?")
    wants_statement: bool  # "what did she say (about X)?": answered by what was said
    looks_back: bool  # "when did they last meet?": a duration may answer it
    stems: frozenset[str]  # the stems of all its words ("end" in "when does it end?")
    subject_verb: frozenset[str]  # in "who confirmed X?", the terms of "confirmed"
    named: tuple[str, ...]  # in "who is Mark Carney?", the words of the name, as typed
    phrases: frozenset[tuple[str, str]]  # its word pairs, stopwords included, wh-words not


def read(question: str, known: Collection[str] = frozenset(), kind: Kind | None = None) -> Question:
    """Read a question once (`known`: the knowledge's terms, so a typo of a wh-word that is a
    word of the text is left alone)."""
    question = normalize_wh(question, known)
    w = analysis.words(question)
    mode = who_mode(question)
    after_who = next((w[i + 1] for i, x in enumerate(w[:-1]) if x == "who"), "")
    m = re.search(r"\bwho\s+(?:is|was|are|were)\s+(.+)", question, re.I | re.S)
    words_named = re.findall(r"[\w'’.-]+", m.group(1)) if m else []
    named = tuple(x for x in words_named if analysis.fold(x) not in wordlists.STOPWORDS)
    return Question(
        text=question,
        words=tuple(w),
        kind=Kind(kind or kind_of_question(question)),
        asked_by=frozenset(wh_phrase_words(question)),
        noun=frozenset(wh_noun(question)),
        who_mode=mode,
        after=trailing_preposition(question),
        wants_statement=asks_what_was_said(question),
        looks_back=bool(wordlists.LOOKING_BACK & set(w)),
        stems=frozenset(analysis.stem(x) for x in w),
        subject_verb=frozenset(analysis.terms(after_who)) if mode == WhoMode.SUBJECT else frozenset(),
        named=named,
        phrases=frozenset(analysis.bigrams([x for x in w if x not in wordlists.WH_WORDS])),
    )


# The wh-words that also open a clause before the question itself ("When X, what ...?"); other
# openers ("If X, what ...?") are not wh-words, and the question's own wh-word is found anyway.
_CLAUSE_OPENERS = frozenset({"when", "where"})

# "how deep", "how strong": a measure, answered by a number
_HOW_MEASURES = wordlists.HOW_MODIFIERS - {"many", "much", "long", "soon", "late", "early"}


# "whats" and "whos" typed without the apostrophe
_WH_CONTRACTED = re.compile(r"\b(what|who|where|when|why|how)s\b", re.I)


def normalize_wh(question: str, known: Collection[str] = frozenset()) -> str:
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
        or analysis.stem(first) in known
    ):
        return question
    near = [wh for wh in wordlists.WH_WORDS_IN_ORDER if analysis.edit_distance(first, wh, 1) <= 1]
    # a letter left out or doubled ("whn" -> "when") before a letter mistyped ("whn" -> "who")
    fix = min(near, key=lambda wh: not (_subsequence(first, wh) or _subsequence(wh, first)), default=None)
    return question[: m.start(2)] + fix + question[m.end(2) :] if fix else question


def _subsequence(a: str, b: str) -> bool:
    it = iter(b)
    return all(ch in it for ch in a)


def wh_phrase_words(question: str) -> set[str]:
    """Folded words that belong to the question's wh-phrase ("how long", "what year")."""
    w = analysis.words(question)
    out: set[str] = set()
    for i, word in enumerate(w[:-1]):
        nxt = w[i + 1]
        if word == "how" and nxt in wordlists.HOW_MODIFIERS:
            out.add(nxt)
        elif word in ("what", "which") and nxt in wordlists.WHAT_MODIFIERS:
            out.add(nxt)
    return out


def who_mode(question: str) -> WhoMode:
    """'identity' (who is X?), 'object' (who did X meet?) or 'subject' (who confirmed X?)."""
    w = analysis.words(question)
    for i, word in enumerate(w[:-1]):
        if word in ("who", "whom"):
            nxt = w[i + 1]
            if nxt in ("is", "was", "are", "were"):
                return WhoMode.IDENTITY
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
                return WhoMode.OBJECT
            return WhoMode.SUBJECT
    return WhoMode.SUBJECT


_NAME_Q = re.compile(r"\b(?:called|named|titled|the name of|what is the name|whats the name)\b")


def kind_of_question(question: str) -> Kind:
    """The kind of answer a question asks for. A question that opens on a clause ("When the
    input is sorted, what case is it?") asks what its last part asks."""
    w = analysis.words(question)
    if not w:
        return Kind.OTHER
    if w[0] in _CLAUSE_OPENERS and len(w) > 1 and w[1] not in wordlists.AFTER_WH and "," in question:
        rest = question[question.rindex(",") + 1 :]  # "When X, | what ...?"
        if set(analysis.words(rest)) & wordlists.WH_WORDS:
            return kind_of_question(rest)
    if w[0] in ("what", "whats") and _NAME_Q.search(" ".join(w)):
        return Kind.NAME
    for i, word in enumerate(w):
        nxt = w[i + 1] if i + 1 < len(w) else ""
        nxt2 = w[i + 2] if i + 2 < len(w) else ""
        if word == "how":
            if nxt in ("many", "much"):
                return Kind.NUMBER
            if nxt == "long":
                return Kind.DURATION
            if nxt in _HOW_MEASURES:
                return Kind.NUMBER
            return Kind.MANNER
        if word in ("who", "whom", "whose"):
            return Kind.PERSON
        if word == "when" or (word == "since" and nxt == "when"):
            return Kind.DATE
        if word == "where":
            return Kind.PLACE
        if word == "why":
            return Kind.REASON
        if word in ("what", "which"):
            noun = nxt2 if nxt in ("kind", "type", "sort") and nxt2 else nxt
            if noun in wordlists.QUESTION_FILLERS or (noun.endswith("ed") and len(noun) > 4):
                return Kind.WHAT  # "what happened ...?", "what caused ...?": a verb, not a noun
            if nxt in ("is", "was", "are", "were") and nxt2 in ("the", "a", "an"):
                phrase = list(itertools.takewhile(lambda x: x not in wordlists.STOPWORDS, w[i + 3 :]))
                if phrase and phrase[-1] in wordlists.MEASURES:  # "what was the (gross) margin of ...?"
                    return Kind.NUMBER
            noun = (
                noun.rstrip("s")
                if noun.endswith("s") and noun[:-1] in wordlists.DATE_NOUNS | wordlists.PLACE_NOUNS
                else noun
            )
            if noun in wordlists.DATE_NOUNS:
                return Kind.DATE
            if noun in wordlists.PLACE_NOUNS:
                return Kind.PLACE
            if noun in wordlists.PERSON_NOUNS:
                return Kind.PERSON
            if noun in wordlists.QUANTITY_NOUNS:
                return Kind.NUMBER
            return Kind.ENTITY if word == "which" or noun not in wordlists.STOPWORDS else Kind.WHAT
    if w[0] in wordlists.AUXILIARIES:
        return Kind.YESNO
    return Kind.OTHER


def overlaps_question(span: str, qstems: Set[str]) -> bool:
    """Does the span repeat a question word (or one sharing its first five letters)?"""
    terms = analysis.terms(span)
    if any(t in qstems for t in terms):
        return True
    long_terms = [t[:5] for t in terms if len(t) >= 5]
    return bool(long_terms) and bool(set(long_terms) & {q[:5] for q in qstems if len(q) >= 5})


def adds_to_question(span: str, qstems: set[str]) -> bool:
    """The span names something the question does not: "European Commission" for a question
    about the "European Union" (one of its content words is new)."""
    return any(not overlaps_question(w, qstems) for w in analysis.content_words(span))


def trailing_preposition(question: str) -> str | None:
    """The preposition a where-question ends on ("where does it come from?"): the answer
    follows the same preposition in the text ("shipped from Chile")."""
    w = analysis.words(question)
    return w[-1] if len(w) > 2 and w[-1] in wordlists.PLACE_PREPOSITIONS else None


def asks_what_was_said(question: str) -> bool:
    """ "What did Carney say (about cartels)?" wants the statement; "what did the court say he
    was entitled to?" still asks for a phrase inside it."""
    w = analysis.words(question)
    at = next((i for i, word in enumerate(w) if word in wordlists.CLAUSE_VERBS), None)
    return at is not None and (at + 1 == len(w) or w[at + 1] in ("about", "of", "on", "regarding", "concerning"))


def wh_noun(question: str) -> set[str]:
    """Terms of the noun a what/which question asks about: "what type of heating element" ->
    {"heat"}; empty for "what is ...", "what did ..."."""
    w = analysis.words(question)
    for i, word in enumerate(w):
        if word in ("what", "which"):
            rest = w[i + 1 :]
            if len(rest) > 2 and rest[0] in ("kind", "type", "sort", "form") and rest[1] == "of":
                rest = rest[2:]
            return set(analysis.terms(rest[0])) if rest and rest[0] not in wordlists.STOPWORDS else set()
    return set()
