"""Write a SQuAD file made from another, for `bot eval` to read (`snippets.py`, `typed.py`):
read the source, build the new document, write it, and say in one line what could not be read
or written (exit status 2)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.evaluation.squad import SquadError, read_json


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
