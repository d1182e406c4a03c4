"""Context carried between chat turns.

A follow-up is rewritten into a question that stands alone, and that question goes through the
same `qa.answer` as any other, so the chat, piped `bot chat` and the tests share one logic:

- "tell me more", "go on": the last question again, minus the sentences already given;
- "why?", "when?", "how so?" (a wh-word and no content): the wh-word applied to the last topic;
- "and Canada?", "what about the cartels?": the last question with its name (or its final
  phrase) replaced;
- "when was his last visit?": the pronoun replaced by whom it refers to (the person the last
  answer named, else a name in the last question), "what is it for?" by the last topic.

A question with none of these marks is asked as it is: a new question is never mixed with the
previous turn.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import qa, text
from .answer_types import _CAP_SEQ, _is_demonym
from .index import Index
from .questions import wh_phrase_words

_MORE = {"more", "tell me more", "go on", "continue", "keep going", "say more", "anything else",
         "what else", "more please", "and", "and then", "tell me more about it", "more about it",
         "what more", "elaborate", "details", "more details", "expand"}
_ELLIPSIS = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(?P<a>.+)$|^\s*and\s+(?P<b>.+)$", re.I | re.S)
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
_THING_PRONOUNS = {"it", "its", "they", "them", "their", "theirs", "itself", "themselves"}
_POSSESSIVE = {"his", "her", "hers", "its", "their", "theirs"}
_PREPOSITIONS = {"about", "on", "of", "for", "with", "in", "to", "from", "against", "regarding", "into"}
_PRONOUN_RE = re.compile(r"\b(" + "|".join(sorted(_PERSON_PRONOUNS | _THING_PRONOUNS, key=len, reverse=True))
                         + r")\b", re.I)


@dataclass
class Turn:
    question: str  # as typed
    resolved: str  # as asked of the knowledge
    answer: qa.Answer


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


@dataclass(frozen=True)
class Resolved:
    text: str  # the question to ask
    followup: bool  # it drew on the conversation
    more: bool = False  # "tell me more": skip what was already said

    def taken_as(self, question: str) -> str | None:
        """The rewritten question, when it differs from what was typed (for showing)."""
        return self.text if self.followup and self.text != question else None


def _norm(question: str) -> str:
    return " ".join(text.words(question))


def _names(s: str, skip_first: bool = True) -> list[str]:
    """Capitalised names in a text (not the capital of its first word)."""
    out = []
    for m in _CAP_SEQ.finditer(s):
        if skip_first and not s[:m.start()].strip():
            rest = m.group().split(maxsplit=1)  # "Who" / "What" opens the question, not a name
            if len(rest) < 2:
                continue
            name = rest[1]
        else:
            name = m.group()
        name = re.sub(r"['’]s$", "", name.strip(" .,;:'’")).strip()
        if name and not all(w in text.STOPWORDS for w in text.words(name)):
            out.append(name)
    return out


def _topic(question: str) -> str:
    """The content of a question without its wh-words ("how long"): what it is about."""
    asked_by = wh_phrase_words(question)
    return " ".join(w for w in text.content_words(question) if w not in text.WH_WORDS and w not in asked_by)


_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}
_MALE_TITLES = {"mr", "sir", "king", "prince", "lord", "duke", "emperor", "father", "brother"}
_FEMALE_TITLES = {"mrs", "ms", "miss", "madam", "lady", "queen", "princess", "duchess", "empress",
                  "mother", "sister"}


def _person(last: Turn, pronouns: list[str], index: Index | None = None) -> str | None:
    """Whom "he" or "she" most likely means: the person the last answer named, else a name in
    the last question, else a name in the last answer; the first of them whom the knowledge
    itself calls by that pronoun, when it says."""
    candidates: list[str] = []
    if last.answer.kind == "person" and last.answer.short_answer:
        candidates.append(last.answer.short_answer)
    candidates += _names(last.resolved) + _names(last.answer.answer or "", skip_first=False)
    candidates = list(dict.fromkeys(_bare(c) for c in candidates))
    if not candidates:
        return None
    wanted = "m" if _MALE & set(pronouns) else "f" if _FEMALE & set(pronouns) else None
    if wanted and index is not None:
        genders = [gender_in(c, index) for c in candidates]
        for pick in (wanted, None):
            for c, g in zip(candidates, genders):
                if g == pick:
                    return c
    return candidates[0]


def _bare(name: str) -> str:
    """A name without the titles and demonyms before it: "Mexican President Claudia Sheinbaum"
    -> "Claudia Sheinbaum" (the text may call her by name alone)."""
    words = name.split()
    while len(words) > 1 and (text.fold(words[0]).strip(".") in text.TITLES or _is_demonym(text.fold(words[0]))):
        words.pop(0)
    return " ".join(words)


def gender_in(name: str, index: Index) -> str | None:
    """"m" or "f" when the knowledge refers to `name` as he or she (pronouns in the sentences
    that mention the name's last word, and in the sentence after each), or by a gendered
    title; None when it does not say."""
    cache: dict[str, str | None] = index.memo("genders", dict)
    if name in cache:
        return cache[name]
    last_terms = text.terms(name.split()[-1]) if name.split() else []
    score = 0
    corpus = index.corpus
    if last_terms and last_terms[0] in index.sentences.vocab:
        ids = index.sentences.postings(last_terms[0])[0]
        surname = text.fold(name.split()[-1])
        for sid in ids[:200].tolist():
            sent = corpus.sentences[sid]
            words = text.words(corpus.plain(sent))
            window = list(words)
            if sid + 1 < len(corpus.sentences) and corpus.sentences[sid + 1].passage == sent.passage:
                after = text.words(corpus.plain(corpus.sentences[sid + 1]))
                if after and after[0] in _MALE | _FEMALE:
                    window += after[:1]
            score += sum(w in _MALE for w in window) - sum(w in _FEMALE for w in window)
            for i, w in enumerate(words[:-1]):
                if words[i + 1] == surname or (i + 2 < len(words) and words[i + 2] == surname):
                    score += 2 * ((w in _MALE_TITLES) - (w in _FEMALE_TITLES))
    result = "m" if score > 0 else "f" if score < 0 else None
    cache[name] = result
    return result


def resolve(question: str, conversation: Conversation, index: Index | None = None) -> Resolved:
    """Rewrite a follow-up into a self-contained question; anything else is returned as is."""
    last = conversation.last
    if last is None:
        return Resolved(question, False)
    q = question.strip()
    norm = _norm(q)
    if norm in _MORE:
        return Resolved(last.resolved, True, more=True)
    words = text.words(q)
    content = [w for w in words if w not in text.STOPWORDS]
    if words and not content and any(w in text.WH_WORDS for w in words):
        # "why?", "how so?", "when was that?": the question word about the last topic
        wh = next(w for w in words if w in text.WH_WORDS)
        return Resolved(f"{wh} {_topic(last.resolved)}?", True)
    m = _ELLIPSIS.match(q)
    if m:
        new = (m.group("a") or m.group("b")).strip().rstrip("?!. ")
        if new and content:
            return Resolved(_substitute(last.resolved, new, index), True)
    pronouns = [p.lower() for p in _PRONOUN_RE.findall(q)]
    if pronouns:
        person = _person(last, pronouns, index) if any(p in _PERSON_PRONOUNS for p in pronouns) else None
        names = _names(last.resolved)
        # "it" or "they" in a question with a subject of its own ("will they work together on
        # natural disasters?") means the knowledge's topic, not the last turn's
        own = [w for w in content if w not in text.WH_WORDS]
        thing = (names[0] if names else _topic(last.resolved)) if len(own) <= 2 else None

        def replace(mt: re.Match) -> str:
            p = mt.group(1).lower()
            who = person if p in _PERSON_PRONOUNS else thing
            if not who:
                return mt.group(1)
            return f"{who}'s" if p in _POSSESSIVE else who
        rewritten = _PRONOUN_RE.sub(replace, q)
        if rewritten != q:
            return Resolved(rewritten, True)
    return Resolved(question, False)


def _substitute(previous: str, new: str, index: Index | None = None) -> str:
    """The previous question about something else: "Who is Mexico's president?" + "Canada" ->
    "Who is Canada's president?"; "What did he say about security?" + "cartels" -> "... about
    cartels?"; "What did Carney say?" + "cartels" -> "What did Carney say about cartels?". A name
    (capitalised as typed, or as the knowledge writes it) replaces the last name; anything else
    replaces the final phrase after a preposition, or follows a closing verb of saying."""
    prev = previous.strip().rstrip("?!. ")
    if new[:1].isupper() or _names(new, skip_first=False) or _written_as_name(new, index):
        names = _names(prev)
        if names:
            at = prev.rfind(names[-1])
            return f"{prev[:at]}{new}{prev[at + len(names[-1]):]}?"
    tokens = prev.split()
    for i in range(len(tokens) - 1, 0, -1):
        if tokens[i].lower() in _PREPOSITIONS:
            return " ".join(tokens[: i + 1] + [new]) + "?"
    if tokens and text.fold(tokens[-1]) in _SAYING:
        return f"{prev} about {new}?"
    return f"{prev} {new}?"


# verbs a question can end on that take "about X" ("what did he say?" -> "... say about X?")
_SAYING = frozenset("say said says think thinks thought mean means meant tell told add added write wrote "
                    "announce announced explain explained".split())


def _written_as_name(words: str, index: Index | None) -> bool:
    """Does the knowledge write each of these words with a capital inside a sentence ("carney"
    typed for "Carney")?"""
    if index is None or not words.split():
        return False
    corpus = index.corpus
    for w in words.split():
        terms = text.terms(w)
        if not terms or terms[0] not in index.sentences.vocab:
            return False
        pattern = re.compile(rf"(?<=\S\s){re.escape(w[:1].upper() + w[1:].lower())}\b")
        if not any(pattern.search(corpus.plain(corpus.sentences[sid]))
                   for sid in index.sentences.postings(terms[0])[0][:20].tolist()):
            return False
    return True


def ask(question: str, index: Index, conversation: Conversation, top: int = 3) -> tuple[qa.Answer, Resolved]:
    """Answer a chat turn in the light of the conversation, and remember it."""
    resolved = resolve(question, conversation, index)
    exclude = frozenset(conversation.shown) if resolved.more else frozenset()
    ans = qa.answer(resolved.text, index, top=top, exclude=exclude)
    if resolved.followup and not ans.answered and not resolved.more:
        # the context did not help; the question may stand on its own after all
        alone = qa.answer(question, index, top=top)
        if alone.answered:
            ans, resolved = alone, Resolved(question, False)
    ans.question = question
    if not resolved.more:
        conversation.shown.clear()
    conversation.shown.update(ans.sentence_ids)
    conversation.turns.append(Turn(question, resolved.text, ans))
    return ans, resolved
