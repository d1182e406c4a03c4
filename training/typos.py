"""Questions typed in a hurry: how the evidence model treats them, and whether learning from
them helps.

    pip install -e ".[train]"
    python training/typos.py ../shared/data

Rows as `training/train.py` collects them (cached in --cache); `squad-typed` (SQuAD train,
`datasets.TYPED_PER_ARTICLE` own and off-topic questions an article and half as many
near-topic, each with a typo drawn by `typed.hurried`) is what the model may learn from;
`newsqa-typed` and `squad-dev-typed` (every question, typed as `training/typed.py` types them:
another typo) are held out. For each weight given to the typed questions (0: not learned
from), the evidence model is fitted as train.py fits it, its bars chosen as train.py chooses
them, and the script prints, held out: NewsQA by two folds of articles, own questions
answered, off-topic and near-topic ones refused, as written and typed fast; CoQA's own
answered; SQuAD dev (by the model of all the rest) the same (`removed.measure`).

Measured (2026-12-02, rows of the code of that day, about 4 minutes past collecting the typed
sets' rows, 3 minutes), own answered / off-topic / near-topic refused:

| typed rows' weight | NewsQA typed fast | CoQA own answered | SQuAD dev typed fast |
| --- | --- | --- | --- |
| 0 | 0.911 / 0.947 / 0.786 | 0.888 | 0.963 / 0.966 / 0.969 |
| 1 (shipped) | 0.908 / 0.950 / 0.791 | 0.887 | 0.965 / 0.988 / 0.988 |
| 3 | 0.905 / 0.953 / 0.791 | 0.879 | 0.965 / 0.991 / 0.988 |

The questions as written move by 0.3 points or less. Learned from, a typed question of another
article is refused as often as one written right; a typed question of the article's own is not
answered more often: what refuses it is a typo of a word the article lacks, which no column
tells from a word it truly lacks (one that counts such words, `missing_typos`, tried on these
rows on 2026-12-02, answered none more: README, Tried and not shipped).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training.removed import run

TYPED = ("squad-typed", "newsqa-typed", "squad-dev-typed")


def main(argv: list[str] | None = None) -> int:
    return run(__doc__, TYPED, "typed fast", [0.0, 1.0, 3.0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
