"""What the user points at, read into a `Corpus`: files, folders, saved pages, links, metadata.

Imports only `bot.language`."""
