"""Write a SQuAD file whose every question is typed as bare keywords: in lower case, its words
but the stopwords ("In what year did the Normans conquer England?" -> "year normans conquer
england"), the way a search box is typed. `bot eval` then asks them as they come, beside the
BM25 peer, which reads the same keywords.

    python training/keywords.py ../shared/data/squad-dev-8.json /tmp/keywords.json
    bot eval --peer /tmp/keywords.json

The question's kind goes with its question word: what is left asks for nothing in particular,
so the figures say what the bot makes of the words alone. The file written holds text of the
data: write it outside the repository. The texts, answers and ids are kept.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.language.analysis import words
from bot.language.wordlists import SNOWBALL_STOPWORDS
from training.squadfile import rewrite_main


def keywords(question: str) -> str:
    """The question's words as the bot reads words (`analysis.words`: folded, possessives and
    contractions off), without stopwords; the question as it came when every word is a
    stopword ("Who is he?")."""
    return " ".join(w for w in words(question) if w not in SNOWBALL_STOPWORDS) or question


def main(argv: list[str] | None = None) -> int:
    return rewrite_main("keywords", __doc__, keywords, argv)


if __name__ == "__main__":
    raise SystemExit(main())
