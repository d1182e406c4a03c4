"""CoQA-format evaluation: conversations asked turn by turn, as `bot chat` asks them.

Each story is its own knowledge base and one conversation. Every turn goes through the same
`conversation.ask` as the chat (follow-ups read in the light of the earlier turns), and the
same turns are also asked alone through `qa.answer`, for comparison. A turn is scored by its
rationale (`span_start:span_end`, the part of the story that answers it): top-1 when the top
cited sentence overlaps it, top-3 when one of the first three does, and only when the turn was
answered: a hedge or a refusal is a miss ("cited top-1" counts a hedge's first citation too).
Turns whose answer is "unknown" (no rationale) are asked, since a user would have asked them,
but not scored. With a peer, plain rank-bm25 (`peer.Peer`) ranks each turn's question alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from bot.answering import qa
from bot.answering.answers import Answer
from bot.answering.scorer import Models
from bot.chat.conversation import Conversation, ask
from bot.documents.corpus import Corpus, add_document
from bot.evaluation.peer import Peer
from bot.evaluation.squad import SquadError, read_json
from bot.index.bm25 import Index


@dataclass(frozen=True)
class Turn:
    number: int
    question: str
    rationale: tuple[int, int] | None  # characters of the story that answer it; None: "unknown"
    answer: str  # the gold free-form answer, for showing


@dataclass(frozen=True)
class Story:
    id: str
    source: str  # "cnn", "wikipedia", ...
    text: str
    turns: tuple[Turn, ...]


def is_coqa(data: object) -> bool:
    """Does parsed JSON look like CoQA (stories with questions), not SQuAD (paragraphs)?"""
    items = data.get("data") if isinstance(data, dict) else None
    return isinstance(items, list) and bool(items) and isinstance(items[0], dict) and "story" in items[0]


def parse(data: dict, path: str | Path = "the file") -> list[Story]:
    """Stories from parsed CoQA JSON (the official layout)."""
    stories = []
    for n, item in enumerate(data["data"], 1):
        try:
            text = str(item["story"])
            answers = {int(a["turn_id"]): a for a in item.get("answers", [])}
            turns = []
            for q in item["questions"]:
                number = int(q["turn_id"])
                a = answers.get(number, {})
                start, end = int(a.get("span_start", -1)), int(a.get("span_end", -1))
                rationale = _trimmed(text, start, end) if 0 <= start < end else None
                turns.append(Turn(number, str(q["input_text"]), rationale, str(a.get("input_text", ""))))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            what = f"missing {exc.args[0]}" if isinstance(exc, KeyError) else "a malformed turn"
            raise SquadError(f"{path} is not CoQA format: {what} in story {n}") from None
        turns.sort(key=lambda t: t.number)
        stories.append(Story(str(item.get("id", n)), str(item.get("source", "unknown")), text, tuple(turns)))
    if not stories:
        raise SquadError(f"{path} has no stories")
    return stories


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A rationale without the spaces CoQA's annotators often left around it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def load(path: str | Path) -> list[Story]:
    data = read_json(path)
    if not is_coqa(data) or not isinstance(data, dict):
        raise SquadError(f'{path} is not CoQA format: expected "data" with stories')
    return parse(data, path)


def story_index(story: Story) -> Index:
    corpus = Corpus([], [], [], story.id)
    add_document(corpus, story.id, story.id, story.text, False)
    return Index.build(corpus)


class Mode(StrEnum):
    """How a turn is asked."""

    CHAT = "chat"  # in the conversation, as `bot chat` asks it
    ALONE = "alone"  # by itself
    PEER = "peer"  # by itself, to plain BM25


@dataclass
class Record:
    story: str
    source: str
    turn: int
    question: str
    mode: Mode
    scored: bool  # the turn has a rationale
    answered: bool
    # 1-based rank of the first cited sentence overlapping the rationale, when answered
    rank: int | None
    taken_as: str | None = None
    gold: str = ""
    rationale: str = ""
    cited: str = ""
    cited_rank: int | None = None  # `rank`, a hedge's citations included


def _rank(ans: Answer, rationale: tuple[int, int] | None) -> int | None:
    """Where the first citation overlapping the rationale stands, answered or not."""
    return _overlapping([(c.start, c.end) for c in ans.citations], rationale)


def _overlapping(spans: list[tuple[int, int]], rationale: tuple[int, int] | None) -> int | None:
    if rationale is None:
        return None
    lo, hi = rationale
    return next((r for r, (s, e) in enumerate(spans, 1) if s < hi and lo < e), None)


def evaluate_story(
    story: Story,
    depth: int = 10,
    index: Index | None = None,
    modes: tuple[Mode, ...] = (Mode.CHAT, Mode.ALONE),
    models: Models | None = None,
) -> list[Record]:
    """Ask the story's turns in order as one conversation, and each alone."""
    index = index or story_index(story)
    records = []
    for mode in modes:
        conversation = Conversation()
        peer = Peer(index) if mode == Mode.PEER else None
        sentences = index.corpus.sentences
        for turn in story.turns:
            lo, hi = turn.rationale or (0, 0)
            scored = turn.rationale is not None
            if peer is not None:  # plain BM25: always answers
                ids = peer.rank(turn.question, depth)
                found = _overlapping([(sentences[i].start, sentences[i].end) for i in ids], turn.rationale)
                answered, taken_as, cited = True, None, sentences[ids[0]].text if ids else ""
            else:
                if mode == Mode.CHAT:
                    ans, resolved = ask(turn.question, index, conversation, top=depth, models=models)
                    taken_as = resolved.taken_as(turn.question)
                else:
                    ans, taken_as = qa.answer(turn.question, index, top=depth, models=models), None
                found = _rank(ans, turn.rationale)
                answered, cited = ans.answered, ans.citations[0].text if ans.citations else ""
            records.append(
                Record(
                    story.id,
                    story.source,
                    turn.number,
                    turn.question,
                    mode,
                    scored,
                    answered,
                    found if answered else None,
                    taken_as,
                    turn.answer,
                    story.text[lo:hi],
                    cited,
                    found,
                )
            )
    return records


def summarize(records: list[Record], seconds: float | None = None) -> dict[str, float]:
    """top-1, top-3 and answered over the scored turns, in the chat and alone."""
    out: dict[str, float] = {
        "stories": len({r.story for r in records}),
        "turns": len({(r.story, r.turn) for r in records if r.scored}),
    }
    for mode, prefix in ((Mode.CHAT, ""), (Mode.ALONE, "alone_"), (Mode.PEER, "peer_")):
        scored = [r for r in records if r.mode == mode and r.scored]
        if not scored:
            continue
        n = len(scored)
        out[prefix + "top1"] = sum(r.rank == 1 for r in scored) / n
        out[prefix + "top3"] = sum(r.rank is not None and r.rank <= 3 for r in scored) / n
        out[prefix + "answered"] = sum(r.answered for r in scored) / n
        out[prefix + "cited_top1"] = sum(r.cited_rank == 1 for r in scored) / n
    if seconds:
        out["tps"] = len(records) / seconds
    return out
