"""Questions in, answers out: analysis, retrieval, ranking, abstention, short answers.

    question --analyze--> Query --retrieve--> ranked sentences --compose--> Answer

Ranking fuses four signals per sentence: its own BM25 score, its passage's BM25 score, how
much of the question (IDF-weighted) it covers, and whether it has the kind of thing the
question asks for (a date for "when", a number for "how many"...). The weights live in
`Weights` and were tuned on SQuAD articles (see README, Accuracy).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from . import text
from .answer_types import locate_answer, sentence_has_kind
from .index import Index
from .questions import (MEASURE_NOUNS, QUESTION_FILLERS, kind_of_question, normalize_wh, trailing_preposition,
                        wh_noun, wh_phrase_words)

# Reader words -> words a text is likelier to use. Only expansions present in the knowledge
# are used, at reduced weight; the original word keeps its full weight.
THESAURUS_GROUPS = [
    "leader president premier chancellor minister",
    "deal agreement pact treaty plan partnership",
    "talk talks meeting met meet discussion discussed summit",
    "trip visit travel travelled traveled visited",
    "gang gangs cartel cartels criminal criminals mafia",
    "drug drugs narcotics narcotic",
    "fight combat tackle counter battle stop curb",
    "goal aim objective purpose target",
    "country countries nation nations",
    "begin start started began commence",
    "end finish ended finished conclude",
    "big large huge",
    "small little tiny",
    "buy purchase bought",
    "cost price",
    "law legislation statute",
    "help assist aid support",
    "job work employment",
    "kid child children",
    "die died death killed",
    "earthquake earthquakes quake quakes tremor",
    "build builds built construct constructed construction",
    "injure injured injury injuries wounded hurt",
    "connect connects connected connecting link links linked linking",
    "born birth",
    "money funding funds finance",
    "border frontier",
    "environment environmental climate",
    "safety security",
    "economy economic trade",
    "company firm business corporation",
    "city town",
    "car vehicle automobile",
    "film movie",
    "doctor physician",
    "happen happened occur occurred",
    "say said stated says told remarked",
    "strengthen strengthening reinforce reinforced bolster boost enhance improve",
    "stress emphasize emphasise emphasized highlight underline underscore",
    "track monitor monitoring surveillance watch",
    "copyright rights",
    "publish publisher published",
    "want wish desire",
    "show demonstrate",
    "problem issue challenge",
    "area sector field domain industry",
    "cover covers include includes involve contain encompass span",
]
# Stems that other, unrelated words share ("according" -> "accord", "stated" -> "state") would
# make false matches; a group may not contain them.
_AMBIGUOUS_STEMS = {"accord", "state", "head", "hold", "close", "present", "lead", "free", "content"}
_THESAURUS: dict[str, set[str]] = {}
for _group in THESAURUS_GROUPS:
    _stems = {text.stem(w) for w in _group.split()} - _AMBIGUOUS_STEMS
    for _s in _stems:
        _THESAURUS.setdefault(_s, set()).update(_stems - {_s})


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
    # abstention: answer when the evidence (see `_evidence`) reaches this
    min_evidence: float = 0.67


DEFAULT_WEIGHTS = Weights()
# Sentences fused per question: every one that holds a query term on an article, the best by
# their own BM25 on a large knowledge base.
CANDIDATES = 2000
# Query weight of a generic word ("come", "take", "make": text.LIGHT_WORDS): it matches many
# sentences that are about something else. SQuAD, by halves: top-1 +0.003, top-3 +0.002.
LIGHT_WORD_WEIGHT = 0.7
# Taken off a sentence that is its document's headline (`knowledge._is_headline`): "Strong
# earthquake shakes Chile" names the story, the sentence with the magnitude answers.
HEADLINE_PENALTY = 0.5


@dataclass
class Query:
    text: str
    kind: str
    content: list[str]  # content terms of the question, in order (stems)
    terms: dict[str, float]  # weighted BM25 query, expansions included
    alternatives: dict[str, set[str]]  # content term -> terms that count as matching it
    missing: list[str]  # content words the knowledge does not contain
    coverage: float  # IDF-weighted share of content terms found in the knowledge
    words: list[str] = field(default_factory=list)  # folded content words, for display
    # content term -> (weight in coverage, credit when found)
    evidence: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def stems(self) -> set[str]:
        """The question's own terms, and what they were corrected to (not synonyms)."""
        out = set(self.content)
        for term, alts in self.alternatives.items():
            out |= {a for a in alts if self.terms.get(a, 0) >= 0.6}
        return out

    @property
    def last_terms(self) -> set[str]:
        """The question's last content word and its alternatives: in "who did X meet?" the
        answer follows "met"."""
        if not self.content:
            return set()
        return self.alternatives.get(self.content[-1], set()) | {self.content[-1]}

    @property
    def noun(self) -> set[str]:
        """The terms of the noun a what/which question asks about, with their alternatives:
        "which sectors" -> {"sector", "area", ...}."""
        nouns = wh_noun(self.text)
        return nouns.union(*(self.alternatives.get(t, ()) for t in nouns))

    @property
    def anchors(self) -> set[str]:
        return set(self.terms) | self.stems


@dataclass(frozen=True)
class Citation:
    rank: int
    source: str
    title: str
    passage: int
    sentence: int
    start: int
    end: int
    text: str
    score: float
    sentence_id: int


@dataclass
class Answer:
    question: str
    answered: bool
    answer: str | None
    short_answer: str | None
    confidence: float
    message: str | None
    citations: list[Citation]
    kind: str = "other"
    query: Query | None = None
    # where the short answer sits inside `answer`, for emphasis when rendering
    short_span: tuple[int, int] | None = None
    # the sentence ids that make up `answer` (the first citations)
    sentence_ids: tuple[int, ...] = ()
    # the short answer is a phrase picked for a what-question, not a date, number or name
    short_is_phrase: bool = False

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.answer,
            "short_answer": self.short_answer,
            "confidence": round(self.confidence, 3),
            "message": self.message,
            "citations": [
                {
                    "rank": c.rank, "source": c.source, "title": c.title, "passage": c.passage,
                    "sentence": c.sentence, "start": c.start, "end": c.end, "text": c.text,
                    "score": round(c.score, 4),
                }
                for c in self.citations
            ],
        }


# ---------------------------------------------------------------------------------------------
# Question analysis

# Stem endings that alternate between a Latin verb and its noun, after Snowball stemming:
# invad/invas(ion), decid/decis(ion), admit/admiss(ion), solv/solut(ion), receiv/recept(ion).
_ALTERNATIONS = [("d", "s"), ("s", "d"), ("t", "ss"), ("ss", "t"), ("v", "ut"), ("ut", "v"),
                 ("iv", "pt"), ("pt", "iv")]


class _Lexicon:
    """Lookups over an index's vocabulary built once per index: typo neighbours, prefixes."""

    def __init__(self, index: Index):
        self.vocab = index.vocab
        self.surface = index.surface
        self._deletes: dict[str, list[str]] | None = None
        self._prefixes: dict[str, list[str]] | None = None
        self._df = {t: int(index.passages.offsets[i + 1] - index.passages.offsets[i])
                    for t, i in self.vocab.items()}

    def df(self, term: str) -> int:
        return self._df.get(term, 0)

    def near(self, word: str) -> str | None:
        """The term of the most frequent word of the text one edit away from `word` (a typo)."""
        if len(word) < 4 or not word.isalpha():
            return None
        if self._deletes is None:
            self._deletes = {}
            for w in self.surface:
                if len(w) >= 3 and w.isalpha():
                    for v in {w} | {w[:i] + w[i + 1:] for i in range(len(w))}:
                        self._deletes.setdefault(v, []).append(w)
        cands: set[str] = set()
        for v in {word} | {word[:i] + word[i + 1:] for i in range(len(word))}:
            cands.update(self._deletes.get(v, ()))
        terms = {self.surface[c] for c in cands if text.edit_distance(word, c, 1) <= 1}
        return max(sorted(terms), key=self.df) if terms else None

    def related(self, term: str) -> list[str]:
        """Vocabulary terms sharing a long prefix ("mexican" -> "mexico", "canadian" -> "canada"),
        and the other side of a Latin verb/noun pair ("invade" / "invasion")."""
        if len(term) < 5 or not term.isalpha():
            return []
        derived = self._derived(term)
        return derived + [t for t in self._prefixed(term) if t not in derived]

    def _derived(self, term: str) -> list[str]:
        out = []
        for a, b in _ALTERNATIONS:
            if term.endswith(a) and len(term) - len(a) >= 3:
                other = term[: len(term) - len(a)] + b
                if other in self.vocab and other != term:
                    out.append(other)
        return out

    def _prefixed(self, term: str) -> list[str]:
        if self._prefixes is None:
            self._prefixes = {}
            for t in self.vocab:
                if len(t) >= 5 and t.isalpha():
                    self._prefixes.setdefault(t[:5], []).append(t)
        out = []
        for t in self._prefixes.get(term[:5], ()):
            if t == term:
                continue
            lcp = 5
            while lcp < min(len(t), len(term)) and t[lcp] == term[lcp]:
                lcp += 1
            if lcp >= min(len(t), len(term)) - 3:
                out.append(t)
        return sorted(out, key=lambda t: (abs(len(t) - len(term)), t))[:3]


def _lexicon(index: Index) -> _Lexicon:
    lex = getattr(index, "_lexicon", None)
    if lex is None:
        lex = _Lexicon(index)
        index._lexicon = lex  # type: ignore[attr-defined]
    return lex


# Acronyms typed in lower case, in a question: read as the acronym (documents are matched
# case-sensitively, where "us" is a pronoun; a stopword is never taken for one).
_LOWER_ACRONYM = re.compile(r"(?<![\w.])(?:" + "|".join(
    sorted((a.lower() for a in text.ACRONYMS if a.isalnum() and a.lower() not in text.STOPWORDS), key=len, reverse=True))
    + r")(?![\w])")


def analyze(question: str, index: Index, extra_terms: dict[str, float] | None = None) -> Query:
    """Turn a question into weighted terms matched against the knowledge's vocabulary."""
    lex = _lexicon(index)
    vocab = lex.vocab
    question = _LOWER_ACRONYM.sub(lambda m: m.group().upper(), question)  # "pm" typed for "PM"
    question = normalize_wh(question, vocab)  # "whos", "wat did"
    kind = kind_of_question(question)
    asked_by = wh_phrase_words(question)
    dropped = asked_by | QUESTION_FILLERS
    content_words = [w for w in text.content_words(question) if w not in dropped]
    # "how deep was it?" looks for the depth, when the text speaks of one
    content_words += [MEASURE_NOUNS[w] for w in sorted(asked_by) if text.stem(MEASURE_NOUNS.get(w, "")) in vocab]
    content: list[str] = []
    terms: dict[str, float] = {}
    alternatives: dict[str, set[str]] = {}
    missing: list[str] = []
    found_w = total_w = 0.0

    def add(term: str, weight: float) -> None:
        terms[term] = max(terms.get(term, 0.0), weight)

    weights_: dict[str, tuple[float, float]] = {}
    seen: set[str] = set()
    for word in content_words:
        for term in text.terms(word):
            if term in seen:
                continue
            seen.add(term)
            content.append(term)
            # (alternative, query weight); credit = how surely the word was found
            alts: list[tuple[str, float]] = []
            if term in vocab:
                alts.append((term, LIGHT_WORD_WEIGHT if word in text.LIGHT_WORDS else 1.0))
                alts += [(rel, 0.3) for rel in lex.related(term)]
            elif len(word) > text.MAX_WORD_LEN:
                pass  # nothing that long is a typo of a word of the text
            elif fixed := lex.near(word) or (word.endswith("s") and lex.near(word[:-1])):
                alts.append((fixed, 0.6))  # a typo, perhaps with a plural or dropped-apostrophe "s"
            else:
                alts += [(part, 0.7) for part in _split_compound(word, vocab)]
                alts += [(rel, 0.6) for rel in ([] if alts else lex.related(term))]
            if (numeral := text.NUMERALS.get(word)) in vocab:
                alts.append((numeral, 1.0))  # "2" for "two", and back
            alts += [(syn, 0.4) for syn in _THESAURUS.get(term, ()) if syn in vocab]
            for alt, w in alts:
                add(alt, w)
            alternatives[term] = {alt for alt, _ in alts}
            # The share of content words found (not IDF-weighted: on a small knowledge base IDF
            # is too compressed to tell a rare word from a common one); generic words count half.
            weight = 0.5 if word in text.LIGHT_WORDS else 1.0
            credit = max((min(1.0, w + 0.3) for _, w in alts), default=0.0)
            weights_[term] = (weight, credit)
            total_w += weight
            found_w += weight * credit
            if not alts:
                missing.append(word)
    # Adjacent content words that the text writes as one word ("cyber security").
    for a, b in zip(content_words, content_words[1:]):
        joined = text.stem(a + b)
        if joined in vocab:
            add(joined, 1.0)
    for term, w in (extra_terms or {}).items():
        if term in vocab:
            add(term, w)
    coverage = found_w / total_w if total_w else 0.0
    return Query(question, kind, content, terms, alternatives, missing, coverage, content_words, weights_)


def _split_compound(word: str, vocab: dict[str, int]) -> list[str]:
    """'cybersecurity' -> ['cyber', 'secur'] when the text writes it as two words."""
    w = word.replace("-", "")
    if not w.isalpha() or len(w) < 7:
        return []
    for i in range(3, len(w) - 2):
        left, right = text.stem(w[:i]), text.stem(w[i:])
        if left in vocab and right in vocab:
            return [left, right]
    return []


# ---------------------------------------------------------------------------------------------
# Retrieval and ranking

@dataclass
class Ranked:
    ids: np.ndarray  # sentence ids, best first
    scores: np.ndarray  # fused score per id
    coverage: np.ndarray  # share of the question each sentence covers
    local_coverage: float = 0.0  # share of the question found inside one passage (the best)


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


def _unit(scores: np.ndarray) -> np.ndarray:
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
    fused = weights.sentence * _unit(s_cand) + weights.passage * _unit(p_scores)[passage_of]
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
                       if any((x, y) in sbig for x in query.alternatives.get(a, ()) for y in query.alternatives.get(b, ())))
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


def _evidence(query: Query, ranked: Ranked | None) -> float:
    """How surely the knowledge answers the question, from 0 up:

        (coverage by the knowledge + 2 * coverage by the best passage + 0.2 * best fused score) / 3

    A question about something else finds few of its words, finds them scattered over
    passages, and matches no sentence well. Fitted on SQuAD with cross-validation by article
    (`benchmarks/tune.py --abstain`)."""
    if ranked is None:
        return query.coverage / 3
    top = float(ranked.scores[0]) if len(ranked.scores) else 0.0
    return (query.coverage + 2 * ranked.local_coverage + 0.2 * top) / 3


# Openings of a sentence that refer back to the one before ("It meets each six months").
_ANAPHORA = frozenset("it its he she his her they their them this these that those there such the".split())


def _context_cover(query: Query, index: Index, sid: int, plain: str, sset: set[str],
                   idf: dict[str, float]) -> float:
    """IDF mass of the question's words that the sentence (`plain`, its terms `sset`) lacks and
    the sentence before it (in the same passage) holds, when the sentence refers back to it
    ("It meets each six months")."""
    if index.corpus.sentences[sid].number <= 1 or sid == 0:
        return 0.0
    first = text.fold(plain).lstrip(' "(').split(" ", 1)[0].strip(",")
    if first not in _ANAPHORA:
        return 0.0
    pset = set(index.sentence_terms[sid - 1])
    return sum(idf[t] for t in query.content
               if not (query.alternatives.get(t, set()) & sset) and query.alternatives.get(t, set()) & pset)


# ---------------------------------------------------------------------------------------------
# Composing the answer

# How much a further citation is held back for repeating what is already cited (Jaccard of
# their terms): when the answer is wrong, a sentence like it is likely wrong too.
DIVERSITY = 0.6


def _see_also(index: Index, ranked: Ranked, answer_ids: list[int], count: int) -> list[int]:
    """The answer's sentences, then further citations by score, each less one for resembling
    those already chosen (maximal marginal relevance), from the 20 best."""
    pool = [(int(i), float(sc)) for i, sc in zip(ranked.ids[:20], ranked.scores[:20]) if int(i) not in answer_ids]
    chosen = list(answer_ids)
    terms = {i: set(index.sentence_terms[i]) for i in chosen + [i for i, _ in pool]}

    def held_back(i: int) -> float:
        return max((len(terms[i] & terms[c]) / max(1, len(terms[i] | terms[c])) for c in chosen), default=0.0)

    while len(chosen) < count and pool:
        best = max(pool, key=lambda p: p[1] - DIVERSITY * held_back(p[0]))
        pool.remove(best)
        chosen.append(best[0])
    rest = [int(i) for i in ranked.ids[20:] if int(i) not in chosen]
    return chosen + rest[: max(0, count - len(chosen))]


def _needs_next(sentence: str) -> bool:
    """A sentence that does not finish its thought: an open quotation or a trailing colon."""
    s = text.fold(sentence).rstrip()
    return s.count('"') % 2 == 1 and not s.endswith('"') or s.endswith(":")


def _about(index: Index) -> str:
    return index.corpus.title


def refusal(question: str, index: Index, reason: str, query: Query | None = None) -> Answer:
    return Answer(question, False, None, None, 0.0, reason, [], query.kind if query else "other", query)


def answer(question: str, index: Index, top: int = 3, weights: Weights = DEFAULT_WEIGHTS,
           extra_terms: dict[str, float] | None = None, exclude: frozenset[int] = frozenset()) -> Answer:
    """Answer one question from the index, or refuse with a reason.

    `exclude` holds sentence ids already given as answers ("tell me more"): they are skipped.
    """
    question = question if isinstance(question, str) else str(question)
    about = _about(index)
    if not question.strip():
        return refusal(question, index, f"Ask a question about {about}.")
    asked = text.strip_controls(question)  # what was meant, without a paste's colour codes
    query = analyze(asked, index, extra_terms)
    if not query.content and not query.terms:
        return refusal(question, index, f"I need a few more words to look up; ask about {about}.", query)
    ranked = rank(query, index, weights) if query.terms else None
    evidence = _evidence(query, ranked)
    if ranked is None or evidence < weights.min_evidence or not len(ranked.ids) or ranked.coverage[0] <= 0:
        missing = ", ".join(f'"{w if len(w) <= 30 else w[:29] + "…"}"' for w in query.missing[:3])
        reason = f"The knowledge does not cover this: nothing mentions {missing}. " if missing else \
            "The knowledge does not answer this. "
        return refusal(question, index, reason + f"It is about {about}.", query)
    if exclude:
        keep = np.fromiter((int(i) not in exclude for i in ranked.ids), bool, len(ranked.ids))
        ranked = Ranked(ranked.ids[keep], ranked.scores[keep], ranked.coverage[keep], ranked.local_coverage)
        if not len(ranked.ids) or ranked.coverage[0] <= 0:
            return refusal(question, index, "That is all the knowledge says about this.", query)
    corpus = index.corpus
    best = ranked.ids[0]
    answer_ids = [int(best)]
    sent = corpus.sentences[best]
    psents = corpus.passages[sent.passage].sentences
    if _needs_next(sent.text) and sent.number < len(psents):
        answer_ids.append(psents[sent.number])
    citations = []
    ordered = _see_also(index, ranked, answer_ids, max(top, len(answer_ids)))
    score_of = {int(i): float(s) for i, s in zip(ranked.ids, ranked.scores)}
    for r, sid in enumerate(ordered[: max(top, len(answer_ids))], 1):
        s = corpus.sentences[sid]
        doc = corpus.documents[s.doc]
        citations.append(Citation(r, doc.source, doc.title, corpus.passages[s.passage].number, s.number,
                                  s.start, s.end, s.text, score_of.get(sid, 0.0), sid))
    parts = [corpus.plain(corpus.sentences[i]) for i in answer_ids]
    answer_text = " ".join(parts)
    found = locate_answer(parts[0], query.kind, query.stems, query.anchors, query.text, query.last_terms,
                          noun=query.noun)
    span = found[:2] if found else None
    short = parts[0][span[0]:span[1]] if span else None
    margin = float(ranked.scores[0] - ranked.scores[1]) if len(ranked.scores) > 1 else 1.0
    confidence = float(np.clip(evidence * (0.5 + 0.3 * ranked.coverage[0] + 0.2 * min(margin, 1.0)), 0, 1))
    return Answer(question, True, answer_text, short, confidence, None, citations, query.kind, query, span,
                  tuple(answer_ids), bool(found and found[2]))
