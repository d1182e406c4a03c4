"""Questions about the document itself: metadata answers and the summary."""

import pytest

from bot import render
from bot.answering import qa
from bot.answering.about import asks_about_document
from bot.answering.query import Context
from bot.answering.summary import summarize
from bot.documents.metadata import from_text
from bot.index.bm25 import Index

STORY = (
    "Strong earthquake shakes central Chile\n\nBy Ana Ruiz\n\n"
    "A magnitude 6.8 earthquake struck central Chile late on Sunday, knocking out electricity for about "
    "200,000 homes, officials said.\n\n"
    "Chile is one of the most seismically active countries in the world because it sits on the boundary "
    "between two plates.\n\nRescue teams reached the town of Talca within hours, the ministry said.\n\n"
    "The quake was felt in the capital, where buildings swayed for almost a minute.\n\n"
    "© 2025 Daily Planet. All rights reserved."
)


@pytest.mark.parametrize(
    "question,kind",
    [
        ("What is this article about?", "summary"),
        ("Summarize", "summary"),
        ("tl;dr", "summary"),
        ("tldr", "summary"),
        ("What are the main points?", "summary"),
        ("give me the gist", "summary"),
        ("what's it about", "summary"),
        ("Who wrote this?", "author"),
        ("who is the author", "author"),
        ("Who published the article?", "publisher"),
        ("Where is this from?", "publisher"),
        ("what newspaper published this", "publisher"),
        ("When was it published?", "date"),
        ("when was the story written", "date"),
        ("What is the headline?", "headline"),
        ("publisher", "publisher"),
        ("the author?", "author"),
        ("title", "headline"),
        ("what's the title", "headline"),
        ("whats the headline of this article?", "headline"),
        ("What is the best title for the passage?", "headline"),
    ],
)
def test_questions_about_the_document_are_recognised(question, kind):
    assert asks_about_document(question) == kind


@pytest.mark.parametrize(
    "question",
    [
        "What is the plan about?",
        "Who published the report on drug trafficking?",
        "When did Carney visit?",
        "What is the title of the plan?",
        "Who holds the copyright?",
        "what is the date of the meeting?",
        "Who is the author of the plan?",
        "What are the four pillars?",
        # a bare keyword is a question about the document only when it is the whole question
        "The publisher that published Blagger is what?",
        "The author of Hamlet is who?",
        "The date of the battle was when?",
        "The title of the film is what?",
    ],
)
def test_questions_about_its_content_are_not(question):
    assert asks_about_document(question) is None


# How readers and exam papers ask what a text is about: an adverb before "about", the text
# called a passage. Checked on the 94,146 questions of the shared data: none of these forms is
# asked there of anything but the document.
@pytest.mark.parametrize(
    "question",
    [
        "What is the passage mainly about?",
        "What is the story mostly about?",
        "what's this really about",
        "The passage is mainly about",
        "What does the passage mainly tell us?",
        "What does the article discuss?",
        "What is the main idea of the passage?",
        "What's the subject of this story?",
        "what is the essay about",
    ],
)
def test_what_a_text_is_mainly_about_asks_for_its_summary(question):
    assert asks_about_document(question) == "summary"


# Forms of question that SQuAD's and NewsQA's questions take eleven times, which the summary
# once answered: "it" and "the topic" are something the text discusses, unless the document is
# named ("the topic of the story").
@pytest.mark.parametrize(
    "question",
    [
        "What is it about the harbour that is unusual?",
        "What was it about the treaty that angered the senate?",
        "What is the topic of the second meeting?",
        "What is the subject of the photographs?",
        "What are the key facts of the treaty?",
    ],
)
def test_what_is_it_about_something_asks_about_that_thing(question):
    assert asks_about_document(question) is None


def test_a_summary_question_typed_with_an_adverb_is_answered_not_refused():
    index = Index.from_texts(STORY)
    for question in ["What is the story mostly about?", "What is the passage mainly about?"]:
        a = qa.answer(question, index)
        assert a.answered and a.kind == "summary" and a.citations[0].sentence_id == summarize(index, 0, 1)[0]


def test_in_a_conversation_it_is_the_topic_not_the_document():
    assert asks_about_document("what is it about?", Context(last_answer=(3,))) is None
    assert asks_about_document("what is this article about?", Context(last_answer=(3,))) == "summary"


def test_byline_copyright_and_date_are_read_from_the_text():
    meta = from_text(STORY)
    assert meta["author"].value == "Ana Ruiz" and STORY[meta["author"].start : meta["author"].end] == "Ana Ruiz"
    assert meta["publisher"].value == "Daily Planet" and meta["date"].value == "2025"


def test_metadata_answers_cite_where_they_were_read():
    idx = Index.from_texts(("quake.txt", STORY))
    ans = qa.answer("Who wrote this?", idx)
    assert ans.answered and ans.short_answer == "Ana Ruiz" and ans.citations[0].text == "By Ana Ruiz"
    ans = qa.answer("who published the article?", idx)
    assert ans.short_answer == "Daily Planet" and "© 2025 Daily Planet" in ans.citations[0].text
    assert qa.answer("when was it published", idx).short_answer == "2025"
    ans = qa.answer("what is the headline?", idx)
    assert ans.short_answer == "Strong earthquake shakes central Chile"


def test_front_matter_metadata_is_cited_as_its_slice(article_index):
    ans = qa.answer("What is the headline?", article_index)
    c = ans.citations[0]
    doc = article_index.corpus.documents[0]
    assert (c.passage, c.sentence, c.sentence_id) == (0, 0, -1) and doc.text[c.start : c.end] == c.text == doc.title
    assert "metadata" in render.citation_label(c)
    assert qa.answer("who published this?", article_index).short_answer == "Latin Times"


def test_a_metadata_value_read_from_the_document_is_a_sure_short_answer_in_json(article_index):
    # a script filtering on short_confidence must not drop what the document itself says
    out = qa.answer("who published this?", article_index).to_dict()
    assert out["short_answer"] == "Latin Times" and out["short_confidence"] == 1.0


def test_metadata_the_knowledge_lacks_is_said_so():
    idx = Index.from_texts(("notes.txt", "The tomatoes were planted on May 3. Basil grows beside them. It needs sun."))
    ans = qa.answer("Who wrote this?", idx)
    assert not ans.answered and not ans.citations and "does not say who wrote" in ans.message


UNTITLED = (
    "Tom lived in a small village near the sea. Every morning he walked two miles to school. "
    "One day the road was flooded, so Tom took the boat his father had built."
)


def test_a_text_without_a_title_of_its_own_is_not_called_by_its_name():
    # piped text, or a file without a heading: "Standard input" is where it came from, not a title
    idx = Index.from_texts(("standard input", UNTITLED))
    assert not idx.corpus.documents[0].titled
    ans = qa.answer("what is it about?", idx)
    assert ans.answered and ans.short_answer is None and ans.answer.startswith("Tom lived")
    out = render.format_answer(ans, render.Style(False), 80)
    assert out.startswith("[1] Tom lived in a small village") and "Standard input\n" not in out
    ans = qa.answer("what's the title?", idx)
    assert not ans.answered and ans.message == (
        'The knowledge does not say the headline of standard input. "What is it about?" sums it up.'
    )
    ans = qa.answer("Who won the election?", idx)
    assert not ans.answered
    assert ans.message.endswith('It is about the text that begins "Tom lived in a small village near the …".')
    titled = Index.from_texts(("quake.txt", STORY))
    assert titled.corpus.documents[0].titled
    assert qa.answer("what's the title?", titled).short_answer == "Strong earthquake shakes central Chile"
    refused = qa.answer("Who won the football final?", titled)
    assert refused.message.endswith("It is about Strong earthquake shakes central Chile.")


def test_the_summary_is_the_lead_and_central_sentences_in_reading_order():
    idx = Index.from_texts(("quake.txt", STORY))
    ids = summarize(idx, 0)
    texts = [idx.corpus.sentences[i].text for i in ids]
    assert texts[0].startswith("A magnitude 6.8") and ids == sorted(ids) and len(ids) == 3
    assert not any(t.startswith("Strong earthquake") for t in texts)  # the headline is its title, not a sentence of it
    ans = qa.answer("tl;dr", idx)
    assert ans.answered and ans.short_answer == "Strong earthquake shakes central Chile"
    # the short answer is a piece of the answer, as for every other answer: its first line
    assert ans.answer.startswith(ans.short_answer + "\n") and ans.short_span == (0, len(ans.short_answer))
    assert [c.sentence_id for c in ans.citations] == ids
    out = render.format_answer(ans, render.Style(False), 80)
    assert out.startswith("Strong earthquake shakes central Chile\n[1] A magnitude 6.8")


def test_with_several_documents_the_question_picks_one():
    idx = Index.from_texts(
        ("quake.txt", STORY),
        (
            "garden.txt",
            "Notes from the garden\n\nThe tomatoes were planted on May 3 in the "
            "south bed. Basil grows beside them and needs sun every day.",
        ),
    )
    ans = qa.answer("what is the article about tomatoes about?", idx)
    assert ans.answered and "tomatoes" in ans.answer
    ans = qa.answer("what is this about?", idx)
    assert not ans.answered and "Which document?" in ans.message and "Notes from the garden" in ans.message


def test_how_much_a_summary_takes_in_does_not_pick_the_document():
    # "mostly" is a word of the garden notes, but "what is the story mostly about?" names no subject
    garden = "Notes from the garden\n\nThe beds are mostly tomatoes. Basil grows beside them."
    idx = Index.from_texts(("quake.txt", STORY), ("garden.txt", garden))
    ans = qa.answer("What is the story mostly about?", idx)
    assert not ans.answered and "Which document?" in ans.message
    in_quake = Context(last_answer=(1,))
    ans = qa.answer("What is the story mostly about?", idx, context=in_quake)
    assert ans.answered and ans.short_answer == "Strong earthquake shakes central Chile"
    ans = qa.answer("what is the article about tomatoes mostly about?", idx, context=in_quake)
    assert ans.answered and ans.short_answer == "Notes from the garden"


PLOT = (
    "The Lighthouse Keeper's Daughter\n\n"
    "Mara Quint grows up on a rocky island off the coast of Maine, where her father keeps the light.\n\n"
    "A young surveyor named Tobias arrives from Boston to map the shoals for the navy.\n\n"
    "In the end the navy keeps the lighthouse staffed, and Mara leaves to study engineering."
)


@pytest.mark.parametrize(
    "question",
    [
        "What is the film about?",
        "what is this movie mainly about",
        "What does the book describe?",
        "whats the novel about",
    ],
)
def test_a_text_called_by_a_word_it_never_uses_is_the_document(question):
    """A plot summary never says "film": "what is the film about?" can only mean the text."""
    index = Index.from_texts(PLOT)
    a = qa.answer(question, index)
    assert a.answered and a.kind == "summary", a.message


@pytest.mark.parametrize(
    "question,needle",
    [
        ("What is the navy about?", None),  # a word the text uses is asked about, not the text
        ("what is the survey about", "surveyor"),  # ... or one it writes as a related word
        ("what is the lihgthouse about", None),  # ... or one typed with a typo
    ],
)
def test_a_word_the_text_uses_is_asked_about_not_the_document(question, needle):
    index = Index.from_texts(PLOT)
    a = qa.answer(question, index)
    assert a.kind != "summary"
    assert needle is None or needle in (a.answer or "")
