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

import argparse
import json
import re
import sys
import zlib
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.evaluation.squad import parse_squad
from training.squadfile import write

MIN_LETTERS = 5  # the shortest word given a typo: both swapped letters inside it, never the first
_WORD = re.compile(rf"[a-z]{{{MIN_LETTERS},}}")


def typed(question: str) -> str:
    """The question as typed fast (see the module's docstring)."""
    text = question.lower().replace("'", "").replace("’", "").rstrip(" ?")
    words = _WORD.findall(text)
    if not words:
        return text
    word = max(words, key=len)
    i = 1 + zlib.crc32(word.encode()) % (len(word) - 3)  # letters i and i+1, never the first or last
    return text.replace(word, word[:i] + word[i + 1] + word[i] + word[i + 2 :], 1)


def retyped(doc: dict) -> dict:
    """The SQuAD document with every question typed fast."""
    out = json.loads(json.dumps(doc))
    for art in out["data"]:
        for paragraph in art["paragraphs"]:
            for qa in paragraph["qas"]:
                qa["question"] = typed(str(qa["question"]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path, help="a SQuAD file")
    ap.add_argument("out", type=Path, help="the file to write (outside the repository)")
    args = ap.parse_args(argv)
    return write("typed", args.source, args.out, lambda raw: retyped(_squad(raw, args.source)))


def _squad(raw: object, source: Path) -> dict:
    """The JSON of a SQuAD file (checked as `bot eval` reads it: a one-line SquadError if not)."""
    parse_squad(raw, source)
    return cast(dict, raw)


if __name__ == "__main__":
    raise SystemExit(main())
