"""Questions on the article's subject that it does not answer: each own question asked again of
its article cut of every sentence holding its answer. How the evidence model treats them, and
whether learning from them helps.

    pip install -e ".[train]"
    python training/removed.py ../shared/data

Rows as `training/train.py` collects them (cached in --cache); `squad-removed` (SQuAD train,
8 questions an article) is what the model may learn from, `newsqa-removed` and
`squad-dev-removed` are held out. For each weight given to the cut questions (0: not learned
from), the evidence model is fitted as train.py fits it, its bars chosen as train.py chooses
them, and the script prints, held out: NewsQA by two folds of articles, own questions answered,
off-topic, near-topic and answer-cut questions refused, CoQA's own answered; SQuAD dev (by
the model of all the rest) the same.

Measured (2-core machine, rows of the shipped models, about two minutes past collecting):

| cut questions' weight | NewsQA own answered / off / near / cut refused | SQuAD dev own answered / cut refused (64) |
| --- | --- | --- |
| 0 (as shipped) | 0.920 / 0.949 / 0.788 / 0.282 | 0.962 / 0.297 |
| 1 | 0.919 / 0.948 / 0.790 / 0.285 | 0.955 / 0.328 |
| 5 | 0.912 / 0.947 / 0.792 / 0.288 | 0.904 / 0.484 |
| 20 | 0.908 / 0.946 / 0.794 / 0.299 | 0.717 / 0.781 |

The evidence columns describe how the question matches the knowledge, not whether a sentence
answers it: a question whose answer was cut matches as well as before, so refusing more of
them on SQuAD refuses answerable questions too (a fifth more of the cut ones for 6% of SQuAD
dev's own, half for a quarter), and on NewsQA nothing moves. Not learned from.
What would move it is a column that reads an answer in the best sentences (the short-answer
model's estimate, trained without the evidence probability it now reads).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training import train
from training.collect import NEARTOPIC, OFFTOPIC, OWN, Evidence
from training.datasets import collect

CUT = ("squad-removed", "newsqa-removed", "squad-dev-removed")


def shares(p: np.ndarray, tags: np.ndarray, bar: float) -> str:
    """Own questions answered, off-topic and near-topic ones refused, of the kinds `tags` holds."""
    kinds = ((OWN, "own answered"), (OFFTOPIC, "off-topic refused"), (NEARTOPIC, "near-topic refused"))
    return ", ".join(
        f"{name} {np.mean(p[tags == tag] >= bar) if tag == OWN else np.mean(p[tags == tag] < bar):.3f}"
        for tag, name in kinds
        if (tags == tag).any()
    )


def measure(get: dict[str, Evidence], base: tuple[str, ...], sets: tuple[str, str, str], weight: float, label: str):
    """Fit the evidence model as train.py does, with the set `sets[0]` learned at `weight` (0:
    not learned), its bars chosen on held-out NewsQA; print held out, NewsQA by two folds of
    articles (and `sets[1]`, its own questions made hard), CoQA's own answered, SQuAD dev (and
    `sets[2]`) by the model of all the rest; return that model."""
    learned_set, news_hard, dev_hard = sets
    learned = (learned_set,) if weight > 0 else ()
    train.WEIGHT[learned_set] = weight
    rows = Evidence()
    for name in (*base, *learned, news_hard):
        rows.extend(get[name])
    names, tags = np.array(rows.dataset), np.array(rows.tag)
    folds = {name: train.unit_folds(rows.unit, name) for name in ("newsqa", "coqa")}
    folds[news_hard] = folds["newsqa"]
    p = train.held_out_evidence(rows, train.fold_of(rows, folds), (*base, *learned))
    news = names == "newsqa"
    bars = train.choose_bars(p[news], tags[news])
    hard = shares(p[names == news_hard], tags[names == news_hard], bars[0])
    print(f"weight {weight:g}: bars {bars[0]:.3f} / {bars[1]:.3f}")
    print(f"  NewsQA, 2-fold by article: {shares(p[news], tags[news], bars[0])}; {label}: {hard}")
    coqa = names == "coqa"
    own = tags[coqa] == OWN
    print(f"  CoQA, 2-fold by story: own answered {np.mean(p[coqa][own] >= bars[0]):.3f}")
    model = train.fit_abstainer(rows, np.isin(names, (*base, *learned)), bars)
    dev, dev_cut = get["squad-dev"], get[dev_hard]
    pd = train.probability(model, dev, np.arange(len(dev.tag)))
    pc = train.probability(model, dev_cut, np.arange(len(dev_cut.tag)))
    hard = shares(pc, np.array(dev_cut.tag), bars[0])
    print(f"  SQuAD dev: {shares(pd, np.array(dev.tag), bars[0])}; {label}: {hard}")
    return model


def run(
    doc: str,
    sets: tuple[str, str, str],
    label: str,
    weights: list[float],
    argv: list[str] | None,
    gather: Callable[[str, Path, Path, int], Evidence] | None = None,
) -> int:
    """The command line of a script measuring a set of hard questions (`sets`: learned, NewsQA's,
    SQuAD dev's) against the evidence model of train.py's other sets, at each weight (`gather`:
    what collects the rows of `sets`, as `collect(...)[1]` does when None)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/bot-training"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--weights", type=float, nargs="+", default=weights)
    ap.add_argument("--save", type=Path, help="write the last weight's evidence model here (an abstain.bin)")
    args = ap.parse_args(argv)
    train.FOLDS = 2
    base = tuple(name for name in train.EVIDENCE_SETS if name not in sets)  # the sets as before
    get = {name: collect(name, args.data, args.cache, args.jobs)[1] for name in (*base, "squad-dev")}
    get |= {name: (gather or _evidence)(name, args.data, args.cache, args.jobs) for name in sets}
    for weight in args.weights:
        model = measure(get, base, sets, weight, label)
    if args.save:
        model.save(args.save)
    return 0


def _evidence(name: str, data: Path, cache: Path, workers: int) -> Evidence:
    return collect(name, data, cache, workers)[1]


def main(argv: list[str] | None = None) -> int:
    return run(__doc__, CUT, "answer cut", [0.0, 1.0, 5.0, 20.0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
