"""Questions on the article's subject asking what it never says of it: each own question with
one of its common words (not a name) that the article holds swapped for a word of another
article's questions that it lacks and that a text answering such a question nearly always
holds ("When was Austen born?" -> "When was Austen elected?"). How the evidence model treats
them, and whether learning from them helps.

    pip install -e ".[train]"
    python training/predicate.py ../shared/data

The swapped names (`training/swapped.py`) ask about someone the article never names; these keep
every name and change what is asked of it, the near-topic question a reader asks most. Rows
are collected here (cached in --cache beside train.py's; this script's sets are not in
`datasets`, so that adding them moved no other set's rows): `squad-predicate` (SQuAD train,
`PER_ARTICLE` questions an article) is what the model may learn from, `newsqa-predicate` and
`squad-dev-predicate` are held out. For each weight (0: not learned from), the evidence model
is fitted as train.py fits it and its bars chosen as train.py chooses them; printed held out,
as `training/removed.py` prints (`removed.measure`).

Measured (2026-12-04, 2-core machine, rows of the models shipped then, digest `b295d1fa7ed9`;
about 4 minutes in all; `train.EVIDENCE_SETS` without the
conversations, as `removed.py` reads them):

| weight | NewsQA own answered / off / near / swapped refused | CoQA own answered | SQuAD dev own / swapped |
| --- | --- | --- | --- |
| 0 (as shipped) | 0.925 / 0.949 / 0.788 / 0.435 | 0.889 | 0.968 / 0.183 |
| 1 | 0.923 / 0.948 / 0.790 / 0.447 | 0.890 | 0.951 / 0.412 |
| 3 | 0.919 / 0.948 / 0.791 / 0.475 | 0.887 | 0.921 / 0.575 |

Unlearned, the evidence model answers four in five of SQuAD dev's questions asked so and more
than half of NewsQA's. Learned from, it refuses SQuAD's far more, those of the generator it
learned from, and the news hardly more (1.2 points at weight 1), for 1.7 points of SQuAD dev's
own questions answered: it learns the generator more than the question. Not learned from.
"""

from __future__ import annotations

import random
import re
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from bot.answering.presence import answering
from bot.evaluation.squad import Article, load_squad
from bot.language import analysis
from training import datasets, presence, train
from training.collect import NEARTOPIC, Evidence, document, evidence_of, index_of
from training.datasets import FILES, SEED, code_digest, names_of
from training.removed import run

SETS = ("squad-predicate", "newsqa-predicate", "squad-dev-predicate")
SOURCE = {
    "squad-predicate": "squad-train.json",
    "newsqa-predicate": "newsqa-dev-half.json",
    "squad-dev-predicate": "squad-dev-8.json",
}
PER_ARTICLE = 20
# A word put in is one answering texts hold at least this often (`presence`): asked and not
# held, it says the text does not answer ("population", not "purpose").
SURE = 0.7
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_TABLE: tuple[np.ndarray, np.ndarray] | None = None


def common_words(question: str) -> list[str]:
    """The question's words past its first that are not names and have a content term."""
    names = set(names_of(question))
    return [w for w in _WORD.findall(question)[1:] if w not in names and len(w) > 2 and analysis.terms(w)]


def predicates(questions, text: str, pool: list[str], key: str, most: int | None) -> list[str]:
    """Up to `most` of a text's own questions, each with one common word the text holds
    replaced by a word of `pool` whose terms it lacks (`key` seeds the choice)."""
    rng = random.Random(f"{SEED}:predicate:{key}")
    held_terms = set(analysis.terms(text))
    strangers = [w for w in pool if not set(analysis.terms(w)) & held_terms]
    questions = [q for q in questions if not q.impossible]
    rng.shuffle(questions)
    out: list[str] = []
    for q in questions:
        held = [w for w in common_words(q.text) if set(analysis.terms(w)) <= held_terms]
        if not held or not strangers:
            continue
        word, other = rng.choice(held), rng.choice(strangers)
        out.append(re.sub(rf"\b{re.escape(word)}\b", other.lower(), q.text, count=1))
        if len(out) == most:
            break
    return out


def _article(job) -> Evidence:
    art, pool, dataset, most = job
    doc = document(art)
    table = presence.without(_TABLE, art) if _TABLE is not None else None
    asked = predicates(art.questions, doc[1], pool, art.title, most)
    return evidence_of(index_of([doc]), [(t, NEARTOPIC) for t in asked], dataset, art.title, table)


def rows(name: str, data: Path, cache: Path, workers: int) -> Evidence:
    # keyed by this script too: it is not in `code_digest`, and its questions are its own
    path = cache / f"{name}-{code_digest()}-{zlib.crc32(Path(__file__).read_bytes()):08x}.evidence.npz"
    if path.exists():
        return Evidence.load(path)
    global _TABLE
    arts: list[Article] = load_squad(data / SOURCE[name])
    _TABLE = None
    if SOURCE[name] == FILES["squad-train"]:
        _TABLE = presence.counts(pair for art in arts for pair in presence.of_article(art))
    table = answering()
    pool = sorted(
        {
            w.lower()
            for art in arts
            for q in art.questions
            for w in common_words(q.text)
            if table.expected(analysis.terms(w)[0]) >= SURE
        }
    )
    most = PER_ARTICLE if name == "squad-predicate" else None
    (evidence,) = datasets._parallel(_article, [(art, pool, name, most) for art in arts], workers, (Evidence,))
    evidence.save(path)
    return evidence


def main(argv: list[str] | None = None) -> int:
    return run(__doc__, SETS, "subject kept, predicate swapped", [0.0, 1.0, 3.0], argv, rows)


if __name__ == "__main__":
    train.fixed_hashes()  # the rows, like train.py's, walk sets of words: one string hash for every run
    raise SystemExit(main())
