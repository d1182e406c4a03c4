"""PDF and Word files as knowledge: read as files and in folders, pages cited, one-line errors."""

import io
import json
import zipfile

import pytest

from bot.documents import office


def make_pdf(pages: list[str], title: str | None = None) -> bytes:
    """A small PDF whose pages hold these lines of text (Helvetica), written by hand."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for text in pages:
        stream = (
            "BT /F1 11 Tf 72 720 Td 14 TL "
            + " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj T*" for line in text.split("\n"))
            + " ET"
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        content = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
            "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    if title:
        objects.append(f"<< /Title ({title}) /Author (Ana Ruiz) >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for o in offsets:
        out.write(f"{o:010d} 00000 n \n".encode())
    info = f" /Info {len(objects)} 0 R" if title else ""
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_docx(
    paragraphs: list[str],
    title: str | None = None,
    styles: dict[int, str] | None = None,
    style_names: dict[str, str] | None = None,
) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    styled = {i: f'<w:pPr><w:pStyle w:val="{v}"/></w:pPr>' for i, v in (styles or {}).items()}
    body = "".join(f"<w:p>{styled.get(i, '')}<w:r><w:t>{p}</w:t></w:r></w:p>" for i, p in enumerate(paragraphs))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')
        if style_names:
            defined = "".join(
                f'<w:style w:styleId="{k}"><w:name w:val="{v}"/></w:style>' for k, v in style_names.items()
            )
            z.writestr("word/styles.xml", f'<w:styles xmlns:w="{w}">{defined}</w:styles>')
        if title:
            z.writestr(
                "docProps/core.xml",
                '<cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f"<dc:title>{title}</dc:title><dc:creator>Lee Park</dc:creator></cp:coreProperties>",
            )
    return out.getvalue()


REPORT = [
    "The harbour authority inspected the bridge in March.\nInspectors found rust on four cables.",
    "Repairs will cost 12 million euros.\nWork starts in June and lasts two years.",
]


def test_a_pdf_is_read_page_by_page():
    got = office.read_pdf(make_pdf(REPORT, title="Bridge report"))
    assert "rust on four cables" in got.text and "12 million euros" in got.text
    assert got.title == "Bridge report" and got.author == "Ana Ruiz"
    assert len(got.pages) == 2 and got.text[got.pages[1] :].startswith("Repairs will cost")


def test_a_pdf_is_answered_with_its_page_cited(tmp_path, run):
    (tmp_path / "report.pdf").write_bytes(make_pdf(REPORT, title="Bridge report"))
    env = {"BOT_CACHE_DIR": str(tmp_path / "cache")}
    r = run("ask", "--json", "--knowledge", str(tmp_path / "report.pdf"), "How much will the repairs cost?", env=env)
    assert r.returncode == 0, r.stderr
    c = json.loads(r.stdout)["citations"][0]
    assert "12 million euros" in c["text"] and c["page"] == 2 and c["title"] == "Bridge report"
    text = run("ask", "--knowledge", str(tmp_path / "report.pdf"), "How much will the repairs cost?", env=env).stdout
    assert "report.pdf p.2 ¶" in text


def test_pdf_and_word_files_in_a_folder(tmp_path, run):
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "report.pdf").write_bytes(make_pdf(REPORT))
    (kb / "minutes.docx").write_bytes(make_docx(["The council met on Monday.", "It approved the budget of 4 million."]))
    (kb / "notes.txt").write_text("The ferry runs every hour.\n")
    env = {"BOT_CACHE_DIR": str(tmp_path / "cache")}
    r = run("ask", "--json", "--knowledge", str(kb), "What did the council approve?", env=env)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert json.loads(r.stdout)["citations"][0]["source"] == "minutes.docx"
    assert "3 documents" in run("sources", "--knowledge", str(kb), env=env).stdout


def test_word_file_title_and_author():
    got = office.read_docx(make_docx(["First paragraph here.", "Second one."], title="Minutes"))
    assert got.text == "First paragraph here.\n\nSecond one.\n" and (got.title, got.author) == ("Minutes", "Lee Park")


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("locked.pdf", "encrypted", "encrypted PDF"),
        ("scan.pdf", make_pdf(["", ""]), "no text layer"),
        ("broken.pdf", make_pdf(REPORT)[:200], "damaged PDF"),
        ("broken.docx", b"PK\x03\x04 not a zip at all", "damaged Word file"),
        ("empty.docx", make_docx([]), "no text in the Word file"),
    ],
)
def test_a_pdf_or_word_file_that_cannot_be_read_is_one_warning(tmp_path, run, name, content, why):
    if content == "encrypted":
        import pypdf

        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf(REPORT))))
        writer.encrypt(user_password="secret", owner_password="owner")
        buffer = io.BytesIO()
        writer.write(buffer)
        content = buffer.getvalue()
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / name).write_bytes(content)
    (kb / "notes.txt").write_text("The ferry runs every hour.\n")
    r = run("ask", "--knowledge", str(kb), "How often does the ferry run?", env={"BOT_CACHE_DIR": str(tmp_path / "c")})
    assert r.returncode == 0 and "every hour" in r.stdout
    assert r.stderr.count("\n") == 1 and f"warning: skipped {kb / name}: {why}" in r.stderr, r.stderr


def test_a_pdf_link_is_read_and_kept_with_its_pages(site, tmp_path, run):
    site.routes["/report.pdf"] = lambda h: site.send(h, make_pdf(REPORT), "application/pdf")
    env = {"BOT_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # fetched, then from the kept page
        r = run("ask", "--json", "--knowledge", site.url("/report.pdf"), "How much will the repairs cost?", env=env)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["citations"][0]["page"] == 2


def test_a_word_files_headings_are_known_and_cited_after_the_sentences_that_answer(tmp_path, run):
    paragraphs = [
        "Harbour Works Report",
        "The harbour authority inspected the bridge in March and found rust on four cables.",
        "Repair Costs And Timetable",
        "Repairs will cost 12 million euros, and the work starts in June.",
        "Inspection Methods",
        "Divers checked the piers with underwater cameras.",
    ]
    data = make_docx(paragraphs, styles={0: "Title", 2: "Heading1", 4: "Heading2"})
    got = office.read_docx(data)
    assert [got.text[h:].split("\n")[0] for h in got.headings] == [paragraphs[0], paragraphs[2], paragraphs[4]]
    (tmp_path / "report.docx").write_bytes(data)
    env = {"BOT_CACHE_DIR": str(tmp_path / "cache")}
    r = run("ask", "--json", "--knowledge", str(tmp_path / "report.docx"), "what will the repair cost?", env=env)
    d = json.loads(r.stdout)
    # the heading holds "repair" and "cost" in title case: it follows the sentence that answers
    assert d["answered"] and "12 million" in d["citations"][0]["text"], d
    assert [c["text"] for c in d["citations"]].index(paragraphs[2]) == 1, d


def test_a_word_files_headings_are_known_by_their_style_names_in_any_language():
    # German Word names its heading styles' ids "berschrift1": their names stay Word's own
    data = make_docx(
        ["Hafenbericht", "Die Brücke wurde im März geprüft.", "Kosten", "Die Reparatur kostet 12 Millionen Euro."],
        styles={0: "Titel", 2: "berschrift1", 3: "Standard"},
        style_names={"Titel": "Title", "berschrift1": "heading 1", "Standard": "Normal"},
    )
    got = office.read_docx(data)
    assert [got.text[h:].split("\n")[0] for h in got.headings] == ["Hafenbericht", "Kosten"]
    # a damaged styles part: the text is read all the same, by the ids Word gives in English
    broken = make_docx(["Report", "Repairs cost 12 million euros."], styles={0: "Heading1"}, style_names={"x": "<"})
    got = office.read_docx(broken)
    assert got.headings == [0] and "12 million" in got.text
