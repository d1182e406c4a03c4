"""Web pages as knowledge: fetch a link (with limits), extract its article, keep it.

A page's article text, headline, author, date and site name come from trafilatura, which
leaves navigation, ads, cookie notices, "most read" boxes and footers out. A fetched link is
kept in the cache as plain JSON (the extracted article, not the page), so asking again, or
without a network, reads it from there; `bot index --refresh` fetches it again.

Fetching follows at most MAX_REDIRECTS redirects, and only to http(s); reads at most
MAX_BYTES (compressed or not), within TIMEOUT seconds for the whole page; and reads only web
pages and plain text. Anything else is a `WebError`: one line saying what and why.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import time
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot._version import __version__
from bot.documents.files import write_whole

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
# Fewer words than this extracted from a page, and there is no article on it.
MIN_ARTICLE_WORDS = 12
# Fewer words than this from a page is likely not its whole article: its JSON-LD is tried, and
# the reader is told.
SHORT_ARTICLE_WORDS = 50
USER_AGENT = f"bot/{__version__} (a question-answering assistant; reads one page at a time)"
PDF, DOCX = "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
READABLE = ("text/html", "application/xhtml+xml", "text/plain", PDF, DOCX)
_KINDS = {
    "image/": "an image",
    "video/": "a video",
    "audio/": "a sound file",
    "application/zip": "a zip archive",
    "application/json": "JSON data",
}


def number_setting(name: str, default: str) -> tuple[float, str]:
    """An environment setting read as a number (NaN when it is none), and as it was written."""
    value = os.environ.get(name, default)
    try:
        return float(value), value
    except ValueError:
        return math.nan, value


def timeout() -> float:
    """Seconds a whole page may take (BOT_FETCH_TIMEOUT, default 20)."""
    seconds, value = number_setting("BOT_FETCH_TIMEOUT", "20")
    if not math.isfinite(seconds) or seconds <= 0:
        raise WebError(f"BOT_FETCH_TIMEOUT must be a number of seconds, like 20, not {value!r}")
    return max(0.1, seconds)


class WebError(Exception):
    """A link or page the bot cannot read: said in one line, exit status 2. A password in a
    link ("https://ana:secret@host/") is never repeated."""

    user_error = True

    def __init__(self, message: str):
        super().__init__(_CREDENTIALS.sub(r"\1***@", message))


_CREDENTIALS = re.compile(r"(//[^/@\s:]*:)[^/@\s]*@")


@dataclass(frozen=True)
class Page:
    url: str  # as asked
    final_url: str  # after redirects
    text: str  # the extracted article: the document's source text
    title: str | None = None
    author: str | None = None
    date: str | None = None
    publisher: str | None = None
    fetched: float = 0.0
    pages: list[int] = field(default_factory=list)  # a PDF's: where each page starts in `text`


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


_LINK = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


def is_link(spec: str) -> bool:
    """Does a knowledge argument name a link? Only with a scheme and "//" ("notes:2024.txt" is
    a file; so is "C:\\notes")."""
    return _LINK.match(spec) is not None


def check_link(url: str) -> str:
    import urllib.parse

    m = _SCHEME.match(url)
    scheme = m.group(1).lower() if m else ""
    if scheme not in ("http", "https"):
        raise WebError(f"only http:// and https:// links are read, not {scheme}: ({url})")
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - checks the port is a number in range
    except ValueError as exc:
        raise WebError(f"not a valid link: {url} ({exc})") from None
    if not parts.hostname:
        raise WebError(f"not a valid link: {url} (no host)")
    return url


# ---------------------------------------------------------------------------------------------
# Fetching


def fetch(url: str) -> tuple[str, bytes, str]:
    """(final URL, body, content type) of a link, within the limits above."""
    import http.client
    import socket
    import urllib.error
    import urllib.parse
    import urllib.request

    check_link(url)
    deadline = time.monotonic() + timeout()

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            target = urllib.parse.urljoin(req.full_url, newurl)
            if urllib.parse.urlsplit(target).scheme.lower() not in ("http", "https"):
                raise WebError(f"{url} redirects to {target}; only http(s) redirects are followed")
            return super().redirect_request(req, fp, code, msg, headers, target)

    opener = urllib.request.build_opener(Redirects)
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "gzip, deflate",
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
        },
    )

    def get() -> tuple[str, bytes, str]:
        with opener.open(request, timeout=max(0.1, deadline - time.monotonic())) as response:
            final = response.geturl()
            ctype = (response.headers.get_content_type() or "").lower()
            if not response.headers.get("Content-Type"):
                ctype = ""  # none sent: the body is sniffed below
            _readable(url, ctype)
            length = response.headers.get("Content-Length")
            expected = int(length) if length and length.strip().isdigit() else None
            if expected is not None and expected > MAX_BYTES:
                raise WebError(f"{url} is larger than {MAX_BYTES // (1024 * 1024)} MB")
            body = _read(response, url, deadline)
            if expected is not None and len(body) < expected and not response.headers.get("Transfer-Encoding"):
                raise WebError(f"{url} ended after {len(body):,} of its {expected:,} bytes; try again later")
            body = _decompress(body, response.headers.get("Content-Encoding", ""), url)
        if not ctype and not _looks_like_text(body):
            raise WebError(f"{url} sent no content type and its body is not text")
        return final, body, ctype

    try:
        final, body, ctype = _within(deadline, get, url)
    except WebError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307, 308):
            if "not allowed" in str(exc.msg):  # urllib itself refuses a redirect to file: and the like
                raise WebError(f"{url} redirects away from the web; only http(s) redirects are followed") from None
            raise WebError(f"{url} redirects more than {MAX_REDIRECTS} times") from None
        raise WebError(f"{url} answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise WebError(f"{url} did not answer within {timeout():g} s") from None
        raise WebError(f"cannot reach {url}: {getattr(reason, 'strerror', None) or reason}") from None
    except TimeoutError:
        raise WebError(f"{url} did not answer within {timeout():g} s") from None
    except (http.client.HTTPException, ConnectionError, OSError, ValueError) as exc:
        raise WebError(f"cannot read {url}: {type(exc).__name__}: {exc}".rstrip(": ")) from None
    return final, body, ctype


def _within(deadline: float, get, url: str) -> tuple[str, bytes, str]:
    """`get()` run against the wall clock: a server that trickles its headers or body a byte at
    a time never trips a socket's own timeout, so the fetch runs in a worker thread and is given
    up at the deadline (the thread is a daemon: it ends with the process, or when the server
    does)."""
    import threading

    result: list = []

    def work() -> None:
        try:
            result.append(("ok", get()))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread as it was
            result.append(("error", exc))

    worker = threading.Thread(target=work, name="bot-fetch", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if not result:
        raise TimeoutError
    status, value = result[0]
    if status == "error":
        raise value
    return value


def _looks_like_text(body: bytes) -> bool:
    """Text, by its first few kilobytes: no NUL bytes and few other control characters."""
    head = body[:4096]
    if b"\0" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(head) // 100


def _readable(url: str, ctype: str) -> None:
    if ctype and not ctype.startswith(READABLE):
        what = next((name for prefix, name in _KINDS.items() if ctype.startswith(prefix)), "not a web page")
        raise WebError(f"{url} is {what} ({ctype}); the bot reads web pages, plain text, PDF and Word files")


def _read(response, url: str, deadline: float) -> bytes:
    """The body, at most MAX_BYTES, before the deadline (a slow page is cut off, not waited on)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise WebError(f"{url} did not answer within {timeout():g} s")
        chunk = response.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BYTES:
            raise WebError(f"{url} is larger than {MAX_BYTES // (1024 * 1024)} MB")
        chunks.append(chunk)


def _decompress(body: bytes, encoding: str, url: str) -> bytes:
    """A gzip or deflate body, unpacked to at most MAX_BYTES (a small page may unpack to
    gigabytes)."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise WebError(f"{url} is sent in an encoding the bot does not read ({encoding})")
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        d = zlib.decompressobj(wbits)
        out = d.decompress(body, MAX_BYTES + 1)
        if len(out) > MAX_BYTES or d.unconsumed_tail:
            raise WebError(f"{url} is larger than {MAX_BYTES // (1024 * 1024)} MB once unpacked")
        return out
    except zlib.error:
        raise WebError(f"{url} sent a damaged {encoding} body") from None


# ---------------------------------------------------------------------------------------------
# Extracting


def extract(body: bytes | str, url: str | None = None, where: str = "") -> Page:
    """The article of a web page: its text, headline, author, date and site name."""
    import trafilatura  # imported here: only pages need it, and it is slow to import
    from trafilatura.settings import set_date_params

    where = where or url or "the page"
    try:
        doc = trafilatura.bare_extraction(
            body,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            # the date from the page's markup, its byline or its link only: htmldate's extensive
            # search reads any year in the text as a day ("since 2015" became 2015-01-01)
            date_extraction_params=set_date_params(extensive=False),
        )
    except Exception as exc:  # noqa: BLE001 - a malformed page is the page's problem, said in one line
        raise WebError(f"cannot read the page {where}: {type(exc).__name__}") from None
    if isinstance(doc, dict):
        doc = None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    meta = [getattr(doc, k, None) for k in ("title", "author", "date", "sitename")]
    if len(text.split()) < SHORT_ARTICLE_WORDS:
        # trafilatura found little (a caption, a teaser): the page's structured data may hold
        # the whole story, as news sites put it in JSON-LD for search engines
        stored = _json_ld_article(body)
        if len(str(stored.get("articleBody", "")).split()) > len(text.split()):
            text = str(stored["articleBody"]).strip()
            found = [
                stored.get("headline"),
                _name(stored.get("author")),
                stored.get("datePublished"),
                _name(stored.get("publisher")),
            ]
            meta = [m or f for m, f in zip(meta, found)]
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise WebError(f"no article text found in {where}")  # a menu or a cookie notice is no article
    # one paragraph a line in trafilatura's text: blank lines make them passages
    text = "\n\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"
    title, author, date, publisher = (_clean(m) for m in meta)
    return Page(url or "", url or "", text, title, author, date, publisher)


def _json_ld_article(body: bytes | str) -> dict:
    """The JSON-LD object with the longest `articleBody` in the page ({} when there is none)."""
    import lxml.html  # trafilatura's own parser: only pages need it

    try:
        blocks = lxml.html.fromstring(body).xpath('//script[@type="application/ld+json"]/text()')
    except (ValueError, TypeError, lxml.etree.LxmlError):
        return {}
    best: dict = {}
    for block in blocks:
        try:
            stack = [json.loads(block)]
        except (ValueError, RecursionError):
            continue
        seen = 0
        while stack and seen < 10_000:  # objects nest (@graph, mainEntity): look through them all
            item = stack.pop()
            seen += 1
            if isinstance(item, dict):
                story = item.get("articleBody")
                if isinstance(story, str) and len(story) > len(str(best.get("articleBody", ""))):
                    best = item
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    return best


def _name(value) -> str | None:
    """A JSON-LD person or organisation as a name: a string, {"name": ...}, or a list of them."""
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value[:5]) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) else None


def _clean(value) -> str | None:
    value = " ".join(str(value).split()) if value else ""
    return value or None


def read_plain(body: bytes, url: str) -> Page:
    """A text/plain link: its text as it is."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = body.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = body.decode("latin-1")
    if not text.strip():
        raise WebError(f"no text in {url}")
    return Page(url, url, text)


# ---------------------------------------------------------------------------------------------
# The page cache: the extracted article of each link, as JSON


def page_path(cache: Path, url: str) -> Path:
    return cache / "pages" / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:32] + ".json")


def cached(cache: Path, url: str) -> Page | None:
    """The kept page of a link, or None (a damaged one is treated as missing)."""
    path = page_path(cache, url)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        page = Page(**{k: data[k] for k in Page.__dataclass_fields__ if k != "pages"}, pages=data.get("pages", []))
        if page.url != url or not isinstance(page.text, str):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.utime(path)  # used now: the cache drops what was not used for longest first
    except OSError:
        pass  # a read-only cache: the page still answers
    return page


def keep(cache: Path, page: Page) -> Path:
    """Write a page to the cache atomically (temporary file, then rename)."""
    path = page_path(cache, page.url)
    write_whole(path, lambda f: json.dump(asdict(page), f, ensure_ascii=False))
    return path


# The pages fetched in this process: a link is fetched once a run, even when the cache cannot
# keep it (the index build reads the page again after checking it is current).
_FETCHED: dict[str, Page] = {}


def page(url: str, cache: Path | None, refresh: bool = False) -> Page:
    """The article of a link: from the cache, else fetched, extracted and kept."""
    check_link(url)
    if cache is not None and not refresh:
        kept = cached(cache, url)
        if kept is not None:
            return kept
    if url in _FETCHED:
        return _FETCHED[url]  # fetched already in this run (a cache that cannot keep it)
    final, body, ctype = fetch(url)
    if ctype in (PDF, DOCX):
        from bot.documents import office  # imported here: logging and zipfile cost start-up

        try:
            doc = (office.read_pdf if ctype == PDF else office.read_docx)(body)
        except ValueError as exc:
            raise WebError(f"cannot read {url}: {exc}") from None
        got = Page(url, final, doc.text, doc.title, doc.author, pages=doc.pages)
    else:
        got = read_plain(body, url) if ctype.startswith("text/plain") else extract(body, final, url)
    got = Page(url, final, got.text, got.title, got.author, got.date, got.publisher, time.time(), got.pages)
    _FETCHED[url] = got
    if cache is not None:
        try:
            keep(cache, got)
        except OSError:
            pass  # answered anyway; the next question fetches again
    return got
