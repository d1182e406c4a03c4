"""The package's shape: stages that import only the stages below them, small modules, and an
installed package that holds everything the checkout has."""

import ast
from pathlib import Path

import pytest

import bot

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "bot"
# Each stage may import the ones before it, never one after it.
STAGES = ["language", "documents", "index", "answering", "render", "chat", "evaluation", "cli"]
OUTSIDE = {"_version", "models", "bundled"}  # data and the version: anyone may read them


def _stage(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "bot" or len(parts) < 2 or parts[1] in OUTSIDE:
        return None
    return "cli" if parts[1] in ("cli", "arguments", "__main__", "__init__") else parts[1]


def _imports(path: Path) -> list[str]:
    """Every module a file imports, at the top or inside a function."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import"
            out.append(node.module)
            if node.module == "bot":
                out += [f"bot.{a.name}" for a in node.names]
    return out


def _modules() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_stage_imports_only_the_stages_before_it(path):
    me = _stage(".".join(path.relative_to(ROOT).with_suffix("").parts))
    if me is None:
        return
    later = [m for m in _imports(path) if (s := _stage(m)) and STAGES.index(s) > STAGES.index(me)]
    assert not later, f"{path.relative_to(ROOT)} ({me}) imports {later}"


def test_every_module_is_in_a_stage_and_the_top_stays_small():
    top = [p.name for p in SOURCE.glob("*.py")]
    assert len(top) <= 10, top
    for folder in (p for p in SOURCE.iterdir() if p.is_dir() and p.name != "__pycache__"):
        assert folder.name in STAGES or folder.name in OUTSIDE, folder


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_module_is_read_in_one_sitting(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 450


def test_the_installed_package_holds_every_file_of_the_checkout():
    installed = Path(bot.__file__).resolve().parent
    if installed == SOURCE:
        pytest.skip("an editable install: the checkout is the package")
    wanted = [p for p in SOURCE.rglob("*") if p.suffix in (".py", ".bin") and "__pycache__" not in p.parts]
    missing = [str(p.relative_to(SOURCE)) for p in wanted if not (installed / p.relative_to(SOURCE)).is_file()]
    assert not missing
    assert list((installed / "bundled").glob("*.md")), "the bundled article is missing"


@pytest.mark.parametrize(
    "path",
    sorted([*(ROOT / "training").glob("*.py"), *(ROOT / "benchmarks").glob("*.py")]),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_the_scripts_compile(path):
    # CI never trains: a script that cannot even be compiled would be found only when needed
    compile(path.read_text(encoding="utf-8"), str(path), "exec")
