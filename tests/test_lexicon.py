"""What a question's word may be in the knowledge: typos, derived forms, compounds."""

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.answering.lexicon import ACCENT_MIN_LEN, TYPO_MIN_LEN, lexicon
from bot.answering.query import KNOWN_DOCUMENTS, fix_function_words, fix_typos, spell_out_acronyms
from bot.answering.rarity import general
from bot.index.bm25 import Index
from bot.language.analysis import edit_distance, stem, unaccented
from bot.language.wordlists import STOPWORDS

TEXT = (
    "Mexico and Canada agreed on cybersecurity cooperation. The invasion was condemned. "
    "Mexican officials met Canadian officials in Mexico City. The cyber teams share security tools."
)


@pytest.fixture(scope="module")
def lex():
    return lexicon(Index.from_texts(TEXT))


def test_a_typo_is_fixed_to_a_word_of_the_text(lex):
    assert lex.near("offcials") == "offici"
    assert lex.near("cooperaton") == "cooper"


def test_a_short_word_is_never_taken_for_a_typo(lex):
    assert lex.near("met"[: TYPO_MIN_LEN - 1]) is None
    assert lex.near("mexic0") is None  # not a word


def test_derived_and_prefixed_forms_come_from_the_text(lex):
    assert "invas" in lex.related("invad")  # invade / invasion
    assert "mexico" in lex.related("mexican")
    assert lex.related("mex") == []


def test_a_compound_splits_only_into_words_of_the_text(lex):
    assert lex.split_compound("cybersecurity") == ["cyber", "secur"]
    assert lex.split_compound("houseboat") == []


def test_the_lexicon_is_built_once_per_index():
    index = Index.from_texts(TEXT)
    assert lexicon(index) is lexicon(index)
    assert lexicon(Index.from_texts(TEXT)) is not lexicon(index)


_letters = st.sampled_from(list("aeinrst") + ["é", "ü"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(_letters, min_size=3, max_size=8), min_size=1, max_size=30),
    st.text(_letters, min_size=5, max_size=9),
)
def test_typo_neighbours_are_every_word_of_the_text_one_edit_away(words, typo):
    index = Index.from_texts(" ".join(words) + ".")
    lex = lexicon(index)
    near = {index.surface[w] for w in index.surface if w.isalpha() and len(w) >= 3 and edit_distance(typo, w, 1) <= 1}
    assert lex.near(typo) == (max(sorted(near), key=lex.df) if near else None)


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("when was teh visit", "when was the visit"),
        ("Waht is the action plan?", "What is the action plan?"),
        ("whta did she say", "what did she say"),
        ("iwth whom did he meet", "with whom did he meet"),
    ],
)
def test_a_function_word_with_two_letters_swapped_is_read_as_meant(article_index, typed, meant):
    from bot.answering.qa import answer

    vocab = lexicon(article_index).vocab
    assert fix_function_words(typed, vocab) == meant
    a, b = answer(typed, article_index), answer(meant, article_index)
    assert (a.answered, a.message, a.sentence_ids) == (b.answered, b.message, b.sentence_ids)


@pytest.mark.parametrize(
    "typed",
    [
        "hwo did carney meet",  # "how" or "who": left as typed
        "tow trucks and a dose",  # English words
        "what did Sheinbaum say",  # a word of the knowledge
    ],
)
def test_a_word_english_or_the_knowledge_knows_is_never_taken_for_a_swap(article_index, typed):
    assert fix_function_words(typed, lexicon(article_index).vocab) == typed


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzTEH ?'", max_size=40))
def test_fixing_swaps_only_reorders_letters_into_stopwords_once(article_index, text):
    vocab = lexicon(article_index).vocab
    fixed = fix_function_words(text, vocab)
    assert len(fixed) == len(text) and sorted(fixed.lower()) == sorted(text.lower())
    for was, now in zip(re.split("[^A-Za-z]+", text), re.split("[^A-Za-z]+", fixed)):
        assert was == now or now.lower() in STOPWORDS
    assert fix_function_words(fixed, vocab) == fixed


def test_a_typo_the_text_does_not_write_is_respelled_as_a_form_of_its_word(lex):
    assert lex.respelled("offcials") == "officials"  # a word of the text
    assert lex.respelled("secrity") == "security"
    assert lex.respelled("invsion") == "invasion"
    assert lex.respelled("condmen") == "condemn"  # "condemned" is in the text, "condemn" is not
    assert lex.respelled("zebras") is None
    other = lexicon(Index.from_texts("She attended the talks, which caused delays."))
    assert other.respelled("atetnding") == "attending"  # "attend" one edit from "atetnd"
    assert other.respelled("casue") == "cause"  # "caus" one edit from "casu"


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("what did sheinbuam confirm", "what did sheinbaum confirm"),
        ("What did Carney say about the crtels?", "What did Carney say about the cartels?"),
        ("what is the MEXCIO-Canada action plan", "what is the MEXICO-Canada action plan"),
        ("how do they combat drug trafifcking", "how do they combat drug trafficking"),
        ("what did Sheinbuam's government say", "what did Sheinbaum's government say"),
    ],
)
def test_a_content_word_typed_with_a_typo_is_read_as_the_word_of_the_knowledge(article_index, typed, meant):
    from bot.answering.qa import answer

    assert fix_typos(typed, lexicon(article_index)) == meant
    a, b = answer(typed, article_index), answer(meant, article_index)
    assert (a.answered, a.message, a.sentence_ids) == (b.answered, b.message, b.sentence_ids)


@pytest.mark.parametrize(
    "typed",
    [
        "what did Sheinbaum say about the plan",  # words of the knowledge
        "what is the population of antigua",  # English words the knowledge lacks
        "who is Zyxwvu",  # nothing of the knowledge one edit away
    ],
)
def test_a_word_english_or_the_knowledge_knows_is_never_taken_for_a_typo(article_index, typed):
    assert fix_typos(typed, lexicon(article_index)) == typed


def test_a_word_english_spells_is_not_taken_for_a_typo_of_a_word_of_the_text():
    lex = lexicon(Index.from_texts("He kept saying that the deal was signed."))
    assert lex.spelled("slaying") == "saying"  # one edit away: the query may still find it
    for typed in ("who was charged with the slaying", "who is the signer"):
        assert fix_typos(typed, lex) == typed
    assert fix_typos("who was charged with the sayign", lex) == "who was charged with the saying"


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("how are they cooperaitng", "how are they cooperating"),  # the text says "cooperate", "cooperation"
        ("what are they fihgting", "what are they fighting"),  # ... "fight"
        ("what did they discsus", "what did they discuss"),  # ... "discussed"
        ("what happneed at the meeting", "what happened at the meeting"),  # a word questions are phrased with
    ],
)
def test_a_typo_of_an_english_word_the_text_answers_to_is_read_as_that_word(article_index, typed, meant):
    from bot.answering.qa import answer

    assert fix_typos(typed, lexicon(article_index)) == meant
    a, b = answer(typed, article_index), answer(meant, article_index)
    assert (a.answered, a.message, a.sentence_ids) == (b.answered, b.message, b.sentence_ids)


def test_a_typo_of_an_english_word_the_text_does_not_answer_to_stays_as_typed():
    lex = lexicon(Index.from_texts("The bridge reopened after a repair, since a truck crashed into it."))
    assert fix_typos("how srtong is the bridge", lex) == "how srtong is the bridge"  # "strong": not in the text
    assert fix_typos("what did the repiar cost", lex) == "what did the repair cost"  # a word of the text
    assert fix_typos("what was crasihng into it", lex) == "what was crashing into it"  # English, its term the text's
    # the commonest of several: both "repairs" and "repaid" are one edit from "repaird"; only one is the text's
    assert lex.in_english("repaird", lambda w: w in {"repairs", "repaid"}, lambda t: 1) == "repairs"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzMC", min_size=1, max_size=11), max_size=6))
def test_a_typo_fix_changes_only_unknown_words_each_by_one_edit(article_index, words):
    lex = lexicon(article_index)
    text = " ".join(words)
    fixed = fix_typos(text, lex)
    rarity = general()
    for was, now in zip(text.split(" "), fixed.split(" ")):
        if was != now and unaccented(now.lower()) == was.lower():
            assert len(was) >= ACCENT_MIN_LEN and now.lower() in lex.surface  # its accents, as the text writes it
        elif was != now:
            assert len(was) >= 5 and stem(was.lower()) not in lex.vocab
            assert rarity.holding(stem(was.lower())) < KNOWN_DOCUMENTS and not rarity.knows(was.lower())
            assert edit_distance(was.lower(), now.lower(), 1) <= 1 or (
                was.lower().endswith("s") and edit_distance(was.lower()[:-1], now.lower()[:-1], 1) <= 1
            )
            assert stem(now.lower()) in lex.vocab
    assert fix_typos(fixed, lex) == fixed


def test_a_word_too_long_to_be_a_typo_is_left_at_once(lex):
    assert lex.respelled("a" * 100_000) is None
    assert fix_typos("what is " + "b" * 100_000, lex) == "what is " + "b" * 100_000


ACCENTED = (
    "São Paulo is the largest city of Brazil. Ségolène Royal ran for president. Richard's fiancée was Berengaria."
)


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("how big is sao paulo", "how big is são paulo"),  # a short word: not a typo, its accent left out
        ("who is Segolene Royal", "who is Ségolène Royal"),  # two accents left out, two edits
        ("who was richards fiacnee", "who was richards fiancée"),  # an accent left out and a typo
        ("WHO WAS RICHARDS FIANCEE", "WHO WAS RICHARDS FIANCÉE"),
    ],
)
def test_a_word_typed_without_its_accents_is_read_as_the_text_writes_it(typed, meant):
    lex = lexicon(Index.from_texts(ACCENTED))
    assert fix_typos(typed, lex) == meant


def test_a_word_the_text_writes_without_accents_too_is_left_as_typed():
    lex = lexicon(Index.from_texts("The café was closed. A cafe opened next door."))
    assert fix_typos("when did the cafe open", lex) == "when did the cafe open"
    assert lex.accented("cafe") is None  # the text writes it so itself
    assert lex.accented("caf") is None and lex.accented("a") is None


def test_an_answer_does_not_depend_on_the_accents_typed():
    from bot.answering.qa import answer

    index = Index.from_texts(ACCENTED)
    for typed, meant in [("Who was Segolene?", "Who was Ségolène?"), ("what is sao paulo", "what is são paulo")]:
        a, b = answer(typed, index), answer(meant, index)
        assert a.answered and (a.answered, a.sentence_ids, a.confidence) == (b.answered, b.sentence_ids, b.confidence)


_NAMES = ["Zoë", "Ségolène", "São", "Gdańsk", "Jumièges", "Ålesund", "Rély", "Kücükdeveci", "Montréal", "Bogotá"]
_FILLER = ["visited", "the", "harbour", "in", "spring", "and", "met", "officials", "there", "river"]


@pytest.mark.parametrize("text_accented", [True, False], ids=["text with accents", "text without"])
@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_NAMES + _FILLER), min_size=3, max_size=9), min_size=2, max_size=6), st.data())
def test_a_question_is_answered_the_same_with_or_without_accents(text_accented, sentences, data):
    """Typed without the accents the text writes, or with accents it leaves out, a name of the
    text is read as the text writes it (a name it lacks is read as typed)."""
    from bot.answering.qa import answer

    named = sorted({w for s in sentences for w in s if w in _NAMES})
    assume(named)
    asked = data.draw(st.lists(st.sampled_from(named), min_size=1, max_size=3))
    text = " ".join(" ".join(s).capitalize() + "." for s in sentences)
    index = Index.from_texts(text if text_accented else unaccented(text))
    question = "Who visited " + " and ".join(asked) + "?"
    a, b = answer(question, index), answer(unaccented(question), index)
    assert (a.answered, a.sentence_ids, a.confidence) == (b.answered, b.sentence_ids, b.confidence)


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("who is Ségolène Royal", "who is Segolene Royal"),  # two accents the text leaves out: not one edit
        ("where is Bogotá", "where is Bogota"),
        ("what is sâo paulo", "what is são paulo"),  # another accent than the text's
        ("is the café open", "is the café open"),  # the text writes it so too
        ("when did Royal run", "when did Royal run"),
    ],
)
def test_a_word_typed_with_accents_the_text_leaves_out_is_read_as_the_text_writes_it(typed, meant):
    text = "Segolene Royal ran for president in 2007 from Bogota. São Paulo has a café. A cafe."
    lex = lexicon(Index.from_texts(text))
    assert fix_typos(typed, lex) == meant


def test_an_answer_does_not_depend_on_accents_the_text_leaves_out():
    from bot.answering.qa import answer

    index = Index.from_texts(unaccented(ACCENTED))
    for typed in ["Who was Ségolène?", "what is são paulo"]:
        a, b = answer(typed, index), answer(unaccented(typed), index)
        assert a.answered and (a.answered, a.sentence_ids, a.confidence) == (b.answered, b.sentence_ids, b.confidence)


ACRONYMS_TEXT = (
    "The United States-Mexico-Canada Agreement replaced the old deal in 2020. Its review is due in 2026. "
    "The Organization of the Petroleum Exporting Countries met in Vienna. Prices rose after the meeting. "
    "World War II ended in 1945. World War I ended in 1918. After World War II the league grew.\n"
    "New York City has five boroughs. The city council met in New\nYork Hall. "
    "The Centers for Disease Control said so. The city feared Admiral Bradley A. Bell."
)


@pytest.fixture(scope="module")
def acronyms():
    return lexicon(Index.from_texts(ACRONYMS_TEXT))


@pytest.mark.parametrize(
    "acronym, phrase",
    [
        ("USMCA", "United States-Mexico-Canada Agreement"),  # a hyphenated word's parts give initials
        ("OPEC", "Organization of the Petroleum Exporting Countries"),  # small words between give none
        ("NYC", "New York City"),
        ("WWI", "World War I"),  # "World War II" is not it, though more common: "II" gives no initial
        ("NYH", None),  # "New" and "York Hall" are on two lines
        ("TCF", None),  # a sentence's first words: "The" is capitalised for opening it
        ("ABA", None),  # "Admiral Bradley A.": a letter alone is an initial, not a word
        ("UNHCR", None),
    ],
)
def test_an_acronym_is_read_as_the_phrase_of_the_knowledge_it_spells(acronyms, acronym, phrase):
    assert acronyms.spelled_out(acronym) == phrase


def test_of_several_phrases_an_acronym_spells_the_commonest_is_read():
    lex = lexicon(Index.from_texts("The Port Authority met. Pedro Alvarez spoke. The Port Authority voted."))
    assert lex.spelled_out("PA") == "Port Authority"


@pytest.mark.parametrize(
    "typed, read",
    [
        ("when is the USMCA review due?", "when is the United States-Mexico-Canada Agreement review due?"),
        ("when is the usmca review due?", "when is the United States-Mexico-Canada Agreement review due?"),
        ("where did OPEC meet?", "where did Organization of the Petroleum Exporting Countries meet?"),
        ("how many boroughs does nyc have", "how many boroughs does New York City have"),
        ("when did WWI end?", "when did World War I end?"),
        ("WHEN DID NYC GROW?", "WHEN DID NYC GROW?"),  # typed in capitals throughout: its capitals say nothing
        ("what did the UNHCR say?", "what did the UNHCR say?"),  # the knowledge spells it nowhere
        ("who is the city's CEO?", "who is the city's CEO?"),  # wordlists.ACRONYMS reads it on both sides
        ("what did Henry VIII do?", "what did Henry VIII do?"),  # a Roman numeral
        ("what did the CDC say?", "what did the Centers for Disease Control say?"),  # not one, though its letters are
        ("what did the new york cat do?", "what did the new york cat do?"),  # a word English knows
    ],
)
def test_an_acronym_the_knowledge_does_not_write_is_read_as_the_phrase_it_spells(acronyms, typed, read):
    assert spell_out_acronyms(typed, acronyms) == read


def test_an_acronym_the_knowledge_writes_is_read_as_it_writes_it():
    lex = lexicon(Index.from_texts("The Federal Bureau of Investigation, the FBI, opened an office."))
    assert spell_out_acronyms("what did the FBI open?", lex) == "what did the FBI open?"
    assert spell_out_acronyms("what did the FBIs open?", lex) == "what did the FBI open?"  # the text's singular


_CAPITALISED = ["Harbour", "Northern", "Ferry", "Council", "Maritime", "Board", "Western", "Railway", "Trust"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_CAPITALISED), min_size=3, max_size=5, unique=True))
def test_the_phrase_an_acronym_stands_for_is_found_wherever_the_text_writes_it(phrase):
    """A phrase of capitalised words, written once in a text that holds no other capitalised
    word: its initials are read as it, in capitals, or in lower case when English's word list
    lacks them."""
    name = " ".join(phrase)
    acronym = "".join(w[0] for w in phrase)
    lex = lexicon(Index.from_texts(f"last spring the {name} sold its boats. nothing else was sold."))
    assert lex.spelled_out(acronym) == name
    assert spell_out_acronyms(f"what did the {acronym} sell?", lex) == f"what did the {name} sell?"
    if not general().knows(acronym.lower()):  # "bmw" is a word English's word list knows
        assert spell_out_acronyms(f"what did the {acronym.lower()} sell?", lex) == f"what did the {name} sell?"


def test_an_acronym_no_phrase_of_the_knowledge_spells_is_not_answered_with_the_words_it_might_stand_for(
    article_index,
):
    """ "USMCA" of the bundled article, which holds "Mexico" and "Canada" but never the
    agreement: once read as five words the list gave it, four of them in the text, and answered
    with the sentence on cartels."""
    from bot.answering.qa import answer

    for typed in ("USMCA", "what about the usmca?"):
        a = answer(typed, article_index)
        assert not a.answered and a.message and "usmca" in a.message, a
