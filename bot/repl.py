"""The chat. Piped input is answered line by line; a terminal gets a prompt-toolkit session."""
from __future__ import annotations

import sys


def run(args) -> int:
    from .cli import cmd_ask

    if not sys.stdin.isatty():
        args.question = []
        return cmd_ask(args)
    from prompt_toolkit import PromptSession

    from . import qa, render
    from .cli import _load_index

    index = _load_index(args)
    style = render.Style(render.use_color(sys.stdout, getattr(args, "color", "auto")))
    print(f"bot — ask about {index.corpus.title}. Ctrl-D to quit.")
    session = PromptSession()
    while True:
        try:
            q = session.prompt("> ")
        except KeyboardInterrupt:
            continue
        except EOFError:
            print("bye")
            return 0
        if q.strip() in ("/quit", "/exit"):
            print("bye")
            return 0
        if not q.strip():
            continue
        print(render.format_answer(qa.answer(q, index, top=args.top), style, render.display_width()))
        print()
