"""The ranking stage: candidates gathered from several views, named features, the model's order."""

import numpy as np
import pytest

from bot.answering import candidates, features
from bot.answering.query import Context, analyze
from bot.answering.rank import rank
from bot.answering.scorer import default_models


@pytest.fixture(scope="module")
def carney(article_index):
    return analyze("Who did Carney meet in Mexico?", article_index)


def test_candidates_hold_the_best_bm25_sentences_once_each(article_index, carney):
    cands = candidates.gather(carney, article_index)
    best = [i for i, _ in article_index.sentences.search(carney.terms, candidates.BY_SENTENCE)]
    assert set(best) <= set(cands.ids.tolist())
    assert list(cands.ids) == sorted(set(cands.ids.tolist()))
    assert cands.best_bm25 == pytest.approx(article_index.sentences.search(carney.terms, 1)[0][1])


def test_a_story_lead_is_a_candidate_even_without_a_question_word(article_index, carney):
    assert 0 in candidates.gather(carney, article_index).ids


def test_the_conversation_adds_the_sentences_around_the_last_answer(article_index):
    alone = analyze("why?", article_index)
    after = analyze("why?", article_index, Context(last_answer=(10,)))
    assert not len(candidates.gather(alone, article_index))
    assert {9, 10, 11} <= set(candidates.gather(after, article_index).ids.tolist())


def test_features_are_named_columns_one_row_per_candidate(article_index, carney):
    cands = candidates.gather(carney, article_index)
    X = features.compute(carney, article_index, cands)
    assert X.shape == (len(cands), len(features.FEATURES))
    assert np.isfinite(X).all()
    assert len(set(features.FEATURES)) == len(features.FEATURES)
    assert features.COLUMN["coverage"] == features.FEATURES.index("coverage")


def test_the_ranking_is_the_models_order_of_the_candidates(article_index, carney):
    ranked = rank(carney, article_index)
    assert list(ranked.scores) == sorted(ranked.scores, reverse=True)
    again = default_models().ranker.predict(ranked.X)
    assert np.allclose(again, ranked.scores)
    assert set(ranked.ids.tolist()) == set(candidates.gather(carney, article_index).ids.tolist())


def test_without_drops_given_sentences_and_keeps_the_order(article_index, carney):
    ranked = rank(carney, article_index)
    first = int(ranked.ids[0])
    rest = ranked.without(frozenset({first}))
    assert first not in rest.ids and list(rest.ids) == [i for i in ranked.ids if i != first]
