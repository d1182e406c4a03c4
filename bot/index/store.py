"""The on-disk index: plain data, one file per knowledge, brought up to date file by file.

One `.npz` file per knowledge (numpy arrays, plus the documents and vocabularies as a JSON
blob), loaded with `allow_pickle=False`, so a cache file can never run code. It is named by
what the knowledge is (its paths and links, and the bot's settings) and records, for each file
or link, a digest of its content: a knowledge whose files all match is answered from it as it
is; after an edit, the files that match keep their analysed sentences and only the others are
read again. A build is written to a temporary file and renamed into place, so an interrupted
build never leaves a torn cache; a file that fails to load is set aside and rebuilt, not
trusted; a cache folder that cannot be written costs one warning, and the answer comes anyway.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot._version import __version__
from bot.documents import corpus as knowledge
from bot.documents import web
from bot.documents.corpus import Corpus, Document, Passage, Sentence
from bot.documents.files import write_whole
from bot.documents.metadata import Field
from bot.documents.sources import KnowledgeError, Source, Sources, check_readable, find, read_bytes, read_item
from bot.index import cache
from bot.index.bm25 import B_PASSAGE, B_SENTENCE, BM25, K1, Index
from bot.index.tokens import Previous, TermLists, analyse
from bot.language import analysis, wordlists

FORMAT = 5


def settings_digest() -> str:
    """Everything besides the files that changes what an index holds."""
    h = hashlib.sha256()
    for part in (
        FORMAT,
        __version__,
        analysis.ANALYZER,
        K1,
        B_SENTENCE,
        B_PASSAGE,
        knowledge.MAX_PASSAGE_SENTENCES,
        sorted(wordlists.STOPWORDS),
        sorted(wordlists.ACRONYMS.items()),
        sorted(wordlists.IRREGULAR_VERBS.items()),
    ):
        h.update(repr(part).encode())
    return h.hexdigest()


def key(sources: Sources) -> str:
    """The name of the knowledge's index: the paths and links as given, and the settings.
    (What the files hold now is checked against the digests inside it.)"""
    h = hashlib.sha256(settings_digest().encode())
    for root in sources.roots:
        h.update(b"\1" + os.fsencode(root))  # file names are bytes; not all are UTF-8
    return h.hexdigest()[:32]


@dataclass(frozen=True)
class Item:
    """What an index records of one file or link it read: where, its content's digest, its
    document (-1 when it was skipped) and the warning that skipped it."""

    name: str
    where: str
    digest: str
    doc: int = -1
    warning: str | None = None


def _where(item: Source) -> str:
    return item.url if item.url is not None else os.fsencode(item.path or "").decode("utf-8", "backslashreplace")


def digests(sources: Sources, folder: Path | None = None) -> list[str]:
    """A digest of what each file and link holds now: the file's bytes, as the reader reads
    them (never a pipe or a device, never past its limit), or the kept page's text. An edit
    that keeps the file's size and time (`touch -r`) is seen."""
    out = []
    for item in sources.items:
        h = hashlib.sha256()
        if item.path is not None:
            try:
                h.update(read_bytes(item.path))
            except (OSError, ValueError) as exc:
                h.update(b"\1" + str(exc).encode("utf-8", "replace"))
        elif item.url is not None:
            page = web.cached(folder, item.url) if folder is not None else None
            h.update(page.text.encode("utf-8") if page else b"\1missing")
        out.append(h.hexdigest())
    return out


def _bm25_arrays(prefix: str, bm: BM25) -> dict[str, np.ndarray]:
    return {
        f"{prefix}_idf": bm.idf,
        f"{prefix}_offsets": bm.offsets,
        f"{prefix}_doc_ids": bm.doc_ids,
        f"{prefix}_tfs": bm.tfs,
        f"{prefix}_doc_len": bm.doc_len,
    }


def _bm25(prefix: str, data, vocab: dict[str, int], k1: float, b: float) -> BM25:
    return BM25(
        vocab,
        data[f"{prefix}_idf"],
        data[f"{prefix}_offsets"],
        data[f"{prefix}_doc_ids"],
        data[f"{prefix}_tfs"],
        data[f"{prefix}_doc_len"],
        k1,
        b,
    )


def write_index(index: Index, path: Path, items: list[Item] | None = None) -> None:
    """Write the index to `path` atomically (temporary file, then rename), with what it
    records of each file and link it read."""
    corpus = index.corpus
    meta = {
        "format": FORMAT,
        "items": [[i.name, i.where, i.digest, i.doc, i.warning] for i in items or []],
        "root": corpus.root,
        "warnings": corpus.warnings,
        "documents": [
            {
                "path": d.path,
                "source": d.source,
                "title": d.title,
                "text": d.text,
                "markdown": d.markdown,
                "url": d.url,
                "meta": {k: [f.value, f.start, f.end] for k, f in d.meta.items()},
            }
            for d in corpus.documents
        ],
        "vocab": index.sentence_terms.vocab,
        "surface": index.surface,
        "bm25": [index.sentences.k1, index.sentences.b, index.passages.k1, index.passages.b, index.documents.b],
    }
    arrays: dict[str, Any] = {
        "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), np.uint8),
        "sentences": np.array(
            [(s.doc, s.passage, s.number, s.start, s.end) for s in corpus.sentences], np.int64
        ).reshape(-1, 5),
        "passages": np.array(
            [(p.doc, p.number, p.start, p.end, p.sentences[0], len(p.sentences)) for p in corpus.passages], np.int64
        ).reshape(-1, 6),
        "term_ids": index.sentence_terms.ids,
        "term_offsets": index.sentence_terms.offsets,
        "spell_ids": index.spellings.ids,
        "spell_offsets": index.spellings.offsets,
        **_bm25_arrays("s", index.sentences),
        **_bm25_arrays("p", index.passages),
        **_bm25_arrays("d", index.documents),
    }
    write_whole(path, lambda f: np.savez(f, **arrays), binary=True)


def read_index(path: Path) -> Index:
    """Read an index written by `write_index`. Raises ValueError, OSError, KeyError... if it
    is not a sound index."""
    return read(path)[0]


def read(path: Path) -> tuple[Index, list[Item]]:
    """An index written by `write_index`, and what it records of each file and link."""
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(data["meta"].tobytes().decode("utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError("cache format changed")
        arrays = {k: data[k] for k in data.files if k != "meta"}
    _check(meta, arrays)
    docs = [
        Document(
            i,
            d["path"],
            d["source"],
            d["title"],
            d["text"],
            d["markdown"],
            d["url"],
            meta={k: Field(*v) for k, v in d["meta"].items()},
        )
        for i, d in enumerate(meta["documents"])
    ]
    sentences = []
    for sid, (doc, passage, number, start, end) in enumerate(arrays["sentences"].tolist()):
        sentences.append(Sentence(sid, doc, passage, number, start, end, docs[doc].text[start:end]))
    passages = []
    for pid, (doc, number, start, end, first, count) in enumerate(arrays["passages"].tolist()):
        passages.append(Passage(pid, doc, number, start, end, tuple(range(first, first + count))))
        docs[doc].passages.append(pid)
    corpus = Corpus(docs, passages, sentences, meta["root"], list(meta["warnings"]))
    sk1, sb, pk1, pb, db = meta["bm25"]
    vocab_list = meta["vocab"]
    vocab = {t: i for i, t in enumerate(vocab_list)}
    surface = meta["surface"]
    index = Index(
        corpus,
        TermLists(vocab_list, arrays["term_ids"], arrays["term_offsets"]),
        _bm25("s", arrays, vocab, sk1, sb),
        _bm25("p", arrays, vocab, pk1, pb),
        surface,
        _bm25("d", arrays, vocab, pk1, db),
        TermLists(list(surface), arrays["spell_ids"], arrays["spell_offsets"]),
    )
    return index, [Item(*i) for i in meta["items"]]


def _check(meta: dict, arrays: dict[str, np.ndarray]) -> None:
    """Every id in range and every text a string, so a damaged index fails here, on loading,
    and is rebuilt, rather than failing every question."""
    docs = meta["documents"]
    if not all(isinstance(d.get(k), str) for d in docs for k in ("path", "source", "title", "text")):
        raise ValueError("a document without its text or title")
    sentences, passages = arrays["sentences"], arrays["passages"]
    n_sent, n_docs, n_vocab = len(sentences), len(docs), len(meta["vocab"])

    def within(values: np.ndarray, size: int) -> bool:
        return not len(values) or (int(values.min()) >= 0 and int(values.max()) < size)

    lengths = np.array([len(d["text"]) for d in docs] or [0])
    ok = (
        within(sentences[:, 0], n_docs)
        and within(passages[:, 0], n_docs)
        and (not n_sent or bool((sentences[:, 4] <= lengths[sentences[:, 0]]).all()))
        and (not n_sent or bool((np.diff(sentences[:, 0]) >= 0).all()))  # in document order
        and (not len(passages) or int((passages[:, 4] + passages[:, 5]).max()) <= n_sent)
        and within(arrays["term_ids"], n_vocab)
        and len(arrays["term_offsets"]) == n_sent + 1
        and within(arrays["spell_ids"], len(meta["surface"]))
        and len(arrays["spell_offsets"]) == n_docs + 1
        and int(arrays["spell_offsets"][-1]) == len(arrays["spell_ids"])
        and all(len(i) == 5 and isinstance(i[3], int) and -1 <= i[3] < n_docs for i in meta["items"])
    )
    for prefix, size in (("s", n_sent), ("p", len(passages)), ("d", n_docs)):
        offsets = arrays[f"{prefix}_offsets"]
        ok = ok and within(arrays[f"{prefix}_doc_ids"], size) and len(arrays[f"{prefix}_doc_len"]) == size
        ok = ok and len(offsets) == n_vocab + 1 and int(offsets[-1]) == len(arrays[f"{prefix}_doc_ids"])
    if not ok:
        raise ValueError("ids out of range")


def build(
    sources: Sources,
    current: list[str],
    previous: tuple[Index, list[Item]] | None = None,
    progress: Callable[[int, int], None] | None = None,
    pages: Path | None = None,
) -> tuple[Index, list[Item]]:
    """The index of the knowledge whose files' digests are `current`: a file whose digest a
    `previous` index of it records keeps its document, sentences and terms from there; the
    others are read and analysed."""
    corpus = Corpus([], [], [], sources.label, list(sources.warnings))
    known: dict[tuple[str, str, str], Item] = {}
    reuse: dict[int, tuple[Previous, int]] = {}
    prev: Previous | None = None
    if previous is not None:
        old, old_items = previous
        known = {(i.name, i.where, i.digest): i for i in old_items}
        first = np.searchsorted(old.sentence_doc, np.arange(len(old.corpus.documents) + 1))
        prev = Previous(old.sentence_terms, old.spellings, old.surface, first)
    items = []
    for n, (item, digest) in enumerate(zip(sources.items, current)):
        if progress:
            progress(n, len(sources.items))
        where = _where(item)
        was = known.get((item.name, where, digest))
        if was is not None and previous is not None and prev is not None:
            doc = _copy_document(previous[0].corpus, was.doc, corpus) if was.doc >= 0 else -1
            if doc >= 0:
                reuse[doc] = (prev, was.doc)
            warning = was.warning
        else:
            before = len(corpus.documents)
            warning = read_item(corpus, item, pages)
            doc = before if len(corpus.documents) > before else -1
        if warning:
            corpus.warnings.append(warning)
        items.append(Item(item.name, where, digest, doc, warning))
    if progress:
        progress(len(sources.items), len(sources.items))
    check_readable(corpus, sources)
    return Index.of_tokens(corpus, analyse(corpus, reuse)), items


def _copy_document(source: Corpus, d: int, corpus: Corpus) -> int:
    """Append document `d` of another corpus, with its passages and sentences, renumbered."""
    doc = source.documents[d]
    new = Document(len(corpus.documents), doc.path, doc.source, doc.title, doc.text, doc.markdown, doc.url)
    new.meta = dict(doc.meta)
    corpus.documents.append(new)
    for pid in doc.passages:
        p = source.passages[pid]
        npid, first = len(corpus.passages), len(corpus.sentences)
        for k, sid in enumerate(p.sentences):
            s = source.sentences[sid]
            corpus.sentences.append(Sentence(first + k, new.id, npid, s.number, s.start, s.end, s.text))
        sids = tuple(range(first, len(corpus.sentences)))
        corpus.passages.append(Passage(npid, new.id, p.number, p.start, p.end, sids))
        new.passages.append(npid)
    return new.id


def load_or_build(
    paths: list[str] | str | os.PathLike | None = None,
    warn: Callable[[str], None] = lambda m: None,
    use_cache: bool = True,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
    refresh: bool = False,
    must_cache: bool = False,
) -> Index:
    """The index of the knowledge: from the cache when every file matches it, else brought up
    to date (only the changed files read again) and cached. Links are fetched when they are
    not kept yet, or with `refresh`, before anything else."""
    sources = find(paths)
    folder = cache.cache_dir()
    pages = folder if use_cache else None
    for item in sources.items:
        if item.url and (refresh or pages is None or web.cached(pages, item.url) is None):
            web.page(item.url, pages, refresh=True)
    target = folder / f"index-{key(sources)}.npz"
    current = digests(sources, pages)
    previous = None
    if use_cache and not rebuild and target.exists():
        try:
            index, items = read(target)
            if [(i.name, i.where, i.digest) for i in items] == [
                (s.name, _where(s), d) for s, d in zip(sources.items, current)
            ]:
                cache.used(target)
                index.corpus.warnings = list(sources.warnings) + [i.warning for i in items if i.warning]
                return index
            previous = index, items
        except Exception:  # noqa: BLE001 - any damage means: do not trust it, rebuild
            aside = target.with_name(target.name + ".corrupt")
            try:
                os.replace(target, aside)
                warn(f"the index cache {target} was unreadable; set aside as {aside.name} and rebuilt")
            except OSError:
                warn(f"the index cache {target} was unreadable; rebuilt")
    index, items = build(sources, current, previous, progress, pages)
    if use_cache:
        try:
            write_index(index, target, items)
            cache.trim(folder, keep={target} | {web.page_path(folder, i.url) for i in sources.items if i.url})
        except OSError as exc:
            if must_cache:  # `bot index`: caching is the whole job
                raise KnowledgeError(f"cannot write the index into {target.parent}: {exc.strerror or exc}") from None
            warn(f"index not cached: cannot write {target.parent} ({exc.strerror or exc})")
    return index
