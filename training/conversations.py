"""SQuAD asked as conversations: does it teach models that never saw a chat to answer one?

    pip install -e ".[train]"
    python training/conversations.py ../shared/data      # about 20 minutes on cached rows

The models trained on SQuAD train alone (as `training/train.py --no-conversations` makes its
"SQuAD train only" models: the ranker on SQuAD's articles, paragraphs and groups of
articles; the evidence model on their own, off-topic and near-topic questions, its bars
chosen on held-out articles) have never seen a question asked after others: the
conversation's columns are 0 in every row they learn from. This script fits them (A), then
asks each SQuAD training article's three consecutive paragraphs (`datasets.squad_stories`)
as one conversation through the chat, its questions in order, the earlier turns answered by
A, and fits them again with those rows too (B, as `training/train.py` makes them since
2026-12-01). It prints both on CoQA's chats (whose questions say "he" and "what else?"),
SQuAD dev and NewsQA, none of which either saw.

Measured: see README (Training). The figures there are this script's output.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training import train
from training.collect import Evidence, Groups
from training.datasets import FILES, collect


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, help="the shared data folder (../shared/data)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/bot-training"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--folds", type=int, default=2, help="folds for the evidence model's bars (default 2)")
    args = ap.parse_args(argv)
    train.FOLDS = max(2, args.folds)
    t0 = time.time()
    parts = {name: collect(name, args.data, args.cache, args.jobs) for name in train.SQUAD_ONLY}
    groups = train.merged({n: g for n, (g, _) in parts.items()}, train.SQUAD_ONLY, Groups)
    rows = train.merged({n: e for n, (_, e) in parts.items()}, train.SQUAD_ONLY, Evidence)
    a = train.squad_only(groups, rows, train.SQUAD_ONLY)
    talk_groups, talk_rows = collect(train.TALK, args.data, args.cache, args.jobs, a)
    print(f"SQuAD as conversations: {talk_groups.reachable} turns reachable, {len(talk_rows.tag)} evidence rows")
    groups.extend(talk_groups)
    rows.extend(talk_rows)
    b = train.squad_only(groups, rows, (*train.SQUAD_ONLY, train.TALK))
    for name, models in (("A, without SQuAD's conversations", a), ("B, with them, as train.py", b)):
        chats = train.coqa_figures(args.data / FILES["coqa"], models)
        print(f"{name}: CoQA {train.coqa_summary(chats)}", flush=True)
        train.report(f"{name}: SQuAD dev", train.squad_figures(args.data / FILES["squad-dev"], models))
        train.report(f"{name}: NewsQA", train.squad_figures(args.data / FILES["newsqa"], models))
    print(f"done in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
