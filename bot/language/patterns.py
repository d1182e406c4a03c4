"""The English that regular expressions read: questions about the document itself, dates,
durations, numbers and ages as news writes them, words that give a reason, names as runs of
capitalised words, pronouns, bylines and copyright lines. The words come from `wordlists`;
the shapes around them are here, once."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from bot.language import wordlists

# What follows a news dateline's place: "Los Angeles (CNN) --", "WASHINGTON (AP) —".
DATELINE_AFTER = re.compile(r"\s*\([^()]{2,30}\)\s*(?:--|[—–-])")

# ---------------------------------------------------------------------------------------------
# Dates, durations, numbers and ages (short answers)

# A month or a weekday is never a name or a place ("until Wednesday").
CALENDAR_WORDS = frozenset(wordlists.MONTHS + wordlists.MONTH_ABBREVIATIONS + wordlists.WEEKDAYS)

_MONTH = r"(?:" + "|".join(sorted(wordlists.MONTHS + wordlists.MONTH_ABBREVIATIONS, key=len, reverse=True)) + r")\.?"

_NUMWORD_RE = r"(?:" + "|".join(sorted(wordlists.NUMBER_WORDS, key=len, reverse=True)) + r")"

_NUMBER_RE = rf"(?:[$€£¥]\s?)?(?:\d(?:[\d,]*\d)?(?:\.\d+)?|{_NUMWORD_RE}(?:[- ]{_NUMWORD_RE})*)"

_UNIT_RE = r"(?:" + "|".join(wordlists.TIME_UNITS) + r")"


class Guarded:
    """A pattern, and a cheaper one that every match of it holds: in a text where the cheap one
    finds nothing, the costly one is not run. (re's case-blind alternations of words cost tens
    of microseconds a sentence, and a when-question reads every candidate for a date.) The
    costly one is compiled when first needed: a few milliseconds each, which `bot ask` pays
    only for a pattern its answer's sentences may hold."""

    __slots__ = ("source", "guard", "_pattern")

    def __init__(self, source: str, guard: str | None = None):
        self.source = source
        self.guard = re.compile(guard, re.I) if guard is not None else None
        self._pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            self._pattern = re.compile(self.source, re.I)
        return self._pattern

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.guard is not None and not self.guard.search(text):
            return iter(())
        return self.pattern.finditer(text)


_DIGIT = r"\d"
# What says a date more nearly: "early 2025", "late May 2024", "the mid-1990s"
_NEARLY = r"(?:early|late|mid)"
# An ordinal, in figures or words, perhaps said more nearly ("early 19th", "mid-nineteenth")
_ORDINAL = (
    rf"(?:{_NEARLY}[- ])?(?:\d{{1,2}}(?:st|nd|rd|th)|"
    + "|".join(sorted(wordlists.ORDINALS, key=len, reverse=True))
    + r")"
)
_RELATIVE = r"(?:ago|later|earlier|before|after)\b"

# A year's era, in capitals: after the year ("330 BC", "1200 AD"), or before it ("AD 476")
_ERA_BEFORE = r"(?-i:AD|A\.D\.)"
_ERA = rf"(?:{_ERA_BEFORE}|(?-i:BCE?|CE|B\.C\.(?:E\.)?|C\.E\.))"

DATE_PATTERNS = [
    Guarded(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b", _DIGIT),
    Guarded(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?\b", _DIGIT),
    Guarded(rf"\b(?:{_NEARLY}[- ])?{_MONTH}(?:\s+of)?\s+\d{{4}}\b", _DIGIT),
    Guarded(r"\b\d{4}\s*[-–—]\s*\d{2,4}\b", _DIGIT),
    Guarded(r"\b(?:the\s+)?(?:1[0-9]|20)\d0s\b", _DIGIT),
    # a century, or several ("the 19th century", "the late 18th and early 19th centuries")
    Guarded(rf"\b{_ORDINAL}(?:\s*(?:,|and|or|to|[-–—])\s*{_ORDINAL})*[- ]centur(?:y|ies)\b", r"centur"),
    # a year: four digits, or up to four with its era ("330 BC", "AD 476", "44 B.C.E.")
    Guarded(rf"\b\d{{1,4}}\s?{_ERA}(?!\w)|\b{_ERA_BEFORE}\s?\d{{1,4}}\b|\b(?:1[0-9]{{3}}|20[0-9]{{2}})\b", _DIGIT),
    Guarded(r"\b(?:" + "|".join(wordlists.WEEKDAYS) + r")\b"),
    Guarded(rf"\b{_NUMBER_RE}\s+{_UNIT_RE}\s+{_RELATIVE}", rf"\s{_RELATIVE}"),
    Guarded(r"\b(?:last|next|this)\s+(?:year|month|week|decade|century)\b"),
    Guarded(
        r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.m\.|[ap]m\b)|\b\d{1,2}:\d{2}\b|\b(?:noon|midnight)\b",
        r"\d|\b(?:noon|midnight)\b",
    ),
    Guarded(rf"\b{_NEARLY}[- ]?\d{{4}}s?\b", _DIGIT),
]

# A month named alone ("planted in May"), as a capitalised word: enough to say a sentence
# dates something (`evidence.lacks_kind`), too vague to be a date span of its own.
MONTH_NAMED = re.compile(r"\b(?:" + "|".join(m.capitalize() for m in wordlists.MONTHS) + r")\b")

DURATION_PATTERNS = [
    Guarded(rf"\b{_NUMBER_RE}(?:[- ](?:and[- ]a[- ]half|more))?[- ]{_UNIT_RE}\b", rf"\b{_UNIT_RE}\b"),
    Guarded(r"\b\d{4}\s*[-–—]\s*\d{2,4}\b", _DIGIT),
    Guarded(rf"\b(?:several|a few|a couple of|many|some)\s+(?:more\s+)?{_UNIT_RE}\b", rf"\b{_UNIT_RE}\b"),
]


# Units a measured number keeps in its answer ("35 kilometres", "1.2 billion euros")
_MEASURE_UNIT_RE = r"(?:" + "|".join(wordlists.MEASURE_UNITS) + r")"

NUMBER_PATTERN = re.compile(
    rf"(?<![\w.]){_NUMBER_RE}(?:\s*(?:%|percent|per cent|(?:million|billion|thousand|trillion|hundred)\b))?"
    rf"(?:\s+{_MEASURE_UNIT_RE})?(?![\w])",
    re.I,
)

YEAR = re.compile(r"1[0-9]{3}|20[0-9]{2}")


# Words that give a reason or a purpose: "why?" is answered where one of them stands
REASON = re.compile(
    r"\b(?:because|since|due to|owing to|thanks to|as a result|so that|in order to|"
    r"which is why|that is why|the reason|caused by|led to|aimed at|designed to)\b",
    re.I,
)

LEADING_DROP = re.compile(
    r"^(?:(?:the|a|an|in|on|at|during|after|before|according|as|but|and|while|when|however|"
    r"this|that|these|those|it|he|she|they|we|i|his|her|their|our)\b\s*)+",
    re.I,
)


# a name right before a reporting verb is who spoke
SPEECH_VERBS = re.compile(r"^\W*\s*(?:" + "|".join(sorted(wordlists.REPORTING_VERBS)) + r")\b", re.I)

# "how old", "what age": a number written as an age
AGE_AFTER = re.compile(r"-?\s?years?[- ]old\b|-year\b", re.I)
AGE_BEFORE = re.compile(r"\b(?:aged?|turn(?:s|ed|ing)?|at|is|was|were|be|been)\s+$|\($", re.I)
AGE_END = re.compile(r"[,;.)]|\s+(?:and|when|as|after|before|in|on|at)\b|\s*$", re.I)

# ---------------------------------------------------------------------------------------------
# Names

_CAP_TOKEN = r"(?:[A-Z\u00c0-\u00de][\w'’.\-–—]*|\d(?:[\d\-–—/.,]*\d)?(?:st|nd|rd|th)?)"


# A run of capitalised words (or numbers), joined by wordlists.NAME_JOINERS: a name candidate.
CAPITALISED_RUN = re.compile(
    rf"{_CAP_TOKEN}(?:\s+(?:(?:{'|'.join(sorted(wordlists.NAME_JOINERS - {'&'}))}|&)\s+)?{_CAP_TOKEN})*"
)

# he, she and their forms, as a follow-up uses them
PRONOUN = re.compile(r"\b(?:he|she|him|her|his|hers|himself|herself)\b", re.I)

# ---------------------------------------------------------------------------------------------
# Questions about the document itself, by what they ask for (an `About` of answering)

# Words for the document as a whole, and what may follow them ("the article about Mexico").
_NOUN = r"(?:article|story|piece|text|page|post|document|news story|item|passage|paragraph|essay|excerpt)"
_NAMED = rf"(?:this|(?:the|this|that) {_NOUN})"  # the document named: "it" may be anything
_DOC = rf"(?:it|{_NAMED})"
_TAIL = r"(?: about .*)?$"
# how much of it a summary takes in: "all about", "mainly about", "mostly about"
_HOW = r"(?:all |\w+ly )?"
_WHAT = r"(?:what (?:is |s |was )?|whats )"  # "what's" reads "what"
_TELLS = r"(?:talk about|tell us|tell us about|discuss|describe|deal with)"  # what a text does with its subject

DOCUMENT_QUESTIONS = [
    (
        "summary",
        re.compile(
            r"^(?:(?:please )?summar(?:y|ize|ise)\b.*|tl ?dr|tldr"
            r"|(?:give me |what is |whats )?(?:the )?(?:gist|summary|overview)\b.*"
            r"|(?:give me |what (?:is|are) )?(?:the )?(?:main|key) (?:points?|ideas?|facts?|takeaways?)"
            rf"(?: of {_DOC})?{_TAIL}"
            rf"|{_WHAT}the (?:main idea|main topic|topic|subject)(?: of {_DOC})?{_TAIL}"
            rf"|{_WHAT}it {_HOW}about|{_WHAT}{_NAMED} {_HOW}about\b.*"
            rf"|{_DOC} (?:is|was) {_HOW}about"
            rf"|what (?:does|did) {_DOC} {_HOW}{_TELLS})$"
        ),
    ),
    (
        "author",
        re.compile(
            rf"^(?:who (?:wrote|writes|authored|reported|penned) {_DOC}{_TAIL}"
            rf"|who (?:is|was) the (?:author|writer|reporter|journalist)"
            rf"(?: of {_DOC})?{_TAIL}|(?:the )?(?:author|byline|writer)$"
            rf"|by whom (?:is|was) {_DOC} (?:written|reported){_TAIL})"
        ),
    ),
    (
        "publisher",
        re.compile(
            rf"^(?:who (?:published|publishes|ran|released) {_DOC}{_TAIL}"
            rf"|who (?:is|was) the publisher(?: of {_DOC})?{_TAIL}"
            r"|(?:which|what) (?:newspaper|paper|site|website|outlet|publication|magazine|news site|agency) "
            rf"(?:published {_DOC}|publishes {_DOC}|ran {_DOC}|is {_DOC} (?:from|in|by)|(?:is|was) it){_TAIL}"
            rf"|where (?:is|was|does) {_DOC} (?:from|come from|published){_TAIL}|(?:the )?(?:publisher|source)$"
            rf"|what is the source(?: of {_DOC})?{_TAIL})"
        ),
    ),
    (
        "date",
        re.compile(
            rf"^(?:when (?:was|is) {_DOC} (?:published|written|posted|released|dated|from){_TAIL}"
            rf"|what (?:is|was) the (?:date|publication date|day)(?: of {_DOC}| it was published)?{_TAIL}"
            rf"|(?:the )?(?:date|published)$|how old is {_DOC}{_TAIL}"
            rf"|when (?:did|was) {_DOC} (?:come out|appear){_TAIL})"
        ),
    ),
    (
        "headline",
        re.compile(
            rf"^(?:{_WHAT}the (?:best )?(?:headline|title)(?: (?:of|for) {_DOC})?{_TAIL}|(?:the )?(?:headline|title)$"
            rf"|what (?:is|s) {_DOC} (?:called|titled){_TAIL})"
        ),
    ),
]

# "What is the film about?", "what does the book describe?": what a summary question calls the
# text, when that is one word (`about.calls_the_text`: a word the text never uses means the text)
SUMMARY_OF_A_NOUN = re.compile(
    rf"^(?:{_WHAT}(?:the|this|that) (\w+) {_HOW}about|what (?:does|did) (?:the|this|that) (\w+) {_HOW}{_TELLS})$"
)

# The adverb of how much a summary takes in ("the story mostly about", "the passage mainly
# tells"): no subject to pick a document by
SUMMARY_ADVERB = re.compile(
    rf"\b(?:it|this|{_NOUN}) (?:is |was |s )?(\w+ly) (?=about\b|talk|tell|discuss|describe|deal)"
)

# In a conversation "it" is what was being discussed, unless the question names the document
NAMES_THE_DOCUMENT = re.compile(r"\b(?:this|article|story|piece|page|post|document|passage|essay|excerpt)\b")

# ---------------------------------------------------------------------------------------------
# Bylines, copyright lines and dates in a document's text (metadata)


@functools.cache
def metadata_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The byline, copyright and date patterns, compiled when a document is first read: a
    cached index never needs them, and `bot ask` should not pay for them at start-up."""
    # "By Ana Ruiz", "By Ana Ruiz and Tom Wade, Reuters": a line of its own, near the top.
    byline = re.compile(
        r"^[ \t]*(?:\*\*|_)?[Bb]y[ \t]+(?P<name>[A-Z][\w.'’-]*"
        r"(?:[ \t]+(?:[A-Z][\w.'’-]*|and|&|de|van|von|der|la)){0,7})"
        r"(?:[ \t]*,[ \t]*(?P<org>[A-Z][\w.'’& -]{1,60}?))?[ \t]*(?:\*\*|_)?[ \t]*$",
        re.M,
    )
    # "© 2025 Latin Times", "Copyright 2025 Latin Times", "(c) 2024 The Herald. All rights reserved."
    copyright_ = re.compile(
        r"(?:©|\(c\)|[Cc]opyright)[ \t]*(?:©[ \t]*)?(?P<year>(?:19|20)\d\d)?[ \t,]*"
        r"(?P<name>[A-Z][^\n.,;|]{1,60}?)[ \t]*(?:[.,;|]|All rights|$)",
        re.M,
    )
    # A date in ISO form, or "March 2, 2025" / "2 March 2025".
    month = "|".join(m[:3] + r"[a-z]*" for m in wordlists.MONTHS)
    date = re.compile(
        rf"\b(?:(?:19|20)\d\d-\d\d-\d\d|(?:{month})\.?\s+\d{{1,2}},?\s+(?:19|20)\d\d"
        rf"|\d{{1,2}}\s+(?:{month})\.?\s+(?:19|20)\d\d)\b",
        re.I,
    )
    return byline, copyright_, date
