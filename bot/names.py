"""Names in text: capitalised runs, nationality adjectives, and whom the text calls he or she.

Rules on capitals, not a list of people or places: a run of capitalised words (joined by
"of", "de", "van"...) is a name candidate; titles and nationality adjectives in front of it
("Mexican President") are not part of the name.
"""

from __future__ import annotations

import re

from . import text, wordlists
from .index import Index

_CAP_TOKEN = r"(?:[A-Z\u00c0-\u00de][\w'’.\-–—]*|\d(?:[\d\-–—/.,]*\d)?(?:st|nd|rd|th)?)"


# A run of capitalised words (or numbers), joined by wordlists.NAME_JOINERS: a name candidate.
CAPITALISED_RUN = re.compile(
    rf"{_CAP_TOKEN}(?:\s+(?:(?:{'|'.join(sorted(wordlists.NAME_JOINERS - {'&'}))}|&)\s+)?{_CAP_TOKEN})*"
)


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
        first = text.fold(words[0]).strip(".")
        if (
            first in wordlists.STOPWORDS
            or first in wordlists.TITLES
            or any(c.isdigit() for c in first)
            or is_demonym(first)
            or text.fold(words[1]).strip(".") in wordlists.TITLES
        ):
            words.pop(0)
        else:
            break
    return " ".join(words)


def names_in(s: str, skip_first: bool = True) -> list[str]:
    """The names in a text, bare, in order (with `skip_first`, the capital of its first word
    is not taken for one: "Who met ..." does not name "Who")."""
    out = []
    for m in CAPITALISED_RUN.finditer(s):
        run = m.group()
        if skip_first and not s[: m.start()].strip():
            rest = run.split(maxsplit=1)
            if len(rest) < 2:
                continue
            run = rest[1]
        name = bare(run)
        if (
            name
            and re.search(r"[^\W\d]", name)
            and not all(w in wordlists.STOPWORDS for w in text.words(name))
            and not (" " not in name and is_demonym(text.fold(name)))
        ):  # "Canadian" alone is no name
            out.append(name)
    return out


def gender_in(name: str, index: Index) -> str | None:
    """ "m" or "f" when the knowledge refers to `name` as he or she (pronouns in the sentences
    that mention the name's last word, and the first word of the sentence after each), or by
    a gendered title; None when it does not say."""
    cache: dict[str, str | None] = index.memo("genders", dict)
    if name in cache:
        return cache[name]
    parts = name.split()
    last_terms = text.terms(parts[-1]) if parts else []
    score = 0
    corpus = index.corpus
    if last_terms and last_terms[0] in index.sentences.vocab:
        surname = text.fold(parts[-1])
        for sid in index.sentences.postings(last_terms[0])[0][:200].tolist():
            sent = corpus.sentences[sid]
            words = text.words(corpus.plain(sent))
            window = list(words)
            if sid + 1 < len(corpus.sentences) and corpus.sentences[sid + 1].passage == sent.passage:
                after = text.words(corpus.plain(corpus.sentences[sid + 1]))
                if after and after[0] in wordlists.MALE_PRONOUNS | wordlists.FEMALE_PRONOUNS:
                    window += after[:1]
            score += sum(w in wordlists.MALE_PRONOUNS for w in window) - sum(
                w in wordlists.FEMALE_PRONOUNS for w in window
            )
            for i, w in enumerate(words[:-1]):
                if words[i + 1] == surname or (i + 2 < len(words) and words[i + 2] == surname):
                    score += 2 * ((w in wordlists.MALE_TITLES) - (w in wordlists.FEMALE_TITLES))
    result = "m" if score > 0 else "f" if score < 0 else None
    cache[name] = result
    return result


def pronoun_gender(words: list[str]) -> str | None:
    """ "m" for he/him/his, "f" for she/her/hers among folded words; None for neither."""
    has = set(words)
    return "m" if has & wordlists.MALE_PRONOUNS else "f" if has & wordlists.FEMALE_PRONOUNS else None
