"""Write a SQuAD file made from another, for `bot eval` to read (`snippets.py`, `typed.py`,
`keywords.py`): read the source, build the new document, write it, and say in one line what
could not be read or written (exit status 2)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.evaluation.squad import SquadError, parse_squad, read_json


def write(tool: str, source: Path, out: Path, build: Callable[[object], dict]) -> int:
    """`build` the document from `source`'s JSON (it raises SquadError for what is not SQuAD),
    write it to `out`, and print how many questions it asks; the exit status."""
    try:
        doc = build(read_json(source))
        out.write_text(json.dumps(doc), encoding="utf-8")
    except SquadError as exc:
        print(f"{tool}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{tool}: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {sum(len(p['qas']) for a in doc['data'] for p in a['paragraphs'])} questions to {out}")
    return 0


def with_questions(raw: object, source: Path, rewrite: Callable[[str], str]) -> dict:
    """A copy of the SQuAD document (checked as `bot eval` reads it: a SquadError if it is not
    SQuAD) with every question rewritten; its texts, answers and ids kept."""
    parse_squad(raw, source)
    out = cast(dict, json.loads(json.dumps(raw)))
    for art in out["data"]:
        for paragraph in art["paragraphs"]:
            for qa in paragraph["qas"]:
                qa["question"] = rewrite(str(qa["question"]))
    return out


def rewrite_main(tool: str, doc: str, rewrite: Callable[[str], str], argv: list[str] | None = None) -> int:
    """The command line of a script that writes a SQuAD file with every question rewritten."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("source", type=Path, help="a SQuAD file")
    ap.add_argument("out", type=Path, help="the file to write (outside the repository)")
    args = ap.parse_args(argv)
    return write(tool, args.source, args.out, lambda raw: with_questions(raw, args.source, rewrite))
