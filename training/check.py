"""Check retrained models against the bundled article's expected answers before shipping them.

    python training/check.py /tmp/train/out     # the folder train.py wrote

The held-out figures say how a retrained ranker does on texts it never saw; the bundled
article's tests say whether it still keeps who said what in a chat ("who is sheinbaum", then
"what did she say?"), which a retraining has broken more than once while the figures stayed
level (README, "Tried and not shipped"). This runs those tests (`TESTS`) with the folder's
models in place of the shipped ones, in a copy of the package in a temporary folder: pytest
run from a copy of the repository would import the installed package instead. Exit status 0
when they all pass, pytest's own otherwise.

The models read the columns this checkout's code computes: a ranker `train.py` made from other
code (its `code` digest, `datasets.code_digest`) is refused with status 2, since the same column
names may then mean other numbers (a branch's models read by main's code).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package and digest, whatever is installed

from bot.answering.scorer import ModelError, Trees
from training.datasets import code_digest

TESTS = ("tests/test_conversation.py", "tests/test_qa.py", "tests/test_knowledge.py", "tests/test_short.py")
MODELS = ("ranker.bin", "abstain.bin")  # what train.py writes
COPIED = ("bot", "knowledge", "tests", "pyproject.toml")


def check(models: Path, quiet: bool = False) -> int:
    """Run `TESTS` with the models of the folder; pytest's exit status."""
    missing = [m for m in MODELS if not (models / m).is_file()]
    if missing:
        print(f"check: {models} has no {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        info = json.loads(Trees.read(models / "ranker.bin").info)
    except (ModelError, ValueError) as e:
        print(f"check: {models / 'ranker.bin'}: {e}", file=sys.stderr)
        return 2
    trained_on = info.get("code") if isinstance(info, dict) else None
    if trained_on is not None and trained_on != (ours := code_digest()):  # the checkout's code, hashed once
        print(
            f"check: {models} was trained on code {trained_on}, this checkout's is {ours}: "
            "run the check from the checkout that trained it",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="bot-check-") as tmp:
        copy = Path(tmp)
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, copy / name)
        for m in MODELS:
            shutil.copy2(models / m, copy / "bot" / "models" / m)
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]); import bot, pytest; "
            "assert bot.__file__.startswith(sys.argv[1]), bot.__file__; "
            "sys.exit(pytest.main(['-p', 'no:cacheprovider', *sys.argv[2:]]))"
        )
        # the same generated examples for every folder checked: a difference is the models'
        seed = ["--hypothesis-seed=0"]
        args = [sys.executable, "-c", code, str(copy), *seed, *(["-q", "--no-header"] if quiet else []), *TESTS]
        return subprocess.run(args, cwd=copy).returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("models", type=Path, help="a folder with ranker.bin and abstain.bin (train.py's --out)")
    args = ap.parse_args(argv)
    return check(args.models)


if __name__ == "__main__":
    raise SystemExit(main())
