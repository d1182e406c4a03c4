"""Who wrote a document, who published it and when: from its front matter, its web page, or
the lines a news story carries ("By Ana Ruiz", "© 2025 Latin Times").

Each value remembers where in the source text it was read (`Field.start`, `Field.end`), so an
answer drawn from it can cite the exact slice, as any other answer does.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.language import patterns


@dataclass(frozen=True)
class Field:
    value: str
    start: int = 0  # where the value stands in the document's source text (0, 0: it does not)
    end: int = 0


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
    byline, copyright_, date = patterns.metadata_patterns()
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
