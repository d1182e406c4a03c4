"""A question read into a query: its content terms, what each may match in the knowledge, and
how much of it the knowledge holds.

Every content word of the question becomes a term with alternatives: itself when the
knowledge has it, a typo fix, the other half of a compound, a derived form, a synonym. Each
alternative carries a query weight (how much a match counts in BM25) and a credit (how surely
the word was found, for the evidence that the knowledge covers the question).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property

from bot.answering.lexicon import THESAURUS, TYPO_MIN_LEN, Lexicon, lexicon
from bot.answering.rarity import NAME_SHARE, Rarity, general
from bot.index.bm25 import Index
from bot.language import analysis, wordlists
from bot.language.questions import Gender, Kind, Question, read

# Query weights of a word's alternatives, by how it was found.
LIGHT_WORD_WEIGHT = 0.7  # a generic word ("come", "take": wordlists.LIGHT_WORDS); SQuAD top-1 +0.003
RELATED_WEIGHT = 0.3  # a word of the text sharing a long prefix or a Latin stem ("invade"/"invasion")
TYPO_WEIGHT = 0.6  # the word of the text one edit away
COMPOUND_WEIGHT = 0.7  # a part of a compound the text writes as two words
UNKNOWN_RELATED_WEIGHT = 0.6  # a related word, for a word the knowledge lacks
SYNONYM_WEIGHT = 0.4  # a thesaurus synonym
# An alternative at least this heavy stands for the word itself (a typo fix, not a synonym).
SAME_WORD = 0.6
# Credit for an alternative of weight w in the coverage of the question: min(1, w + this).
CREDIT_BONUS = 0.3
# A generic word's share in the coverage, against 1 for any other word.
LIGHT_WORD_SHARE = 0.5


@dataclass(frozen=True)
class Context:
    """What a conversation adds to a question: the terms of its last few turns (the most recent
    first), the words of the last answer it was shown and where that answer stood."""

    turns: tuple[dict[str, float], ...] = ()  # each turn's query terms, the last turn first
    answer_terms: tuple[str, ...] = ()  # the terms of the last answer shown
    last_answer: tuple[int, ...] = ()  # sentence ids
    # whom the question's "he" or "she" refers to: the terms of the name, and which pronoun
    person: tuple[tuple[str, ...], Gender] | None = None

    def __bool__(self) -> bool:
        return bool(self.turns or self.last_answer or self.person)


NO_CONTEXT = Context()


@dataclass
class Query:
    question: Question  # the question as read
    content: list[str]  # content terms of the question, in order (stems)
    terms: dict[str, float]  # weighted BM25 query, expansions included
    alternatives: dict[str, set[str]]  # content term -> terms that count as matching it
    missing: list[str]  # content words the knowledge does not contain
    coverage: float  # share of content terms found in the knowledge (weighted, credited)
    words: list[str] = field(default_factory=list)  # folded content words, for display
    # content term -> (weight in coverage, credit when found)
    evidence: dict[str, tuple[float, float]] = field(default_factory=dict)
    context: Context = NO_CONTEXT  # the conversation it was asked in
    respelled: str | None = None  # the question as its typos were read (None: read as typed)

    @property
    def text(self) -> str:
        return self.question.text

    @property
    def kind(self) -> Kind:
        return self.question.kind

    @cached_property
    def stems(self) -> set[str]:
        """The question's own terms, and what they were corrected to (not synonyms)."""
        out = set(self.content)
        for alts in self.alternatives.values():
            out |= {a for a in alts if self.terms.get(a, 0) >= SAME_WORD}
        return out

    @cached_property
    def last_terms(self) -> set[str]:
        """The question's last content word and its alternatives: in "who did X meet?" the
        answer follows "met"."""
        if not self.content:
            return set()
        return self.alternatives.get(self.content[-1], set()) | {self.content[-1]}

    @cached_property
    def noun(self) -> set[str]:
        """The terms of the noun a what/which question asks about, with their alternatives:
        "which sectors" -> {"sector", "area", ...}."""
        nouns = self.question.noun
        return set(nouns).union(*(self.alternatives.get(t, ()) for t in nouns))

    @cached_property
    def anchors(self) -> set[str]:
        return set(self.terms) | self.stems


# Acronyms typed in lower case, in a question: read as the acronym (documents are matched
# case-sensitively, where "us" is a pronoun; a stopword is never taken for one).
_LOWER_ACRONYM = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(
        sorted(
            (a.lower() for a in wordlists.ACRONYMS if a.isalnum() and a.lower() not in wordlists.STOPWORDS),
            key=len,
            reverse=True,
        )
    )
    + r")(?![\w])"
)


_SHORT_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]{3,6}(?![\w'’-])")


def fix_function_words(question: str, vocab: Collection[str]) -> str:
    """Function words typed with two letters swapped ("when was teh visit", "waht is it"): a
    word of three to six letters that neither the knowledge (`vocab`, its terms) nor English at
    large (the `rarity` table) knows, and that one swap of neighbouring letters makes a
    stopword, and only one, is read as that stopword."""
    rarity = general()

    def fix(m: re.Match[str]) -> str:
        word = m.group()
        low = word.lower()
        term = analysis.stem(low)
        if low in wordlists.STOPWORDS or term in vocab or rarity.idf(term) < rarity.unseen:
            return word
        swaps = {low[:i] + low[i + 1] + low[i] + low[i + 2 :] for i in range(len(low) - 1)}
        fixes = swaps & wordlists.STOPWORDS
        if len(fixes) != 1:
            return word
        fixed = fixes.pop()
        return fixed.capitalize() if word[0].isupper() else fixed

    return _SHORT_WORD.sub(fix, question)


_TOKEN = re.compile(r"[\w'’.-]+")


def shouted(text: str) -> bool:
    """Is the question typed in capitals throughout (most of its words, and more than one), so
    its capitals say nothing of names?"""
    letters = [t for t in _TOKEN.findall(text) if any(c.isalpha() for c in t)]
    return len(letters) > 1 and sum(t.isupper() for t in letters) > len(letters) / 2


def capitalised_words(text: str) -> set[str]:
    """The folded words a question writes with a capital past its first word ("What did Trump
    say?": {"trump"}); none when its capitals say nothing (`shouted`)."""
    if shouted(text):
        return set()
    return {w for t in _TOKEN.findall(text)[1:] if t[:1].isupper() for w in analysis.words(t)}


def named_words(text: str) -> set[str]:
    """The folded words past its first that a question names: those it writes with a capital
    (`capitalised_words`), or, when its capitals say nothing (typed in capitals throughout, or
    in lower case from its first letter with no capital past it), those English at large writes
    capitalised (`rarity`: "trump" in "what did trump say", not "plan") or does not know at all
    ("sheinbaum")."""
    if capitalised := capitalised_words(text):
        return capitalised
    first = next((c for c in text if c.isalpha()), "")
    if not (shouted(text) or first.islower()):
        return set()  # "What did the president say?": written with capitals, naming no one
    rarity = general()
    return {
        w
        for t in _TOKEN.findall(text)[1:]
        for w in analysis.words(t)
        if rarity.capitalized(w) >= NAME_SHARE or not _english(w, rarity)
    }


# A word the general corpus (the `rarity` table) holds in at least this many of its documents
# is a word, not a typo, though English's word list lacks it (a name): a typo shares a hashed
# bucket with a word one time in 15, with a word of three documents or more one time in 50.
KNOWN_DOCUMENTS = 3
# A word (or a part of a hyphenated one), perhaps with a possessive "'s".
_WORD = re.compile(r"(?<![\w'’])[^\W\d_]+(?=['’]s\b|(?![\w'’]))")


def fix_typos(question: str, lex: Lexicon) -> str:
    """Content words typed with a typo ("what did the prseident say"): a word of five letters or
    more that neither the knowledge nor English (the `rarity` table's word list and corpus)
    knows, and that one edit makes a word of the knowledge, is read as that word, by every
    stage after (the ranker's columns, the evidence, the names): the question as if typed
    right. A word English knows is left as typed ("slaying" is not "saying"); the query may
    still find it one edit away (`_alternatives`). Typed "atetnding" where the text says
    "attended", the word one edit away that the text does not write but whose term it holds
    ("attending") is read; failing those, the commonest word English spells one edit away whose
    term the text holds, or a synonym of it, or that phrases a question ("happneed":
    `Lexicon.in_english`). A name (capitalised past the question's first word) is never read
    as a word English writes in lower case ("Herve" is not "serve"). A word of any length typed
    without the accents the text writes it with ("sao paulo", "segolene"), or with accents the
    text leaves out ("Ségolène" of a text that writes "Segolene"), is read as the text writes it,
    English or not ("mexico": "méxico"), unless the text writes it as typed too."""
    rarity = general()
    capitals_name = not shouted(question)

    def fix(m: re.Match[str]) -> str:
        word = m.group()
        low = analysis.fold(word)
        term = analysis.stem(low)
        if low in wordlists.STOPWORDS or term in lex.vocab:
            return word
        if accented := lex.accented(low):
            return _cased(accented, word)
        if len(low) < TYPO_MIN_LEN or _english(low, rarity):
            return word
        fixed = lex.respelled(low)
        if fixed is None and low.endswith("s") and (single := lex.respelled(low[:-1])):
            fixed = single + "s"  # a plural, or a possessive typed without its apostrophe
        if fixed is None:  # a word English spells that the text answers to ("happneed")
            fixed = lex.in_english(low, rarity.knows, rarity.holding)
        if fixed is None:
            return word
        named = capitals_name and word[:1].isupper() and any(c.isalpha() for c in question[: m.start()])
        if named and _lower_case_word(fixed, rarity):
            return word
        return _cased(fixed, word)

    return _WORD.sub(fix, question)


# A Roman numeral in capitals ("VIII", "XIV"; not "CDC" or "DVD").
_ROMAN = r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
# An acronym as a question types it: three to six letters, in capitals (a plural's "s" after
# them) or in lower case; not a Roman numeral. Two letters spell too many phrases by chance
# ("In Iraq").
_ACRONYM_TYPED = re.compile(rf"(?<![\w'’.-])(?!{_ROMAN}s?(?![\w'’-]))([A-Z]{{3,6}}|[a-z]{{3,6}})(s?)(?![\w'’-])")


def spell_out_acronyms(question: str, lex: Lexicon) -> str:
    """Acronyms the knowledge does not write, read as the phrase of it they stand for (typed
    "USMCA" or "usmca", the text says "United States-Mexico-Canada Agreement": `Lexicon.
    spelled_out`), so the question asks what the text holds. An acronym the text writes (a
    plural, "FBIs", of one it writes in the singular is read so), one of `wordlists.ACRONYMS`
    (read the same way on both sides), or one none of the text's phrases spells stays as typed:
    an unknown word, which the text does not mention. In lower case, only a word English's word
    list lacks is taken for one (the `rarity` table: "nyc", not "cat"); in a question typed in
    capitals throughout, none is."""
    if shouted(question):
        return question
    rarity = general()

    def fix(m: re.Match[str]) -> str:
        word, plural = m.group(1), m.group(2)
        low = word.lower()
        if word.upper() in wordlists.ACRONYMS or low in wordlists.STOPWORDS:
            return m.group()
        if all(t in lex.vocab for t in analysis.terms(m.group())):
            return m.group()  # the text writes it
        if plural and word.isupper() and all(t in lex.vocab for t in analysis.terms(word)):
            return word  # the text writes it in the singular ("FBIs" of a text that writes "FBI")
        if word.islower() and (rarity.knows(low) or rarity.knows(low + plural)):
            return m.group()
        phrase = lex.spelled_out(word.upper())
        return m.group() if phrase is None else phrase

    return _ACRONYM_TYPED.sub(fix, question)


def _cased(fixed: str, typed: str) -> str:
    """The folded word `fixed` in the capitals of the word as typed."""
    if typed.isupper() and len(typed) > 1:
        return fixed.upper()
    return fixed[:1].upper() + fixed[1:] if typed[:1].isupper() else fixed


def _english(word: str, rarity: Rarity) -> bool:
    """Does English know the folded `word`: in its word list, or its term in three documents or
    more of the general corpus (names the list lacks: "Sheinbaum" would be, were it there)?"""
    return rarity.knows(word) or rarity.holding(analysis.stem(word)) >= KNOWN_DOCUMENTS


def _lower_case_word(word: str, rarity: Rarity) -> bool:
    """Is `word` one English knows and writes in lower case ("serve"; not "Isaac")?"""
    return _english(word, rarity) and rarity.capitalized(word) < NAME_SHARE


def analyze(question: str, index: Index, context: Context = NO_CONTEXT, kind: Kind | None = None) -> Query:
    """Turn a question into weighted terms matched against the knowledge's vocabulary (`kind`:
    what it asks for, when the caller knows better than its wording)."""
    lex = lexicon(index)
    vocab = lex.vocab
    fixed = fix_typos(spell_out_acronyms(fix_function_words(question, vocab), lex), lex)
    respelled, question = (fixed if fixed != question else None), fixed
    asked = read(_LOWER_ACRONYM.sub(lambda m: m.group().upper(), question), vocab, kind)  # "pm" typed for "PM"
    asked_by = asked.asked_by
    dropped = asked_by | wordlists.QUESTION_FILLERS
    content_words = [w for w in analysis.content_words(asked.text) if w not in dropped]
    # "how deep was it?" looks for the depth, when the text speaks of one
    content_words += [
        wordlists.MEASURE_NOUNS[w]
        for w in sorted(asked_by)
        if analysis.stem(wordlists.MEASURE_NOUNS.get(w, "")) in vocab
    ]
    content: list[str] = []
    terms: dict[str, float] = {}
    alternatives: dict[str, set[str]] = {}
    missing: list[str] = []
    found_w = total_w = 0.0

    def add(term: str, weight: float) -> None:
        terms[term] = max(terms.get(term, 0.0), weight)

    evidence: dict[str, tuple[float, float]] = {}
    seen: set[str] = set()
    for word in content_words:
        for term in analysis.terms(word):
            if term in seen:
                continue
            seen.add(term)
            content.append(term)
            alts = _alternatives(word, term, lex)
            for alt, w in alts:
                add(alt, w)
            alternatives[term] = {alt for alt, _ in alts}
            # The share of content words found (not IDF-weighted: on a small knowledge base IDF
            # is too compressed to tell a rare word from a common one); generic words count less.
            weight = LIGHT_WORD_SHARE if word in wordlists.LIGHT_WORDS else 1.0
            credit = max((min(1.0, w + CREDIT_BONUS) for _, w in alts), default=0.0)
            evidence[term] = (weight, credit)
            total_w += weight
            found_w += weight * credit
            if not alts:
                missing.append(word)
    # Adjacent content words that the text writes as one word ("cyber security").
    for a, b in zip(content_words, content_words[1:]):
        joined = analysis.stem(a + b)
        if joined in vocab:
            add(joined, 1.0)
    coverage = found_w / total_w if total_w else 0.0
    return Query(asked, content, terms, alternatives, missing, coverage, content_words, evidence, context, respelled)


def _alternatives(word: str, term: str, lex) -> list[tuple[str, float]]:
    """(term of the knowledge, query weight) that a question word may be found as."""
    vocab = lex.vocab
    alts: list[tuple[str, float]] = []
    if term in vocab:
        alts.append((term, LIGHT_WORD_WEIGHT if word in wordlists.LIGHT_WORDS else 1.0))
        alts += [(rel, RELATED_WEIGHT) for rel in lex.related(term)]
    elif len(word) > analysis.MAX_WORD_LEN:
        pass  # nothing that long is a typo of a word of the text
    elif fixed := lex.near(word) or (word.endswith("s") and lex.near(word[:-1])):
        alts.append((fixed, TYPO_WEIGHT))  # a typo, perhaps with a plural or dropped-apostrophe "s"
    else:
        alts += [(part, COMPOUND_WEIGHT) for part in lex.split_compound(word)]
        alts += [(rel, UNKNOWN_RELATED_WEIGHT) for rel in ([] if alts else lex.related(term))]
    if (numeral := wordlists.NUMERALS.get(word)) is not None and numeral in vocab:
        alts.append((numeral, 1.0))  # "2" for "two", and back
    alts += [(syn, SYNONYM_WEIGHT) for syn in THESAURUS.get(term, ()) if syn in vocab]
    return alts
