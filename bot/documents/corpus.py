"""Texts -> documents -> passages -> sentences, with exact character offsets.

(Finding and reading the files and links a text comes from is `sources.py`.)

Every sentence keeps (start, end) into its document's source text so that
`document.text[start:end] == sentence.text`; citations are built from those offsets.
Markdown block markup (headings, list markers, quotes, fences, tables rules) is never part of a
sentence; inline markup is removed for analysis and display by `plain()`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

import numpy as np

from bot.documents import metadata
from bot.language import analysis

MAX_PASSAGE_SENTENCES = 8


@dataclass(frozen=True)
class Sentence:
    id: int
    doc: int
    passage: int  # global passage id
    number: int  # 1-based within its passage
    start: int
    end: int
    text: str  # exact slice of the document's source text


@dataclass(frozen=True)
class Passage:
    id: int
    doc: int
    number: int  # 1-based within its document
    start: int
    end: int
    sentences: tuple[int, ...]  # global sentence ids


@dataclass
class Document:
    id: int
    path: str  # where it was read from
    source: str  # short name shown in citations (path relative to the knowledge root)
    title: str  # its own (a heading, front matter, a page's or a PDF's), else made from its name
    text: str
    markdown: bool
    url: str | None = None
    titled: bool = True  # the title is the document's own, not made from its name ("Standard input")
    passages: list[int] = field(default_factory=list)
    # author, date, publisher, url: where each was read (see metadata.py)
    meta: dict[str, metadata.Field] = field(default_factory=dict)
    pages: list[int] = field(default_factory=list)  # a PDF's: where each page starts in `text`
    headings: list[int] = field(default_factory=list)  # a page's or Word file's: where each heading starts

    def page_of(self, offset: int) -> int | None:
        """The 1-based page of a PDF that holds `offset` (None for other documents)."""
        return bisect.bisect_right(self.pages, offset) if self.pages else None


class Rows(Sequence):
    """Sentences or passages kept as rows of an integer array (an index read from disk), each
    made into its object only when asked for: opening a large index builds none of them."""

    def __init__(self, rows: np.ndarray, make):
        self.rows, self._make = rows, make

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, i: int): ...
    @overload
    def __getitem__(self, i: slice) -> list: ...
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._make(j, *self.rows[j].tolist()) for j in range(*i.indices(len(self.rows)))]
        if i < 0:
            i += len(self.rows)
        if not 0 <= i < len(self.rows):
            raise IndexError(i)
        return self._make(i, *self.rows[i].tolist())

    def __iter__(self) -> Iterator:
        make = self._make
        for j, row in enumerate(self.rows.tolist()):
            yield make(j, *row)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def sentence_rows(rows: np.ndarray, documents: list[Document]) -> Sequence[Sentence]:
    """Sentences from rows of (doc, passage, number, start, end)."""
    return Rows(
        rows,
        lambda i, doc, passage, number, start, end: Sentence(
            i, doc, passage, number, start, end, documents[doc].text[start:end]
        ),
    )


def passage_rows(rows: np.ndarray) -> Sequence[Passage]:
    """Passages from rows of (doc, number, start, end, first sentence, sentence count)."""
    return Rows(
        rows,
        lambda i, doc, number, start, end, first, count: Passage(
            i, doc, number, start, end, tuple(range(first, first + count))
        ),
    )


# How many of its first words describe a text without a title of its own
OPENING_WORDS = 8


@dataclass
class Corpus:
    documents: list[Document]
    passages: Sequence[Passage]  # a list while it is built; rows when read from an index
    sentences: Sequence[Sentence]
    root: str
    warnings: list[str] = field(default_factory=list)

    def sentence_array(self) -> np.ndarray:
        """The sentences as int64 rows of (doc, passage, number, start, end)."""
        if isinstance(self.sentences, Rows):
            return np.asarray(self.sentences.rows, np.int64)
        rows = [(s.doc, s.passage, s.number, s.start, s.end) for s in self.sentences]
        return np.array(rows, np.int64).reshape(-1, 5)

    def passage_array(self) -> np.ndarray:
        """The passages as int64 rows of (doc, number, start, end, first sentence, sentence count)."""
        if isinstance(self.passages, Rows):
            return np.asarray(self.passages.rows, np.int64)
        rows = [(p.doc, p.number, p.start, p.end, p.sentences[0], len(p.sentences)) for p in self.passages]
        return np.array(rows, np.int64).reshape(-1, 6)

    @property
    def title(self) -> str:
        if len(self.documents) == 1:
            return self.documents[0].title
        return f"{len(self.documents)} documents in {Path(self.root).name or self.root}"

    def described(self) -> str:
        """What the knowledge is, for a message ("It is about ..."): its title, or, for one text
        without a title of its own (piped in, a file without a heading), how it begins."""
        if len(self.documents) != 1 or self.documents[0].titled or not self.documents[0].passages:
            return self.title
        first = self.passages[self.documents[0].passages[0]].sentences[0]
        words = self.plain(self.sentences[first]).split()
        # its own closing stop left out: the message's sentence ends after the quote
        opening = (
            " ".join(words[:OPENING_WORDS]) + " …" if len(words) > OPENING_WORDS else " ".join(words).rstrip(".!?;:,")
        )
        return f'the text that begins "{opening}"'

    @classmethod
    def from_texts(cls, *texts: str | tuple[str, str]) -> Corpus:
        """A corpus of texts given as strings: each a text, or a (name, text) pair (a name ending
        in ".md" is read as Markdown). `Corpus.from_texts("The plant opened in May.")`."""
        corpus = cls([], [], [], "texts")
        for n, item in enumerate(texts, 1):
            name, body = item if isinstance(item, tuple) else (f"text{n}.txt", item)
            add_document(corpus, name, name, body, name.lower().endswith((".md", ".markdown")))
        return corpus

    def document_sentences(self, doc: int) -> list[int]:
        """A document's sentence ids, in order."""
        return [sid for p in self.documents[doc].passages for sid in self.passages[p].sentences]

    def plain(self, sentence: Sentence) -> str:
        """The sentence as a reader should see it: inline markup removed, whitespace collapsed."""
        doc = self.documents[sentence.doc]
        return plain(sentence.text, doc.markdown)


_INLINE_MD = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> link text
    (re.compile(r"<[^>\n]{1,200}>"), ""),  # inline html tags / autolinks
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),  # emphasis
    (re.compile(r"`+([^`]*)`+"), r"\1"),  # inline code
    (re.compile(r"~~(.+?)~~"), r"\1"),
]
_SPACE_RE = re.compile(r"\s+")


def plain(text: str, markdown: bool = False) -> str:
    if markdown:
        for pattern, repl in _INLINE_MD:
            text = pattern.sub(repl, text)
        text = text.replace("|", " ")
    return _SPACE_RE.sub(" ", text).strip()


_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """Parse a `---` block of `key: value` lines at the top; (fields, where the body starts).

    Anything that does not look like simple front matter is left as text.
    """
    m = _FRONT_MATTER_RE.match(text)
    if not m:
        return {}, 0
    fields: dict[str, str] = {}
    for line in m.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        km = _KEY_RE.match(line)
        if not km:
            return {}, 0
        value = km.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        fields[km.group(1).lower()] = value
    return fields, m.end()


# ---------------------------------------------------------------------------------------------
# Paragraphs

_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE_RE = re.compile(r"^ {0,3}(```|~~~)")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_RULE_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_MARKER_RE = re.compile(r"^[ \t]*(?:>[ \t]?)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:\[[ xX]\][ \t]+)?")
_TERMINAL = tuple(".!?:;\"')]") + ("\u201d", "\u2019")


def _lines(text: str, start: int):
    """(line_start, line_end) of each line from `start`, without the newline."""
    pos = start
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        yield pos, (end - 1 if end > pos and text[end - 1] == "\r" else end)
        pos = end + 1


def paragraphs(text: str, start: int, markdown: bool) -> tuple[list[tuple[int, int]], str | None]:
    """Paragraph spans of the body, and the first heading (a title candidate).

    Blocks are separated by blank lines. Inside a block, lines that each end a sentence (or are
    list items) are separate paragraphs; otherwise the block is one hard-wrapped paragraph.
    """
    heading = None
    spans: list[tuple[int, int]] = []
    block: list[tuple[int, int, bool]] = []  # (start, end, is_item)
    in_fence = False

    def flush():
        if not block:
            return
        if len(block) == 1 or all(it or text[s:e].rstrip().endswith(_TERMINAL) for s, e, it in block):
            groups = [[ln] for ln in block]
        else:
            groups = [[]]
            for ln in block:  # list items start a new paragraph even inside a wrapped block
                if ln[2] and groups[-1]:
                    groups.append([])
                groups[-1].append(ln)
        for g in groups:
            spans.append((g[0][0], g[-1][1]))
        block.clear()

    lines = list(_lines(text, start))
    for ls, le in lines:
        line = text[ls:le]
        if markdown:
            if _FENCE_RE.match(line):
                flush()
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            hm = _HEADING_RE.match(line)
            if hm:
                flush()
                heading = heading or plain(hm.group(2), True)
                continue
            if _SETEXT_RE.match(line) and len(block) == 1 and not block[0][2]:
                # "Title" underlined with === or --- is a heading, not text
                hs, he, _ = block.pop()
                heading = heading or plain(text[hs:he], True)
                continue
            if _RULE_RE.match(line) or _TABLE_RULE_RE.match(line) or line.lstrip().startswith("<!--"):
                flush()
                continue
            m = _MARKER_RE.match(line)
            is_item = bool(m and re.search(r"(?:[-*+]|\d[.)])[ \t]", m.group()))
            ls2 = ls + (m.end() if m else 0)
        else:
            is_item = False
            ls2 = ls
        while ls2 < le and text[ls2].isspace():
            ls2 += 1
        le2 = le
        while le2 > ls2 and text[le2 - 1].isspace():
            le2 -= 1
        if ls2 >= le2:
            flush()
            continue
        block.append((ls2, le2, is_item))
    flush()
    if heading is None and len(spans) > 1 and _is_headline(text[spans[0][0] : spans[0][1]]):
        # a headline names the text, as a heading does (it stays a passage: it says something)
        heading = plain(text[spans[0][0] : spans[0][1]], markdown)
    return spans, heading


def _is_headline(line: str) -> bool:
    """A first paragraph that is a news headline: one line of 3 to 20 words with no closing
    punctuation ("Strong earthquake shakes central Chile, cutting power to thousands")."""
    words = line.split()
    return "\n" not in line and 3 <= len(words) <= 20 and not line.rstrip().endswith(_TERMINAL + (",",))


# ---------------------------------------------------------------------------------------------
# Corpus building


def title_from_name(path: Path) -> str:
    name = re.sub(r"[-_]+", " ", path.stem).strip()
    return name[:1].upper() + name[1:] if name else path.name


def add_document(
    corpus: Corpus,
    path: str,
    source: str,
    text: str,
    markdown: bool,
    title: str | None = None,
    meta: dict[str, metadata.Field] | None = None,
) -> Document:
    """Split one text into passages and sentences and append them to `corpus`. `meta` is what
    is known of the document besides its text (a web page's author, date, publisher, URL);
    front matter, a byline and a copyright line fill in the rest."""
    fields, body = front_matter(text)
    spans, heading = paragraphs(text, body, markdown)
    meta = metadata.merge(meta or {}, metadata.from_front_matter(fields, text, body), metadata.from_text(text, body))
    own_title = title or fields.get("title") or heading
    doc = Document(
        id=len(corpus.documents),
        path=path,
        source=fields.get("source") or source,
        title=own_title or title_from_name(Path(source)),
        text=text,
        markdown=markdown,
        url=meta["url"].value if "url" in meta else None,
        titled=bool(own_title),
        meta=meta,
    )
    corpus.documents.append(doc)
    sentences, passages = corpus.sentences, corpus.passages
    assert isinstance(sentences, list) and isinstance(passages, list)  # a corpus being built
    for ps, pe in spans:
        sent_spans = [(ps + s, ps + e) for s, e in analysis.split_sentences(text[ps:pe])]
        for w in range(0, len(sent_spans), MAX_PASSAGE_SENTENCES):
            window = sent_spans[w : w + MAX_PASSAGE_SENTENCES]
            pid = len(corpus.passages)
            sids = []
            for k, (s, e) in enumerate(window, 1):
                sid = len(sentences)
                sentences.append(Sentence(sid, doc.id, pid, k, s, e, text[s:e]))
                sids.append(sid)
            passages.append(Passage(pid, doc.id, len(doc.passages) + 1, window[0][0], window[-1][1], tuple(sids)))
            doc.passages.append(pid)
    return doc
