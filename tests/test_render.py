import json

from bot import render
from bot.answering import qa


def test_safe_neutralises_escapes_and_bidi():
    hostile = "a\x1b[31mred\x1b]0;title\x07\u202eevil\u200b\x00z"
    out = render.safe(hostile)
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\x00" not in out
    assert "\\x1b" in out and "\\u202e" in out
    assert render.safe("line1\nline2") == "line1\\x0aline2"
    assert render.safe("line1\nline2", keep_newlines=True) == "line1\nline2"


def test_json_keeps_text_exact_but_escaped():
    s = "x\x1b[2J\u202ey – é"
    line = render.to_json({"t": s})
    assert "\x1b" not in line and "\u202e" not in line and "–" in line
    assert json.loads(line)["t"] == s


def test_use_color(monkeypatch):
    class Tty:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert render.use_color(Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not render.use_color(Tty())
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not render.use_color(Tty())
    assert render.use_color(Tty(), "always") and not render.use_color(Tty(), "never")


def test_format_answer_plain_and_colour(article_index):
    ans = qa.answer("How many pillars does the plan have?", article_index)
    plain = render.format_answer(ans, render.Style(False))
    assert "\x1b" not in plain
    assert plain.splitlines()[0] == "Answer: four"
    assert "[1] " in plain and "¶2 s2" in plain
    colour = render.format_answer(ans, render.Style(True))
    assert "\x1b[1;33mfour\x1b[0m" in colour


def test_format_refusal(article_index):
    out = render.format_answer(qa.answer("What is the capital of France?", article_index), render.Style(False))
    assert out.startswith('The knowledge never mentions "france"')


def test_format_sources(article_index):
    out = render.format_sources(article_index.corpus, render.Style(False))
    assert "TITLE" in out and "carney-mexico-visit.md" in out and "12 passages, 19 sentences" in out


def test_the_sources_table_fits_the_width_it_is_given(tmp_path):
    from bot.documents.sources import load_corpus

    for n in range(3):
        (tmp_path / f"{'a-very-long-file-name-' * 3}{n}.txt").write_text(
            f"---\\ntitle: {'A rather long headline about harbours and ferries ' * 2}{n}\\nauthor: Ana Ruiz\\n---\\n"
            "The ferry runs every hour.\\n"
        )
    corpus = load_corpus(str(tmp_path))
    wide = render.format_sources(corpus, render.Style(False))
    assert max(len(line) for line in wide.splitlines()) > 100
    for width in (100, 60):
        table = render.format_sources(corpus, render.Style(False), width)
        assert max(len(line) for line in table.splitlines()) <= width, table


def test_a_citation_names_a_title_only_when_it_says_more_than_the_source():
    from bot.index.bm25 import Index

    idx = Index.from_texts(
        ("standard input", "The harbour ferry was retired in 1998. Its last captain was Ines Duarte."),
        ("ferry.md", "# The last harbour ferry\n\nThe ferry's engines were sold for scrap in 1999."),
    )
    labels = [render.citation_label(c) for c in qa.answer("when was the ferry retired?", idx).citations]
    assert "standard input ¶1 s1" in labels  # not "Standard input · standard input ¶1 s1"
    assert "The last harbour ferry · ferry.md ¶1 s1" in labels
    narrow = render.citation_label(qa.answer("when was the ferry retired?", idx).citations[0], 30)
    assert narrow == "standard input ¶1 s1"


def test_a_citation_names_a_documents_own_title_even_when_its_name_would_make_the_same():
    from bot.index.bm25 import Index

    idx = Index.from_texts(("notes.md", "# Notes\n\nThe harbour ferry was retired in 1998."))
    [label] = [render.citation_label(c) for c in qa.answer("when was the ferry retired?", idx, top=1).citations]
    assert label == "Notes · notes.md ¶1 s1"  # the heading is the document's own, though "notes.md" would make it
