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

# Snowball's English stopword list, plus a few question fillers.
STOPWORDS = frozenset(
    """
a about above after again against all am an and any are aren as at be because been before
being below between both but by can cannot could couldn did didn do does doesn doing don down
during each few for from further had hadn has hasn have haven having he her here hers herself
him himself his how i if in into is isn it its itself let me more most mustn my myself no nor
not of off on once only or other ought our ours ourselves out over own same shan she should
shouldn so some such than that the their theirs them themselves then there these they this
those through to too under until up very was wasn we were weren what when where which while
who whom why will with won would wouldn you your yours yourself yourselves us
also s t d ll m re ve y ok okay please tell know explain describe give name list
else besides apart whats whos wheres whens whys hows thats theres heres dont doesnt didnt isnt arent wasnt werent
cant couldnt wont wouldnt shouldnt hasnt havent hadnt im ive youre theyre weve
""".split()
)

# Generic words that say little about a topic: a question missing one of them from the
# knowledge is weaker evidence of being off-topic than one missing a rarer word.
LIGHT_WORDS = frozenset(
    """
go goes went gone get gets got make makes made take takes took use used uses run runs end ends
start starts begin come comes give put set keep see look want need like way thing things part
lot new old good bad big small first last many much main major important different known based
become became include includes including included mean means meant work works show shows
happen thing people person one two number year years time times day days place called do
say says said tell tells told ending ended starting started beginning began begun
""".split()
)

# Words that stand before a name as its title ("President", "Dr.")
TITLES = frozenset(
    """president prime minister premier chancellor mr mr. mrs mrs. ms ms. dr dr. sir lord lady
king queen prince princess duke duchess pope saint st st. general gen. governor senator secretary
ambassador professor prof. ceo chairman mayor judge justice bishop emperor leader head chief director
founder captain colonel lieutenant sergeant rev. reverend coach analyst envoy official""".split()
)

# Question words: stopwords for matching, but they say what kind of answer is wanted.
WH_WORDS = frozenset("who whom whose what when where which why how".split())

# Irregular verb forms a stemmer cannot join to their base ("met" / "meet").
_IRREGULAR = {}
for _row in """
arise arose arisen|be was were been|bear bore born borne|beat beaten|become became|begin began begun
bind bound|bite bit bitten|blow blew blown|break broke broken|bring brought|build built|buy bought
catch caught|choose chose chosen|come came|cost|cut|deal dealt|dig dug|do did done|draw drew drawn
drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|feed fed|feel felt|fight fought
find found|flee fled|fly flew flown|forbid forbade forbidden|forget forgot forgotten|freeze froze frozen
get got gotten|give gave given|go went gone|grow grew grown|hang hung|have had has|hear heard|hide hid hidden
hold held|keep kept|know knew known|lay laid|lead led|leave left|lend lent|lose lost|make made
mean meant|meet met|pay paid|rise rose risen|ride rode ridden|ring rang rung|run ran|say said
see saw seen|seek sought|sell sold|send sent|shake shook shaken|shoot shot|sing sang sung|sink sank sunk
sit sat|sleep slept|speak spoke spoken|spend spent|stand stood|steal stole stolen|stick stuck
strike struck|swim swam swum|take took taken|teach taught|tear tore torn|tell told|think thought
throw threw thrown|understand understood|wake woke woken|wear wore worn|win won|write wrote written
""".replace("\n", "|").split("|"):
    _forms = _row.split()
    for _form in _forms[1:]:
        _IRREGULAR.setdefault(_form, _forms[0])
# "won" and "left" are far more often the verb than anything else in news text, but "found",
# "lead", "bound" and "saw" are also common nouns/adjectives: leave those to the stemmer.
for _ambiguous in ("found", "bound", "saw", "lay", "fell", "lie", "rose", "lead", "has", "had", "born"):
    _IRREGULAR.pop(_ambiguous, None)

# Small numbers as words and as digits ("two differences" / "2 differences"). "one" is left
# out: "one of the ..." is rarely a count.
NUMERALS = {
    w: str(i)
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty""".split()
    )
    if i >= 2
}
NUMERALS.update({d: w for w, d in list(NUMERALS.items())})

# Acronyms a reader types for what a text spells out (and back). Matched case-sensitively on
# the original text, so "US" the country is not "us" the pronoun.
ACRONYMS = {
    "PM": "prime minister",
    "US": "united states",
    "USA": "united states",
    "UK": "united kingdom",
    "EU": "european union",
    "UN": "united nations",
    "NATO": "north atlantic treaty organization",
    "GDP": "gross domestic product",
    "CEO": "chief executive",
    "CFO": "chief financial officer",
    "COO": "chief operating officer",
    "CTO": "chief technology officer",
    "AI": "artificial intelligence",
    "WW2": "second world war",
    "WWII": "second world war",
    "USMCA": "united states mexico canada agreement",
    "NAFTA": "north american free trade agreement",
    "OPEC": "organization petroleum exporting countries",
}
# An acronym written with dots ("U.S.", "E.U.") reads as one without ("US", "EU").
_DOTTED = re.compile(r"(?<![\w.])((?:[A-Z]\.){2,})(?=[\W]|$)")
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


_PERCENT_SIGN = re.compile(r"(?<=\d)\s*%")


def _expand_acronyms(text: str) -> str:
    """Known acronyms spelled out ("U.S." and "US" both read "united states", so each finds the
    other), and "%" written out ("94 percent")."""
    text = _PERCENT_SIGN.sub(" percent", text)
    text = _DOTTED.sub(lambda m: m.group(1).replace(".", "") + " ", text)
    return _ACRONYM_RE.sub(lambda m: f" {ACRONYMS[m.group(1)]} ", text)


def words(text: str) -> list[str]:
    """Folded surface words, possessives and contractions removed ("Mexico's" -> "mexico")."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    out = []
    for m in _WORD_RE.finditer(text.casefold()):
        w = m.group().replace("_", "")
        if "'" in w:  # "mexico's" -> "mexico", "countries'" -> "countries", "o'neil" -> "oneil"
            w = _POSSESSIVE_RE.sub("", w.rstrip("'")).replace("'", "")
        if w:
            out.append(w)
    return out


# British spellings read as American ones, on both sides, so "criticised" meets "criticized"
# and "defence" meets "defense": the -ise verbs and their nouns by rule, the rest by list.
_BRITISH_ISE = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|er|ers|ation|ations)$")
_BRITISH = {}
for _row in """centre center|centres centers|theatre theater|metre meter|metres meters|litre liter|fibre fiber
defence defense|offence offense|licence license|labour labor|favour favor|honour honor|colour color
neighbour neighbor|neighbours neighbors|behaviour behavior|harbour harbor|rumour rumor|programme program
programmes programs|catalogue catalog|travelling traveling|travelled traveled|modelling modeling
cancelled canceled|labelled labeled|fuelled fueled|signalled signaled|jewellery jewelry|tonne ton|tonnes tons
""".replace("\n", "|").split("|"):
    if not _row.strip():
        continue
    _british, _american = _row.split()
    _BRITISH[_british] = _american

# Bumped whenever reading changes what an index holds: the terms a text gives, or how a text
# is cut into titles, passages and sentences (the index cache is keyed by it).
ANALYZER = 5


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Base form of one folded word: British spellings as American, irregular verbs, then Snowball."""
    word = _BRITISH.get(word) or _BRITISH_ISE.sub(r"iz\1", word)
    return _stemmer.stemWord(_IRREGULAR.get(word, word))


def _word_terms(word: str) -> list[str]:
    """Terms for one surface word; a hyphenated compound gives its parts and the joined form."""
    if "-" not in word:
        return [] if word in STOPWORDS else [stem(word)]
    parts = [p for p in word.split("-") if p]
    terms = [stem(p) for p in parts if p not in STOPWORDS]
    if all(p.isalpha() for p in parts):
        terms.append(stem("".join(parts)))
    return terms


def terms(text: str, surface: dict[str, str] | None = None) -> list[str]:
    """Index terms of a text, in order, repeats kept (BM25 counts them).

    With `surface`, also records each content word's spelling -> its term (for typo matching,
    which must compare what people type with what the text spells, not with stems).
    """
    out: list[str] = []
    for w in words(_expand_acronyms(unicodedata.normalize("NFKC", text).translate(_FOLD))):
        wt = _word_terms(w)
        out.extend(wt)
        if surface is not None and wt and "-" not in w:
            surface.setdefault(w, wt[0])
    return out


def content_words(text: str) -> list[str]:
    """Folded words of a question that carry meaning (not stopwords, not question words)."""
    return [w for w in words(_expand_acronyms(text)) if w not in STOPWORDS]


def bigrams(seq: list[str]) -> set[tuple[str, str]]:
    return set(zip(seq, seq[1:]))


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


_SENTENCE_SEGMENTER = None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of `text`, trimmed of surrounding whitespace.

    pysbd knows abbreviations (U.S., Dr., Jan.), decimals, ranges and quotations; its segments
    are located back in the text so every span is an exact slice of the input.
    """
    global _SENTENCE_SEGMENTER
    if not text.strip():
        return []
    if _SENTENCE_SEGMENTER is None:
        import pysbd  # imported on first use: it is the slowest import on the answer path

        _SENTENCE_SEGMENTER = pysbd.Segmenter(language="en", clean=False)
    # Inside a paragraph a line break is a hard wrap, not a sentence end. The copy has the
    # same length, so spans found in it are spans of `text`.
    original, text = text, text.replace("\r", " ").replace("\n", " ")
    spans: list[tuple[int, int]] = []
    # pysbd's time grows with the square of its input: long texts go to it in pieces.
    for offset, piece in _pieces(text):
        spans += [(s + offset, e + offset) for s, e in _segment(piece)]
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
    return _merge_fragments(original, [part for s, e in fixed for part in _cut_long(text, s, e)])


def _cover_gaps(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Give text that no span holds (pysbd rewrote or dropped it) to the span before it, or to
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


# pysbd gets at most this many characters at once, cut at a sentence end where there is one.
PIECE_CHARS = 5000
# A "sentence" longer than this (a page with no full stop) is cut at spaces into parts this
# long: a citation should be readable, and per-sentence work stays bounded.
MAX_SENTENCE_CHARS = 1000
# A sure sentence end: a lower-case word (not "Dr." or "U.S."), the stop, a capital next.
_SENTENCE_END = re.compile(r"[a-z]{3}[.!?][\"')\]]*\s+(?=[\"'(]?[A-Z])")


def _pieces(text: str):
    """(offset, piece) of `text` in parts of at most PIECE_CHARS, cut after a sentence end if
    the last half of a part has one, else at a space."""
    start = 0
    while len(text) - start > PIECE_CHARS:
        window = text[start : start + PIECE_CHARS]
        ends = [m.end() for m in _SENTENCE_END.finditer(window, PIECE_CHARS // 2)]
        cut = ends[-1] if ends else window.rfind(" ") + 1
        cut = cut if cut > 0 else PIECE_CHARS
        yield start, window[:cut]
        start += cut
    yield start, text[start:]


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
    """pysbd's sentences of `text`, located back in it (spans may overlap; the caller repairs)."""
    try:
        segments = _SENTENCE_SEGMENTER.segment(text)
    except Exception:  # noqa: BLE001 - pysbd has rare regex failures on odd input; fall back to one span
        segments = [text]
    spans: list[tuple[int, int]] = []
    pos = 0
    for seg in segments:
        seg = seg.strip()
        if not seg:
            continue
        at = text.find(seg, pos)
        if at < 0:  # pysbd changed the text; resynchronise on the segment's first word
            head = seg.split()[0]
            at = text.find(head, pos)
            if at < 0:
                continue
            nxt = len(text)
            spans.append((at, nxt))
            pos = at + len(head)
            continue
        spans.append((at, at + len(seg)))
        pos = at + len(seg)
    return spans


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
