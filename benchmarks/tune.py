"""Tune the bot's weights with cross-validation, on the three kinds of data it is judged by.

    python benchmarks/tune.py rank --squad S.json --newsqa N.json --coqa C.json [--free lead,...]
    python benchmarks/tune.py chat --coqa C.json
    python benchmarks/tune.py abstain --squad S.json --newsqa N.json
    python benchmarks/tune.py spans --squad S.json

Every set is cut in two halves by article or story (even and odd places in the file): weights
are tuned on one half and measured on the other, both ways, so the held-out figures say how
the weights do on text they never saw.

- `rank`: the ranking weights named by `--free` (default: the lead prior), by coordinate ascent
  on the mean over the sets of top-1 + top-3 of the ranking alone (every question answered).
  CoQA turns count here as single questions (each asked alone). Feature rows are computed
  once per question (`rank.features`), so a search takes a minute.
- `chat`: the conversation's weights (`Weights.lead_in_conversation`, `earlier`, `again`,
  `follows`, `precedes`, `person`), end to end: each CoQA story asked turn by turn as
  `bot chat` asks it (the last answer is the bot's own), objective top-1 + top-3 / 2 over CNN
  and Wikipedia. About ten minutes.
- `abstain`: the evidence bar `min_evidence + evidence_per_size * ln(sentences)`: answer as
  many of each article's own questions as possible while refusing at least 90% of off-topic
  ones (questions of other articles, as `bot eval` samples them) on NewsQA and 91% on SQuAD;
  then the trade-off curve (answered against off-topic refused) as the bar moves.
- `spans`: the phrase-answer weights (`phrases.PhraseWeights`) by short-answer F1 on SQuAD.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from dataclasses import fields, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import answer_types, evaluate_coqa, evidence, phrases, qa, rank
from bot import query as query_mod
from bot.evaluate import (
    OFFTOPIC_PER_ARTICLE,
    article_index,
    contains_answer,
    load_squad,
    offtopic_sample,
    token_f1,
)

W0 = rank.DEFAULT_WEIGHTS


def halves(items):
    return [[x for i, x in enumerate(items) if i % 2 == h] for h in (0, 1)]


# ---------------------------------------------------------------------------------------------
# rank


def question_rows(index, questions):
    """(feature matrix, hit vector) per question; `questions` holds (text, is_hit(sentence))."""
    rows = []
    for text_, is_hit in questions:
        query = query_mod.analyze(text_, index)
        ids, base = rank.candidates(query, index, 10**9)
        if not len(ids):
            rows.append((np.zeros((0, len(rank.FEATURES))), np.zeros(0, bool)))
            continue
        X, _ = rank.features(query, index, ids, base)
        rows.append((X, np.array([is_hit(index.corpus.sentences[i]) for i in ids.tolist()], bool)))
    return rows


def squad_rows(path):
    out = []
    for art in load_squad(path):
        idx = article_index(art)
        out.append(
            question_rows(
                idx,
                [
                    (q.text, lambda s, a=q.answers: contains_answer(s.text, a))
                    for q in art.questions
                    if not q.impossible
                ],
            )
        )
    return out


def coqa_rows(path):
    out = []
    for story in evaluate_coqa.load(path):
        idx = evaluate_coqa.story_index(story)
        turns = [
            (t.question, lambda s, r=t.rationale: s.start < r[1] and r[0] < s.end) for t in story.turns if t.rationale
        ]
        out.append(question_rows(idx, turns))
    return out


def top_k(rows, w, k):
    hits = 0
    for X, y in rows:
        if len(y):
            hits += bool(y[np.argsort(-(X @ w), kind="stable")[:k]].any())
    return hits / max(len(rows), 1)


def figures(rows, w) -> str:
    return f"{top_k(rows, w, 1):.3f} / {top_k(rows, w, 3):.3f}"


def ascend(sets, w, free, steps=(0.4, 0.2, 0.1, 0.05), rounds=4):
    """Coordinate ascent on the mean over `sets` of top-1 + top-3."""

    def objective(v):
        return np.mean([top_k(rows, v, 1) + top_k(rows, v, 3) for rows in sets])

    w, best = w.copy(), objective(w)
    for step in steps:
        for _ in range(rounds):
            better = False
            for j in free:
                for d in (step, -step):
                    v = w.copy()
                    v[j] += d
                    o = objective(v)
                    if o > best + 1e-9:
                        w, best, better = v, o, True
            if not better:
                break
    return w


def tune_rank(args) -> None:
    sets = {}
    if args.squad:
        sets["SQuAD"] = squad_rows(args.squad)
    if args.newsqa:
        sets["NewsQA"] = squad_rows(args.newsqa)
    if args.coqa:
        sets["CoQA, turns alone"] = coqa_rows(args.coqa)
    names = list(sets)
    free = [rank.FEATURES.index(f) for f in args.free.split(",")]
    w0 = W0.vector()
    split = {n: [[r for a in h for r in a] for h in halves(sets[n])] for n in names}
    held = {n: [] for n in names}
    for t in (0, 1):
        w = ascend([split[n][t] for n in names], w0, free)
        print(f"tuned on half {t + 1}: " + ", ".join(f"{rank.FEATURES[j]} {w[j]:.2f}" for j in free))
        for n in names:
            print(
                f"  {n:18} tuning half {figures(split[n][t], w)}, held-out half {2 - t} "
                f"{figures(split[n][1 - t], w)} (shipped weights {figures(split[n][1 - t], w0)})"
            )
            held[n].append((split[n][1 - t], w))
    print("held out, both halves (top-1 / top-3):")
    for n in names:
        rows = [(r, w) for part, w in held[n] for r in part]
        t1 = np.mean([top_k([r], w, 1) for r, w in rows])
        t3 = np.mean([top_k([r], w, 3) for r, w in rows])
        print(f"  {n:18} {t1:.3f} / {t3:.3f}   shipped: {figures([r for r, _ in rows], w0)}")
    w = ascend([split[n][0] + split[n][1] for n in names], w0, free)
    print(
        "tuned on all: "
        + ", ".join(f"{rank.FEATURES[j]} {w[j]:.2f}" for j in free)
        + "; "
        + ", ".join(f"{n} {figures(split[n][0] + split[n][1], w)}" for n in names)
    )


# ---------------------------------------------------------------------------------------------
# chat

CHAT_FREE = ("lead_in_conversation", "earlier", "again", "follows", "precedes", "person")


def chat_figures(stories, indexes, weights):
    out = {}
    records = []
    for s in stories:
        records += evaluate_coqa.evaluate_story(s, depth=3, index=indexes[s.id], modes=("chat",), weights=weights)
    for source in sorted({s.source for s in stories}):
        rs = [r for r in records if r.scored and r.source == source]
        out[source] = (sum(r.rank == 1 for r in rs) / len(rs), sum(bool(r.rank and r.rank <= 3) for r in rs) / len(rs))
    return out


def chat_objective(figs) -> float:
    return sum(t1 + t3 / 2 for t1, t3 in figs.values())


def show(figs) -> str:
    return ", ".join(f"{s} {t1:.3f} / {t3:.3f}" for s, (t1, t3) in figs.items())


def tune_chat(args) -> None:
    stories = evaluate_coqa.load(args.coqa)
    indexes = {s.id: evaluate_coqa.story_index(s) for s in stories}
    parts = halves(stories)
    for t in (0, 1):
        w, best = W0, chat_objective(chat_figures(parts[t], indexes, W0))
        for step in (0.2, 0.1):
            for _ in range(3):
                better = False
                for name in CHAT_FREE:
                    for d in (step, -step):
                        v = replace(w, **{name: round(getattr(w, name) + d, 3)})
                        o = chat_objective(chat_figures(parts[t], indexes, v))
                        if o > best + 1e-9:
                            w, best, better = v, o, True
                if not better:
                    break
        print(f"tuned on half {t + 1}: " + ", ".join(f"{n} {getattr(w, n):.2f}" for n in CHAT_FREE), flush=True)
        print(f"  tuning half: {show(chat_figures(parts[t], indexes, w))}")
        print(
            f"  held-out half {2 - t}: {show(chat_figures(parts[1 - t], indexes, w))} "
            f"(shipped weights: {show(chat_figures(parts[1 - t], indexes, W0))})",
            flush=True,
        )


# ---------------------------------------------------------------------------------------------
# abstain


def abstain_cases(path):
    """Per article: its size in sentences and, per question, (strength, answerable at all,
    names it lacks, own question?)."""
    articles = load_squad(path)
    out = []
    for a, art in enumerate(articles):
        idx = article_index(art)
        qs = [(q, True) for q in art.questions if not q.impossible]
        qs += [(q, False) for q in offtopic_sample(articles, a, OFFTOPIC_PER_ARTICLE, 0)]
        rows = []
        for q, own in qs:
            query = query_mod.analyze(q.text, idx)
            r = rank.rank(query, idx) if query.terms else None
            ok = r is not None and len(r.ids) > 0 and r.coverage[0] > 0
            rows.append((evidence.strength(query, r) if ok else -1.0, bool(evidence.missing_names(query)), own))
        out.append((len(idx.corpus.sentences), rows))
    return out


def rates(articles, base, per_size):
    """(own questions answered, off-topic refused) with this bar."""
    own, off = [], []
    for size, rows in articles:
        bar = base + per_size * math.log(size)
        for s, names, is_own in rows:
            (own if is_own else off).append(s >= bar and not names)
    return float(np.mean(own)), 1 - float(np.mean(off))


REFUSE = {"SQuAD": 0.91, "NewsQA": 0.90}


def tune_abstain(args) -> None:
    sets = {"SQuAD": abstain_cases(args.squad), "NewsQA": abstain_cases(args.newsqa)}
    grid = [(b, p) for p in np.arange(0.0, 0.061, 0.004) for b in np.arange(0.30, 0.80, 0.005)]
    for t in (0, 1):
        tune = {n: halves(v)[t] for n, v in sets.items()}
        ok = [
            (sum(rates(tune[n], b, p)[0] for n in sets), b, p)
            for b, p in grid
            if all(rates(tune[n], b, p)[1] >= REFUSE[n] for n in sets)
        ]
        _, b, p = max(ok)
        print(f"tuned on half {t + 1}: min_evidence {b:.3f}, evidence_per_size {p:.3f}")
        for n in sets:
            a1, r1 = rates(tune[n], b, p)
            a2, r2 = rates(halves(sets[n])[1 - t], b, p)
            print(
                f"  {n:7} tuning half answered {a1:.3f} refused {r1:.3f}; held-out half {2 - t} "
                f"answered {a2:.3f} refused {r2:.3f}"
            )
    print(
        f"shipped (min_evidence {W0.min_evidence}, evidence_per_size {W0.evidence_per_size}): "
        + ", ".join(
            f"{n} answered {rates(v, W0.min_evidence, W0.evidence_per_size)[0]:.3f} refused "
            f"{rates(v, W0.min_evidence, W0.evidence_per_size)[1]:.3f}"
            for n, v in sets.items()
        )
    )
    print("\nthe trade-off as min_evidence moves (evidence_per_size as shipped): answered / off-topic refused")
    print("min_evidence  " + "  ".join(f"{n:>15}" for n in sets))
    for b in np.arange(0.30, 0.701, 0.04):
        print(
            f"{b:12.2f}  "
            + "  ".join(f"{'{:.3f} / {:.3f}'.format(*rates(v, b, W0.evidence_per_size)):>15}" for v in sets.values())
        )


# ---------------------------------------------------------------------------------------------
# spans

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
            rows.append((sent, ans.query, q.answers))
        out.append(rows)
    return out


def span_f1(rows, weights) -> float:
    total = 0.0
    for case in rows:
        if case is None:
            continue
        sent, query, golds = case
        span = answer_types.short_answer(sent, query, weights)
        total += token_f1(sent[span[0] : span[1]], golds) if span else 0.0
    return total / max(len(rows), 1)


def tune_spans(args) -> None:
    articles = load_squad(args.squad)
    cases = span_cases(articles)
    parts = [[r for a in part for r in a] for part in halves(cases)]
    base = phrases.PHRASE_WEIGHTS
    grid = [replace(base, **dict(zip(SPAN_GRID, v))) for v in itertools.product(*SPAN_GRID.values())]
    held = []
    for t in (0, 1):
        best = max(grid, key=lambda w: span_f1(parts[t], w))
        f = span_f1(parts[1 - t], best)
        held.append((f, len(parts[1 - t])))
        print(f"tuned on half {t + 1}: F1 {span_f1(parts[t], best):.3f}, held-out half {2 - t}: {f:.3f}", flush=True)
    everything = parts[0] + parts[1]
    best = max(grid, key=lambda w: span_f1(everything, w))
    print(
        f"held-out F1 {sum(f * n for f, n in held) / sum(n for _, n in held):.3f}; "
        f"tuned on all {span_f1(everything, best):.3f} with {best}; "
        f"current weights {span_f1(everything, base):.3f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("rank", "chat", "abstain", "spans"))
    ap.add_argument("--squad", help="SQuAD file (../shared/data/squad-dev-8.json)")
    ap.add_argument("--newsqa", help="NewsQA file in SQuAD format (../shared/data/newsqa-dev-half.json)")
    ap.add_argument("--coqa", help="CoQA file (../shared/data/coqa-dev-half.json)")
    ap.add_argument(
        "--free",
        default="lead",
        help=f"rank: the weights to tune, comma-separated (of {', '.join(f.name for f in fields(rank.Weights))})",
    )
    args = ap.parse_args()
    needs = {
        "rank": ("squad", "newsqa", "coqa"),
        "chat": ("coqa",),
        "abstain": ("squad", "newsqa"),
        "spans": ("squad",),
    }
    missing = [f"--{n}" for n in needs[args.what] if not getattr(args, n) and (args.what != "rank")]
    if missing or (args.what == "rank" and not (args.squad or args.newsqa or args.coqa)):
        ap.error(f"{args.what} needs {' '.join(missing) or '--squad, --newsqa or --coqa'}")
    {"rank": tune_rank, "chat": tune_chat, "abstain": tune_abstain, "spans": tune_spans}[args.what](args)


if __name__ == "__main__":
    main()
