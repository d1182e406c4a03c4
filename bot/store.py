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
import os
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np

from . import __version__, knowledge, text
from .index import B_PASSAGE, B_SENTENCE, BM25, K1, Index, TermLists
from .knowledge import Corpus, Document, Passage, Sentence, Sources
from .metadata import Field

FORMAT = 2


def cache_dir() -> Path:
    if os.environ.get("BOT_CACHE_DIR"):
        return Path(os.environ["BOT_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "bot"


def settings_digest() -> str:
    """Everything besides the files that changes what an index holds."""
    h = hashlib.sha256()
    for part in (FORMAT, __version__, text.ANALYZER, K1, B_SENTENCE, B_PASSAGE, knowledge.MAX_PASSAGE_SENTENCES,
                 sorted(text.STOPWORDS), sorted(text.ACRONYMS.items()), sorted(text._IRREGULAR.items())):
        h.update(repr(part).encode())
    return h.hexdigest()


def key(sources: Sources) -> str:
    """A name for the index of these files as they are now (paths, sizes, modification times)."""
    h = hashlib.sha256(settings_digest().encode())
    h.update(os.fsencode(sources.root.resolve()))  # file names are bytes; not all are UTF-8
    for f in sources.files:
        try:
            st = f.stat()
            h.update(b"\0" + os.fsencode(f) + f"\0{st.st_size}\0{st.st_mtime_ns}".encode())
        except OSError:
            h.update(b"\0" + os.fsencode(f) + b"\0missing")
    return h.hexdigest()[:32]


def _bm25_arrays(prefix: str, bm: BM25) -> dict[str, np.ndarray]:
    return {f"{prefix}_idf": bm.idf, f"{prefix}_offsets": bm.offsets, f"{prefix}_doc_ids": bm.doc_ids,
            f"{prefix}_tfs": bm.tfs, f"{prefix}_doc_len": bm.doc_len}


def _bm25(prefix: str, data, vocab: list[str], k1: float, b: float) -> BM25:
    return BM25({t: i for i, t in enumerate(vocab)}, data[f"{prefix}_idf"], data[f"{prefix}_offsets"],
                data[f"{prefix}_doc_ids"], data[f"{prefix}_tfs"], data[f"{prefix}_doc_len"], k1, b)


def save(index: Index, path: Path) -> None:
    """Write the index to `path` atomically (temporary file, then rename)."""
    corpus = index.corpus
    meta = {
        "format": FORMAT, "root": corpus.root, "warnings": corpus.warnings,
        "documents": [{"path": d.path, "source": d.source, "title": d.title, "text": d.text,
                       "markdown": d.markdown, "url": d.url,
                       "meta": {k: [f.value, f.start, f.end] for k, f in d.meta.items()}}
                      for d in corpus.documents],
        "sentence_vocab": index.sentence_terms.vocab,
        "passage_vocab": sorted(index.passages.vocab, key=index.passages.vocab.get),
        "surface": index.surface,
        "bm25": [index.sentences.k1, index.sentences.b, index.passages.k1, index.passages.b],
    }
    arrays = {
        "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), np.uint8),
        "sentences": np.array([(s.doc, s.passage, s.number, s.start, s.end) for s in corpus.sentences],
                              np.int64).reshape(-1, 5),
        "passages": np.array([(p.doc, p.number, p.start, p.end, p.sentences[0], len(p.sentences))
                              for p in corpus.passages], np.int64).reshape(-1, 6),
        "term_ids": index.sentence_terms.ids, "term_offsets": index.sentence_terms.offsets,
        **_bm25_arrays("s", index.sentences), **_bm25_arrays("p", index.passages),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load(path: Path) -> Index:
    """Read an index written by `save`. Raises (ValueError, OSError, KeyError...) if it is not one."""
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(data["meta"].tobytes().decode("utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError("cache format changed")
        arrays = {k: data[k] for k in data.files if k != "meta"}
    docs = [Document(i, d["path"], d["source"], d["title"], d["text"], d["markdown"], d["url"],
                     meta={k: Field(*v) for k, v in d["meta"].items()})
            for i, d in enumerate(meta["documents"])]
    sentences = []
    for sid, (doc, passage, number, start, end) in enumerate(arrays["sentences"].tolist()):
        sentences.append(Sentence(sid, doc, passage, number, start, end, docs[doc].text[start:end]))
    passages = []
    for pid, (doc, number, start, end, first, count) in enumerate(arrays["passages"].tolist()):
        passages.append(Passage(pid, doc, number, start, end, tuple(range(first, first + count))))
        docs[doc].passages.append(pid)
    corpus = Corpus(docs, passages, sentences, meta["root"], list(meta["warnings"]))
    sk1, sb, pk1, pb = meta["bm25"]
    svocab = meta["sentence_vocab"]
    return Index(corpus, TermLists(svocab, arrays["term_ids"], arrays["term_offsets"]),
                 _bm25("s", arrays, svocab, sk1, sb), _bm25("p", arrays, meta["passage_vocab"], pk1, pb),
                 meta["surface"])


def load_or_build(path: str | os.PathLike | None = None, warn: Callable[[str], None] = lambda m: None,
                  use_cache: bool = True, rebuild: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> Index:
    """The index of a knowledge path: from the cache when it is current, else built (and cached)."""
    sources = knowledge.find(path)
    target = cache_dir() / f"index-{key(sources)}.npz"
    if use_cache and not rebuild and target.exists():
        try:
            return load(target)
        except Exception:  # noqa: BLE001 - any damage means: do not trust it, rebuild
            aside = target.with_name(target.name + ".corrupt")
            try:
                os.replace(target, aside)
                warn(f"the index cache {target} was unreadable; set aside as {aside.name} and rebuilt")
            except OSError:
                warn(f"the index cache {target} was unreadable; rebuilt")
    index = Index.build(knowledge.read(sources, progress))
    if use_cache:
        try:
            save(index, target)
        except OSError as exc:
            warn(f"index not cached: cannot write {target.parent} ({exc.strerror or exc})")
    return index


def clear() -> int:
    """Delete every cached index; returns how many files were removed."""
    n = 0
    folder = cache_dir()
    if folder.is_dir():
        for f in folder.glob("index-*.npz"):
            f.unlink(missing_ok=True)
            n += 1
        for f in (*folder.glob(".index-*.tmp"), *folder.glob("index-*.npz.corrupt")):
            f.unlink(missing_ok=True)
    return n
