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
of articles, own questions answered, off-topic, near-topic and swapped questions refused, CoQA's
own answered; SQuAD dev (by the model of all the rest) the same (`removed.measure`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training.datasets import collect

SWAPPED = ("squad-swapped", "newsqa-swapped", "squad-dev-swapped")


def main(argv: list[str] | None = None) -> int:
    from training import train
    from training.removed import measure

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
        model = measure(get, base, SWAPPED, weight, "swapped")
    if args.save:
        model.save(args.save)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
