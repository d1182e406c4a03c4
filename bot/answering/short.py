"""The short answer: spans of the answer sentence scored by a learned model.

Every run of up to `MAX_TOKENS` words of the answer sentence that starts and ends on a word
that is not a stopword is a candidate, and so is the span the rules in `spans` pick (a name, a
date, a phrase). Each candidate gets one row of named features (`SHORT_FEATURES`): its shape
(capitals, digits, length, place), whether it is a date, number, duration or name by the
patterns, how much of it is the question's own words, how far it stands from the words the
question and sentence share and what stands right before and after it, what the question asks
for, and how sure the ranking is of the sentence. The model (`bot/models/short.bin`, trained
by `training/short.py` on SQuAD's training questions, as the bot answered them) gives each row
the probability that the span is right (token F1 with the gold answer at least 0.5, so a wrong
sentence makes every span wrong); the best is the short answer and its probability is
`short_confidence`. The text output shows "Answer:" only when that probability reaches the
threshold chosen on held-out questions (kept in the model file).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from bot.answering.query import Query
from bot.answering.scorer import Trees
from bot.answering.spans import kind_spans, locate_answer
from bot.language import analysis, wordlists
from bot.language.questions import Kind, WhoMode

# The longest candidate in tokens (the rules' own span may be longer).
MAX_TOKENS = 8
# A distance in tokens counted as "far" (no question word on that side).
FAR = 40

_TOKEN = re.compile(r"[$€£¥]?\d(?:[\d,.:]*\d)?%?|\w+(?:['’.\-]\w+)*|[^\w\s]")
_KINDS = tuple(Kind)
_MODES = tuple(WhoMode)
_PATTERN_KINDS = (Kind.DATE, Kind.NUMBER, Kind.DURATION, Kind.NAME)
_ASKS_AGE = frozenset({"old", "age"})
_NOTHING_ASKED = (Kind.YESNO, Kind.OTHER)
_QUOTES = frozenset('"“”')

SHORT_FEATURES: tuple[str, ...] = (
    # the span's shape
    "tokens",
    "chars_share",
    "start_share",
    "end_share",
    "at_start",
    "capital_share",
    "all_capital",
    "digit_share",
    "number_word",
    "stopword_share",
    "commas",
    "in_brackets",
    "in_quotes",
    # by the patterns
    *(f"{k.value}_share" for k in _PATTERN_KINDS),
    *(f"{k.value}_exact" for k in _PATTERN_KINDS),
    # the rules' answer
    "asked_exact",
    "asked_spans",
    "rule_exact",
    "rule_share",
    "rule_cover",
    "rule_found",
    "rule_phrase",
    # the question's words
    "question_share",
    "question_any",
    "anchor_left",
    "anchor_right",
    "anchor_nearest",
    "anchors_near",
    "anchors_in_sentence",
    # the neighbours
    "before_stopword",
    "before_question",
    "before_punctuation",
    "before_capital",
    "before_place_preposition",
    "before_title",
    "before_reporting_verb",
    "after_stopword",
    "after_question",
    "after_punctuation",
    "after_capital",
    "after_reporting_verb",
    # the question
    *(f"asks_{k.value}" for k in _KINDS),
    *(f"who_{m.value}" for m in _MODES),
    "asks_age",
    "looks_back",
    "wants_statement",
    "question_words",
    # the sentence and how sure the ranking is of it
    "sentence_tokens",
    "sentence_coverage",
    "confidence",
    "rank_score",
    "rank_margin",
    "rank_alone",
    "candidates",
)


@dataclass(frozen=True)
class Ranking:
    """How sure the answer is of its sentence: the evidence model's probability, the ranker's
    score of the sentence and its lead over the next, and whether no other sentence was ranked
    (a one-sentence text: its lead over none is no tie, though it reads 0)."""

    confidence: float = 0.0
    score: float = 0.0
    margin: float = 0.0
    alone: bool = False


@dataclass(frozen=True)
class Short:
    """A short answer: sentence[start:end], with the model's estimate of its F1 (how right it is,
    0 to 1) and whether that reaches the threshold from which it is shown."""

    start: int
    end: int
    probability: float
    sure: bool


@dataclass(frozen=True)
class Candidates:
    spans: list[tuple[int, int]]  # character offsets in the sentence
    X: np.ndarray  # [spans, SHORT_FEATURES]
    rule: tuple[int, int, bool] | None  # the rules' span and whether it is a phrase


_TOKEN_TERMS: dict[str, frozenset[str]] = {}
_TOKEN_TERMS_MAX = 1 << 16


def _terms_of(token: str) -> frozenset[str]:
    """A token's terms, remembered (tokens recur from sentence to sentence)."""
    found = _TOKEN_TERMS.get(token)
    if found is None:
        if len(_TOKEN_TERMS) >= _TOKEN_TERMS_MAX:
            _TOKEN_TERMS.clear()
        found = _TOKEN_TERMS[token] = frozenset(analysis.terms(token))
    return found


def _mask(tokens: list[tuple[int, int]], spans) -> np.ndarray:
    """For each token, whether it lies inside one of the (start, end) spans."""
    out = np.zeros(len(tokens), bool)
    if spans:
        bounds = np.array(tokens)
        for s, e, *_ in spans:
            out |= (bounds[:, 0] >= s) & (bounds[:, 1] <= e)
    return out


def _edges(tokens: list[tuple[int, int]], spans) -> set[tuple[int, int]]:
    """The spans as (first token, last token) pairs, where they fall on token boundaries."""
    starts = {a: t for t, (a, _) in enumerate(tokens)}
    ends = {b: t for t, (_, b) in enumerate(tokens)}
    return {(starts[s], ends[e]) for s, e, *_ in spans if s in starts and e in ends}


def candidates(sentence: str, query: Query, ranking: Ranking = Ranking()) -> Candidates:
    """The sentence's candidate spans and their feature rows."""
    found = [(m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    rule = locate_answer(sentence, query) if query.kind != Kind.YESNO else None
    n = len(found)
    if not n:
        return Candidates([], np.zeros((0, len(SHORT_FEATURES))), rule)
    text = [sentence[a:b] for a, b in found]
    folded = [analysis.fold(t) for t in text]
    word = np.array([t[:1].isalnum() or t[:1] in "$€£¥" for t in text])
    capital = np.array([t[:1].isupper() for t in text])
    digit = np.array([any(c.isdigit() for c in t) for t in text])
    number_word = np.array([f in wordlists.NUMBER_WORDS for f in folded])
    stop = np.array([f in wordlists.STOPWORDS for f in folded])
    token_terms = [_terms_of(t) for t in text]
    stems, anchors = query.stems, query.anchors
    in_question = np.array([bool(t & stems) for t in token_terms])
    anchor = np.array([bool(t & anchors) for t in token_terms])
    punct = ~word
    comma = np.array([t == "," for t in text])
    place_prep = np.array([f in wordlists.PLACE_PREPOSITIONS for f in folded])
    reporting = np.array([f in wordlists.REPORTING_VERBS for f in folded])
    patterns = {k: kind_spans(sentence, k) for k in _PATTERN_KINDS}
    pattern_mask = {k: _mask(found, v) for k, v in patterns.items()}
    pattern_edges = {k: _edges(found, v) for k, v in patterns.items()}
    rule_mask = _mask(found, [rule]) if rule else np.zeros(n, bool)
    rule_edge = _edges(found, [rule]) if rule else set()
    depth = np.cumsum([1 if t in "([" else -1 if t in ")]" else 0 for t in text])
    quoted = np.cumsum([t in _QUOTES for t in text]) % 2 == 1  # after an odd number of quotation marks
    title = np.array([f in wordlists.TITLES for f in folded])
    # spans of the kind the question asks for (names for who / where / which), not the question's own words
    asked_pattern = query.kind if query.kind in (Kind.DATE, Kind.NUMBER, Kind.DURATION) else Kind.NAME
    asked_edges = {(a, b) for a, b in pattern_edges[asked_pattern] if not in_question[a : b + 1].all()}

    # runs of 1..MAX_TOKENS tokens that start and end on a word that is not a stopword, and are
    # not all the question's own words; and the rules' span
    edge = word & ~stop
    starts = np.arange(n)[:, None]
    ends = starts + np.arange(MAX_TOKENS)[None, :]
    inside = ends < n
    ends = np.minimum(ends, n - 1)
    asked_words = np.concatenate([[0], np.cumsum(in_question)])
    ok = inside & edge[starts] & edge[ends] & (asked_words[ends + 1] - asked_words[starts] < ends - starts + 1)
    first, last = np.broadcast_to(starts, ok.shape)[ok], ends[ok]
    extra = sorted(rule_edge - set(zip(first.tolist(), last.tolist())))
    if extra:
        first = np.concatenate([first, [p[0] for p in extra]]).astype(int)
        last = np.concatenate([last, [p[1] for p in extra]]).astype(int)
    pairs = list(zip(first.tolist(), last.tolist()))
    if not pairs:
        return Candidates([], np.zeros((0, len(SHORT_FEATURES))), rule)
    size = last - first + 1

    def share(mask: np.ndarray) -> np.ndarray:
        c = np.concatenate([[0], np.cumsum(mask)])
        return (c[last + 1] - c[first]) / size

    def count(mask: np.ndarray) -> np.ndarray:
        c = np.concatenate([[0], np.cumsum(mask)])
        return (c[last + 1] - c[first]).astype(float)

    def before(mask: np.ndarray) -> np.ndarray:
        return np.where(first > 0, mask[np.maximum(first - 1, 0)], False).astype(float)

    def after(mask: np.ndarray) -> np.ndarray:
        return np.where(last < n - 1, mask[np.minimum(last + 1, n - 1)], False).astype(float)

    where = np.flatnonzero(anchor)
    if len(where):
        k = np.searchsorted(where, first)  # anchors before the span: where[:k] < first
        left = np.where(k > 0, first - where[np.maximum(k - 1, 0)], FAR)
        k2 = np.searchsorted(where, last, side="right")
        right = np.where(k2 < len(where), where[np.minimum(k2, len(where) - 1)] - last, FAR)
        window = anchor.astype(int)
        c = np.concatenate([[0], np.cumsum(window)])
        near = c[np.minimum(last + 4, n)] - c[np.maximum(first - 3, 0)] - (c[last + 1] - c[first])
    else:
        left = right = np.full(len(pairs), FAR)
        near = np.zeros(len(pairs))
    left, right = np.minimum(left, FAR), np.minimum(right, FAR)
    char_start = np.array([found[i][0] for i in first])
    char_end = np.array([found[j][1] for j in last])
    asked = query.question
    columns: dict[str, np.ndarray | float] = {
        "tokens": size.astype(float),
        "chars_share": (char_end - char_start) / max(1, len(sentence)),
        "start_share": first / n,
        "end_share": (last + 1) / n,
        "at_start": (first == 0).astype(float),
        "capital_share": share(capital & word),
        "all_capital": (share(capital | stop | punct) == 1).astype(float),
        "digit_share": share(digit),
        "number_word": count(number_word),
        "stopword_share": share(stop),
        "commas": count(comma),
        "in_brackets": (depth[first] - (np.array([text[i] in "([" for i in first])) > 0).astype(float),
        "in_quotes": quoted[first].astype(float),
        **{f"{k.value}_share": share(pattern_mask[k]) for k in _PATTERN_KINDS},
        **{f"{k.value}_exact": np.array([float(p in pattern_edges[k]) for p in pairs]) for k in _PATTERN_KINDS},
        "asked_exact": np.array([float(p in asked_edges) for p in pairs]),
        "asked_spans": float(len(asked_edges)),
        "rule_exact": np.array([float(p in rule_edge) for p in pairs]),
        "rule_share": share(rule_mask),
        "rule_cover": count(rule_mask) / max(1, int(rule_mask.sum())),
        "rule_found": float(rule is not None),
        "rule_phrase": float(bool(rule and rule[2])),
        "question_share": share(in_question),
        "question_any": (count(in_question) > 0).astype(float),
        "anchor_left": left.astype(float),
        "anchor_right": right.astype(float),
        "anchor_nearest": np.minimum(left, right).astype(float),
        "anchors_near": near.astype(float),
        "anchors_in_sentence": float(anchor.sum()),
        "before_stopword": before(stop),
        "before_question": before(anchor),
        "before_punctuation": before(punct),
        "before_capital": before(capital),
        "before_place_preposition": before(place_prep),
        "before_title": before(title),
        "before_reporting_verb": before(reporting),
        "after_stopword": after(stop),
        "after_question": after(anchor),
        "after_punctuation": after(punct),
        "after_capital": after(capital),
        "after_reporting_verb": after(reporting),
        **{f"asks_{k.value}": float(query.kind == k) for k in _KINDS},
        **{f"who_{m.value}": float(query.kind == Kind.PERSON and asked.who_mode == m) for m in _MODES},
        "asks_age": float(bool(asked.asked_by & _ASKS_AGE)),
        "looks_back": float(asked.looks_back),
        "wants_statement": float(asked.wants_statement),
        "question_words": float(len(query.content)),
        "sentence_tokens": float(n),
        "sentence_coverage": len({t for ts in token_terms for t in ts} & set(query.content))
        / max(1, len(query.content)),
        "confidence": ranking.confidence,
        "rank_score": ranking.score,
        "rank_margin": ranking.margin,
        "rank_alone": float(ranking.alone),
        "candidates": float(len(pairs)),
    }
    X = np.empty((len(pairs), len(SHORT_FEATURES)))
    for column, name in enumerate(SHORT_FEATURES):
        X[:, column] = columns[name]
    spans = [(int(s), int(e)) for s, e in zip(char_start, char_end)]
    return Candidates(spans, X, rule)


def threshold(model: Trees) -> float:
    """The estimate from which "Answer:" is shown, as chosen on held-out questions."""
    return _threshold(model.info)


@cache
def _threshold(info: str) -> float:
    """The threshold in a model file's notes (read once per model, not once per answer)."""
    return float(json.loads(info).get("threshold", 0.5))


@cache
def shipped_model() -> Trees:
    """The shipped short-answer model, checked against the features computed here."""
    from bot.answering.scorer import shipped

    model = shipped("short")
    model.check(SHORT_FEATURES)
    return model


def choose(sentence: str, query: Query, ranking: Ranking = Ranking(), model: Trees | None = None) -> Short | None:
    """The likeliest short answer in the sentence, or None when it has no candidate or the
    question asks for nothing in particular (yes or no, bare keywords)."""
    if query.kind in _NOTHING_ASKED:
        return None
    found = candidates(sentence, query, ranking)
    if not found.spans:
        return None
    model = model or shipped_model()
    p = 1.0 / (1.0 + np.exp(-model.predict(found.X)))
    best = int(np.argmax(p))
    s, e = found.spans[best]
    return Short(s, e, float(p[best]), bool(p[best] >= threshold(model)))
