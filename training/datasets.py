"""The training sets, collected from ../shared/data and cached.

Ranking rows (`collect.Groups`) and evidence rows (`collect.Evidence`) for:

- `squad-train`: SQuAD v1.1 train, each of its 442 articles one knowledge base, as `bot eval`
  asks one (evidence: 40 of its own questions, 40 of other articles', 20 of the three most
  similar articles' whose answers it does not hold);
- `squad-paragraphs`: a quarter of its paragraphs, each a knowledge base of its own (a reader's
  one-paragraph text; evidence: its own questions, 5 of its article's other paragraphs', 5 of
  other articles');
- `squad-together`: its articles by tens, each ten one knowledge base (a folder of saved
  articles), 20 questions of each article asked of it (ranking only);
- `newsqa`, `squad-dev`: the shared halves, as `bot eval` asks them (for cross-validation and
  held-out figures only);
- `squad-swapped`: SWAPPED_PER_ARTICLE of each SQuAD training article's own questions with one
  of their names swapped for a name of another article's questions that it lacks ("Did Carney
  meet Sheinbaum?" -> "Did Carney meet Ebrard?"), half typed in lower case, and
  SWAPPED_PER_PARAGRAPH of each chosen paragraph's asked of it alone (evidence only: on its
  subject, about someone it never names; `training/swapped.py` measures them);
- `squad-sentences`: SENTENCE_QUESTIONS of each SQuAD training article's own questions, each
  asked of the sentence that answers it, alone or (every other one) with a sentence either side
  (a one-line fact, a snippet), against a question of the same paragraph (else article) whose
  answer it lacks and one of another article (evidence only); `newsqa-sentences` and
  `squad-dev-sentences`, every question so, are held out (`training/sentences.py`);
- `squad-typed`: TYPED_PER_ARTICLE of each SQuAD training article's own questions, as many of
  its off-topic and half as many near-topic ones, each typed in a hurry (`typed.hurried`: a typo,
  half of them in lower case, half without apostrophes or "?"), asked of it (ranking rows for
  its own, evidence rows for all); `newsqa-typed` and `squad-dev-typed`, every question `bot
  eval` asks them typed fast as `training/typed.py` types them (another typo), are held out
  (`training/typos.py` measures them);
- `squad-quotes`: questions asking what someone said, made from each SQuAD training article's
  own reported speech ("What did Locke say?"; "what did he say?" after "Who is John Locke?"),
  labelled by the sentences reporting that person's words (`training/quotes.py`; ranking only);
- `coqa`: the shared CoQA half, each story one conversation asked turn by turn as the chat asks
  it, the earlier answers made by a model that never saw CoQA (`models`), and at each turn a
  question of another story asked at the same point (evidence).

The evidence rows of SQuAD's training articles read the presence table less the article's own
questions (`presence.without`): the shipped table counts them. Their ranking rows read the
association table of the other folds (`association.folds`), likewise; `squad-conversations`
(measured, not shipped) reads the shipped one.

Rows are cached under --cache, keyed by the source of the code that computes them, so a
change to a feature collects again.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import re
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np

from bot.answering.association import Association
from bot.answering.evidence import NAME_SHARE
from bot.answering.presence import Presence
from bot.answering.rarity import general
from bot.evaluation.coqa import Story, Turn
from bot.evaluation.coqa import load as load_coqa
from bot.evaluation.scores import contains_answer, holds_answer, normalize_answer
from bot.evaluation.squad import (
    NEARTOPIC_PER_ARTICLE,
    OFFTOPIC_PER_ARTICLE,
    Article,
    Question,
    load_squad,
    neartopic_sample,
    offtopic_sample,
    similar_articles,
)
from bot.language import analysis
from training import association, presence, quotes, typed
from training.collect import (
    NEARTOPIC,
    OFFTOPIC,
    OWN,
    Evidence,
    Groups,
    article_groups,
    document,
    evidence_of,
    index_of,
    paragraph_groups,
    rows,
    story_groups,
    together_groups,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = 0
# The LightGBM settings every model shares: row and column subsampling, and one seed and thread
# count so that a run is reproducible.
LEARNER = {
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "verbose": -1,
    "num_threads": 2,
    "seed": SEED,
    "deterministic": True,
}
PARAGRAPH_SHARE = 4  # one paragraph in this many is also asked as a knowledge base of its own
TOGETHER = 10  # articles per knowledge base of several
TOGETHER_QUESTIONS = 20  # questions asked of it per article
EVIDENCE_OWN = 40  # own questions per SQuAD training article asked for the evidence model
PARAGRAPH_NEAR = 5  # other paragraphs' questions asked of a one-paragraph knowledge base
PARAGRAPH_OFF = 5  # other articles' questions asked of it
REMOVED_PER_ARTICLE = 8  # own questions asked again of the article cut of every sentence holding their answer
CONVERSATION_PARAGRAPHS = 3  # consecutive paragraphs of a SQuAD article asked as one conversation
SWAPPED_PER_ARTICLE = 20  # own questions asked again with a name swapped for one the article lacks
SWAPPED_PER_PARAGRAPH = 2  # ... and of each paragraph asked alone, its own
SENTENCE_QUESTIONS = 16  # own questions per SQuAD training article asked of the sentence answering them
TYPED_PER_ARTICLE = 20  # own questions (and off-topic ones) per SQuAD training article asked again typed in a hurry

FILES = {
    "squad-train": "squad-train.json",
    "squad-paragraphs": "squad-train.json",
    "squad-together": "squad-train.json",
    "newsqa": "newsqa-dev-half.json",
    "squad-dev": "squad-dev-8.json",
    "coqa": "coqa-dev-half.json",
    "squad-removed": "squad-train.json",
    "newsqa-removed": "newsqa-dev-half.json",
    "squad-dev-removed": "squad-dev-8.json",
    "squad-conv": "squad-train.json",
    "squad-swapped": "squad-train.json",
    "newsqa-swapped": "newsqa-dev-half.json",
    "squad-dev-swapped": "squad-dev-8.json",
    "squad-sentences": "squad-train.json",
    "newsqa-sentences": "newsqa-dev-half.json",
    "squad-dev-sentences": "squad-dev-8.json",
    "squad-quotes": "squad-train.json",
    "squad-typed": "squad-train.json",
    "newsqa-typed": "newsqa-dev-half.json",
    "squad-dev-typed": "squad-dev-8.json",
}


# the package's command line and terminal, which no row's code imports (a test checks it): a
# change to them moves no column, so it neither empties the cache nor makes the models lag
INTERFACE = (
    "__main__.py",
    "arguments.py",
    "cli.py",
    "render.py",
    "chat/commands.py",
    "chat/completion.py",
    "chat/repl.py",
    "chat/suggest.py",
    "evaluation/report.py",
)


@cache
def code_digest() -> str:
    """A digest of the code that computes rows: the package but its `INTERFACE`, the collector and
    the sets (read once, so a run keys every set alike)."""
    h = hashlib.sha256()
    package = ROOT / "bot"
    rows = [p for p in sorted(package.rglob("*.py")) if p.relative_to(package).as_posix() not in INTERFACE]
    for path in rows + [
        ROOT / "training" / n
        for n in ("association.py", "collect.py", "datasets.py", "presence.py", "quotes.py", "typed.py")
    ]:
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def _parallel(fn: Callable, jobs: list, workers: int, kinds: tuple[type, ...]) -> tuple:
    outs = tuple(kind() for kind in kinds)
    with multiprocessing.Pool(workers) as pool:
        for n, got in enumerate(pool.imap(fn, jobs, chunksize=1), 1):
            for out, part in zip(outs, got if isinstance(got, tuple) else (got,)):
                out.extend(part)
            print(f"\r  {n}/{len(jobs)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return outs


def _chosen_paragraphs(art: Article) -> list[int]:
    rng = random.Random(f"{SEED}:{art.title}")
    return sorted(rng.sample(range(len(art.paragraphs)), max(1, len(art.paragraphs) // PARAGRAPH_SHARE)))


def squad_stories(arts: list[Article]) -> list[Story]:
    """Each article's CONVERSATION_PARAGRAPHS consecutive paragraphs (from a place drawn by its
    title) as a story, their questions asked in order as one conversation, each answered where
    its paragraph first holds its answer (as SQuAD's own answer_start is)."""
    out = []
    for art in arts:
        n = len(art.paragraphs) - CONVERSATION_PARAGRAPHS + 1
        if n < 1:
            continue
        first = random.Random(f"{SEED}:{art.title}").randrange(n)
        text, turns, starts = "", [], {}
        for k in range(first, first + CONVERSATION_PARAGRAPHS):
            starts[k] = len(text)
            text += art.paragraphs[k] + "\n\n"
        for q in art.questions:
            at = art.paragraphs[q.paragraph].find(q.answers[0]) if q.answers and q.paragraph in starts else -1
            if at >= 0:
                lo = starts[q.paragraph] + at
                turns.append(Turn(len(turns) + 1, q.text, (lo, lo + len(q.answers[0])), q.answers[0]))
        if turns:
            out.append(Story(f"squad:{art.title}", "wikipedia", text.rstrip(), tuple(turns)))
    return out


# -- jobs (one article or group each, run in worker processes) --------------------------------


# The presence table's counts over SQuAD train (`training/presence.py`), set before the workers
# start when a set of SQuAD's training articles is collected: each article's evidence rows are
# computed with the table less its own questions.
_PRESENCE: tuple[np.ndarray, np.ndarray] | None = None


def _presence(art: Article) -> Presence | None:
    return None if _PRESENCE is None else presence.without(_PRESENCE, art)


# Likewise the association tables of SQuAD train's folds (`training/association.py`): each
# article's ranking rows read the table of the folds it is not in.
_ASSOCIATION: list[Association] | None = None


def _association(art: Article) -> Association | None:
    return None if _ASSOCIATION is None else _ASSOCIATION[association.fold_of(art.title)]


def _article(job) -> tuple[Groups, Evidence]:
    art, off, near, dataset, own = job
    index = index_of([document(art)])  # one index for its ranking rows and its evidence rows
    groups = article_groups(art, dataset, table=_association(art), index=index)
    questions = [q for q in art.questions if not q.impossible]
    if own is not None:
        questions = random.Random(f"{SEED}:own:{art.title}").sample(questions, min(own, len(questions)))
    asked = [(q.text, OWN) for q in questions] + [(q.text, OFFTOPIC) for q in off] + [(q.text, NEARTOPIC) for q in near]
    return groups, evidence_of(index, asked, dataset, art.title, _presence(art))


def _paragraphs(job) -> tuple[Groups, Evidence]:
    art, off, dataset = job
    chosen = _chosen_paragraphs(art)
    by_paragraph: dict[int, list] = {p: [] for p in chosen}
    for q in art.questions:
        if q.paragraph in by_paragraph and not q.impossible:
            by_paragraph[q.paragraph].append((q.text, q.answers))
    groups = paragraph_groups(art, by_paragraph, dataset, _association(art))
    rng = random.Random(f"{SEED}:near:{art.title}")
    evidence = Evidence()
    held_out = _presence(art)
    for p in chosen:
        text = art.paragraphs[p]
        index = index_of([(f"{art.title}-{p}.txt", text, None)])
        normalized = f" {normalize_answer(text)} "
        answerable = [q for q in art.questions if not q.impossible]
        near = [q.text for q in answerable if q.paragraph != p and not holds_answer(normalized, q.answers)]
        asked = [(q.text, OWN) for q in answerable if q.paragraph == p]
        asked += [(t, NEARTOPIC) for t in rng.sample(near, min(PARAGRAPH_NEAR, len(near)))]
        asked += [(q.text, OFFTOPIC) for q in rng.sample(off, min(PARAGRAPH_OFF, len(off)))]
        evidence.extend(evidence_of(index, asked, dataset, art.title, held_out))
    return groups, evidence


def without_answer(index, answers: list[str]) -> str:
    """The article's text less every sentence that holds one of the answers, passage by passage."""
    corpus = index.corpus
    kept = []
    for passage in corpus.passages:
        sentences = [corpus.sentences[i].text for i in passage.sentences]
        sentences = [t for t in sentences if not holds_answer(f" {normalize_answer(t)} ", answers)]
        if sentences:
            kept.append(" ".join(sentences))
    return "\n\n".join(kept)


def _removed(job) -> Evidence:
    """An article's own questions, each asked of the article less the sentences holding its
    answer: the hardest near-topic questions, on its subject, in its words, unanswered."""
    art, dataset = job
    doc = document(art)
    whole, title = index_of([doc]), doc[2]
    questions = [q for q in art.questions if not q.impossible]
    questions = random.Random(f"{SEED}:removed:{art.title}").sample(questions, min(REMOVED_PER_ARTICLE, len(questions)))
    out = Evidence()
    held_out = _presence(art)
    for q in questions:
        text = without_answer(whole, q.answers)
        if text.strip():
            knowledge = index_of([(art.title, text, title)])
            out.extend(evidence_of(knowledge, [(q.text, NEARTOPIC)], dataset, art.title, held_out))
    return out


_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def names_of(question: str) -> list[str]:
    """The words a question writes as names: capitalised past its first word, longer than two
    letters, and written so by English at large (`rarity`: "Which" is not)."""
    rarity = general()
    return [
        t
        for t in _WORD.findall(question)[1:]
        if len(t) > 2 and t[:1].isupper() and rarity.capitalized(t.lower()) >= NAME_SHARE
    ]


def swapped(questions: list[Question], text: str, pool: list[str], key: str, most: int) -> list[str]:
    """Up to `most` of a text's own questions, each with one name the text holds replaced by a
    name from `pool` that it lacks; every other one typed in lower case (`key` seeds the choice)."""
    rng = random.Random(f"{SEED}:swapped:{key}")
    words = {w.lower() for w in _WORD.findall(text)}
    strangers = [n for n in pool if n.lower() not in words]
    questions = [q for q in questions if not q.impossible]
    rng.shuffle(questions)
    out: list[str] = []
    for q in questions:
        held = [n for n in names_of(q.text) if n.lower() in words]
        if not held or not strangers:
            continue
        name, other = rng.choice(held), rng.choice(strangers)
        asked = re.sub(rf"\b{re.escape(name)}\b", other, q.text, count=1)
        out.append(asked.lower() if len(out) % 2 else asked)
        if len(out) == most:
            break
    return out


def _swapped(job) -> Evidence:
    """An article's questions about someone it never names (`swapped`), asked of it, and with
    `paragraphs`, its chosen paragraphs' own asked of each (a one-paragraph knowledge base)."""
    art, pool, dataset, paragraphs = job
    doc = document(art)
    text, held_out = doc[1], _presence(art)
    index = index_of([doc])
    asked = swapped(art.questions, text, pool, art.title, SWAPPED_PER_ARTICLE)
    out = evidence_of(index, [(t, NEARTOPIC) for t in asked], dataset, art.title, held_out)
    for p in _chosen_paragraphs(art) if paragraphs else []:
        own = [q for q in art.questions if q.paragraph == p]
        asked = swapped(own, art.paragraphs[p], pool, f"{art.title}-{p}", SWAPPED_PER_PARAGRAPH)
        index = index_of([(f"{art.title}-{p}.txt", art.paragraphs[p], None)])
        out.extend(evidence_of(index, [(t, NEARTOPIC) for t in asked], dataset, art.title, held_out))
    return out


def snippet(paragraph: str, answer: str, around: int) -> str | None:
    """The sentence of `paragraph` where `answer` first stands, with `around` sentences either
    side (None when no one sentence holds it)."""
    at = paragraph.find(answer)
    spans = analysis.split_sentences(paragraph) if at >= 0 else []
    for i, (start, end) in enumerate(spans):
        if start <= at and at + len(answer) <= end:
            lo, hi = max(0, i - around), min(len(spans) - 1, i + around)
            return paragraph[spans[lo][0] : spans[hi][1]]
    return None


def _sentences(job) -> Evidence:
    """Up to `most` own questions (all: None) each asked of the sentence that answers it, alone
    or with a sentence either side (every other one), against a question of its paragraph (else
    of its article) whose answer that text lacks, and one of another article."""
    art, off, dataset, most = job
    rng = random.Random(f"{SEED}:sentences:{art.title}")
    answerable = [q for q in art.questions if not q.impossible]
    out = Evidence()
    held_out = _presence(art)
    asked_of = 0
    for q in rng.sample(answerable, len(answerable)):
        text = snippet(art.paragraphs[q.paragraph], q.answers[0], asked_of % 2)
        if text is None:
            continue
        normalized = f" {normalize_answer(text)} "
        others = [o for o in answerable if not holds_answer(normalized, o.answers)]
        near = [o for o in others if o.paragraph == q.paragraph] or others
        asked = [(q.text, OWN)] + ([(rng.choice(off).text, OFFTOPIC)] if off else [])
        asked += [(rng.choice(near).text, NEARTOPIC)] if near else []
        index = index_of([(f"{art.title}-{q.paragraph}.txt", text, None)])
        out.extend(evidence_of(index, asked, dataset, art.title, held_out))
        asked_of += 1
        if asked_of == most:
            break
    return out


def _typed(job) -> tuple[Groups, Evidence]:
    """An article's questions typed in a hurry, asked of it: its own (ranking rows and evidence),
    its off-topic and near-topic ones (evidence). With `most` (SQuAD train), that many own and
    off-topic questions and half as many near-topic, each with a typo of `typed.hurried`; without,
    every one, typed as `typed.typed` types them (the held-out sets)."""
    art, off, near, dataset, most = job
    rng = random.Random(f"{SEED}:typed:{art.title}")
    own = [q for q in art.questions if not q.impossible]
    if most is not None:
        own = rng.sample(own, min(most, len(own)))
        off = rng.sample(off, min(most, len(off)))
        near = rng.sample(near, min(most // 2, len(near)))

    def retype(text: str) -> str:
        return typed.typed(text) if most is None else typed.hurried(text, rng)

    index = index_of([document(art)])
    table = _association(art)
    groups = Groups()
    asked = []
    for q in own:
        text = retype(q.text)
        X, y = rows(index, text, lambda s, a=q.answers: contains_answer(s.text, a), table=table)
        groups.add(X, y, dataset, art.title)
        asked.append((text, OWN))
    asked += [(retype(q.text), OFFTOPIC) for q in off] + [(retype(q.text), NEARTOPIC) for q in near]
    return groups, evidence_of(index, asked, dataset, art.title, _presence(art))


def _quotes(job) -> Groups:
    """An article's questions of its own reported speech (`quotes.asked`), asked of it."""
    art, dataset = job
    index = index_of([document(art)])
    out = Groups()
    for text, context, sids in quotes.asked(index, 0, art.title):
        X, y = rows(index, text, lambda s, ids=sids: s.id in ids, context, _association(art))
        out.add(X, y, dataset, art.title)
    return out


def _together(job) -> Groups:
    arts, dataset, seed = job
    return together_groups(arts, dataset, TOGETHER_QUESTIONS, seed, _association)


def _story(job) -> tuple[Groups, Evidence]:
    story, others, dataset, models = job
    return story_groups(story, others, dataset, models)


# -- datasets ----------------------------------------------------------------------------------


def _article_jobs(arts: list[Article], dataset: str, own: int | None):
    """Each article with its off-topic and near-topic questions, as `bot eval` samples them."""
    similar = similar_articles(arts)
    for a, art in enumerate(arts):
        off = offtopic_sample(arts, a, OFFTOPIC_PER_ARTICLE, SEED)
        near = neartopic_sample(arts, a, similar[a], NEARTOPIC_PER_ARTICLE, SEED)
        yield art, off, near, dataset, own


def collected(name: str, cache: Path) -> bool:
    """Are a dataset's rows in the cache for the code as it is?"""
    return (cache / f"{name}-{code_digest()}.rank.npz").exists()


def collect(name: str, data: Path, cache: Path, workers: int, models=None) -> tuple[Groups, Evidence]:
    """A dataset's ranking and evidence rows, from the cache when the code is the same
    (`models`: what answers the earlier turns of a conversation, CoQA's or SQuAD's)."""
    path = cache / f"{name}-{code_digest()}"
    if collected(name, cache):
        return Groups.load(path.with_suffix(".rank.npz")), Evidence.load(path.with_suffix(".evidence.npz"))
    global _PRESENCE, _ASSOCIATION
    t0 = time.time()
    print(f"collecting {name} ...", file=sys.stderr)
    source = data / FILES[name]
    _PRESENCE = _ASSOCIATION = None
    if FILES[name] == "squad-train.json":
        _PRESENCE = presence.counts(pair for art in load_squad(source) for pair in presence.of_article(art))
        arts = load_squad(source)
        _ASSOCIATION = association.folds(arts, association.counted(arts, workers))
    if name == "squad-train":
        groups, evidence = _parallel(
            _article, list(_article_jobs(load_squad(source), name, EVIDENCE_OWN)), workers, (Groups, Evidence)
        )
    elif name == "squad-paragraphs":
        arts = load_squad(source)
        jobs = [(art, offtopic_sample(arts, a, 50, SEED), name) for a, art in enumerate(arts)]
        groups, evidence = _parallel(_paragraphs, jobs, workers, (Groups, Evidence))
    elif name == "squad-together":
        arts = load_squad(source)
        random.Random(SEED).shuffle(arts)
        jobs = [(arts[i : i + TOGETHER], name, i) for i in range(0, len(arts), TOGETHER)]
        (groups,) = _parallel(_together, jobs, workers, (Groups,))
        evidence = Evidence()
    elif name == "squad-quotes":
        (groups,) = _parallel(_quotes, [(art, name) for art in load_squad(source)], workers, (Groups,))
        evidence = Evidence()
    elif name in ("squad-removed", "newsqa-removed", "squad-dev-removed"):
        (evidence,) = _parallel(_removed, [(art, name) for art in load_squad(source)], workers, (Evidence,))
        groups = Groups()
    elif name in ("squad-swapped", "newsqa-swapped", "squad-dev-swapped"):
        arts = load_squad(source)
        pool = sorted({n for art in arts for q in art.questions for n in names_of(q.text)})
        jobs = [(art, pool, name, name == "squad-swapped") for art in arts]
        (evidence,) = _parallel(_swapped, jobs, workers, (Evidence,))
        groups = Groups()
    elif name in ("squad-sentences", "newsqa-sentences", "squad-dev-sentences"):
        arts = load_squad(source)
        most = SENTENCE_QUESTIONS if name == "squad-sentences" else None
        jobs = [(art, offtopic_sample(arts, a, 50, SEED), name, most) for a, art in enumerate(arts)]
        (evidence,) = _parallel(_sentences, jobs, workers, (Evidence,))
        groups = Groups()
    elif name in ("squad-typed", "newsqa-typed", "squad-dev-typed"):
        most = TYPED_PER_ARTICLE if name == "squad-typed" else None
        jobs = [(*job[:4], most) for job in _article_jobs(load_squad(source), name, None)]
        groups, evidence = _parallel(_typed, jobs, workers, (Groups, Evidence))
    elif name in ("newsqa", "squad-dev"):
        groups, evidence = _parallel(
            _article, list(_article_jobs(load_squad(source), name, None)), workers, (Groups, Evidence)
        )
    elif name in ("coqa", "squad-conv"):
        stories = load_coqa(source) if name == "coqa" else squad_stories(load_squad(source))
        jobs = []
        for story in stories:
            pool = [t.question for o in stories if o is not story for t in o.turns]
            others = random.Random(f"{SEED}:{story.id}").sample(pool, len(story.turns))
            jobs.append((story, others, name, models))
        groups, evidence = _parallel(_story, jobs, workers, (Groups, Evidence))
    else:
        raise ValueError(f"no dataset {name}")
    cache.mkdir(parents=True, exist_ok=True)
    groups.save(path.with_suffix(".rank.npz"))
    evidence.save(path.with_suffix(".evidence.npz"))
    print(
        f"  {groups.reachable} of {groups.asked} questions reachable, {len(evidence.tag)} evidence rows, "
        f"{time.time() - t0:.0f} s",
        file=sys.stderr,
    )
    return groups, evidence
