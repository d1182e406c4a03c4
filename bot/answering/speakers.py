"""Whose words a sentence reports, for a question that asks what someone said ("what did she
say?", "what did carney say about fentanyl?").

A sentence's speakers are the people a verb of saying has beside it: '"...," Carney said',
"she said", "Prime Minister Carney stated that ...". The column `speaker` sets them against the
person the question asks about (the one its pronoun means in a conversation, or a person of the
sentence's document whom it names): 1 when that person speaks in the sentence, by name or by
their pronoun; -1 when someone else does; 0 when the question asks no one's words or the
sentence reports none. The model weighs it.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

import numpy as np

from bot.answering.names import genders
from bot.answering.query import Query
from bot.index.bm25 import Index
from bot.language import analysis, wordlists
from bot.language.questions import Gender

# Words either side of a verb of saying read for who says it: '"...," said Prime Minister
# Mark Carney' puts the name three words after the verb.
WITHIN = 3

_SUBJECT = {"he": Gender.HE, "she": Gender.SHE}


class Speakers:
    """Whom a sentence's verbs of saying name: the terms of people's last names, and the
    pronouns (he or she) standing for someone."""

    __slots__ = ("terms", "pronouns")

    def __init__(self, terms: frozenset[str], pronouns: frozenset[Gender]) -> None:
        self.terms = terms
        self.pronouns = pronouns

    def __bool__(self) -> bool:
        return bool(self.terms or self.pronouns)


_READ: WeakKeyDictionary[Index, dict[int, Speakers]] = WeakKeyDictionary()


def speakers(index: Index, sid: int) -> Speakers:
    """Who says what a sentence reports (worked out once per sentence and index)."""
    cache = _READ.setdefault(index, {})
    if sid not in cache:
        sentence = index.corpus.sentences[sid]
        known = genders(index, sentence.doc)
        words = analysis.words(index.corpus.plain(sentence))
        terms: set[str] = set()
        pronouns: set[Gender] = set()
        for i, w in enumerate(words):
            if w not in wordlists.REPORTING_VERBS:
                continue
            for near in words[max(0, i - WITHIN) : i] + words[i + 1 : i + 1 + WITHIN]:
                if near in _SUBJECT:
                    pronouns.add(_SUBJECT[near])
                else:
                    terms.update(t for t in analysis.terms(near)[:1] if t in known)
        cache[sid] = Speakers(frozenset(terms), frozenset(pronouns))
    return cache[sid]


def asks_words(query: Query) -> bool:
    """Whether the question asks what someone said: it holds a verb of saying."""
    return bool(set(analysis.words(query.text)) & wordlists.REPORTING_VERBS)


def column(query: Query, index: Index, ids: np.ndarray) -> np.ndarray:
    """`speaker` of the sentences `ids` (module docstring)."""
    out = np.zeros(len(ids))
    if not asks_words(query):
        return out
    person = query.context.person
    for k, sid in enumerate(ids.tolist()):
        said = speakers(index, sid)
        if not said:
            continue
        if person is not None:
            asked, meant = set(person[0]), {person[1]}
        else:  # a person of the document the question names ("what did carney say?")
            known = genders(index, index.corpus.sentences[sid].doc)
            asked = set(query.stems) & set(known)
            meant = {known[t] for t in asked}
        if not asked:
            continue
        out[k] = 1.0 if (said.terms & asked or said.pronouns & meant) else -1.0
    return out
