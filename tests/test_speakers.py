"""Whose words a sentence reports, and the column that weighs them for "what did X say?"."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answering import speakers
from bot.answering.query import Context, analyze
from bot.index.bm25 import Index
from bot.language.questions import Gender

STORY = (
    "Mayor Anna Lopez met Governor Tom Reyes on Monday. "
    "She wants a new bridge. "
    '"We will build the bridge," Lopez said. '
    "Reyes said his state would pay half. "
    "He said the port would open in May. "
    "The bridge will cost two million dollars, she told reporters."
)
N = 6


def _said(index, sid):
    s = speakers.speakers(index, sid)
    return set(s.terms), set(s.pronouns)


def test_the_speakers_of_a_sentence_are_beside_its_verb_of_saying():
    index = Index.from_texts(STORY)
    assert [_said(index, sid) for sid in range(N)] == [
        (set(), set()),  # no verb of saying
        (set(), set()),  # "she", but saying nothing
        ({"lopez"}, set()),
        ({"rey"}, set()),  # the stem of "Reyes"; "his" is no one speaking
        (set(), {Gender.HE}),
        (set(), {Gender.SHE}),
    ]


def test_the_speaker_column_sets_whom_a_question_names_against_who_speaks():
    index = Index.from_texts(STORY)
    ids = np.arange(N)
    # by name, in lower case as people type: her quotation and her "she told" are hers; his "He said" is not
    hers = speakers.column(analyze("what did lopez say about the bridge?", index), index, ids)
    assert hers.tolist() == [0, 0, 1, -1, -1, 1]
    assert speakers.column(analyze("What did Reyes say?", index), index, ids).tolist() == [0, 0, -1, 1, 1, -1]


def test_a_pronoun_in_a_conversation_means_whom_the_chat_explained():
    index = Index.from_texts(STORY)
    her = Context(turns=({"lopez": 1.0},), person=(("anna", "lopez"), Gender.SHE))
    column = speakers.column(analyze("what did she say?", index, her), index, np.arange(N))
    assert column.tolist() == [0, 0, 1, -1, -1, 1]


@pytest.mark.parametrize("question", ["who met reyes?", "How much will the bridge cost?", "what did the state say?"])
def test_no_speaker_column_without_someone_s_words_asked(question):
    index = Index.from_texts(STORY)
    assert not speakers.column(analyze(question, index), index, np.arange(N)).any()


def test_the_bundled_article_s_quotations_are_carney_s_and_sheinbaum_s(article_index):
    column = speakers.column(
        analyze("what did carney say about fentanyl?", article_index),
        article_index,
        np.arange(len(article_index.corpus.sentences)),
    )
    plain = [article_index.corpus.plain(s) for s in article_index.corpus.sentences]
    assert all("Carney" in plain[i] or plain[i].startswith("He said") for i in np.flatnonzero(column > 0))
    assert [plain[i] for i in np.flatnonzero(column < 0)] == [p for p in plain if p.endswith("she said.")]


@given(st.text(max_size=200))
def test_the_column_is_one_value_of_three_for_any_text(text):
    index = Index.from_texts(STORY + " " + text)
    ids = np.arange(len(index.corpus.sentences))
    column = speakers.column(analyze("what did lopez say?", index), index, ids)
    assert set(column.tolist()) <= {-1.0, 0.0, 1.0} and len(column) == len(ids)
