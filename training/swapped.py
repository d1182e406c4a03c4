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

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training.removed import run

SWAPPED = ("squad-swapped", "newsqa-swapped", "squad-dev-swapped")


def main(argv: list[str] | None = None) -> int:
    return run(__doc__, SWAPPED, "swapped", [0.0, 1.0, 3.0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
