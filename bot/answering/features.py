"""What the model knows of each candidate sentence: named columns, computed the same way at
training time (`training/`) and when answering.

Four groups: how well the sentence matches the question (BM25 of the sentence, its passage and
its document, with their ranks; the share of the question's words it holds, exactly or by an
alternative; its word pairs; how close together its matches stand; whether it holds the kind of
thing asked for), what its neighbours hold (an answer may say "It" for what the sentence
before named), where it stands (its place in its story, its paragraph, a headline) and what it
is like (length, numbers, names, quotations), and what the question and the knowledge are
like (the kind of question, its length, how much of it the knowledge holds, how big the
knowledge is) so the model can tell a news story from a one-paragraph context. In a
conversation: the earlier turns' matches and where the last answer stood.

`FEATURES` names the columns in order; the model file carries the names it was trained on,
and `scorer` refuses a file whose names differ.
"""

from __future__ import annotations

import math
import re

import numpy as np

from bot.answering import association, dialogue, speakers
from bot.answering.candidates import Candidates
from bot.answering.query import SAME_WORD, Query, named_words
from bot.answering.rarity import general
from bot.answering.spans import sentence_has_kind
from bot.index.bm25 import Index
from bot.language import analysis, wordlists
from bot.language.questions import Kind

KINDS = tuple(Kind)

FEATURES: tuple[str, ...] = (
    # the match
    "bm25",  # the sentence's BM25 for the question
    "bm25_share",  # ... over the best sentence's
    "bm25_rank",  # ... its place among the sentences holding a question word (log)
    "passage_share",  # its passage's BM25 over the best passage's
    "passage_rank",  # its passage's place (log)
    "document_share",  # its document's BM25 over the best document's
    "document_rank",  # its document's place (log)
    "coverage",  # IDF-weighted share of the question's words it holds, alternatives counted
    "coverage_exact",  # ... the words themselves (or their spelling fixes) only
    "coverage_general",  # ... weighted by how rare each word is in English at large (`rarity`)
    "rarest_general",  # it holds the question's rarest word in English at large
    "matched",  # how many of the question's words it holds
    "missing_idf",  # the rarest question word it lacks: its IDF over the question's highest
    "bigram",  # share of the question's consecutive word pairs it holds
    "phrase",  # share of the question's surface word pairs (stopwords kept) it holds
    "density",  # matched words over the shortest stretch of the sentence holding them all
    "kind",  # it holds something of the kind asked for that the question lacks
    "rarest",  # it holds the question's rarest word (in the knowledge)
    "names_held",  # share of the question's capitalised words it holds
    "novelty",  # share of its own terms that are not the question's: what it adds
    # each candidate against the best of the question's candidates
    "coverage_gap",
    "general_gap",
    "exact_gap",
    "bigram_gap",
    "phrase_gap",
    "density_gap",
    "window_gap",
    # the neighbours
    "previous_coverage",  # coverage by the sentence before it (same document)
    "next_coverage",  # coverage by the sentence after it
    "window_coverage",  # coverage by the three together
    "refers_back",  # it opens by referring back ("It", "He", "The ...")
    "context",  # question words it lacks that the sentence before holds, when it refers back
    # where it stands and what it is like
    "headline",  # it is its document's headline
    "place",  # its place in its story (log; 0 the first sentence)
    "lead",  # 1 / (1 + its place)
    "place_share",  # its place over the story's length
    "story_length",  # sentences in its story (log)
    "passage_length",  # sentences in its passage
    "number_in_passage",  # its place in its passage, from 1
    "words",  # its length in terms
    "has_number",
    "has_year",
    "names",  # capitalised words past its first word, over its words
    "quotation",  # it holds a quotation mark
    # the question and the knowledge
    "question_words",  # content words of the question
    "question_coverage",  # share of them the knowledge holds
    "knowledge_sentences",  # (log)
    "knowledge_documents",  # (log)
    "mean_passage_length",  # sentences per passage in its document: news writes short paragraphs
    *(f"kind_{k.value}" for k in KINDS),
    # the conversation
    "conversation",  # the question comes after others
    "last_turn",  # the last question's BM25 for the sentence, over its best
    "turns_before",  # ... the questions before it (the highest)
    "answer_words",  # ... the words of the last answer shown
    "again",  # it is the last answer
    "follows",  # it follows the last answer (1 just after, 1/2 the one after...)
    "precedes",  # it is the sentence before the last answer
    "person",  # it names (or calls he or she) whom the question's pronoun means
    "other_person",  # it names someone else the knowledge calls he or she, or says the other pronoun
    "speaker",  # whose words it reports, against whom a "what did X say?" asks about (`speakers`)
    "opening_coverage",  # the question's share its story's headline and first sentence hold
    # what the question's words lead to in an answering sentence, learned (`association`)
    *association.COLUMNS,
)

COLUMN = {name: i for i, name in enumerate(FEATURES)}

_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:1[0-9]{3}|20[0-9]{2})\b")
_QUOTE = re.compile('["“”]')
_CAPITAL = re.compile(r"(?<=\s)[A-Z]")


# The columns read from each sentence's own words (`_sentences`), the costly ones, and their
# gaps: a knowledge base large enough to give many candidates reads them only for those the
# screening model keeps (`rank`). The others are SCREEN_FEATURES, what that model reads.
READ: tuple[str, ...] = (
    tuple(
        "bigram phrase density kind refers_back context words has_number has_year names quotation novelty"
        " bigram_gap phrase_gap density_gap other_person speaker opening_coverage".split()
    )
    + association.COLUMNS
)
SCREEN_FEATURES: tuple[str, ...] = tuple(f for f in FEATURES if f not in READ)


def compute(query: Query, index: Index, cands: Candidates, table: association.Association | None = None) -> np.ndarray:
    """The feature matrix of the candidates: one row each, the columns of `FEATURES` (`table`:
    the association table, the shipped one when None)."""
    X = matches(query, index, cands)
    read(query, index, cands.ids, X, np.arange(len(cands.ids)), table)
    return X


def matches(query: Query, index: Index, cands: Candidates) -> np.ndarray:
    """The feature matrix with every column but those of `READ` (left 0)."""
    ids = cands.ids
    n = len(ids)
    cols: dict[str, np.ndarray | float] = {}
    _retrieval(query, index, cands, cols)
    _coverage(query, index, ids, cols)
    _places(index, ids, cols)
    _question(query, index, ids, cols)
    cols |= dialogue.columns(query, index, ids)
    X = np.zeros((n, len(FEATURES)))
    for name, values in cols.items():
        X[:, COLUMN[name]] = values
    fill_gaps(X, np.arange(n), _MATCH_GAPS)
    return X


def read(
    query: Query,
    index: Index,
    ids: np.ndarray,
    X: np.ndarray,
    rows: np.ndarray,
    table: association.Association | None = None,
) -> None:
    """Fill the `READ` columns of X's `rows` (candidates `ids[rows]`), their gaps taken over
    those rows."""
    cols: dict[str, np.ndarray | float] = {}
    idf = _idf(query, index)
    _sentences(query, index, ids[rows], idf, cols)
    if query.content:
        cols |= association.columns(query, index, ids[rows], idf, table)
        cols["opening_coverage"] = _opening(query, index, ids[rows], idf)
    if query.context.person:
        cols["other_person"] = dialogue.others(query, index, ids[rows])
    cols["speaker"] = speakers.column(query, index, ids[rows])  # zero unless someone's words are asked
    for name, values in cols.items():
        X[rows, COLUMN[name]] = values
    fill_gaps(X, rows, READ_GAPS)


def fill_gaps(X: np.ndarray, rows: np.ndarray, gaps: dict[str, str]) -> None:
    """Each row's distance below the best of `rows`, for each gap column."""
    if len(rows):
        for gap, column in gaps.items():
            values = X[rows, COLUMN[column]]
            X[rows, COLUMN[gap]] = values.max() - values


GAPS = {
    "coverage_gap": "coverage",
    "general_gap": "coverage_general",
    "exact_gap": "coverage_exact",
    "bigram_gap": "bigram",
    "phrase_gap": "phrase",
    "density_gap": "density",
    "window_gap": "window_coverage",
}
READ_GAPS = {gap: column for gap, column in GAPS.items() if gap in READ}
_MATCH_GAPS = {gap: column for gap, column in GAPS.items() if gap not in READ}


def _log_rank(rank: np.ndarray) -> np.ndarray:
    return np.log1p(rank.astype(float))


def _share(scores: np.ndarray, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each item's score over the best (0 when nothing scores), and its rank (log), for the
    items `at` of an array of scores."""
    best = float(scores.max()) if len(scores) else 0.0
    share = scores[at] / best if best > 0 else np.zeros(len(at))
    order = np.argsort(-scores, kind="stable")
    rank = np.empty(len(scores), np.int64)
    rank[order] = np.arange(len(scores))
    return np.clip(share, 0.0, 1.0), _log_rank(rank[at])


def _retrieval(query: Query, index: Index, cands: Candidates, cols: dict) -> None:
    ids = cands.ids
    cols["bm25"] = cands.bm25
    cols["bm25_share"] = np.clip(cands.bm25 / cands.best_bm25, 0, 1) if cands.best_bm25 > 0 else 0.0
    cols["bm25_rank"] = _log_rank(cands.bm25_rank)
    if not query.terms:
        cols["passage_rank"] = cols["document_rank"] = math.log1p(index.passages.size)
        return
    passages = index.passages.scores(query.terms)
    cols["passage_share"], cols["passage_rank"] = _share(passages, index.sentence_passage[ids])
    documents = index.documents.scores(query.terms)
    cols["document_share"], cols["document_rank"] = _share(documents, index.sentence_doc[ids])


def holds(index: Index, ids: np.ndarray, terms) -> np.ndarray:
    """Which of the sentences `ids` hold any of `terms` (postings are sorted by sentence)."""
    out = np.zeros(len(ids), bool)
    if not len(ids):
        return out
    for term in terms:
        docs = index.sentences.postings(term)[0]
        if len(docs):
            at = np.minimum(np.searchsorted(docs, ids), len(docs) - 1)
            out |= docs[at] == ids
    return out


def _idf(query: Query, index: Index) -> dict[str, float]:
    """Each content term's weight: its IDF over the knowledge's sentences, floored (on a tiny
    knowledge base BM25's IDF can be zero or below)."""
    return {t: max(index.sentences.term_idf(t), 0.1) for t in query.content}


def _opening(query: Query, index: Index, ids: np.ndarray, idf: dict[str, float]) -> np.ndarray:
    """The share of the question (IDF-weighted) that each sentence's story opens with, in its
    headline or first sentence: a question written from a headline finds its answer in the lead
    (NewsQA's were), one of words the opening lacks asks about the rest of the story."""
    docs, story_of = np.unique(index.sentence_doc[ids], return_inverse=True)  # read once a story
    first = index.stories.first[docs]
    head = np.maximum(first - 1, 0)
    has_head = index.stories.headline[head]
    got = np.zeros(len(docs))
    for t, w in idf.items():
        alts = query.alternatives.get(t, set())
        got += w * (holds(index, first, alts) | (holds(index, head, alts) & has_head))
    return (got / sum(idf.values()))[story_of]


def _coverage(query: Query, index: Index, ids: np.ndarray, cols: dict) -> None:
    """The coverage columns, for each candidate and its neighbours."""
    content = query.content
    if not content or not len(ids):
        return
    idf = _idf(query, index)
    total = sum(idf.values())
    doc = index.sentence_doc
    last = len(doc) - 1
    before = np.maximum(ids - 1, 0)
    after = np.minimum(ids + 1, last)
    has_before = (ids > 0) & (doc[before] == doc[ids])
    has_after = (ids < last) & (doc[after] == doc[ids])
    got = np.zeros(len(ids))
    exact = np.zeros(len(ids))
    matched = np.zeros(len(ids))
    prev = np.zeros(len(ids))
    nxt = np.zeros(len(ids))
    window = np.zeros(len(ids))
    missing = np.zeros(len(ids))
    top = max(idf.values())
    rarest = max(content, key=lambda t: idf[t])
    named = _named_terms(query)
    names = np.zeros(len(ids))
    rarity = general()
    gidf = {t: rarity.idf(t) for t in content}
    gtotal = sum(gidf.values()) or 1.0
    rarest_general = max(content, key=lambda t: gidf[t])
    general_got = np.zeros(len(ids))
    for t in content:
        alts = query.alternatives.get(t, set())
        same = {a for a in alts if query.terms.get(a, 0.0) >= SAME_WORD} | ({t} & alts)
        here = holds(index, ids, alts)
        h_before = holds(index, before, alts) & has_before
        h_after = holds(index, after, alts) & has_after
        w = idf[t]
        got += w * here
        exact += w * holds(index, ids, same)
        matched += here
        prev += w * h_before
        nxt += w * h_after
        window += w * (here | h_before | h_after)
        missing = np.maximum(missing, np.where(here, 0.0, w / top))
        general_got += gidf[t] * here
        if t == rarest:
            cols["rarest"] = here.astype(float)
        if t == rarest_general:
            cols["rarest_general"] = here.astype(float)
        if t in named:
            names += here
    cols["coverage"] = got / total
    cols["coverage_exact"] = exact / total
    cols["coverage_general"] = general_got / gtotal
    cols["matched"] = matched
    cols["missing_idf"] = missing
    cols["previous_coverage"] = prev / total
    cols["next_coverage"] = nxt / total
    cols["window_coverage"] = window / total
    if named:
        cols["names_held"] = names / len(named)


def _named_terms(query: Query) -> set[str]:
    """The terms of the words the question names, past its first word (`named_words`: written
    with a capital, or, typed in lower case or in capitals, words English writes so)."""
    return {t for w in named_words(query.text) for t in analysis.terms(w)} & set(query.content)


def _sentences(query: Query, index: Index, ids: np.ndarray, idf: dict[str, float], cols: dict) -> None:
    """The columns read from each sentence's own words (the slower ones; `idf`: `_idf`)."""
    corpus = index.corpus
    n = len(ids)
    bigram, phrase, density, kind = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    refers, context, words = np.zeros(n), np.zeros(n), np.zeros(n)
    number, year, names, quote = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    novelty = np.zeros(n)
    alternatives = query.alternatives
    content = query.content
    qbigrams = list(zip(content, content[1:]))
    # each pair of terms a sentence may hold -> the question's word pairs it stands for
    pair_of: dict[tuple[str, str], set[int]] = {}
    for i, (a, b) in enumerate(qbigrams):
        for x in alternatives.get(a, ()):
            for y in alternatives.get(b, ()):
                pair_of.setdefault((x, y), set()).add(i)
    # each term a sentence may hold -> the question's words it stands for
    word_of: dict[str, list[int]] = {}
    for w, t in enumerate(content):
        for alt in alternatives.get(t, ()):
            word_of.setdefault(alt, []).append(w)
    matchable = set(query.terms).union(*alternatives.values()) if alternatives else set(query.terms)
    qphrases = query.question.phrases
    wants_kind = query.kind != Kind.OTHER
    total = sum(idf.values()) or 1.0
    for k, sid in enumerate(ids.tolist()):
        sterms = index.sentence_terms[sid]
        sset = set(sterms)
        plain = corpus.plain(corpus.sentences[sid])
        words[k] = len(sterms)
        if qbigrams:
            held = [pair_of[p] for p in analysis.bigrams(sterms) if p in pair_of]
            bigram[k] = len(set().union(*held)) / len(qbigrams) if held else 0.0
        surface = analysis.words(plain)
        if qphrases:
            phrase[k] = len(qphrases & analysis.bigrams(surface)) / len(qphrases)
        density[k] = analysis.density(sterms, word_of)
        if sterms:
            novelty[k] = sum(t not in matchable for t in sterms) / len(sterms)
        if wants_kind:
            kind[k] = sentence_has_kind(plain, query)
        if surface and surface[0] in wordlists.ANAPHORA:
            refers[k] = 1.0
            if corpus.sentences[sid].number > 1 and content:
                context[k] = _context_cover(query, index, sid, sset, idf) / total
        number[k] = bool(_DIGIT.search(plain))
        year[k] = bool(_YEAR.search(plain))
        names[k] = len(_CAPITAL.findall(plain)) / max(1, len(surface))
        quote[k] = bool(_QUOTE.search(plain))
    cols |= {
        "bigram": bigram,
        "phrase": phrase,
        "density": density,
        "kind": kind,
        "refers_back": refers,
        "context": context,
        "words": words,
        "has_number": number,
        "has_year": year,
        "names": names,
        "quotation": quote,
        "novelty": novelty,
    }


def _context_cover(query: Query, index: Index, sid: int, sset: set[str], idf: dict[str, float]) -> float:
    """IDF mass of the question's words that the sentence (its terms `sset`) lacks and the
    sentence before it (in the same passage) holds."""
    pset = set(index.sentence_terms[sid - 1])
    return sum(
        idf[t]
        for t in query.content
        if not (query.alternatives.get(t, set()) & sset) and query.alternatives.get(t, set()) & pset
    )


def _places(index: Index, ids: np.ndarray, cols: dict) -> None:
    stories = index.stories
    doc = index.sentence_doc[ids]
    place = stories.place[ids]
    length = stories.length[doc]
    cols["headline"] = stories.headline[ids].astype(float)
    cols["place"] = np.log1p(np.maximum(place, 0))
    cols["lead"] = np.where(place >= 0, 1.0 / (1.0 + np.maximum(place, 0)), 0.0)
    cols["place_share"] = np.maximum(place, 0) / np.maximum(length, 1)
    cols["story_length"] = np.log(np.maximum(length, 1))
    cols["passage_length"] = index.passage_table[index.sentence_passage[ids], 5].astype(float)
    cols["number_in_passage"] = index.sentence_table[ids, 2].astype(float)
    cols["mean_passage_length"] = stories.mean_passage[doc]


def _question(query: Query, index: Index, ids: np.ndarray, cols: dict) -> None:
    cols["question_words"] = float(len(query.content))
    cols["question_coverage"] = query.coverage
    cols["knowledge_sentences"] = math.log(max(1, len(index.corpus.sentences)))
    cols["knowledge_documents"] = math.log(max(1, len(index.corpus.documents)))
    cols[f"kind_{query.kind.value}"] = 1.0
