"""Write a SQuAD file whose every question is typed fast: in lower case, without apostrophes or
its closing question mark, two inner letters of its longest word of five letters or more
swapped ("in what year did the nromans conquer england"). `bot eval` then asks them as they
come, beside the BM25 peer, which reads the same typed questions.

    python training/typed.py ../shared/data/squad-dev-8.json /tmp/typed.json
    bot eval --peer /tmp/typed.json

The file written holds text of the data: write it outside the repository. The swap is the
same on every run (chosen by the word's CRC-32), and the texts, answers and ids are kept.
"""

from __future__ import annotations

import random
import re
import string
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training.squadfile import rewrite_main

MIN_LETTERS = 5  # the shortest word given a typo: both swapped letters inside it, never the first
_WORD = re.compile(rf"[a-z]{{{MIN_LETTERS},}}")


def typed(question: str) -> str:
    """The question as typed fast (see the module's docstring)."""
    text = _unpunctuated(question.lower())
    words = _WORD.findall(text)
    if not words:
        return text
    word = max(words, key=len)
    i = 1 + zlib.crc32(word.encode()) % (len(word) - 3)  # letters i and i+1, never the first or last
    return text.replace(word, _swapped(word, i), 1)


def _unpunctuated(text: str) -> str:
    """The text without apostrophes or its closing question mark."""
    return text.replace("'", "").replace("’", "").rstrip(" ?")


def _swapped(word: str, i: int) -> str:
    """The word with its letters i and i + 1 swapped."""
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def hurried(question: str, rng: random.Random) -> str:
    """The question typed in a hurry, for training (`training/datasets.py`): one edit in one of
    its words of five letters or more, drawn by `rng` (two inner letters swapped, one left out,
    one doubled or one typed wrong), and half the time in lower case, half the time without
    apostrophes or the question mark. Other typos than `typed` makes, so a model that learns
    from these and is measured on those has not learned one way of mistyping."""
    text = question.lower() if rng.random() < 0.5 else question
    if rng.random() < 0.5:
        text = _unpunctuated(text)
    spans = [m.span() for m in re.finditer(rf"[A-Za-z]{{{MIN_LETTERS},}}", text)]
    if not spans:
        return text
    lo, hi = rng.choice(spans)
    word = text[lo:hi]
    i = rng.randrange(1, len(word) - 2)  # an inner letter, never the first or last
    edit = rng.randrange(4)
    if edit == 0:
        word = _swapped(word, i)
    elif edit == 1:
        word = word[:i] + word[i + 1 :]
    elif edit == 2:
        word = word[:i] + word[i] + word[i:]
    else:
        word = word[:i] + rng.choice(string.ascii_lowercase.replace(word[i].lower(), "")) + word[i + 1 :]
    return text[:lo] + word + text[hi:]


def main(argv: list[str] | None = None) -> int:
    return rewrite_main("typed", __doc__, typed, argv)


if __name__ == "__main__":
    raise SystemExit(main())
