"""The command line's grammar: subcommands, options, their help and examples (argparse), and
the one-line usage error. `cli` runs what this parses."""

from __future__ import annotations

import argparse
import re

from bot._version import __version__

EXAMPLES = """\
examples:
  bot                                      chat about the bundled article (on a terminal)
  bot ask "Who did Carney meet in Mexico?"
  bot ask --json "How long does the action plan run?"
  printf 'q1\\nq2\\n' | bot ask --json        one JSON object per line
  bot ask --knowledge ~/notes "..."        answer from a folder of .txt, .md, .html, .pdf, .docx files
  bot ask --knowledge https://example.com/news/story "who wrote this?"
  cat article.txt | bot ask "who wrote it?"  answer from the text piped in
  bot sources                              what the bot knows
  bot summary                              what each document is about

environment:
  BOT_KNOWLEDGE   knowledge files, folders or links, separated by ":" (as --knowledge)
  BOT_CACHE_DIR   where indexes are cached (default: $XDG_CACHE_HOME/bot)
  NO_COLOR        no colour in output
"""


class UsageError(Exception):
    """Bad arguments: one line, exit 2."""


class UnknownCommand(UsageError):
    """A first word that is no command, with the command it is closest to, if any."""

    def __init__(self, name: str, close: str | None, choices: list[str], prog: str) -> None:
        hint = f"; did you mean '{close}'?" if close else f"; the commands are {', '.join(choices)}"
        super().__init__(f"unknown command '{name}'{hint} (see '{prog} --help')")
        self.name, self.close, self.prog = name, close, prog


_REPR = r"'(?:[^'\\]|\\.)*'" + "|" + r'"(?:[^"\\]|\\.)*"'  # a string as repr() writes it


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not argparse's usage block
        import ast
        import difflib

        m = re.match(rf"argument COMMAND: invalid choice: ({_REPR}) \(choose from (.*)\)$", message)
        if m:  # `bot aks`: say what was probably meant
            name = str(ast.literal_eval(m.group(1)))  # argparse writes it as repr() does
            choices = re.findall(r"'([^']+)'", m.group(2))
            close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
            raise UnknownCommand(name, close[0] if close else None, choices, self.prog)
        raise UsageError(f"{message} (see '{self.prog} --help')")


def parse(argv: list[str]) -> argparse.Namespace:
    """The command line parsed. A question typed without `ask` is told how to ask it: one
    argument with a space or a question mark (`bot "who is carney?"`), or words one by one (`bot
    who is carney`), unless the first is a command with a typo that the rest fits (`bot aks
    who`, where `bot what is it` is no `bot chat`), or a quoted question follows it (`bot zzz
    "who is carney?"`: the command is what was mistyped)."""
    try:
        return parser().parse_args(argv)
    except UnknownCommand as e:
        from bot.language.analysis import edit_distance

        at = argv.index(e.name) if e.name in argv else len(argv)
        rest = argv[at:] or [e.name]
        word_by_word = len(rest) > 1 and not any(w.startswith("-") or re.search(r"\s", w) for w in rest[1:])
        typo = e.close is not None and edit_distance(e.name.lower(), e.close, 1) <= 1
        if typo and word_by_word:
            typo = _parses([*argv[:at], str(e.close), *rest[1:]])
        if not typo and (word_by_word or re.search(r"[\s?]", e.name)):
            ask = f"{e.prog} ask {_shell_quoted(' '.join(rest))}"
            raise UsageError(f"unknown command '{e.name}'; to ask it: {ask} (see '{e.prog} --help')") from None
        raise


def _parses(argv: list[str]) -> bool:
    try:
        parser().parse_args(argv)
    except UsageError:
        return False
    return True


def _shell_quoted(text: str) -> str:
    """`text` as one shell word, as a person would type it: in single quotes, or double quotes
    when it holds an apostrophe and nothing a shell expands there."""
    import shlex

    if "'" not in text:
        return f"'{text}'"
    if not re.search(r'["$`\\!]', text):
        return f'"{text}"'
    return shlex.quote(text)


def parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--knowledge",
        metavar="PATH|URL",
        action="append",
        default=argparse.SUPPRESS,
        help="a file, a folder (.txt, .md, .html, .pdf, .docx), an http(s) link, or - for standard input, to "
        "answer from; repeatable (default: text piped in with the question given as an argument, "
        "else $BOT_KNOWLEDGE, else the bundled article)",
    )
    common.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default=argparse.SUPPRESS,
        help="colour output (default: auto, only on a terminal)",
    )
    parser = _Parser(
        prog="bot",
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Answers questions about a news article (or your own notes) by citing the "
        "sentences that answer them.",
        epilog=EXAMPLES,
    )
    parser.add_argument("--version", action="version", version=f"bot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    ask = sub.add_parser(
        "ask",
        parents=[common],
        help="answer one question (or one per line on stdin)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Answer a question from the knowledge, citing the sentences it comes from.",
        epilog='examples:\n  bot ask "Who did Carney meet in Mexico?"\n'
        "  bot ask who did carney meet          (quotes are optional)\n"
        '  bot ask --json -k 5 "What areas does the action plan cover?"\n'
        "  printf 'q1\\nq2\\n' | bot ask --json   (questions from stdin, JSONL out)\n\n"
        "exit status: 0 all answered, 1 some not found, 2 usage or input error, "
        "130 interrupted",
    )
    ask.add_argument("question", nargs="*", help="the question; '-' or nothing reads one per line from stdin")
    ask.add_argument("--json", action="store_true", help="print JSON (one object per question)")
    ask.add_argument("-k", "--top", type=_positive_int, default=3, metavar="K", help="number of citations (default: 3)")

    src = sub.add_parser("sources", parents=[common], help="list the loaded documents")
    src.set_defaults(stdin_knowledge=True)  # text piped in is what to list
    src.add_argument("--json", action="store_true", help="print JSON")
    src.add_argument(
        "--text",
        metavar="N|NAME",
        help="print one document's source text (a web page's: the article as extracted, what citations slice)",
    )

    summ = sub.add_parser(
        "summary",
        parents=[common],
        help="what each document is about",
        description="Print each document's headline and the sentences that sum it up, cited.",
    )
    summ.add_argument("--json", action="store_true", help="one JSON object per document")
    summ.add_argument(
        "-k", "--top", type=_positive_int, default=3, metavar="K", help="sentences per summary (default: 3, at most 5)"
    )

    # text piped in is the knowledge for these (ask: when its question is an argument)
    ask.set_defaults(stdin_knowledge=True)
    summ.set_defaults(stdin_knowledge=True)
    chat = sub.add_parser("chat", parents=[common], help="chat about the knowledge (default on a terminal)")
    chat.add_argument("--json", action="store_true", help="with piped input: one JSON object per line")
    chat.add_argument(
        "-k", "--top", type=_positive_int, default=3, metavar="K", help="number of citations (default: 3)"
    )

    idx = sub.add_parser(
        "index",
        parents=[common],
        help="build the index cache ahead of time",
        description="Read the knowledge and cache its index, so later questions start fast.",
    )
    idx.add_argument("--clear", action="store_true", help="delete every cached index and kept page instead")
    idx.add_argument("--refresh", action="store_true", help="fetch the links again, not from the cache")

    ev = sub.add_parser(
        "eval",
        help="measure accuracy on a SQuAD-format file",
        description="Treat each SQuAD article as a knowledge base and score the answers.",
    )
    ev.add_argument("file", help="SQuAD v1.1 or v2.0 JSON file")
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")
    ev.add_argument("--per-article", action="store_true", help="a row per article")
    ev.add_argument("--errors", type=int, default=0, metavar="N", help="print the N worst misses")
    ev.add_argument(
        "--offtopic", type=int, default=None, metavar="N", help="off-topic questions asked per article (default: 40)"
    )
    ev.add_argument(
        "--neartopic",
        type=int,
        default=None,
        metavar="N",
        help="near-topic questions asked per article: the most similar articles' (default: 20)",
    )
    ev.add_argument("--seed", type=int, default=0, help="seed for the off-topic samples (default: 0)")
    ev.add_argument("--articles", type=int, default=None, metavar="N", help="only the first N articles")
    ev.add_argument("--peer", action="store_true", help="measure plain BM25 (rank-bm25) on the same sentences too")
    mode = ev.add_mutually_exclusive_group()
    mode.add_argument(
        "--together",
        action="store_true",
        help="all articles as one knowledge base, each question asked of all of it (SQuAD format)",
    )
    mode.add_argument(
        "--paragraphs",
        action="store_true",
        help="each paragraph its own knowledge base, asked its own questions (SQuAD format)",
    )
    return parser


def _positive_int(s: str) -> int:
    try:
        v = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {s!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {v}")
    return v
