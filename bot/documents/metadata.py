"""Who wrote a document, who published it and when: from its front matter, its web page, or
the lines a news story carries ("By Ana Ruiz", "© 2025 Latin Times").

Each value remembers where in the source text it was read (`Field.start`, `Field.end`), so an
answer drawn from it can cite the exact slice, as any other answer does.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.language import wordlists


@dataclass(frozen=True)
class Field:
    value: str
    start: int = 0  # where the value stands in the document's source text (0, 0: it does not)
    end: int = 0


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The byline, copyright and date patterns, compiled when a document is first read: a
    cached index never needs them, and `bot ask` should not pay for them at start-up."""
    # "By Ana Ruiz", "By Ana Ruiz and Tom Wade, Reuters": a line of its own, near the top.
    byline = re.compile(
        r"^[ \t]*(?:\*\*|_)?[Bb]y[ \t]+(?P<name>[A-Z][\w.'’-]*"
        r"(?:[ \t]+(?:[A-Z][\w.'’-]*|and|&|de|van|von|der|la)){0,7})"
        r"(?:[ \t]*,[ \t]*(?P<org>[A-Z][\w.'’& -]{1,60}?))?[ \t]*(?:\*\*|_)?[ \t]*$",
        re.M,
    )
    # "© 2025 Latin Times", "Copyright 2025 Latin Times", "(c) 2024 The Herald. All rights reserved."
    copyright_ = re.compile(
        r"(?:©|\(c\)|[Cc]opyright)[ \t]*(?:©[ \t]*)?(?P<year>(?:19|20)\d\d)?[ \t,]*"
        r"(?P<name>[A-Z][^\n.,;|]{1,60}?)[ \t]*(?:[.,;|]|All rights|$)",
        re.M,
    )
    # A date in ISO form, or "March 2, 2025" / "2 March 2025".
    month = "|".join(m[:3] + r"[a-z]*" for m in wordlists.MONTHS)
    date = re.compile(
        rf"\b(?:(?:19|20)\d\d-\d\d-\d\d|(?:{month})\.?\s+\d{{1,2}},?\s+(?:19|20)\d\d"
        rf"|\d{{1,2}}\s+(?:{month})\.?\s+(?:19|20)\d\d)\b",
        re.I,
    )
    return byline, copyright_, date


# How far from the top a byline may stand.
BYLINE_WITHIN = 600


def from_front_matter(fields: dict[str, str], text: str, body: int) -> dict[str, Field]:
    """Metadata a file states in its front matter (`author:`, `date:` or `year:`,
    `publisher:`, `url:`), located in the front matter block (text[:body])."""
    out: dict[str, Field] = {}
    for key, name in (
        ("author", "author"),
        ("date", "date"),
        ("year", "date"),
        ("publisher", "publisher"),
        ("url", "url"),
        ("source_url", "url"),
    ):
        value = fields.get(key, "").strip()
        if value and name not in out:
            at = text.find(value, 0, body)
            out[name] = Field(value, at, at + len(value)) if at >= 0 else Field(value)
    return out


def from_text(text: str, start: int = 0) -> dict[str, Field]:
    """Metadata a story carries in its own lines: a byline near the top, a copyright line (the
    publisher and the year), a date near the top."""
    out: dict[str, Field] = {}
    byline, copyright_, date = _patterns()
    m = byline.search(text, start, start + BYLINE_WITHIN)
    if m:
        out["author"] = Field(m.group("name"), m.start("name"), m.end("name"))
        if m.group("org"):
            out["publisher"] = Field(
                m.group("org").strip(), m.start("org"), m.start("org") + len(m.group("org").strip())
            )
    copyrights = list(copyright_.finditer(text, start))
    if copyrights:
        c = copyrights[-1]  # a footer's, not a photo credit's
        if "publisher" not in out:
            name = c.group("name").strip()
            out["publisher"] = Field(name, c.start("name"), c.start("name") + len(name))
        if c.group("year"):
            out["date"] = Field(c.group("year"), c.start("year"), c.end("year"))
    d = date.search(text, start, start + BYLINE_WITHIN)
    if d:
        out["date"] = Field(d.group(), d.start(), d.end())
    return out


def merge(*sources: dict[str, Field]) -> dict[str, Field]:
    """The first source that has a field gives it."""
    out: dict[str, Field] = {}
    for source in sources:
        for name, f in source.items():
            out.setdefault(name, f)
    return out
