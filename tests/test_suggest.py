"""The chat's first suggestions: questions the knowledge answers, or none (issue 19 item 6)."""

from __future__ import annotations

import pytest

from bot.chat.suggest import example_questions
from bot.index.bm25 import Index

# Written for this test: a person the text calls "she", a nationality before a name, a region,
# and a film title whose first word reads as a stopword.
STORY = "\n\n".join(
    (
        "Film festival opens with a drought documentary",
        "NAIROBI - The Lakeside Film Festival opened on Friday with a documentary about drought in East Africa.",
        "Its director, Amina Odhiambo, said she spent four years filming herders near Lake Turkana. "
        "Odhiambo said she hoped the film would reach schools.",
        "South Korean actors also attended. A South Korean studio showed a restored print of Once "
        "Upon A Time In Hollywood, and Korean critics praised the festival.",
        "Farmers in East Africa have lost much of their herds since 2020, the film says. Odhiambo "
        "plans a second film about the Rift Valley.",
        "The Lakeside Film Festival runs until Sunday, and organisers expect ten thousand visitors. Once "
        "Upon A Time In Hollywood screens again on Saturday, and Once Upon A Time In Hollywood closes it.",
    )
)


@pytest.fixture(scope="module")
def story():
    return Index.from_texts(("festival.txt", STORY))


def test_suggestions_ask_who_only_of_people(story):
    asked = example_questions(story, n=5)
    assert "Who is Amina Odhiambo?" in asked
    assert not [q for q in asked if q in ("Who is South Korean?", "Who is East Africa?", "Who is South Korean actors?")]
    assert all(not q.startswith("Who is") or "Odhiambo" in q for q in asked), asked


def test_suggestions_name_things_as_the_text_does(story):
    asked = example_questions(story, n=5)
    assert not [q for q in asked if "Upon A Time" in q or "Upon a Time" in q], asked
    assert all(not q.startswith("What is the ") or q[12:-1].lower() in STORY.lower() for q in asked), asked


def test_suggestions_name_no_one_in_lower_case(story):
    asked = example_questions(story, n=5)
    assert [q for q in asked if q.startswith("What does it say about")], asked
    assert not [q for q in asked if "odhiambo" in q or "africa" in q], asked


def test_suggestions_are_answered(story):
    from bot.answering import qa

    for q in example_questions(story, n=5):
        assert qa.answer(q, story, top=1).answered, q


def test_the_bundled_article_suggests_its_people_and_its_plan(article_index):
    asked = example_questions(article_index)
    assert asked[:2] == ["Who is Mark Carney?", "Who is Claudia Sheinbaum?"]
    assert asked[2].startswith("What is the Mexico–Canada Action Plan")
