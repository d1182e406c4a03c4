"""SQuAD-format evaluation: how often the cited sentence holds the answer, and more.

Each SQuAD article becomes its own knowledge base (title + paragraphs, as one document of a
knowledge folder would be). Every question is asked through the same `qa.answer` the
command line uses, and scored:

- answer-sentence top-1 / top-3 / MRR: a cited sentence contains a gold answer (normalised as
  SQuAD normalises: lower case, no punctuation, no articles);
- short-answer exact match and token F1 (the official SQuAD definitions);
- answered rate on answerable questions, refused rate on unanswerable ones (SQuAD 2.0) and on
  off-topic questions (a seeded sample of the other articles' questions); a hedge (the closest
  sentences, said to be uncertain) is not an answer, and is counted apart;
- mean words in the top cited sentence; questions per second.
"""

from __future__ import annotations

import json
import random
import re
import string
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import qa
from .index import Index
from .knowledge import Corpus, add_document
from .rank import DEFAULT_WEIGHTS, Weights

OFFTOPIC_PER_ARTICLE = 40


class SquadError(Exception):
    """The file is not usable SQuAD data."""

    user_error = True  # the command line says it in one line, exit status 2


@dataclass
class Question:
    id: str
    text: str
    answers: list[str]
    impossible: bool


@dataclass
class Article:
    title: str
    paragraphs: list[str]
    questions: list[Question]


def read_json(path: str | Path) -> object:
    """A benchmark file's parsed JSON; one-line errors for what cannot be read."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SquadError(f"file not found: {path}") from None
    except IsADirectoryError:
        raise SquadError(f"{path} is a folder; give a SQuAD or CoQA .json file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SquadError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SquadError(f"{path} is not JSON (line {exc.lineno}: {exc.msg})") from None


def load_squad(path: str | Path) -> list[Article]:
    return parse_squad(read_json(path), path)


def parse_squad(data: object, path: str | Path = "the file") -> list[Article]:
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise SquadError(f'{path} is not SQuAD format: expected an object with a "data" list')
    articles = []
    try:
        for a, art in enumerate(data["data"]):
            paragraphs, questions = [], []
            for p in art["paragraphs"]:
                paragraphs.append(str(p["context"]))
                for q in p["qas"]:
                    answers = [str(x["text"]) for x in q.get("answers", [])]
                    impossible = bool(q.get("is_impossible", False)) or not answers
                    questions.append(
                        Question(str(q.get("id", len(questions))), str(q["question"]), answers, impossible)
                    )
            articles.append(Article(str(art.get("title", f"article {a + 1}")), paragraphs, questions))
    except (KeyError, TypeError) as exc:
        key = exc.args[0] if isinstance(exc, KeyError) else "a list or object"
        raise SquadError(f"{path} is not SQuAD format: missing {key!s} in article {a + 1}") from None
    if not articles:
        raise SquadError(f"{path} has no articles")
    return articles


def article_index(article: Article) -> Index:
    corpus = Corpus([], [], [], article.title)
    add_document(
        corpus,
        article.title,
        article.title,
        "\n\n".join(article.paragraphs),
        False,
        title=article.title.replace("_", " "),
    )
    return Index.build(corpus)


# ---------------------------------------------------------------------------------------------
# SQuAD's own answer normalisation and scores

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
    s = f" {normalize_answer(sentence)} "
    return any(f" {normalize_answer(g)} " in s for g in golds if normalize_answer(g))


# ---------------------------------------------------------------------------------------------


@dataclass
class Record:
    article: str
    question: str
    kind: str  # answerable / impossible / offtopic
    answered: bool
    rank: int | None  # 1-based rank of the first cited sentence holding a gold answer
    em: float
    f1: float
    words: int
    golds: list[str] = field(default_factory=list)
    cited: str = ""
    short: str | None = None
    hedged: bool = False  # not answered, but the closest sentences shown as such


def evaluate_article(
    article: Article,
    others: list[Question],
    weights: Weights = DEFAULT_WEIGHTS,
    depth: int = 10,
    index: Index | None = None,
) -> list[Record]:
    index = index or article_index(article)
    records = []
    asked = [(q, "impossible" if q.impossible else "answerable") for q in article.questions]
    asked += [(q, "offtopic") for q in others]
    for q, kind in asked:
        ans = qa.answer(q.text, index, top=depth, weights=weights)
        rank = None
        if kind == "answerable":
            for c in ans.citations:
                if contains_answer(c.text, q.answers):
                    rank = c.rank
                    break
        top = ans.citations[0].text if ans.citations else ""
        records.append(
            Record(
                article.title,
                q.text,
                kind,
                ans.answered,
                rank,
                exact_match(ans.short_answer, q.answers) if kind == "answerable" else 0.0,
                token_f1(ans.short_answer, q.answers) if kind == "answerable" else 0.0,
                len(top.split()),
                q.answers,
                top,
                ans.short_answer,
                not ans.answered and bool(ans.citations),
            )
        )
    return records


def offtopic_sample(articles: list[Article], a: int, n: int, seed: int) -> list[Question]:
    pool = [q for b, art in enumerate(articles) if b != a for q in art.questions]
    return random.Random(f"{seed}:{a}").sample(pool, min(n, len(pool)))


def summarize(records: list[Record], seconds: float | None = None) -> dict[str, float]:
    ans = [r for r in records if r.kind == "answerable"]
    imp = [r for r in records if r.kind == "impossible"]
    off = [r for r in records if r.kind == "offtopic"]

    def mean(xs) -> float:
        xs = list(xs)
        return sum(xs) / len(xs) if xs else 0.0

    out = {
        "questions": len(records),
        "answerable": len(ans),
        "top1": mean(r.rank == 1 for r in ans),
        "top3": mean(r.rank is not None and r.rank <= 3 for r in ans),
        "mrr": mean(1 / r.rank if r.rank else 0.0 for r in ans),
        "em": mean(r.em for r in ans),
        "f1": mean(r.f1 for r in ans),
        "answered": mean(r.answered for r in ans),
        "refused_impossible": mean(not r.answered for r in imp),
        "refused_offtopic": mean(not r.answered for r in off),
        "hedged": mean(r.hedged for r in ans),
        "hedged_offtopic": mean(r.hedged for r in off),
        "words": mean(r.words for r in ans if r.answered),
    }
    if seconds:
        out["qps"] = len(records) / seconds
    return out


def evaluate(
    articles: list[Article],
    weights: Weights = DEFAULT_WEIGHTS,
    offtopic: int = OFFTOPIC_PER_ARTICLE,
    seed: int = 0,
    progress=None,
) -> tuple[list[Record], float]:
    records: list[Record] = []
    t0 = time.perf_counter()
    for a, art in enumerate(articles):
        records += evaluate_article(art, offtopic_sample(articles, a, offtopic, seed), weights)
        if progress:
            progress(a + 1, len(articles))
    return records, time.perf_counter() - t0
