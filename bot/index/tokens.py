"""Every sentence's terms as flat arrays of ids, and each document's spellings.

Analysis is done per document, so a document whose file has not changed takes its terms from
the previous index (remapped to the new vocabulary) instead of being analysed again: that is
what makes re-indexing a large folder after one edit cost one file's analysis. A corpus
analysed with reuse gives exactly the arrays a fresh analysis gives (tests/test_store.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.documents.corpus import Corpus
from bot.language import analysis


class TermLists:
    """Lists of strings as flat arrays: `self[i]` is list i (a sentence's terms, a document's
    spellings), decoded on demand, so a large index loads without building a hundred
    thousand Python lists."""

    def __init__(self, vocab: list[str], ids: np.ndarray, offsets: np.ndarray):
        self.vocab, self.ids, self.offsets = vocab, ids, offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> list[str]:
        v = self.vocab
        return [v[t] for t in self.ids[self.offsets[i] : self.offsets[i + 1]].tolist()]


@dataclass(frozen=True)
class Previous:
    """What a previous index holds of its documents: their sentences' terms, their
    spellings (ids into `surface`'s keys) and the first sentence of each."""

    terms: TermLists
    spellings: TermLists
    surface: dict[str, str]
    first_sentence: np.ndarray  # per document, and one past the last sentence at the end


@dataclass(frozen=True)
class Tokens:
    terms: TermLists  # per sentence, ids of a vocabulary in order of first occurrence
    surface: dict[str, str]  # each content word's spelling -> its term, in order of first occurrence
    spellings: TermLists  # per document, its spellings (ids into `surface`'s keys)


def analyse(corpus: Corpus, reuse: dict[int, tuple[Previous, int]] | None = None) -> Tokens:
    """The tokens of a corpus; `reuse` maps a document to the same document in a previous
    index (same text, so the same sentences), whose tokens are taken instead of analysed."""
    reuse = reuse or {}
    vocab: dict[str, int] = {}  # term -> id
    spelled: dict[str, int] = {}  # spelling -> id
    spelled_term: list[str] = []  # spelling id -> its term
    chunks: list[np.ndarray] = []
    lengths: list[np.ndarray] = []
    spell_chunks: list[np.ndarray] = []
    remaps: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    sentences = corpus.sentences
    for doc in corpus.documents:
        if doc.id in reuse:
            prev, old = reuse[doc.id]
            if id(prev) not in remaps:  # the previous index's ids as this one's, once
                terms_of = np.fromiter((vocab.setdefault(t, len(vocab)) for t in prev.terms.vocab), np.int64)
                for w in prev.spellings.vocab:
                    if spelled.setdefault(w, len(spelled)) == len(spelled_term):
                        spelled_term.append(prev.surface[w])
                words_of = np.fromiter((spelled[w] for w in prev.spellings.vocab), np.int64)
                remaps[id(prev)] = terms_of, words_of
            terms_of, words_of = remaps[id(prev)]
            a, b = int(prev.first_sentence[old]), int(prev.first_sentence[old + 1])
            offsets = prev.terms.offsets
            chunks.append(terms_of[prev.terms.ids[offsets[a] : offsets[b]]])
            lengths.append(np.diff(offsets[a : b + 1]))
            spell = prev.spellings.offsets
            spell_chunks.append(words_of[prev.spellings.ids[spell[old] : spell[old + 1]]])
        else:
            sids = [sid for p in doc.passages for sid in corpus.passages[p].sentences]
            local: dict[str, str] = {}
            found: list[int] = []
            counts = np.zeros(len(sids), np.int64)
            for k, sid in enumerate(sids):
                ts = analysis.terms(corpus.plain(sentences[sid]), local)
                counts[k] = len(ts)
                found.extend(vocab.setdefault(t, len(vocab)) for t in ts)
            chunks.append(np.array(found, np.int64))
            lengths.append(counts)
            for w, t in local.items():
                if spelled.setdefault(w, len(spelled)) == len(spelled_term):
                    spelled_term.append(t)
            spell_chunks.append(np.fromiter((spelled[w] for w in local), np.int64, len(local)))
    ids = np.concatenate(chunks) if chunks else np.zeros(0, np.int64)
    offsets = np.zeros(len(sentences) + 1, np.int64)
    if lengths:
        np.cumsum(np.concatenate(lengths), out=offsets[1:])
    spell_offsets = np.zeros(len(corpus.documents) + 1, np.int64)
    np.cumsum([len(c) for c in spell_chunks], out=spell_offsets[1:])
    spell_ids = np.concatenate(spell_chunks) if spell_chunks else np.zeros(0, np.int64)
    spellings, order = _first_occurrence(list(spelled), spell_ids, spell_offsets)
    surface = dict(zip(spellings.vocab, (spelled_term[i] for i in order.tolist())))
    return Tokens(_first_occurrence(list(vocab), ids, offsets)[0], surface, spellings)


def _first_occurrence(vocab: list[str], ids: np.ndarray, offsets: np.ndarray) -> tuple[TermLists, np.ndarray]:
    """Lists over only the strings that occur, numbered in order of first occurrence (as a
    fresh analysis numbers them, whatever a previous index's vocabulary held); and the old id
    of each new one."""
    first = np.full(len(vocab), len(ids), np.int64)
    np.minimum.at(first, ids, np.arange(len(ids), dtype=np.int64))
    order = np.argsort(first, kind="stable")[: int(np.count_nonzero(first < len(ids)))]
    renumber = np.zeros(len(vocab), np.int32)
    renumber[order] = np.arange(len(order), dtype=np.int32)
    return TermLists([vocab[i] for i in order.tolist()], renumber[ids], offsets), order
