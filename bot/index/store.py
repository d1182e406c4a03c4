"""The on-disk index cache: data only, keyed by the knowledge's content and the bot's settings.

One `.npz` file per knowledge base (numpy arrays, plus the documents and vocabularies as a
JSON blob), loaded with `allow_pickle=False`, so a cache file can never run code. A build is
written to a temporary file and renamed into place, so an interrupted build never leaves a torn
cache; a file that fails to load is rebuilt, not trusted; a cache folder that cannot be written
costs one warning, and the answer comes anyway.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import numpy as np

from bot._version import __version__
from bot.documents import corpus as knowledge
from bot.documents import web
from bot.documents.corpus import Corpus, Document, Passage, Sentence
from bot.documents.files import write_whole
from bot.documents.metadata import Field
from bot.documents.sources import KnowledgeError, Sources, find, read, read_bytes
from bot.index.bm25 import B_PASSAGE, B_SENTENCE, BM25, K1, Index, TermLists
from bot.language import analysis, wordlists

FORMAT = 4


def cache_dir() -> Path:
    if os.environ.get("BOT_CACHE_DIR"):
        return Path(os.environ["BOT_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if os.path.isabs(base):
        return Path(base) / "bot"
    try:
        return Path.home() / ".cache" / "bot"
    except (RuntimeError, KeyError):  # no HOME, and no passwd entry to find one
        raise KnowledgeError("no home folder to keep the cache in; set HOME or BOT_CACHE_DIR") from None


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


def key(sources: Sources, folder: Path | None = None) -> str:
    """A name for the index of these files and links as they are now: each file's path, size
    and modification time; each link's kept page in `folder` (when it was fetched)."""
    h = hashlib.sha256(settings_digest().encode())
    for root in sources.roots:
        h.update(b"\1" + os.fsencode(root))  # file names are bytes; not all are UTF-8
    for item in sources.items:
        if item.path is not None:
            try:
                st = item.path.stat()
                h.update(b"\0" + os.fsencode(item.path) + f"\0{st.st_size}\0{st.st_mtime_ns}".encode())
            except OSError:
                h.update(b"\0" + os.fsencode(item.path) + b"\0missing")
        elif item.url is not None:
            page = web.cached(folder, item.url) if folder is not None else None
            h.update(b"\0" + item.url.encode("utf-8") + f"\0{page.fetched if page else 'missing'}".encode())
    return h.hexdigest()[:32]


def content_digest(sources: Sources, folder: Path | None = None) -> str:
    """A digest of what the knowledge holds now: each file's bytes, each kept page's text. The
    index stores it, and is trusted only while it matches: an index copied over another's name,
    or a file edited without changing its size and time (`touch -r`), is caught here."""
    h = hashlib.sha256()
    for item in sources.items:
        if item.path is not None:
            h.update(b"\0" + os.fsencode(item.path) + b"\0")
            try:  # as the reader reads it: never a pipe or a device, never past its limit
                h.update(read_bytes(item.path))
            except (OSError, ValueError) as exc:
                h.update(b"\1" + str(exc).encode("utf-8", "replace"))
        elif item.url is not None:
            page = web.cached(folder, item.url) if folder is not None else None
            h.update(b"\0" + item.url.encode("utf-8") + b"\0" + (page.text.encode("utf-8") if page else b"\1missing"))
    return h.hexdigest()


class Mismatch(ValueError):
    """A cached index that is not the index of the knowledge it is asked for."""


def _bm25_arrays(prefix: str, bm: BM25) -> dict[str, np.ndarray]:
    return {
        f"{prefix}_idf": bm.idf,
        f"{prefix}_offsets": bm.offsets,
        f"{prefix}_doc_ids": bm.doc_ids,
        f"{prefix}_tfs": bm.tfs,
        f"{prefix}_doc_len": bm.doc_len,
    }


def _bm25(prefix: str, data, vocab: list[str], k1: float, b: float) -> BM25:
    return BM25(
        {t: i for i, t in enumerate(vocab)},
        data[f"{prefix}_idf"],
        data[f"{prefix}_offsets"],
        data[f"{prefix}_doc_ids"],
        data[f"{prefix}_tfs"],
        data[f"{prefix}_doc_len"],
        k1,
        b,
    )


def write_index(index: Index, path: Path, digest: str = "") -> None:
    """Write the index to `path` atomically (temporary file, then rename), with the
    `content_digest` of what it indexes."""
    corpus = index.corpus
    meta = {
        "format": FORMAT,
        "content": digest,
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
        "sentence_vocab": index.sentence_terms.vocab,
        "passage_vocab": sorted(index.passages.vocab, key=index.passages.vocab.__getitem__),
        "document_vocab": sorted(index.documents.vocab, key=index.documents.vocab.__getitem__),
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
        **_bm25_arrays("s", index.sentences),
        **_bm25_arrays("p", index.passages),
        **_bm25_arrays("d", index.documents),
    }
    write_whole(path, lambda f: np.savez(f, **arrays), binary=True)


def read_index(path: Path, digest: str | None = None) -> Index:
    """Read an index written by `write_index` (of the knowledge whose `content_digest` is
    `digest`, when given). Raises `Mismatch` if it indexes something else, and ValueError,
    OSError, KeyError... if it is not a sound index."""
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(data["meta"].tobytes().decode("utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError("cache format changed")
        if digest is not None and meta.get("content") != digest:
            raise Mismatch("it does not match the knowledge's files")
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
    svocab = meta["sentence_vocab"]
    return Index(
        corpus,
        TermLists(svocab, arrays["term_ids"], arrays["term_offsets"]),
        _bm25("s", arrays, svocab, sk1, sb),
        _bm25("p", arrays, meta["passage_vocab"], pk1, pb),
        meta["surface"],
        _bm25("d", arrays, meta["document_vocab"], pk1, db),
    )


def _check(meta: dict, arrays: dict[str, np.ndarray]) -> None:
    """Every id in range and every text a string, so a damaged index fails here, on loading,
    and is rebuilt, rather than failing every question."""
    docs = meta["documents"]
    if not all(isinstance(d.get(k), str) for d in docs for k in ("path", "source", "title", "text")):
        raise ValueError("a document without its text or title")
    sentences, passages = arrays["sentences"], arrays["passages"]
    n_sent, n_docs = len(sentences), len(docs)

    def within(values: np.ndarray, size: int) -> bool:
        return not len(values) or (int(values.min()) >= 0 and int(values.max()) < size)

    lengths = np.array([len(d["text"]) for d in docs] or [0])
    ok = (
        within(sentences[:, 0], n_docs)
        and within(passages[:, 0], n_docs)
        and (not n_sent or bool((sentences[:, 4] <= lengths[sentences[:, 0]]).all()))
        and (not len(passages) or int((passages[:, 4] + passages[:, 5]).max()) <= n_sent)
        and within(arrays["term_ids"], len(meta["sentence_vocab"]))
        and len(arrays["term_offsets"]) == n_sent + 1
    )
    for prefix, size, vocab in (
        ("s", n_sent, meta["sentence_vocab"]),
        ("p", len(passages), meta["passage_vocab"]),
        ("d", n_docs, meta["document_vocab"]),
    ):
        offsets = arrays[f"{prefix}_offsets"]
        ok = ok and within(arrays[f"{prefix}_doc_ids"], size) and len(arrays[f"{prefix}_doc_len"]) == size
        ok = ok and len(offsets) == len(vocab) + 1 and int(offsets[-1]) == len(arrays[f"{prefix}_doc_ids"])
    if not ok:
        raise ValueError("ids out of range")


def load_or_build(
    paths: list[str] | str | os.PathLike | None = None,
    warn: Callable[[str], None] = lambda m: None,
    use_cache: bool = True,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
    refresh: bool = False,
    must_cache: bool = False,
) -> Index:
    """The index of the knowledge: from the cache when it is current, else built (and cached).
    Links are fetched when they are not kept yet, or with `refresh`, before anything else."""
    sources = find(paths)
    folder = cache_dir()
    pages = folder if use_cache else None
    for item in sources.items:
        if item.url and (refresh or pages is None or web.cached(pages, item.url) is None):
            web.page(item.url, pages, refresh=True)
    target = folder / f"index-{key(sources, pages)}.npz"
    digest = content_digest(sources, pages)
    if use_cache and not (rebuild or refresh) and target.exists():
        try:
            index = read_index(target, digest)
            _used(target)
            return index
        except Exception as exc:  # noqa: BLE001 - any damage means: do not trust it, rebuild
            why = "does not match its files" if isinstance(exc, Mismatch) else "was unreadable"
            aside = target.with_name(target.name + ".corrupt")
            try:
                os.replace(target, aside)
                warn(f"the index cache {target} {why}; set aside as {aside.name} and rebuilt")
            except OSError:
                warn(f"the index cache {target} {why}; rebuilt")
    index = Index.build(read(sources, progress, pages))
    if use_cache:
        try:
            write_index(index, target, digest)
            trim(folder, keep={target} | {web.page_path(folder, i.url) for i in sources.items if i.url})
        except OSError as exc:
            if must_cache:  # `bot index`: caching is the whole job
                raise KnowledgeError(f"cannot write the index into {target.parent}: {exc.strerror or exc}") from None
            warn(f"index not cached: cannot write {target.parent} ({exc.strerror or exc})")
    return index


def _used(path: Path) -> None:
    """Mark a cache file as just used: the cache lets go of what was not used for longest."""
    try:
        os.utime(path)
    except OSError:
        pass


def max_cache_bytes() -> int:
    """How big the cache may grow (BOT_CACHE_MAX_MB, default 200 MB)."""
    mb, value = web.number_setting("BOT_CACHE_MAX_MB", "200")
    if not math.isfinite(mb) or mb < 0:
        raise KnowledgeError(f"BOT_CACHE_MAX_MB must be a number of megabytes, like 200, not {value!r}")
    return int(mb * 1024 * 1024)


# What the bot writes in its cache, by name: nothing else there is ever deleted, and nothing is
# deleted through a symbolic link (a folder may be shared with the user's own files).
_INDEX = re.compile(r"index-[0-9a-f]{32}\.npz")
_PAGE = re.compile(r"[0-9a-f]{32}\.json")
_LEFTOVER = re.compile(r"index-[0-9a-f]{32}\.npz\.corrupt")  # a damaged index, set aside
_TEMPORARY = re.compile(r"\.(?:index-)?[0-9a-f]{32}-[\w]+\.tmp")  # files.write_whole's, mid-write
# A temporary file this old is what a killed process left, not a write in progress.
STALE_TEMPORARY = 3600


def _files(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    """The regular files of a real folder (not a link to one) whose names match."""
    if folder.is_symlink() or not folder.is_dir():
        return []
    out = []
    for f in folder.iterdir():
        if pattern.fullmatch(f.name) and not f.is_symlink() and f.is_file():
            out.append(f)
    return out


def _entries(folder: Path) -> list[Path]:
    """The indexes and kept pages in the cache."""
    return [*_files(folder, _INDEX), *_files(folder / "pages", _PAGE)]


def _leftovers(folder: Path) -> list[Path]:
    """What interrupted writes and damaged indexes left behind."""
    return [*_files(folder, _LEFTOVER), *_files(folder, _TEMPORARY), *_files(folder / "pages", _TEMPORARY)]


def trim(folder: Path, keep: Collection[Path] = frozenset(), limit: int | None = None) -> int:
    """Delete the cache entries (indexes and kept pages) used longest ago until the cache is
    within `limit` bytes (default `max_cache_bytes()`), never those in `keep`. Returns how
    many were deleted."""
    limit = max_cache_bytes() if limit is None else limit
    now = time.time()
    entries = []
    for f in _leftovers(folder):  # stale temporaries go; ones being written still count
        try:
            st = f.stat()
            if f.name.endswith(".tmp") and now - st.st_mtime > STALE_TEMPORARY:
                f.unlink()
                continue
            entries.append((st.st_mtime, st.st_size, f))
        except OSError:
            continue
    for f in _entries(folder):
        try:
            st = f.stat()
        except OSError:
            continue
        entries.append((st.st_mtime, st.st_size, f))
    total = sum(size for _, size, _ in entries)
    gone = 0
    for _, size, f in sorted(entries, key=lambda e: e[0]):
        if total <= limit:
            break
        if f in keep or f.name.endswith(".tmp"):
            continue
        try:
            f.unlink()
            total -= size
            gone += 1
        except OSError:
            pass
    return gone


def clear() -> int:
    """Delete every cached index and kept page; returns how many were removed."""
    n = 0
    folder = cache_dir()
    if folder.is_dir():
        try:
            for f in _entries(folder):
                f.unlink(missing_ok=True)
                n += 1
            for f in _leftovers(folder):
                f.unlink(missing_ok=True)
        except OSError as exc:
            raise KnowledgeError(f"cannot clear the cache {folder}: {exc.strerror or exc}") from None
    return n
