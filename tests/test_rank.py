"""The ranking stage: candidates gathered from several views, named features, the model's order."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

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


def test_whose_words_a_sentence_gives_after_a_pronoun(article_index):
    # "what did she say?" meaning Sheinbaum: her quote (15) is hers; Carney's (11) is another's
    from bot.language.questions import Gender

    q = analyze("what did she say?", article_index, Context(person=(("claudia", "sheinbaum"), Gender.SHE)))
    cands = candidates.gather(q, article_index)
    X = features.compute(q, article_index, cands)
    row = {int(sid): k for k, sid in enumerate(cands.ids)}
    person, other = X[:, features.COLUMN["person"]], X[:, features.COLUMN["other_person"]]
    assert (person[row[15]], other[row[15]]) == (1, 0)
    assert (person[row[11]], other[row[11]]) == (0, 1)
    assert "other_person" in features.READ  # read for the kept candidates only: the screen is as it was
    alone = features.compute(analyze("what did she say?", article_index), article_index, cands)
    assert not alone[:, features.COLUMN["other_person"]].any()


def test_the_opening_column_is_the_share_of_the_question_the_headline_and_lead_hold():
    from bot.index.bm25 import Index

    idx = Index.from_texts(
        (
            "quake.txt",
            "Earthquake shakes Chile\n\nA strong earthquake struck on Sunday.\n\nThe plates meet under Chile.",
        )
    )
    assert idx.stories.headline.tolist() == [True, False, False]
    q = analyze("why do the plates shake chile", idx)
    cands = candidates.gather(q, idx)
    X = features.compute(q, idx, cands)
    # every candidate of the story reads the same share: the headline holds all but "plates"
    opening = X[:, features.COLUMN["opening_coverage"]]
    assert len(set(opening.tolist())) == 1 and 0 < opening[0] < 1
    idf = {t: max(idx.sentences.term_idf(t), 0.1) for t in q.content}
    held = sum(w for t, w in idf.items() if t != "plate")
    assert opening[0] == pytest.approx(held / sum(idf.values()))


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


def _pairs_held(query, sterms) -> float:
    """The word-pair column by its definition: the share of the question's consecutive word
    pairs the sentence holds as consecutive terms, either word by any of its alternatives."""
    alts, content = query.alternatives, query.content
    pairs = list(zip(content, content[1:]))
    held = set(zip(sterms, sterms[1:]))
    return sum(any((x, y) in held for x in alts.get(a, ()) for y in alts.get(b, ())) for a, b in pairs) / len(pairs)


def _density(query, sterms) -> float:
    """The density column by its definition: matched question words over the shortest stretch
    of the sentence holding each of them, tried at every start and end."""
    wanted = [query.alternatives.get(t, set()) for t in query.content]
    need = {w for t in sterms for w, alts in enumerate(wanted) if t in alts}
    if len(need) < 2:
        return float(len(need))
    best = min(
        b - a + 1
        for a in range(len(sterms))
        for b in range(a, len(sterms))
        if {w for t in sterms[a : b + 1] for w, alts in enumerate(wanted) if t in alts} == need
    )
    return len(need) / best


@pytest.mark.parametrize(
    "question",
    ["When did the new plant open?", "new plant open plant", "Who opened the plant in Leeds in May?", "plant"],
)
def test_the_word_pair_and_density_columns_are_what_they_say(question):
    from bot.index.bm25 import Index

    index = Index.from_texts(
        "The plant opened in May. The new plant in Leeds opened in May after a long delay, and the "
        "plant's new owners opened a second new plant. Workers said the opening came late.",
    )
    query = analyze(question, index)
    cands = candidates.gather(query, index)
    X = features.compute(query, index, cands)
    assert len(cands)
    for row, sid in zip(X, cands.ids.tolist()):
        sterms = index.sentence_terms[sid]
        if len(query.content) > 1:
            assert row[features.COLUMN["bigram"]] == pytest.approx(_pairs_held(query, sterms))
        assert row[features.COLUMN["density"]] == pytest.approx(_density(query, sterms))


def test_few_candidates_are_all_read_and_ranked_as_computed(article_index, carney):
    """At most SCREEN_KEEP candidates: every column of every one, as `features.compute` gives."""
    from bot.answering import rank as ranking

    cands = candidates.gather(carney, article_index)
    assert len(cands) <= ranking.SCREEN_KEEP
    ranked = rank(carney, article_index)
    X = features.compute(carney, article_index, cands)
    order = np.argsort(-default_models().ranker.predict(X), kind="stable")
    assert ranked.ids.tolist() == cands.ids[order].tolist()
    assert np.array_equal(ranked.X, X[order])


def test_many_candidates_are_screened_and_only_the_kept_read(article_index, carney, monkeypatch):
    """More than SCREEN_KEEP: the screening model's best are read closely and ranked first; the
    others follow in its order, below every score the ranker gave, their read columns unread."""
    from bot.answering import rank as ranking

    monkeypatch.setattr(ranking, "SCREEN_KEEP", 5)
    cands = candidates.gather(carney, article_index)
    assert len(cands) > 5
    ranked = rank(carney, article_index)
    assert sorted(ranked.ids.tolist()) == cands.ids.tolist()  # every candidate, once
    full = features.compute(carney, article_index, cands)
    at = {sid: k for k, sid in enumerate(cands.ids.tolist())}
    screen = default_models().screening.predict(full[:, ranking.SCREEN_COLUMNS])
    kept = set(cands.ids[np.argsort(-screen, kind="stable")[:5]].tolist())
    assert set(ranked.ids[:5].tolist()) == kept
    assert ranked.scores[5:].max() < ranked.scores[:5].min()
    assert list(ranked.scores) == sorted(ranked.scores, reverse=True)
    per_row = [f for f in features.READ if f not in features.GAPS]
    for k, sid in enumerate(ranked.ids.tolist()):
        for f in per_row:  # a read column is the sentence's own; unread, it is 0
            want = full[at[sid], features.COLUMN[f]] if k < 5 else 0.0
            assert ranked.X[k, features.COLUMN[f]] == want, (f, k)
        for f in features.SCREEN_FEATURES:  # the others, as for every candidate
            assert ranked.X[k, features.COLUMN[f]] == full[at[sid], features.COLUMN[f]], (f, k)


_WORDS = "harbour bridge storm keeper island river mayor budget tower council ferry school".split()


@given(
    head=st.lists(st.sampled_from(_WORDS), min_size=3, max_size=6),
    body=st.lists(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=6), min_size=2, max_size=5),
    asked=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3),
)
def test_a_headline_follows_every_sentence_scored_that_holds_a_word_of_the_question(head, body, asked):
    from bot.index.bm25 import Index

    lines = [" ".join(w.capitalize() for w in head)]
    lines += [f"The {' '.join(words)} stood there." for words in body]
    idx = Index.from_texts(("story.txt", "\n\n".join(lines)))
    assert idx.stories.headline[0]
    ranked = rank(analyze("what about the " + " ".join(asked), idx), idx)
    assert list(ranked.scores) == sorted(ranked.scores, reverse=True)
    is_head = idx.stories.headline[ranked.ids]
    holding = ~is_head & (ranked.coverage > 0)
    if is_head.any() and holding.any():
        assert np.flatnonzero(is_head)[0] > np.flatnonzero(holding).max()
    else:  # nothing to follow: the ranker's own order
        assert np.allclose(default_models().ranker.predict(ranked.X), ranked.scores)
