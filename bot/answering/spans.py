"""Where the asked-for thing stands in a sentence.

Rules: a sentence is scanned for spans of the kind the question asks for (names, dates,
numbers with units, capitalised noun phrases), and the span nearest the words the question and
sentence share, and not itself part of the question, is the rules' pick; what-questions without
one get a phrase answer (`phrases`). The short answer itself is chosen by a learned model
(`short`), which reads these spans and this pick as features; `sentence_has_kind` is a feature
of the ranking.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.answering.names import description, is_demonym, names_only, opening_name, trim_name
from bot.answering.phrases import EXAMPLE_KINDS, PHRASE_KINDS, PHRASE_WEIGHTS, PhraseWeights, examples_of, locate_phrase
from bot.answering.query import Query
from bot.language import analysis, patterns, wordlists
from bot.language.questions import Kind, Question, WhoMode, adds_to_question, overlaps_question


@dataclass(frozen=True)
class SpanWeights:
    """How the rules pick a typed answer among a sentence's spans of the asked-for kind (the
    pick is a feature of the short-answer model, `short`): each span starts from a prior (how
    surely it is of that kind), moved by what stands around it, less its distance from the
    question's words. Set by hand against SQuAD's short answers when they were the answer."""

    # priors
    date_pattern_step: float = 0.05  # each later (vaguer) date pattern starts this much lower
    duration_pattern_step: float = 0.2  # each later duration pattern starts this much lower
    # a duration answers "when" only as a distance back ("when did they last meet?" -> "in
    # eight years"), at this prior
    duration_as_date: float = 0.4
    count_one: float = 0.3  # "one of the ..." is rarely a count
    year_as_count: float = 0.6  # "In 2010, a magnitude 8.8 quake": a year is rarely the count
    spelled_number: float = 0.9  # "four" against "4"
    kind_threshold: float = 0.5  # a sentence holds the kind when a span's prior reaches this
    # what stands around a name
    unexplained_word: float = -0.6  # per leading word dropped that the question did not ask about
    after_title: float = 0.5  # "President | Claudia Sheinbaum"
    speaker: float = 0.5  # "..., | Carney said"
    several_words: float = 0.3  # a full name over a single word
    adjective: float = -0.8  # "Canadian | prime minister": a nationality, not a name
    described: float = 0.3  # "who is X?": the question's words right before the name
    before_question_verb: float = 0.6  # "who won?" -> "Argentina | won"
    after_question_verb: float = 0.6  # "who did X meet?" -> "met | Claudia Sheinbaum"
    before_object_verb: float = -0.3  # the name before that verb is its subject, not the answer
    described_object: float = -0.4  # "who did X meet?": a name the question describes is X
    after_place_preposition: float = 0.5  # "in | Chile"
    repeats_question: float = -0.5  # a date or duration the question already gives
    age_form: float = 0.8  # "how old?" -> "a | 27 | -year-old", "Malloy, | 44 |,", "aged | 31"
    # ... and not by a number not written as an age ("in | eight | years", "the | two | leaders")
    not_age: float = -1.0
    distance: float = 0.8  # penalty for the span's distance from the question's words (0..1)


SPAN_WEIGHTS = SpanWeights()


def kind_spans(sentence: str, kind: Kind, w: SpanWeights = SPAN_WEIGHTS) -> list[tuple[int, int, float]]:
    """Candidate (start, end, prior) spans of a kind in a sentence, by the patterns
    (`Kind.NAME`: capitalised runs)."""
    out: list[tuple[int, int, float]] = []
    if kind == Kind.DATE:
        for pat, prior in _date_patterns(w):
            out += [(m.start(), m.end(), prior) for m in pat.finditer(sentence)]
        out += [(s, e, w.duration_as_date) for s, e, _ in kind_spans(sentence, Kind.DURATION, w)]
    elif kind == Kind.DURATION:
        for prio, pat in enumerate(patterns.DURATION_PATTERNS):
            out += [(m.start(), m.end(), 1.0 - prio * w.duration_pattern_step) for m in pat.finditer(sentence)]
    elif kind == Kind.NUMBER:
        for m in patterns.NUMBER_PATTERN.finditer(sentence):
            number = m.group()
            if number.lower() == "one":
                out.append((m.start(), m.end(), w.count_one))
            elif patterns.YEAR.fullmatch(number):
                out.append((m.start(), m.end(), w.year_as_count))
            else:
                out.append((m.start(), m.end(), 1.0 if any(c.isdigit() for c in number) else w.spelled_number))
    elif kind in (Kind.PERSON, Kind.PLACE, Kind.ENTITY, Kind.WHAT, Kind.NAME):
        for m in patterns.CAPITALISED_RUN.finditer(sentence):
            s, e = m.start(), m.end()
            while e > s and sentence[e - 1] in ".,;:'’-":
                e -= 1
            if e > s:
                out.append((s, e, 1.0))
    return out


def _date_patterns(w: SpanWeights) -> Iterator[tuple[patterns.Guarded, float]]:
    """The date patterns, each with the prior its spans start from (vaguer ones lower)."""
    for prio, pat in enumerate(patterns.DATE_PATTERNS):
        yield pat, 1.0 - prio * w.date_pattern_step


def holds_date(sentence: str, w: SpanWeights = SPAN_WEIGHTS) -> bool:
    """A date of the surer patterns (those whose prior reaches the kind threshold: what
    `kind_spans` would count) stands in the sentence, or a month named alone ("in May")."""
    if patterns.MONTH_NAMED.search(sentence):
        return True
    sure = (pat for pat, prior in _date_patterns(w) if prior >= w.kind_threshold)
    return any(next(pat.finditer(sentence), None) is not None for pat in sure)


def _name_spans(sentence: str, qstems: set[str], before_noun: bool = False) -> list[tuple[int, int]]:
    """Capitalised names of two or more words that contain a question word (the answer to "what
    is the plan called?" is the name that has "Plan" in it), or, with `before_noun`, that stand
    right before one ("what is the new chip called?" -> "Blackwell | chips")."""
    out = []
    for s, e, _ in kind_spans(sentence, Kind.NAME):
        m = patterns.LEADING_DROP.match(sentence[s:e])
        if m and m.end():
            s += m.end()
        if s < e and " " in sentence[s:e].strip() and set(analysis.terms(sentence[s:e])) & qstems:
            out.append((s, e))
        elif before_noun and 0 < s < e and set(analysis.terms(" ".join(sentence[e:].split()[:1]))) & qstems:
            out.append((s, e))  # the name before the asked noun: "the new Blackwell | chips"
    return out


def _place_name(sentence: str, s: int, e: int) -> bool:
    """Can sentence[s:e] name a place: not a bare number, not a nationality used as an
    adjective ("Dutch energy company")?"""
    span = sentence[s:e]
    if re.fullmatch(r"[\d\W]+", span) or analysis.fold(span).strip(".") in patterns.CALENDAR_WORDS:
        return False
    if any(analysis.fold(w).strip(".") in wordlists.TITLES for w in span.split()[:2]):
        return False  # "Interior Minister Carolina Tohá" is a person
    return not (is_demonym(analysis.fold(span.split()[-1])) and re.match(r"\s+[a-z]", sentence[e : e + 2]))


def sentence_has_kind(sentence: str, query: Query) -> float:
    """1.0 when the sentence holds something of the asked-for kind that the question lacks;
    for "which NOUN" questions, examples of the noun ("areas such as ...") count too. A place
    must be a name, not a number, and follow the preposition the question ends on, if any. For
    "who is NAME?", what counts is a description of the name ("Greenpeace campaigner")."""
    kind, qstems, asked = query.kind, query.stems, query.question
    if kind == Kind.PERSON and asked.named and names_only(asked.named, sentence):
        return 1.0 if description(sentence, asked.named) else 0.0
    if kind in EXAMPLE_KINDS and query.noun and examples_of(sentence, query.noun, qstems):
        return 1.0
    if kind == Kind.NAME:
        return 1.0 if _name_spans(sentence, qstems) else 0.0
    if kind == Kind.REASON:
        return 1.0 if patterns.REASON.search(sentence) else 0.0
    if kind not in (Kind.DATE, Kind.NUMBER, Kind.DURATION, Kind.PERSON, Kind.PLACE):
        return 0.0
    after = asked.after
    for s, e, prior in kind_spans(sentence, kind):
        if prior < SPAN_WEIGHTS.kind_threshold:
            continue
        span = sentence[s:e]
        if kind in (Kind.PERSON, Kind.PLACE):
            if (s == 0 and not opening_name(span)) or not adds_to_question(span, qstems):
                continue
            if kind == Kind.PLACE and (
                not _place_name(sentence, s, e)
                or (after and analysis.words(sentence[max(0, s - 20) : s])[-1:] != [after])
            ):
                continue
        elif overlaps_question(_numeric(span) if kind == Kind.NUMBER else span, qstems):
            continue
        return 1.0
    return 0.0


def _numeric(span: str) -> str:
    """The number words and digits of a span, without its unit ("2%" -> "2")."""
    return " ".join(
        w
        for w in re.findall(r"[\w.,$€£¥]+", span)
        if any(c.isdigit() for c in w) or analysis.fold(w) in wordlists.NUMBER_WORDS
    )


def locate_answer(
    sentence: str, query: Query, phrase_weights: PhraseWeights = PHRASE_WEIGHTS
) -> tuple[int, int, bool] | None:
    """The rules' pick: (start, end) of the answer inside `sentence`, and whether it is a phrase
    answer (a run of words picked for a what-question) rather than a span of the asked-for
    kind; or None.

    The pick never repeats the question's own terms and their spelling fixes (`query.stems`),
    and sits near the terms that matched it, synonyms included (`query.anchors`); in "who did X
    meet?" it follows the question's last content word (`query.last_terms`). A span of the
    asked-for kind comes first; what-questions without one get a phrase answer; yes/no
    questions get none.
    """
    kind = query.kind
    if kind in EXAMPLE_KINDS and (span := examples_of(sentence, query.noun, query.stems, query.anchors)):
        return span[0], span[1], True
    wants_phrase = kind in PHRASE_KINDS and not query.question.wants_statement
    phrase = locate_phrase(sentence, query, phrase_weights) if wants_phrase else None
    if kind == Kind.ENTITY and phrase and phrase[2]:
        return phrase[0], phrase[1], True  # "which type of law?" -> "administrative law", not a name nearby
    span = _typed_answer(sentence, query)
    if span is not None:
        return span[0], span[1], False
    return (phrase[0], phrase[1], True) if phrase else None


# "how old", "what age": the question asks for an age
_ASKS_AGE = frozenset({"old", "age"})


def _age_form(sentence: str, s: int, e: int) -> bool:
    """Is the number at sentence[s:e] written as an age: "27-year-old", "44 years old", "aged
    31", "turns 18", "she was 45.", "died at 86 in", "(44)", or set off by commas after a name
    ("Greg Malloy, 44,")?"""
    if not re.fullmatch(r"\d{1,3}|[A-Za-z-]+", sentence[s:e]):
        return False  # an age is a small whole number: not "$41.1 million"
    after, before = sentence[e : e + 12], sentence[max(0, s - 12) : s]
    if patterns.AGE_AFTER.match(after):
        return True
    if patterns.AGE_BEFORE.search(before) and patterns.AGE_END.match(after):  # "she was 45.", "died at 86 in", "(44)"
        return True
    return before.rstrip().endswith(",") and after.startswith(",") and before.rstrip(", ")[-1:].isalpha()


def _typed_answer(sentence: str, query: Query, w: SpanWeights = SPAN_WEIGHTS) -> tuple[int, int] | None:
    kind, qstems, anchor_terms, asked = query.kind, query.stems, query.anchors, query.question
    verb_terms = query.last_terms
    if kind == Kind.NAME:
        spans = _name_spans(sentence, qstems, before_noun=True)
        return max(spans, key=lambda p: p[1] - p[0]) if spans else None
    if kind not in (Kind.DATE, Kind.NUMBER, Kind.DURATION, Kind.PERSON, Kind.PLACE, Kind.ENTITY):
        return None
    folded = analysis.fold(sentence)
    tokens = [(m.start(), set(analysis.terms(m.group()))) for m in re.finditer(r"\w+", folded)]
    anchors = [p for p, t in tokens if t & anchor_terms]
    mode = asked.who_mode if kind == Kind.PERSON else WhoMode.SUBJECT
    if mode == WhoMode.IDENTITY and asked.named and names_only(asked.named, sentence):
        return description(sentence, asked.named)  # "who is Mark Carney?" asks for what he is
    verb_at = [p for p, t in tokens if verb_terms and t & verb_terms]
    subject_terms = qstems - (verb_terms or set())
    subject_verb = asked.subject_verb if mode == WhoMode.SUBJECT else frozenset()
    subject_verb_at = [p for p, t in tokens if t & subject_verb]

    def described(start: int) -> bool:
        """Do the question's own words stand just before `start` (an appositive or title)?"""
        clause = re.split(r"[;:]", folded[max(0, start - 60) : start])[-1]
        return any(set(analysis.terms(w)) & subject_terms for w in clause.split()[-8:])

    best = None
    for s, e, prior in kind_spans(sentence, kind, w):
        if kind == Kind.DATE and prior == w.duration_as_date and not asked.looks_back:
            continue  # "when did Carney visit?" is not answered by "in eight years"
        if kind in (Kind.PERSON, Kind.PLACE, Kind.ENTITY):
            trimmed = trim_name(sentence, s, e, qstems, kind == Kind.PERSON)
            if not trimmed:
                continue
            s, e, unexplained = trimmed
            prior += w.unexplained_word * unexplained
            span = sentence[s:e]
            if kind == Kind.PERSON:
                low = analysis.fold(span)
                if low in patterns.CALENDAR_WORDS or low in wordlists.WEEKDAYS or re.fullmatch(r"[\d\W]+", span):
                    continue
                before = analysis.fold(sentence[max(0, s - 30) : s]).split()
                if before and before[-1].strip(".,") in wordlists.TITLES:
                    prior += w.after_title
                if patterns.SPEECH_VERBS.match(sentence[e : e + 20]) or re.search(r"(?:said|says)\s*$", sentence[:s]):
                    prior += w.speaker
                if " " in span:
                    prior += w.several_words
                last = low.split()[-1]
                if is_demonym(last, i_ending=False) and re.match(r"\s+[a-z]", sentence[e : e + 2]):
                    prior += w.adjective  # "Canadian", "North American leaders": an adjective, not a name
                if mode == WhoMode.IDENTITY and described(s):
                    prior += w.described
                elif mode == WhoMode.SUBJECT and any(0 <= v - e <= 2 for v in subject_verb_at):
                    prior += w.before_question_verb  # "who won?" -> "Argentina | won"
                elif mode == WhoMode.OBJECT:
                    if verb_at:
                        prior += w.after_question_verb if any(v < s for v in verb_at) else w.before_object_verb
                    elif described(s):
                        prior += w.described_object
            elif kind == Kind.PLACE:
                if not _place_name(sentence, s, e):
                    continue
                before = analysis.fold(sentence[max(0, s - 6) : s]).split()
                if before and before[-1] in wordlists.PLACE_PREPOSITIONS:
                    prior += w.after_place_preposition
        else:
            span = sentence[s:e]
            if overlaps_question(span, qstems) and kind != Kind.NUMBER:
                prior += w.repeats_question
            if kind == Kind.NUMBER:
                # "how many pillars" -> "four", and not a number the question already gives
                # (its unit may be the question's word: "what percentage" -> "2%")
                if any(t in qstems for t in analysis.terms(_numeric(span))):
                    continue
                if asked.asked_by & _ASKS_AGE:
                    prior += w.age_form if _age_form(sentence, s, e) else w.not_age
        if prior <= 0:
            continue
        distance = min((abs(a - s) for a in anchors), default=len(sentence))
        score = prior - distance / (len(sentence) + 1) * w.distance
        if best is None or score > best[0]:
            best = (score, s, e)
    if best is None:
        return None
    if kind == Kind.DATE:
        return _range_end(sentence, best[1], best[2], asked)
    return best[1], best[2]


_RANGE = re.compile(r"(\d{4})\s*[-–—]\s*(\d{2,4})$")

_STARTS = frozenset(analysis.stem(w) for w in wordlists.START_VERBS)

_ENDS = frozenset(analysis.stem(w) for w in wordlists.END_VERBS)


def _range_end(sentence: str, s: int, e: int, asked: Question) -> tuple[int, int]:
    """One end of a year range, when the question asks when something starts or ends:
    "when does the plan end?" -> 2028 of "2025–2028"."""
    m = _RANGE.search(sentence[s:e])
    if not m:
        return s, e
    if asked.stems & _ENDS and not asked.stems & _STARTS:
        return s + m.start(2), s + m.end(2)
    if asked.stems & _STARTS and not asked.stems & _ENDS:
        return s + m.start(1), s + m.end(1)
    return s, e
