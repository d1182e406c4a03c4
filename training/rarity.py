"""The general rarity table (`bot.answering.rarity`): each term's document frequency over the paragraphs
of SQuAD's training articles, and each word's share of appearances written capitalised past the
first word of a sentence, in hashed buckets; and English's words (pyspellchecker's list, from the
`train` extra) as a Bloom filter.

    pip install -e ".[train]"
    python training/rarity.py ../shared/data      # writes bot/models/rarity.bin (about a minute)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answering.rarity import Rarity, bucket, word_filter
from bot.language import analysis

ROOT = Path(__file__).resolve().parent.parent
BUCKETS = 1 << 20  # a million buckets: of the 70,000 terms counted, one in fifteen shares its bucket
WORD_BITS = 1 << 22  # the word filter's bits (512 KB): about 26 a word of the list


def table(paragraphs: list[str], buckets: int = BUCKETS) -> np.ndarray:
    df = np.zeros(buckets, np.int64)
    for text in paragraphs:
        for term in set(analysis.terms(text)):
            df[bucket(term, buckets)] += 1
    return df


_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")


def capitals(paragraphs: list[str], buckets: int = BUCKETS) -> np.ndarray:
    """Per folded word (hashed), the share of its appearances past a sentence's first word that
    are capitalised, 0 to 255 (0: never seen there)."""
    seen = np.zeros(buckets, np.int64)
    upper = np.zeros(buckets, np.int64)
    for text in paragraphs:
        for start, end in analysis.split_sentences(text):
            for token in _TOKEN.findall(text[start:end])[1:]:
                for word in analysis.words(token)[:1]:
                    b = bucket(word, buckets)
                    seen[b] += 1
                    upper[b] += token[0].isupper()
    share = np.where(seen > 0, np.round(255 * upper / np.maximum(seen, 1)), 0)
    return share.astype(np.uint8)


def english() -> list[str]:
    """English's words, folded: pyspellchecker's English word list (with its inflected forms)."""
    try:
        from spellchecker import SpellChecker
    except ImportError:
        sys.exit('rarity: needs pyspellchecker: pip install -e ".[train]"')
    return sorted({analysis.fold(w) for w in SpellChecker(language="en").word_frequency.dictionary})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, help="the shared data folder (../shared/data)")
    ap.add_argument("--out", type=Path, default=ROOT / "bot" / "models" / "rarity.bin")
    args = ap.parse_args(argv)
    raw = json.loads((args.data / "squad-train.json").read_text(encoding="utf-8"))
    paragraphs = [p["context"] for art in raw["data"] for p in art["paragraphs"]]
    df = table(paragraphs)
    words = english()
    Rarity(df, len(paragraphs), capitals(paragraphs), word_filter(words, WORD_BITS)).save(args.out)
    print(
        f"wrote {args.out}: {len(paragraphs)} paragraphs, {int((df > 0).sum())} buckets used, "
        f"{len(words)} English words"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
