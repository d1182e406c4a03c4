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

from . import analysis, wordlists
from .answer_types import sentence_has_kind
from .index import Index
from .query import Query
from .questions import Kind


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
    # a sentence that is its document's headline (`knowledge._is_headline`): "Strong earthquake
    # shakes Chile" names the story, the sentence with the magnitude answers
    headline: float = -0.5
    # the lead: a news story's first sentences sum it up (see `lead`)
    lead: float = 1.5
    # in a conversation: the earlier turns' scores (`Context.earlier`, weighted by recency)...
    earlier: float = 0.5
    # ... the last answer's sentence, and the sentences just after it (1 for the next, 1/2...)
    again: float = 0.3
    follows: float = 0.5
    precedes: float = 0.2  # the sentence just before the last answer
    # the sentence speaks of whom the question's "he" or "she" means: by name, or as he or she
    person: float = 1.0
    # the lead's weight in a conversation, in place of `lead`: the talk moves on from it
    lead_in_conversation: float = 0.6
    # abstention: answer when the evidence (see `evidence.strength`) reaches
    #     min_evidence + evidence_per_size * ln(sentences in the knowledge)
    # and show the closest sentences as a hedge when it reaches that less `hedge_margin`
    min_evidence: float = 0.37
    evidence_per_size: float = 0.054
    hedge_margin: float = 0.2

    def vector(self, conversation: bool = False) -> np.ndarray:
        """The weights of `FEATURES`, in order (in a conversation, or not)."""
        return np.array(
            [getattr(self, "lead_in_conversation" if f == "lead" and conversation else f) for f in FEATURES]
        )


DEFAULT_WEIGHTS = Weights()
# Sentences fused per question: every one that holds a query term on an article, the best by
# their own BM25 on a large knowledge base.
CANDIDATES = 2000


@dataclass
class Ranked:
    ids: np.ndarray  # sentence ids, best first
    scores: np.ndarray  # fused score per id
    coverage: np.ndarray  # share of the question each sentence covers
    local_coverage: float = 0.0  # share of the question found inside one passage (the best)
    # the best fused score of the question's own match, without where a sentence stands (the
    # lead, the conversation): evidence that the knowledge answers it
    best_match: float = 0.0

    def without(self, sentence_ids: frozenset[int]) -> Ranked:
        """The ranking less some sentences (those already given)."""
        keep = np.fromiter((int(i) not in sentence_ids for i in self.ids), bool, len(self.ids))
        return Ranked(self.ids[keep], self.scores[keep], self.coverage[keep], self.local_coverage, self.best_match)


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
        got[bm.holding(query.alternatives.get(term, ()))] += weight * credit
    return float(got.max() / total) if total else 0.0


def unit(scores: np.ndarray) -> np.ndarray:
    """Scores scaled so the best is 1 and 0 stays 0. On a tiny knowledge base BM25 can score
    below zero (a word in most sentences has a negative IDF): the lowest then maps to 0."""
    lo = min(0.0, float(scores.min())) if len(scores) else 0.0
    span = float(scores.max()) - lo if len(scores) else 0.0
    return (scores - lo) / span if span > 1e-12 else np.ones_like(scores)


# The features of a candidate sentence, in the order of `features()`'s columns; each has its
# weight in `Weights` under the same name.
# The first ones say how well the sentence matches the question; the rest, where it stands.
MATCH_FEATURES = ("sentence", "passage", "coverage", "bigram", "kind", "phrase", "context", "headline")
FEATURES = MATCH_FEATURES + ("lead", "earlier", "again", "follows", "precedes", "person")


def candidates(query: Query, index: Index, count: int = CANDIDATES) -> tuple[np.ndarray, np.ndarray]:
    """The sentences holding a query term (not "score > 0": on a tiny corpus rank-bm25's IDF
    floor can be zero or negative), the best `count` by their own BM25, and in a conversation
    those of the earlier turns and those after the last answer; and each one's first two
    features (its BM25 and its passage's, each scaled so the best is 1)."""
    found = index.sentences.search(query.terms, count) if query.terms else []
    ids = [i for i, _ in found]
    if query.context:
        seen = set(ids)
        extra = [i for terms, _ in query.context.earlier for i, _ in index.sentences.search(terms, count)]
        extra += [i for sid in query.context.last_answer for i in _following(index, sid)]
        if query.context.person:  # and those naming whom "he" or "she" means
            extra += [i for i, _ in index.sentences.search(list(query.context.person[0]), count)]
        ids += [i for i in dict.fromkeys(extra) if i not in seen]
    if not ids:
        return np.zeros(0, np.int64), np.zeros((0, 2))
    ids_ = np.array(ids, np.int64)
    s_scores = np.zeros(len(ids_))
    s_scores[: len(found)] = [s for _, s in found]
    if not found:  # a follow-up with no words of its own matches nothing by them
        return ids_, np.zeros((len(ids_), 2))
    p_scores = index.passages.scores(query.terms)
    return ids_, np.column_stack([unit(s_scores), unit(p_scores)[_passage_of(index)[ids_]]])


def _passage_of(index: Index) -> np.ndarray:
    """Each sentence's passage id, as an array (made once per index)."""
    sentences = index.corpus.sentences
    return index.memo("passage of", lambda: np.fromiter((s.passage for s in sentences), np.int64, len(sentences)))


# How far after the last answer a sentence still counts as following it.
FOLLOWING = 2


def _following(index: Index, sid: int) -> list[int]:
    """The sentence before, the sentence and the FOLLOWING after it, in its document."""
    sentences = index.corpus.sentences
    doc = sentences[sid].doc
    return [i for i in range(max(0, sid - 1), min(sid + FOLLOWING + 1, len(sentences))) if sentences[i].doc == doc]


def features(
    query: Query, index: Index, ids: np.ndarray, base: np.ndarray, weights: Weights | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """All features of the candidates `ids` (whose first two, from `candidates()`, are `base`),
    one row each; and the share of the question (IDF-weighted) each covers. A feature whose
    weight is 0 in `weights` is not computed (left 0)."""
    X = np.zeros((len(ids), len(FEATURES)))
    X[:, :2] = base
    _where(query, index, ids, X, weights)
    _match(query, index, ids, X, weights)
    return X, X[:, 2].copy()


def _wanted(weights: Weights | None, feature: str) -> bool:
    if weights is None:
        return True
    return bool(getattr(weights, feature) or (feature == "lead" and weights.lead_in_conversation))


def _match(query: Query, index: Index, ids: np.ndarray, X: np.ndarray, weights: Weights | None) -> None:
    """The columns that say how well each sentence matches the question (the slow ones)."""
    corpus = index.corpus
    idf = {t: max(index.passages.term_idf(t), 0.1) for t in query.content}
    total = sum(idf.values()) or 1.0
    qbigrams = list(zip(query.content, query.content[1:]))
    # The question's own word pairs, stopwords included ("during the meeting"), minus wh-words.
    qphrases = query.question.phrases
    alternatives = query.alternatives
    kind = _wanted(weights, "kind") and query.kind != Kind.OTHER
    phrase = _wanted(weights, "phrase") and qphrases
    context = _wanted(weights, "context")
    person = _wanted(weights, "person") and query.context.person
    if person:
        names, gender = query.context.person
        pronouns = wordlists.MALE_PRONOUNS if gender == "m" else wordlists.FEMALE_PRONOUNS
    for k, sid in enumerate(ids.tolist()):
        sterms = index.sentence_terms[sid]
        sset = set(sterms)
        X[k, 2] = sum(idf[t] for t in query.content if alternatives.get(t, set()) & sset) / total
        if qbigrams:
            sbig = analysis.bigrams(sterms)
            X[k, 3] = sum(
                1
                for a, b in qbigrams
                if any((x, y) in sbig for x in alternatives.get(a, ()) for y in alternatives.get(b, ()))
            ) / len(qbigrams)
        plain = corpus.plain(corpus.sentences[sid])
        if kind:
            X[k, 4] = sentence_has_kind(plain, query)
        if phrase:
            X[k, 5] = len(qphrases & analysis.bigrams(analysis.words(plain))) / len(qphrases)
        if context:
            X[k, 6] = _context_cover(query, index, sid, plain, sset, idf) / total
        # a headline sums up what the sentences below say in full
        X[k, 7] = float(plain == corpus.documents[corpus.sentences[sid].doc].title)
        if person and (sset & set(names) or pronouns & set(analysis.words(plain))):
            X[k, 13] = 1.0


def _where(query: Query, index: Index, ids: np.ndarray, X: np.ndarray, weights: Weights | None) -> None:
    """The columns that say where each sentence stands (quick to compute): the lead, and in a
    conversation the earlier turns' scores, each scaled so its best is 1 and weighted by how
    recent the turn is, whether the sentence is the last answer, and how closely it follows
    or precedes it."""
    if _wanted(weights, "lead"):
        X[:, 8] = lead(index, ids)
    for terms, weight in query.context.earlier:
        scores = index.sentences.scores(terms)
        X[:, 9] += weight * unit(scores)[ids] if len(scores) else 0.0
    at = {sid: k for k, sid in enumerate(ids.tolist())}
    for sid in query.context.last_answer:
        for i in _following(index, sid):
            if i in at:
                col = 10 if i == sid else 11 if i > sid else 12
                X[at[i], col] = max(X[at[i], col], 1.0 / max(1, abs(i - sid)))


# A document of SHORT_STORY to LEAD_SPAN sentences gets the full lead prior; a longer or a
# shorter one less, in proportion (tuned with the lead's weight, README, Accuracy).
LEAD_SPAN = 20
SHORT_STORY = 10


def lead(index: Index, ids: np.ndarray) -> np.ndarray:
    """How much each sentence is its document's lead: 1 / (1 + its place in the document,
    past a headline), scaled down for documents longer than LEAD_SPAN sentences or shorter than
    SHORT_STORY. A news story puts what matters first (a quarter of NewsQA's answers are in
    its first sentence); a long article has much else to ask about, so a question is less
    likely to be about its opening; and in a few sentences there is no lead to speak of."""
    return index.memo("lead", lambda: _leads(index))[ids]


def _leads(index: Index) -> np.ndarray:
    """`lead` of every sentence of the index."""
    sentences = index.corpus.sentences
    first, length = _story_spans(index)
    doc = np.fromiter((s.doc for s in sentences), np.int64, len(sentences))
    place = np.arange(len(sentences)) - first[doc]
    n = length[doc]
    scale = np.minimum(1.0, np.minimum(LEAD_SPAN / n, n / SHORT_STORY))
    return np.where(place >= 0, scale / (1 + np.maximum(place, 0)), 0.0)


def _story_spans(index: Index) -> tuple[np.ndarray, np.ndarray]:
    """Per document, the id of its story's first sentence (past a headline) and how many
    sentences the story has."""
    corpus = index.corpus
    first = np.zeros(len(corpus.documents), np.int64)
    length = np.ones(len(corpus.documents))
    for d, doc in enumerate(corpus.documents):
        if not doc.passages:
            continue
        a = corpus.passages[doc.passages[0]].sentences[0]
        b = corpus.passages[doc.passages[-1]].sentences[-1]
        if corpus.plain(corpus.sentences[a]) == doc.title and a < b:
            a += 1  # the story starts after its headline
        first[d], length[d] = a, b - a + 1
    return first, length


def rank(query: Query, index: Index, weights: Weights = DEFAULT_WEIGHTS, limit: int = 50) -> Ranked:
    ids, base = candidates(query, index)
    if not len(ids):
        return Ranked(np.zeros(0, np.int64), np.zeros(0), np.zeros(0))
    w = weights.vector(bool(query.context))
    X = np.zeros((len(ids), len(FEATURES)))
    X[:, :2] = base
    _where(query, index, ids, X, weights)
    # Only the best candidates by their BM25 and where they stand get the slower features.
    order = np.argsort(-(X @ w), kind="stable")[: max(limit, 1)]
    ids, X = ids[order], X[order]
    _match(query, index, ids, X, weights)
    fused = X @ w
    match = X[:, : len(MATCH_FEATURES)] @ w[: len(MATCH_FEATURES)]
    order = np.argsort(-fused, kind="stable")
    return Ranked(
        ids[order], fused[order], X[order, 2], passage_coverage(query, index), float(match.max()) if len(match) else 0.0
    )


def _context_cover(query: Query, index: Index, sid: int, plain: str, sset: set[str], idf: dict[str, float]) -> float:
    """IDF mass of the question's words that the sentence (`plain`, its terms `sset`) lacks and
    the sentence before it (in the same passage) holds, when the sentence refers back to it
    ("It meets each six months")."""
    if index.corpus.sentences[sid].number <= 1 or sid == 0:
        return 0.0
    first = analysis.fold(plain).lstrip(' "(').split(" ", 1)[0].strip(",")
    if first not in wordlists.ANAPHORA:
        return 0.0
    pset = set(index.sentence_terms[sid - 1])
    return sum(
        idf[t]
        for t in query.content
        if not (query.alternatives.get(t, set()) & sset) and query.alternatives.get(t, set()) & pset
    )
