"""Questions about the document itself: who wrote or published it, when, its headline, and
what it is about.

"Who wrote this?", "Who published the article?", "When was it published?", "Where is this
from?", "What is the headline?" are answered from the document's metadata (`metadata.py`);
"What is this article about?", "Summarize", "tl;dr", "What are the main points?" by a short
extractive summary (`summary.py`), as is "What is the film about?" when the text never uses the
word it is called by (`calls_the_text`). With several documents, the question's other words pick the
document ("what is the article about Mexico about?"), else the one the conversation is in.

A metadata answer cites where the value was read: the sentence that carries it ("© 2025 Latin
Times."), else the value's place in the file's front matter (passage and sentence 0), else,
for a web page's own metadata, the document with an empty slice (start = end = 0).
"""

from __future__ import annotations

import re

import numpy as np

from bot.answering.answers import About, Answer, Citation, cite, found, refused
from bot.answering.query import NO_CONTEXT, Context, Query
from bot.answering.summary import summarize
from bot.documents.corpus import Document
from bot.documents.metadata import Field
from bot.index.bm25 import Index
from bot.language import analysis, patterns, wordlists


def asks_about_document(question: str, context: Context = NO_CONTEXT) -> About | None:
    """What the question asks of the document itself (its summary, author, publisher, date or
    headline), else None. In a conversation "it" is what was being discussed, not the
    document: "what is it about?" after "what is the action plan?" asks about the plan."""
    said = _said(question)
    if context and re.search(r"\bit\b", said) and not patterns.NAMES_THE_DOCUMENT.search(said):
        return None
    for name, pattern in patterns.DOCUMENT_QUESTIONS:
        if pattern.match(said):
            return About(name)
    return None


def _said(question: str) -> str:
    """The question as the document patterns read it: its folded words ("tl;dr" as "tl dr")."""
    return " ".join(analysis.words(question.replace(";", "")))


def calls_the_text(question: str, query: Query) -> bool:
    """Whether a summary question calls the text by a word the text never uses, nor a word like
    it, a typo of it or a synonym ("what is the film about?" of a plot that never says "film"):
    then that word can only mean the text. "What is the plan about?" of a text about the plan
    asks about the plan."""
    said = _said(question)
    m = patterns.SUMMARY_OF_A_NOUN.match(said)
    return m is not None and (m[1] or m[2]) in query.missing


_LABELS = {"author": "Written by", "publisher": "Published by", "date": "Published", "headline": "The headline:"}


def answer(question: str, index: Index, kind: About, top: int = 3, context: Context = NO_CONTEXT) -> Answer:
    """The answer to a question about the document (`kind` from `asks_about_document`)."""
    corpus = index.corpus
    doc = _which_document(question, index, context)
    if doc is None:
        titles = "; ".join(d.title for d in corpus.documents[:5]) + ("; …" if len(corpus.documents) > 5 else "")
        return refused(
            question, f"Which document? I know {len(corpus.documents)}: {titles}. Ask about one by its subject.", kind
        )
    d = corpus.documents[doc]
    if kind == About.SUMMARY:
        return summary_answer(index, doc, top, question)
    if kind == About.HEADLINE:
        value: Field | None = Field(d.title, *_locate(d.text, d.title)) if d.titled else None
    else:
        value = d.meta.get(kind.value)
        if kind == About.PUBLISHER and value is None and d.url:  # a page says where it is from
            value = Field(re.sub(r"^(?:https?://)?(?:www\.)?([^/]+).*$", r"\1", d.url))
    if value is None:
        # a text without a headline still has a subject: say how to ask for it
        hint = ' "What is it about?" sums it up.' if kind == About.HEADLINE else ""
        return refused(question, f"The knowledge does not say {_WHAT[kind]} {_called(d)}.{hint}", kind)
    cited = _metadata_citation(index, doc, value)
    label = _LABELS[kind]
    body = f"{label} {value.value}."
    span = (len(label) + 1, len(label) + 1 + len(value.value))
    ids = (cited.sentence_id,) if cited.sentence_id >= 0 else ()
    # the value is what the document says, not a guess: as sure as a short answer gets (its
    # line is the answer itself, so no "Answer:" line repeats it)
    return found(question, body, [cited], 1.0, kind, value.value, span, sentence_ids=ids, short_confidence=1.0)


def summary_answer(index: Index, doc: int, top: int = 3, question: str = "summary") -> Answer:
    """A document's summary as an answer: its headline (the short answer, the answer's first
    line) and the sentences that sum it up, each cited, in reading order."""
    corpus = index.corpus
    d = corpus.documents[doc]
    ids = summarize(index, doc, max(1, min(top, 5)))
    if not ids:
        return refused(question, f"{_called(d)} has no text to sum up.", About.SUMMARY)
    cites = [cite(index, r, sid) for r, sid in enumerate(ids, 1)]
    sentences = " ".join(corpus.plain(corpus.sentences[i]) for i in ids)
    if not d.titled:  # no headline to give: "Standard input" is where it came from, not what it says
        return found(question, sentences, cites, 1.0, About.SUMMARY, sentence_ids=tuple(ids))
    body = d.title + "\n" + sentences
    span = (0, len(d.title))
    return found(question, body, cites, 1.0, About.SUMMARY, d.title, span, sentence_ids=tuple(ids))


def _called(d: Document) -> str:
    """What a message calls a document: its title, or where it came from when it has no title
    of its own ("notes.txt", "standard input")."""
    return d.title if d.titled else d.source


_WHAT = {
    "author": "who wrote",
    "publisher": "who published",
    "date": "when it published",
    "headline": "the headline of",
}


def _locate(source: str, value: str) -> tuple[int, int]:
    at = source.find(value)
    return (at, at + len(value)) if at >= 0 else (0, 0)


def _which_document(question: str, index: Index, context: Context) -> int | None:
    """The document a question about "the article" means: the one its other words match best,
    else the one the conversation is in, else the only one."""
    corpus = index.corpus
    if len(corpus.documents) == 1:
        return 0
    adverbs = set(patterns.SUMMARY_ADVERB.findall(" ".join(analysis.words(question))))
    words = [
        w
        for w in analysis.content_words(question)
        if w not in wordlists.DOCUMENT_NOUNS and w not in wordlists.DOCUMENT_QUESTION_WORDS and w not in adverbs
    ]
    terms = [t for w in words for t in analysis.terms(w)]
    if terms:
        scores = index.passages.scores(terms)
        if scores.max() > 0:
            return corpus.passages[int(np.argmax(scores))].doc
    if context.last_answer:
        return corpus.sentences[context.last_answer[0]].doc
    return None


def _metadata_citation(index: Index, doc: int, value: Field) -> Citation:
    """Where a metadata value was read: a sentence of the text that holds it, else its slice of
    the front matter (passage 0, sentence 0), else the document itself (an empty slice)."""
    corpus = index.corpus
    d = corpus.documents[doc]
    for p in d.passages:
        for sid in corpus.passages[p].sentences:
            s = corpus.sentences[sid]
            if value.end > value.start and s.start <= value.start and value.end <= s.end:
                return cite(index, 1, sid)
    for p in reversed(d.passages):  # a copyright line sits at the end
        for sid in corpus.passages[p].sentences:
            if value.value in corpus.sentences[sid].text:
                return cite(index, 1, sid)
    start, end = (value.start, value.end) if value.end > value.start else (0, 0)
    return Citation(1, d.source, d.title, 0, 0, start, end, d.text[start:end], 1.0, -1, titled=d.titled)
