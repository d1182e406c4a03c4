"""What a document is about: its headline and the few sentences that carry the story.

Extractive, in reading order: a news story's lead sums it up, so it comes first; the others
are the most central of the document's own sentences (LexRank's idea: a sentence that shares
much, IDF-weighted, with the rest of the text is what the text keeps coming back to), each
less for repeating what is already chosen.
"""

from __future__ import annotations

import math
from collections import Counter

from bot.index.bm25 import Index

# Sentences a summary holds, besides the headline.
SUMMARY_SENTENCES = 3
# Only the first sentences of a long document are read for its centre.
CENTRALITY_WINDOW = 300
# A sentence shorter than this many words says too little to sum anything up.
MIN_WORDS = 6
# How much a summary sentence is held back for repeating one already chosen.
REDUNDANCY = 0.7


def story(index: Index, doc: int) -> list[int]:
    """The sentence ids of a document's story: its sentences past a headline that names it."""
    corpus = index.corpus
    ids = corpus.document_sentences(doc)
    if ids and corpus.plain(corpus.sentences[ids[0]]) == corpus.documents[doc].title:
        ids = ids[1:]
    return ids


def _vectors(index: Index, ids: list[int]) -> dict[int, dict[str, float]]:
    """TF-IDF vectors of the sentences, unit length."""
    n = max(index.sentences.size, 1)
    out = {}
    for sid in ids:
        tf = Counter(index.sentence_terms[sid])
        v = {t: c * math.log(1 + n / max(1, index.sentences.df(t))) for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out[sid] = {t: x / norm for t, x in v.items()}
    return out


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def summarize(index: Index, doc: int, count: int = SUMMARY_SENTENCES) -> list[int]:
    """Up to `count` sentence ids that sum a document up, in reading order: its lead, then the
    most central of the rest."""
    corpus = index.corpus
    ids = story(index, doc)[:CENTRALITY_WINDOW]
    if not ids:
        return []
    heading = index.stories.heading  # a section heading names a part; it sums nothing up
    said = [sid for sid in ids if len(corpus.plain(corpus.sentences[sid]).split()) >= MIN_WORDS and not heading[sid]]
    long_enough = said or ids
    vec = _vectors(index, long_enough)
    centre = {s: sum(_cosine(vec[s], vec[o]) for o in long_enough if o != s) for s in long_enough}
    chosen = [long_enough[0]]  # the lead
    pool = [s for s in long_enough[1:]]
    while len(chosen) < count and pool:
        top = max(centre.values()) or 1.0
        best = max(pool, key=lambda s: centre[s] / top - REDUNDANCY * max(_cosine(vec[s], vec[c]) for c in chosen))
        pool.remove(best)
        chosen.append(best)
    return sorted(chosen)
