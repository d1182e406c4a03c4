"""Questions that ask what someone said, made from a training text's own reported speech.

The bundled article's chats turn on whom a question asks the words of ("who is sheinbaum", then
"what did she say?"), and the training data holds few such questions: the ranker's `speaker`
column is not 0 for 586 of SQuAD train's 85,206 questions and 8 of CoQA's 1,583 turns
(README, Tried and not shipped), so the ranker meets it too rarely to learn it. This makes
more, from the text alone: for each person a document names in full and calls he or she
(`names.genders`) whose words some sentence reports (`speakers.speakers`), two questions, each
labelled by the sentences that report that person's words:

- "What did NAME say?", NAME their last name as the text writes it (about half of them typed
  in lower case, as people type);
- "what did she say?" (or "he"), asked as the chat asks it after "Who is FULL NAME?", whose
  answer was the first sentence naming them: the conversation's turn, last answer and person
  set as `conversation.context` sets them.

A sentence reports a person's words when a verb of saying names them beside it, or says their
pronoun beside it and they are the last person of that pronoun the text named ('... Carney
added.' / 'He said ...'). A last name English at large writes in lower case ("Even", "action")
is no one's (`rarity`; one it never saw may be: "Sheinbaum").
"""

from __future__ import annotations

import random

from bot.answering.evidence import NAME_SHARE
from bot.answering.names import genders, named_in_full
from bot.answering.query import Context, analyze
from bot.answering.rarity import general
from bot.answering.speakers import speakers
from bot.index.bm25 import Index
from bot.language import analysis
from bot.language.questions import Gender

PRONOUN = {Gender.HE: "he", Gender.SHE: "she"}


def full_names(index: Index, doc: int) -> dict[str, tuple[str, int]]:
    """Each person's last-name term (`genders`) -> their name in full as first written, and the
    sentence it is first written in."""
    known = genders(index, doc)
    out: dict[str, tuple[str, int]] = {}
    for name, sid in named_in_full(index, index.corpus.document_sentences(doc)).items():
        terms = analysis.terms(name.split()[-1])[:1]
        if terms and terms[0] in known and terms[0] not in out:
            out[terms[0]] = (name, sid)
    return out


def reported(index: Index, doc: int) -> dict[str, set[int]]:
    """Each person's last-name term -> the sentences reporting their words (module notes)."""
    known = genders(index, doc)
    out: dict[str, set[int]] = {}
    last: dict[Gender, str] = {}  # the last person of each pronoun named so far
    for sid in index.corpus.document_sentences(doc):
        said = speakers(index, sid)
        for t in said.terms:
            out.setdefault(t, set()).add(sid)
        for gender in said.pronouns:
            if gender in last:
                out.setdefault(last[gender], set()).add(sid)
        for t in index.sentence_terms[sid]:
            if t in known:
                last[known[t]] = t
    return out


def asked(index: Index, doc: int, key: str) -> list[tuple[str, Context, frozenset[int]]]:
    """The questions of a document's reported speech: (question, its context, the sentences
    that answer it). `key` seeds which are typed in lower case."""
    rng = random.Random(f"quotes:{key}")
    rarity = general()
    known = genders(index, doc)
    names = full_names(index, doc)
    out: list[tuple[str, Context, frozenset[int]]] = []
    for term, sids in sorted(reported(index, doc).items()):
        if term not in names:
            continue
        name, first = names[term]
        last = name.split()[-1]
        folded = last.lower()
        if rarity.capitalized(folded) < NAME_SHARE and rarity.idf(folded) < rarity.unseen:
            continue
        direct = f"What did {last} say?"
        out.append((direct.lower() if rng.random() < 0.5 else direct, Context(), frozenset(sids)))
        opener = analyze(f"Who is {name}?", index)
        turn = Context(
            (opener.terms,),
            tuple(dict.fromkeys(index.sentence_terms[first])),
            (first,),
            (tuple(analysis.terms(name)), known[term]),
        )
        out.append((f"what did {PRONOUN[known[term]]} say?", turn, frozenset(sids)))
    return out
