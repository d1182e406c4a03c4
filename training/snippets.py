"""Write a SQuAD file whose every answerable question is asked of the sentence that answers it
(with `--around` sentences either side): a one-line fact, a snippet. `bot eval --paragraphs`
then asks each of its own snippet, end to end, beside the BM25 peer.

    python training/snippets.py ../shared/data/squad-dev-8.json /tmp/snippets.json --around 0
    bot eval --paragraphs --peer /tmp/snippets.json

The file written holds text of the data: write it outside the repository. The sentence is where
the question's first answer first stands in its paragraph (`datasets.snippet`); a question
whose answer no one sentence holds is left out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.evaluation.squad import Article, parse_squad
from training.datasets import snippet
from training.squadfile import write


def snippets(articles: list[Article], around: int) -> dict:
    """The SQuAD v1.1 document: per article, one paragraph per question, its snippet."""
    data = []
    for art in articles:
        paragraphs = []
        for q in art.questions:
            text = None if q.impossible else snippet(art.paragraphs[q.paragraph], q.answers[0], around)
            if text is None:
                continue
            answers = [{"text": a, "answer_start": text.find(a)} for a in q.answers if a in text]
            paragraphs.append({"context": text, "qas": [{"id": q.id, "question": q.text, "answers": answers}]})
        data.append({"title": art.title, "paragraphs": paragraphs})
    return {"version": "1.1", "data": data}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path, help="a SQuAD file")
    ap.add_argument("out", type=Path, help="the file to write (outside the repository)")
    ap.add_argument("--around", type=int, default=0, help="sentences either side of the answer's (default 0)")
    args = ap.parse_args(argv)
    return write(
        "snippets", args.source, args.out, lambda raw: snippets(parse_squad(raw, args.source), max(0, args.around))
    )


if __name__ == "__main__":
    raise SystemExit(main())
