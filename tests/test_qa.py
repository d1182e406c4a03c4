import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answering import qa, rank
from bot.evaluation.scores import RIGHT_F1, token_f1
from bot.index.bm25 import Index

DATA = json.loads((Path(__file__).parent / "data" / "article_qa.json").read_text(encoding="utf-8"))


def shorts(case):
    s = case.get("short")
    return [s] if isinstance(s, str) else s


def _cases():
    for c in DATA["answerable"]:
        marks = [pytest.mark.xfail(reason=c["known_miss"], strict=True)] if "known_miss" in c else []
        yield pytest.param(c, id=c["q"], marks=marks)


@pytest.mark.parametrize("case", list(_cases()))
def test_article_question(case, article_index):
    ans = qa.answer(case["q"], article_index)
    assert ans.answered, ans.message
    assert any(s in ans.answer for s in case["sentence"]), ans.answer
    if shorts(case):  # right as SQuAD counts it: token F1 of at least 0.5 with an expected answer
        assert max(token_f1(ans.short_answer, [s]) for s in shorts(case)) >= RIGHT_F1, ans.short_answer


@pytest.mark.parametrize("question", DATA["offtopic"])
def test_offtopic_refused(question, article_index):
    ans = qa.answer(question, article_index)
    assert not ans.answered
    assert ans.answer is None and ans.citations == []
    assert re.search("does not|never mentions", ans.message) and "Carney" in ans.message  # and what it is about


@pytest.mark.parametrize(
    "variant",
    [
        "Who did Carney meet in Mexico?",
        "who did carney meet in mexico",
        "WHO DID CARNEY MEET IN MEXICO",
        "who did carney meet in mexico???",
        "Who did Carny meet in Mexcio?",
        "whom did carney meet",
        "hwo did carney meet",
        "woh did carney meet in mexico",
    ],
)
def test_typing_does_not_change_the_answer(variant, article_index):
    ans = qa.answer(variant, article_index)
    clean = qa.answer("Who did Carney meet in Mexico?", article_index)
    assert ans.answered and "Claudia Sheinbaum" in (ans.short_answer or "")
    assert ans.short_answer == clean.short_answer


@pytest.mark.parametrize(
    "clean,typed",
    [
        ("Who did the Canadian PM sit down with?", "who did the canadian pm sit down with"),
        ("What is Mexico's interest?", "what is meexicos interest"),
        ("Who is the president of Mexico?", "whos the president of mexico"),
        ("Who is the Canadian PM?", "who is the canadian pm"),
        ("What did Carney say about cartels?", "wat did carney say about cartels"),
        ("How many pillars does the plan have?", "hw many pillars does the plan have"),
    ],
)
def test_lower_case_acronyms_and_typos_with_a_plural_s(clean, typed, article_index):
    a, b = qa.answer(clean, article_index), qa.answer(typed, article_index)
    assert a.answered and b.answered and a.sentence_ids == b.sentence_ids and a.kind == b.kind
    # what the reader is shown is the same; a short answer the model doubts (not shown) may
    # differ, as the ranking's scores it reads move a little with the typing
    assert (a.short_sure, a.short_sure and a.short_answer) == (b.short_sure, b.short_sure and b.short_answer)


@pytest.mark.parametrize("q", ["", "   ", "?", "the of and", "\x00\x1b[31m"])
def test_empty_and_stopword_questions_refused(q, article_index):
    ans = qa.answer(q, article_index)
    assert not ans.answered and ans.message


def test_citations_are_exact_slices(article_index):
    ans = qa.answer("What did Carney say about cartels?", article_index, top=5)
    corpus = article_index.corpus
    assert [c.rank for c in ans.citations] == list(range(1, len(ans.citations) + 1))
    for c in ans.citations:
        doc = next(d for d in corpus.documents if d.source == c.source)
        assert doc.text[c.start : c.end] == c.text
        assert c.passage >= 1 and c.sentence >= 1


def test_bare_keywords_answer_without_short_answer(article_index):
    ans = qa.answer("carney meet mexico", article_index)
    assert ans.answered and "Claudia Sheinbaum" in ans.answer and ans.short_answer is None


def test_top_controls_citation_count(article_index):
    assert len(qa.answer("Mexico Canada", article_index, top=1).citations) == 1
    assert len(qa.answer("Mexico Canada", article_index, top=5).citations) == 5
    # K is a maximum: only the candidates the question gathers are cited, in the ranker's order
    few = qa.answer("fentanyl", article_index, top=10).citations
    from bot.answering.query import analyze

    ranked = rank.rank(analyze("fentanyl", article_index), article_index)
    assert 1 <= len(few) == min(10, len(ranked.ids)) < len(article_index.corpus.sentences)
    assert "fentanyl" in few[0].text
    assert [c.text for c in few] == [article_index.corpus.sentences[i].text for i in ranked.ids[: len(few)]]


def test_open_quotation_takes_the_next_sentence():
    idx = Index.from_texts(
        'The minister spoke about rivers: "Rivers matter to farmers. '
        'We will protect the rivers," she said. Then the meeting ended.'
    )
    ans = qa.answer("What did the minister say about rivers?", idx)
    assert ans.answered and "protect the rivers" in ans.answer


def test_json_contract(article_index, answer_keys):
    d = qa.answer("Who did Carney meet?", article_index).to_dict()
    assert set(d) == answer_keys
    assert set(d["citations"][0]) == {"rank", "source", "title", "passage", "sentence", "start", "end", "text", "score"}
    assert 0 <= d["confidence"] <= 1


@given(st.text(max_size=300))
def test_any_string_gives_answer_or_refusal(article_index, q):
    ans = qa.answer(q, article_index)
    assert ans.answered in (True, False)
    if ans.answered:
        assert ans.answer and ans.citations
        if ans.short_answer:
            assert ans.short_answer in ans.answer
    else:
        assert ans.message and ans.answer is None and ans.short_answer is None
        if ans.citations:  # a hedge: the closest sentences, said to be uncertain
            assert "Not sure" in ans.message and ans.confidence <= 0.3


def test_a_sentence_that_refers_back_borrows_the_words_before_it():
    import numpy as np

    from bot.answering import candidates, features
    from bot.answering.query import analyze

    idx = Index.from_texts(
        "The European Council gathers the heads of government. It meets every six months. "
        "The Commission meets weekly in Brussels."
    )
    q = "How often does the European Council meet?"
    query = analyze(q, idx)
    cands = candidates.gather(query, idx)
    X = features.compute(query, idx, cands)
    context = dict(zip(cands.ids.tolist(), X[:, features.COLUMN["context"]]))
    assert context[1] > 0  # "It meets ...": the Council is in the sentence before
    assert context[2] == 0 and context[0] == 0  # no referring word, no borrowing
    ans = qa.answer(q, idx)
    assert ans.answered and ans.citations[0].text == "It meets every six months."
    assert np.isfinite([c.score for c in ans.citations]).all()


def test_scores_stay_finite_on_tiny_knowledge():
    # On three sentences most words have a negative BM25 IDF; nothing may blow up.
    import math

    idx = Index.from_texts('The minister spoke about rivers: "Rivers matter. We will protect the rivers," she said.')
    ans = qa.answer("What did the minister say about rivers?", idx)
    assert ans.answered and 0.0 <= ans.confidence <= 1.0
    assert all(math.isfinite(c.score) for c in ans.citations)


def test_verb_and_noun_of_a_latin_pair_meet():
    idx = Index.from_texts(
        "The invasion of the island began at dawn. The decision was made by the council. "
        "Admission to the museum is free. Fishing boats left the harbour early."
    )
    for q, needle in (
        ("What did they invade?", "invasion"),
        ("Who decided?", "decision"),
        ("How much does it cost to be admitted to the museum?", "Admission"),
    ):
        ans = qa.answer(q, idx)
        assert ans.answered and needle in ans.citations[0].text, (q, ans.citations[:1])


def test_common_paraphrases_meet():
    idx = Index.from_texts(
        "The agreement includes work in areas such as farming and energy. The weather was fine today."
    )
    ans = qa.answer("What sectors does the agreement cover?", idx)
    assert ans.answered and "farming" in ans.answer


def test_further_citations_follow_the_rankers_order():
    # After the answer, the citations are the ranker's next best, as it orders them: a sentence
    # sharing no word with the question (1: "It ...") and one repeating the answer (2) are cited
    # where the model puts them, neither held back by a rule.
    import numpy as np

    from bot.answering import features

    # the sentences: "The new plant opened in May in Lyon." "It employs four hundred people."
    # "The new plant opened in May in Lyon, the mayor said." "Workers in Paris started in June."
    X = np.ones((4, len(features.FEATURES)))
    X[1, features.COLUMN["coverage"]] = 0.0
    ranked = rank.Ranked(np.array([0, 1, 2, 3]), np.array([3.0, 2.9, 2.8, 2.7]), X)
    assert qa.see_also(ranked, [0], 3) == [0, 1, 2]
    assert qa.see_also(ranked, [0, 1], 3) == [0, 1, 2]
    assert qa.see_also(ranked, [0], 1) == [0]
    assert qa.see_also(ranked.without(frozenset({2})), [0], 9) == [0, 1, 3]


def test_numbers_as_digits_and_words_meet():
    idx = Index.from_texts(
        "Differences were found in 3 designs. Two differences were found in the first version "
        "of the old design. The network had 12 nodes at first. A network had nodes added later."
    )
    ans = qa.answer("what 2 differences were found", idx)
    assert ans.answered and ans.citations[0].text.startswith("Two differences")
    ans = qa.answer("network with twelve nodes", idx)
    assert ans.answered and "12 nodes" in ans.citations[0].text


def test_how_deep_looks_for_the_depth():
    idx = Index.from_texts(
        "The quake struck near the coast on Sunday. It hit at a depth of 35 kilometres. "
        "Rescue teams reached the town of Talca within hours."
    )
    ans = qa.answer("how deep was it", idx)
    assert ans.answered and "depth" in ans.answer and ans.short_answer == "35 kilometres"


@pytest.mark.xfail(
    strict=True,
    reason="a known miss again with the models of 2026-12-03 (the island's sentence second, 0.82 against 0.98)",
)
def test_how_long_may_ask_for_a_length():
    """A known miss but with the models of 2026-12-02's seventh session to 2026-12-03's first:
    'how long' asks for a duration (the kind column reads time units only) and 6.6% of SQuAD
    train's how-long answers are lengths. Those models put the island's sentence first by a
    narrow margin (1.03 against 0.93 for the opening sentence; 0.90 against 1.37 with the models
    before); the refit of 2026-12-03 (acronyms read as the text spells them) lost it again."""
    idx = Index.from_texts(
        "Conservationists have removed the last feral goats from Redonda, a small island belonging to "
        "Antigua and Barbuda, ending a project that began in 2016.\n\n"
        "The goats, introduced centuries ago by sailors, had stripped the island of vegetation and caused "
        "severe erosion.\n\n"
        "Teams from Fauna & Flora International captured 60 goats and relocated them to Antigua by "
        "helicopter, said project leader Maria Lopez.\n\n"
        "Since the removal, native lizards have increased tenfold and seabird colonies have returned.\n\n"
        "The island, roughly 1.6 kilometres long, is uninhabited and was once mined for guano in the 19th "
        "century."
    )
    ans = qa.answer("how long is the island", idx)
    assert ans.answered and "1.6 kilometres" in ans.citations[0].text


def _saved_story(folder, name: str, text: str) -> Index:
    """The index of a story saved as a file of the folder (its first line read as a headline)."""
    from bot.documents.sources import load_corpus

    (folder / name).write_text(text, encoding="utf-8")
    return Index.build(load_corpus(folder))


def _quake_story(folder):
    """A saved story of three lines: a headline, the lead, and a sentence giving a reason."""
    return _saved_story(
        folder,
        "quake.txt",
        "Strong earthquake shakes central Chile, cutting power to thousands\n\n"
        "A magnitude 6.8 earthquake struck central Chile late on Sunday, knocking out electricity for about "
        "200,000 homes and forcing the evacuation of coastal towns, officials said.\n\n"
        "Chile is one of the most seismically active countries in the world because it sits on the boundary "
        "between the Nazca and South American tectonic plates.\n",
    )


def test_a_headline_is_not_preferred_to_the_sentence_that_answers(tmp_path):
    idx = _quake_story(tmp_path)
    assert idx.corpus.documents[0].title.startswith("Strong earthquake")
    ans = qa.answer("How strong was the earthquake in Chile?", idx)
    assert ans.answered and "magnitude 6.8" in ans.answer and ans.short_answer == "6.8"


def test_the_reason_a_short_story_gives_is_cited_among_the_first_two(tmp_path):
    # the ranker scores the opening sentence 1.07, the headline 0.64 and the reason -0.96 (only
    # "chile" of the question stands in it); the headline, a row no training text has, follows
    ans = qa.answer("why is chile prone to earthquakes", _quake_story(tmp_path))
    assert ans.answered and any("because" in c.text for c in ans.citations[:2])


def _lighthouse_story(folder):
    """A short story under a headline that alone holds a word ("keeper") its text says otherwise."""
    return _saved_story(
        folder,
        "story.txt",
        "The Lighthouse Keeper's Daughter\n\n"
        "Maggie Dunmore lives with her father Tom on a rocky island, where he keeps the lighthouse.\n\n"
        "One stormy night Maggie rows out alone and rescues a young sailor named Peter Hale.\n\n"
        "Tom, too ill to climb the tower, gives Maggie the keys, and she becomes the first woman to keep the light.\n",
    )


def test_a_headline_holding_the_rarest_word_is_not_cited_before_the_sentence_that_answers(tmp_path):
    # No text the ranker learns from has a headline: it scores this one, alone in holding
    # "keeper" and in title case (its capitals read as names), 0.99 against the answer's -0.29.
    # A headline follows the sentences the ranker scored that hold some of the question (`rank`).
    idx = _lighthouse_story(tmp_path)
    assert idx.stories.headline.sum() == 1
    ans = qa.answer("who becomes the keeper at the end", idx)
    assert ans.answered and "first woman" in ans.citations[0].text
    assert "Daughter" not in " ".join(c.text for c in ans.citations[:3])


def test_a_headline_is_still_cited_when_nothing_else_holds_the_question(tmp_path):
    idx = _lighthouse_story(tmp_path)
    ans = qa.answer("whose daughter", idx)  # only the headline holds "daughter"
    assert ans.citations and "Daughter" in ans.citations[0].text


def test_news_paraphrases_meet():
    idx = Index.from_texts(
        "The terminal, built by a consortium, took four years to complete. A pipeline linking "
        "Rotterdam to the Ruhr will open later. Three workers were wounded in a fire last year. "
        "The port handles ships every day."
    )
    for q, needle in (
        ("how long did construction take", "four years"),
        ("what does the pipeline connect", "Ruhr"),
        ("how many workers were injured", "wounded"),
    ):
        ans = qa.answer(q, idx)
        assert ans.answered and needle in ans.answer, (q, ans.answer, ans.message)
