"""Questions on the article's subject, about someone or something it never names: each own
question with one of its names (a word it writes in capitals that the article holds) swapped
for a name of another article's questions that this article lacks ("Did Carney meet
Sheinbaum?" -> "Did Carney meet Ebrard?"). How the evidence model treats them, and whether
learning from them helps.

    pip install -e ".[train]"
    python training/swapped.py ../shared/data

Rows as `training/train.py` collects them (cached in --cache); `squad-swapped` (SQuAD train,
`datasets.SWAPPED_PER_ARTICLE` questions an article, half of them typed in lower case) is what the model
may learn from, `newsqa-swapped` and `squad-dev-swapped` are held out. For each weight given to
the swapped questions (0: not learned from), the evidence model is fitted as train.py fits it,
its bars chosen as train.py chooses them, and the script prints, held out: NewsQA by two folds
of articles, own questions answered, off-topic, near-topic and swapped questions refused; SQuAD
dev (by the model of all the rest) the same.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training.collect import OWN, Evidence
from training.datasets import collect

SWAPPED = ("squad-swapped", "newsqa-swapped", "squad-dev-swapped")


def main(argv: list[str] | None = None) -> int:
    from training import train
    from training.removed import shares

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/bot-training"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--weights", type=float, nargs="+", default=[0.0, 1.0, 3.0])
    ap.add_argument("--save", type=Path, help="write the last weight's evidence model here (an abstain.bin)")
    args = ap.parse_args(argv)
    train.FOLDS = 2
    base = tuple(name for name in train.EVIDENCE_SETS if name not in SWAPPED)  # the sets as before
    get = {name: collect(name, args.data, args.cache, args.jobs)[1] for name in (*base, "squad-dev", *SWAPPED)}
    for weight in args.weights:
        learned = ("squad-swapped",) if weight > 0 else ()
        train.WEIGHT["squad-swapped"] = weight
        rows = Evidence()
        for name in (*base, *learned, "newsqa-swapped"):
            rows.extend(get[name])
        sets, tags = np.array(rows.dataset), np.array(rows.tag)
        folds = {name: train.unit_folds(rows.unit, name) for name in ("newsqa", "coqa")}
        folds["newsqa-swapped"] = folds["newsqa"]
        p = train.held_out_evidence(rows, train.fold_of(rows, folds), (*base, *learned))
        news = sets == "newsqa"
        bars = train.choose_bars(p[news], tags[news])
        swap = float(np.mean(p[sets == "newsqa-swapped"] < bars[0]))
        print(f"weight {weight:g}: bars {bars[0]:.3f} / {bars[1]:.3f}")
        print(f"  NewsQA, 2-fold by article: {shares(p[news], tags[news], bars[0])}, swapped refused {swap:.3f}")
        coqa = sets == "coqa"
        own = tags[coqa] == OWN
        print(f"  CoQA, 2-fold by story: own answered {np.mean(p[coqa][own] >= bars[0]):.3f}")
        model = train.fit_abstainer(rows, np.isin(sets, (*base, *learned)), bars)
        dev, dev_swap = get["squad-dev"], get["squad-dev-swapped"]
        pd = train.probability(model, dev, np.arange(len(dev.tag)))
        ps = train.probability(model, dev_swap, np.arange(len(dev_swap.tag)))
        print(f"  SQuAD dev: {shares(pd, np.array(dev.tag), bars[0])}, swapped refused {np.mean(ps < bars[0]):.3f}")
    if args.save:
        model.save(args.save)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
