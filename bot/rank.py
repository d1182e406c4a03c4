"""Ranking: which sentences answer a query, best first.

Each candidate sentence gets a few features, fused by the weights in `Weights`: its own BM25
score and its passage's (each scaled so the question's best is 1), how much of the question
(IDF-weighted) it covers, the question's word pairs it holds, the question's own phrases,
whether it has the kind of thing asked for (a date for "when"...), and, for a sentence that
opens by referring back ("It meets every six months"), the question's words in the sentence
before. The weights were tuned with cross-validation (README, Accuracy).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import text
from .answer_types import sentence_has_kind
from .index import Index
from .query import Query
from .questions import trailing_preposition


@dataclass(frozen=True)
class Weights:
    """Ranking weights (tuned by `benchmarks/tune.py` with cross-validation on SQuAD)."""

    sentence: float = 1.0
    passage: float = 0.8
    coverage: float = 0.9
    bigram: float = 0.3
    kind: float = 0.8
    phrase: float = 1.2
    # the question's words found in the sentence before, when the sentence refers back to it
    context: float = 1.0
    # abstention: answer when the evidence (see `evidence.strength`) reaches this
    min_evidence: float = 0.67


DEFAULT_WEIGHTS = Weights()
# Sentences fused per question: every one that holds a query term on an article, the best by
# their own BM25 on a large knowledge base.
CANDIDATES = 2000
# Taken off a sentence that is its document's headline (`knowledge._is_headline`): "Strong
# earthquake shakes Chile" names the story, the sentence with the magnitude answers.
HEADLINE_PENALTY = 0.5


@dataclass
class Ranked:
    ids: np.ndarray  # sentence ids, best first
    scores: np.ndarray  # fused score per id
    coverage: np.ndarray  # share of the question each sentence covers
    local_coverage: float = 0.0  # share of the question found inside one passage (the best)

    def without(self, sentence_ids: frozenset[int]) -> "Ranked":
        """The ranking less some sentences (those already given)."""
        keep = np.fromiter((int(i) not in sentence_ids for i in self.ids), bool, len(self.ids))
        return Ranked(self.ids[keep], self.scores[keep], self.coverage[keep], self.local_coverage)


def passage_coverage(query: Query, index: Index) -> float:
    """The largest share of the question's content words that one passage holds.

    A question about the knowledge finds most of its words together; an off-topic question
    that happens to share words with the knowledge finds them scattered.
    """
    bm = index.passages
    if not bm.size or not query.content:
        return 0.0
    got = np.zeros(bm.size)
    total = 0.0
    for term in query.content:
        weight, credit = query.evidence.get(term, (1.0, 1.0))
        total += weight
        ids = [bm.postings(alt)[0] for alt in query.alternatives.get(term, ())]
        if ids:
            got[np.unique(np.concatenate(ids))] += weight * credit
    return float(got.max() / total) if total else 0.0


def unit(scores: np.ndarray) -> np.ndarray:
    """Scores scaled so the best is 1 and 0 stays 0. On a tiny knowledge base BM25 can score
    below zero (a word in most sentences has a negative IDF): the lowest then maps to 0."""
    lo = min(0.0, float(scores.min())) if len(scores) else 0.0
    span = float(scores.max()) - lo if len(scores) else 0.0
    return (scores - lo) / span if span > 1e-12 else np.ones_like(scores)


def rank(query: Query, index: Index, weights: Weights = DEFAULT_WEIGHTS, limit: int = 50) -> Ranked:
    corpus = index.corpus
    # Candidates are the sentences holding a query term (not "score > 0": on a tiny corpus
    # rank-bm25's IDF floor can be zero or negative), the best CANDIDATES by their own score.
    found = index.sentences.search(query.terms, CANDIDATES)
    if not found:
        return Ranked(np.zeros(0, np.int64), np.zeros(0), np.zeros(0))
    candidates = np.array([i for i, _ in found], np.int64)
    s_cand = np.array([s for _, s in found])
    p_scores = index.passages.scores(query.terms)
    passage_of = np.fromiter((corpus.sentences[i].passage for i in candidates), np.int64, len(candidates))
    fused = weights.sentence * unit(s_cand) + weights.passage * unit(p_scores)[passage_of]
    # Only the best candidates get the slower per-sentence features.
    order = np.argsort(-fused, kind="stable")[: max(limit, 1)]
    candidates, fused = candidates[order], fused[order]
    idf = {t: max(index.passages.term_idf(t), 0.1) for t in query.content}
    total = sum(idf.values()) or 1.0
    qbigrams = list(zip(query.content, query.content[1:]))
    noun, stems = query.noun, query.stems
    after = trailing_preposition(query.text) if query.kind == "place" else None
    # The question's own word pairs, stopwords included ("during the meeting"), minus wh-words.
    qphrases = text.bigrams([w for w in text.words(query.text) if w not in text.WH_WORDS])
    cover = np.zeros(len(candidates))
    for k, sid in enumerate(candidates):
        sterms = index.sentence_terms[sid]
        sset = set(sterms)
        got = sum(idf[t] for t in query.content if query.alternatives.get(t, set()) & sset)
        cover[k] = got / total
        bonus = 0.0
        if qbigrams:
            sbig = text.bigrams(sterms)
            hits = sum(1 for a, b in qbigrams
                       if any((x, y) in sbig for x in query.alternatives.get(a, ())
                              for y in query.alternatives.get(b, ())))
            bonus = hits / len(qbigrams)
        fused[k] += weights.coverage * cover[k] + weights.bigram * bonus
        plain = corpus.plain(corpus.sentences[sid])
        if plain == corpus.documents[corpus.sentences[sid].doc].title:
            fused[k] -= HEADLINE_PENALTY  # a headline sums up what the sentences below say in full
        if weights.context:
            fused[k] += weights.context * _context_cover(query, index, int(sid), plain, sset, idf) / total
        if weights.phrase and qphrases:
            sphr = text.bigrams(text.words(plain))
            fused[k] += weights.phrase * len(qphrases & sphr) / len(qphrases)
        if weights.kind and query.kind != "other":
            fused[k] += weights.kind * sentence_has_kind(plain, query.kind, stems, noun, after, query.text)
    order = np.argsort(-fused, kind="stable")
    return Ranked(candidates[order], fused[order], cover[order], passage_coverage(query, index))


# Openings of a sentence that refer back to the one before ("It meets each six months").
ANAPHORA = frozenset("it its he she his her they their them this these that those there such the".split())


def _context_cover(query: Query, index: Index, sid: int, plain: str, sset: set[str],
                   idf: dict[str, float]) -> float:
    """IDF mass of the question's words that the sentence (`plain`, its terms `sset`) lacks and
    the sentence before it (in the same passage) holds, when the sentence refers back to it
    ("It meets each six months")."""
    if index.corpus.sentences[sid].number <= 1 or sid == 0:
        return 0.0
    first = text.fold(plain).lstrip(' "(').split(" ", 1)[0].strip(",")
    if first not in ANAPHORA:
        return 0.0
    pset = set(index.sentence_terms[sid - 1])
    return sum(idf[t] for t in query.content
               if not (query.alternatives.get(t, set()) & sset) and query.alternatives.get(t, set()) & pset)
