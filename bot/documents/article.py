"""The article of a web page: its text, headline, section headings, author, date and site name.

They come from trafilatura, which leaves navigation, ads, cookie notices, "most read" boxes and
footers out; when it finds little (a caption, a teaser), from the story a news site keeps in
the page's JSON-LD for search engines. A page that is no article is a ValueError, one line.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field

# Fewer words than this extracted from a page, and there is no article on it.
MIN_ARTICLE_WORDS = 12
# Fewer words than this from a page is likely not its whole article: its JSON-LD is tried, and
# the reader is told.
SHORT_ARTICLE_WORDS = 50
# The line under a table's header in trafilatura's text ("|---|---|"): says nothing.
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]*-[\s:|-]*\|?\s*$")


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
    headings: list[int] = field(default_factory=list)  # where each of its headings starts in `text`


def extract(body: bytes | str, url: str | None = None, where: str = "") -> Page:
    """The article of a web page: its text, headline, section headings, author, date and site name."""
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
        raise ValueError(f"cannot read the page {where}: {type(exc).__name__}") from None
    if isinstance(doc, dict):
        doc = None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    meta = [getattr(doc, k, None) for k in ("title", "author", "date", "sitename")]
    heads = _heading_texts(getattr(doc, "body", None))
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
            heads = set()
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise ValueError(f"no article text found in {where}")  # a menu or a cookie notice is no article
    # one paragraph a line in trafilatura's text: blank lines make them passages
    lines = [_plain(line) for line in text.splitlines() if not _TABLE_RULE.match(line)]
    lines = [line for line in lines if line]
    starts = list(itertools.accumulate((len(line) + 2 for line in lines[:-1]), initial=0))
    headings = [at for at, line in zip(starts, lines) if " ".join(line.split()) in heads]
    title, author, date, publisher = (_clean(m) for m in meta)
    return Page(url or "", url or "", "\n\n".join(lines) + "\n", title, author, date, publisher, headings=headings)


def _plain(line: str) -> str:
    """A line of trafilatura's text as a reader would write it: a list item without its "- ",
    a table's row without the bars at its ends ("| Calories | 399 kcal |": "Calories | 399 kcal")."""
    line = line.strip()
    if line.startswith("|") and line.endswith("|") and len(line) > 1:
        return line[1:-1].strip()
    return line[2:].strip() if line.startswith("- ") else line


def _heading_texts(body) -> set[str]:
    """The texts of the headings in trafilatura's tree of the article (its `head` elements:
    the headline and the section headings), whitespace collapsed."""
    if body is None:
        return set()
    return {" ".join("".join(h.itertext()).split()) for h in body.iter("head")} - {""}


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
