"""English and nothing else of bot: the word lists (data, in one place) and the analyzer.

Imports nothing else of bot."""
