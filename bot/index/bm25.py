"""BM25 over passages and sentences.

rank-bm25's BM25Okapi is the definition of the score (its IDF with the epsilon floor, its
length normalisation). Scoring itself runs on an inverted index of plain numpy arrays
(postings per term), so a query touches only the documents that contain its terms; the
result equals `BM25Okapi.get_scores` to float tolerance (tests/test_bm25.py checks it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

import numpy as np

from bot.documents.corpus import Corpus
from bot.index.tokens import TermLists, Tokens, analyse

T = TypeVar("T")

# BM25 settings, tuned on SQuAD (by the former benchmarks/tune.py): sentences are short, so
# their length matters less than a passage's. (The candidates' BM25 is one feature among many
# now: the ranker weighs it.)
K1, B_SENTENCE, B_PASSAGE = 1.2, 0.4, 0.75


@dataclass
class BM25:
    """Postings in CSR form: term t's documents are doc_ids[offsets[t]:offsets[t+1]]."""

    vocab: dict[str, int]
    idf: np.ndarray  # float64 per term
    offsets: np.ndarray  # int64, len(vocab) + 1
    doc_ids: np.ndarray  # int32
    tfs: np.ndarray  # float32
    doc_len: np.ndarray  # float64 per document
    k1: float
    b: float

    @property
    def size(self) -> int:
        return len(self.doc_len)

    @classmethod
    def build(cls, docs: list[list[str]], k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25) -> BM25:
        """The index of documents given as term lists (rank-bm25's input)."""
        vocab: dict[str, int] = {}
        ids = np.fromiter((vocab.setdefault(t, len(vocab)) for d in docs for t in d), np.int32)
        owner = np.repeat(np.arange(len(docs), dtype=np.int64), [len(d) for d in docs])
        return cls.of_tokens(vocab, ids, owner, len(docs), k1, b, epsilon)

    @classmethod
    def of_tokens(
        cls,
        vocab: dict[str, int],
        ids: np.ndarray,
        owner: np.ndarray,
        n: int,
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
    ) -> BM25:
        """The index of `n` documents whose tokens are `ids` (term ids of `vocab`, every one of
        which occurs), token i belonging to document `owner[i]`: array operations, no Python
        loop over tokens. rank-bm25's definitions: IDF log(N - df + 0.5) - log(df + 0.5), a
        negative one floored at `epsilon` times the mean IDF; the document length counts repeats."""
        size = len(vocab)
        doc_len = np.bincount(owner, minlength=n).astype(np.float64) if n else np.zeros(0)
        if not len(ids):
            return cls(
                {}, np.zeros(0), np.zeros(1, np.int64), np.zeros(0, np.int32), np.zeros(0, np.float32), doc_len, k1, b
            )
        pairs = np.sort(ids.astype(np.int64) * max(n, 1) + owner)
        first = np.flatnonzero(np.diff(pairs, prepend=-1))  # where each distinct (term, document) starts
        tfs = np.diff(np.append(first, len(pairs))).astype(np.float32)
        keys = pairs[first]
        terms, doc_ids = keys // max(n, 1), (keys % max(n, 1)).astype(np.int32)
        df = np.bincount(terms, minlength=size)
        offsets = np.zeros(size + 1, np.int64)
        offsets[1:] = np.cumsum(df)
        idf = np.log(n - df + 0.5) - np.log(df + 0.5)
        idf[idf < 0] = epsilon * idf.mean()
        return cls(vocab, idf, offsets, doc_ids, tfs, doc_len, k1, b)

    @property
    def avgdl(self) -> float:
        return float(self.doc_len.mean()) if self.size else 0.0

    @cached_property
    def norm(self) -> np.ndarray:
        """Each document's length normalisation, k1 (1 - b + b len / avgdl): computed once."""
        return self.k1 * (1 - self.b + self.b * self.doc_len / self.avgdl)

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        i = self.vocab.get(term)
        if i is None:
            return self.doc_ids[:0], self.tfs[:0]
        s, e = self.offsets[i], self.offsets[i + 1]
        return self.doc_ids[s:e], self.tfs[s:e]

    def scores(self, query: dict[str, float] | list[str]) -> np.ndarray:
        """BM25 score of every document, read-only; `query` maps term -> weight (a list counts
        repeats, as rank-bm25 does). The last query's scores are kept: a question asks for a
        passage's and a document's scores twice (its candidates, then their features)."""
        if isinstance(query, list):
            weights: dict[str, float] = {}
            for t in query:
                weights[t] = weights.get(t, 0.0) + 1.0
            query = weights
        key = tuple(query.items())
        last = self.__dict__.get("_last")
        if last is not None and last[0] == key:
            return last[1]
        out = np.zeros(self.size)
        if self.size and self.vocab:
            norm = self.norm
            for term, w in query.items():
                i = self.vocab.get(term)
                if i is None or not w:
                    continue
                ids, tf = self.postings(term)
                out[ids] += w * self.idf[i] * (tf * (self.k1 + 1) / (tf + norm[ids]))
        out.flags.writeable = False
        self.__dict__["_last"] = (key, out)
        return out

    def search(self, query: dict[str, float] | list[str], k: int) -> list[tuple[int, float]]:
        """The `k` best documents holding a query term, as (doc_id, score), best first.

        This is the whole interface the answering core needs from retrieval; a search engine
        (docs/scaling.md) could stand behind it instead of the local arrays."""
        scores = self.scores(query)
        terms = query if isinstance(query, list) else [t for t, w in query.items() if w > 0]
        ids = self.holding(terms)
        if len(ids) > k:
            ids = ids[np.argpartition(-scores[ids], k - 1)[:k]]
        ids = ids[np.argsort(-scores[ids], kind="stable")]
        return list(zip(ids.tolist(), scores[ids].tolist()))

    def holding(self, terms: Iterable[str]) -> np.ndarray:
        """Ids of the documents holding any of the terms, ascending. (A mask rather than
        `np.unique`, which imports numpy.ma: 12-19 ms of `bot ask`'s start-up, measured.)"""
        mask = np.zeros(self.size, bool)
        for term in terms:
            mask[self.postings(term)[0]] = True
        return np.flatnonzero(mask)

    def df(self, term: str) -> int:
        """How many documents hold the term."""
        i = self.vocab.get(term)
        return 0 if i is None else int(self.offsets[i + 1] - self.offsets[i])

    def term_idf(self, term: str) -> float:
        """IDF of a term; unknown terms get the IDF of a term seen in one document."""
        i = self.vocab.get(term)
        if i is not None:
            return float(self.idf[i])
        n = max(self.size, 1)
        return float(np.log(n - 1 + 0.5) - np.log(1.5)) if n > 1 else 1.0


@dataclass(eq=False)  # compared and hashed by identity: what answering derives is keyed by it
class Index:
    """Everything the answering core needs: the corpus and its BM25 indices over sentences,
    passages and whole documents."""

    corpus: Corpus
    sentence_terms: TermLists
    sentences: BM25
    passages: BM25
    surface: dict[str, str]  # spelling of each content word in the text -> its term
    documents: BM25
    spellings: TermLists  # each document's spellings (keys of `surface`): what an update reuses

    @classmethod
    def build(
        cls, corpus: Corpus, k1: float = K1, b_sentence: float = B_SENTENCE, b_passage: float = B_PASSAGE
    ) -> Index:
        return cls.of_tokens(corpus, analyse(corpus), k1, b_sentence, b_passage)

    @classmethod
    def of_tokens(
        cls,
        corpus: Corpus,
        tokens: Tokens,
        k1: float = K1,
        b_sentence: float = B_SENTENCE,
        b_passage: float = B_PASSAGE,
    ) -> Index:
        """The index of a corpus whose sentences' terms are `tokens`: its three BM25 models are
        built from the same token arrays."""
        terms = tokens.terms
        vocab = {t: i for i, t in enumerate(terms.vocab)}
        n = len(corpus.sentences)
        sentence = np.repeat(np.arange(n, dtype=np.int64), np.diff(terms.offsets))
        rows = corpus.sentence_array()
        document, passage = rows[:, 0], rows[:, 1]
        index = cls(
            corpus,
            terms,
            BM25.of_tokens(vocab, terms.ids, sentence, n, k1, b_sentence),
            BM25.of_tokens(vocab, terms.ids, passage[sentence], len(corpus.passages), k1, b_passage),
            tokens.surface,
            BM25.of_tokens(vocab, terms.ids, document[sentence], len(corpus.documents), k1, b_passage),
            tokens.spellings,
        )
        index.__dict__.update(sentence_table=rows)  # the cached property
        return index

    @classmethod
    def from_texts(cls, *texts: str | tuple[str, str]) -> Index:
        """The index of texts given as strings (see `Corpus.from_texts`):
        `qa.answer("When did the plant open?", Index.from_texts("The plant opened in May."))`."""
        return cls.build(Corpus.from_texts(*texts))

    @property
    def vocab(self) -> dict[str, int]:
        return self.passages.vocab

    @cached_property
    def sentence_table(self) -> np.ndarray:
        """The sentences as int64 rows of (doc, passage, number, start, end)."""
        return self.corpus.sentence_array()

    @cached_property
    def passage_table(self) -> np.ndarray:
        """The passages as int64 rows of (doc, number, start, end, first sentence, sentence count)."""
        return self.corpus.passage_array()

    @cached_property
    def sentence_passage(self) -> np.ndarray:
        """Each sentence's passage id."""
        return self.sentence_table[:, 1]

    @cached_property
    def sentence_doc(self) -> np.ndarray:
        """Each sentence's document id."""
        return self.sentence_table[:, 0]

    @cached_property
    def stories(self) -> Stories:
        """Where each document's story starts and how long it is (see `Stories`)."""
        return Stories.of(self)


@dataclass(frozen=True)
class Stories:
    """Per document: the id of its story's first sentence (past a headline that only names it)
    and how many sentences the story has; per sentence: its place in its story (0 for the
    first, -1 for a headline), whether it is its document's headline, and whether it is a
    heading (the headline, or a section heading of a web page or a Word file)."""

    first: np.ndarray  # int64 per document
    length: np.ndarray  # int64 per document
    place: np.ndarray  # int64 per sentence
    headline: np.ndarray  # bool per sentence
    mean_passage: np.ndarray  # float per document: its passages' mean number of sentences
    heading: np.ndarray  # bool per sentence

    @classmethod
    def of(cls, index: Index) -> Stories:
        corpus = index.corpus
        n = len(corpus.documents)
        first = np.zeros(n, np.int64)
        length = np.ones(n, np.int64)
        headline = np.zeros(len(corpus.sentences), bool)
        heading = np.zeros(len(corpus.sentences), bool)
        starts = index.sentence_table[:, 3]
        for d, doc in enumerate(corpus.documents):
            if not doc.passages:
                continue
            a = corpus.passages[doc.passages[0]].sentences[0]
            b = corpus.passages[doc.passages[-1]].sentences[-1]
            if doc.headings:  # the sentences that open a heading's line
                heading[a : b + 1] = np.isin(starts[a : b + 1], doc.headings)
            if corpus.plain(corpus.sentences[a]) == doc.title:
                headline[a] = True
                if a < b:
                    a += 1  # the story starts after its headline
            first[d], length[d] = a, b - a + 1
        place = np.arange(len(corpus.sentences)) - first[index.sentence_doc]
        table = index.passage_table
        counts = np.bincount(table[:, 0], minlength=n).astype(float)
        sizes = np.bincount(table[:, 0], weights=table[:, 5], minlength=n)
        return cls(first, length, np.maximum(place, -1), headline, sizes / np.maximum(counts, 1), heading | headline)


def build(corpus: Corpus) -> Index:
    return Index.build(corpus)
