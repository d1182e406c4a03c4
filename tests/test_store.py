"""The index cache: exact round trip, keyed by content, never trusted when damaged."""

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answering import qa
from bot.documents.corpus import Corpus
from bot.documents.sources import load_corpus
from bot.index import cache as cache_folder
from bot.index import container, store
from bot.index.bm25 import Index


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def notes(tmp_path):
    d = tmp_path / "notes"
    d.mkdir()
    (d / "garden.md").write_text("# Garden\n\nThe tomatoes were planted on May 3. Basil grows beside them.\n")
    (d / "trip.txt").write_text("We drove to Lyon in June. The trip took six hours.\n")
    return d


def same_index(a: Index, b: Index):
    assert [vars(d) for d in a.corpus.documents] == [vars(d) for d in b.corpus.documents]
    assert list(a.corpus.sentences) == list(b.corpus.sentences)
    assert list(a.corpus.passages) == list(b.corpus.passages)
    assert [a.sentence_terms[i] for i in range(len(a.sentence_terms))] == [
        b.sentence_terms[i] for i in range(len(b.sentence_terms))
    ]
    assert a.surface == b.surface
    assert a.spellings.vocab == b.spellings.vocab and np.array_equal(a.spellings.ids, b.spellings.ids)
    assert np.array_equal(a.spellings.offsets, b.spellings.offsets)
    assert a.sentence_terms.vocab == b.sentence_terms.vocab
    for x, y in ((a.sentences, b.sentences), (a.passages, b.passages), (a.documents, b.documents)):
        assert x.vocab == y.vocab and (x.k1, x.b) == (y.k1, y.b)
        for f in ("idf", "offsets", "doc_ids", "tfs", "doc_len"):
            assert np.array_equal(getattr(x, f), getattr(y, f))


def test_round_trip_is_exact(cache, notes):
    built = store.load_or_build(notes)
    files = list(cache.glob("index-*.idx"))
    assert len(files) == 1
    loaded = store.read_index(files[0])
    same_index(built, loaded)
    assert [d.titled for d in loaded.corpus.documents] == [True, False]  # "# Garden"; trip.txt has no title
    q = "When were the tomatoes planted?"
    assert qa.answer(q, built).to_dict() == qa.answer(q, loaded).to_dict()


@settings(max_examples=25)
@given(st.lists(st.text(min_size=1, max_size=200), min_size=1, max_size=4))
def test_round_trip_any_text(tmp_path_factory, texts):
    c = Corpus.from_texts(*((f"d{i}.md" if i % 2 == 0 else f"d{i}.txt", t) for i, t in enumerate(texts)))
    if not c.sentences:
        return
    path = tmp_path_factory.mktemp("c") / "index.npz"
    built = Index.build(c)
    store.write_index(built, path)
    same_index(built, store.read_index(path))


def test_the_index_is_named_by_the_knowledge_and_follows_its_files(cache, notes):
    k1 = store.key(store.find(notes))
    store.load_or_build(notes)
    f = notes / "trip.txt"
    f.write_text("We drove to Nice in July.\n")
    assert store.key(store.find(notes)) == k1  # the same knowledge: its index is updated in place
    index = store.load_or_build(notes)
    assert "Nice" in qa.answer("Where did we drive?", index).answer
    assert [p.name for p in cache.glob("index-*.idx")] == [f"index-{k1}.idx"]


def test_an_update_reads_only_the_files_that_changed(cache, notes, monkeypatch):
    (notes / "moon.txt").write_text("The lander touched down on the moon in March.\n")
    store.load_or_build(notes)
    read = []
    real = store.read_item
    monkeypatch.setattr(store, "read_item", lambda corpus, item, *a: read.append(item.name) or real(corpus, item, *a))
    assert "March" in qa.answer("When did the lander touch down?", store.load_or_build(notes)).answer
    assert read == []  # nothing changed: nothing read
    (notes / "trip.txt").write_text("We drove to Nice in July.\n")
    (notes / "garden.md").unlink()
    (notes / "zoo.txt").write_text("The zoo opened a new aviary in 2021.\n")
    index = store.load_or_build(notes)
    assert sorted(read) == ["trip.txt", "zoo.txt"]
    assert "Nice" in qa.answer("Where did we drive?", index).answer
    assert "March" in qa.answer("When did the lander touch down?", index).answer
    same_index(index, Index.build(load_corpus(notes)))


_files = st.dictionaries(
    st.sampled_from(["a.txt", "b.md", "c.txt", "d/e.txt"]),
    st.lists(
        st.sampled_from(["Basil grows fast.", "The U.S. envoy met Dr. Smith.", "Lyon is in France.", "ok"]),
        min_size=1,
        max_size=4,
    ).map(" ".join),
    min_size=1,
)


@settings(max_examples=20, deadline=None)
@given(st.lists(_files, min_size=2, max_size=4))
def test_an_updated_index_equals_a_fresh_build(tmp_path_factory, versions):
    root = tmp_path_factory.mktemp("kb")
    before = os.environ.get("BOT_CACHE_DIR")
    os.environ["BOT_CACHE_DIR"] = str(root / "cache")  # (hypothesis runs it many times: no monkeypatch)
    try:
        folder = root / "notes"
        for files in versions:  # each version of the folder: files added, edited, removed
            if folder.exists():
                for old in folder.rglob("*.*"):
                    old.unlink()
            for name, text in files.items():
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_text(text + "\n")
            updated = store.load_or_build(folder)
            same_index(updated, Index.build(load_corpus(folder)))
            same_index(updated, store.read_index(next((root / "cache").glob("index-*.idx"))))
    finally:
        if before is None:
            del os.environ["BOT_CACHE_DIR"]
        else:
            os.environ["BOT_CACHE_DIR"] = before


def test_corrupt_cache_is_rebuilt(cache, notes):
    store.load_or_build(notes)
    (path,) = cache.glob("index-*.idx")
    path.write_bytes(b"PK\x03\x04 not really a zip")
    warnings = []
    index = store.load_or_build(notes, warnings.append)
    assert len(warnings) == 1 and "unreadable; set aside as" in warnings[0] and "rebuilt" in warnings[0]
    assert qa.answer("When were the tomatoes planted?", index).short_answer == "May 3"
    store.read_index(path)  # rewritten whole
    # the damaged file is kept beside it for a look, once (not one per damage)
    assert path.with_suffix(".idx.corrupt").read_bytes() == b"PK\x03\x04 not really a zip"
    assert cache_folder.clear() == 1 and not list(cache.iterdir())


def _rewrite(path, change):
    """Rewrite an index file's header and arrays through `change(meta, arrays)`."""
    meta, arrays = container.read(path)
    arrays = {k: np.array(v) for k, v in arrays.items()}
    change(meta, arrays)
    with open(path, "wb") as f:
        container.write(f, meta, arrays)


def test_an_index_holding_objects_is_not_loaded(cache, notes):
    store.load_or_build(notes)
    (path,) = cache.glob("index-*.idx")
    raw = path.read_bytes()
    n = int.from_bytes(raw[8:16], "little")
    header = raw[16 : 16 + n].replace(b'"<i8"', b'"|O8"', 1)  # an array of Python objects: a pickle
    path.write_bytes(raw[:16] + header + raw[16 + n :])
    with pytest.raises(ValueError, match="not an array of numbers"):
        store.read_index(path)
    warnings = []
    store.load_or_build(notes, warnings.append)
    assert warnings and store.read_index(path)


def test_interrupted_save_leaves_nothing(cache, notes, monkeypatch):
    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(container, "write", boom)
    with pytest.raises(KeyboardInterrupt):
        store.load_or_build(notes)
    assert list(cache.iterdir()) == []


def test_unwritable_cache_answers_anyway(tmp_path, monkeypatch, notes):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("BOT_CACHE_DIR", str(blocker / "cache"))
    warnings = []
    index = store.load_or_build(notes, warnings.append)
    assert len(warnings) == 1 and "index not cached" in warnings[0]
    assert qa.answer("When were the tomatoes planted?", index).answered


def test_clear(cache, notes):
    store.load_or_build(notes)
    assert cache_folder.clear() == 1 and not list(cache.glob("index-*"))


def test_cache_dir_defaults(monkeypatch, tmp_path):
    monkeypatch.delenv("BOT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder.cache_dir() == tmp_path / "bot"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert cache_folder.cache_dir() == cache_folder.Path.home() / ".cache" / "bot"


def test_a_write_that_fails_leaves_nothing_and_clear_takes_leftovers(cache, tmp_path):
    from bot.documents.files import write_whole

    target = tmp_path / "pages" / "abc.json"

    def broken(f):
        f.write("{half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_whole(target, broken)
    assert not list(target.parent.iterdir())
    write_whole(target, lambda f: f.write("{}"))
    assert target.read_text() == "{}" and list(target.parent.iterdir()) == [target]
    # what a killed process leaves behind, in the cache itself
    (cache / "pages").mkdir(parents=True)
    (cache / "pages" / ("." + "a" * 32 + "-x1y2z3.tmp")).write_text("{half")
    (cache / (".index-" + "b" * 32 + "-x2y3z4.tmp")).write_bytes(b"PK")
    cache_folder.clear()
    assert not list(cache.rglob("*.tmp"))


def _mine(folder):
    """Files the bot would have written: an index and a kept page."""
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    index = folder / ("index-" + "a" * 32 + ".idx")
    page = folder / "pages" / ("b" * 32 + ".json")
    index.write_bytes(b"x" * 1000)
    page.write_text("{}")
    return index, page


def test_clear_never_deletes_through_a_symlinked_pages_folder(tmp_path, monkeypatch):
    cache, elsewhere = tmp_path / "cache", tmp_path / "users-folder"
    cache.mkdir()
    elsewhere.mkdir()
    precious = elsewhere / ("c" * 32 + ".json")
    precious.write_text("the user's")
    (cache / "pages").symlink_to(elsewhere)
    monkeypatch.setenv("BOT_CACHE_DIR", str(cache))
    cache_folder.clear()
    assert precious.read_text() == "the user's"


def test_the_size_cap_deletes_only_files_the_bot_wrote(tmp_path):
    index, page = _mine(tmp_path)
    theirs = [tmp_path / n for n in ("notes.json", "data.npz", "index-mine.npz", "pages/x.json")]
    for f in theirs:
        f.write_bytes(b"y" * 5000)
    os.utime(index, (1, 1))
    cache_folder.trim(tmp_path, limit=0)
    assert not index.exists() and not page.exists()
    assert all(f.exists() for f in theirs)


def test_a_symlink_in_the_cache_is_never_followed_when_trimming(tmp_path):
    target = tmp_path / "target.npz"
    target.write_bytes(b"z" * 100)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / ("index-" + "d" * 32 + ".idx")).symlink_to(target)
    cache_folder.trim(cache, limit=0)
    assert target.exists()


def test_stale_temporaries_count_and_are_trimmed(tmp_path):
    index, _ = _mine(tmp_path)
    stale = tmp_path / (".index-" + "e" * 32 + "-k2j4x9.tmp")  # as files.write_whole names them
    fresh = tmp_path / (".index-" + "f" * 32 + "-a8b7c6.tmp")
    stale.write_bytes(b"s" * 4000)
    fresh.write_bytes(b"f" * 10)
    old = os.stat(stale).st_mtime - cache_folder.STALE_TEMPORARY - 10
    os.utime(stale, (old, old))
    cache_folder.trim(tmp_path, limit=2000)
    assert not stale.exists() and fresh.exists() and index.exists()


def test_clear_leaves_a_folder_named_like_an_index_and_says_when_it_cannot_delete(tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_CACHE_DIR", str(tmp_path))
    folder = tmp_path / ("index-" + "a" * 32 + ".idx")
    folder.mkdir()
    index, _ = _mine(tmp_path / "other")
    assert cache_folder.clear() == 0 and folder.is_dir()
    monkeypatch.setenv("BOT_CACHE_DIR", str(tmp_path / "other"))

    def refuse(self, missing_ok=False):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(index), "unlink", refuse)
    with pytest.raises(store.KnowledgeError, match="cannot clear the cache"):
        cache_folder.clear()


def test_an_index_copied_over_another_knowledges_name_is_brought_up_to_date(cache, notes, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "moon.txt").write_text("The lander touched down on the moon in March.\n")
    store.load_or_build(other)
    (theirs,) = cache.glob("index-*.idx")
    store.load_or_build(notes)
    (mine,) = [p for p in cache.glob("index-*.idx") if p != theirs]
    mine.write_bytes(theirs.read_bytes())  # the other knowledge's index under this one's name
    warnings = []
    index = store.load_or_build(notes, warnings.append)
    assert qa.answer("When were the tomatoes planted?", index).short_answer == "May 3"
    assert not qa.answer("When did the lander touch down?", index).answered
    assert warnings == []  # not damage: its files' digests do not match, so they are read


def test_an_edit_that_keeps_size_and_time_is_seen(cache, notes):
    f = notes / "trip.txt"
    store.load_or_build(notes)
    st = f.stat()
    f.write_text("We drove to Nice in June. The trip took six hours.\n"[: st.st_size].ljust(st.st_size))
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # touch -r: same size, same time
    index = store.load_or_build(notes)
    assert "Nice" in qa.answer("Where did we drive?", index).answer


def test_an_index_with_out_of_range_ids_is_set_aside_and_rebuilt(cache, notes):
    store.load_or_build(notes)
    (path,) = cache.glob("index-*.idx")
    _rewrite(path, lambda meta, arrays: arrays.update(s_doc_ids=arrays["s_doc_ids"] + 10_000))
    warnings = []
    index = store.load_or_build(notes, warnings.append)
    assert qa.answer("When were the tomatoes planted?", index).short_answer == "May 3"
    assert len(warnings) == 1 and "set aside" in warnings[0]


def test_cache_folders_are_private_whatever_the_umask(tmp_path, monkeypatch, notes):
    monkeypatch.setenv("BOT_CACHE_DIR", str(tmp_path / "a" / "cache"))
    old = os.umask(0)
    try:
        store.load_or_build(notes)
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "cache"):
        assert folder.stat().st_mode & 0o777 == 0o700


def test_bot_index_that_cannot_write_its_index_is_an_error(tmp_path, monkeypatch, notes):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("BOT_CACHE_DIR", str(blocker / "cache"))
    with pytest.raises(store.KnowledgeError, match="cannot write the index"):
        store.load_or_build(notes, must_cache=True)


def test_an_index_whose_document_has_no_title_is_set_aside_and_rebuilt(cache, notes):
    store.load_or_build(notes)
    (path,) = cache.glob("index-*.idx")
    _rewrite(path, lambda meta, arrays: meta["documents"][0].update(title=None))
    warnings = []
    index = store.load_or_build(notes, warnings.append)
    assert all(isinstance(d.title, str) for d in index.corpus.documents)
    assert len(warnings) == 1 and "set aside" in warnings[0]


@pytest.mark.parametrize("cut", [0, 7, 15, 40, -1])
def test_a_truncated_index_is_set_aside_and_rebuilt(cache, notes, cut):
    store.load_or_build(notes)
    (path,) = cache.glob("index-*.idx")
    raw = path.read_bytes()
    path.write_bytes(raw[:cut])
    warnings = []
    index = store.load_or_build(notes, warnings.append)
    assert qa.answer("When were the tomatoes planted?", index).short_answer == "May 3"
    assert len(warnings) == 1 and "set aside" in warnings[0]


def test_an_index_of_an_earlier_version_is_cleared(cache, notes):
    cache.mkdir(parents=True)
    (cache / ("index-" + "e" * 32 + ".npz")).write_bytes(b"PK old")
    store.load_or_build(notes)
    assert cache_folder.clear() == 1 and not list(cache.iterdir())


def test_files_unchanged_since_their_digest_are_not_read_again(cache, notes, monkeypatch):
    monkeypatch.setattr(store, "RACY_NS", 0)  # (files written this instant are otherwise read again)
    store.load_or_build(notes)
    read = []
    real = store.read_bytes
    monkeypatch.setattr(store, "read_bytes", lambda path: read.append(path.name) or real(path))
    store.load_or_build(notes)
    assert read == []
    f = notes / "trip.txt"
    st = f.stat()
    f.write_text("We drove to Nice in June. The trip took six hours.\n"[: st.st_size].ljust(st.st_size))
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # touch -r: only the change time tells
    index = store.load_or_build(notes)
    assert read == ["trip.txt"] and "Nice" in qa.answer("Where did we drive?", index).answer


def test_a_file_changed_just_before_its_digest_is_read_again(cache, notes, monkeypatch):
    store.load_or_build(notes)  # the files were written a moment ago: within RACY_NS
    read = []
    real = store.read_bytes
    monkeypatch.setattr(store, "read_bytes", lambda path: read.append(path.name) or real(path))
    store.load_or_build(notes)
    assert sorted(read) == ["garden.md", "trip.txt"]


def test_an_index_with_a_sentence_past_its_document_is_set_aside_and_rebuilt(cache, notes):
    store.load_or_build(notes)
    (path,) = cache.glob("index-*.idx")

    def past_the_end(meta, arrays):
        arrays["sentences"][0, 4] = 10**6

    _rewrite(path, past_the_end)
    warnings = []
    index = store.load_or_build(notes, warnings.append)
    assert qa.answer("When were the tomatoes planted?", index).short_answer == "May 3"
    assert len(warnings) == 1 and "set aside" in warnings[0]
