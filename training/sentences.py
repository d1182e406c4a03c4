"""Questions asked of the sentence that answers them: a one-line fact, a snippet of two or three
sentences. How the evidence model treats a knowledge base that small, and whether learning from
such knowledge bases helps.

    pip install -e ".[train]"
    python training/sentences.py ../shared/data

Rows as `training/train.py` collects them (cached in --cache); `squad-sentences` (SQuAD train,
`datasets.SENTENCE_QUESTIONS` questions an article, each asked of the sentence answering it,
every other one with a sentence either side, against a question of the same paragraph whose
answer that text lacks and one of another article) is what the model may learn from;
`newsqa-sentences` and `squad-dev-sentences` (every question so) are held out. For each weight
given to the learned set (0: not learned from), the evidence model is fitted as train.py fits
it, its bars chosen as train.py chooses them, and the script prints, held out: NewsQA by two
folds of articles, its own questions answered, off-topic and near-topic refused, and the same
of its questions asked of their sentences; CoQA's own answered; SQuAD dev (by the model of all
the rest) the same (`removed.measure`).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training.removed import run

SENTENCES = ("squad-sentences", "newsqa-sentences", "squad-dev-sentences")


def main(argv: list[str] | None = None) -> int:
    return run(__doc__, SENTENCES, "asked of their sentences", [0.0, 1.0, 3.0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
