"""Tune retrieval parameters on SQuAD articles with cross-validation by article.

    python benchmarks/tune.py ../shared/data/squad-dev-8.json

For each BM25 setting (k1, sentence b, passage b) the per-candidate features of every
answerable question are computed once; fusion weights are then searched on a grid. The
articles are split in two halves: tune on one half, report on the other, both ways, so the
held-out figure says how the setting does on articles it never saw.

    python benchmarks/tune.py ../shared/data/squad-dev-8.json --abstain

fits the abstention rule (`evidence.strength`: weights of the question's coverage by the knowledge,
by its best passage and of the best sentence's fused score, and the threshold) so that at least
90% of off-topic questions (other articles' questions, as `bot eval` samples them) are refused
while as many of the article's own answerable questions as possible are answered; tuned on one
half of the articles, reported on the other.

    python benchmarks/tune.py ../shared/data/squad-dev-8.json --spans

tunes the phrase-answer weights (`phrases.PhraseWeights`) the same way, by short-answer
token F1 over all answerable questions (a question with no answer scores 0).
"""
from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import answer_types, evidence, phrases, qa, rank  # noqa: E402
from bot import query as query_mod  # noqa: E402
from bot.evaluate import article_index, contains_answer, load_squad, token_f1  # noqa: E402
from bot.index import Index  # noqa: E402

FEATURES = ("sentence", "passage", "coverage", "bigram", "kind", "phrase", "context")


def question_features(articles, k1, bs, bp):
    """Per article, per answerable question: (feature matrix of candidates, hit vector)."""
    out = []
    for art in articles:
        corpus = article_index(art).corpus
        idx = Index.build(corpus, k1=k1, b_sentence=bs, b_passage=bp)
        rows = []
        for q in art.questions:
            if q.impossible:
                continue
            query = query_mod.analyze(q.text, idx)
            feats = []
            for name in FEATURES:  # one feature at a time: rank() with a unit weight vector
                w = rank.Weights(**{f: float(f == name) for f in FEATURES})
                r = rank.rank(query, idx, w, limit=10 ** 9)
                feats.append(dict(zip(r.ids.tolist(), r.scores.tolist())))
            ids = sorted(set().union(*feats))
            if not ids:
                rows.append((np.zeros((0, len(FEATURES))), np.zeros(0, bool)))
                continue
            X = np.array([[f.get(i, 0.0) for f in feats] for i in ids])
            y = np.array([contains_answer(corpus.sentences[i].text, q.answers) for i in ids])
            rows.append((X, y))
        out.append(rows)
    return out


def top1(rows, w):
    hits = []
    for X, y in rows:
        if not len(y):
            hits.append(False)
            continue
        s = X @ w
        hits.append(bool(y[int(np.argmax(s))]))
    return float(np.mean(hits)) if hits else 0.0


def topk(rows, w, k=3):
    hits = []
    for X, y in rows:
        s = X @ w if len(y) else np.zeros(0)
        order = np.argsort(-s, kind="stable")[:k]
        hits.append(bool(y[order].any()) if len(y) else False)
    return float(np.mean(hits))


GRID = {
    "sentence": [1.0],
    "passage": [0.2, 0.35, 0.5, 0.8],
    "coverage": [0.3, 0.6, 0.9],
    "bigram": [0.3, 0.5, 0.8],
    "kind": [0.6, 0.8, 1.0],
    "phrase": [1.2, 1.6, 2.0],
    "context": [0.0, 0.5, 1.0],
}


SPAN_GRID = {
    "after_question": [0.5, 1.0, 2.0],
    "length": [0.05, 0.1, 0.2],
    "ideal": [2, 4, 6],
    "head_noun": [1.5, 3.0],
    "position": [0.0, 0.3, 0.6],
    "after_verb": [0.0, 1.0],
}


def span_cases(articles):
    """Per article, per answerable question: the sentence answered and what short_answer
    needs (None when the question was refused)."""
    out = []
    for art in articles:
        idx = article_index(art)
        rows = []
        for q in art.questions:
            if q.impossible:
                continue
            ans = qa.answer(q.text, idx)
            if not ans.answered:
                rows.append(None)
                continue
            sent = idx.corpus.plain(idx.corpus.sentences[ans.sentence_ids[0]])
            query = ans.query
            rows.append((sent, ans.kind, query.stems, query.anchors, q.text, query.last_terms, q.answers))
        out.append(rows)
    return out


def span_f1(rows, weights) -> float:
    total = 0.0
    for case in rows:
        if case is None:
            continue
        sent, kind, stems, anchors, question, verb, golds = case
        span = answer_types.short_answer(sent, kind, stems, anchors, question, verb, weights)
        total += token_f1(sent[span[0]:span[1]], golds) if span else 0.0
    return total / max(len(rows), 1)


def tune_spans(articles) -> None:
    cases = span_cases(articles)
    halves = [[r for a in range(h, len(articles), 2) for r in cases[a]] for h in (0, 1)]
    base = phrases.PHRASE_WEIGHTS
    grid = [replace(base, **dict(zip(SPAN_GRID, v))) for v in itertools.product(*SPAN_GRID.values())]
    held = []
    for t in (0, 1):
        best = max(grid, key=lambda w: span_f1(halves[t], w))
        f = span_f1(halves[1 - t], best)
        held.append((f, len(halves[1 - t])))
        print(f"tuned on half {t + 1}: F1 {span_f1(halves[t], best):.3f}, held-out half {2 - t}: {f:.3f}", flush=True)
    everything = halves[0] + halves[1]
    best = max(grid, key=lambda w: span_f1(everything, w))
    print(f"held-out F1 {sum(f * n for f, n in held) / sum(n for _, n in held):.3f}; "
          f"tuned on all {span_f1(everything, best):.3f} with {best}; "
          f"current weights {span_f1(everything, base):.3f}")


def objective(rows, w) -> float:
    """What the grid maximises: the cited answer right (top-1) and the answer among the three
    citations (top-3), equally."""
    return top1(rows, w) + topk(rows, w)


def abstain_cases(articles):
    """Per article: (evidence features, answerable?) for its answerable and off-topic questions."""
    from bot.evaluate import OFFTOPIC_PER_ARTICLE, offtopic_sample

    out = []
    for a, art in enumerate(articles):
        idx = article_index(art)
        qs = [(q, True) for q in art.questions if not q.impossible]
        qs += [(q, False) for q in offtopic_sample(articles, a, OFFTOPIC_PER_ARTICLE, 0)]
        rows = []
        for q, own in qs:
            query = query_mod.analyze(q.text, idx)
            r = rank.rank(query, idx) if query.terms else None
            top = float(r.scores[0]) if r is not None and len(r.scores) else 0.0
            rows.append(((query.coverage, r.local_coverage if r else 0.0, top), own))
        out.append(rows)
    return out


def _rates(rows, w, threshold):
    own = [np.dot(f, w) >= threshold for f, o in rows if o]
    off = [np.dot(f, w) < threshold for f, o in rows if not o]
    return float(np.mean(own)), float(np.mean(off))


def _fit_threshold(rows, w, refuse=0.90):
    """The lowest threshold that refuses `refuse` of the off-topic questions."""
    scores = np.sort([np.dot(f, w) for f, o in rows if not o])
    return float(scores[min(len(scores) - 1, int(np.ceil(refuse * len(scores))) - 1)]) + 1e-9


def tune_abstain(articles) -> None:
    cases = abstain_cases(articles)
    halves = [[r for a in range(h, len(articles), 2) for r in cases[a]] for h in (0, 1)]
    grid = [np.array([1 / 3, lw, sw]) for lw in (1 / 3, 1 / 2, 2 / 3, 1.0) for sw in (0.0, 0.033, 0.067, 0.1)]
    current = np.array([1 / 3, 2 / 3, 0.2 / 3])
    for t in (0, 1):
        best = max(grid, key=lambda w: _rates(halves[t], w, _fit_threshold(halves[t], w))[0])
        thr = _fit_threshold(halves[t], best)
        a_t, o_t = _rates(halves[t], best, thr)
        a_h, o_h = _rates(halves[1 - t], best, thr)
        print(f"tuned on half {t + 1}: weights {np.round(best, 3).tolist()} threshold {thr:.3f}: answered "
              f"{a_t:.3f}, off-topic refused {o_t:.3f}; held-out half {2 - t}: answered {a_h:.3f}, "
              f"off-topic refused {o_h:.3f}")
    everything = halves[0] + halves[1]
    a, o = _rates(everything, current, rank.DEFAULT_WEIGHTS.min_evidence)
    a0, o0 = _rates(everything, np.array([0.5, 0.5, 0.0]), 0.58)
    print(f"shipped rule (weights {np.round(current, 3).tolist()}, threshold {rank.DEFAULT_WEIGHTS.min_evidence}): "
          f"answered {a:.3f}, off-topic refused {o:.3f}; the earlier rule (coverage and best passage, "
          f"half each, threshold 0.58): answered {a0:.3f}, off-topic refused {o0:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("squad")
    ap.add_argument("--k1", type=float, nargs="*", default=[0.9, 1.2, 1.5])
    ap.add_argument("--bs", type=float, nargs="*", default=[0.25, 0.4, 0.6, 0.75])
    ap.add_argument("--bp", type=float, nargs="*", default=[0.5, 0.75])
    ap.add_argument("--spans", action="store_true", help="tune the phrase-answer weights instead")
    ap.add_argument("--abstain", action="store_true", help="fit the abstention rule instead")
    args = ap.parse_args()
    articles = load_squad(args.squad)
    if args.spans:
        tune_spans(articles)
        return
    if args.abstain:
        tune_abstain(articles)
        return
    halves = [list(range(0, len(articles), 2)), list(range(1, len(articles), 2))]
    grid = [np.array(v) for v in itertools.product(*GRID.values())]
    current = np.array([getattr(rank.DEFAULT_WEIGHTS, f) for f in GRID])
    results = []
    for k1, bs, bp in itertools.product(args.k1, args.bs, args.bp):
        feats = question_features(articles, k1, bs, bp)
        half_rows = [[r for a in h for r in feats[a]] for h in halves]
        all_rows = half_rows[0] + half_rows[1]
        # tune on one half, report on the other
        held1 = held3 = 0.0
        halves_said = []
        for t in (0, 1):
            best = max(grid, key=lambda w: objective(half_rows[t], w))
            n = len(half_rows[1 - t]) / len(all_rows)
            held1 += top1(half_rows[1 - t], best) * n
            held3 += topk(half_rows[1 - t], best) * n
            halves_said.append(f"tuned on half {t + 1} top-1 {top1(half_rows[t], best):.3f} top-3 "
                               f"{topk(half_rows[t], best):.3f}, held-out half {2 - t} top-1 "
                               f"{top1(half_rows[1 - t], best):.3f} top-3 {topk(half_rows[1 - t], best):.3f}")
        w = max(grid, key=lambda w: objective(all_rows, w))
        results.append((held1 + held3, k1, bs, bp, w, top1(all_rows, w), topk(all_rows, w), held1, held3))
        print(f"k1={k1} b_sentence={bs} b_passage={bp}: held-out top-1 {held1:.3f} top-3 {held3:.3f}; "
              f"tuned on all top-1 {results[-1][5]:.3f} top-3 {results[-1][6]:.3f}; current weights "
              f"top-1 {top1(all_rows, current):.3f} top-3 {topk(all_rows, current):.3f}; tuned weights "
              + " ".join(f"{n}={x}" for n, x in zip(GRID, w)), flush=True)
        print("    " + "\n    ".join(halves_said), flush=True)
    best = max(results, key=lambda r: r[0])
    print("\nbest by held-out top-1 + top-3:", f"k1={best[1]} b_sentence={best[2]} b_passage={best[3]}",
          " ".join(f"{n}={x}" for n, x in zip(GRID, best[4])),
          f"held-out top-1 {best[7]:.3f} top-3 {best[8]:.3f}, tuned top-1 {best[5]:.3f} top-3 {best[6]:.3f}")


if __name__ == "__main__":
    main()
