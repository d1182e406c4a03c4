"""What a question's words may be in the knowledge: typo neighbours, derived forms, synonyms.

Built once per index from its own vocabulary (so a typo is fixed to a word the text uses, and
"mexican" finds "mexico" only when the text has it), plus a small thesaurus of reader words and
the words news text tends to use for them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from weakref import WeakKeyDictionary

from bot.index.bm25 import Index
from bot.language import analysis, wordlists


def _thesaurus() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for group in wordlists.THESAURUS_GROUPS:
        stems = {analysis.stem(w) for w in group.split()} - wordlists.AMBIGUOUS_STEMS
        for s in stems:
            out.setdefault(s, set()).update(stems - {s})
    return {s: frozenset(v) for s, v in out.items()}


THESAURUS = _thesaurus()

# Stem endings that alternate between a Latin verb and its noun, after Snowball stemming:
# invad/invas(ion), decid/decis(ion), admit/admiss(ion), solv/solut(ion), receiv/recept(ion).
_ALTERNATIONS = [("d", "s"), ("s", "d"), ("t", "ss"), ("ss", "t"), ("v", "ut"), ("ut", "v"), ("iv", "pt"), ("pt", "iv")]


# A word typed without its accents is read as the text's accented one from this many letters ("são"
# for "sao"; "à" is not "a").
ACCENT_MIN_LEN = 3
# Words shorter than this are not corrected: a four-letter word is one edit away from too many
# others ("mars" / "mark").
TYPO_MIN_LEN = 5
# A word of the text is related to a question word ("mexican" / "mexico") when both have at
# least PREFIX letters in common at the start and differ by at most SUFFIX letters after it;
# the RELATED_MAX closest are kept.
PREFIX = 5
SUFFIX = 3
RELATED_MAX = 3
# A compound ("cybersecurity") is split only when it has COMPOUND_MIN letters or more.
COMPOUND_MIN = 7
# The rest of a word after its initial: letters of which one at least, before any "'s", is in
# lower case ("World War II's" is not "WWI"). A letter alone is an initial of its own ("Gustavo
# A."), not a word, but for a Roman numeral ("World War I").
_ACRONYM_REST = r"\w*[a-zß-ÿ]\w*(?:['’]\w*)?"
_NUMERAL_LETTERS = "IVXLCDM"
# Between two words of an acronym's phrase, on one line: spaces or hyphens, and the small words
# that give no letter (`wordlists.ACRONYM_SKIPS`).
_SPACE = r"(?:[^\S\n]|-)+"
_ACRONYM_GAP = rf"(?:{_SPACE}(?:(?:{'|'.join(map(re.escape, sorted(wordlists.ACRONYM_SKIPS)))}){_SPACE})*)"


class Lexicon:
    """Lookups over an index's vocabulary, built once per index: typo neighbours, prefixes."""

    def __init__(self, index: Index):
        self.vocab = index.vocab
        self.surface = index.surface
        self._alphabet: str | None = None
        self._prefixes: dict[str, list[str]] | None = None
        self._spelled: dict[str, str | None] = {}  # each typo's fix, found once (`spelled`)
        self._respelled: dict[str, str | None] = {}  # likewise, `respelled`'s second look
        self._in_english: dict[str, str | None] = {}  # likewise, `in_english`'s
        self._bare: dict[str, list[str]] | None = None  # the text's accented spellings, by their bare form
        self._spelled_out: dict[str, str | None] = {}  # each acronym's phrase, found once (`spelled_out`)
        self._corpus = index.corpus
        self._df = index.passages.df

    def df(self, term: str) -> int:
        return self._df(term)

    def near(self, word: str) -> str | None:
        """The term of the most frequent word of the text one edit away from `word` (a typo)."""
        spelled = self.spelled(word)
        return None if spelled is None else self.surface[spelled]

    def spelled(self, word: str) -> str | None:
        """The word of the text one edit away from `word` (a typo) as the text spells it, its
        accents typed or not ("fiacnee": "fiancée"): of the most frequent term among them, the
        first spelling in alphabetical order."""
        if word not in self._spelled:
            found = []
            if _typable(word):
                bare = self._accented_spellings()
                near = self._one_edit(word, lambda w: w in self.surface or w in bare)
                found = sorted({s for w in near for s in ([w] if w in self.surface else bare[w])})
            self._spelled[word] = self._likeliest(found, self.surface.__getitem__)
        return self._spelled[word]

    def accented(self, word: str) -> str | None:
        """The text's spelling of `word` typed with other accents than the text writes it, of
        three letters or more, when the text never writes it as typed: typed without them
        ("sao": "são"), with accents the text leaves out ("ségolène": "segolene") or with others
        ("sâo": "são"). Of several ("resume": "résumé", "resumé"), the first of the most frequent
        term."""
        if len(word) < ACCENT_MIN_LEN or word in self.surface:
            return None
        bare = analysis.unaccented(word)
        spellings = self._accented_spellings().get(bare, [])
        if bare != word and bare in self.surface:
            spellings = sorted([bare, *spellings])
        return self._likeliest(spellings, self.surface.__getitem__)

    def _accented_spellings(self) -> dict[str, list[str]]:
        """The text's words written with accents, by their form without them, each list sorted."""
        if self._bare is None:
            self._bare = {}
            for w in sorted(w for w in self.surface if not w.isascii()):  # a sixth of the time of all
                if (bare := analysis.unaccented(w)) != w:
                    self._bare.setdefault(bare, []).append(w)
        return self._bare

    def respelled(self, word: str) -> str | None:
        """`word` one edit away as the knowledge would spell it: a word of the text (`spelled`),
        else a form of one of its terms the text does not write (typed "atetnding", the text says
        "attended": "attending"): the term one edit from the typed word's stem ("atetnd" ->
        "attend"), with the rest of the word as typed after it."""
        if spelled := self.spelled(word):
            return spelled
        if word not in self._respelled:
            self._respelled[word] = self._form(word) if _typable(word) else None
        return self._respelled[word]

    def spelled_out(self, acronym: str) -> str | None:
        """The phrase of the knowledge that `acronym` (capital letters) stands for: words written
        with a capital whose first letters, and those of their hyphenated parts, spell it, with
        small words between them ("USMCA": "United States-Mexico-Canada Agreement"; "OPEC":
        "Organization of the Petroleum Exporting Countries"). Of several, the commonest (ties: the
        first written); None when the knowledge spells none."""
        if acronym not in self._spelled_out:
            words = [
                re.escape(c) + (f"(?:{_ACRONYM_REST})?" if c in _NUMERAL_LETTERS else _ACRONYM_REST) for c in acronym
            ]
            # Opening on its first letter (a literal, which the regex engine looks for fast) and
            # only then looking behind it: a fiftieth of the time of a look-behind first.
            pattern = re.compile(
                words[0][0]
                + r"(?<![\w'’-].)"
                + words[0][1:]
                + "".join(_ACRONYM_GAP + w for w in words[1:])
                + r"(?![\w'’-])"
            )
            texts = (d.text for d in self._corpus.documents)
            found = Counter(" ".join(m.group().split()) for text in texts for m in pattern.finditer(text))
            # A phrase opening on a small word is a sentence's first words ("In the Treaty of Paris").
            named = [(n, p) for p, n in found.items() if analysis.fold(p.split()[0]) not in wordlists.STOPWORDS]
            self._spelled_out[acronym] = max(named, default=(0, None), key=lambda x: x[0])[1]
        return self._spelled_out[acronym]

    def in_english(self, word: str, english: Callable[[str], bool], frequency: Callable[[str], int]) -> str | None:
        """The word English spells (`english`) one edit from `word` that the question can use
        against this text, the commonest (`frequency` of its term): its term is one of the
        text's ("crasihng": "crashing", the text says "crashed"), a synonym of it is, or it is a
        word a question is phrased with ("happneed": "happened"). A typo of a word the text
        lacks is read only so far as the text answers to it; else it stays as typed."""
        if word not in self._in_english:
            found = []
            if _typable(word):
                found = self._one_edit(word, lambda w: w != word and english(w) and self._usable(w))
            self._in_english[word] = max(found, key=lambda w: frequency(analysis.stem(w)), default=None)
        return self._in_english[word]

    def _usable(self, word: str) -> bool:
        term = analysis.stem(word)
        return (
            term in self.vocab
            or word in wordlists.QUESTION_FILLERS
            or any(synonym in self.vocab for synonym in THESAURUS.get(term, ()))
        )

    def _form(self, word: str) -> str | None:
        stem = analysis.stem(word)
        term = self._likeliest(self._one_edit(stem, self.vocab.__contains__), str)
        if term is None:
            return None
        form = term + word[len(stem) :] if word.startswith(stem) else term
        return form if analysis.stem(form) == term else None

    def _one_edit(self, word: str, keep: Callable[[str], bool]) -> list[str]:
        """`word` and the words of three letters or more one edit from it, in its script, that
        `keep` keeps, sorted."""
        if self._alphabet is None:  # the letters the text's words are made of
            self._alphabet = "".join(sorted({c for w in self.surface for c in w if c.isalpha()}))
        # A typo stays within its script: the letters of the word's own Unicode blocks (Latin:
        # everything below U+0250), so a Latin word is not tried against a thousand CJK ones.
        blocks = {_block(c) for c in word}
        letters = "".join(c for c in self._alphabet if _block(c) in blocks)
        return sorted(
            w
            for w in _edits(word, letters)
            if keep(w) and len(w) >= 3 and w.isalpha() and analysis.edit_distance(word, w, 1) <= 1
        )

    def _likeliest(self, spellings: list[str], term_of: Callable[[str], str]) -> str | None:
        """Of `spellings` (sorted), the first of the most frequent term (ties: the first term in
        alphabetical order)."""
        if not spellings:
            return None
        term = max(sorted({term_of(w) for w in spellings}), key=self.df)
        return next(w for w in spellings if term_of(w) == term)

    def related(self, term: str) -> list[str]:
        """Vocabulary terms sharing a long prefix ("mexican" -> "mexico", "canadian" -> "canada"),
        and the other side of a Latin verb/noun pair ("invade" / "invasion")."""
        if len(term) < PREFIX or not term.isalpha():
            return []
        derived = self._derived(term)
        return derived + [t for t in self._prefixed(term) if t not in derived]

    def _derived(self, term: str) -> list[str]:
        out = []
        for a, b in _ALTERNATIONS:
            if term.endswith(a) and len(term) - len(a) >= 3:
                other = term[: len(term) - len(a)] + b
                if other in self.vocab and other != term:
                    out.append(other)
        return out

    def _prefixed(self, term: str) -> list[str]:
        if self._prefixes is None:
            self._prefixes = {}
            for t in self.vocab:
                if len(t) >= PREFIX and t.isalpha():
                    self._prefixes.setdefault(t[:PREFIX], []).append(t)
        out = []
        for t in self._prefixes.get(term[:PREFIX], ()):
            if t == term:
                continue
            lcp = PREFIX
            while lcp < min(len(t), len(term)) and t[lcp] == term[lcp]:
                lcp += 1
            if lcp >= min(len(t), len(term)) - SUFFIX:
                out.append(t)
        return sorted(out, key=lambda t: (abs(len(t) - len(term)), t))[:RELATED_MAX]

    def split_compound(self, word: str) -> list[str]:
        """'cybersecurity' -> ['cyber', 'secur'] when the text writes it as two words."""
        w = word.replace("-", "")
        if not w.isalpha() or len(w) < COMPOUND_MIN:
            return []
        for i in range(3, len(w) - 2):
            left, right = analysis.stem(w[:i]), analysis.stem(w[i:])
            if left in self.vocab and right in self.vocab:
                return [left, right]
        return []


def _typable(word: str) -> bool:
    """Could the word be a typo of a word of the text: letters only, five to forty of them
    (a four-letter word is one edit from too many others; nothing longer is a typo)."""
    return TYPO_MIN_LEN <= len(word) <= analysis.MAX_WORD_LEN and word.isalpha()


def _block(c: str) -> int:
    """Which run of Unicode a letter is from: Latin (with its accents) as one, else by 128."""
    return -1 if ord(c) < 0x250 else ord(c) >> 7


def _edits(word: str, alphabet: str) -> set[str]:
    """The word and every string one deletion, transposition, substitution or insertion away
    from it, over `alphabet`: looked up in the text's words, these are its typo neighbours,
    with no table of the whole vocabulary to build first (that took 1.9 s at 100,000 sentences)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {word}
    out.update(a + b[1:] for a, b in splits if b)
    out.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    out.update(a + c + b[1:] for a, b in splits if b for c in alphabet)
    out.update(a + c + b for a, b in splits for c in alphabet)
    return out


# each index's lexicon, built on first use and gone with its index
_LEXICONS: WeakKeyDictionary[Index, Lexicon] = WeakKeyDictionary()


def lexicon(index: Index) -> Lexicon:
    """The index's lexicon, built on first use."""
    if index not in _LEXICONS:
        _LEXICONS[index] = Lexicon(index)
    return _LEXICONS[index]
