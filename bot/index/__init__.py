"""A `Corpus` indexed: BM25 over sentences, passages and documents; the on-disk cache.

Imports only `bot.language` and `bot.documents`."""
