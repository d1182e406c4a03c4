"""The general rarity table (`bot.answering.rarity`): each term's document frequency over the paragraphs
of SQuAD's training articles, in hashed buckets.

    python training/rarity.py ../shared/data      # writes bot/models/rarity.bin (about 30 s)
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answering.rarity import Rarity
from bot.language import analysis

ROOT = Path(__file__).resolve().parent.parent
BUCKETS = 1 << 20  # a million buckets: of the 70,000 terms counted, one in fifteen shares its bucket


def table(paragraphs: list[str], buckets: int = BUCKETS) -> np.ndarray:
    df = np.zeros(buckets, np.int64)
    for text in paragraphs:
        for term in set(analysis.terms(text)):
            df[zlib.crc32(term.encode("utf-8")) % buckets] += 1
    return df


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, help="the shared data folder (../shared/data)")
    ap.add_argument("--out", type=Path, default=ROOT / "bot" / "models" / "rarity.bin")
    args = ap.parse_args(argv)
    raw = json.loads((args.data / "squad-train.json").read_text(encoding="utf-8"))
    paragraphs = [p["context"] for art in raw["data"] for p in art["paragraphs"]]
    df = table(paragraphs)
    Rarity(df, len(paragraphs)).save(args.out)
    print(f"wrote {args.out}: {len(paragraphs)} paragraphs, {int((df > 0).sum())} buckets used")
    return 0


if __name__ == "__main__":
    sys.exit(main())
