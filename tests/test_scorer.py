"""The models as data: numpy walks the trees exactly as the learner does, and the shipped files
read the very columns the code computes."""

import sys
from pathlib import Path

import numpy as np
import pytest

from bot.answering import features, scorer, short
from bot.answering.evidence import EVIDENCE

REPO = Path(__file__).resolve().parent.parent


def _export():
    """training.export from the repository (the training code is not part of the package)."""
    if str(REPO) not in sys.path:
        sys.path.append(str(REPO))
    from training.export import trees

    return trees


@pytest.mark.parametrize("objective", ["lambdarank", "binary", "regression"])
def test_numpy_trees_predict_as_lightgbm_does(objective, tmp_path):
    lgb = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 6))
    X[:, 2] = rng.integers(0, 3, 600)  # a column of few values, as the kind columns are
    X[:100, 4] = 0.0
    y = (X[:, 0] + X[:, 1] * X[:, 2] > 0.5).astype(float)
    names = [f"f{i}" for i in range(6)]
    params = {"objective": objective, "num_leaves": 7, "min_data_in_leaf": 5, "verbose": -1, "seed": 0}
    group = [20] * 30 if objective == "lambdarank" else None
    booster = lgb.train(params, lgb.Dataset(X, y, group=group, feature_name=names), num_boost_round=25)
    model = _export()(booster, tuple(names))
    test = rng.normal(size=(300, 6))
    test[:, 2] = rng.integers(0, 3, 300)
    test[:50] = X[:50]  # values a split was made on, exactly
    assert np.allclose(model.predict(test), booster.predict(test, raw_score=True), atol=1e-9)
    model.save(tmp_path / "m.npz")  # and the file reads back the same
    again = scorer.Trees.read(tmp_path / "m.npz")
    assert again.features == tuple(names) and np.array_equal(again.predict(test), model.predict(test))


def test_the_shipped_models_read_the_columns_the_code_computes():
    models = scorer.default_models()
    assert models.ranker.features == features.FEATURES
    assert models.abstain.features == EVIDENCE
    assert len(set(features.FEATURES)) == len(features.FEATURES)
    assert short.shipped_model().features == short.SHORT_FEATURES
    assert len(set(short.SHORT_FEATURES)) == len(short.SHORT_FEATURES)


def test_the_shipped_models_predict_what_the_learner_did():
    """Each model file carries rows and LightGBM's own scores of them, from training time."""
    for name in ("ranker", "abstain", "short"):
        with scorer.shipped_file(name) as f:
            model = scorer.Trees.read(f, checks=True)
        assert model.check_rows is not None and len(model.check_rows) >= 100
        assert np.allclose(model.predict(model.check_rows), model.check_scores, atol=1e-9)


def test_answering_reads_a_model_without_its_check_rows():
    """The rows a model file carries for the test above are not loaded to answer."""
    assert scorer.shipped("ranker").check_rows is None
    assert scorer.default_models().abstain.check_rows is None


def test_a_saved_model_reads_back_with_its_check_rows(tmp_path):
    model = scorer.Trees(
        ("a",),
        np.array([[0, 0, 0]], np.int32),
        np.array([[0.5, np.inf, np.inf]]),
        np.array([[1, 1, 2]], np.int32),
        np.array([[2, 1, 2]], np.int32),
        np.array([[0.0, -1.0, 1.0]]),
        1,
        check_rows=np.array([[0.0], [1.0]]),
        check_scores=np.array([-1.0, 1.0]),
    )
    model.save(tmp_path / "m.npz")
    again = scorer.Trees.read(tmp_path / "m.npz", checks=True)
    assert np.array_equal(again.check_rows, model.check_rows)
    assert np.array_equal(again.predict(again.check_rows), again.check_scores)
    assert scorer.Trees.read(tmp_path / "m.npz").check_rows is None


def test_a_model_for_other_columns_is_refused():
    model = scorer.shipped("ranker")
    with pytest.raises(scorer.ModelError, match="other features"):
        model.check(features.FEATURES[:-1])


def test_a_damaged_model_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(scorer.ModelError, match="cannot read"):
        scorer.Trees.read(bad)


def test_an_empty_ensemble_scores_its_base():
    empty = scorer.Trees(
        ("a",),
        np.zeros((0, 1), np.int32),
        np.zeros((0, 1)),
        np.zeros((0, 1), np.int32),
        np.zeros((0, 1), np.int32),
        np.zeros((0, 1)),
        0,
        0.25,
    )
    assert np.array_equal(empty.predict(np.zeros((3, 1))), np.full(3, 0.25))


def test_a_model_missing_from_the_installation_is_a_clear_error():
    with pytest.raises(scorer.ModelError, match="missing from this installation"):
        with scorer.shipped_file("no-such-model"):
            pass
