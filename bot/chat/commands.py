"""The chat's commands, each registered once with its arguments, help and aliases: `/help`,
completion and the REPL's dispatch all read this table."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str  # "/show"
    help: str  # what it does; "{top}" is filled with the number of sources cited now
    args: str = ""  # "N", shown after the name
    aliases: tuple[str, ...] = ()


COMMANDS = (
    Command("/help", "this help", aliases=("/?",)),
    Command("/sources", "the documents the bot knows"),
    Command("/show", "the passage around citation N of the last answer", "N"),
    Command("/summary", "what the document is about: its headline and main sentences"),
    Command("/more", "more sentences for the last question"),
    Command("/top", "cite K sources (now {top})", "K"),
    Command("/clear", "forget the conversation"),
    Command("/quit", "leave (or Ctrl-D)", aliases=("/exit", "/q")),
)
_BY_NAME = {n: c for c in COMMANDS for n in (c.name, *c.aliases)}

HELP_HEAD = """\
Ask a question in your own words; follow-ups ("why?", "and Canada?", "what did he say?")
use the conversation. Commands:"""
KEYS = "Keys: Tab completes, Up/Down walk the history, Right accepts a suggestion, Ctrl-C clears the line."


def find(name: str) -> Command | None:
    """The command a typed name (or alias) means, in any case."""
    return _BY_NAME.get(name.lower())


def usage(command: Command) -> str:
    return f"{command.name} {command.args}".strip()


def help_text(top: int) -> str:
    lines = [f"  {usage(c):<12} {c.help.format(top=top)}" for c in COMMANDS]
    return "\n".join([HELP_HEAD, *lines, KEYS])
