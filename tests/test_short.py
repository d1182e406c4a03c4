"""The short answer: candidate spans of the answer sentence, scored by the shipped model; shown
as "Answer:" only when the model is sure of it."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import render
from bot.answering import qa, short
from bot.answering.short import MAX_TOKENS, SHORT_FEATURES, Ranking, candidates, choose


def test_candidates_are_runs_of_words_and_include_the_rules_span(query_of):
    sentence = "Mark Carney met Mexican President Claudia Sheinbaum in Mexico City on June 5, 2025."
    query = query_of("Who did Carney meet?", sentence)
    found = candidates(sentence, query)
    texts = [sentence[s:e] for s, e in found.spans]
    assert found.X.shape == (len(found.spans), len(SHORT_FEATURES))
    assert "Claudia Sheinbaum" in texts and "June 5, 2025" in texts
    assert found.rule is not None and found.rule[:2] in found.spans  # the rules' pick is a candidate
    assert "Carney" not in texts  # the question's own word alone is never the answer
    assert not any(t.split()[0].lower() in ("in", "on", "the") for t in texts)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["the", "Plan", "of", "2025", "four", "Mexico", "met", ",", "(", ")", "$4.5", "12%", "é", "–"]),
        min_size=0,
        max_size=30,
    )
)
def test_candidate_rows_are_finite_and_spans_lie_in_the_sentence(words):
    from bot.answering.query import analyze
    from bot.index.bm25 import Index

    sentence = " ".join(words) or "-"
    query = analyze("How many plans did Mexico have?", Index.from_texts("Mexico has a plan."))
    found = candidates(sentence, query, Ranking(0.5, 1.0, 0.2))
    assert np.isfinite(found.X).all()
    rule = found.rule[:2] if found.rule else None
    for s, e in found.spans:
        assert 0 <= s < e <= len(sentence)
        assert (s, e) == rule or len(sentence[s:e].split()) <= MAX_TOKENS + sentence[s:e].count(",")


def test_expected_short_answers_on_the_bundled_article(article_index):
    for question, expected in [
        ("Who did Carney meet in Mexico?", "Claudia Sheinbaum"),
        ("who is the canadian pm", "Mark Carney"),
        ("How long does the action plan run?", "three years"),
        ("how many pillars does the plan have", "four"),
        ("when did carney last visit mexico", "eight years"),
    ]:
        ans = qa.answer(question, article_index)
        assert expected in (ans.short_answer or ""), (question, ans.short_answer)
        assert len(ans.short_answer.split()) <= len(expected.split()) + 2, ans.short_answer


def test_a_sure_short_answer_is_announced():
    from bot.index.bm25 import Index

    index = Index.from_texts(("ferry.txt", "The harbour ferry was retired in 1998. Its last captain was Ines Duarte."))
    for question, expected in [("who was the last captain?", "Ines Duarte"), ("when was the ferry retired?", "1998")]:
        ans = qa.answer(question, index)
        assert ans.short_answer == expected and ans.short_sure, (question, ans.short_answer, ans.short_confidence)
        assert render.format_answer(ans, render.Style(False)).startswith(f"Answer: {expected}\n")


@pytest.mark.xfail(
    reason="known miss since the short-answer model learned from one-sentence texts too (2026-12-03): "
    "the whole range '2025–2028' 0.252 against '2028' 0.217, both far under the bar (0.605), so "
    "no 'Answer:' line is shown; the main models before had it 0.216 against 0.215",
    strict=True,
)
def test_one_end_of_a_year_range(article_index):
    # the rules' pick of one end of "2025–2028" reaches the model as a feature (a known miss from
    # 2026-12-01 to the models of 2026-12-02's fifth session: the model picked '2025')
    assert qa.answer("When does the plan end?", article_index).short_answer == "2028"


def test_an_unsure_short_answer_is_not_announced_but_scripts_get_it(article_index):
    ans = qa.answer("What does Mexico want to learn from Canada?", article_index)
    assert ans.answered and ans.short_answer and not ans.short_sure
    assert ans.short_confidence < short.threshold(short.shipped_model())
    plain = render.format_answer(ans, render.Style(False))
    assert not plain.startswith("Answer:") and plain.splitlines()[0].startswith("Sheinbaum, for her part")
    colour = render.format_answer(ans, render.Style(True))
    assert "\x1b[1;33m" not in colour  # nothing emphasised that the model doubts
    out = ans.to_dict()
    assert out["short_answer"] == ans.short_answer and out["short_confidence"] == round(ans.short_confidence, 3)


def test_json_carries_the_short_confidence(run):
    r = run("ask", "--json", "Who did Carney meet in Mexico?")
    out = json.loads(r.stdout)
    assert "Claudia Sheinbaum" in out["short_answer"] and 0.0 < out["short_confidence"] <= 1.0


def test_no_short_answer_for_a_yes_no_question(article_index):
    ans = qa.answer("Did Carney visit Mexico?", article_index)
    assert ans.short_answer is None and ans.short_confidence == 0.0


def test_the_model_picks_among_the_candidates(query_of):
    sentence = "About 88 wolves were counted in 2019, up from 17 in 2010."
    picked = choose(sentence, query_of("How many wolves were counted in 2019?", sentence))
    assert picked is not None and sentence[picked.start : picked.end] in ("88", "About 88")
    assert 0.0 <= picked.probability <= 1.0


def test_a_one_sentence_text_is_no_tie():
    """A ranking of one sentence has no runner-up: its lead over none reads 0, as a tie does,
    and the model learns the difference from questions asked of their sentence alone (before
    that, a fact of one line never got its "Answer:": 'when was blagger published' read 0.63
    sure of "1983" alone, 0.85 with an unrelated sentence beside it)."""
    from bot.index.bm25 import Index

    fact = "Blagger was published by Alligata in 1983."
    for question, expected in [
        ("when was blagger published", "1983"),
        ("who published blagger?", "Alligata"),
        ("The publisher that published Blagger is what?", "Alligata"),
    ]:
        alone = qa.answer(question, Index.from_texts(fact))
        assert alone.ranking is not None and alone.ranking.alone
        assert alone.short_answer == expected and alone.short_sure, (question, alone.short_confidence)
        beside = qa.answer(question, Index.from_texts(fact + "\n\nThe weather was mild that year."))
        assert beside.ranking is not None and not beside.ranking.alone
