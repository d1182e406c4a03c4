"""Where knowledge comes from: files, folders, saved web pages and links, read into a corpus.

`--knowledge` (or BOT_KNOWLEDGE) names one or more of: a text or Markdown file, a saved web
page (.html, .htm), a folder searched recursively for those, or an http(s) link. Unreadable
files among good ones are skipped with a warning; a missing path or a link that cannot be read
stops with one line (`KnowledgeError`, `web.WebError`).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.documents import article, web
from bot.documents.corpus import Corpus, add_document
from bot.documents.metadata import Field

TEXT_EXTENSIONS = (".txt", ".md", ".markdown")
PAGE_EXTENSIONS = (".html", ".htm")
OFFICE_EXTENSIONS = (".pdf", ".docx")
EXTENSIONS = TEXT_EXTENSIONS + PAGE_EXTENSIONS + OFFICE_EXTENSIONS
MAX_FILE_BYTES = 64 * 1024 * 1024


class KnowledgeError(Exception):
    """The knowledge cannot be used at all (missing path, nothing to read)."""

    user_error = True  # the command line says it in one line, exit status 2


@dataclass(frozen=True)
class Source:
    """One thing to read: a file (`path`) or a link (`url`); `name` is how citations call it."""

    name: str
    path: Path | None = None
    url: str | None = None


@dataclass(frozen=True)
class Sources:
    """What the knowledge arguments name: the files and links to read, what they are called
    together, and what was skipped while looking."""

    items: tuple[Source, ...]
    label: str
    warnings: tuple[str, ...] = ()
    roots: tuple[str, ...] = ()  # the arguments as given, resolved (the cache key's)


def split_list(value: str) -> list[str]:
    """BOT_KNOWLEDGE's entries: separated by the path separator (":"), a link's own colons
    kept ("notes:https://example.com:8080/a"), blank entries dropped."""
    out: list[str] = []
    for part in value.split(os.pathsep):
        last = out[-1] if out else ""
        if part.startswith("//") and re.fullmatch(r"[A-Za-z][\w+.-]*", last):
            out[-1] += os.pathsep + part  # "https" + "//host/page"
        elif re.fullmatch(r"\d+(?:[/?#].*)?", part) and re.fullmatch(r"[A-Za-z][\w+.-]*://[^/:?#]*", last):
            out[-1] += os.pathsep + part  # "https://host" + "8080/page"
        else:
            out.append(part)
    return [p.strip() for p in out if p.strip()]


def find(specs: list[str] | str | os.PathLike | None = None) -> Sources:
    """The files and links the knowledge arguments name (default: the bundled article)."""
    if specs is None or specs == [] or specs == "":
        specs = [str(bundled_path())]
    elif isinstance(specs, (str, os.PathLike)):
        specs = [str(specs)]
    items: list[Source] = []
    warnings: list[str] = []
    roots: list[str] = []
    for spec in specs:
        if not spec.strip():
            raise KnowledgeError("an empty knowledge value names nothing; give a file, folder or link")
        if web.is_link(spec):
            url = web.check_link(spec)
            items.append(Source(url, url=url))
            roots.append(url)
            continue
        root = Path(spec).expanduser()
        if not root.exists():
            hint = " (a link needs http:// or https://)" if re.match(r"[A-Za-z][\w+.-]+:", spec) else ""
            raise KnowledgeError(f"knowledge path not found: {shown(str(root))}{hint}")
        roots.append(str(root.resolve()))
        if root.is_dir():
            files = knowledge_files(root, warnings)
            if not files:
                raise KnowledgeError(f"no .txt, .md, .html, .pdf or .docx files in {shown(str(root))}")
            items += [Source(shown(_relative(f, root)), f) for f in files]
        else:
            items.append(Source(shown(root.name), root))
    label = shown(specs[0]) if len(specs) == 1 else f"{len(specs)} sources"
    return Sources(tuple(items), label, tuple(warnings), tuple(roots))


def _relative(f: Path, root: Path) -> str:
    try:
        return str(f.relative_to(root))
    except ValueError:
        return f.name


def read(
    sources: Sources,
    progress: Callable[[int, int], None] | None = None,
    cache: Path | None = None,
    refresh: bool = False,
) -> Corpus:
    """Read the files and links into one corpus; unreadable files are skipped with a warning
    (a link that cannot be read stops: `web.WebError`). Links are read from the page cache
    in `cache` when they are there, unless `refresh`."""
    corpus = Corpus([], [], [], sources.label, list(sources.warnings))
    items = sources.items
    for n, item in enumerate(items):
        if progress:
            progress(n, len(items))
        warning = read_item(corpus, item, cache, refresh)
        if warning:
            corpus.warnings.append(warning)
    if progress:
        progress(len(items), len(items))
    check_readable(corpus, sources)
    return corpus


def read_item(corpus: Corpus, item: Source, cache: Path | None = None, refresh: bool = False) -> str | None:
    """Add one file or link to the corpus as a document; the warning if it is skipped."""
    if item.url:
        return _add_page(corpus, web.page(item.url, cache, refresh), item.name)
    f = item.path
    assert f is not None  # an item is a link or a path
    try:
        if f.suffix.lower() in PAGE_EXTENSIONS:
            return _add_page(corpus, article.extract(read_bytes(f), None, shown(str(f))), item.name, shown(str(f)))
        elif f.suffix.lower() in OFFICE_EXTENSIONS:
            from bot.documents import office  # imported here: logging and zipfile cost start-up

            read = office.read_pdf if f.suffix.lower() == ".pdf" else office.read_docx
            got = read(read_bytes(f))
            meta = {"author": Field(got.author)} if got.author else {}
            doc = add_document(corpus, shown(str(f)), item.name, got.text, False, title=got.title, meta=meta)
            doc.pages, doc.headings = got.pages, got.headings
        else:
            add_document(corpus, shown(str(f)), item.name, read_text(f), f.suffix.lower() in (".md", ".markdown"))
    except (OSError, ValueError, web.WebError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"skipped {shown(str(f))}: {reason}"
    return None


def check_readable(corpus: Corpus, sources: Sources) -> None:
    """Raise KnowledgeError when nothing in the knowledge has text to answer from."""
    if not corpus.sentences:
        items, warnings = sources.items, corpus.warnings
        if len(items) == 1 and not warnings:
            raise KnowledgeError(f"{items[0].name} has no text to answer from")
        raise KnowledgeError(f"no readable text in {sources.label}" + (f" ({warnings[-1]})" if warnings else ""))


def _add_page(corpus: Corpus, page: article.Page, name: str, path: str | None = None) -> str | None:
    """A web page's article as a document: its text is the extracted article (what citations
    slice), its metadata the page's. Returns a warning when the article is short enough that
    the page probably holds more than was read."""
    meta = {
        k: Field(v)
        for k, v in (
            ("author", page.author),
            ("date", page.date),
            ("publisher", page.publisher),
            ("url", page.final_url or None),
        )
        if v
    }
    doc = add_document(corpus, path or page.url, name, page.text, False, title=page.title, meta=meta)
    doc.pages, doc.headings = page.pages, page.headings
    words = len(page.text.split())
    if words < article.SHORT_ARTICLE_WORDS:
        return f"only {words} words of article read from {path or page.url}; the page may hold more"
    return None


def load_corpus(specs: list[str] | str | os.PathLike | None = None) -> Corpus:
    """Read knowledge (default: the bundled article) into a corpus, without the cache."""
    return read(find(specs))


def read_bytes(path: Path) -> bytes:
    """A file's bytes. Raises ValueError for a pipe, socket or device (opened without
    blocking, so a FIFO cannot hang the bot) and for a file over MAX_FILE_BYTES (checked
    before anything is read, so memory stays bounded)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise ValueError("not a regular file")
        if st.st_size > MAX_FILE_BYTES:
            raise ValueError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # it grew while we looked
        raise ValueError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return data


def read_text(path: Path) -> str:
    """Decode a file: UTF-8 (with or without BOM), UTF-16 with BOM, else latin-1-ish cp1252.

    Raises ValueError for what is not a readable text file: a pipe, socket or device (opened
    without blocking, so a FIFO cannot hang the bot), a file over MAX_FILE_BYTES (checked
    before anything is read, so memory stays bounded), binary data, a file with no text.
    """
    data = read_bytes(path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        content = data.decode("utf-16", errors="replace")
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if b"\x00" in data[:8192]:
            raise ValueError("binary file")
        try:
            content = data.decode("utf-8")
        except UnicodeDecodeError:
            content = data.decode("cp1252", errors="replace")
    if not content.strip():
        raise ValueError("no text in it")
    return content


def bundled_path() -> Path:
    """The bundled article: shipped inside the package as `bot/bundled/`, or the repo's
    knowledge/ folder."""
    here = Path(__file__).resolve().parent.parent  # the package
    for candidate in (here / "bundled", here.parent / "knowledge"):
        if candidate.is_dir():
            return candidate
    raise KnowledgeError("the bundled knowledge is missing from this installation; reinstall bot")


def knowledge_files(root: Path, warnings: list[str]) -> list[Path]:
    """Text files under a folder, recursively, sorted; symlink loops and unreadable folders
    are skipped with a warning."""
    found: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()
    # depth first, in name order, without recursion (a folder may nest deeper than Python recurses)
    stack = [str(root)]
    while stack:
        dirpath = stack.pop()
        try:
            st = os.stat(dirpath)
            with os.scandir(dirpath) as entries:
                listed = [(e.name, _is_dir(e)) for e in entries]
        except OSError as err:
            warnings.append(f"skipped {shown(dirpath)}: {err.strerror or err}")
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            warnings.append(f"skipped {shown(dirpath)}: symlink loop")
            continue
        seen_dirs.add(key)
        for name, _ in sorted(x for x in listed if not x[1]):
            if name.lower().endswith(EXTENSIONS) and not name.startswith("."):
                found.append(Path(dirpath) / name)
        subdirs = sorted(name for name, is_dir in listed if is_dir and not name.startswith("."))
        stack.extend(os.path.join(dirpath, d) for d in reversed(subdirs))
    return found


def _is_dir(entry: os.DirEntry) -> bool:
    """A folder, or a link to one (a link that loops or dangles is not)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def shown(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as lone surrogates, which
    cannot be printed or written as JSON) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
