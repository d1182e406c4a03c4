from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.documents import sources
from bot.documents.corpus import Corpus, front_matter
from bot.documents.sources import KnowledgeError, load_corpus


def corpus_of(text, markdown=False, name=None):
    return Corpus.from_texts((name or ("doc.md" if markdown else "doc.txt"), text))


def assert_offsets(c):
    for s in c.sentences:
        assert c.documents[s.doc].text[s.start : s.end] == s.text
    for p in c.passages:
        for sid in p.sentences:
            assert c.sentences[sid].passage == p.id


def test_bundled_article():
    c = load_corpus()
    doc = c.documents[0]
    assert doc.title.startswith("Mark Carney visits Mexico")
    assert len(c.passages) == 12
    assert c.sentences[c.passages[-1].sentences[0]].text.startswith("©")
    assert_offsets(c)
    # the article's wording is kept
    shared = Path(__file__).resolve().parents[2] / "shared" / "data" / "article.txt"
    if shared.exists():
        body = doc.text[front_matter(doc.text)[1] :]
        assert body.split() == shared.read_text(encoding="utf-8").split()


def test_front_matter_and_title():
    c = corpus_of("---\ntitle: My Notes\nurl: http://x\n---\nBody text here.\n")
    assert c.documents[0].title == "My Notes" and c.documents[0].url == "http://x"
    assert c.sentences[0].text == "Body text here."


def test_malformed_front_matter_is_text():
    fields, body = front_matter("---\nthis is not yaml at all\n---\nHello.")
    assert fields == {} and body == 0


def test_title_from_heading_then_file_name():
    assert corpus_of("# Big News\n\nSomething happened.", True).documents[0].title == "Big News"
    assert corpus_of("Something happened.", name="trip_report.txt").documents[0].title == "Trip report"


def test_a_headline_line_is_the_title_and_still_text():
    text = "Strong earthquake shakes central Chile, cutting power to thousands\n\nA quake struck Chile on Sunday.\n"
    c = corpus_of(text, name="quake.txt")
    assert c.documents[0].title == "Strong earthquake shakes central Chile, cutting power to thousands"
    assert [s.text for s in c.sentences][0].startswith("Strong earthquake")  # still a passage
    assert_offsets(c)
    # not a headline: a sentence, a long line, a lone paragraph
    assert corpus_of("A quake struck Chile.\n\nPower was cut.", name="quake.txt").documents[0].title == "Quake"
    assert corpus_of("Quake news today\n", name="quake.txt").documents[0].title == "Quake"
    long_line = " ".join(["word"] * 25)
    assert corpus_of(long_line + "\n\nMore text here.", name="quake.txt").documents[0].title == "Quake"


def test_paragraphs_lines_and_hard_wrapped():
    one_per_line = "First paragraph ends here.\nSecond paragraph ends here.\n"
    assert len(corpus_of(one_per_line).passages) == 2
    wrapped = "This sentence is wrapped\nacross two lines. And another one.\n\nNew paragraph."
    c = corpus_of(wrapped)
    assert len(c.passages) == 2
    assert c.sentences[0].text == "This sentence is wrapped\nacross two lines."


def test_markdown_markup_not_cited_raw():
    md = "# Title\n\n- **Bold** item one.\n- Item [two](http://x).\n\n```\ncode here\n```\n\n> Quoted text."
    c = corpus_of(md, True, "n.md")
    plain = [c.plain(s) for s in c.sentences]
    assert plain == ["Bold item one.", "Item two.", "Quoted text."]
    assert_offsets(c)


def test_long_paragraph_windows():
    para = " ".join(f"Sentence number {i} is here." for i in range(20))
    c = corpus_of(para)
    assert len(c.passages) == 3 and len(c.sentences) == 20
    assert [c.sentences[s].number for s in c.passages[1].sentences] == list(range(1, 9))


def test_folder_recursive_and_sources(tmp_path):
    (tmp_path / "a.txt").write_text("Alpha is first.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("# Bee\n\nBeta is second.")
    (tmp_path / "skip.pdf").write_bytes(b"%PDF")
    c = load_corpus(tmp_path)
    assert [d.source for d in c.documents] == ["a.txt", "sub/b.md"]
    assert c.documents[1].title == "Bee"


def test_errors(tmp_path):
    with pytest.raises(KnowledgeError, match="not found"):
        load_corpus(tmp_path / "missing")
    with pytest.raises(KnowledgeError, match="no .txt, .md, .html, .pdf or .docx"):
        load_corpus(tmp_path)
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(KnowledgeError):
        load_corpus(tmp_path)


def test_bad_files_skipped_with_warning(tmp_path):
    (tmp_path / "good.txt").write_text("Good text is here.")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.txt").write_bytes("Café crème.".encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes("Hello from UTF-16.".encode("utf-16"))
    c = load_corpus(tmp_path)
    assert {d.source for d in c.documents} == {"good.txt", "latin.txt", "utf16.txt"}
    assert any("bin.txt" in w for w in c.warnings)
    assert "Café" in c.documents[[d.source for d in c.documents].index("latin.txt")].text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400), st.booleans())
def test_offsets_round_trip_on_any_text(t, md):
    c = corpus_of(t, md, "x.md" if md else "x.txt")
    assert_offsets(c)


@given(
    st.lists(
        st.sampled_from(
            [
                "Mr. Smith went home.",
                "It cost $3.5 million!",
                "\n",
                "\n\n",
                "# Head",
                "- item one",
                '"Quote. More," he said.',
                "2025–2028 plan",
                "Done?",
            ]
        ),
        max_size=30,
    )
)
def test_offsets_round_trip_on_structured_text(parts):
    t = " ".join(parts)
    for md in (False, True):
        assert_offsets(corpus_of(t, md))


def test_read_reports_progress_to_the_end(tmp_path):
    for i in range(3):
        (tmp_path / f"n{i}.txt").write_text(f"Note number {i} is here.\n")
    calls = []
    sources.read(sources.find(tmp_path), lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 3) and calls[-1] == (3, 3)


def test_the_bundled_article_installs_under_a_name_no_module_has():
    # The installed package must not hold both bot/knowledge.py and a bot/knowledge/ folder.
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    modules = {f"bot.{p.stem}" for p in (root / "bot").glob("*.py")}
    data_packages = set(config["package-dir"])
    assert data_packages and not data_packages & modules
    for package, folder in config["package-dir"].items():
        assert package in config["packages"] and (root / folder).is_dir()
        patterns = config["package-data"][package]
        assert any(f for pat in patterns for f in (root / folder).glob(pat))
    from bot.documents.sources import bundled_path

    assert bundled_path().name in ("bundled", "knowledge")
