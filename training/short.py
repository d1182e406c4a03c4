"""Train the short-answer model (`bot/models/short.bin`) from ../shared/data.

    pip install -e ".[train]"
    python training/short.py ../shared/data            # collect, train, evaluate held out, write
    python training/short.py ../shared/data --no-write # only the figures

Each question is asked as `bot eval` asks it (its article one knowledge base, the shipped ranker
and evidence models); when the bot answers, every candidate span of its answer sentence is a row
of `bot.answering.short.SHORT_FEATURES`, labelled with how right it is (`label`: its token F1
against the gold answers and whether it is exactly one; a wrong sentence makes every row wrong,
so the model learns how sure to be of the sentence too), learned by cross-entropy. The model
learns from SQuAD v1.1 train only: NewsQA and SQuAD dev are held out whole. The threshold from
which "Answer:" is shown is chosen on SQuAD training articles the model never saw (one in five,
by article): the lowest estimate at which at least `PRECISION` of the answers shown are right.

On the 2-core machine the whole run takes about 9 minutes from an empty cache (measured
2026-12-03; rows cached in --cache; --reuse takes the latest rows when only code that does not
compute them changed), most of it collecting; the three fits `ENSEMBLE` averages, a minute or two.

Choices, measured on SQuAD dev and NewsQA held out (F1 per question asked; exact answers among
those answered; who/when/where/how-many questions shown at 0.85 right):

| label, model | SQuAD dev F1 / exact / shown | NewsQA F1 / exact / shown | trees per question |
| --- | --- | --- | --- |
| right (F1 >= 0.5), 63 leaves x 500 | 0.454 / 0.262 / 0.48 | 0.296 / 0.123 / 0.11 | 4.5 ms |
| F1, 63 x 500 | 0.470 / 0.320 / 0.57 | 0.311 / 0.179 / 0.11 | 4.5 ms |
| exact, 63 x 500 | 0.456 / 0.372 / 0.46 | 0.302 / 0.216 / 0.00 | 4.5 ms |
| half F1, half exact, 63 x 500 | 0.473 / 0.356 / 0.56 | 0.320 / 0.213 / 0.11 | 4.5 ms |
| half F1, half exact, 63 x 150 at 0.1 | 0.460 / 0.352 / 0.56 | 0.316 / 0.215 / 0.10 | 1.5 ms |
| half F1, half exact, 31 x 150 at 0.1 | 0.460 / 0.348 / 0.57 | 0.314 / 0.210 / 0.05 | 1.5 ms |

(60 questions an article.) Then 80 questions an article and four more features (the span is of
the asked kind by the patterns, how many such spans the sentence has, a title word before it,
inside a quotation): 63 x 200 at 0.1 gave SQuAD dev F1 0.473, who/when/where/how-many shown at
0.85 right 0.60; NewsQA 0.315 and 0.17 (without the four features: 0.56 and 0.10). Shipped:
63 x 120 at 0.15, as good (0.481 / 0.62, NewsQA 0.325 / 0.17) in 1.1 ms a question instead of
1.8 (31 x 200: 0.472 / 0.61, 0.321 / 0.17, 1.7 ms).

Adding NewsQA's own questions to the training (five-fold CV by article) left NewsQA where it
was (F1 0.314 against 0.313), so the model learns from SQuAD alone. With all of NewsQA's
articles in one knowledge base (`newsqa-together`, held out) the answers shown are right only
0.75 of the time; learning from SQuAD's articles in tens too (`--together`, 8,840 more
questions) left it there (0.75; SQuAD dev 0.39 shown at 0.92, NewsQA 0.12 at 0.87), so that is
not shipped. A second model over the
chosen span's features (its estimate, the runner-up's, the ranking's) to decide when to show it
raised SQuAD dev's shown share 0.57 -> 0.62 and not NewsQA's (0.10); not kept.

A one-sentence text ranks one sentence: its lead over the next reads 0, as a tie does, and the
model trained on whole articles was never sure there ("Answer:" shown for 0.04 of SQuAD dev's
who/when/where/how-many questions asked of their sentence alone). So `rank_alone` says no other
sentence was ranked, and `SENTENCES` questions of each training article are also asked of their
answer's sentence alone (`squad-sentences`, 8,840 questions; `--no-sentences` leaves them out),
each counting `ALONE_WEIGHT` of a question asked of its article; the threshold and the
`squad-train*` row stay on the whole articles held out. Who/when/where/how-many shown / right
on SQuAD dev asked of their sentence alone (`squad-dev-sentences`), SQuAD dev and NewsQA, by
that weight (2026-12-03, rows from one collection, `--reuse`):

| weight | threshold | SQuAD dev, sentence alone | SQuAD dev | NewsQA |
| --- | --- | --- | --- | --- |
| none (`--no-sentences`) | 0.604 | 0.04 / 1.00 | 0.44 / 0.92 | 0.13 / 0.85 |
| 0.15 (shipped) | 0.605 | 0.43 / 0.94 | 0.43 / 0.91 | 0.14 / 0.85 |
| 0.3 | 0.601 | 0.50 / 0.93 | 0.44 / 0.92 | 0.16 / 0.83 |
| 0.5 | 0.583 | 0.53 / 0.93 | 0.45 / 0.91 | 0.18 / 0.82 |
| 1 | 0.593 | 0.54 / 0.92 | 0.45 / 0.90 | 0.17 / 0.84 |

F1 (model) 0.463 / 0.479 / 0.316 without them, 0.461 / 0.477 / 0.319 at 0.15, 0.469 / 0.480 /
0.320 at 1. A weight of 1 shows more on one sentence and on news, but right less often on news,
below the 0.85 the threshold holds elsewhere; 0.15 keeps news where it was. From an empty cache
the run takes 9 minutes (528 s, 2026-12-03); from cached rows 3.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import random
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answering import qa
from bot.answering.scorer import Models, Trees, default_models
from bot.answering.short import SHORT_FEATURES, candidates
from bot.evaluation.scores import token_f1
from bot.evaluation.squad import Article, article_index, load_squad, together_index
from bot.language.questions import Kind
from training.collect import Stacked, index_of
from training.datasets import LEARNER, ROOT, SEED, snippet
from training.export import check_rows, seeded

PARAMS = {
    **LEARNER,
    "objective": "cross_entropy",  # the label is in [0, 1]: see `label`
    "learning_rate": 0.15,
    "num_leaves": 63,
    "min_data_in_leaf": 50,
    "force_row_wise": True,
}
ROUNDS = 120
# The model is the mean of this many fits, of LightGBM's seeds 0, 1, ...: one fit's likeliest
# span for a question it is unsure of was a draw between refits (README, The short answer).
ENSEMBLE = 3
PER_ARTICLE = 80  # SQuAD training questions asked per article
PRECISION = 0.85  # of the "Answer:" lines shown, the share that must be right (held out)
RIGHT = 0.5  # token F1 from which a short answer counts as right
TYPED = (Kind.PERSON, Kind.PLACE, Kind.DATE, Kind.NUMBER, Kind.DURATION)  # who, where, when, how many
FILES = {
    "squad-train": "squad-train.json",
    "squad-together": "squad-train.json",
    "squad-dev": "squad-dev-8.json",
    "newsqa": "newsqa-dev-half.json",
    "newsqa-together": "newsqa-dev-half.json",
    "squad-sentences": "squad-train.json",
    "squad-dev-sentences": "squad-dev-8.json",
}
TOGETHER = 10  # SQuAD training articles in one knowledge base
TOGETHER_QUESTIONS = 20  # questions of each asked of it
SENTENCES = 20  # SQuAD training questions per article asked of their answer's sentence alone
ALONE_WEIGHT = 0.15  # what such a question counts for, against one asked of its whole article (docstring)

# A model without trees: every span scores alike, so collecting does not depend on a trained one.
BLANK = Trees(
    SHORT_FEATURES,
    np.zeros((0, 1), np.int32),
    np.zeros((0, 1)),
    np.zeros((0, 1), np.int32),
    np.zeros((0, 1), np.int32),
    np.zeros((0, 1)),
    0,
)


@dataclass
class Rows(Stacked):
    """Questions' candidate rows, stacked, with per question: its dataset, unit (article),
    kind, the rules' F1, and whether it was answered."""

    X: list[np.ndarray] = field(default_factory=list)
    f1: list[np.ndarray] = field(default_factory=list)
    dataset: list[str] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    rule_f1: list[float] = field(default_factory=list)
    asked: int = 0

    def save(self, path: Path) -> None:
        np.savez(
            path,
            X=np.concatenate(self.X),
            f1=np.concatenate(self.f1),
            sizes=np.array([len(f) for f in self.f1]),
            meta=np.array(json.dumps([self.dataset, self.unit, self.kind, self.rule_f1, self.asked])),
        )

    @classmethod
    def load(cls, path: Path) -> Rows:
        with np.load(path) as d:
            cuts = np.cumsum(d["sizes"])[:-1]
            dataset, unit, kind, rule_f1, asked = json.loads(str(d["meta"]))
            return cls(np.split(d["X"], cuts), np.split(d["f1"], cuts), dataset, unit, kind, rule_f1, asked)


def _sample(art: Article, count: int | None) -> list:
    """An article's answerable questions, `count` of them at most (the same ones every run)."""
    questions = [q for q in art.questions if not q.impossible]
    if count is not None and len(questions) > count:
        rng = np.random.default_rng(zlib.crc32(art.title.encode()))
        questions = [questions[i] for i in sorted(rng.choice(len(questions), count, replace=False))]
    return questions


def _ask(index, asked: list[tuple], dataset: str) -> Rows:
    """Each (question, unit) asked of the index as the bot answers it; the candidate rows of
    its answer sentence, labelled by their F1 against its gold answers."""
    base = default_models()
    models = Models(base.ranker, base.abstain, BLANK)
    corpus = index.corpus
    rows = Rows()
    for q, unit in asked:
        rows.asked += 1
        ans = qa.answer(q.text, index, top=1, models=models)
        if not ans.answered or not ans.sentence_ids or ans.query is None:
            continue
        sentence = corpus.plain(corpus.sentences[ans.sentence_ids[0]])
        found = candidates(sentence, ans.query, ans.ranking) if ans.ranking else None
        if found is None or not found.spans:
            continue
        rows.X.append(found.X.astype(np.float32))
        rows.f1.append(np.array([token_f1(sentence[s:e], q.answers) for s, e in found.spans], np.float32))
        rows.dataset.append(dataset)
        rows.unit.append(unit)
        rows.kind.append(ans.query.kind.value)
        rows.rule_f1.append(token_f1(sentence[found.rule[0] : found.rule[1]], q.answers) if found.rule else 0.0)
    return rows


def _article(job: tuple[Article, str, int | None]) -> Rows:
    """One article, its own knowledge base."""
    art, dataset, per_article = job
    return _ask(article_index(art), [(q, art.title) for q in _sample(art, per_article)], dataset)


def _together(job: tuple[list[Article], str, int | None]) -> Rows:
    """Several articles, one knowledge base (a reader's folder), each article's questions asked of it."""
    arts, dataset, per_article = job
    return _ask(together_index(arts), [(q, a.title) for a in arts for q in _sample(a, per_article)], dataset)


def _sentences(job: tuple[Article, str, int | None]) -> Rows:
    """Each question asked of the sentence that answers it, alone (a one-line fact, as
    `training/snippets.py --around 0` writes it for `bot eval --paragraphs`)."""
    art, dataset, per_article = job
    rows = Rows()
    for q in _sample(art, per_article):
        text = snippet(art.paragraphs[q.paragraph], q.answers[0], 0)
        if text is None:
            rows.asked += 1
            continue
        rows.extend(_ask(index_of([(f"{art.title}-{q.paragraph}.txt", text, None)]), [(q, art.title)], dataset))
    return rows


def collect(name: str, data: Path, cache: Path, workers: int, reuse: bool = False) -> Rows:
    """A set's rows, from the cache when the code and the ranker and evidence models that
    answer are the same (`reuse`: the latest rows collected, whatever collected them)."""
    models = [ROOT / "bot" / "models" / n for n in ("ranker.bin", "abstain.bin")]
    sources = sorted((ROOT / "bot").rglob("*.py")) + [Path(__file__)] + models
    digest = zlib.crc32(b"".join(p.read_bytes() for p in sources))
    path = cache / f"short-{name}-{digest:08x}.npz"
    # this set's rows of any digest (eight hex digits: "newsqa-together"'s are not "newsqa"'s)
    earlier = sorted(cache.glob(f"short-{name}-{'[0-9a-f]' * 8}.npz"), key=lambda p: p.stat().st_mtime)
    if path.exists() or (reuse and earlier):
        return Rows.load(path if path.exists() else earlier[-1])
    t0 = time.time()
    arts = load_squad(data / FILES[name])
    work: Callable = _article
    jobs: list = [(art, name, PER_ARTICLE if name == "squad-train" else None) for art in arts]
    if name == "squad-together":
        random.Random(SEED).shuffle(arts)
        work, jobs = (
            _together,
            [(arts[i : i + TOGETHER], name, TOGETHER_QUESTIONS) for i in range(0, len(arts), TOGETHER)],
        )
    elif name == "newsqa-together":
        work, jobs = _together, [(arts, name, None)]
    elif name == "squad-sentences":
        work, jobs = _sentences, [(art, name, SENTENCES) for art in arts]
    elif name == "squad-dev-sentences":
        work, jobs = _sentences, [(art, name, None) for art in arts]
    rows = Rows()
    with multiprocessing.Pool(workers) as pool:
        for n, got in enumerate(pool.imap(work, jobs, chunksize=1), 1):
            rows.extend(got)
            print(f"\r  {name} {n}/{len(jobs)}", end="", file=sys.stderr, flush=True)
    print(f"  {len(rows.f1)} answered of {rows.asked}, {time.time() - t0:.0f} s", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    rows.save(path)
    return rows


def label(f1: np.ndarray) -> np.ndarray:
    """What the model learns to estimate of a span: half its token F1, half whether it is the
    gold answer exactly (F1 alone favours a longer span holding the answer; exactness alone
    leaves a near miss no better than a wrong span)."""
    return 0.5 * f1 + 0.5 * (f1 >= 0.999)


def fit(rows: Rows, keep: np.ndarray, alone_weight: float = ALONE_WEIGHT) -> Trees:
    import lightgbm as lgb

    idx = np.flatnonzero(keep)
    X = np.concatenate([rows.X[i] for i in idx]).astype(np.float64)
    y = label(np.concatenate([rows.f1[i] for i in idx]).astype(float))
    # each question counts alike, whatever its number of candidates; one asked of its sentence alone less
    weight = {"squad-sentences": alone_weight}
    w = np.concatenate([np.full(len(rows.f1[i]), weight.get(rows.dataset[i], 1.0) / len(rows.f1[i])) for i in idx])
    data = lgb.Dataset(X, y, weight=w * len(idx) / w.sum(), feature_name=list(SHORT_FEATURES))
    check = check_rows(X, SEED)
    seeds = list(range(SEED, SEED + ENSEMBLE))
    info = {"params": PARAMS, "rounds": ROUNDS, "seeds": seeds}
    return seeded(lambda seed: lgb.train({**PARAMS, "seed": seed}, data, ROUNDS), seeds, SHORT_FEATURES, info, check)


def picks(model: Trees, rows: Rows, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each question: the probability of the best span and its F1."""
    prob, f1 = np.zeros(len(idx)), np.zeros(len(idx))
    for n, i in enumerate(idx):
        p = 1 / (1 + np.exp(-model.predict(rows.X[i].astype(np.float64))))
        b = int(np.argmax(p))
        prob[n], f1[n] = p[b], rows.f1[i][b]
    return prob, f1


def choose_threshold(prob: np.ndarray, f1: np.ndarray) -> float:
    """The lowest probability from which at least PRECISION of the answers shown are right."""
    order = np.argsort(-prob)
    right = np.cumsum(f1[order] >= RIGHT) / np.arange(1, len(order) + 1)
    ok = np.flatnonzero(right >= PRECISION)
    ok = ok[ok >= 50] if (ok >= 50).any() else ok  # not decided by the first few
    return float(prob[order][ok.max()]) if len(ok) else 1.0


def report(name: str, model: Trees, rows: Rows, idx: np.ndarray, asked: int, threshold: float) -> dict:
    prob, f1 = picks(model, rows, idx)
    rule = np.array([rows.rule_f1[i] for i in idx])
    typed = np.array([rows.kind[i] in {k.value for k in TYPED} for i in idx])
    shown = prob >= threshold
    out = {
        "questions": asked,
        "answered": len(idx),
        "f1_rules": float(rule.sum() / asked),
        "f1_model": float(f1.sum() / asked),
        "shown": float(shown.mean()),
        "right_when_shown": float((f1[shown] >= RIGHT).mean()) if shown.any() else 0.0,
        "typed_shown": float(shown[typed].mean()) if typed.any() else 0.0,
        "typed_right_when_shown": float((f1[shown & typed] >= RIGHT).mean()) if (shown & typed).any() else 0.0,
        "typed_rules_right": float((rule[typed] >= RIGHT).mean()) if typed.any() else 0.0,
    }
    print(
        f"{name:12} F1 rules {out['f1_rules']:.3f} model {out['f1_model']:.3f} | shown {out['shown']:.2f} "
        f"right {out['right_when_shown']:.2f} | who/when/where/how many: shown {out['typed_shown']:.2f} "
        f"right {out['typed_right_when_shown']:.2f} (rules right {out['typed_rules_right']:.2f})"
    )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/bot-training"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="train on the latest rows collected, even by other code (features unchanged)",
    )
    ap.add_argument("--out", type=Path, default=ROOT / "bot" / "models")
    ap.add_argument("--together", action="store_true", help="learn from SQuAD's articles in tens too")
    ap.add_argument(
        "--no-sentences", action="store_true", help="without questions asked of their answer's sentence alone"
    )
    ap.add_argument(
        "--alone-weight",
        type=float,
        default=ALONE_WEIGHT,
        help=f"what a question asked of its sentence alone counts for (default {ALONE_WEIGHT})",
    )
    args = ap.parse_args(argv)
    t0 = time.time()
    train = collect("squad-train", args.data, args.cache, args.workers, args.reuse)
    train_asked = train.asked
    if not args.no_sentences:
        train.extend(collect("squad-sentences", args.data, args.cache, args.workers, args.reuse))
    if args.together:  # measured, not shipped: see the docstring
        train.extend(collect("squad-together", args.data, args.cache, args.workers, args.reuse))
    held = {
        name: collect(name, args.data, args.cache, args.workers, args.reuse)
        for name in ("squad-dev", "newsqa", "newsqa-together", "squad-dev-sentences")
    }
    units = sorted(set(train.unit))
    fold = {u: zlib.crc32(u.encode()) % 5 for u in units}
    out_of_fold = np.array([fold[u] == 0 for u in train.unit])
    # the threshold and the held-out figures: unseen articles asked as `bot eval` asks them
    articles = np.array([d == "squad-train" for d in train.dataset])
    out_articles = out_of_fold & articles
    model = fit(train, ~out_of_fold, args.alone_weight)
    prob, f1 = picks(model, train, np.flatnonzero(out_articles))
    threshold = choose_threshold(prob, f1)
    print(f"threshold {threshold:.3f} (chosen on {out_articles.sum()} questions of unseen SQuAD training articles)")
    figures = {}
    # answered share alike in and out of the fold
    asked_out = round(train_asked * out_articles.sum() / max(1, articles.sum()))
    figures["squad-train held out"] = report(
        "squad-train*", model, train, np.flatnonzero(out_articles), asked_out, threshold
    )
    for name, rows in held.items():
        figures[name] = report(name, model, rows, np.arange(len(rows.f1)), rows.asked, threshold)
    final = fit(train, np.ones(len(train.f1), bool), args.alone_weight)
    for name, rows in held.items():
        report(name + " (all)", final, rows, np.arange(len(rows.f1)), rows.asked, threshold)
    if not args.no_write:
        info = json.loads(final.info) | {"threshold": threshold, "precision": PRECISION, "held_out": figures}
        final = dataclasses.replace(final, info=json.dumps(info))
        args.out.mkdir(parents=True, exist_ok=True)
        final.save(args.out / "short.bin")
        print(f"wrote {args.out / 'short.bin'}")
    print(f"{time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
