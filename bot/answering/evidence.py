"""Whether the knowledge answers a question: answer, hedge, or refuse with a reason.

A model decides (`bot/models/abstain.bin`, trained by `training/train.py`): from what the
question shares with the knowledge (its words found, how many of the knowledge's sentences
hold them, found together in one passage, the best sentence's match by each of the ranker's
match columns, the names it gives that the knowledge lacks, how surely a text that answers
would hold the words it lacks, the kind of thing it asks for, how big the knowledge is) it
gives the probability that the knowledge answers the question. It was trained on each
training text's own questions against questions it cannot answer: other articles' questions,
and the near ones, the questions of the articles most like it and of the other paragraphs of
the same article. The two bars, answer at or above `answer_at`, show the closest sentences as
a hedge at or above `hedge_at`, were chosen on held-out data and ship with the model.

A question that asks for a date is hedged when no sentence holding its words holds a date
("when was the visit?" of a text that never dates it): the evidence model, given that as a
column, did not learn it (`lacks_kind`). In a conversation, only a question whose own words
the text holds is judged so; a bare "when?" leans on the conversation.

In a conversation a follow-up with no words of its own ("why?", "whom?") is answered from the
conversation, and one whose words the text lacks is hedged from it; before any conversation,
a question that only a pronoun ties to the story ("how old is he?") is hedged.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from bot.answering.features import KINDS
from bot.answering.presence import Presence, answering
from bot.answering.query import Query, capitalised_words
from bot.answering.rank import SCREEN_KEEP, Ranked
from bot.answering.rarity import NAME_SHARE, general
from bot.answering.scorer import Models, Trees, default_models
from bot.answering.spans import holds_date
from bot.index.bm25 import Index
from bot.language import wordlists
from bot.language.questions import Kind


@dataclass(frozen=True)
class Verdict:
    answer: bool  # the knowledge answers it
    hedge: bool = False  # it may: the closest sentences are shown, marked as uncertain
    missing_names: tuple[str, ...] = ()  # names the question gives that the knowledge lacks
    probability: float = 0.0  # how surely the knowledge answers it, by the model
    lacking: Kind | None = None  # the kind asked for that no sentence matching it holds (a date)


# The columns of the evidence model, one row per question.
EVIDENCE: tuple[str, ...] = (
    "question_words",  # content words of the question
    "question_coverage",  # the share of them the knowledge holds (typo fixes and synonyms credited less)
    "missing_words",  # how many of them it lacks
    "missing_names",  # how many of those the question writes as names ("What did Trump say?")
    "passage_coverage",  # the share one passage holds together
    "best_coverage",  # the best candidate sentence's share of the question (IDF-weighted)...
    "best_coverage_exact",  # ... by the words themselves
    "best_window_coverage",  # ... with the sentences around it
    "best_bigram",  # ... the question's word pairs it holds
    "best_phrase",
    "best_density",
    "any_kind",  # some candidate holds the kind of thing asked for
    "best_bm25",  # the best sentence BM25
    "best_bm25_per_word",  # ... over the question's content words found
    "candidates",  # how many sentences were scored (log)
    "knowledge_sentences",  # (log)
    "knowledge_documents",  # (log)
    "question_rarity",  # how rare the question's words are in English at large (the mean, `rarity`)
    "missing_rarity",  # ... the rarest of those the knowledge lacks (0: it lacks none)
    "missing_expected",  # ... the one a text that answers most surely holds ("population", `presence`)
    "found_rarity",  # the share of the question's rarity the knowledge holds
    "found_centrality",  # the mean share of the knowledge's sentences holding each question word it holds
    *(f"kind_{k.value}" for k in KINDS),
    # in a conversation
    "conversation",  # the question comes after others
    "person",  # its "he" or "she" was read as someone
    "missing_light",  # every word the knowledge lacks is a generic one ("how long does it last?")
    "best_last_turn",  # the best candidate's match to the last question
    "best_answer_words",  # ... to the last answer's words
    "best_follows",  # a candidate follows the last answer
)

_BEST = {
    "best_coverage": "coverage",
    "best_coverage_exact": "coverage_exact",
    "best_window_coverage": "window_coverage",
    "best_bigram": "bigram",
    "best_phrase": "phrase",
    "best_density": "density",
    "any_kind": "kind",
    "best_bm25": "bm25",
    "best_last_turn": "last_turn",
    "best_answer_words": "answer_words",
    "best_follows": "follows",
}


def evidence(
    query: Query,
    ranked: Ranked | None,
    index: Index,
    presence: Presence | None = None,
    names: tuple[str, ...] | None = None,
) -> np.ndarray:
    """The question's row of `EVIDENCE` columns (`presence`: the table of how surely answering
    texts hold each word, the shipped one unless given; training gives one that never saw the
    question; `names`: the question's `missing_names`, when the caller has them)."""
    row = dict.fromkeys(EVIDENCE, 0.0)
    row["question_words"] = len(query.content)
    row["question_coverage"] = query.coverage
    row["missing_words"] = len(query.missing)
    row["missing_names"] = len(missing_names(query) if names is None else names)
    row["knowledge_sentences"] = math.log(max(1, len(index.corpus.sentences)))
    row["knowledge_documents"] = math.log(max(1, len(index.corpus.documents)))
    row[f"kind_{query.kind.value}"] = 1.0
    rarity = general()
    gidf = {t: rarity.idf(t) for t in query.content}
    if gidf:
        row["question_rarity"] = sum(gidf.values()) / len(gidf)
        lacking = [t for t in query.content if not query.alternatives.get(t)]
        row["missing_rarity"] = max((gidf[t] for t in lacking), default=0.0)
        row["found_rarity"] = 1.0 - sum(gidf[t] for t in lacking) / (sum(gidf.values()) or 1.0)
        presence = presence or answering()
        row["missing_expected"] = max((presence.expected(t) for t in lacking), default=0.0)
    held = [alts for t in query.content if (alts := query.alternatives.get(t))]
    if held:
        sentences = index.sentences
        row["found_centrality"] = sum(max(map(sentences.df, alts)) for alts in held) / (
            len(held) * max(1, sentences.size)
        )
    context = query.context
    row["conversation"] = float(bool(context.turns or context.last_answer))
    row["person"] = float(context.person is not None)
    row["missing_light"] = float(all(w in wordlists.LIGHT_WORDS for w in query.missing))
    if ranked is not None and len(ranked.ids):
        row["passage_coverage"] = ranked.local_coverage
        for name, column in _BEST.items():
            row[name] = float(ranked.column(column).max())
        row["best_bm25_per_word"] = row["best_bm25"] / max(1, len(query.content) - len(query.missing))
        row["candidates"] = math.log(len(ranked.ids))
    return np.array([[row[name] for name in EVIDENCE]])


@dataclass(frozen=True)
class Abstainer:
    """The evidence model and its two bars."""

    trees: Trees

    @cached_property
    def bars(self) -> tuple[float, float]:
        info = json.loads(self.trees.info)
        return float(info["answer_at"]), float(info["hedge_at"])

    def probability(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.trees.predict(X)))


def judge(query: Query, ranked: Ranked | None, index: Index, models: Models | None = None) -> Verdict:
    """Answer, hedge or refuse (see the module's notes)."""
    names = missing_names(query)
    if ranked is None or not len(ranked.ids):
        return Verdict(False, missing_names=names)
    abstainer = Abstainer((models or default_models()).abstain)
    p = float(abstainer.probability(evidence(query, ranked, index, names=names))[0])
    answer_at, hedge_at = abstainer.bars
    follow_up = bool(query.context.turns or query.context.last_answer)
    if p >= answer_at:
        if not lacks_kind(query, ranked, index):
            return Verdict(True, missing_names=names, probability=p)
        if not follow_up or query.content and not query.missing:  # a bare "when?" leans on the chat
            return Verdict(False, hedge=True, missing_names=names, probability=p, lacking=query.kind)
    if follow_up:
        # a follow-up whose only words the text lacks are generic ("how long does it last?")
        # is answered from the conversation; one with a word of its own is hedged from it
        light = all(w in wordlists.LIGHT_WORDS for w in query.missing)
        return Verdict(light, hedge=not light, missing_names=names, probability=p)
    if query.context and all(w in wordlists.LIGHT_WORDS for w in query.missing):
        # no conversation yet, only whom "he" or "she" means, and no word of its own the text
        # lacks ("how old is he?"): the closest sentence, hedged
        return Verdict(False, hedge=True, missing_names=names, probability=p)
    return Verdict(False, hedge=p >= hedge_at, missing_names=names, probability=p)


# The kinds of answer some sentence that matches the question must hold for it to be answered
# rather than hedged. Measured against none (README, What the models replaced): dates cost
# 0.001 on SQuAD dev top-1, nothing on NewsQA, 0.005 on SQuAD's paragraphs (7 questions, for
# 32 unanswerable ones no longer answered); with numbers, persons and places too (kinds the
# patterns find less surely) NewsQA fell 0.611 -> 0.595 and CoQA 0.662 -> 0.646.
CHECKED_KINDS = frozenset({Kind.DATE})


def lacks_kind(query: Query, ranked: Ranked, index: Index) -> bool:
    """The question asks for a kind of thing (`CHECKED_KINDS`) that no candidate holding one
    of its words holds: "when was the visit?" of a text that never dates the visit. A date is
    any the patterns find, even one the question gives too ("in what century ..." -> "the 11th
    century"), or a month named alone ("in May"). The evidence model, given as a column how
    much of the question the sentences holding the asked kind cover, did not learn to hedge it
    (README, What the models replaced)."""
    if query.kind not in CHECKED_KINDS:
        return False
    matching = ranked.column("coverage") > 0
    if (ranked.column("kind")[matching] > 0).any():  # one holds a date the question lacks
        return False
    corpus = index.corpus
    best = ranked.ids[matching][:SCREEN_KEEP].tolist()  # as many as are read closely
    return not any(holds_date(corpus.plain(corpus.sentences[i])) for i in best)


def missing_names(query: Query) -> tuple[str, ...]:
    """The question's words that the knowledge lacks and that it names: capitalised past its
    first word ("What did Trump say?"). A question whose capitals say nothing, typed in lower
    case or in capitals throughout, is read as English at large writes its words (`rarity`):
    "what did trump say?" names "trump" too."""
    if not query.missing:
        return ()
    if capitalised := capitalised_words(query.text):
        return tuple(w for w in query.missing if w in capitalised)
    rarity = general()
    return tuple(w for w in query.missing if rarity.capitalized(w) >= NAME_SHARE)
