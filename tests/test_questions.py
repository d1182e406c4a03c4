import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.language.questions import Kind, WhoMode, kind_of_question, normalize_wh, read, who_mode


@pytest.mark.parametrize(
    "q,kind",
    [
        ("Who met Sheinbaum?", "person"),
        ("When was the visit?", "date"),
        ("What year did it end?", "date"),
        ("How many pillars are there?", "number"),
        ("How long does the plan run?", "duration"),
        ("Where did they meet?", "place"),
        ("Which country hosted?", "place"),
        ("Why?", "reason"),
        ("What is the plan called?", "name"),
        ("Is it signed?", "yesno"),
        ("cartels", "other"),
        ("Which drug crosses the border?", "entity"),
        # a clause first: the question is its last part
        ("When the input is sorted in reverse, what case is this?", "entity"),
        ("When American makers rolled out their own trucks, which policy ended?", "entity"),
        ("Where the river bends, how deep is it?", "number"),
        ("When did the war end, and what followed?", "date"),
        ("when did it end, then", "date"),
    ],
)
def test_kind_of_question(q, kind):
    assert kind_of_question(q) == kind


def test_who_mode():
    assert who_mode("Who is the prime minister?") == "identity"
    assert who_mode("Who did Carney meet?") == "object"
    assert who_mode("Who confirmed the plan?") == "subject"


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("whos the climate minister", "who is the climate minister"),
        ("Whats the plan?", "What is the plan?"),
        ("wat did siemons say", "what did siemons say"),
        ("hw many pillars", "how many pillars"),
        ("whn was it signed", "when was it signed"),
        # not a wh-word typo: the next word does not follow wh-words, or the word is a stopword
        ("hot water", "hot water"),
        ("were is it", "were is it"),
        ("who is x", "who is x"),
    ],
)
def test_wh_words_as_meant(typed, meant):
    assert normalize_wh(typed) == meant


def test_a_word_of_the_knowledge_is_not_taken_for_a_wh_word_typo():
    assert normalize_wh("hot is the weather", {"hot"}) == "hot is the weather"
    assert normalize_wh("hot is the weather") == "how is the weather"


@pytest.mark.parametrize(
    "q",
    [
        "How strong was the earthquake?",
        "how powerful was the storm",
        "What was the depth of the quake?",
        "whats the population of the town",
    ],
)
def test_measure_questions_ask_for_a_number(q):
    assert kind_of_question(normalize_wh(q)) == "number"


def test_what_before_a_verb_asks_for_a_phrase_not_a_name():
    assert kind_of_question("What happened in 2010?") == "what"
    assert kind_of_question("What caused the crisis?") == "what"
    assert kind_of_question("What treaty was signed?") == "entity"


@pytest.mark.parametrize("question", ["What is it?", "what are they?", "which one?", "who met her?", "how?", "is it?"])
def test_the_kind_of_a_question_is_always_a_kind(question):
    # "what is it?" returned the string "what": equal to Kind.WHAT, but not a Kind
    assert type(kind_of_question(question)) is Kind
    assert type(read(question).who_mode) is WhoMode


@given(st.text(max_size=80))
def test_any_text_reads_as_a_kind(text):
    assert type(kind_of_question(text)) is Kind
