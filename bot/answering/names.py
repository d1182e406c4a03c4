"""Names in text: capitalised runs, nationality adjectives, whom the text calls he or she, and
a name as an answer (where it starts and ends, and what the text calls the person).

Rules on capitals, not a list of people or places: a run of capitalised words (joined by
"of", "de", "van"...) is a name candidate; titles and nationality adjectives in front of it
("Mexican President") are not part of the name.
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from bot.index.bm25 import Index
from bot.language import analysis, patterns, wordlists
from bot.language.questions import Gender, overlaps_question


def is_demonym(word: str, i_ending: bool = True) -> bool:
    """A folded nationality adjective ("mexican", "japanese", "dutch"), by its ending or by list.
    `i_ending=False` leaves out "-i" ("israeli"), an ending many surnames share ("Giuliani")."""
    endings = wordlists.DEMONYM_ENDINGS if i_ending else wordlists.DEMONYM_ENDINGS[:-1]
    return (word.endswith(endings) or word in wordlists.DEMONYMS) and word.isalpha()


def bare(name: str) -> str:
    """A name without the articles, titles, numbers and nationality adjectives before it, or
    the possessive after it: "The Mexican President Claudia Sheinbaum's" -> "Claudia
    Sheinbaum" (the text may call her by name alone)."""
    words = [w.strip(".,;:'’\"“”()") for w in name.split()]
    if words:
        words[-1] = re.sub(r"['’]s$", "", words[-1])
    words = [w for w in words if w]
    while len(words) > 1:
        first = analysis.fold(words[0]).strip(".")
        if (
            first in wordlists.STOPWORDS
            or first in wordlists.TITLES
            or any(c.isdigit() for c in first)
            or is_demonym(first)
            or analysis.fold(words[1]).strip(".") in wordlists.TITLES
        ):
            words.pop(0)
        else:
            break
    return " ".join(words)


def names_in(s: str, skip_first: bool = True) -> list[str]:
    """The names in a text, bare, in order (with `skip_first`, the capital of its first word
    is not taken for one: "Who met ..." does not name "Who"). A news dateline's place ("Los
    Angeles (CNN) -- A man ...") is nobody's name: the story's "he" is not it."""
    out = []
    for m in patterns.CAPITALISED_RUN.finditer(s):
        run = m.group()
        if patterns.DATELINE_AFTER.match(s, m.end()):
            continue
        if skip_first and not s[: m.start()].strip():
            rest = run.split(maxsplit=1)
            if len(rest) < 2:
                continue
            run = rest[1]
        name = bare(run)
        if (
            name
            and re.search(r"[^\W\d]", name)
            and not all(w in wordlists.STOPWORDS for w in analysis.words(name))
            and not (" " not in name and is_demonym(analysis.fold(name)))
        ):  # "Canadian" alone is no name
            out.append(name)
    return out


# what each index says of people, worked out on first use and gone with the index
_GENDERS: WeakKeyDictionary[Index, dict[str, Gender | None]] = WeakKeyDictionary()
_MAIN_PEOPLE: WeakKeyDictionary[Index, dict[tuple[int, Gender], str | None]] = WeakKeyDictionary()
_PEOPLE: WeakKeyDictionary[Index, dict[int, dict[str, Gender]]] = WeakKeyDictionary()


def personal(name: str) -> bool:
    """Whether a name could be a person's: not written in capitals throughout (an acronym or a
    dateline: "SAG", "CNN", "NEW YORK"). (A nationality's endings are no test: "Rodman",
    "Kagan" and "Cuccinelli" end as "Korean" and "Israeli" do; on CoQA it lost them.)"""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and not (len(letters) > 1 and all(c.isupper() for c in letters))


def gender_in(name: str, index: Index) -> Gender | None:
    """He or she, when the knowledge refers to `name` so (pronouns in the sentences
    that mention the name's last word, and the first word of the sentence after each), or by
    a gendered title; None when it does not say, or the name is no person's (`personal`)."""
    cache = _GENDERS.setdefault(index, {})
    if name in cache:
        return cache[name]
    if not personal(name):
        cache[name] = None
        return None
    parts = name.split()
    last_terms = analysis.terms(parts[-1]) if parts else []
    score = 0
    corpus = index.corpus
    if last_terms and last_terms[0] in index.sentences.vocab:
        surname = analysis.fold(parts[-1])
        for sid in index.sentences.postings(last_terms[0])[0][:200].tolist():
            sent = corpus.sentences[sid]
            words = analysis.words(corpus.plain(sent))
            window = list(words)
            if sid + 1 < len(corpus.sentences) and corpus.sentences[sid + 1].passage == sent.passage:
                after = analysis.words(corpus.plain(corpus.sentences[sid + 1]))
                if after and after[0] in wordlists.MALE_PRONOUNS | wordlists.FEMALE_PRONOUNS:
                    window += after[:1]
            score += sum(w in wordlists.MALE_PRONOUNS for w in window) - sum(
                w in wordlists.FEMALE_PRONOUNS for w in window
            )
            for i, w in enumerate(words[:-1]):
                if words[i + 1] == surname or (i + 2 < len(words) and words[i + 2] == surname):
                    score += 2 * ((w in wordlists.MALE_TITLES) - (w in wordlists.FEMALE_TITLES))
    result = Gender.HE if score > 0 else Gender.SHE if score < 0 else None
    cache[name] = result
    return result


# A person named in full: two to four capitalised words, none a joiner ("Mexico and Canada").
_FULL_NAME = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3}")


def named_in_full(index: Index, sids: list[int]) -> dict[str, int]:
    """The names these sentences write in full (two to four capitalised words), in the order
    first written, each with the sentence first writing it."""
    corpus = index.corpus
    out: dict[str, int] = {}
    for sid in sids:
        for n in names_in(corpus.plain(corpus.sentences[sid]), False):
            if _FULL_NAME.fullmatch(n):
                out.setdefault(n, sid)
    return out


# How many of a story's opening sentences are read for the people it is about: news names its
# subject in the lead (CoQA CNN chats by halves: 3 to 10 sentences do as well as each other,
# and 1-2 turns better than 30 on one half, the same on the other).
MAIN_PERSON_WITHIN = 5


def main_person(index: Index, doc: int, gender: Gender) -> str | None:
    """Whom a story is about, for a "he" or "she" that no earlier turn explains: of the people
    its opening sentences name in full whom it calls by that pronoun, the one its sentences
    mention most (news names a person in full once, by last name after); None when it calls
    none of them so."""
    cache = _MAIN_PEOPLE.setdefault(index, {})
    if (doc, gender) not in cache:
        sids = index.corpus.document_sentences(doc)
        named = named_in_full(index, sids[:MAIN_PERSON_WITHIN])
        best, most = None, 0
        for name in named:
            last = analysis.terms(name.split()[-1])
            if not last:
                continue
            found = index.sentences.postings(last[0])[0]  # a document's sentences are consecutive
            mentions = int(((found >= sids[0]) & (found <= sids[-1])).sum())
            if mentions > most and gender_in(name, index) == gender:
                best, most = name, mentions
        cache[(doc, gender)] = best
    return cache[(doc, gender)]


def _pronouns(gender: Gender) -> tuple[frozenset[str], frozenset[str]]:
    """The pronouns of a gender, and those of the other."""
    male, female = wordlists.MALE_PRONOUNS, wordlists.FEMALE_PRONOUNS
    return (male, female) if gender == Gender.HE else (female, male)


def means_person(index: Index, sid: int, person: tuple[str, ...], gender: Gender) -> bool:
    """Whether a sentence means the person a question's pronoun means (`person`: the terms of
    their name), by name or by that pronoun."""
    if set(index.sentence_terms[sid]) & set(person):
        return True
    return bool(_pronouns(gender)[0] & set(analysis.words(index.corpus.plain(index.corpus.sentences[sid]))))


def people(index: Index, doc: int) -> frozenset[str]:
    """The terms of the last names of the people a document names in full (two to four
    capitalised words) whom the knowledge calls he or she (`gender_in`): news names a person in
    full once and by last name after. A country the text calls "her" is not named in full."""
    return frozenset(genders(index, doc))


def genders(index: Index, doc: int) -> dict[str, Gender]:
    """`people` of a document, each with how the knowledge calls them (he or she)."""
    cache = _PEOPLE.setdefault(index, {})
    if doc not in cache:
        found: dict[str, Gender] = {}
        for n in named_in_full(index, index.corpus.document_sentences(doc)):
            gender = gender_in(n, index)
            if gender is not None:
                for t in analysis.terms(n.split()[-1])[:1]:
                    found.setdefault(t, gender)
        cache[doc] = found
    return cache[doc]


def may_be_meant(name: str, index: Index, docs: set[int]) -> bool:
    """Whether "he" or "she" may mean a name: a name written in full (two to four capitalised
    words), or one word that is the last name of someone the documents `docs` name in full
    (`people`). A country the text calls "her" ("Canada") is neither."""
    if _FULL_NAME.fullmatch(name):
        return True
    terms = analysis.terms(name)
    return len(terms) == 1 and any(terms[0] in people(index, doc) for doc in sorted(docs))


def means_another(index: Index, sid: int, person: tuple[str, ...], gender: Gender) -> bool:
    """Whether a sentence means someone other than the person a question's pronoun means: by
    the other pronoun, or by the last name of another of its document's `people`. "What did
    she say?" after Sheinbaum: '"...," Carney said' is another's words."""
    corpus = index.corpus
    sentence = corpus.sentences[sid]
    if _pronouns(gender)[1] & set(analysis.words(corpus.plain(sentence))):
        return True
    return bool((people(index, sentence.doc) - set(person)) & set(index.sentence_terms[sid]))


def pronoun_gender(words: list[str]) -> Gender | None:
    """ "m" for he/him/his, "f" for she/her/hers among folded words; None for neither."""
    has = set(words)
    return Gender.HE if has & wordlists.MALE_PRONOUNS else Gender.SHE if has & wordlists.FEMALE_PRONOUNS else None


# ---------------------------------------------------------------------------------------------
# A name as an answer: where it starts and ends, what the text calls the person


def opening_name(span: str) -> bool:
    """A capitalised run that opens a sentence is a name when, past leading function words,
    two or more capitalised words remain ("The European Commission has ..."): a single
    capitalised word there may be any word."""
    words = span.split()
    while words and analysis.fold(words[0]) in wordlists.STOPWORDS:
        words.pop(0)
    named = [w for w in words if analysis.fold(w) not in wordlists.NAME_JOINERS]  # "Port of Rotterdam"
    return len(named) >= 2 and all(w[:1].isupper() for w in named)


def trim_name(sentence: str, s: int, e: int, qstems: set[str], person: bool = False) -> tuple[int, int, int] | None:
    """Drop leading function words, titles and question words from a capitalised span (and,
    for a person, leading numbers: "2025 Latin Times" -> "Latin Times")."""
    tokens = [(m.start() + s, m.end() + s) for m in re.finditer(r"\S+", sentence[s:e])]
    unexplained = 0  # leading words dropped that the question did not ask about ("Mexican President")
    while tokens:
        tok = sentence[tokens[0][0] : tokens[0][1]]
        low = analysis.fold(tok).strip(".,")
        if (
            low in wordlists.STOPWORDS
            or low in wordlists.TITLES
            or low in ("of", "de", "&")
            or (person and low.isdigit())
            or overlaps_question(tok, qstems)
        ):
            tokens.pop(0)
            continue
        if (
            len(tokens) > 1
            and is_demonym(low)
            and analysis.fold(sentence[tokens[1][0] : tokens[1][1]]) in wordlists.TITLES
        ):
            unexplained += 1
            tokens.pop(0)
            continue
        break
    while tokens:
        tok = sentence[tokens[-1][0] : tokens[-1][1]]
        low = analysis.fold(tok).strip(".,")
        if (
            low in wordlists.STOPWORDS
            or low in ("of", "de", "&")
            or overlaps_question(tok, qstems)
            or (person and tok[:1].isdigit())
        ):  # "France 4-2": the score is not the name
            tokens.pop()
            continue
        break
    if not tokens:
        return None
    return tokens[0][0], tokens[-1][1], unexplained


def is_role(word: str) -> bool:
    """A title or a word for a role ("minister", "campaigner", "executive")."""
    return word in wordlists.TITLES or word.endswith(wordlists.ROLE_ENDINGS)


def description(sentence: str, named: tuple[str, ...]) -> tuple[int, int] | None:
    """What the sentence calls the person a "who is NAME?" question names (`named`: the words
    of the name): the title or role just before the name ("said Greenpeace campaigner | Faiza
    Oulahsen") or an appositive just after it ("Mark Carney, | the prime minister of Canada,").
    None when it gives neither."""
    found = [x for w in named for x in re.finditer(rf"(?<![\w-]){re.escape(w)}(?![\w-])", sentence, re.I)]
    if not found:
        return None
    start = min(x.start() for x in found)
    end = start
    for x in sorted(found, key=lambda x: x.start()):  # the name: the asked words in a row
        if x.start() <= end + 2:
            end = max(end, x.end())
    # and the rest of the name before them ("Boudewijn | Siemons"), up to a title
    while (m := re.search(r"([A-Z\u00c0-\u00de][\w'’-]*)\s+$", sentence[:start])) and not is_role(
        analysis.fold(m.group(1))
    ):
        start = m.start(1)
    after = re.match(r"\s*,\s*((?:the|a|an)\s[^,;:.()]{3,80}?)\s*[,;.]", sentence[end:])
    if after:
        return end + after.start(1), end + after.end(1)
    run: list[re.Match[str]] = []
    for tok in reversed(list(re.finditer(r"[\w'’.-]+|[^\w\s]", sentence[:start]))):
        low = analysis.fold(tok.group()).strip(".")
        if (
            not tok.group()[0].isalnum()
            or low in wordlists.STOPWORDS
            or low in wordlists.REPORTING_VERBS
            or len(run) == 5
            or tok.group()[0].isdigit()
        ):
            break
        run.insert(0, tok)
    while run and not is_role(analysis.fold(run[-1].group())):
        run.pop()  # the run must end on a title or role ("campaigner", "minister", "executive")
    return (run[0].start(), run[-1].end()) if run else None


def names_only(rest: tuple[str, ...], sentence: str) -> bool:
    """Is the question "who is <a name>?": every word after "who is" (`rest`) a capitalised
    word (in the question, or in the sentence when the question was typed in lower case)?"""
    if not rest or any(
        analysis.fold(w) in wordlists.TITLES | wordlists.PERSON_NOUNS or w in wordlists.ACRONYMS for w in rest
    ):
        return False  # "who is the Canadian PM?" asks for a name
    capitalised = {analysis.fold(w) for w in re.findall(r"\b[A-Z\u00c0-\u00de][\w'’-]*", sentence)}
    if all(w[:1].isupper() for w in rest):
        return True
    # typed in lower case: the asked words the sentence has are capitalised there ("who is
    # mark carney?" against "Prime Minister Carney said")
    said = set(analysis.words(sentence))
    present = [analysis.fold(w).strip(".") for w in rest if analysis.fold(w).strip(".") in said]
    return bool(present) and all(w in capitalised for w in present)
