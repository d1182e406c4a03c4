"""Feature rows for training: every question of a knowledge base, its candidates' features
(`bot.answering.features`, the same code that answers) and which candidates hold the answer.

A question becomes a group: the rows of its candidates, a label per row (1 when the sentence
holds a gold answer, for SQuAD and NewsQA; overlaps the rationale, for CoQA), and the unit it
came from (an article or a story), so cross-validation can keep a unit's questions together.
Questions none of whose candidates hold the answer teach a ranker nothing and are kept only
for counting (`Groups.reachable`).
"""

from __future__ import annotations

import operator
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields

import numpy as np

from bot.answering import candidates, features
from bot.answering.association import Association
from bot.answering.presence import Presence
from bot.answering.query import NO_CONTEXT, Context, analyze
from bot.documents.corpus import Corpus, Sentence, add_document
from bot.evaluation.scores import contains_answer
from bot.evaluation.squad import Article
from bot.index.bm25 import Index


class Stacked:
    """Rows collected in parts (one article, one worker): `extend` adds another part's, field
    by field (lists grow in place, counts add up). Every subclass is a dataclass."""

    def extend(self, other: Stacked) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            setattr(self, f.name, operator.iadd(getattr(self, f.name), getattr(other, f.name)))


@dataclass
class Groups(Stacked):
    """Many questions' rows, stacked: X, y, the group (question) of each row, and per group
    its dataset name and unit."""

    X: list[np.ndarray] = field(default_factory=list)
    y: list[np.ndarray] = field(default_factory=list)
    dataset: list[str] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)
    asked: int = 0  # questions asked, reachable or not

    def add(self, X: np.ndarray, y: np.ndarray, dataset: str, unit: str) -> None:
        self.asked += 1
        if len(y) and y.any():
            self.X.append(X)
            self.y.append(y)
            self.dataset.append(dataset)
            self.unit.append(unit)

    @property
    def reachable(self) -> int:
        return len(self.y)

    def save(self, path) -> None:
        sizes = np.array([len(y) for y in self.y], np.int64)
        np.savez(
            path,
            X=np.concatenate(self.X) if self.X else np.zeros((0, len(features.FEATURES))),
            y=np.concatenate(self.y) if self.y else np.zeros(0),
            sizes=sizes,
            dataset=np.array(self.dataset),
            unit=np.array(self.unit),
            asked=np.array(self.asked),
            names=np.array(features.FEATURES),
        )

    @classmethod
    def load(cls, path) -> Groups:
        with np.load(path, allow_pickle=False) as d:
            if tuple(d["names"].tolist()) != features.FEATURES:
                raise ValueError(f"{path} was collected with other features; collect again")
            bounds = np.concatenate([[0], np.cumsum(d["sizes"])])
            X, y = d["X"], d["y"]
            g = cls(
                [X[a:b] for a, b in zip(bounds[:-1], bounds[1:])],
                [y[a:b] for a, b in zip(bounds[:-1], bounds[1:])],
                d["dataset"].tolist(),
                d["unit"].tolist(),
                int(d["asked"]),
            )
        return g


def rows(
    index: Index,
    question: str,
    is_hit: Callable[[Sentence], bool],
    context: Context = NO_CONTEXT,
    table: Association | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The question's candidate features and labels, as the bot would rank them (`table`: an
    association table that never saw the question, for SQuAD's training set)."""
    X, sentences = candidate_rows(index, question, context, table)
    return X, np.array([is_hit(s) for s in sentences], float)


def candidate_rows(
    index: Index, question: str, context: Context = NO_CONTEXT, table: Association | None = None
) -> tuple[np.ndarray, list[Sentence]]:
    """The question's candidates as the bot would rank them: their features and their sentences."""
    query = analyze(question, index, context)
    cands = candidates.gather(query, index)
    if not len(cands):
        return np.zeros((0, len(features.FEATURES))), []
    sentences = index.corpus.sentences
    return features.compute(query, index, cands, table), [sentences[i] for i in cands.ids.tolist()]


def index_of(documents: Iterable[tuple[str, str, str | None]]) -> Index:
    """An index of (name, text, title) documents, as `bot eval` builds an article's."""
    corpus = Corpus([], [], [], "training")
    for name, text, title in documents:
        add_document(corpus, name, name, text, False, title=title)
    return Index.build(corpus)


def document(art: Article) -> tuple[str, str, str]:
    """An article as a (name, text, title) document for `index_of`, as `bot eval` adds it."""
    return art.title, "\n\n".join(art.paragraphs), art.title.replace("_", " ")


def article_groups(
    art: Article, dataset: str, unit: str | None = None, table: Association | None = None, index: Index | None = None
) -> Groups:
    """An article as one knowledge base (as `bot eval` asks it), its answerable questions
    (`index`: the article's, when the caller has built it already)."""
    if index is None:
        index = index_of([document(art)])
    out = Groups()
    for q in art.questions:
        if not q.impossible:
            X, y = rows(index, q.text, lambda s, a=q.answers: contains_answer(s.text, a), table=table)
            out.add(X, y, dataset, unit or art.title)
    return out


def paragraph_groups(
    art: Article, paragraphs: dict[int, list], dataset: str, table: Association | None = None
) -> Groups:
    """Some paragraphs of an article, each its own knowledge base, asked its own questions
    (`paragraphs`: paragraph number -> its questions' (text, answers))."""
    out = Groups()
    for p, questions in paragraphs.items():
        index = index_of([(f"{art.title}-{p}.txt", art.paragraphs[p], None)])
        for text, answers in questions:
            X, y = rows(index, text, lambda s, a=answers: contains_answer(s.text, a), table=table)
            out.add(X, y, dataset, art.title)
    return out


def together_groups(
    arts: list[Article],
    dataset: str,
    per_article: int,
    seed: int = 0,
    table_of: Callable[[Article], Association | None] = lambda art: None,
) -> Groups:
    """Several articles as one knowledge base (a folder of saved articles), a sample of each
    one's questions asked of all of it (`table_of`: the association table each article's
    questions are read with)."""
    index = index_of([document(a) for a in arts])
    out = Groups()
    rng = random.Random(seed)
    for art in arts:
        asked = [q for q in art.questions if not q.impossible]
        table = table_of(art)
        for q in rng.sample(asked, min(per_article, len(asked))):
            X, y = rows(index, q.text, lambda s, a=q.answers: contains_answer(s.text, a), table=table)
            out.add(X, y, dataset, art.title)
    return out


# ---------------------------------------------------------------------------------------------
# Evidence: one row per question asked of a knowledge base, labelled 1 for its own questions
# and 0 for questions it cannot answer.

OWN, OFFTOPIC, NEARTOPIC = 1, 0, 2  # what a question is to the knowledge asked


@dataclass
class Evidence(Stacked):
    X: list[np.ndarray] = field(default_factory=list)  # one row each
    tag: list[int] = field(default_factory=list)  # OWN, OFFTOPIC or NEARTOPIC
    dataset: list[str] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)

    def add(self, row: np.ndarray, tag: int, dataset: str, unit: str) -> None:
        self.X.append(row)
        self.tag.append(tag)
        self.dataset.append(dataset)
        self.unit.append(unit)

    def save(self, path) -> None:
        from bot.answering.evidence import EVIDENCE

        np.savez(
            path,
            X=np.concatenate(self.X) if self.X else np.zeros((0, len(EVIDENCE))),
            tag=np.array(self.tag),
            dataset=np.array(self.dataset),
            unit=np.array(self.unit),
            names=np.array(EVIDENCE),
        )

    @classmethod
    def load(cls, path) -> Evidence:
        from bot.answering.evidence import EVIDENCE

        with np.load(path, allow_pickle=False) as d:
            if tuple(d["names"].tolist()) != EVIDENCE:
                raise ValueError(f"{path} was collected with other evidence columns; collect again")
            return cls(list(d["X"][:, None, :]), d["tag"].tolist(), d["dataset"].tolist(), d["unit"].tolist())


def evidence_row(
    index: Index, question: str, context: Context = NO_CONTEXT, presence: Presence | None = None
) -> np.ndarray:
    """The question's evidence as `bot.answering.evidence` computes it (the ranker's order plays
    no part; `presence`: a presence table that never saw the question, for SQuAD's training set)."""
    from bot.answering.evidence import evidence
    from bot.answering.rank import Ranked, passage_coverage

    query = analyze(question, index, context)
    cands = candidates.gather(query, index)
    if not len(cands):
        return evidence(query, None, index, presence)
    X = features.compute(query, index, cands)
    ranked = Ranked(cands.ids, np.zeros(len(cands)), X, passage_coverage(query, index))
    return evidence(query, ranked, index, presence)


def evidence_of(
    index: Index, asked: list[tuple[str, int]], dataset: str, unit: str, presence: Presence | None = None
) -> Evidence:
    out = Evidence()
    for text, tag in asked:
        out.add(evidence_row(index, text, presence=presence), tag, dataset, unit)
    return out


def story_groups(story, others: list[str], dataset: str, models=None) -> tuple[Groups, Evidence]:
    """A CoQA story as one knowledge base and one conversation, asked turn by turn as the chat
    asks it (each turn read in the light of the earlier ones, whose answers are the bot's own,
    made with `models`): each scored turn's ranking rows, labelled by its rationale; and
    evidence rows, the turn's own (a turn whose answer is "unknown" as one the story cannot
    answer) and, asked at the same point of the conversation, a question of another story
    (`others`, one per turn, in order)."""
    from bot.chat import conversation as chat
    from bot.evaluation.coqa import story_index

    index = story_index(story)
    talk = chat.Conversation()
    ranking, evidence = Groups(), Evidence()
    foreign = iter(others)
    for turn in story.turns:
        resolved = chat.resolve(turn.question, talk, index)
        context = chat.context(talk, resolved, index)
        if turn.rationale is not None:
            lo, hi = turn.rationale
            X, y = rows(index, resolved.text, lambda s, lo=lo, hi=hi: s.start < hi and lo < s.end, context)
            ranking.add(X, y, dataset, story.id)
        own = OWN if turn.rationale is not None else OFFTOPIC
        evidence.add(evidence_row(index, resolved.text, context), own, dataset, story.id)
        if (other := next(foreign, None)) is not None:
            alien = chat.resolve(other, talk, index)
            evidence.add(evidence_row(index, alien.text, chat.context(talk, alien, index)), OFFTOPIC, dataset, story.id)
        chat.ask(turn.question, index, talk, models=models)
    return ranking, evidence
