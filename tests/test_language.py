"""English lives in `bot.language`: no other module defines a word list or a regex vocabulary."""

import ast
import re
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "bot"
WORD = re.compile(r"[a-z]{2,}")
# three or more words as alternatives of a pattern: "(?:said|told|added)"
ALTERNATIVES = re.compile(r"(?<![\w\\])[a-z]{2,}(?:\\s\+|\s)?(?:[a-z]*)\|[a-z]{2,}[a-z \\s+]*\|[a-z]{2,}")


def _words(node: ast.AST) -> list[str] | None:
    """The words of a literal tuple, list or set of strings, or of a "a b c".split()."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items = node.elts
        if items and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in items):
            return [e.value for e in items]  # type: ignore[attr-defined]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "split"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return node.func.value.value.split()
    return None


def _vocabularies(tree: ast.Module) -> list[ast.AST]:
    """Where a module keeps words to look text up in: a module-level constant, or the right of
    an `in` / `not in` (a list of names to iterate over, like metadata fields, is not one)."""
    out: list[ast.AST] = []
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            value = node.value
            while isinstance(value, ast.Call) and value.args and not _words(value):  # frozenset(...)
                value = value.args[0]
            out.append(value)
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            out += [c for op, c in zip(node.ops, node.comparators) if isinstance(op, (ast.In, ast.NotIn))]
    return out


def _offences(path: Path) -> list[str]:
    out = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in _vocabularies(tree):
        words = _words(node)
        if words and len(words) >= 3 and all(WORD.fullmatch(w) for w in words):
            out.append(f"line {node.lineno}: words {words[:4]}")  # type: ignore[attr-defined]
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and ALTERNATIVES.search(node.value):
            out.append(f"line {node.lineno}: pattern {node.value[:50]!r}")
    return out


@pytest.mark.parametrize(
    "path",
    sorted(p for p in SOURCE.rglob("*.py") if "language" not in p.parts and "__pycache__" not in p.parts),
    ids=lambda p: str(p.relative_to(SOURCE)),
)
def test_no_module_outside_language_defines_english(path):
    assert not _offences(path)
