"""Web pages as knowledge: fetch a link (with limits), extract its article (`article`), keep it.

A fetched link is kept in the cache as plain JSON (the extracted article, not the page), so
asking again, or without a network, reads it from there; `bot index --refresh` fetches it again.

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
from dataclasses import asdict, replace
from pathlib import Path

from bot._version import __version__
from bot.documents.article import Page, extract
from bot.documents.files import write_whole

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
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


def _extract(body: bytes, final: str, url: str) -> Page:
    """A fetched page's article; a page with none is a `WebError` (a link's password hidden)."""
    try:
        return extract(body, final, url)
    except ValueError as exc:  # the page's problem, said in one line
        raise WebError(str(exc)) from None


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
        lists = ("pages", "headings")  # (absent from a page kept by an older version)
        page = Page(
            **{k: data[k] for k in Page.__dataclass_fields__ if k not in lists}, **{k: data.get(k, []) for k in lists}
        )
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
        got = Page(url, final, doc.text, doc.title, doc.author, pages=doc.pages, headings=doc.headings)
    else:
        got = read_plain(body, url) if ctype.startswith("text/plain") else _extract(body, final, url)
    got = replace(got, url=url, final_url=final, fetched=time.time())
    _FETCHED[url] = got
    if cache is not None:
        try:
            keep(cache, got)
        except OSError:
            pass  # answered anyway; the next question fetches again
    return got
