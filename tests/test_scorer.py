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
    from training import export

    return export.trees


def _averaged():
    _export()
    from training.export import averaged

    return averaged


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
    model.save(tmp_path / "m.bin")  # and the file reads back the same
    again = scorer.Trees.read(tmp_path / "m.bin")
    assert again.features == tuple(names) and np.array_equal(again.predict(test), model.predict(test))


def test_averaged_trees_score_the_mean_of_their_models(tmp_path):
    """Rankers of several seeds (`train.py --ensemble`) ship as one model: trees of other
    widths and depths side by side, each leaf divided by their number."""
    lgb = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(1)
    X = rng.normal(size=(800, 4))
    y = (X[:, 0] - X[:, 1] > 0.3).astype(float)
    names = ("a", "b", "c", "d")
    boosters = [
        lgb.train(
            {
                "objective": "binary",
                "num_leaves": leaves,
                "bagging_fraction": 0.7,
                "bagging_freq": 1,
                "verbose": -1,
                "seed": seed,
            },
            lgb.Dataset(X, y, feature_name=list(names)),
            num_boost_round=rounds,
        )
        for seed, leaves, rounds in ((0, 3, 10), (1, 15, 30), (2, 7, 20))
    ]
    models = [_export()(b, names, {}, X[:50]) for b in boosters]
    mean = _averaged()(models, {"seeds": [0, 1, 2]})
    test = rng.normal(size=(200, 4))
    want = np.mean([b.predict(test, raw_score=True) for b in boosters], axis=0)
    assert np.allclose(mean.predict(test), want, atol=1e-9)
    assert np.allclose(mean.check_scores, mean.predict(X[:50]), atol=1e-9)
    mean.save(tmp_path / "mean.bin")
    assert np.array_equal(scorer.Trees.read(tmp_path / "mean.bin").predict(test), mean.predict(test))
    with pytest.raises(ValueError):
        _averaged()([models[0], _export()(boosters[1], ("w", "x", "y", "z"))])


def test_the_shipped_models_read_the_columns_the_code_computes():
    models = scorer.default_models()
    assert models.ranker.features == features.FEATURES
    assert models.abstain.features == EVIDENCE
    assert len(set(features.FEATURES)) == len(features.FEATURES)
    assert short.shipped_model().features == short.SHORT_FEATURES
    assert models.screening.features == features.SCREEN_FEATURES
    assert len(set(short.SHORT_FEATURES)) == len(short.SHORT_FEATURES)


def test_the_shipped_models_predict_what_the_learner_did():
    """Each model file carries rows and LightGBM's own scores of them, from training time."""
    for name in ("ranker", "abstain", "short", "screen"):
        model = scorer.shipped(name)
        assert model.check_rows is not None and len(model.check_rows) >= 100
        assert np.allclose(model.predict(model.check_rows), model.check_scores, atol=1e-9)


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
    model.save(tmp_path / "m.bin")
    again = scorer.Trees.read(tmp_path / "m.bin")
    assert again.features == model.features and (again.depth, again.base) == (model.depth, model.base)
    assert np.array_equal(again.check_rows, model.check_rows)
    assert np.array_equal(again.predict(again.check_rows), again.check_scores)


def test_a_model_for_other_columns_is_refused():
    model = scorer.shipped("ranker")
    with pytest.raises(scorer.ModelError, match="other features"):
        model.check(features.FEATURES[:-1])


@pytest.mark.parametrize("damage", ["not a model", "index", "truncated", "other meta"])
def test_a_damaged_model_file_is_a_clear_error(tmp_path, damage):
    from bot.index import container

    bad = tmp_path / "bad.bin"
    if damage == "not a model":
        bad.write_bytes(b"not a model")
    elif damage == "index":  # a file of arrays, but not a model's
        with open(bad, "wb") as f:
            container.write(f, {"format": 7}, {"x": np.zeros(3)})
    else:
        scorer.shipped("abstain").save(bad)
        data = bad.read_bytes()
        if damage == "truncated":
            bad.write_bytes(data[: len(data) // 2])
        else:
            bad.write_bytes(data.replace(b'"depth": ', b'"depth": "x', 1))
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
        scorer.shipped_path("no-such-model")


def test_the_rarity_table_reads_back_and_refuses_other_files(tmp_path):
    from bot.answering import rarity
    from bot.language import analysis

    table = rarity.Rarity(np.array([0, 5, 60000, 7], np.int64), 19000)
    table.save(tmp_path / "r.bin")
    again = rarity.Rarity.read(tmp_path / "r.bin")
    assert again.documents == 19000 and again.df.tolist() == [0, 5, 60000, 7]
    assert all(again.idf(t) == table.idf(t) for t in ("the", "norman", "zzz"))
    scorer.shipped("abstain").save(tmp_path / "m.bin")  # a model is not a rarity table
    with pytest.raises(scorer.ModelError, match="rarity"):
        rarity.Rarity.read(tmp_path / "m.bin")
    shipped, (common,), (rare,) = rarity.general(), analysis.terms("government"), analysis.terms("Normandy")
    assert shipped.idf(common) < shipped.idf(rare) < shipped.unseen
    # which words English writes as names, by the folded word
    assert shipped.capitalized("normandy") > 0.9 > 0.1 > shipped.capitalized("water")
    assert again.capitalized("normandy") == 0.0  # a table written without that part names nothing


def test_the_presence_table_reads_back_and_leans_on_its_prior_for_terms_seldom_asked(tmp_path):
    from bot.answering import presence
    from bot.language import analysis

    table = presence.Presence(np.array([0, 40, 3, 1000], np.int64), np.array([0, 39, 0, 50], np.int64), 0.75)
    table.save(tmp_path / "p.bin")
    again = presence.Presence.read(tmp_path / "p.bin")
    assert again.prior == 0.75 and again.asked.tolist() == [0, 40, 3, 1000] and again.held.tolist() == [0, 39, 0, 50]
    assert all(again.expected(t) == table.expected(t) for t in ("population", "name", "zzz"))
    scorer.shipped("abstain").save(tmp_path / "m.bin")  # a model is not a presence table
    with pytest.raises(scorer.ModelError, match="presence"):
        presence.Presence.read(tmp_path / "m.bin")
    shipped = presence.answering()
    (population,), (purpose,) = analysis.terms("population"), analysis.terms("purpose")
    assert shipped.expected(purpose) < shipped.prior < shipped.expected(population) < 1.0
    assert 0.5 < shipped.prior < 0.9


def test_the_rarity_table_knows_english_words_and_few_others():
    import random
    import string

    from bot.answering import rarity

    table = rarity.general()
    assert all(table.knows(w) for w in ("slaying", "signer", "president", "normans", "cooperation"))
    assert not any(table.knows(w) for w in ("prseident", "nromans", "cooepration", "sheinbaum"))
    rng = random.Random(0)
    strings = ["".join(rng.choice(string.ascii_lowercase) for _ in range(10)) for _ in range(20_000)]
    assert sum(map(table.knows, strings)) <= 10  # the filter's false positives: about 1 in 13,000


def test_the_word_filter_holds_its_words(tmp_path):
    from bot.answering import rarity

    words = ["alpha", "bravo", "charlie"]
    table = rarity.Rarity(np.zeros(8, np.int64), 10, english=rarity.word_filter(words, 1 << 12))
    table.save(tmp_path / "r.bin")
    again = rarity.Rarity.read(tmp_path / "r.bin")
    assert all(again.knows(w) for w in words) and not again.knows("delta")
