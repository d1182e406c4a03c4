"""What to offer a person who has not asked yet: example questions and words to complete.

Both are drawn from the loaded knowledge (its names and its salient words), never from a list
written for the bundled article, and every example question is checked to be answerable.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.answering import qa
from bot.answering.names import bare, gender_in, is_demonym
from bot.index.bm25 import Index
from bot.language import analysis, patterns, wordlists

SCAN_SENTENCES = 3000  # enough to find a knowledge base's main names without reading it all


def _names(index: Index) -> tuple[Counter, Counter, set[str]]:
    """Capitalised names of two or more words (not a sentence's first word) and single
    capitalised words, with their counts; and the names the text writes after "the"."""
    corpus = index.corpus
    multi: Counter = Counter()
    single: Counter = Counter()
    after_the: set[str] = set()
    for s in corpus.sentences[:SCAN_SENTENCES]:
        plain = corpus.plain(s)
        folded = " " + analysis.fold(plain)
        for m in patterns.CAPITALISED_RUN.finditer(plain):
            for part in re.split(r"\s+(?:and|&)\s+", m.group()):
                name = bare(part)
                if not name or not re.search(r"[a-z]", name) or analysis.fold(name) in wordlists.STOPWORDS:
                    continue
                (multi if " " in name else single)[name] += 1
                if " the " + analysis.fold(name) in folded:
                    after_the.add(name)
    return multi, single, after_the


def keywords(index: Index, n: int = 5) -> list[str]:
    """Lower-case content words that recur across a few sentences, but not everywhere."""
    bm = index.sentences
    size = max(bm.size, 1)
    scored = []
    for word, term in index.surface.items():
        if len(word) < 5 or not word.isalpha():
            continue
        df = bm.df(term)
        if 2 <= df <= max(3, size // 3):
            scored.append((df, word))
    scored.sort(key=lambda p: (-p[0], p[1]))
    seen: set[str] = set()
    out = []
    for _, w in scored:
        term = index.surface[w]
        if term not in seen:
            seen.add(term)
            out.append(w)
    return out[:n]


def _person(name: str, index: Index) -> bool:
    """A name the knowledge calls he or she that does not end as a nationality does ("South
    Korean"; a suggestion may miss a "Dennis Rodman" by it, a chat's pronoun must not)."""
    return not is_demonym(analysis.fold(name.split()[-1]), i_ending=False) and gender_in(name, index) is not None


def example_questions(index: Index, n: int = 3) -> list[str]:
    """Up to `n` questions the knowledge answers, built from its names and keywords."""
    multi, single, after_the = _names(index)
    candidates: list[str] = []
    # A person: a name whose last word is used alone elsewhere ("Claudia Sheinbaum", later
    # "Sheinbaum") and whom the text calls he or she, not ending as a nationality does. A
    # thing: a long name the text writes after "the" ("the Mexico–Canada Action Plan", not
    # "the Upon A Time" cut from a title).
    people = [nm for nm, _ in multi.most_common() if single.get(nm.split()[-1]) and _person(nm, index)]
    things = [nm for nm, _ in multi.most_common() if nm not in people and len(nm.split()) >= 3 and nm in after_the]
    candidates += [f"Who is {nm}?" for nm in people[:2]]
    candidates += [f"What is the {nm}?" for nm in things[:1]]
    # a keyword the text writes as a name is asked about by its name, not in lower case
    named = {analysis.fold(w) for nm in [*multi, *single] for w in nm.split()}
    candidates += [f"What does it say about {w}?" for w in keywords(index, 20) if w not in named][:3]
    out: list[str] = []
    for q in candidates:
        if len(out) >= n:
            break
        if qa.answer(q, index, top=1).answered:
            out.append(q)
    return out


def completion_words(index: Index, limit: int = 5000) -> list[str]:
    """Words of the knowledge for completion, the most widespread first."""
    bm = index.passages
    df = {word: bm.df(term) for word, term in index.surface.items() if len(word) >= 4 and word.isalpha()}
    df = {word: n for word, n in df.items() if n}
    return sorted(df, key=lambda w: (-df[w], w))[:limit]
