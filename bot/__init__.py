"""bot: answers questions about a news article (or your notes) by citing the sentences.

>>> import bot
>>> index = bot.load()                      # the bundled article
>>> bot.ask("Who did Carney meet?", index).short_answer
'Claudia Sheinbaum'
"""

from __future__ import annotations

from bot._version import __version__

__all__ = ["__version__", "load", "ask"]


def load(path=None):
    """Load a knowledge file or folder (default: the bundled article) and index it."""
    from bot.documents.sources import load_corpus
    from bot.index.bm25 import build

    return build(load_corpus(path))


def ask(question: str, index=None, top: int = 3):
    """Answer one question; returns a `bot.answering.answers.Answer`."""
    from bot.answering.qa import answer

    return answer(question, index if index is not None else load(), top=top)
