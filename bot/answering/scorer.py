"""Trained models as plain data, evaluated with numpy.

A model file (`bot/models/*.npz`, written by `training/export.py`, read with
`allow_pickle=False`) holds a gradient-boosted tree ensemble as flat arrays, one row per tree:
each node's feature, threshold and children, and each leaf's value, with the feature names it
was trained on. `Trees.predict` walks every tree at once, one level per step, so scoring a
question's candidates costs a few dozen numpy operations whatever the number of trees.

A leaf is a node whose children are itself (its feature 0, its threshold +inf), so a walk that
reaches a leaf early stays there until the deepest tree is done. A split sends a row left when
its value is at most the threshold (LightGBM's numerical splits; the features are never
missing). A test checks the predictions equal LightGBM's own on the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import BinaryIO, cast

import numpy as np


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
        """Write the model as an uncompressed `.npz` (a few hundred kB: reading it at start-up
        is then a copy, not a decompression)."""
        checks = {}
        if self.check_rows is not None and self.check_scores is not None:
            checks = {"check_rows": self.check_rows, "check_scores": self.check_scores}
        np.savez(
            path,
            features=np.array(json.dumps(list(self.features))),
            feature=self.feature,
            threshold=self.threshold,
            left=self.left,
            right=self.right,
            value=self.value,
            depth=np.array(self.depth),
            base=np.array(self.base),
            info=np.array(self.info),
            **checks,  # type: ignore[arg-type]  # numpy's stubs type **kwds as its bool flag
        )

    @classmethod
    def read(cls, source, checks: bool = False) -> Trees:
        """The model in a file; with `checks`, also the training rows and scores it carries
        (a test's business: answering never reads them)."""
        try:
            with np.load(source, allow_pickle=False) as data:
                checked = checks and "check_rows" in data.files and "check_scores" in data.files
                return cls(
                    tuple(json.loads(str(data["features"]))),
                    data["feature"].astype(np.int32, copy=False),
                    data["threshold"].astype(np.float64, copy=False),
                    data["left"].astype(np.int32, copy=False),
                    data["right"].astype(np.int32, copy=False),
                    data["value"].astype(np.float64, copy=False),
                    int(data["depth"]),
                    float(data["base"]),
                    str(data["info"]),
                    data["check_rows"] if checked else None,
                    data["check_scores"] if checked else None,
                )
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"cannot read the model file: {exc}") from None


@contextmanager
def shipped_file(name: str) -> Iterator[BinaryIO]:
    """The data file `bot/models/<name>.npz` shipped in the package, open for reading: from the
    package's folder when it is one (as pip installs it), else through importlib.resources,
    whose first use costs `bot ask` about 14 ms of imports."""
    import bot.models

    try:
        try:
            f = cast(BinaryIO, open(Path(bot.models.__file__).parent / f"{name}.npz", "rb"))
        except (OSError, TypeError):  # not a plain folder (a zip), or no __file__
            from importlib import resources

            f = cast(BinaryIO, resources.files("bot.models").joinpath(f"{name}.npz").open("rb"))
    except (FileNotFoundError, NotADirectoryError):
        raise ModelError(f"the model {name} is missing from this installation; reinstall bot") from None
    with f:
        yield f


@cache
def shipped(name: str) -> Trees:
    """The model `name` shipped in the package (`bot/models/<name>.npz`), read once."""
    with shipped_file(name) as f:
        return Trees.read(f)


@dataclass(frozen=True)
class Models:
    """The models an answer is made with: the ranker of candidate sentences, the evidence
    model that says whether to answer, and the model that picks the short answer."""

    ranker: Trees
    abstain: Trees
    short: Trees | None = None  # the short-answer model (`bot.answering.short`); None: the shipped one

    @classmethod
    def read(cls, folder: Path) -> Models:
        """The models in a folder (as `training/train.py` and `training/short.py` write them;
        without short.npz, the shipped short-answer model)."""
        short = Trees.read(folder / "short.npz") if (folder / "short.npz").exists() else None
        return cls(Trees.read(folder / "ranker.npz"), Trees.read(folder / "abstain.npz"), short)


@cache
def default_models() -> Models:
    """The shipped models, checked against the features the code computes."""
    from bot.answering.evidence import EVIDENCE
    from bot.answering.features import FEATURES

    ranker, abstain = shipped("ranker"), shipped("abstain")
    ranker.check(FEATURES)
    abstain.check(EVIDENCE)
    return Models(ranker, abstain)
