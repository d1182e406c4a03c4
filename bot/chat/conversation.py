"""A chat's memory: what the conversation so far adds to the next question.

The conversation is an input of the query, never a second path around it. Each turn is
answered by the same `qa.answer` as a single question, given a `Context`:

- the terms of the last few turns, each turn's scores counting for less the further back it
  is (a follow-up keeps the subject: "Who cast him?" after a turn about Dennis Farina);
- where the last answer stood in the text (the next answer is often the same sentence or the
  one after it);
- whom "he" or "she" means, when the knowledge says (by the pronouns it uses for a name):
  sentences that speak of that person, by name or as he or she, count for more.

Two follow-ups are rewritten, because what was typed cannot be asked as it is:

- "tell me more", "go on": the last question again, minus the sentences already given (after
  bare follow-ups such as "why?", the last question with words of its own, minus what they
  were given too);
- "and Canada?", "what about the cartels?": the last question with its name, its final phrase
  after a preposition, or what follows its closing verb of saying, replaced; when it has none
  of these the turn is asked as typed (gluing the words on made "how many years since the last
  visit natural disasters?").

"why?", "when?" and other bare wh-words are asked as typed, the conversation supplying the
subject: rewriting them onto the last question's words ("why say?" after "what did she say?")
measured level on CoQA (top-1 0.665 with it, 0.663 without; top-3 0.764 and 0.770), and the
rewrite read as nonsense.

Pronouns are not rewritten into names: on CoQA conversations that cost a tenth of the right
answers (a text says "She was 45", not "Natasha Richardson was 45"). The measured effect of
each part is in README, Accuracy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answering import qa
from bot.answering.answers import Answer
from bot.answering.names import gender_in, main_person, may_be_meant, names_in, pronoun_gender
from bot.answering.query import Context
from bot.answering.scorer import Models
from bot.index.bm25 import Index
from bot.language import analysis, patterns, wordlists
from bot.language.questions import Gender, Kind

_ELLIPSIS = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(?P<a>.+)$|^\s*and\s+(?P<b>.+)$", re.I | re.S)

# The earlier turns whose words a question carries (the model weighs the last one and those
# before it apart, and the words of the last answer).
EARLIER_TURNS = 3


@dataclass
class Turn:
    question: str  # as typed
    resolved: str  # as asked of the knowledge
    answer: Answer


@dataclass
class Conversation:
    turns: list[Turn] = field(default_factory=list)
    shown: set[int] = field(default_factory=set)  # answer sentences given for the current topic

    def clear(self) -> None:
        self.turns.clear()
        self.shown.clear()

    @property
    def last(self) -> Turn | None:
        """The last turn that was answered: follow-ups refer to it."""
        for t in reversed(self.turns):
            if t.answer.answered:
                return t
        return None

    @property
    def topic(self) -> Turn | None:
        """The last answered turn that asked with words of its own: what "tell me more" goes on
        with when the turns since were bare follow-ups ("why?", "when?")."""
        answered = [t for t in self.turns if t.answer.answered]
        return next((t for t in reversed(answered) if own_words(t.resolved)), answered[-1] if answered else None)


@dataclass(frozen=True)
class Resolved:
    text: str  # the question to ask
    followup: bool  # it was rewritten from the conversation
    more: bool = False  # "tell me more": skip what was already said
    person: str | None = None  # whom its "he" or "she" refers to
    gender: Gender | None = None

    def taken_as(self, question: str) -> str | None:
        """How the conversation read the question, when that differs from what was typed (for
        showing): the rewritten question, or the question with its pronoun explained."""
        shown = self.text if self.followup else question.rstrip()
        pronoun = patterns.PRONOUN.search(shown) if self.person else None
        if pronoun:
            shown = f"{shown} ({pronoun.group()}: {self.person})"
        return shown if shown != question else None


def _norm(question: str) -> str:
    return " ".join(analysis.words(question))


def own_words(question: str) -> bool:
    """Whether a question has words of its own to look up, not only a wh-word and the
    conversation ("why?", "and when?")."""
    return any(w not in wordlists.STOPWORDS for w in analysis.words(question))


def resolve(question: str, conversation: Conversation, index: Index | None = None) -> Resolved:
    """The question as the conversation reads it (see the module's notes)."""
    last = conversation.last
    if last is None:
        gender = pronoun_gender(analysis.words(question))
        person = _person(conversation.turns, gender, index) if gender and index is not None else None
        return Resolved(question, False, person=person, gender=gender if person else None)
    q = question.strip()
    opening = re.match(
        r"(?i)and\s+(?=(?:" + "|".join(sorted(wordlists.WH_WORDS | wordlists.AUXILIARIES)) + r")\b)",
        q,
    )
    if opening:  # "and what did she say?" is a question of its own
        q = q[opening.end() :]
    if _norm(q) in wordlists.TELL_ME_MORE:
        return Resolved((conversation.topic or last).resolved, True, more=True)
    words = analysis.words(q)
    # the last question was about the text, not the document ("summarize", "who wrote this?"):
    # its words are something to ask "what about X?" of
    about_text = last.answer.query is not None
    m = _ELLIPSIS.match(q) if about_text else None
    if m:
        new = (m.group("a") or m.group("b")).strip().rstrip("?!. ")
        if new and own_words(q) and (rewritten := _substitute(last.resolved, new, index)):
            return Resolved(rewritten, True)
    gender = pronoun_gender(words)
    person = _person(conversation.turns, gender, index) if gender and index is not None else None
    return Resolved(q if opening else question, bool(opening), person=person, gender=gender if person else None)


def _person(turns: list[Turn], gender: Gender, index: Index) -> str | None:
    """Whom "he" or "she" means: of the people the last few answers named
    and the names in those questions and answers, the latest the knowledge calls by that
    pronoun, and a person's (`names.may_be_meant`); None when it calls none of them so."""
    candidates: list[str] = []
    stories = {0} if len(index.corpus.documents) == 1 else set()
    for turn in reversed(turns[-EARLIER_TURNS:]):
        if turn.answer.kind == Kind.PERSON and turn.answer.short_sure and turn.answer.short_answer:
            candidates.append(turn.answer.short_answer)  # a name the reader was shown as the answer
        candidates += names_in(turn.resolved) + names_in(turn.answer.answer or "", skip_first=False)
        stories.update(index.corpus.sentences[sid].doc for sid in turn.answer.sentence_ids)
    found = next(
        (c for c in dict.fromkeys(candidates) if gender_in(c, index) == gender and may_be_meant(c, index, stories)),
        None,
    )
    if found is None:  # nobody named yet: the person the story (of the last answer) is about
        shown = next((t.answer.sentence_ids for t in reversed(turns) if t.answer.sentence_ids), ())
        docs = index.corpus.documents
        doc = index.corpus.sentences[shown[0]].doc if shown else (0 if len(docs) == 1 else None)
        found = main_person(index, doc, gender) if doc is not None else None
    return found


def _substitute(previous: str, new: str, index: Index | None = None) -> str | None:
    """The previous question about something else: "Who is Mexico's president?" + "Canada" ->
    "Who is Canada's president?"; "What did he say about security?" + "cartels" -> "... about
    cartels?"; "What did Carney say?" + "cartels" -> "What did Carney say about cartels?". A name
    (capitalised as typed, or as the knowledge writes it) replaces the last name, or the
    pronoun that stood for one ("what did she say?" + "Carney"); anything else
    replaces the final phrase after a preposition, or follows a closing verb of saying."""
    prev = previous.strip().rstrip("?!. ")
    if new[:1].isupper() or names_in(new, skip_first=False) or _written_as_name(new, index):
        names = names_in(prev)
        if names:
            at = prev.rfind(names[-1])
            return f"{prev[:at]}{new}{prev[at + len(names[-1]) :]}?"
        if patterns.PRONOUN.search(prev):  # "what did she say?" + "and Carney?"
            return patterns.PRONOUN.sub(new, prev, count=1) + "?"
    tokens = prev.split()
    for i in range(len(tokens) - 1, 0, -1):
        if tokens[i].lower() in wordlists.PHRASE_PREPOSITIONS:
            return " ".join(tokens[: i + 1] + [new]) + "?"
    if tokens and analysis.fold(tokens[-1]) in wordlists.VERBS_TAKING_ABOUT:
        return f"{prev} about {new}?"
    return None  # nothing to put it in place of: asked as typed, with the conversation


def _written_as_name(words: str, index: Index | None) -> bool:
    """Does the knowledge write each of these words with a capital inside a sentence ("carney"
    typed for "Carney")?"""
    if index is None or not words.split():
        return False
    corpus = index.corpus
    for w in words.split():
        terms = analysis.terms(w)
        if not terms or terms[0] not in index.sentences.vocab:
            return False
        pattern = re.compile(rf"(?<=\S\s){re.escape(w[:1].upper() + w[1:].lower())}\b")
        if not any(
            pattern.search(corpus.plain(corpus.sentences[sid]))
            for sid in index.sentences.postings(terms[0])[0][:20].tolist()
        ):
            return False
    return True


def context(conversation: Conversation, resolved: Resolved | None = None, index: Index | None = None) -> Context:
    """What the conversation adds to the next question: the terms of its last few turns and of
    its last answer (with `index`), whom its pronoun refers to, and where the last answer stood."""
    person = None
    if resolved is not None and resolved.person and resolved.gender is not None:
        person = (tuple(analysis.terms(resolved.person)), resolved.gender)
    turns = tuple(
        t.answer.query.terms
        for t in reversed(conversation.turns[-EARLIER_TURNS:])
        if t.answer.query is not None and t.answer.query.terms
    )
    # where the last answer stood, hedged or not: the reader was shown it
    shown = next((t.answer.sentence_ids for t in reversed(conversation.turns) if t.answer.sentence_ids), ())
    words = tuple(dict.fromkeys(t for sid in shown for t in index.sentence_terms[sid])) if index is not None else ()
    return Context(turns, words, shown, person)


def ask(
    question: str, index: Index, conversation: Conversation, top: int = 3, models: Models | None = None
) -> tuple[Answer, Resolved]:
    """Answer a chat turn in the light of the conversation, and remember it."""
    resolved = resolve(question, conversation, index)
    exclude = frozenset(conversation.shown) if resolved.more else frozenset()
    ans = qa.answer(
        resolved.text, index, top=top, models=models, exclude=exclude, context=context(conversation, resolved, index)
    )
    if resolved.followup and not ans.answered and not resolved.more:
        # the rewrite did not help; the question may stand on its own after all
        alone = qa.answer(question, index, top=top, models=models, context=context(conversation, index=index))
        if alone.answered:
            ans, resolved = alone, Resolved(question, False)
    ans.question = question
    if not resolved.more and own_words(resolved.text):  # a new subject; "why?" stays on this one
        conversation.shown.clear()
    conversation.shown.update(ans.sentence_ids)
    conversation.turns.append(Turn(question, resolved.text, ans))
    return ans, resolved
