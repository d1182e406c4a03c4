"""Answer, hedge or refuse: the evidence model's verdict, and the names a question gives that
the knowledge lacks."""

import numpy as np
import pytest

from bot.answering.evidence import EVIDENCE, Abstainer, evidence, judge, missing_names
from bot.answering.query import analyze
from bot.answering.rank import rank
from bot.answering.scorer import default_models


def _verdict(question, index):
    query = analyze(question, index)
    return judge(query, rank(query, index) if query.terms else None, index)


def test_one_row_of_named_evidence_per_question(article_index):
    query = analyze("Who did Carney meet?", article_index)
    row = evidence(query, rank(query, article_index), article_index)
    assert row.shape == (1, len(EVIDENCE)) and np.isfinite(row).all()


def test_the_bars_come_with_the_model_and_hedging_is_below_answering():
    answer_at, hedge_at = Abstainer(default_models().abstain).bars
    assert 0.0 < hedge_at <= answer_at < 1.0


def test_a_question_the_text_answers_is_answered(article_index):
    v = _verdict("How long will the action plan guide joint efforts?", article_index)
    assert v.answer and not v.hedge and 0.0 <= v.probability <= 1.0


@pytest.mark.parametrize("question", ["What is the capital of France?", "How do volcanoes form?"])
def test_an_unrelated_question_is_refused(article_index, question):
    v = _verdict(question, article_index)
    assert not v.answer and not v.hedge


@pytest.mark.parametrize(
    "question, names",
    [
        ("What did Trump say about the plan?", ("trump",)),
        ("what did trump say about the plan?", ()),  # lower case names nothing
        ("WHAT DID TRUMP SAY ABOUT THE PLAN?", ()),  # neither do capitals throughout
    ],
)
def test_names_the_knowledge_lacks_are_those_typed_as_names(article_index, question, names):
    assert missing_names(analyze(question, article_index)) == names
