"""Command line: argument parsing, subcommands, exit statuses.

Exit status: 0 all answered, 1 some not found, 2 usage or input error, 130 interrupted.
Only this module, render.py and repl.py touch the outside world; heavy modules are imported
inside the command that needs them, so `bot ask` starts fast.
"""

from __future__ import annotations

import os
import re
import stat
import sys

from bot.arguments import UsageError, parse

EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 70, 130
# what _err escapes: C0 and C1 controls and DEL (render.safe does more for answers; here nothing
# is imported, since the failure being reported may be an import that cannot work)
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def _err(msg: str) -> None:
    """One line on stderr. Anything from outside in it (a server's reply, a file name, a path
    typed) is made visible first, as answers are: no escape sequence reaches the terminal."""
    if sys.stderr is None:  # closed (`2>&-`): nowhere to say it
        return
    visible = _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", msg)
    print(f"bot: {visible.encode('utf-8', 'backslashreplace').decode('utf-8')}", file=sys.stderr)


def _knowledge_path(args) -> list[str] | None:
    """The knowledge arguments: --knowledge (repeated), else $BOT_KNOWLEDGE, else None (the
    bundled article)."""
    from bot.documents.sources import split_list

    given = getattr(args, "knowledge", None)
    if given:
        return list(given)
    return split_list(os.environ.get("BOT_KNOWLEDGE", "")) or None


def _piped(stream) -> bool:
    """Is this stream a pipe or a file (`cat a.txt | bot ask ...`, `< a.txt`), not a terminal,
    /dev/null or nothing?"""
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (AttributeError, OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


# How long `bot ask "..."` waits for the first bytes of a pipe it was not told to read
# (--knowledge - waits as long as it takes).
STDIN_WAIT = 2.0


def _ready(stream, seconds: float) -> bool:
    """Has the stream something to read (or its end) within `seconds`?"""
    import select

    try:
        if stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return True
        return bool(select.select([stream], [], [], seconds)[0])
    except (OSError, ValueError):
        return True


def _stdin_is_knowledge(args) -> bool:
    """`--knowledge -`; or, with no knowledge named, a command that reads no questions from
    standard input (`bot ask "..."`, `bot summary`) given text on it."""
    given = getattr(args, "knowledge", None) or []
    if "-" in given:
        return True
    if given or os.environ.get("BOT_KNOWLEDGE") or not getattr(args, "stdin_knowledge", False):
        return False
    if args.command == "ask" and _questions(args)[1]:
        return False  # the questions are what is piped
    return _piped(sys.stdin)


def _stdin_index(args):
    """The index of the text on standard input, beside any other knowledge named (not cached:
    the text is gone once read)."""
    from bot.documents.corpus import Corpus, add_document
    from bot.documents.sources import MAX_FILE_BYTES, KnowledgeError, load_corpus
    from bot.index.bm25 import Index

    if args.command == "ask" and _questions(args)[1]:
        raise UsageError("standard input holds the questions here; give the question as an argument, or save the text")
    if not getattr(args, "stdin_knowledge", False):
        raise UsageError(f"bot {args.command or 'chat'} does not read its knowledge from standard input; save the text")
    if sys.stdin is None:
        raise UsageError("standard input is closed; there is no text to answer from")
    explicit = "-" in (getattr(args, "knowledge", None) or [])
    if not explicit and not _ready(sys.stdin, STDIN_WAIT):
        # a pipe left open with nothing in it (a script's, ssh's): not a text to wait for
        _err(f"warning: nothing came on standard input in {STDIN_WAIT:g} s; answering from the usual knowledge")
        return None
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise KnowledgeError(f"standard input is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    text = data.decode("utf-8-sig", "replace")
    if not text.strip():
        if not explicit:
            return None  # nothing was piped after all: the knowledge as usual
        raise KnowledgeError("no text on standard input to answer from")
    others = [k for k in getattr(args, "knowledge", None) or [] if k != "-"]
    corpus = load_corpus(others) if others else Corpus([], [], [], "standard input")
    add_document(corpus, "-", "standard input", text, False)
    return Index.build(corpus)


def _load_index(args, rebuild: bool = False, progress=None, must_cache: bool = False):
    """The knowledge's index, from the cache when current; warnings go to stderr."""
    from bot.index.store import load_or_build

    if _stdin_is_knowledge(args) and (piped := _stdin_index(args)) is not None:
        return piped

    index = load_or_build(
        _knowledge_path(args),
        lambda m: _err(f"warning: {m}"),
        rebuild=rebuild,
        refresh=getattr(args, "refresh", False),
        progress=progress,
        must_cache=must_cache,
    )
    for w in index.corpus.warnings:
        _err(f"warning: {w}")
    return index


def _questions(args) -> tuple[list[str] | None, bool]:
    """The question from the arguments, or None to read stdin; and whether stdin is used."""
    words = args.question
    if not words or words == ["-"]:
        return None, True
    question = " ".join(words)
    if not question.strip():  # `bot ask "$Q"` with Q empty: a script's mistake, said as one
        raise UsageError('the question is empty; try: bot ask "Who did Carney meet?"')
    return [question], False


def _stdin_lines():
    try:
        sys.stdin.reconfigure(errors="replace")  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        pass
    for line in sys.stdin:
        line = line.rstrip("\r\n")
        if line.strip():
            yield line


def cmd_ask(args) -> int:
    questions, from_stdin = _questions(args)
    if from_stdin and sys.stdin.isatty():
        raise UsageError('no question given; try: bot ask "Who did Carney meet?" (or pipe questions on stdin)')
    return _answer_all(args, questions if questions is not None else _stdin_lines(), from_stdin)


def _answer_all(args, questions, numbered: bool, conversation=None) -> int:
    """Answer each question in turn and print it as it comes (text or one JSON line each).

    With a conversation (piped `bot chat`), follow-ups draw on the earlier turns and each JSON
    object carries its "turn"."""
    from bot import render
    from bot.answering import qa

    if conversation is not None:  # `bot ask` does not need the chat's follow-up logic
        from bot.chat.conversation import ask
    index = _load_index(args)
    color = render.use_color(sys.stdout, getattr(args, "color", "auto"))
    style = render.Style(color)
    width = render.display_width() if sys.stdout.isatty() else None
    status = EXIT_OK
    for turn, q in enumerate(questions, 1):
        if conversation is not None:
            ans, resolved = ask(q, index, conversation, top=args.top)
        else:
            ans, resolved = qa.answer(q, index, top=args.top), None
        if not ans.answered:
            status = EXIT_NOT_FOUND
        if args.json:
            obj = ans.to_dict()
            if conversation is not None:
                obj["turn"] = turn
                obj["taken_as"] = resolved.taken_as(q) if resolved is not None else None
            out = render.to_json(obj)
        else:
            out = render.format_answer(ans, style, width, resolved.taken_as(q) if resolved else None)
            if numbered:
                out = style.bold("Q: " + render.safe(q)) + "\n" + out
                if turn > 1:
                    out = "\n" + out
        render.emit(out)
    return status


def cmd_sources(args) -> int:
    from bot import render

    index = _load_index(args)
    corpus = index.corpus
    if args.text:
        docs = corpus.documents
        pick = [d for d in docs if args.text in (d.source, d.path, d.url)]
        if not pick and args.text.isdigit() and 1 <= int(args.text) <= len(docs):
            pick = [docs[int(args.text) - 1]]
        if not pick:
            raise UsageError(
                f"no document {args.text!r}; 'bot sources' lists them (give a number from 1 "
                f"to {len(docs)} or a source name)"
            )
        render.emit(render.safe(pick[0].text, keep_newlines=True).rstrip("\n"))
        return EXIT_OK
    if args.json:
        docs = [
            {
                "title": d.title,
                "titled": d.titled,  # false: `title` is made from the file's name, not the document's own
                "path": d.path,
                "source": d.source,
                "url": d.url,
                **{k: (d.meta[k].value if k in d.meta else None) for k in ("author", "date", "publisher")},
                "passages": len(d.passages),
                "sentences": sum(len(corpus.passages[p].sentences) for p in d.passages),
            }
            for d in corpus.documents
        ]
        print(render.to_json({"documents": docs}))
    else:
        style = render.Style(render.use_color(sys.stdout, getattr(args, "color", "auto")))
        print(render.format_sources(corpus, style, render.display_width() if sys.stdout.isatty() else None))
    return EXIT_OK


def cmd_summary(args) -> int:
    from bot import render
    from bot.answering.about import summary_answer

    index = _load_index(args)
    style = render.Style(render.use_color(sys.stdout, getattr(args, "color", "auto")))
    width = render.display_width() if sys.stdout.isatty() else None
    for n, doc in enumerate(index.corpus.documents):
        ans = summary_answer(index, doc.id, args.top)
        if args.json:
            obj = {
                "source": doc.source,
                "title": doc.title,
                "titled": doc.titled,
                "url": doc.url,
                **{k: (doc.meta[k].value if k in doc.meta else None) for k in ("author", "date", "publisher")},
                # the sentences past the headline (its `short_span`), which is "title"; null when none
                "summary": ans.answer[ans.short_span[1] + 1 :] if ans.answer and ans.short_span else ans.answer,
                "citations": ans.to_dict()["citations"],
            }
            render.emit(render.to_json(obj))
        else:
            # among several, a document without a title of its own is headed by its name
            several = len(index.corpus.documents) > 1
            head = style.bold(render.safe(doc.source)) + "\n" if several and not doc.titled else ""
            render.emit(("\n" if n else "") + head + render.format_answer(ans, style, width))
    return EXIT_OK


def cmd_index(args) -> int:
    from bot import render
    from bot.index import cache

    if args.clear:
        n = cache.clear()
        print(f"removed {n} cached file{'s' * (n != 1)} (indexes and kept pages) from {cache.cache_dir()}")
        return EXIT_OK
    show = sys.stderr.isatty()
    progress = (lambda done, total: render.progress(done, total, "reading")) if show else None
    index = _load_index(args, progress=progress, must_cache=True)
    if show:
        sys.stderr.write("\n")
    corpus = index.corpus
    print(
        f"indexed {len(corpus.documents)} documents, {len(corpus.passages)} passages, "
        f"{len(corpus.sentences)} sentences into {cache.cache_dir()}"
    )
    return EXIT_OK


def cmd_chat(args) -> int:
    if not sys.stdin.isatty():
        # piped: one question a line, one conversation, no terminal code
        from bot.chat.conversation import Conversation

        return _answer_all(args, _stdin_lines(), True, Conversation())
    from bot.chat import repl

    return repl.run(args, _load_index(args))


def cmd_eval(args) -> int:
    from bot.evaluation import report as evaluate_cli

    return evaluate_cli.run(args)


def _check_inputs(command: str, args) -> None:
    """A closed standard stream (`bot ask <&-`, `bot ask q >&-`) or an environment value out of
    range is bad input, said plainly before anything runs."""
    from bot.documents import web
    from bot.index import cache

    cache.max_cache_bytes()
    web.timeout()
    if sys.stdout is None:
        raise UsageError("standard output is closed; nothing could be shown")
    reads_stdin = command == "chat" or (command == "ask" and _questions(args)[1])
    if reads_stdin and sys.stdin is None:
        raise UsageError('standard input is closed; give the question as an argument: bot ask "..."')


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        try:
            args = parse(argv)
            command = args.command
            if command is None:
                # `bot` alone: chat on a terminal, questions from stdin otherwise
                args.json = False
                args.top = 3
                command = "chat"
            _check_inputs(command, args)
            handler = {
                "ask": cmd_ask,
                "sources": cmd_sources,
                "chat": cmd_chat,
                "eval": cmd_eval,
                "index": cmd_index,
                "summary": cmd_summary,
            }[command]
            return handler(args)
        finally:
            try:
                if sys.stdout is not None:
                    sys.stdout.flush()
            except BrokenPipeError:
                raise
            except (OSError, ValueError):
                pass
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`bot ask ... | head -1`): stop quietly, like other tools do.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_OK
    except Exception as exc:  # the last line of defence: no traceback for users
        # Nothing is imported here: the failure may be an import that cannot work.
        if getattr(exc, "user_error", False):  # KnowledgeError, SquadError: bad input, said plainly
            _err(f"{exc}")
            return EXIT_USAGE
        if os.environ.get("BOT_DEBUG"):
            raise
        if isinstance(exc, ImportError):
            _err(
                f"cannot import {exc.name or exc}: the installation is incomplete; reinstall bot "
                f"(pip install --force-reinstall <path to bot>)"
            )
            return EXIT_INTERNAL
        _err(f"internal error: {type(exc).__name__}: {exc} (set BOT_DEBUG=1 for details; please report it)")
        return EXIT_INTERNAL


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
