"""Completion for the chat: commands after "/", and the knowledge's own words for questions."""

from __future__ import annotations

import re
from bisect import bisect_left

from prompt_toolkit.completion import Completer, Completion

from bot.chat.commands import COMMANDS, usage


class ChatCompleter(Completer):
    def __init__(self, words: list[str]):
        self.words = sorted(set(words))
        self._rank = {w: i for i, w in enumerate(words)}  # most widespread first

    def get_completions(self, document, complete_event):
        line = document.text_before_cursor
        if line.startswith("/") and " " not in line:
            for command in COMMANDS:
                if command.name.startswith(line.lower()):
                    meta = command.help.replace(" (now {top})", "")
                    yield Completion(command.name, -len(line), display_meta=f"{usage(command)}: {meta}")
            return
        m = re.search(r"[^\W\d_]{2,}$", line)
        if not m:
            return
        typed = m.group()
        prefix = typed.casefold()
        at = bisect_left(self.words, prefix)
        found = []
        while at < len(self.words) and self.words[at].startswith(prefix) and len(found) < 200:
            if self.words[at] != prefix:
                found.append(self.words[at])
            at += 1
        for w in sorted(found, key=lambda w: self._rank.get(w, 0))[:20]:
            yield Completion(typed[0] + w[1:] if typed[0].isupper() else w, -len(typed))
