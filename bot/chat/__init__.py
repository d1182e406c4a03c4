"""The conversation: its memory (context for the next turn), the REPL, completion, suggestions."""
