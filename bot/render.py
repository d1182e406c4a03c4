"""Answers to text, colour and JSON; nothing from a document reaches a terminal raw.

Documents are not trusted: escape sequences, other control characters and bidi overrides in
them are shown as visible escapes (`\\x1b`) in everything printed for people, while JSON keeps
the exact text (escaped by the JSON encoder, with bidi and C1 controls as `\\uXXXX`).
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.answering.answers import Answer

# C0 and C1 controls except tab (newline too, unless a caller keeps it), DEL, and the invisible
# formatting characters that can reorder or hide text (bidi embeddings, overrides, isolates,
# marks, zero-width joiners...).
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
# (and lone surrogates, from arguments that were not UTF-8: escaped, the output stays UTF-8)
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ud800-\udfff]"
)


_MARK_S, _MARK_E = "\ue000", "\ue001"


def safe(text: str, keep_newlines: bool = False) -> str:
    """Text that is safe to print on a terminal: controls become visible escapes."""

    def esc(m: re.Match) -> str:
        ch = m.group()
        if ch == "\n" and keep_newlines:
            return ch
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"

    return _UNSAFE.sub(esc, text)


def to_json(obj: Any) -> str:
    """One line of JSON; readable Unicode, but nothing a terminal would interpret."""
    out = json.dumps(obj, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", out)


def use_color(stream, mode: str = "auto") -> bool:
    """Colour only on a terminal, never with NO_COLOR set or TERM=dumb (unless forced)."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Style:
    def __init__(self, color: bool):
        self.color = color

    def _wrap(self, code: str, s: str) -> str:
        return f"\x1b[{code}m{s}\x1b[0m" if self.color and s else s

    def strong(self, s: str) -> str:
        return self._wrap("1;33", s)

    def dim(self, s: str) -> str:
        return self._wrap("2", s)

    def bold(self, s: str) -> str:
        return self._wrap("1", s)

    def warn(self, s: str) -> str:
        return self._wrap("35", s)


def display_width() -> int:
    try:
        cols = os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        cols = 100
    return max(40, min(cols, 100))


def wrap(s: str, width: int | None, indent: str = "") -> str:
    if not width:
        return indent + s
    return textwrap.fill(
        s, width=width, initial_indent=indent, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    )


def short_title(title: str, limit: int = 40) -> str:
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def citation_label(c, width: int | None = None) -> str:
    """ "Title… · source ¶2 s1", within `width` less the "[n] " before it when given: the title
    gives way first, then the source's start."""
    where = "metadata" if c.sentence_id < 0 else f"¶{c.passage} s{c.sentence}"
    if c.sentence_id >= 0 and c.page:
        where = f"p.{c.page} {where}"
    source = safe(c.source)
    # a title made from the file's name says no more than the name ("Standard input · standard input")
    named = c.titled
    if not width:
        return f"{short_title(safe(c.title))} · {source} {where}" if named else f"{source} {where}"
    room = width - 5  # "[n] " and a column spare
    title_room = min(40, room - len(source) - len(where) - 4)
    if named and title_room >= 8:
        return f"{short_title(safe(c.title), title_room)} · {source} {where}"
    source_room = max(8, room - len(where) - 1)
    if len(source) > source_room:
        source = "…" + source[-(source_room - 1) :]
    return f"{source} {where}"


def format_answer(ans: Answer, style: Style, width: int | None = None, taken_as: str | None = None) -> str:
    """An answer for people: the short answer ("Answer: ...", emphasised in the sentence) when
    the short-answer model is sure of it, the cited sentence(s), then numbered sources.

    `taken_as` is the self-contained question a chat follow-up was rewritten into, shown first;
    then the question as its typos were read, when some were ("reading it as: ...")."""
    notes = [f"(taking it as: {safe(taken_as)})"] if taken_as else []
    if ans.query is not None and ans.query.respelled:
        notes.append(f"(reading it as: {safe(ans.query.respelled)})")
    return "\n".join([style.dim(n) for n in notes] + [_answer_text(ans, style, width)])


def _answer_text(ans: Answer, style: Style, width: int | None) -> str:
    """`format_answer`'s answer, below its notes."""
    if not ans.answered and not ans.citations:
        return wrap(safe(ans.message or "No answer."), width)
    lines = []
    text = ans.answer or ""
    from bot.answering.answers import About  # loaded already: `ans` is one

    if ans.kind == About.SUMMARY and ans.answered:  # the headline, then the story's sentences, each cited
        if ans.short_answer:  # a text without a title of its own has no headline to give
            lines.append(style.bold(wrap(safe(ans.short_answer), width)))
        for c in ans.citations:
            mark = f"[{c.rank}]"
            body = safe(f"{mark} " + " ".join(c.text.split()))
            if width:
                body = textwrap.fill(
                    body,
                    width=width,
                    subsequent_indent=" " * (len(mark) + 1),
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            lines.append(style.dim(mark) + body[len(mark) :])
        lines.append("")
        lines += [style.dim(f"[{c.rank}]") + " " + citation_label(c, width) for c in ans.citations]
        return "\n".join(lines)
    if not ans.answered:  # a hedge: the closest sentence, said to be no more than that
        lines += [
            style.warn(wrap(safe(ans.message or "Not sure:"), width)),
            wrap(safe(" ".join(ans.citations[0].text.split())), width),
        ]
    elif ans.short_answer and ans.short_span and ans.short_sure:
        s, e = ans.short_span
        # Private-use marks survive escaping and wrapping, then become the emphasis.
        clean = text.replace(_MARK_S, "").replace(_MARK_E, "")
        marked = clean[:s] + _MARK_S + clean[s:e] + _MARK_E + clean[e:]
        body = wrap(safe(marked), width)
        body = re.sub(f"{_MARK_S}(.*?){_MARK_E}", lambda m: style.strong(m.group(1)), body, flags=re.S)
        lines.append(style.bold("Answer: ") + style.strong(safe(ans.short_answer)))
        lines.append(body.replace(_MARK_S, "").replace(_MARK_E, ""))
    else:
        lines.append(wrap(safe(text), width))
    lines.append("")
    for c in ans.citations:
        label = style.dim(f"[{c.rank}]") + " " + citation_label(c, width)
        lines.append(label)
        if c.rank > 1:
            snippet = safe(" ".join(c.text.split()))
            if width:
                snippet = textwrap.shorten(snippet, width=max(20, width - 4), placeholder=" …")
            lines.append(style.dim("    " + snippet))
    return "\n".join(lines).rstrip()


def format_sources(corpus, style: Style, width: int | None = None) -> str:
    """The documents as a table; within `width` columns when given (the widest columns are cut
    with "…" until it fits)."""

    def by(d) -> str:
        parts = [d.meta[k].value for k in ("author", "publisher", "date") if k in d.meta]
        return safe(", ".join(parts)) or "-"

    rows = [
        (
            safe(d.title),
            by(d),
            safe(d.url or d.path),
            str(len(d.passages)),
            str(sum(len(corpus.passages[p].sentences) for p in d.passages)),
        )
        for d in corpus.documents
    ]
    head = ("TITLE", "BY", "FROM", "PASSAGES", "SENTENCES")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(5)]
    widths[0] = min(widths[0], 60)
    widths[1] = min(widths[1], 50)
    if width:  # give way from the widest of title, by and from, down to 8 columns each
        while sum(widths) + 8 > width and max(widths[:3]) > 8:
            widest = max(range(3), key=lambda i: widths[i])
            widths[widest] -= 1

    def cut(s: str, w: int) -> str:
        return s if len(s) <= w else s[: w - 1] + "…"

    def fmt(r):
        left = "  ".join(f"{cut(r[i], widths[i]):<{widths[i]}}" for i in range(3))
        return f"{left}  {r[3]:>{widths[3]}}  {r[4]:>{widths[4]}}".rstrip()

    lines = [style.bold(fmt(head))] + [fmt(r) for r in rows]
    total_p = len(corpus.passages)
    total_s = len(corpus.sentences)
    lines.append(style.dim(f"{len(rows)} document{'s' * (len(rows) != 1)}, {total_p} passages, {total_s} sentences"))
    return "\n".join(lines)


def emit(text: str, stream=None) -> None:
    """Print one whole answer: Ctrl-C that comes while it is being written waits until the
    line is out, so a reader never gets half a JSON line. (The interrupt is then delivered.)"""
    stream = stream or sys.stdout
    block = hasattr(signal, "pthread_sigmask")
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if block else set()
    try:
        stream.write(text + "\n")
        stream.flush()
    finally:
        if block:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def progress(done: int, total: int, label: str) -> None:
    """A one-line progress bar on stderr (callers draw it only on a terminal)."""
    width = 30
    filled = int(width * done / max(total, 1))
    sys.stderr.write(f"\r{safe(label)[:28]:<28} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    sys.stderr.flush()
