"""Text analysis shared by questions and documents.

One analyzer turns any text into index terms: Unicode NFKC, case folding, dashes and
curly quotes folded, possessives dropped, hyphenated compounds indexed both as parts and
joined, acronyms expanded, irregular verbs lemmatised, stopwords removed, Snowball stemming.
Documents and questions go through the same function, so whatever a reader types meets the
text on equal terms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

from bot.language.wordlists import ACRONYMS, BRITISH_SPELLINGS, IRREGULAR_VERBS, STOPWORDS

_stemmer = Stemmer.Stemmer("english")

# Dashes, minus signs and curly quotes fold to their ASCII forms, so "2025–2028" and
# "Mexico’s" analyse like "2025-2028" and "Mexico's".
_FOLD = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\ufe63": "-",
        "\uff0d": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a9": " copyright ",
    }
)

# An acronym written with dots ("U.S.", "E.U.") reads as one without ("US", "EU").
_DOTTED = re.compile(r"(?<![\w.])((?:[A-Z]\.){2,})(?=[\W]|$)")
_DOTTED_HINT = re.compile(r"[A-Z]\.[A-Z]")
_ACRONYM_HINT = re.compile("|".join(sorted((re.escape(a) for a in ACRONYMS), key=len, reverse=True)))
_ACRONYM_RE = re.compile(
    r"(?<![\w.])(" + "|".join(sorted((re.escape(a) for a in ACRONYMS), key=len, reverse=True)) + r")(?![\w])"
)

# A word: letters/digits, joined by hyphens, apostrophes or inner dots/commas in numbers.
_WORD_RE = re.compile(r"\w+(?:(?:[-'](?=\w)|[.,](?=\d))\w+)*")
_POSSESSIVE_RE = re.compile(r"'(?:s|re|ve|ll|d|m|t)?$")


# Terminal control sequences (CSI "ESC [ ... m", OSC "ESC ] ... BEL", other ESC pairs) and
# control characters: what a paste from a coloured terminal brings along.
_CONTROL_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
# No real word is this long; longer "words" skip the typo and compound searches, whose cost
# grows with the square of a word's length.
MAX_WORD_LEN = 40


def strip_controls(text: str) -> str:
    """The text with terminal escape sequences and control characters made spaces."""
    return _CONTROL_RE.sub(" ", text)


def fold(text: str) -> str:
    """NFKC, case folding, dashes and quotes to ASCII: the form every comparison uses."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()


def unaccented(word: str) -> str:
    """The word without its accents, as typed on a keyboard without them ("são" -> "sao"): its
    letters decomposed (NFD) and their combining marks left out, then composed again."""
    if word.isascii():
        return word
    bare = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


_PERCENT_SIGN = re.compile(r"(?<=\d)\s*%")


def _expand_acronyms(text: str) -> str:
    """Known acronyms spelled out ("U.S." and "US" both read "united states", so each finds the
    other), and "%" written out ("94 percent")."""
    if "%" in text:
        text = _PERCENT_SIGN.sub(" percent", text)
    # A plain search first (no look-behind): most sentences have neither.
    if _DOTTED_HINT.search(text):
        text = _DOTTED.sub(lambda m: m.group(1).replace(".", "") + " ", text)
    if _ACRONYM_HINT.search(text):
        text = _ACRONYM_RE.sub(lambda m: f" {ACRONYMS[m.group(1)]} ", text)
    return text


def words(text: str) -> list[str]:
    """Folded surface words, possessives and contractions removed ("Mexico's" -> "mexico")."""
    return _folded_words(unicodedata.normalize("NFKC", text).translate(_FOLD).casefold())


def _folded_words(text: str) -> list[str]:
    """`words` of a text already folded."""
    found = _WORD_RE.findall(text)
    if "'" not in text and "_" not in text:
        return found  # most sentences: nothing to take off
    out = []
    for w in found:
        w = w.replace("_", "")
        if "'" in w:  # "mexico's" -> "mexico", "countries'" -> "countries", "o'neil" -> "oneil"
            w = _POSSESSIVE_RE.sub("", w.rstrip("'")).replace("'", "")
        if w:
            out.append(w)
    return out


# British spellings read as American ones, on both sides, so "criticised" meets "criticized"
# and "defence" meets "defense": the -ise verbs and their nouns by rule, the rest by list
# (wordlists.BRITISH_SPELLINGS).
_BRITISH_ISE = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|er|ers|ation|ations)$")

# Bumped whenever reading changes what an index holds: the terms a text gives, or how a text
# is cut into titles, passages and sentences (the index cache is keyed by it).
ANALYZER = 7  # 7: blingfire sentences, quotations kept whole


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Base form of one folded word: British spellings as American, irregular verbs, then Snowball."""
    word = BRITISH_SPELLINGS.get(word) or _BRITISH_ISE.sub(r"iz\1", word)
    return _stemmer.stemWord(IRREGULAR_VERBS.get(word, word))


def _stop(word: str) -> bool:
    """A stopword, or an irregular form of one ("done" is "do")."""
    return word in STOPWORDS or IRREGULAR_VERBS.get(word, word) in STOPWORDS


def _word_terms(word: str) -> tuple[str, ...]:
    """Terms for one surface word; a hyphenated compound gives its parts and the joined form."""
    found = _WORD_TERMS.get(word)
    if found is None:
        if "-" not in word:
            found = () if _stop(word) else (stem(word),)
        else:
            parts = [p for p in word.split("-") if p]
            terms = [stem(p) for p in parts if not _stop(p)]
            if all(p.isalpha() for p in parts):
                terms.append(stem("".join(parts)))
            found = tuple(terms)
        if len(_WORD_TERMS) < _WORD_TERMS_MAX:
            _WORD_TERMS[word] = found
    return found


# Each word's terms, remembered: a text of a million words has a few tens of thousands of them.
_WORD_TERMS: dict[str, tuple[str, ...]] = {}
_WORD_TERMS_MAX = 1 << 20


def terms(text: str, surface: dict[str, str] | None = None) -> list[str]:
    """Index terms of a text, in order, repeats kept (BM25 counts them).

    With `surface`, also records each content word's spelling -> its term (for typo matching,
    which must compare what people type with what the text spells, not with stems).
    """
    out: list[str] = []
    folded = _expand_acronyms(unicodedata.normalize("NFKC", text).translate(_FOLD))
    known = _WORD_TERMS.get
    for w in _folded_words(unicodedata.normalize("NFKC", folded).translate(_FOLD).casefold()):
        wt = known(w) or _word_terms(w)  # (the lookup inlined: a third of an index build is here)
        if wt:
            out.extend(wt)
            if surface is not None and "-" not in w:
                surface.setdefault(w, wt[0])
    return out


def content_words(text: str) -> list[str]:
    """Folded words of a question that carry meaning (not stopwords, not question words)."""
    return [w for w in words(_expand_acronyms(text)) if w not in STOPWORDS]


def bigrams(seq: list[str]) -> set[tuple[str, str]]:
    return set(zip(seq, seq[1:]))


def density(sterms: list[str], word_of: dict[str, list[int]]) -> float:
    """Matched question words over the length of the shortest stretch of the sentence that holds
    each of them once (1 when they stand together, less the more words lie between).
    `word_of`: each term that matches -> the question's words (numbers) it stands for."""
    at = [(p, w) for p, t in enumerate(sterms) for w in word_of.get(t, ())]
    need = len({w for _, w in at})
    if need < 2:
        return float(need)
    best = len(sterms)
    count: dict[int, int] = {}
    lo = 0
    for p, w in at:
        count[w] = count.get(w, 0) + 1
        while len(count) == need:
            best = min(best, p - at[lo][0] + 1)
            lw = at[lo][1]
            count[lw] -= 1
            if not count[lw]:
                del count[lw]
            lo += 1
    return need / best


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein (optimal string alignment), giving up past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of `text`, trimmed of surrounding whitespace.

    Blingfire's sentence model (a compiled finite-state machine that knows abbreviations, initials,
    decimals and quotations) finds the boundaries with their offsets, so every span is an exact
    slice of the input. It was chosen over pysbd by measurement (README, Performance): 25 times
    faster, at a cost on the shared sets measured after retraining the models on its sentences.
    """
    if not text.strip():
        return []
    # Inside a paragraph a line break is a hard wrap, not a sentence end. The copy has the
    # same length, so spans found in it are spans of `text`.
    original, text = text, text.replace("\r", " ").replace("\n", " ")
    spans = _segment(text)
    # Repair: spans must not overlap and must cover the text's non-space characters.
    fixed: list[tuple[int, int]] = []
    for i, (s, e) in enumerate(spans):
        if fixed and s < fixed[-1][1]:
            s = fixed[-1][1]
        nxt = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        if e > nxt:
            e = nxt
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            fixed.append((s, e))
    fixed = _cover_gaps(text, fixed)
    fixed = _join_quotations(text, fixed)
    return _merge_fragments(original, [part for s, e in fixed for part in _cut_long(text, s, e)])


def _cover_gaps(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Give text that no span holds (the splitter dropped it) to the span before it, or to
    the first span: no word is ever left out of every sentence."""
    out: list[tuple[int, int]] = []
    for s, e in spans + [(len(text), len(text))]:
        lo = out[-1][1] if out else 0
        gap = text[lo:s]
        if gap.strip():
            first = lo + len(gap) - len(gap.lstrip())
            last = lo + len(gap.rstrip())
            if out:
                out[-1] = (out[-1][0], last)
            elif s < e:
                s = first
            else:
                out.append((first, last))
        if s < e:
            out.append((s, e))
    return out


# A "sentence" longer than this (a page with no full stop) is cut at spaces into parts this
# long: a citation should be readable, and per-sentence work stays bounded.
MAX_SENTENCE_CHARS = 1000


def _cut_long(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The span (s, e), cut at spaces into parts of at most MAX_SENTENCE_CHARS."""
    out = []
    while e - s > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", s + 1, s + MAX_SENTENCE_CHARS)
        cut = cut if cut > s else s + MAX_SENTENCE_CHARS
        end = cut
        while end > s and text[end - 1].isspace():
            end -= 1
        out.append((s, end))
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if s < e:
        out.append((s, e))
    return out


def _segment(text: str) -> list[tuple[int, int]]:
    """Blingfire's sentences of `text`, located back in it (spans may overlap; the caller
    repairs). Its own offsets are mapped from UTF-8 in a Python loop over every byte, three
    times slower than finding each sentence with `str.find` (measured)."""
    import blingfire  # imported on first use: only building an index splits sentences

    try:
        segments = blingfire.text_to_sentences(text).split("\n")
    except (AssertionError, ValueError, UnicodeError):  # its own checks on odd input: one span
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    pos = 0
    for seg in segments:
        seg = seg.strip()
        if not seg:
            continue
        at = text.find(seg, pos)
        if at < 0:  # blingfire changed the text; resynchronise on the segment's first word
            at = text.find(seg.split()[0], pos)
            if at < 0:
                continue
            spans.append((at, len(text)))
            pos = at + len(seg.split()[0])
            continue
        spans.append((at, at + len(seg)))
        pos = at + len(seg)
    return spans


_QUOTES = ('"', "\u201c", "\u201d")


def _join_quotations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep a quotation whole: a sentence that leaves a double quote open is joined to the
    sentences up to the one that closes it ('"We agree. Fully," she said.' is one sentence),
    when that comes within MAX_SENTENCE_CHARS; a quote never closed is left as split."""

    def odd(s: int, e: int) -> bool:
        return sum(text.count(q, s, e) for q in _QUOTES) % 2 == 1

    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        s, _ = spans[i]
        last = i
        if odd(*spans[i]):
            k = i + 1
            while k < len(spans) and spans[k][1] - s <= MAX_SENTENCE_CHARS:
                if odd(*spans[k]):
                    last = k
                    break
                k += 1
        out.append((s, spans[last][1]))
        i = last + 1
    return out


def _merge_fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a segment that cannot stand alone (a lone closing quote, bracket or stray
    punctuation) to the sentence before it."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and not any(ch.isalnum() for ch in text[s:e]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
