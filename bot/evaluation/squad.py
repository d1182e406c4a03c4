"""SQuAD-format evaluation: how often the cited sentence holds the answer, and more.

Each SQuAD article becomes its own knowledge base (title + paragraphs, as one document of a
knowledge folder would be). Every question is asked through the same `qa.answer` the
command line uses, and scored:

- answer-sentence top-1 / top-3 / MRR: the question was answered (a hedge or a refusal is a
  miss) and a cited sentence contains a gold answer (normalised as SQuAD normalises: lower
  case, no punctuation, no articles); "cited top-1" counts a hedge's first citation too;
- short-answer exact match and token F1 (the official SQuAD definitions); "Answer:" lines:
  the share of who / where / when / how-many questions given one, and the share of those
  shown that are right (token F1 at least 0.5);
- answered rate on answerable questions, refused rate on unanswerable ones (SQuAD 2.0) and on
  off-topic questions (a seeded sample of the other articles' questions); a hedge (the closest
  sentences, said to be uncertain) is not an answer, and is counted apart;
- mean words in the top cited sentence; questions per second;
- with a peer (`peer.Peer`, plain rank-bm25), its top-1 / top-3 / MRR on the same sentences.

`evaluate_together` makes all the articles one knowledge base (a reader's folder of saved
articles), each question asked of all of it; `evaluate_paragraphs` makes each paragraph one (a
reader's one-paragraph text).
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from bot.answering import qa
from bot.answering.scorer import Models
from bot.documents.corpus import Corpus, add_document
from bot.evaluation.peer import Peer
from bot.evaluation.scores import (
    RIGHT_F1,
    SHOWN_KINDS,
    contains_answer,
    exact_match,
    holds_answer,
    normalize_answer,
    token_f1,
)
from bot.index.bm25 import Index
from bot.language import analysis

OFFTOPIC_PER_ARTICLE = 40
# Near-topic questions: this many per article, from the questions of the NEAR_ARTICLES most like it.
NEARTOPIC_PER_ARTICLE = 20
NEAR_ARTICLES = 3
# With each paragraph its own knowledge base: questions of other articles, and of the other
# paragraphs of its own article, asked of each.
PARAGRAPH_OFFTOPIC = 5
PARAGRAPH_NEARTOPIC = 5


class SquadError(Exception):
    """The file is not usable SQuAD data."""

    user_error = True  # the command line says it in one line, exit status 2


@dataclass
class Question:
    id: str
    text: str
    answers: list[str]
    impossible: bool
    paragraph: int = 0  # the place of its paragraph in its article


@dataclass
class Article:
    title: str
    paragraphs: list[str]
    questions: list[Question]


def read_json(path: str | Path) -> object:
    """A benchmark file's parsed JSON; one-line errors for what cannot be read."""
    path = Path(path)
    try:
        if path.exists() and not path.is_dir() and not path.is_file():
            raise SquadError(f"{path} is not a regular file (a pipe or a device); give a .json file")
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
    except RecursionError:
        raise SquadError(f"{path} nests its JSON too deeply to be a SQuAD or CoQA file") from None


def load_squad(path: str | Path) -> list[Article]:
    return parse_squad(read_json(path), path)


def parse_squad(data: object, path: str | Path = "the file") -> list[Article]:
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise SquadError(f'{path} is not SQuAD format: expected an object with a "data" list')
    articles = []
    try:
        for a, art in enumerate(data["data"]):
            paragraphs: list[str] = []
            questions: list[Question] = []
            for p in art["paragraphs"]:
                for q in p["qas"]:
                    answers = [str(x["text"]) for x in q.get("answers", [])]
                    impossible = bool(q.get("is_impossible", False)) or not answers
                    questions.append(
                        Question(
                            str(q.get("id", len(questions))), str(q["question"]), answers, impossible, len(paragraphs)
                        )
                    )
                paragraphs.append(str(p["context"]))
            articles.append(Article(str(art.get("title", f"article {a + 1}")), paragraphs, questions))
    except (KeyError, TypeError, AttributeError) as exc:
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
class Asked(StrEnum):
    """What a question was to the knowledge it was asked of."""

    ANSWERABLE = "answerable"  # its own question, with an answer
    IMPOSSIBLE = "impossible"  # its own, without one (SQuAD 2.0)
    OFFTOPIC = "offtopic"  # another article's
    NEARTOPIC = "neartopic"  # a similar article's, that this one does not answer


@dataclass
class Record:
    article: str
    question: str
    kind: Asked
    answered: bool
    # 1-based rank of the first cited sentence holding a gold answer, when the question was
    # answered (a hedge or a refusal is a miss: None)
    rank: int | None
    em: float
    f1: float
    words: int
    golds: list[str] = field(default_factory=list)
    cited: str = ""
    short: str | None = None
    hedged: bool = False  # not answered, but the closest sentences shown as such
    cited_rank: int | None = None  # `rank`, hedges' citations included
    peer_rank: int | None = None  # the BM25 peer's rank of the first sentence holding a gold answer
    short_sure: bool = False  # the short answer was sure enough to be shown ("Answer: ...")
    asks: str = ""  # what the question asks for (a `Kind`'s value)


def first_hit(texts: list[str], golds: list[str]) -> int | None:
    """1-based place of the first text holding a gold answer, or None."""
    return next((r for r, t in enumerate(texts, 1) if contains_answer(t, golds)), None)


def evaluate_article(
    article: Article,
    others: list[Question],
    models: Models | None = None,
    depth: int = 10,
    index: Index | None = None,
    peer: Peer | None = None,
    near: Sequence[Question] = (),
) -> list[Record]:
    """Ask the article's questions (and `others`, off-topic, and `near`, near-topic) of its
    index; with `peer`, rank the answerable ones by the peer too."""
    index = index or article_index(article)
    sentences = index.corpus.sentences
    records = []
    asked = [(q, Asked.IMPOSSIBLE if q.impossible else Asked.ANSWERABLE) for q in article.questions]
    asked += [(q, Asked.OFFTOPIC) for q in others]
    asked += [(q, Asked.NEARTOPIC) for q in near]
    for q, kind in asked:
        ans = qa.answer(q.text, index, top=depth, models=models)
        cited = first_hit([c.text for c in ans.citations], q.answers) if kind == Asked.ANSWERABLE else None
        peer_rank = None
        if peer is not None and kind == Asked.ANSWERABLE:
            peer_rank = first_hit([sentences[i].text for i in peer.rank(q.text, depth)], q.answers)
        top = ans.citations[0].text if ans.citations else ""
        records.append(
            Record(
                article.title,
                q.text,
                kind,
                ans.answered,
                cited if ans.answered else None,
                exact_match(ans.short_answer, q.answers) if kind == Asked.ANSWERABLE else 0.0,
                token_f1(ans.short_answer, q.answers) if kind == Asked.ANSWERABLE else 0.0,
                len(top.split()),
                q.answers,
                top,
                ans.short_answer,
                not ans.answered and bool(ans.citations),
                cited,
                peer_rank,
                ans.answered and ans.short_sure,
                str(ans.kind.value),
            )
        )
    return records


def paragraph_index(article: Article, p: int) -> Index:
    """One paragraph of an article as a knowledge base of its own (a text file of one paragraph)."""
    corpus = Corpus([], [], [], f"{article.title} {p + 1}")
    add_document(corpus, f"paragraph-{p + 1}.txt", f"paragraph-{p + 1}.txt", article.paragraphs[p], False)
    return Index.build(corpus)


def evaluate_paragraphs(
    articles: list[Article],
    models: Models | None = None,
    peer: bool = False,
    offtopic: int = PARAGRAPH_OFFTOPIC,
    neartopic: int = PARAGRAPH_NEARTOPIC,
    seed: int = 0,
    progress=None,
) -> list[Record]:
    """Each paragraph its own knowledge base, asked its own questions, `offtopic` questions of
    other articles and `neartopic` of the other paragraphs of its article whose answers it does
    not hold."""
    records: list[Record] = []
    for a, art in enumerate(articles):
        if progress:
            progress(a, len(articles), art.title)
        pool = [q for b, other in enumerate(articles) if b != a for q in other.questions]
        for p, text in enumerate(art.paragraphs):
            rng = random.Random(f"{seed}:{a}:{p}")
            own = [q for q in art.questions if q.paragraph == p]
            normalized = f" {normalize_answer(text)} "
            near = [
                q
                for q in art.questions
                if q.paragraph != p and not q.impossible and not holds_answer(normalized, q.answers)
            ]
            index = paragraph_index(art, p)
            records += evaluate_article(
                Article(art.title, [text], own),
                rng.sample(pool, min(offtopic, len(pool))),
                models,
                index=index,
                peer=Peer(index) if peer else None,
                near=rng.sample(near, min(neartopic, len(near))),
            )
    if progress:
        progress(len(articles), len(articles), "done")
    return records


def together_index(articles: list[Article]) -> Index:
    """One knowledge base of every article, each its own document (a folder of saved articles)."""
    corpus = Corpus([], [], [], "articles")
    for art in articles:
        add_document(
            corpus, art.title, art.title, "\n\n".join(art.paragraphs), False, title=art.title.replace("_", " ")
        )
    return Index.build(corpus)


def evaluate_together(
    articles: list[Article],
    depth: int = 10,
    peer: bool = False,
    index: Index | None = None,
    models: Models | None = None,
) -> list[Record]:
    """Every question asked of one knowledge base holding all the articles."""
    index = index or together_index(articles)
    whole = Article("all articles", [], [q for art in articles for q in art.questions])
    records = evaluate_article(whole, [], models, depth=depth, index=index, peer=Peer(index) if peer else None)
    for r, q in zip(records, whole.questions):
        r.article = next(a.title for a in articles if q in a.questions)
    return records


def offtopic_sample(articles: list[Article], a: int, n: int, seed: int) -> list[Question]:
    pool = [q for b, art in enumerate(articles) if b != a for q in art.questions]
    return random.Random(f"{seed}:{a}").sample(pool, min(n, len(pool)))


def similar_articles(articles: list[Article], count: int = NEAR_ARTICLES) -> list[list[int]]:
    """For each article, the `count` others most like it (cosine of their TF-IDF term vectors)."""
    import numpy as np

    vocab: dict[str, int] = {}
    rows = []
    for art in articles:
        counts = Counter(analysis.terms(" ".join(art.paragraphs)))
        rows.append({vocab.setdefault(t, len(vocab)): c for t, c in counts.items()})
    df = np.zeros(len(vocab))
    for row in rows:
        df[list(row)] += 1
    idf = np.log(len(articles) / np.maximum(df, 1))
    M = np.zeros((len(articles), len(vocab)))
    for i, row in enumerate(rows):
        M[i, list(row)] = np.log1p(list(row.values())) * idf[list(row)]
    M /= np.maximum(np.linalg.norm(M, axis=1, keepdims=True), 1e-12)
    sim = M @ M.T
    np.fill_diagonal(sim, -np.inf)
    return [np.argsort(-sim[i], kind="stable")[: min(count, len(articles) - 1)].tolist() for i in range(len(articles))]


def neartopic_sample(articles: list[Article], a: int, similar: list[int], n: int, seed: int) -> list[Question]:
    """Questions of the articles most like article `a` (`similar`), whose answers its text does
    not hold: on its subject, not answered by it (a reader asking about a related story)."""
    text = f" {normalize_answer(' '.join(articles[a].paragraphs))} "
    pool = [q for b in similar for q in articles[b].questions if not q.impossible and not holds_answer(text, q.answers)]
    return random.Random(f"near:{seed}:{a}").sample(pool, min(n, len(pool)))


def summarize(records: list[Record], seconds: float | None = None) -> dict[str, float]:
    ans = [r for r in records if r.kind == Asked.ANSWERABLE]
    imp = [r for r in records if r.kind == Asked.IMPOSSIBLE]
    off = [r for r in records if r.kind == Asked.OFFTOPIC]
    near = [r for r in records if r.kind == Asked.NEARTOPIC]

    def mean(xs) -> float:
        xs = list(xs)
        return sum(xs) / len(xs) if xs else 0.0

    out = {
        "questions": len(records),
        "answerable": len(ans),
        "top1": mean(r.rank == 1 for r in ans),
        "top3": mean(r.rank is not None and r.rank <= 3 for r in ans),
        "mrr": mean(1 / r.rank if r.rank else 0.0 for r in ans),
        "cited_top1": mean(r.cited_rank == 1 for r in ans),
        "em": mean(r.em for r in ans),
        "f1": mean(r.f1 for r in ans),
        "answered": mean(r.answered for r in ans),
        "refused_impossible": mean(not r.answered for r in imp),
        "refused_offtopic": mean(not r.answered for r in off),
        "hedged": mean(r.hedged for r in ans),
        "hedged_offtopic": mean(r.hedged for r in off),
        "refused_neartopic": mean(not r.answered for r in near),
        "words": mean(r.words for r in ans if r.answered),
        # "Answer: ..." lines: the share of who/where/when/how-many questions given one, and the
        # share of those shown that are right (token F1 at least 0.5)
        "line_shown": mean(r.short_sure for r in ans if r.asks in SHOWN_KINDS),
        "line_right": mean(r.f1 >= RIGHT_F1 for r in ans if r.short_sure),
    }
    if any(r.peer_rank is not None for r in ans):
        out["peer_top1"] = mean(r.peer_rank == 1 for r in ans)
        out["peer_top3"] = mean(r.peer_rank is not None and r.peer_rank <= 3 for r in ans)
        out["peer_mrr"] = mean(1 / r.peer_rank if r.peer_rank else 0.0 for r in ans)
    if seconds:
        out["qps"] = len(records) / seconds
    return out


def evaluate(
    articles: list[Article],
    models: Models | None = None,
    offtopic: int = OFFTOPIC_PER_ARTICLE,
    seed: int = 0,
    progress=None,
    peer: bool = False,
    neartopic: int = NEARTOPIC_PER_ARTICLE,
    only: Collection[int] | None = None,
) -> tuple[list[Record], float]:
    """Each article its own knowledge base, asked its own questions, `offtopic` of the others'
    and `neartopic` of the most similar others' (see `neartopic_sample`); (records, seconds).
    `only`: the places of the articles to ask (all by default; the others still lend their
    questions)."""
    records: list[Record] = []
    t0 = time.perf_counter()
    similar = similar_articles(articles) if neartopic else [[] for _ in articles]
    asked = [a for a in range(len(articles)) if only is None or a in only]
    for n, a in enumerate(asked):
        art = articles[a]
        if progress:
            progress(n, len(asked), art.title)
        index = article_index(art)
        others = offtopic_sample(articles, a, offtopic, seed) if offtopic else []
        near = neartopic_sample(articles, a, similar[a], neartopic, seed) if neartopic else []
        records += evaluate_article(art, others, models, index=index, peer=Peer(index) if peer else None, near=near)
    if progress:
        progress(len(asked), len(asked), "done")
    return records, time.perf_counter() - t0
