"""Names in text, and whom a text calls he or she."""

import pytest

from bot.answering.names import (
    bare,
    gender_in,
    is_demonym,
    main_person,
    may_be_meant,
    means_another,
    means_person,
    names_in,
    people,
    personal,
    pronoun_gender,
)
from bot.index.bm25 import Index
from bot.language.questions import Gender

STORY = (
    "Mexican President Claudia Sheinbaum met Canadian Prime Minister Mark Carney on Thursday. "
    "Sheinbaum said she welcomed the plan. Carney said he would return next year. "
    "Sheinbaum added that her government would cooperate."
)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("The Mexican President Claudia Sheinbaum's", "Claudia Sheinbaum"),
        ("Prime Minister Mark Carney", "Mark Carney"),
        ("Carney", "Carney"),
    ],
)
def test_a_name_is_bare_of_titles_articles_and_possessives(name, expected):
    assert bare(name) == expected


def test_names_in_a_text_in_order_and_not_the_first_capital():
    assert names_in("Who met Claudia Sheinbaum in Mexico City?") == ["Claudia Sheinbaum", "Mexico City"]


def test_a_news_datelines_place_is_no_name():
    # "he" in a CNN story was read as "Los Angeles", its dateline (CoQA)
    text = "Los Angeles (CNN) -- A man convicted of stalking singer Madonna was arrested."
    assert names_in(text, skip_first=False) == ["CNN", "Madonna"]
    assert names_in("WASHINGTON (AP) — President Joe Biden spoke.", skip_first=False) == ["AP", "Joe Biden"]
    both = ["Mark Carney", "Claudia Sheinbaum"]
    assert names_in("Mark Carney (left) met Claudia Sheinbaum.", skip_first=False) == both


def test_nationality_adjectives():
    assert is_demonym("mexican") and is_demonym("dutch") and not is_demonym("mexico")
    assert not is_demonym("giuliani", i_ending=False)


def test_whom_the_text_calls_he_or_she():
    index = Index.from_texts(STORY)
    assert gender_in("Claudia Sheinbaum", index) == Gender.SHE
    assert gender_in("Mark Carney", index) == Gender.HE
    assert gender_in("Thursday", index) is None


def test_the_person_a_story_is_about_for_a_pronoun_nobody_explained():
    index = Index.from_texts(STORY)
    assert main_person(index, 0, Gender.SHE) == "Claudia Sheinbaum"
    assert main_person(index, 0, Gender.HE) == "Mark Carney"


def test_the_people_a_story_names_in_full_by_their_last_names():
    # Mexico, which a sentence of hers names, is not named in full: no person
    index = Index.from_texts(STORY + " Mexico said it would sign.")
    assert people(index, 0) == frozenset({"sheinbaum", "carney"})
    assert people(Index.from_texts("The plant opened in May."), 0) == frozenset()


def test_a_pronoun_means_a_name_in_full_or_a_last_name_of_one_not_a_place_called_her():
    index = Index.from_texts(STORY + " Mexico said she would sign for her.")
    assert gender_in("Mexico", index) == Gender.SHE  # what the pronouns alone say
    assert not may_be_meant("Mexico", index, {0})
    assert may_be_meant("Claudia Sheinbaum", index, {0}) and may_be_meant("Sheinbaum", index, {0})
    assert not may_be_meant("Sheinbaum", index, set())  # no document of the conversation names her


def test_whom_a_sentence_means_when_a_question_says_she():
    index = Index.from_texts(STORY)
    her = (("claudia", "sheinbaum"), Gender.SHE)
    # 0 names both, 1 is hers, 2 is his (by name and by "he"), 3 is hers by name and "her"
    assert [means_person(index, sid, *her) for sid in range(4)] == [True, True, False, True]
    assert [means_another(index, sid, *her) for sid in range(4)] == [True, False, True, False]
    him = (("mark", "carney"), Gender.HE)
    assert [means_another(index, sid, *him) for sid in range(4)] == [True, True, False, True]


@pytest.mark.parametrize(
    "words, gender", [(["what", "did", "he", "say"], Gender.HE), (["her", "plan"], Gender.SHE), (["the", "plan"], None)]
)
def test_the_pronoun_a_question_uses(words, gender):
    assert pronoun_gender(words) == gender


@pytest.mark.parametrize(
    "name, person",
    [
        ("Claudia Sheinbaum", True),
        ("Lee Jun-ho", True),
        ("O'Neill", True),
        ("SAG", False),
        ("NATO", False),
        ("NEW YORK", False),
        ("Dennis Rodman", True),
        ("Ken Cuccinelli", True),
    ],
)
def test_a_person_is_not_an_acronym(name, person):
    assert personal(name) is person
