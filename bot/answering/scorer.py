"""Trained models as plain data, evaluated with numpy.

A model file (`bot/models/*.bin`, written by `training/`: plain arrays and a JSON header as
`bot.index.container` writes them, memory-mapped, so loading one reads almost nothing) holds a
gradient-boosted tree ensemble as flat arrays, one row per tree: each node's feature, threshold
and children, and each leaf's value, with the feature names it was trained on. `Trees.predict`
walks every tree at once, one level per step, so scoring a question's candidates costs a few
dozen numpy operations whatever the number of trees.

A leaf is a node whose children are itself (its feature 0, its threshold +inf), so a walk that
reaches a leaf early stays there until the deepest tree is done. A split sends a row left when
its value is at most the threshold (LightGBM's numerical splits; the features are never
missing). A test checks the predictions equal LightGBM's own on the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from bot.index import container


class ModelError(Exception):
    """A model file that cannot be used: missing, damaged, or made for other features."""


@dataclass(frozen=True)
class Trees:
    """A tree ensemble: score = base + the sum over trees of the leaf each row reaches."""

    features: tuple[str, ...]  # the columns it reads, in order
    feature: np.ndarray  # int32 [trees, nodes]: the column a node splits on
    threshold: np.ndarray  # float64 [trees, nodes]
    left: np.ndarray  # int32 [trees, nodes]: the node a row goes to when value <= threshold
    right: np.ndarray  # int32 [trees, nodes]
    value: np.ndarray  # float64 [trees, nodes]: a leaf's value (0 for a split)
    depth: int  # the deepest leaf's depth
    base: float = 0.0
    # what the training set out, for whoever reads the file (metrics, data, settings)
    info: str = "{}"
    # rows of training data and the learner's own scores of them, for checking the walk
    check_rows: np.ndarray | None = None
    check_scores: np.ndarray | None = None

    @cached_property
    def _flat(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The trees as one array of nodes (tree t's node i is t * nodes + i): each node's
        column, threshold, children (left at 2 * node, right at 2 * node + 1), value, whether
        it is a leaf; and each tree's root."""
        trees, nodes = self.feature.shape
        offset = (np.arange(trees, dtype=np.intp) * nodes)[:, None]
        left = (self.left + offset).ravel().astype(np.intp)
        right = (self.right + offset).ravel().astype(np.intp)
        leaf = left == np.arange(trees * nodes)
        children = np.stack([left, right], axis=1).ravel()
        column = self.feature.ravel().astype(np.intp)
        return column, self.threshold.ravel(), children, self.value.ravel(), leaf, offset.ravel()

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The ensemble's score of each row of X (columns in the order of `features`).

        Every (row, tree) pair walks down one level a step, all pairs at once; a pair that
        reaches its leaf leaves the walk, so the work is the pairs' own depths, not the deepest
        tree's for all."""
        X = np.ascontiguousarray(X, np.float64)
        n, trees = len(X), len(self.feature)
        if not n or not trees:
            return np.full(n, self.base)
        column, threshold, children, value, is_leaf, roots = self._flat
        cells = X.ravel()
        node = np.tile(roots, n)
        row_start = np.repeat(np.arange(n, dtype=np.intp) * X.shape[1], trees)
        pair: np.ndarray | None = None  # each walking pair's (row, tree) number; None: all, in order
        reached = np.zeros(n * trees)
        step = 0
        while len(node):
            node = children[2 * node + (cells[row_start + column[node]] > threshold[node])]
            step += 1
            if step >= 3:  # (a leaf's children are itself: a pair at a leaf stays there till taken out)
                done = is_leaf[node]
                # positions, not masks: each is used three times (a mask is counted each time)
                at = np.flatnonzero(done)
                if len(at):
                    reached[at if pair is None else pair[at]] = value[node[at]]
                    keep = np.flatnonzero(~done)
                    node, row_start = node[keep], row_start[keep]
                    pair = keep if pair is None else pair[keep]
        return reached.reshape(n, trees).sum(axis=1) + self.base

    def check(self, features: tuple[str, ...]) -> None:
        """Raise ModelError unless the model reads exactly these columns, in this order."""
        if tuple(features) != self.features:
            missing = sorted(set(self.features) - set(features))
            extra = sorted(set(features) - set(self.features))
            raise ModelError(f"the model was trained on other features (missing {missing}, new {extra})")

    def save(self, path: Path) -> None:
        """Write the model as a file of plain arrays (`bot.index.container`, as the index is)."""
        arrays: dict[str, np.ndarray] = {
            "feature": self.feature.astype(np.int32),
            "threshold": self.threshold.astype(np.float64),
            "left": self.left.astype(np.int32),
            "right": self.right.astype(np.int32),
            "value": self.value.astype(np.float64),
        }
        if self.check_rows is not None and self.check_scores is not None:
            arrays |= {"check_rows": self.check_rows.astype(np.float64), "check_scores": np.asarray(self.check_scores)}
        meta = {"features": list(self.features), "depth": self.depth, "base": self.base, "info": self.info}
        write_data(path, "trees", meta, arrays)

    @classmethod
    def read(cls, path: Path) -> Trees:
        """The model in a file written by `save`: its arrays stay in the mapped file, so the
        rows it carries for checking cost nothing unless read."""
        with read_data(path, "trees", f"the model file {path.name}") as (meta, data):
            return cls(
                tuple(str(f) for f in meta["features"]),
                data["feature"],
                data["threshold"],
                data["left"],
                data["right"],
                data["value"],
                int(meta["depth"]),
                float(meta["base"]),
                str(meta["info"]),
                data.get("check_rows"),
                data.get("check_scores"),
            )


def write_data(path: Path, kind: str, meta: dict, arrays: dict[str, np.ndarray]) -> None:
    """Write a model's file: its arrays, and a header saying what `kind` of model it is."""
    with open(path, "wb") as f:
        container.write(f, {"model": kind, **meta}, arrays)


@contextmanager
def read_data(path: Path, kind: str, what: str) -> Iterator[tuple[dict, container.Arrays]]:
    """A file `write_data` wrote for a model of `kind`: its header and arrays (mapped). Anything
    wrong with it, there or while the caller reads them, is a ModelError: cannot read `what`."""
    try:
        meta, data = container.read(path)
        if not isinstance(meta, dict) or meta.get("model") != kind:
            raise ValueError(f"not a {kind} file")
        yield meta, data
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"cannot read {what}: {exc}") from None


def shipped_path(name: str) -> Path:
    """The data file `bot/models/<name>.bin` shipped in the package."""
    import bot.models

    path = Path(bot.models.__file__).parent / f"{name}.bin"
    if not path.is_file():
        raise ModelError(f"the model {name} is missing from this installation; reinstall bot")
    return path


@cache
def shipped(name: str) -> Trees:
    """The model `name` shipped in the package (`bot/models/<name>.bin`), read once."""
    return Trees.read(shipped_path(name))


@dataclass(frozen=True)
class Models:
    """The models an answer is made with: the ranker of candidate sentences, the evidence
    model that says whether to answer, and the model that picks the short answer."""

    ranker: Trees
    abstain: Trees
    short: Trees | None = None  # the short-answer model (`bot.answering.short`); None: the shipped one
    screen: Trees | None = None  # which candidates the ranker reads closely (`rank`); None: the shipped one

    @property
    def screening(self) -> Trees:
        return self.screen if self.screen is not None else shipped_screen()

    @classmethod
    def read(cls, folder: Path) -> Models:
        """The models in a folder (as `training/train.py` and `training/short.py` write them;
        without short.bin or screen.bin, the shipped ones)."""
        short = Trees.read(folder / "short.bin") if (folder / "short.bin").exists() else None
        screen = Trees.read(folder / "screen.bin") if (folder / "screen.bin").exists() else None
        return cls(Trees.read(folder / "ranker.bin"), Trees.read(folder / "abstain.bin"), short, screen)


@cache
def default_models() -> Models:
    """The shipped models, checked against the features the code computes."""
    from bot.answering.evidence import EVIDENCE
    from bot.answering.features import FEATURES

    ranker, abstain = shipped("ranker"), shipped("abstain")
    ranker.check(FEATURES)
    abstain.check(EVIDENCE)
    return Models(ranker, abstain)


@cache
def shipped_screen() -> Trees:
    """The shipped screening model, checked against the columns it reads."""
    from bot.answering.features import SCREEN_FEATURES

    screen = shipped("screen")
    screen.check(SCREEN_FEATURES)
    return screen
