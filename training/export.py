"""A trained LightGBM booster as `bot.answering.scorer.Trees`: flat arrays any numpy can walk."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np

from bot.answering.scorer import Trees


def check_rows(X: np.ndarray, seed: int) -> np.ndarray:
    """A few hundred training rows, kept in the model file to check its walk against."""
    return X[np.random.default_rng(seed).choice(len(X), min(300, len(X)), replace=False)]


def trees(booster, features: tuple[str, ...], info: dict | None = None, check: np.ndarray | None = None) -> Trees:
    """The booster's trees as arrays (see `bot.answering.scorer` for the layout). Only numerical splits
    ("<=") are supported: the features are numbers, never missing. `check`: rows to keep in
    the file with the booster's raw scores of them; the walk is checked against them here."""
    dump = booster.dump_model()
    if tuple(dump["feature_names"]) != tuple(features):
        raise ValueError("the booster was trained on other feature names")
    flat = [_flatten(t["tree_structure"]) for t in dump["tree_info"]]
    width = max(len(nodes) for nodes in flat)
    count = len(flat)
    feature = np.zeros((count, width), np.int32)
    threshold = np.full((count, width), np.inf)
    left = np.tile(np.arange(width, dtype=np.int32), (count, 1))
    right = left.copy()
    value = np.zeros((count, width))
    depth = 0
    for t, nodes in enumerate(flat):
        for i, node in enumerate(nodes):
            if node["leaf"]:
                value[t, i] = node["value"]
            else:
                feature[t, i], threshold[t, i] = node["feature"], node["threshold"]
                left[t, i], right[t, i] = node["left"], node["right"]
            depth = max(depth, node["depth"])
    scores = booster.predict(check, raw_score=True) if check is not None else None
    model = Trees(
        tuple(features), feature, threshold, left, right, value, depth, 0.0, json.dumps(info or {}), check, scores
    )
    if check is not None and not np.allclose(model.predict(check), scores, atol=1e-9):
        raise ValueError("the exported trees do not score as the booster does")
    return model


def _flatten(root: dict) -> list[dict]:
    """A tree's nodes in preorder, each split with the places of its children."""
    nodes: list[dict] = []

    def visit(node: dict, depth: int) -> int:
        at = len(nodes)
        if "leaf_value" in node:
            nodes.append({"leaf": True, "value": float(node["leaf_value"]), "depth": depth})
            return at
        if node.get("decision_type", "<=") != "<=":
            raise ValueError(f"unsupported split {node.get('decision_type')}")
        if node.get("missing_type", "None") not in ("None", "NaN"):
            raise ValueError(f"unsupported missing-value handling {node.get('missing_type')}")
        entry = {"leaf": False, "feature": node["split_feature"], "threshold": float(node["threshold"]), "depth": depth}
        nodes.append(entry)
        entry["left"] = visit(node["left_child"], depth + 1)
        entry["right"] = visit(node["right_child"], depth + 1)
        return at

    visit(root, 0)
    return nodes


def seeded(
    fit: Callable[[int], Any], seeds: list[int], features: tuple[str, ...], info: dict, check: np.ndarray
) -> Trees:
    """The booster `fit(seed)` returns as trees, or, for several seeds, the mean of their fits
    (`averaged`), each checked on the rows `check`."""
    fits = [trees(fit(seed), features, info, check) for seed in seeds]
    return fits[0] if len(fits) == 1 else averaged(fits, info)


def averaged(models: list[Trees], info: dict | None = None) -> Trees:
    """One ensemble scoring the mean of the models' scores: their trees side by side (each
    padded with leaves to the widest), every leaf's value divided by their number. The models
    must read the same columns; their check rows, when the first carries some, are scored
    again as the mean of their own scores, and the walk is checked against that."""
    first = models[0]
    if any(m.features != first.features for m in models):
        raise ValueError("the models read other columns")
    width = max(m.feature.shape[1] for m in models)

    def padded(a: np.ndarray, fill: float | None) -> np.ndarray:
        """Nodes past a model's own width: leaves whose children are themselves (fill None)."""
        extra = width - a.shape[1]
        if fill is None:
            return np.concatenate([a, np.tile(np.arange(a.shape[1], width, dtype=a.dtype), (len(a), 1))], axis=1)
        return np.concatenate([a, np.full((len(a), extra), fill, a.dtype)], axis=1)

    k = len(models)
    check = first.check_rows
    scores = None if check is None else np.mean([m.predict(check) for m in models], axis=0)
    model = Trees(
        first.features,
        np.concatenate([padded(m.feature, 0) for m in models]),
        np.concatenate([padded(m.threshold, np.inf) for m in models]),
        np.concatenate([padded(m.left, None) for m in models]),
        np.concatenate([padded(m.right, None) for m in models]),
        np.concatenate([padded(m.value, 0.0) for m in models]) / k,
        max(m.depth for m in models),
        float(np.mean([m.base for m in models])),
        json.dumps(info or {}),
        check,
        scores,
    )
    if check is not None and scores is not None and not np.allclose(model.predict(check), scores, atol=1e-9):
        raise ValueError("the averaged trees do not score as the models' mean")
    return model
