"""What a question asks for, and where that is in a sentence.

Rules, not a model: the question's wh-phrase gives a kind (person, date, number, duration,
place, entity...); a sentence is scanned for spans of that kind (names, dates, numbers with
units, capitalised noun phrases), and the span nearest the words the question and sentence
share, and not itself part of the question, is the short answer.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from . import text

_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                 "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
                 "eighty ninety hundred thousand million billion trillion dozen dozens hundreds "
                 "thousands millions billions half").split()
_TIME_UNITS = ("second seconds minute minutes hour hours day days week weeks month months year years "
               "decade decades century centuries").split()
_TITLES = set(("president prime minister premier chancellor mr mr. mrs mrs. ms ms. dr dr. sir lord lady "
               "king queen prince princess duke duchess pope saint st st. general gen. governor senator "
               "secretary ambassador professor prof. ceo chairman mayor judge justice bishop emperor "
               "leader head chief director founder captain colonel lieutenant sergeant rev. reverend").split())
_PERSON_NOUNS = set("person man woman people leader president minister who author founder king queen "
                    "scientist inventor player ruler official politician".split())
_PLACE_NOUNS = set("country city place state region continent town nation area province capital "
                   "location village island river".split())
_DATE_NOUNS = set("year date time day month century decade period era age".split())

_MONTH_RE = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_NUMWORD_RE = r"(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_NUMBER_RE = rf"(?:[$€£¥]\s?)?(?:\d(?:[\d,]*\d)?(?:\.\d+)?|{_NUMWORD_RE}(?:[- ]{_NUMWORD_RE})*)"
_UNIT_RE = r"(?:" + "|".join(_TIME_UNITS) + r")"

_DATE_PATTERNS = [re.compile(p, re.I) for p in (
    rf"\b{_MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b",
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+\d{{4}})?\b",
    rf"\b(?:(?:early|late|mid)[- ])?{_MONTH_RE}(?:\s+of)?\s+\d{{4}}\b",
    r"\b\d{4}\s*[-–—]\s*\d{2,4}\b",
    r"\b(?:the\s+)?(?:1[0-9]|20)\d0s\b",
    r"\b\d{1,2}(?:st|nd|rd|th)[- ]century\b",
    r"\b(?:1[0-9]{3}|20[0-9]{2})\b",
    r"\b(?:" + "|".join(_WEEKDAYS) + r")\b",
    rf"\b{_NUMBER_RE}\s+{_UNIT_RE}\s+(?:ago|later|earlier|before|after)\b",
    rf"\b(?:last|next|this)\s+(?:year|month|week|decade|century)\b",
    r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.m\.|[ap]m\b)|\b\d{1,2}:\d{2}\b|\b(?:noon|midnight)\b",
    rf"\b(?:early|late|mid)[- ]?\d{{4}}s?\b",
)]
_DURATION_PATTERNS = [re.compile(p, re.I) for p in (
    rf"\b{_NUMBER_RE}(?:[- ](?:and[- ]a[- ]half|more))?[- ]{_UNIT_RE}\b",
    r"\b\d{4}\s*[-–—]\s*\d{2,4}\b",
    rf"\b(?:several|a few|a couple of|many|some)\s+(?:more\s+)?{_UNIT_RE}\b",
)]
# Units a measured number keeps in its answer ("35 kilometres", "1.2 billion euros")
_MEASURE_UNIT_RE = r"(?:" + "|".join("""km kilometres kilometers kilometre kilometer miles mile metres meters metre
meter cm mm feet foot ft inches kg kilograms kilogram tonnes tonne tons ton pounds lb degrees mph km/h
euros euro dollars dollar pounds yen pesos yuan rupees acres hectares""".split()) + r")"
_NUMBER_PATTERN = re.compile(
    rf"(?<![\w.]){_NUMBER_RE}(?:\s*(?:%|percent|per cent|(?:million|billion|thousand|trillion|hundred)\b))?"
    rf"(?:\s+{_MEASURE_UNIT_RE})?(?![\w])", re.I)
_YEAR = re.compile(r"1[0-9]{3}|20[0-9]{2}")
_CAP_TOKEN = r"(?:[A-Z\u00c0-\u00de][\w'’.\-–—]*|\d(?:[\d\-–—/.,]*\d)?(?:st|nd|rd|th)?)"
_CAP_SEQ = re.compile(rf"{_CAP_TOKEN}(?:\s+(?:(?:of|de|del|da|van|von|der|la|le|bin|al|the|and|&)\s+)?{_CAP_TOKEN})*")


# Words that only say how the answer is asked for: dropped from the question's content.
_HOW_MODIFIERS = {"many", "much", "long", "old", "far", "big", "large", "tall", "high", "often",
                  "fast", "heavy", "deep", "soon", "late", "early", "strong", "powerful", "wide", "hot",
                  "cold", "severe", "expensive"}
# "how deep" asks for a depth: the noun a text measures it by, looked for in the text
MEASURE_NOUNS = {"deep": "depth", "wide": "width", "high": "height", "tall": "height", "heavy": "weight",
                 "fast": "speed", "far": "distance", "big": "size", "large": "size", "old": "age",
                 "strong": "strength", "powerful": "power", "long": "length", "hot": "temperature",
                 "cold": "temperature", "expensive": "cost"}
# "what was the depth of ...?" asks for a number
_MEASURES = frozenset(MEASURE_NOUNS.values()) | frozenset("""magnitude population toll total rate
percentage value amount number price cost capacity distance revenue revenues profit profits income sales
budget debt deficit salary wage margin growth inflation unemployment turnout score""".split())
_WHAT_MODIFIERS = {"kind", "type", "sort", "year", "date", "time", "day", "month", "number", "amount"}
QUESTION_FILLERS = frozenset("""mention mentioned mentions article text story passage document
paragraph according happen happened happens call called named""".split())


_WH_ORDER = ("what", "who", "where", "when", "why", "which", "how", "whose", "whom")
# "whats" and "whos" typed without the apostrophe
_WH_CONTRACTED = re.compile(r"\b(what|who|where|when|why|how)s\b", re.I)
# Words that follow a wh-word: a typo of one is only fixed before one of these ("wat did ...").
_AFTER_WH = frozenset("""is are was were did does do can could will would should has have had many
much long often old far year kind type""".split())


def normalize_wh(question: str, known: set[str] | dict = frozenset()) -> str:
    """The question with its wh-word as meant: "whos" -> "who is", and a typo of the opening
    wh-word fixed when the next word is one that follows wh-words ("wat did", "hw many"), and
    the typed word is not a word of the knowledge (`known`: its terms)."""
    question = _WH_CONTRACTED.sub(lambda m: m.group(1) + " is", question)
    m = re.match(r"(\s*)([A-Za-z]{2,6})(\s+)([A-Za-z]+)", question)
    if not m:
        return question
    first, nxt = m.group(2).lower(), m.group(4).lower()
    if first in _WH_ORDER or first in text.STOPWORDS or nxt not in _AFTER_WH or text.stem(first) in known:
        return question
    near = [wh for wh in _WH_ORDER if text.edit_distance(first, wh, 1) <= 1]
    # a letter left out or doubled ("whn" -> "when") before a letter mistyped ("whn" -> "who")
    fix = min(near, key=lambda wh: not (_subsequence(first, wh) or _subsequence(wh, first)), default=None)
    return question[:m.start(2)] + fix + question[m.end(2):] if fix else question


def _subsequence(a: str, b: str) -> bool:
    it = iter(b)
    return all(ch in it for ch in a)


def wh_phrase_words(question: str) -> set[str]:
    """Folded words that belong to the question's wh-phrase ("how long", "what year")."""
    w = text.words(question)
    out: set[str] = set()
    for i, word in enumerate(w[:-1]):
        nxt = w[i + 1]
        if word == "how" and nxt in _HOW_MODIFIERS:
            out.add(nxt)
        elif word in ("what", "which") and nxt in _WHAT_MODIFIERS:
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
            if word == "whom" or nxt in ("did", "does", "do", "will", "would", "has", "have", "had",
                                         "can", "could", "should", "might"):
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
            if nxt in _HOW_MODIFIERS - {"many", "much", "long", "soon", "late", "early"}:
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
            if noun in QUESTION_FILLERS or (noun.endswith("ed") and len(noun) > 4):
                return "what"  # "what happened ...?", "what caused ...?": a verb, not a noun
            if nxt in ("is", "was", "are", "were") and nxt2 in ("the", "a", "an"):
                phrase = list(itertools.takewhile(lambda x: x not in text.STOPWORDS, w[i + 3:]))
                if phrase and phrase[-1] in _MEASURES:  # "what was the (gross) margin of ...?"
                    return "number"
            noun = noun.rstrip("s") if noun.endswith("s") and noun[:-1] in _DATE_NOUNS | _PLACE_NOUNS else noun
            if noun in _DATE_NOUNS:
                return "date"
            if noun in _PLACE_NOUNS:
                return "place"
            if noun in _PERSON_NOUNS:
                return "person"
            if noun in ("number", "amount", "percentage", "percent", "proportion", "share", "cost", "price"):
                return "number"
            return "entity" if word == "which" or noun not in text.STOPWORDS else "what"
    if w[0] in ("is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would",
                "has", "have", "had", "should", "shall", "may", "might", "must"):
        return "yesno"
    return "other"


def _overlaps_question(span: str, qstems: set[str]) -> bool:
    """Does the span repeat a question word (or one sharing its first five letters)?"""
    terms = text.terms(span)
    if any(t in qstems for t in terms):
        return True
    long_terms = [t[:5] for t in terms if len(t) >= 5]
    return bool(long_terms) and bool(set(long_terms) & {q[:5] for q in qstems if len(q) >= 5})


def _adds_to_question(span: str, qstems: set[str]) -> bool:
    """The span names something the question does not: "European Commission" for a question
    about the "European Union" (one of its content words is new)."""
    return any(not _overlaps_question(w, qstems) for w in text.content_words(span))


# A duration answers "when" only as a distance back in time ("when did they last meet?" ->
# "in eight years"), at this prior.
DURATION_AS_DATE = 0.4
_LOOKS_BACK = frozenset("last ago since previous previously before recently".split())


def _spans(sentence: str, kind: str) -> list[tuple[int, int, float]]:
    """Candidate (start, end, prior) spans of a kind in a sentence."""
    out: list[tuple[int, int, float]] = []
    if kind == "date":
        for prio, pat in enumerate(_DATE_PATTERNS):
            out += [(m.start(), m.end(), 1.0 - prio * 0.05) for m in pat.finditer(sentence)]
        out += [(s, e, DURATION_AS_DATE) for s, e, _ in _spans(sentence, "duration")]
    elif kind == "duration":
        for prio, pat in enumerate(_DURATION_PATTERNS):
            out += [(m.start(), m.end(), 1.0 - prio * 0.2) for m in pat.finditer(sentence)]
    elif kind == "number":
        for m in _NUMBER_PATTERN.finditer(sentence):
            s = m.group()
            if s.lower() in ("one",) and kind == "number":  # "one of the..." is rarely a count
                out.append((m.start(), m.end(), 0.3))
            elif _YEAR.fullmatch(s):  # "In 2010, a magnitude 8.8 quake": a year is rarely the count
                out.append((m.start(), m.end(), 0.6))
            else:
                out.append((m.start(), m.end(), 1.0 if any(c.isdigit() for c in s) else 0.9))
    elif kind in ("person", "place", "entity", "what", "name"):
        for m in _CAP_SEQ.finditer(sentence):
            s, e = m.start(), m.end()
            while e > s and sentence[e - 1] in ".,;:'’-":
                e -= 1
            if e > s:
                out.append((s, e, 1.0))
    return out


def _name_spans(sentence: str, qstems: set[str]) -> list[tuple[int, int]]:
    """Capitalised names of two or more words that contain a question word: the answer to
    "what is the plan called?" is the name that has "Plan" in it."""
    out = []
    for s, e, _ in _spans(sentence, "name"):
        m = _LEADING_DROP.match(sentence[s:e])
        if m and m.end():
            s += m.end()
        if s < e and " " in sentence[s:e].strip() and set(text.terms(sentence[s:e])) & qstems:
            out.append((s, e))
    return out


def _place_name(sentence: str, s: int, e: int) -> bool:
    """Can sentence[s:e] name a place: not a bare number, not a nationality used as an
    adjective ("Dutch energy company")?"""
    span = sentence[s:e]
    if re.fullmatch(r"[\d\W]+", span) or text.fold(span).strip(".") in _MONTHS + _WEEKDAYS:
        return False
    if any(text.fold(w).strip(".") in _TITLES for w in span.split()[:2]):
        return False  # "Interior Minister Carolina Tohá" is a person
    return not (_is_demonym(text.fold(span.split()[-1])) and re.match(r"\s+[a-z]", sentence[e:e + 2]))


# Words that give a reason or a purpose: "why?" is answered where one of them stands
_REASON = re.compile(r"\b(?:because|since|due to|owing to|thanks to|as a result|so that|in order to|"
                     r"which is why|that is why|the reason|caused by|led to|aimed at|designed to)\b", re.I)


def trailing_preposition(question: str) -> str | None:
    """The preposition a where-question ends on ("where does it come from?"): the answer
    follows the same preposition in the text ("shipped from Chile")."""
    w = text.words(question)
    return w[-1] if len(w) > 2 and w[-1] in _PLACE_PREPOSITIONS else None


_PLACE_PREPOSITIONS = frozenset("from to in at into near".split())


def sentence_has_kind(sentence: str, kind: str, qstems: set[str], noun: set[str] = frozenset(),
                      after: str | None = None, question: str = "") -> float:
    """1.0 when the sentence holds something of the asked-for kind that the question lacks;
    for "which NOUN" questions, examples of the noun ("areas such as ...") count too. A place
    must be a name, not a number, and follow `after` when the question ends on it. For "who is
    NAME?" (`question`), what counts is a description of the name ("Greenpeace campaigner")."""
    if kind == "person" and question and _names_only(question, sentence):
        return 1.0 if _description(sentence, question) else 0.0
    if kind in EXAMPLE_KINDS and noun and examples_of(sentence, noun, qstems):
        return 1.0
    if kind == "name":
        return 1.0 if _name_spans(sentence, qstems) else 0.0
    if kind == "reason":
        return 1.0 if _REASON.search(sentence) else 0.0
    if kind not in ("date", "number", "duration", "person", "place"):
        return 0.0
    for s, e, prior in _spans(sentence, kind):
        if prior < 0.5:
            continue
        span = sentence[s:e]
        if kind in ("person", "place"):
            if (s == 0 and not _opening_name(span)) or not _adds_to_question(span, qstems):
                continue
            if kind == "place" and (not _place_name(sentence, s, e) or (
                    after and text.words(sentence[max(0, s - 20):s])[-1:] != [after])):
                continue
        elif _overlaps_question(span, qstems):
            continue
        return 1.0
    return 0.0


_NAME_JOINERS = frozenset("of de del da van von der la le bin al the and &".split())


def _opening_name(span: str) -> bool:
    """A capitalised run that opens a sentence is a name when, past leading function words,
    two or more capitalised words remain ("The European Commission has ..."): a single
    capitalised word there may be any word."""
    words = span.split()
    while words and text.fold(words[0]) in text.STOPWORDS:
        words.pop(0)
    named = [w for w in words if text.fold(w) not in _NAME_JOINERS]  # "Port of Rotterdam"
    return len(named) >= 2 and all(w[:1].isupper() for w in named)


_LEADING_DROP = re.compile(
    r"^(?:(?:the|a|an|in|on|at|during|after|before|according|as|but|and|while|when|however|"
    r"this|that|these|those|it|he|she|they|we|i|his|her|their|our)\b\s*)+", re.I)


def _trim_name(sentence: str, s: int, e: int, qstems: set[str], person: bool = False) -> tuple[int, int, int] | None:
    """Drop leading function words, titles and question words from a capitalised span (and,
    for a person, leading numbers: "2025 Latin Times" -> "Latin Times")."""
    tokens = [(m.start() + s, m.end() + s) for m in re.finditer(r"\S+", sentence[s:e])]
    unexplained = 0  # leading words dropped that the question did not ask about ("Mexican President")
    while tokens:
        tok = sentence[tokens[0][0]:tokens[0][1]]
        low = text.fold(tok).strip(".,")
        if (low in text.STOPWORDS or low in _TITLES or low in ("of", "de", "&") or (person and low.isdigit())
                or _overlaps_question(tok, qstems)):
            tokens.pop(0)
            continue
        if len(tokens) > 1 and _is_demonym(low) and text.fold(sentence[tokens[1][0]:tokens[1][1]]) in _TITLES:
            unexplained += 1
            tokens.pop(0)
            continue
        break
    while tokens:
        tok = sentence[tokens[-1][0]:tokens[-1][1]]
        low = text.fold(tok).strip(".,")
        if low in text.STOPWORDS or low in ("of", "de", "&") or _overlaps_question(tok, qstems):
            tokens.pop()
            continue
        break
    if not tokens:
        return None
    return tokens[0][0], tokens[-1][1], unexplained


# Demonyms that no ending gives away
_DEMONYMS = frozenset("dutch french greek swiss thai czech welsh scots basque filipino lao kyrgyz".split())


def _is_demonym(word: str) -> bool:
    """A nationality adjective ("Mexican", "Japanese", "Dutch"), by its ending or by list."""
    return (word.endswith(("an", "ian", "ese", "ish", "i")) or word in _DEMONYMS) and word.isalpha()


_ROLE_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ive", "man", "woman", "person", "ee")


def _description(sentence: str, question: str) -> tuple[int, int] | None:
    """What the sentence calls the person a "who is NAME?" question names: the title or role
    just before the name ("said Greenpeace campaigner | Faiza Oulahsen") or an appositive just
    after it ("Mark Carney, | the prime minister of Canada,"). None when it gives neither."""
    m = re.search(r"\bwho\s+(?:is|was|are|were)\s+(.+)", question, re.I | re.S)
    if not m:
        return None
    asked = [w for w in re.findall(r"[\w'’.-]+", m.group(1)) if text.fold(w) not in text.STOPWORDS]
    found = [x for w in asked for x in re.finditer(rf"(?<![\w-]){re.escape(w)}(?![\w-])", sentence, re.I)]
    if not found:
        return None
    start = min(x.start() for x in found)
    end = start
    for x in sorted(found, key=lambda x: x.start()):  # the name: the asked words in a row
        if x.start() <= end + 2:
            end = max(end, x.end())
    # and the rest of the name before them ("Boudewijn | Siemons"), up to a title
    while (m := re.search(r"([A-Z\u00c0-\u00de][\w'’-]*)\s+$", sentence[:start])) and not (
            text.fold(m.group(1)) in _TITLES or text.fold(m.group(1)).endswith(_ROLE_ENDINGS)):
        start = m.start(1)
    after = re.match(r"\s*,\s*((?:the|a|an)\s[^,;:.()]{3,80}?)\s*[,;.]", sentence[end:])
    if after:
        return end + after.start(1), end + after.end(1)
    run = []
    for tok in reversed(list(re.finditer(r"[\w'’.-]+|[^\w\s]", sentence[:start]))):
        low = text.fold(tok.group()).strip(".")
        if (not tok.group()[0].isalnum() or low in text.STOPWORDS or low in _SPEECH or len(run) == 5
                or tok.group()[0].isdigit()):
            break
        run.insert(0, tok)
    while run and not (text.fold(run[-1].group()) in _TITLES or text.fold(run[-1].group()).endswith(_ROLE_ENDINGS)):
        run.pop()  # the run must end on a title or role ("campaigner", "minister", "executive")
    return (run[0].start(), run[-1].end()) if run else None


def _names_only(question: str, sentence: str) -> bool:
    """Is the question "who is <a name>?": every word after "who is" a capitalised word (in the
    question, or in the sentence when the question was typed in lower case)?"""
    m = re.search(r"\bwho\s+(?:is|was|are|were)\s+(.+)", question, re.I | re.S)
    if not m:
        return False
    rest = [w for w in re.findall(r"[\w'’.-]+", m.group(1)) if text.fold(w) not in text.STOPWORDS]
    if not rest or any(text.fold(w) in _TITLES | _PERSON_NOUNS or w in text.ACRONYMS for w in rest):
        return False  # "who is the Canadian PM?" asks for a name
    capitalised = {text.fold(w) for w in re.findall(r"\b[A-Z\u00c0-\u00de][\w'’-]*", sentence)}
    if all(w[:1].isupper() for w in rest):
        return True
    # typed in lower case: the asked words the sentence has are capitalised there ("who is
    # mark carney?" against "Prime Minister Carney said")
    said = set(text.words(sentence))
    present = [text.fold(w).strip(".") for w in rest if text.fold(w).strip(".") in said]
    return bool(present) and all(w in capitalised for w in present)


# ---------------------------------------------------------------------------------------------
# Phrase answers: "what does X require?" has no typed span to look for; the answer is the run of
# words the question does not have, next to the words it does.

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
_HARD_BREAKS = set(';:()[]{}"“”?!—–.')
# "why" and "how" want a clause, not a phrase, and bare keywords ask for no phrase at all.
PHRASE_KINDS = ("what", "entity", "name")
# Kinds whose wh-noun may be answered by the examples a sentence gives of it ("which areas").
EXAMPLE_KINDS = ("what", "entity", "place")
# "What did she say about X?" asks for what was said, a clause: no phrase answers it.
_CLAUSE_VERBS = frozenset("""say said says tell told tells state stated states announce announced
announces explain explained explains think thought believe believed argue argued claim claimed
write wrote written describe described mean meant""".split())


def _asks_what_was_said(question: str) -> bool:
    """ "What did Carney say (about cartels)?" wants the statement; "what did the court say he
    was entitled to?" still asks for a phrase inside it."""
    w = text.words(question)
    at = next((i for i, word in enumerate(w) if word in _CLAUSE_VERBS), None)
    return at is not None and (at + 1 == len(w) or w[at + 1] in ("about", "of", "on", "regarding", "concerning"))


_SPEECH = frozenset("said says say stated added told wrote noted explained announced asked".split())


@dataclass(frozen=True)
class PhraseWeights:
    """How a phrase answer is chosen among the runs of a sentence. Tuned by
    `benchmarks/tune.py --spans` with cross-validation by article."""

    after_question: float = 1.0  # the run follows a question word ("requires | a setup phase")
    before_question: float = 0.0  # the run precedes one
    length: float = 0.05  # penalty per token beyond `ideal`
    ideal: int = 6
    head_noun: float = 3.0  # the run stands before the question's wh-noun ("electric | heating element")
    capital: float = 0.3  # the run holds a name or a number
    position: float = 0.3  # penalty for starting late in the sentence (0..1 of its length)
    after_verb: float = 1.0  # the run follows the question's last content word, its verb


PHRASE_WEIGHTS = PhraseWeights()


def wh_noun(question: str) -> set[str]:
    """Terms of the noun a what/which question asks about: "what type of heating element" ->
    {"heat"}; empty for "what is ...", "what did ..."."""
    w = text.words(question)
    for i, word in enumerate(w):
        if word in ("what", "which"):
            rest = w[i + 1:]
            if len(rest) > 2 and rest[0] in ("kind", "type", "sort", "form") and rest[1] == "of":
                rest = rest[2:]
            return set(text.terms(rest[0])) if rest and rest[0] not in text.STOPWORDS else set()
    return set()


def phrase_answer(sentence: str, question: str, qstems: set[str], anchor_terms: set[str] = frozenset(),
                  weights: PhraseWeights = PHRASE_WEIGHTS) -> tuple[int, int] | None:
    """(start, end) of the best run of words the question lacks, or None.

    The sentence is cut at question words and at punctuation; each run, trimmed of function
    words at both ends, is scored by where it stands (after a question word, before the
    question's wh-noun, early in the sentence), its length and whether it holds a name."""
    found = _phrase(sentence, question, qstems, anchor_terms, weights)
    return found[:2] if found else None


def _phrase(sentence: str, question: str, qstems: set[str], anchor_terms: set[str],
            weights: PhraseWeights, verb_terms: set[str] | None = None) -> tuple[int, int, bool] | None:
    """phrase_answer's span, and whether it stands next to the question's wh-noun."""
    toks, cls = _classify(sentence, qstems, anchor_terms)
    n = len(toks)
    noun = wh_noun(question)
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
            if verb_terms and i > 0 and cls[i - 1] == "Q" and set(text.terms(toks[i - 1][2])) & verb_terms:
                score += weights.after_verb  # "what did analysts expect?" -> "expected | total revenue"
            score += weights.before_question * (j < n and cls[j] == "Q")
            score -= weights.length * max(0, b - a - weights.ideal)
            by_noun = 0.0
            if noun and b < n and set(text.terms(toks[b][2])) & noun:
                by_noun = 1.0
            elif noun and a > 0 and set(text.terms(toks[a - 1][2])) & noun:
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
    if noun and b < n and set(text.terms(toks[b][2])) & noun:
        k = b
        while k > a and cls[k - 1] == "W":
            k -= 1
        a = k if k < b else a  # only the words that modify the noun: "can be an | electric"
        b += 1  # "electric" -> "electric heating"
    b = _list_end(toks, cls, b)
    return toks[a][0], toks[b - 1][1], by_noun


def _classify(sentence: str, qstems: set[str], anchor_terms: set[str]) -> tuple[list[tuple[int, int, str]], list[str]]:
    """The sentence's tokens, and per token: Q question word, W other content word, S function
    word, B break, P other punctuation."""
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(sentence)]
    cls = []
    for _, _, t in toks:
        if not (t[0].isalnum() or t[0] == "_"):
            cls.append("B" if t in _HARD_BREAKS or t == "," else "P")
        elif not text.terms(t):
            cls.append("S")
        elif _overlaps_question(t, qstems) or set(text.terms(t)) & anchor_terms:
            cls.append("Q")
        else:
            cls.append("W")
    return toks, cls


# Words that introduce examples of the noun before them (Hearst's patterns): "areas such as
# agriculture and energy", "drug trafficking, particularly fentanyl".
_EXAMPLE_CUES = [c.split() for c in ("such as", "including", "particularly", "especially", "notably",
                                      "namely", "like", "for example", "for instance", "in particular")]
_EXAMPLE_CUE = re.compile(r"\b(?:" + "|".join(r"\s+".join(c) for c in _EXAMPLE_CUES) + r")\b", re.I)


_PLACING_PREPOSITIONS = frozenset("across in into from to through between for on at with by within "
                                  "over under during".split())


def examples_of(sentence: str, noun: set[str], qstems: set[str] = frozenset(),
                anchor_terms: set[str] = frozenset()) -> tuple[int, int] | None:
    """(start, end) of the examples a sentence gives of the question's wh-noun: in "which areas
    does the plan cover?", "areas such as | agriculture, energy and health". None without such a
    pattern. The noun may carry a few words of its own before the cue ("drug trafficking,
    particularly ...")."""
    if not noun or not _EXAMPLE_CUE.search(sentence):
        return None
    heads = {t[:3] for t in noun}  # a stem's first letters open its words ("citi": city): a quick test
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(sentence)]
    folded = [text.fold(t) for _, _, t in toks]
    n = len(toks)
    cls: list[str] = []
    for k in range(n):
        if folded[k][:3] not in heads or not set(text.terms(toks[k][2])) & noun:
            continue
        for c in range(k + 1, min(n, k + 5)):
            cue = next((cue for cue in _EXAMPLE_CUES if folded[c:c + len(cue)] == cue), None)
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
            else:  # one example: its noun phrase, not where it goes ("the flow of fentanyl |
                # across North America")
                b = next((x for x in range(a + 1, b) if folded[x] in _PLACING_PREPOSITIONS), b)
            while b > a and cls[b - 1] in "SP":
                b -= 1
            if a < b and any(cls[x] == "W" for x in range(a, b)):
                return toks[a][0], toks[b - 1][1]
            break
    return None


def _can_answer(word: str) -> bool:
    """Can this word carry a phrase answer? Not a reporting verb or a title, and not a bare
    participle ("based", "strengthening"): the answer is what such a verb governs."""
    low = text.fold(word)
    if low in _SPEECH or low in _TITLES:
        return False
    return not (word[:1].islower() and low.endswith(("ed", "ing")) and len(low) > 4)


def _list_end(toks: list[tuple[int, int, str]], cls: list[str], b: int) -> int:
    """Carry a phrase on through a list it opens: "security | , trade, and climate change"."""
    k, items, end = b, 0, b
    while k < len(toks) and toks[k][2] == ",":
        m = k + 1
        if m < len(toks) and text.fold(toks[m][2]) in ("and", "or"):
            m += 1
        j = m
        while j < len(toks) and cls[j] not in "QB" and j - m < 4:
            j += 1
        joined = any(text.fold(toks[x][2]) in ("and", "or") for x in range(m - 1, j))
        if not any(cls[x] == "W" for x in range(m, j)) or (
                j < len(toks) and cls[j] != "B" and not (cls[j] == "Q" and joined)):
            break  # no word of its own, or a clause running on rather than a list item
        items += 1
        last = j >= len(toks) or toks[j][2] != ","
        if text.fold(toks[m - 1][2]) in ("and", "or") or (
                last and any(text.fold(toks[x][2]) in ("and", "or") for x in range(m, j))):
            # the last item: ", and Z" or ", Y and Z"
            end = j
            while end > m and cls[end - 1] in "SP":
                end -= 1
            break
        k = j
    return end if items >= 1 and end > b else b


# a name right before a reporting verb is who spoke
_SPEECH_VERBS = re.compile(r"^\W*\s*(?:" + "|".join(sorted(_SPEECH)) + r")\b", re.I)


def short_answer(sentence: str, kind: str, qstems: set[str], anchor_terms: set[str],
                 question: str = "", verb_terms: set[str] | None = None,
                 phrase_weights: PhraseWeights = PHRASE_WEIGHTS) -> tuple[int, int] | None:
    """(start, end) of the short answer inside `sentence`, or None.

    `qstems` are the question's own terms and their spelling fixes (an answer never repeats
    them); `anchor_terms` are every term that matched the question, synonyms included: answers
    sit near them. `verb_terms` are the question's last content word (in "who did X meet?",
    the answer follows "met"). A span of the asked-for kind comes first; what-questions
    without one get a phrase answer; yes/no questions get none.
    """
    found = locate_answer(sentence, kind, qstems, anchor_terms, question, verb_terms, phrase_weights)
    return found[:2] if found else None


def locate_answer(sentence: str, kind: str, qstems: set[str], anchor_terms: set[str],
                  question: str = "", verb_terms: set[str] | None = None,
                  phrase_weights: PhraseWeights = PHRASE_WEIGHTS,
                  noun: set[str] | None = None) -> tuple[int, int, bool] | None:
    """`short_answer`'s span and whether it is a phrase answer (a run of words picked for a
    what-question) rather than a span of the asked-for kind. `noun`: the terms of the question's
    wh-noun and their synonyms (by default, `wh_noun(question)`)."""
    noun = wh_noun(question) if noun is None else noun
    if kind in EXAMPLE_KINDS and (span := examples_of(sentence, noun, qstems, anchor_terms)):
        return span[0], span[1], True
    wants_phrase = kind in PHRASE_KINDS and not _asks_what_was_said(question)
    phrase = _phrase(sentence, question, qstems, anchor_terms, phrase_weights, verb_terms) if wants_phrase else None
    if kind == "entity" and phrase and phrase[2]:
        return phrase[0], phrase[1], True  # "which type of law?" -> "administrative law", not a name nearby
    span = _typed_answer(sentence, kind, qstems, anchor_terms, question, verb_terms)
    if span is not None:
        return span[0], span[1], False
    return (phrase[0], phrase[1], True) if phrase else None


def _typed_answer(sentence: str, kind: str, qstems: set[str], anchor_terms: set[str],
                  question: str, verb_terms: set[str] | None) -> tuple[int, int] | None:
    if kind == "name":
        spans = _name_spans(sentence, qstems)
        return max(spans, key=lambda p: p[1] - p[0]) if spans else None
    if kind not in ("date", "number", "duration", "person", "place", "entity"):
        return None
    folded = text.fold(sentence)
    tokens = [(m.start(), set(text.terms(m.group()))) for m in re.finditer(r"\w+", folded)]
    anchors = [p for p, t in tokens if t & anchor_terms]
    mode = who_mode(question) if kind == "person" else "subject"
    if mode == "identity" and _names_only(question, sentence):
        return _description(sentence, question)  # "who is Mark Carney?" asks for what he is
    verb_at = [p for p, t in tokens if verb_terms and t & verb_terms]
    subject_terms = qstems - (verb_terms or set())

    def described(start: int) -> bool:
        """Do the question's own words stand just before `start` (an appositive or title)?"""
        clause = re.split(r"[;:]", folded[max(0, start - 60):start])[-1]
        return any(set(text.terms(w)) & subject_terms for w in clause.split()[-8:])
    best = None
    looks_back = bool(_LOOKS_BACK & set(text.words(question)))
    for s, e, prior in _spans(sentence, kind):
        if kind == "date" and prior == DURATION_AS_DATE and not looks_back:
            continue  # "when did Carney visit?" is not answered by "in eight years"
        if kind in ("person", "place", "entity"):
            trimmed = _trim_name(sentence, s, e, qstems, kind == "person")
            if not trimmed:
                continue
            s, e, unexplained = trimmed
            prior -= 0.6 * unexplained
            span = sentence[s:e]
            if kind == "person":
                low = text.fold(span)
                if low in _MONTHS or low in _WEEKDAYS or re.fullmatch(r"[\d\W]+", span):
                    continue
                before = text.fold(sentence[max(0, s - 30):s]).split()
                if before and before[-1].strip(".,") in _TITLES:
                    prior += 0.5
                if _SPEECH_VERBS.match(sentence[e:e + 20]) or re.search(r"(?:said|says)\s*$", sentence[:s]):
                    prior += 0.5
                if " " in span:
                    prior += 0.3
                last = low.split()[-1]
                if (last.endswith(("an", "ian", "ese", "ish")) or last in _DEMONYMS) and re.match(
                        r"\s+[a-z]", sentence[e:e + 2]):
                    prior -= 0.8  # "Canadian", "North American leaders": an adjective, not a name
                if mode == "identity" and described(s):
                    prior += 0.3
                elif mode == "object":
                    if verb_at:
                        prior += 0.6 if any(v < s for v in verb_at) else -0.3
                    elif described(s):
                        prior -= 0.4
            elif kind == "place":
                if not _place_name(sentence, s, e):
                    continue
                before = text.fold(sentence[max(0, s - 6):s]).split()
                if before and before[-1] in ("in", "at", "from", "to", "near", "across", "into"):
                    prior += 0.5
        else:
            span = sentence[s:e]
            if _overlaps_question(span, qstems) and kind != "number":
                prior -= 0.5
            if kind == "number":
                # "how many pillars" -> "four", and not a number the question already gives
                if any(t in qstems for t in text.terms(span)):
                    continue
        if prior <= 0:
            continue
        distance = min((abs(a - s) for a in anchors), default=len(sentence))
        score = prior - distance / (len(sentence) + 1) * 0.8
        if best is None or score > best[0]:
            best = (score, s, e)
    if best is None:
        return None
    if kind == "date":
        return _range_end(sentence, best[1], best[2], question)
    return best[1], best[2]


_RANGE = re.compile(r"(\d{4})\s*[-–—]\s*(\d{2,4})$")
_STARTS = frozenset("start starts started begin begins began begun launch launched commence commenced open "
                    "opened first".split())
_ENDS = frozenset("end ends ended finish finishes finished expire expires expired conclude concluded close "
                  "closes closed until".split())


def _range_end(sentence: str, s: int, e: int, question: str) -> tuple[int, int]:
    """One end of a year range, when the question asks when something starts or ends:
    "when does the plan end?" -> 2028 of "2025–2028"."""
    m = _RANGE.search(sentence[s:e])
    if not m:
        return s, e
    asked = set(text.words(question))
    if asked & _ENDS and not asked & _STARTS:
        return s + m.start(2), s + m.end(2)
    if asked & _STARTS and not asked & _ENDS:
        return s + m.start(1), s + m.end(1)
    return s, e
