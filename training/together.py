"""Where `bot eval --together` loses a question: at the article, or at the sentence.

    python training/together.py ../shared/data/newsqa-dev-half.json

With every article of a file in one knowledge base, a hit needs the bot's first citation to come
from the question's own article and to be the sentence that answers. This asks each answerable
question of that knowledge base and says how often the first citation is of the question's
article, and how often it answers when it is; then how often lexical rankings of whole articles
put the question's own first (the lever a better candidate stage would pull): BM25 over whole
articles as the index builds it (what the ranker's `document_share` reads) and with other k1
and b, the article of the best-matching sentence, and the two together (each scaled by its best
and summed). Prints one table; writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answering import qa
from bot.answering.qa import analyze
from bot.evaluation.squad import Article, SquadError, first_hit, load_squad, together_index
from bot.index.bm25 import BM25, Index

SETTINGS = ((0.9, 0.75), (1.5, 0.3), (1.5, 1.0), (3.0, 0.75))  # k1, b: BM25 of whole articles besides the index's
AT = (1, 3, 10)


def article_bm25(index: Index, k1: float, b: float) -> BM25:
    """BM25 of the knowledge's whole documents with these settings, from the index's own terms."""
    terms = index.sentence_terms
    vocab = {t: i for i, t in enumerate(terms.vocab)}
    sentence = np.repeat(np.arange(len(index.corpus.sentences), dtype=np.int64), np.diff(terms.offsets))
    return BM25.of_tokens(vocab, terms.ids, index.sentence_doc[sentence], len(index.corpus.documents), k1, b)


def rank_of(scores: np.ndarray, own: int) -> int:
    """1-based rank of document `own` by `scores` (ties counted against it)."""
    return int((scores > scores[own]).sum()) + 1


def scaled(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max())
    return scores / top if top > 0 else scores


def rankings(index: Index) -> dict[str, Callable[[dict[str, float] | list[str]], np.ndarray]]:
    """Named scorings of the knowledge's documents for a question's terms."""
    docs = len(index.corpus.documents)
    sentence_doc = index.sentence_doc

    def best_sentence(terms: dict[str, float] | list[str]) -> np.ndarray:
        best = np.zeros(docs)
        np.maximum.at(best, sentence_doc, index.sentences.scores(terms))
        return best

    named: dict[str, Callable[[dict[str, float] | list[str]], np.ndarray]] = {
        "BM25 of whole articles (the index's)": index.documents.scores
    }
    for k1, b in SETTINGS:
        named[f"BM25 of whole articles, k1 {k1}, b {b}"] = article_bm25(index, k1, b).scores
    named["the best sentence's BM25"] = best_sentence
    named["both, each scaled by its best"] = lambda t: scaled(index.documents.scores(t)) + scaled(best_sentence(t))
    return named


def diagnose(articles: list[Article], index: Index | None = None) -> dict[str, float]:
    """The bot's figures and each ranking's share of own articles in its first `AT`."""
    index = index or together_index(articles)
    scorings = rankings(index)
    ranks: dict[str, list[int]] = {name: [] for name in scorings}
    asked = answered = hits = own_first = own_hits = 0
    for a, art in enumerate(articles):  # together_index adds the articles in order: document a
        for q in art.questions:
            if q.impossible:
                continue
            asked += 1
            ans = qa.answer(q.text, index, top=10)
            terms = analyze(q.text, index, None).terms
            for name, score in scorings.items():
                ranks[name].append(rank_of(score(terms), a))
            if not ans.answered or not ans.citations:
                continue
            answered += 1
            hit = first_hit([c.text for c in ans.citations[:1]], q.answers) == 1
            own = int(index.sentence_doc[ans.sentence_ids[0]]) == a
            hits += hit
            own_first += own
            own_hits += hit and own
    n = max(asked, 1)
    out = {
        "questions": float(asked),
        "answered": answered / n,
        "top-1": hits / n,
        "first citation of the question's article": own_first / n,
        "top-1 when it is": own_hits / max(own_first, 1),
    }
    for name, rs in ranks.items():
        r = np.array(rs)
        for k in AT:
            out[f"{name} @{k}"] = float((r <= k).mean()) if len(r) else 0.0
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="a SQuAD-format file (../shared/data/newsqa-dev-half.json)")
    args = parser.parse_args(argv)
    try:
        articles = load_squad(args.file)
    except SquadError as exc:
        print(f"together: {exc}", file=sys.stderr)
        return 2
    d = diagnose(articles)
    print(f"{int(d['questions'])} questions of {len(articles)} articles, asked of one knowledge base")
    for key in ("answered", "top-1", "first citation of the question's article", "top-1 when it is"):
        print(f"  {key:<44} {d[key]:.3f}")
    print("the question's article among a ranking's first " + ", ".join(map(str, AT)) + ":")
    for name in [k.removesuffix(" @1") for k in d if k.endswith(" @1")]:
        print(f"  {name:<44} " + "  ".join(f"{d[f'{name} @{k}']:.3f}" for k in AT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
