"""What the bot says to a question: an Answer (or a refusal, or a hedge) and its citations.

Plain data, shared by everything that composes answers (`qa`, `about`) and everything that
shows them (`render`, the chat, `bot eval`). Answers are made by `found`, `hedged` and
`refused`, citations by `cite`: the one place each is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.language.questions import Kind

if TYPE_CHECKING:
    from bot.answering.query import Query
    from bot.answering.short import Ranking
    from bot.index.bm25 import Index


class About(StrEnum):
    """What a question about the document itself asks for."""

    SUMMARY = "summary"
    AUTHOR = "author"
    PUBLISHER = "publisher"
    DATE = "date"
    HEADLINE = "headline"


@dataclass(frozen=True)
class Citation:
    rank: int
    source: str
    title: str
    passage: int
    sentence: int
    start: int
    end: int
    text: str
    score: float
    sentence_id: int  # -1: not a sentence of the text (a document's metadata)
    page: int | None = None  # a PDF's page
    titled: bool = True  # `title` is the document's own, not made from its name (`Document.titled`)


@dataclass
class Answer:
    question: str
    answered: bool
    answer: str | None
    short_answer: str | None
    confidence: float
    message: str | None
    citations: list[Citation]
    kind: Kind | About = Kind.OTHER
    query: Query | None = None
    # where the short answer sits inside `answer`, for emphasis when rendering
    short_span: tuple[int, int] | None = None
    # the sentence ids that make up `answer` (the first citations)
    sentence_ids: tuple[int, ...] = ()
    # the short-answer model's estimate of how right `short_answer` is (its token F1, 0 to 1)
    short_confidence: float = 0.0
    # that probability reaches the model's threshold: the short answer is shown ("Answer: ...")
    short_sure: bool = False
    # how sure the ranking was of the answer sentence (what the short answer was chosen with)
    ranking: Ranking | None = None

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "read_as": self.query.respelled if self.query is not None else None,
            "answered": self.answered,
            "answer": self.answer,
            "short_answer": self.short_answer,
            "short_confidence": round(self.short_confidence, 3),
            "confidence": round(self.confidence, 3),
            "message": self.message,
            "citations": [
                {
                    "rank": c.rank,
                    "source": c.source,
                    "title": c.title,
                    "passage": c.passage,
                    "sentence": c.sentence,
                    "start": c.start,
                    "end": c.end,
                    "text": c.text,
                    "score": round(c.score, 4),
                    **({"page": c.page} if c.page else {}),  # a PDF's
                }
                for c in self.citations
            ],
        }


def cite(index: Index, rank: int, sentence_id: int, score: float = 1.0) -> Citation:
    """The citation of one sentence of the knowledge."""
    corpus = index.corpus
    s = corpus.sentences[sentence_id]
    d = corpus.documents[s.doc]
    passage = corpus.passages[s.passage].number
    return Citation(
        rank,
        d.source,
        d.title,
        passage,
        s.number,
        s.start,
        s.end,
        s.text,
        score,
        sentence_id,
        d.page_of(s.start),
        d.titled,
    )


def refused(question: str, message: str, kind: Kind | About = Kind.OTHER, query: Query | None = None) -> Answer:
    """No answer, with the reason, and nothing cited."""
    return Answer(question, False, None, None, 0.0, message, [], kind=kind, query=query)


def hedged(
    question: str,
    message: str,
    citations: list[Citation],
    confidence: float,
    kind: Kind | About,
    query: Query | None,
    sentence_ids: tuple[int, ...],
) -> Answer:
    """Not an answer: the closest sentences, cited, with a message that says so."""
    return Answer(
        question,
        False,
        None,
        None,
        confidence,
        message,
        citations,
        kind=kind,
        query=query,
        sentence_ids=sentence_ids,
    )


def found(
    question: str,
    text: str,
    citations: list[Citation],
    confidence: float,
    kind: Kind | About,
    short: str | None = None,
    short_span: tuple[int, int] | None = None,
    short_sure: bool = False,
    query: Query | None = None,
    sentence_ids: tuple[int, ...] = (),
    short_confidence: float = 0.0,
    ranking: Ranking | None = None,
) -> Answer:
    """An answer: its text, the short answer within it, and its citations."""
    return Answer(
        question,
        True,
        text,
        short,
        confidence,
        None,
        citations,
        kind=kind,
        query=query,
        short_span=short_span,
        sentence_ids=sentence_ids,
        short_sure=short_sure,
        short_confidence=short_confidence,
        ranking=ranking,
    )
