import pytest

from bot.answering import phrases
from bot.language import analysis
from bot.language.questions import kind_of_question, wh_noun


@pytest.mark.parametrize(
    "sentence,question,expected",
    [
        # the run of new words right after the question's words
        (
            "Connection-oriented transmission requires a setup phase in each node.",
            "What does connection-oriented transmission require?",
            "setup phase in each node",
        ),
        # "what type of X": the modifier together with the noun
        (
            "In toy engines the heat source can be an electric heating element.",
            "What type of heating element do toy engines use?",
            "electric heating",
        ),
        (
            "Administrative law binds the institutions of the union.",
            "Which type of law binds the institutions?",
            "Administrative law",
        ),
        # a list the phrase opens is kept whole
        (
            "The leaders held talks on security, trade, and climate change.",
            "What did the leaders hold talks on?",
            "security, trade, and climate change",
        ),
        # a reporting verb is never the answer
        ('"We agreed on closer cooperation," Carney added.', "What did Carney agree on?", "closer cooperation"),
    ],
)
def test_phrase_answers(sentence, question, expected, span):
    assert span(sentence, kind_of_question(question), question) == expected


@pytest.mark.parametrize("kind", ["yesno", "reason", "manner", "other"])
def test_no_phrase_answer_for_clauses(kind, span):
    # yes/no, why and how want a clause or a verdict, bare keywords no phrase at all
    assert span("Leaders held talks on security and trade.", kind, "talks leaders") is None


def test_no_phrase_answer_for_what_was_said(span):
    s = '"There are cartels from one country in the other," Carney said.'
    assert span(s, "what", "What did Carney say about cartels?") is None
    assert span(s, "what", "what does carney think about cartels") is None
    # ...but a question about something inside what was said still gets its phrase
    s2 = "The court said that Mr Steymann was entitled to stay."
    assert span(s2, "what", "What did the court say Steymann was entitled to?") == "stay"


def test_a_list_answer_does_not_end_on_a_function_word(span):
    s = "The leaders held talks on security, trade, and issues of, among others, energy."
    assert span(s, "what", "What did the leaders hold talks on?") == "security, trade, and issues"


@pytest.mark.parametrize(
    "sentence, question, expected",
    [
        (
            "They work in areas such as agriculture, energy and health.",
            "Which areas?",
            "agriculture, energy and health",
        ),
        (
            "They fight drug trafficking, particularly the flow of fentanyl across North America.",
            "Which drug is mentioned?",
            "flow of fentanyl",
        ),
        ("Several countries, including Chile and Peru, signed it.", "What countries signed?", "Chile and Peru"),
        ("Crops like maize grow there.", "what crops grow there", "maize"),
        # no example pattern, or the cue belongs to another noun
        ("They work in many areas of the economy.", "Which areas?", None),
        ("The areas were chosen after long talks with farmers, such as Ana.", "Which areas?", None),
    ],
)
def test_examples_of_the_asked_noun(sentence, question, expected):
    span = phrases.examples_of(sentence, wh_noun(question), set(analysis.terms(question)))
    assert (sentence[span[0] : span[1]] if span else None) == expected


@pytest.mark.parametrize(
    "sentence, question",
    [
        ("They visited cities such as Lyon and Nantes.", "Which city did they visit?"),
        ("Several wars, including the Thirty Years War, followed.", "Which war followed?"),
    ],
)
def test_examples_of_short_and_irregular_nouns(sentence, question):
    assert phrases.examples_of(sentence, wh_noun(question)) is not None


def test_a_list_of_examples_runs_up_to_the_questions_verb():
    s = "Large customers including Microsoft, Google and Amazon design their own chips."
    q = "Which customers design their own chips?"
    got = phrases.examples_of(s, wh_noun(q), set(analysis.terms(q)))
    assert got and s[got[0] : got[1]] == "Microsoft, Google and Amazon"


def test_a_phrase_answer_follows_the_questions_verb(span):
    s = "Analysts polled by LSEG had expected total revenue of $33.2 billion."
    q = "What did analysts expect?"
    assert span(s, kind_of_question(q), q) == "total revenue of $33.2 billion"


def test_a_quotation_mark_does_not_cut_the_answer_from_its_verb(span):
    s = (
        'According to a statement from the Mexican government, the plan is based on "four pillars that '
        'reflect shared priorities: prosperity and security."'
    )
    assert span(s, "what", "What is the plan based on?") == "four pillars that reflect shared priorities"


def test_named_examples_stop_where_the_names_do():
    s = "The results come as rivals such as AMD and Intel race to build competing accelerators."
    q = "Which rivals are mentioned?"
    got = phrases.examples_of(s, wh_noun(q), set(analysis.terms(q)))
    assert got and s[got[0] : got[1]] == "AMD and Intel"


@pytest.mark.parametrize("sentence", ["Prices will change, including", "Everything must change such as", "change like"])
def test_a_cue_at_the_end_of_a_sentence_gives_no_examples(sentence):
    # found by tests/fuzz.py: a cue word with nothing after it
    assert phrases.examples_of(sentence, wh_noun("what change?"), set(analysis.terms("what change?"))) is None
