"""The on-disk index: plain data, one file per knowledge, brought up to date file by file.

One file per knowledge (container.py: numpy arrays and a JSON header, memory-mapped, so
opening it reads almost nothing and a cache file can never run code). It is named by
what the knowledge is (its paths and links, and the bot's settings) and records, for each file
or link, a digest of its content: a knowledge whose files all match is answered from it as it
is; after an edit, the files that match keep their analysed sentences and only the others are
read again. A build is written to a temporary file and renamed into place, so an interrupted
build never leaves a torn cache; a file that fails to load is set aside and rebuilt, not
trusted; a cache folder that cannot be written costs one warning, and the answer comes anyway.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot._version import __version__
from bot.documents import corpus as knowledge
from bot.documents import web
from bot.documents.corpus import Corpus, Document, passage_rows, sentence_rows
from bot.documents.files import write_whole
from bot.documents.metadata import Field
from bot.documents.sources import KnowledgeError, Source, Sources, check_readable, find, read_bytes, read_item
from bot.index import cache, container
from bot.index.bm25 import B_PASSAGE, B_SENTENCE, BM25, K1, Index
from bot.index.tokens import Previous, TermLists, analyse
from bot.language import analysis, wordlists

FORMAT = 9  # 9: a saved page read anew (`article.extract`: its headings, lists and tables, its date)


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
    # a file's size, modification and change times and inode when its digest was taken, and
    # when that was (ns): while they stay the same, the digest stands without reading the file
    stat: tuple[int, ...] | None = None


def _where(item: Source) -> str:
    return item.url if item.url is not None else os.fsencode(item.path or "").decode("utf-8", "backslashreplace")


# A file changed this close to when its digest was taken may have changed again within the
# same tick of its clock: its digest is taken again (as git does with "racily clean" files).
RACY_NS = 2_000_000_000


def digests(
    sources: Sources, folder: Path | None = None, known: Sequence[Item] = ()
) -> list[tuple[str, tuple[int, ...] | None]]:
    """A digest of what each file and link holds now (the file's bytes, as the reader reads
    them: never a pipe or a device, never past its limit; the kept page's text), with the
    file's status. A file whose status is what `known` recorded, and whose last change came
    well before that digest was taken, keeps it without being read: an edit, even one that
    keeps the size and modification time (`touch -r`), changes the change time."""
    recorded = {i.where: i for i in known if i.stat is not None}
    out: list[tuple[str, tuple[int, ...] | None]] = []
    for item in sources.items:
        h = hashlib.sha256()
        status = None
        if item.path is not None:
            try:
                st = os.stat(item.path)
                status = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            except OSError:
                pass
            was = recorded.get(_where(item))
            if status and was and was.stat and tuple(was.stat[:4]) == status and st.st_ctime_ns < was.stat[4] - RACY_NS:
                out.append((was.digest, tuple(was.stat)))
                continue
            taken = time.time_ns()
            try:
                h.update(read_bytes(item.path))
            except (OSError, ValueError) as exc:
                h.update(b"\1" + str(exc).encode("utf-8", "replace"))
                status = None
            out.append((h.hexdigest(), (*status, taken) if status else None))
            continue
        if item.url is not None:
            page = web.cached(folder, item.url) if folder is not None else None
            h.update(page.text.encode("utf-8") if page else b"\1missing")
        out.append((h.hexdigest(), None))
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


def _blob(strings: list[str]) -> np.ndarray:
    """Strings without line breaks (terms, words) as one UTF-8 array."""
    return np.frombuffer("\n".join(strings).encode("utf-8"), np.uint8)


def _strings(blob: np.ndarray) -> list[str]:
    return blob.tobytes().decode("utf-8").split("\n") if len(blob) else []


def write_index(index: Index, path: Path, items: list[Item] | None = None) -> None:
    """Write the index to `path` atomically (temporary file, then rename), with what it
    records of each file and link it read."""
    corpus = index.corpus
    texts = [d.text.encode("utf-8", "surrogatepass") for d in corpus.documents]
    text_offsets = np.zeros(len(texts) + 1, np.int64)
    np.cumsum([len(t) for t in texts], out=text_offsets[1:])
    vocab = index.sentence_terms.vocab
    number = {t: i for i, t in enumerate(vocab)}
    meta = {
        "format": FORMAT,
        "items": [[i.name, i.where, i.digest, i.doc, i.warning, i.stat] for i in items or []],
        "root": corpus.root,
        "warnings": corpus.warnings,
        "documents": [
            {
                "path": d.path,
                "source": d.source,
                "title": d.title,
                "titled": d.titled,
                "markdown": d.markdown,
                "url": d.url,
                "meta": {k: [f.value, f.start, f.end] for k, f in d.meta.items()},
                "pages": d.pages,
                "headings": d.headings,
            }
            for d in corpus.documents
        ],
        "bm25": [index.sentences.k1, index.sentences.b, index.passages.k1, index.passages.b, index.documents.b],
    }
    arrays: dict[str, np.ndarray] = {
        "text": np.frombuffer(b"".join(texts), np.uint8),
        "text_offsets": text_offsets,
        "vocab": _blob(vocab),
        "surface_words": _blob(list(index.surface)),
        "surface_terms": np.fromiter((number[t] for t in index.surface.values()), np.int32, len(index.surface)),
        "sentences": corpus.sentence_array(),
        "passages": corpus.passage_array(),
        "term_ids": index.sentence_terms.ids,
        "term_offsets": index.sentence_terms.offsets,
        "spell_ids": index.spellings.ids,
        "spell_offsets": index.spellings.offsets,
        **_bm25_arrays("s", index.sentences),
        **_bm25_arrays("p", index.passages),
        **_bm25_arrays("d", index.documents),
    }
    write_whole(path, lambda f: container.write(f, meta, arrays), binary=True)


def read_index(path: Path) -> Index:
    """Read an index written by `write_index`. Raises ValueError, OSError, KeyError... if it
    is not a sound index."""
    return read(path)[0]


def read(path: Path) -> tuple[Index, list[Item]]:
    """An index written by `write_index`, and what it records of each file and link. Its
    arrays stay in the mapped file; its sentences and passages are made when used."""
    meta, arrays = container.read(path)
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ValueError("cache format changed")
    vocab_list = _strings(arrays["vocab"])
    words = _strings(arrays["surface_words"])
    _check(meta, arrays, len(vocab_list), len(words))
    blob, offsets = arrays["text"].tobytes(), arrays["text_offsets"].tolist()
    arrays.release()
    docs = [
        Document(
            i,
            d["path"],
            d["source"],
            d["title"],
            blob[offsets[i] : offsets[i + 1]].decode("utf-8", "surrogatepass"),
            d["markdown"],
            d["url"],
            d["titled"],
            meta={k: Field(*v) for k, v in d["meta"].items()},
            pages=[int(p) for p in d["pages"]],
            headings=[int(h) for h in d["headings"]],
        )
        for i, d in enumerate(meta["documents"])
    ]
    sentence_table, passage_table = arrays["sentences"], arrays["passages"]
    lengths = np.array([len(d.text) for d in docs] or [0])
    if len(sentence_table) and not bool((sentence_table[:, 4] <= lengths[sentence_table[:, 0]]).all()):
        raise ValueError("a sentence past the end of its document")  # (documents checked in range above)
    firsts = np.searchsorted(passage_table[:, 0], np.arange(len(docs) + 1)).tolist()
    for d, doc in enumerate(docs):
        doc.passages = list(range(firsts[d], firsts[d + 1]))
    corpus = Corpus(
        docs, passage_rows(passage_table), sentence_rows(sentence_table, docs), meta["root"], list(meta["warnings"])
    )
    sk1, sb, pk1, pb, db = meta["bm25"]
    vocab = {t: i for i, t in enumerate(vocab_list)}
    surface = dict(zip(words, (vocab_list[i] for i in arrays["surface_terms"].tolist())))
    index = Index(
        corpus,
        TermLists(vocab_list, arrays["term_ids"], arrays["term_offsets"]),
        _bm25("s", arrays, vocab, sk1, sb),
        _bm25("p", arrays, vocab, pk1, pb),
        surface,
        _bm25("d", arrays, vocab, pk1, db),
        TermLists(words, arrays["spell_ids"], arrays["spell_offsets"]),
    )
    index.__dict__.update(sentence_table=sentence_table, passage_table=passage_table)  # the cached properties
    return index, [Item(i[0], i[1], i[2], i[3], i[4], tuple(i[5]) if i[5] else None) for i in meta["items"]]


def _check(meta: dict, arrays: container.Arrays, n_vocab: int, n_words: int) -> None:
    """Every id in range and every text a string, so a damaged index fails here, on loading,
    and is rebuilt, rather than failing every question."""
    docs = meta["documents"]
    if not all(isinstance(d.get(k), str) for d in docs for k in ("path", "source", "title")):
        raise ValueError("a document without its path or title")
    if not all(isinstance(d.get("titled"), bool) for d in docs):
        raise ValueError("a document without its title's origin")
    sentences, passages = arrays["sentences"], arrays["passages"]
    n_sent, n_docs = len(sentences), len(docs)

    def within(values: np.ndarray, size: int) -> bool:
        ok = not len(values) or (int(values.min()) >= 0 and int(values.max()) < size)
        arrays.release()  # one array's pages resident at a time, not the whole index's
        return ok

    text_offsets = arrays["text_offsets"]
    ok = (
        sentences.ndim == 2
        and sentences.shape[1] == 5
        and passages.ndim == 2
        and passages.shape[1] == 6
        and len(text_offsets) == n_docs + 1
        and bool((np.diff(text_offsets) >= 0).all())
        and int(text_offsets[0]) == 0
        and int(text_offsets[-1]) == len(arrays["text"])
        and within(sentences[:, 0], n_docs)
        and within(passages[:, 0], n_docs)
        and (not n_sent or bool((np.diff(sentences[:, 0]) >= 0).all()))  # in document order
        and (not len(passages) or bool((np.diff(passages[:, 0]) >= 0).all()))
        and (not len(passages) or int((passages[:, 4] + passages[:, 5]).max()) <= n_sent)
        and within(arrays["term_ids"], n_vocab)
        and len(arrays["term_offsets"]) == n_sent + 1
        and within(arrays["surface_terms"], n_vocab)
        and len(arrays["surface_terms"]) == n_words
        and within(arrays["spell_ids"], n_words)
        and len(arrays["spell_offsets"]) == n_docs + 1
        and int(arrays["spell_offsets"][-1]) == len(arrays["spell_ids"])
        and all(len(i) == 6 and isinstance(i[3], int) and -1 <= i[3] < n_docs for i in meta["items"])
        and all(i[5] is None or (len(i[5]) == 5 and all(isinstance(x, int) for x in i[5])) for i in meta["items"])
    )
    for prefix, size in (("s", n_sent), ("p", len(passages)), ("d", n_docs)):
        offsets = arrays[f"{prefix}_offsets"]
        ok = ok and within(arrays[f"{prefix}_doc_ids"], size) and len(arrays[f"{prefix}_doc_len"]) == size
        ok = ok and len(offsets) == n_vocab + 1 and int(offsets[-1]) == len(arrays[f"{prefix}_doc_ids"])
    if not ok:
        raise ValueError("ids out of range")


def build(
    sources: Sources,
    current: list[tuple[str, tuple[int, ...] | None]],
    previous: tuple[Index, list[Item]] | None = None,
    progress: Callable[[int, int], None] | None = None,
    pages: Path | None = None,
) -> tuple[Index, list[Item]]:
    """The index of the knowledge whose files' digests are `current`: a file whose digest a
    `previous` index of it records keeps its document, sentences and terms from there (rows of
    arrays, copied whole); the others are read and analysed."""
    docs: list[Document] = []
    sentence_parts: list[np.ndarray] = []
    passage_parts: list[np.ndarray] = []
    warnings = list(sources.warnings)
    known: dict[tuple[str, str, str], Item] = {}
    reuse: dict[int, tuple[Previous, int]] = {}
    if previous is not None:
        old, old_items = previous
        known = {(i.name, i.where, i.digest): i for i in old_items}
        old_sentences, old_passages = old.corpus.sentence_array(), old.corpus.passage_array()
        first = np.searchsorted(old_sentences[:, 0], np.arange(len(old.corpus.documents) + 1))
        first_passage = np.searchsorted(old_passages[:, 0], np.arange(len(old.corpus.documents) + 1))
        prev = Previous(old.sentence_terms, old.spellings, old.surface, first)
    items = []
    n_sentences = n_passages = 0
    for n, (item, (digest, status)) in enumerate(zip(sources.items, current)):
        if progress:
            progress(n, len(sources.items))
        where = _where(item)
        was = known.get((item.name, where, digest))
        if was is not None and previous is not None:
            doc, warning = -1, was.warning
            if was.doc >= 0:
                doc = len(docs)
                d = old.corpus.documents[was.doc]
                copy = Document(doc, d.path, d.source, d.title, d.text, d.markdown, d.url, d.titled, meta=dict(d.meta))
                copy.pages, copy.headings = d.pages, d.headings
                docs.append(copy)
                a, b = int(first[was.doc]), int(first[was.doc + 1])
                pa, pb = int(first_passage[was.doc]), int(first_passage[was.doc + 1])
                rows, prows = old_sentences[a:b].copy(), old_passages[pa:pb].copy()
                rows[:, 1] += n_passages - pa
                prows[:, 4] += n_sentences - a
                reuse[doc] = (prev, was.doc)
        else:
            one = Corpus([], [], [], "", [])
            warning = read_item(one, item, pages)
            doc = len(docs) if one.documents else -1
            if one.documents:
                docs.append(one.documents[0])
                rows, prows = one.sentence_array(), one.passage_array()
                rows[:, 1] += n_passages
                prows[:, 4] += n_sentences
        if doc >= 0:
            docs[doc].id = doc
            rows[:, 0] = prows[:, 0] = doc
            docs[doc].passages = list(range(n_passages, n_passages + len(prows)))
            sentence_parts.append(rows)
            passage_parts.append(prows)
            n_sentences += len(rows)
            n_passages += len(prows)
        if warning:
            warnings.append(warning)
        items.append(Item(item.name, where, digest, doc, warning, status))
    if progress:
        progress(len(sources.items), len(sources.items))
    sentences = np.concatenate(sentence_parts) if sentence_parts else np.zeros((0, 5), np.int64)
    passages = np.concatenate(passage_parts) if passage_parts else np.zeros((0, 6), np.int64)
    corpus = Corpus(docs, passage_rows(passages), sentence_rows(sentences, docs), sources.label, warnings)
    check_readable(corpus, sources)
    return Index.of_tokens(corpus, analyse(corpus, reuse)), items


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
    target = folder / f"index-{key(sources)}.idx"
    previous = None
    if use_cache and not rebuild and target.exists():
        try:
            previous = read(target)
        except Exception:  # noqa: BLE001 - any damage means: do not trust it, rebuild
            aside = target.with_name(target.name + ".corrupt")
            try:
                os.replace(target, aside)
                warn(f"the index cache {target} was unreadable; set aside as {aside.name} and rebuilt")
            except OSError:
                warn(f"the index cache {target} was unreadable; rebuilt")
    current = digests(sources, pages, previous[1] if previous else [])
    if previous is not None:
        index, items = previous
        now = [(s.name, _where(s), d) for s, (d, _) in zip(sources.items, current)]
        if [(i.name, i.where, i.digest) for i in items] == now:
            cache.used(target)
            index.corpus.warnings = list(sources.warnings) + [i.warning for i in items if i.warning]
            return index
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
