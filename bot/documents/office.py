"""PDF and Word files as text: a PDF's text layer page by page (pypdf), a .docx's paragraphs
(and which of them are headings, by Word's heading styles).

Each reader returns the text and what the file says of itself (title, author), or raises
ValueError with the reason in a few words, which the caller turns into one warning line
("skipped report.pdf: encrypted"). A PDF's pages are separated by a blank line, so a passage
never spans two pages, and their start offsets are returned for citations to name the page.
"""

from __future__ import annotations

import io
import logging
import warnings
import zipfile
from dataclasses import dataclass, field

# A .docx is a zip: its document part may not unpack past this (a zip bomb is refused).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"


@dataclass
class Text:
    text: str
    title: str | None = None
    author: str | None = None
    pages: list[int] = field(default_factory=list)  # where each page starts in `text` (PDF)
    headings: list[int] = field(default_factory=list)  # where each heading starts in `text` (Word)


def read_pdf(data: bytes) -> Text:
    """The text layer of a PDF, page by page."""
    import pypdf  # imported here: only PDFs need it
    from pypdf.errors import PyPdfError

    # pypdf logs what it repairs ("EOF marker not found"): the reader hears of a file once, from us
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):  # many open with an empty password
                raise ValueError("encrypted PDF (a password is needed)")
            texts = [(page.extract_text() or "").strip() for page in reader.pages]
            info = reader.metadata
    except ValueError:
        raise
    except (PyPdfError, OSError, KeyError, TypeError, AttributeError, RecursionError, NotImplementedError) as exc:
        raise ValueError(f"damaged PDF ({type(exc).__name__})") from None
    if not any(texts):
        raise ValueError("no text layer in the PDF (scanned pages?)")
    parts, pages, at = [], [], 0
    for t in texts:
        pages.append(at)
        parts.append(t)
        at += len(t) + 2
    title = str(info.title).strip() if info and info.title else None
    author = str(info.author).strip() if info and info.author else None
    return Text("\n\n".join(parts) + "\n", title or None, author or None, pages)


def read_docx(data: bytes) -> Text:
    """The paragraphs of a Word (.docx) file, one a line with blank lines between."""
    from lxml import etree  # trafilatura's own parser: no new dependency

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            body = _part(z, "word/document.xml")
            core = _part(z, "docProps/core.xml") if "docProps/core.xml" in z.namelist() else None
            styles = _part(z, "word/styles.xml") if "word/styles.xml" in z.namelist() else None
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(body, parser)
        meta = etree.fromstring(core, parser) if core else None
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError, EOFError) as exc:
        raise ValueError(f"damaged Word file ({type(exc).__name__})") from None
    names = _style_names(styles, parser) if styles else {}
    paragraphs, headings, at = [], [], 0
    for p in root.iter(f"{_WORD}p"):
        pieces = []
        for node in p.iter(f"{_WORD}t", f"{_WORD}tab", f"{_WORD}br"):
            pieces.append(node.text or "" if node.tag == f"{_WORD}t" else (" " if node.tag == f"{_WORD}tab" else "\n"))
        line = "".join(pieces).strip()
        if line:
            style = p.find(f"{_WORD}pPr/{_WORD}pStyle")
            name = (style.get(f"{_WORD}val") or "") if style is not None else ""
            if names.get(name, name).lower().startswith(("heading", "title", "subtitle")):  # Word's heading styles
                headings.append(at)
            paragraphs.append(line)
            at += len(line) + 2
    if not paragraphs:
        raise ValueError("no text in the Word file")

    def field_of(name: str) -> str | None:
        found = meta.find(f"{_DC}{name}") if meta is not None else None
        return found.text.strip() if found is not None and found.text and found.text.strip() else None

    return Text("\n\n".join(paragraphs) + "\n", field_of("title"), field_of("creator"), headings=headings)


def _style_names(styles: bytes, parser) -> dict[str, str]:
    """Each paragraph style's name by its id: an id may be in the user's language
    ("berschrift1"), its name is Word's own ("heading 1"). A damaged styles part names none."""
    from lxml import etree

    try:
        root = etree.fromstring(styles, parser)
    except etree.XMLSyntaxError:
        return {}
    found = ((st.get(f"{_WORD}styleId"), st.find(f"{_WORD}name")) for st in root.iter(f"{_WORD}style"))
    return {i: name.get(f"{_WORD}val") or "" for i, name in found if i and name is not None}


def _part(z: zipfile.ZipFile, name: str) -> bytes:
    info = z.getinfo(name)
    if info.file_size > MAX_UNPACKED_BYTES:
        raise ValueError(f"a Word file that unpacks past {MAX_UNPACKED_BYTES // (1024 * 1024)} MB")
    with z.open(info) as f:
        data = f.read(MAX_UNPACKED_BYTES + 1)
    if len(data) > MAX_UNPACKED_BYTES:
        raise ValueError(f"a Word file that unpacks past {MAX_UNPACKED_BYTES // (1024 * 1024)} MB")
    return data
