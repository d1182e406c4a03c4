"""The chat on a terminal: one prompt-toolkit session, the chat commands, and the loop.

`Chat` knows the conversation and the commands and writes plain strings; it never touches
the terminal, so tests drive it directly. `make_session` is the one place a PromptSession is
created. Piped `bot chat` does not come here (see cli.py): no terminal code runs for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from prompt_toolkit.history import FileHistory, InMemoryHistory

from bot import render
from bot._version import __version__
from bot.answering import qa
from bot.answering.answers import Answer
from bot.answering.query import NO_CONTEXT, Context
from bot.chat import commands
from bot.chat.conversation import Conversation, ask, context
from bot.index.bm25 import Index


def history_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".local" / "state"
    return root / "bot" / "history"


def open_history(warn: Callable[[str], None]):
    """FileHistory in the XDG state folder (file mode 0600); in memory if it cannot be written."""
    try:
        path = history_path()
    except (RuntimeError, KeyError):  # no HOME, and no passwd entry to find one
        warn("the history is not saved: no home folder (set HOME or XDG_STATE_HOME)")
        return InMemoryHistory()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.exists() and not path.is_file():
            raise OSError(0, "not a regular file")  # a device, a pipe or a folder: never read it
        if _damaged(path):
            aside = path.with_name(path.name + ".corrupt")
            os.replace(path, aside)
            warn(f"the history file {path} was damaged; set aside as {aside.name}, starting afresh")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
        with open(path, "rb") as f:
            f.read(1)
        return KeptHistory(str(path), warn)
    except OSError as exc:
        warn(f"history is not saved: cannot write {path} ({exc.strerror or exc})")
        return InMemoryHistory()


class KeptHistory(FileHistory):
    """FileHistory that survives a disk that fills up: one warning, then memory only."""

    def __init__(self, filename: str, warn: Callable[[str], None]):
        super().__init__(filename)
        self._warn = warn
        self._failed = False

    def store_string(self, string: str) -> None:
        if self._failed:
            return
        try:
            super().store_string(string)
        except OSError as exc:
            self._failed = True
            self._warn(f"history is no longer saved: cannot write {self.filename!s} ({exc.strerror or exc})")


def _damaged(path: Path) -> bool:
    """Is the file something other than prompt_toolkit's history format (blank lines, "# date"
    lines and "+entry" lines, in UTF-8)? Huge files are not read to find out."""
    try:
        if path.stat().st_size > 16 * 1024 * 1024:
            return False
        data = path.read_bytes()
    except FileNotFoundError:
        return False
    if b"\x00" in data:
        return True
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return True
    return any(line and line[0] not in "#+" for line in lines)


class Chat:
    def __init__(
        self,
        index: Index,
        top: int = 3,
        style: render.Style | None = None,
        width: int | None | Callable[[], int] = None,
        write: Callable[[str], None] = print,
    ):
        self.index = index
        self.top = top
        self.style = style or render.Style(False)
        # a number, or how to measure the terminal now (it may be resized between answers)
        self._width = width
        self.write = write
        self.conversation = Conversation()
        self.last: Answer | None = None
        self.last_question = ""  # as resolved, for /more
        self.last_context: Context = NO_CONTEXT  # what the conversation gave it, for /more
        self.cited = 0  # citations of the last question shown so far

    # -- what the screen shows around the prompt

    @property
    def width(self) -> int | None:
        return self._width() if callable(self._width) else self._width

    def banner(self) -> str:
        from bot.chat.suggest import example_questions

        corpus = self.index.corpus
        n_docs, n_sent = len(corpus.documents), len(corpus.sentences)
        lines = [
            self.style.bold(f"bot {__version__}")
            + " answers from "
            + render.safe(corpus.title)
            + self.style.dim(f" ({n_docs} document{'s' * (n_docs != 1)}, {n_sent} sentences)")
        ]
        examples = example_questions(self.index)
        if examples:
            lines.append("Try:  " + "\n      ".join(render.safe(q) for q in examples))
        lines.append(self.style.dim("/help for commands, Ctrl-D to quit."))
        return "\n".join(lines)

    def toolbar(self) -> str:
        corpus = self.index.corpus
        n_docs = len(corpus.documents)
        return (
            f" {render.short_title(render.safe(corpus.title), 50)} · {n_docs} document{'s' * (n_docs != 1)}"
            f" · {len(corpus.sentences)} sentences · /help "
        )

    # -- one line of input

    def handle(self, line: str) -> bool:
        """Act on one line; False when the chat should end."""
        line = line.strip()
        if not line:
            return True
        if line.startswith("/"):
            return self.command(line)
        before = Conversation(list(self.conversation.turns))  # the conversation it is asked in
        ans, resolved = ask(line, self.index, self.conversation, top=self.top)
        self.last, self.last_question, self.cited = ans, resolved.text, len(ans.citations)
        self.last_context = context(before, resolved, self.index)
        out = render.format_answer(ans, self.style, self.width, resolved.taken_as(line))
        self.write(out + "\n")
        return True

    def command(self, line: str) -> bool:
        typed, _, arg = line.partition(" ")
        command, arg = commands.find(typed), arg.strip()
        if command is None:
            self.write(f"Unknown command {render.safe(typed.lower())}; /help lists the commands.")
            return True
        if command.name == "/quit":
            return False
        getattr(self, "do_" + command.name[1:])(arg)
        return True

    def do_help(self, arg: str) -> None:
        self.write(commands.help_text(self.top))

    def do_sources(self, arg: str) -> None:
        self.write(render.format_sources(self.index.corpus, self.style, self.width))

    def do_clear(self, arg: str) -> None:
        self.conversation.clear()
        self.last, self.last_question, self.cited = None, "", 0
        self.last_context = NO_CONTEXT
        self.write("Conversation cleared.")

    def do_top(self, arg: str) -> None:
        if not arg.isdigit() or int(arg) < 1:
            self.write(f"/top takes a whole number of sources, like /top 5 (now {self.top}).")
        else:
            self.top = int(arg)
            self.write(f"Citing up to {self.top} source{'s' * (self.top != 1)}.")

    def do_show(self, arg: str) -> None:
        self.show(arg)

    def do_more(self, arg: str) -> None:
        self.more()

    def do_summary(self, arg: str) -> None:
        self.summary()

    def show(self, arg: str) -> None:
        cites = self.last.citations if self.last else []
        if not cites:
            self.write("No answer to show yet; ask a question first.")
            return
        if not arg.isdigit() or not 1 <= int(arg) <= len(cites):
            self.write(f"/show takes a citation number from 1 to {len(cites)}, like /show 1.")
            return
        c = cites[int(arg) - 1]
        corpus = self.index.corpus
        sent = corpus.sentences[c.sentence_id]
        lines = [self.style.bold(f"[{c.rank}] ") + render.citation_label(c, self.width)]
        for sid in corpus.passages[sent.passage].sentences:
            s = render.safe(corpus.plain(corpus.sentences[sid]))
            if sid == c.sentence_id:
                lines.append(self.style.strong("» " + render.wrap(s, self.width, "  ").lstrip()))
            else:
                lines.append(render.wrap(s, self.width, "  "))
        self.write("\n".join(lines))

    def summary(self) -> None:
        """The summary of the document the conversation is in (the last answer's), else of
        each document, up to three."""
        from bot.answering.about import summary_answer

        corpus = self.index.corpus
        if self.last and self.last.sentence_ids:
            docs = [corpus.sentences[self.last.sentence_ids[0]].doc]
        else:
            docs = [d.id for d in corpus.documents[:3]]
        answers = [summary_answer(self.index, d, self.top) for d in docs]
        self.write("\n\n".join(render.format_answer(a, self.style, self.width) for a in answers))
        if len(answers) == 1 and answers[0].answered:
            self.last, self.cited = answers[0], len(answers[0].citations)  # /show N reaches them
        if len(corpus.documents) > len(docs):
            self.write(self.style.dim(f"({len(corpus.documents) - len(docs)} more documents: /sources lists them)"))

    def more(self) -> None:
        if not self.last_question:
            self.write("Ask a question first; /more then shows further sentences for it.")
            return
        assert self.last is not None  # a question was asked
        # ranked as the chat ranked it: "why?" has its subject from the conversation
        ans = qa.answer(self.last_question, self.index, top=self.cited + self.top, context=self.last_context)
        extra = ans.citations[self.cited :] if ans.answered else []
        if not extra:
            self.write("Nothing more matches that question.")
            return
        self.last.citations.extend(extra)  # so /show N reaches them
        self.cited += len(extra)
        lines = []
        for k, c in enumerate(extra, len(self.last.citations) - len(extra) + 1):
            lines.append(self.style.dim(f"[{k}]") + " " + render.citation_label(c, self.width))
            lines.append("    " + render.safe(" ".join(c.text.split())))
        self.write("\n".join(lines))


def make_session(chat: Chat, history=None, input=None, output=None):
    """The chat's PromptSession: history, suggestions, completion, toolbar."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
    from prompt_toolkit.styles import Style

    from bot.chat.completion import ChatCompleter
    from bot.chat.suggest import completion_words

    return PromptSession(
        history=history,
        auto_suggest=AutoSuggestFromHistory(),
        completer=ChatCompleter(completion_words(chat.index)),
        complete_while_typing=False,
        bottom_toolbar=chat.toolbar,
        style=Style.from_dict({"prompt": "bold"}),
        input=input,
        output=output,
    )


def loop(chat: Chat, session) -> int:
    """Prompt until /quit or Ctrl-D; Ctrl-C clears the line (or stops an answer) and goes on."""
    while True:
        try:
            line = session.prompt([("class:prompt", "bot> ")])
        except KeyboardInterrupt:
            continue
        except EOFError:
            break
        try:
            if not chat.handle(line):
                break
        except KeyboardInterrupt:
            chat.write("(stopped)")
    chat.write("Bye.")
    return 0


def run(args, index: Index) -> int:
    style = render.Style(render.use_color(sys.stdout, getattr(args, "color", "auto")))
    chat = Chat(index, top=args.top, style=style, width=render.display_width)
    chat.write(chat.banner())
    history = open_history(lambda msg: print(f"bot: warning: {msg}", file=sys.stderr))
    return loop(chat, make_session(chat, history))
