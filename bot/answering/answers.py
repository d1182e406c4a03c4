"""What the bot says to a question: an Answer (or a refusal, or a hedge) and its citations.

Plain data, shared by everything that composes answers (`qa`, `about`) and everything that
shows them (`render`, the chat, `bot eval`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.answering.query import Query


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


@dataclass
class Answer:
    question: str
    answered: bool
    answer: str | None
    short_answer: str | None
    confidence: float
    message: str | None
    citations: list[Citation]
    kind: str = "other"
    query: Query | None = None
    # where the short answer sits inside `answer`, for emphasis when rendering
    short_span: tuple[int, int] | None = None
    # the sentence ids that make up `answer` (the first citations)
    sentence_ids: tuple[int, ...] = ()
    # the short answer is a phrase picked for a what-question, not a date, number or name
    short_is_phrase: bool = False

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.answer,
            "short_answer": self.short_answer,
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
                }
                for c in self.citations
            ],
        }
