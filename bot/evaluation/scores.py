"""How right an answer is, as SQuAD scores it: its normalisation (lower case, no punctuation, no
articles), exact match and token F1 of a short answer, whether a sentence holds a gold answer;
and what counts as a right "Answer: ..." line."""

from __future__ import annotations

import re
import string
from collections import Counter

from bot.language.questions import Kind

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = set(string.punctuation)


def normalize_answer(s: str) -> str:
    s = "".join(ch for ch in s.lower() if ch not in _PUNCT)
    return " ".join(_ARTICLES.sub(" ", s).split())


def exact_match(prediction: str | None, golds: list[str]) -> float:
    if prediction is None:
        return 0.0
    p = normalize_answer(prediction)
    return float(any(p == normalize_answer(g) for g in golds))


def token_f1(prediction: str | None, golds: list[str]) -> float:
    if prediction is None:
        return 0.0
    best = 0.0
    p = normalize_answer(prediction).split()
    for g in golds:
        gt = normalize_answer(g).split()
        common = Counter(p) & Counter(gt)
        same = sum(common.values())
        if not p or not gt:
            best = max(best, float(p == gt))
            continue
        if same == 0:
            continue
        precision, recall = same / len(p), same / len(gt)
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def contains_answer(sentence: str, golds: list[str]) -> bool:
    return holds_answer(f" {normalize_answer(sentence)} ", golds)


def holds_answer(normalized: str, golds: list[str]) -> bool:
    """`contains_answer` for a text already normalised and padded with a space each side."""
    return any(f" {normalize_answer(g)} " in normalized for g in golds if normalize_answer(g))


# Who, where, when, how many: the questions an "Answer: ..." line is most asked of (issue 19).
SHOWN_KINDS = frozenset({Kind.PERSON.value, Kind.PLACE.value, Kind.DATE.value, Kind.NUMBER.value, Kind.DURATION.value})
# A short answer is right from this token F1 with a gold answer.
RIGHT_F1 = 0.5
