"""Web pages and links as knowledge, through the real command, against a server on 127.0.0.1."""

import gzip
import json
import time
from pathlib import Path

import pytest

from bot.documents import article, web
from bot.index import cache, store

ROOT = Path(__file__).resolve().parent.parent

PAGE = (Path(__file__).parent / "data" / "news-page.html").read_bytes()


def serve_page(site, path="/news/bridge", body=PAGE):
    site.routes[path] = lambda h: site.send(h, body)
    return site.url(path)


def test_a_link_answers_knows_its_metadata_and_keeps_answering_offline(site, tmp_path, run):
    url = serve_page(site)
    env = {"BOT_CACHE_DIR": str(tmp_path / "cache")}
    r = run("ask", "--json", "--knowledge", url, "How much did the repair cost?", env=env)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["short_answer"] == "48 million euros"
    c = d["citations"][0]
    assert c["source"] == url and c["title"] == "Harbour bridge reopens after two-year repair"
    for q, short in (
        ("who wrote this?", "Marta Lindqvist"),
        ("who published the article?", "The Coastal Herald"),
        ("when was it published?", "2025-04-14"),
    ):
        assert json.loads(run("ask", "--json", "--knowledge", url, q, env=env).stdout)["short_answer"] == short
    summary = run("ask", "--knowledge", url, "what is this article about?", env=env).stdout
    assert summary.startswith("Harbour bridge reopens after two-year repair\n[1] The Brindle harbour bridge")
    # the page's furniture is never cited
    for q in ("cookies", "cheap flights to Lisbon", "celebrity chef", "privacy contact jobs", "most read pizzas"):
        out = run("ask", "--json", "-k", "10", "--knowledge", url, q, env=env).stdout
        texts = " ".join(c["text"] for c in json.loads(out)["citations"])
        assert not any(w in texts for w in ("cookie", "Lisbon", "chef", "Privacy", "pizzas")), (q, texts)
    # the cited text is the exact slice of the extracted article, which `bot sources --text` shows
    article = run("sources", "--knowledge", url, "--text", "1", env=env).stdout
    assert article[c["start"] : c["end"]] == c["text"] and "cookie" not in article
    sources = run("sources", "--knowledge", url, env=env).stdout
    assert "Marta Lindqvist, The Coastal Herald, 2025-04-14" in sources and url in sources
    site.stop()  # no server any more: the kept page answers
    r = run("ask", "--knowledge", url, "Who cut the ribbon?", env=env)
    assert r.returncode == 0 and "Answer: Mayor Ana Ruiz" in r.stdout or "Ana Ruiz" in r.stdout


def test_the_same_page_saved_as_a_file_answers(tmp_path, run):
    (tmp_path / "bridge.html").write_bytes(PAGE)
    (tmp_path / "notes.md").write_text("# Notes\n\nThe ferry runs every hour.\n")
    d = json.loads(run("ask", "--json", "--knowledge", str(tmp_path), "When was the bridge closed?").stdout)
    assert d["answered"] and d["short_answer"] == "March 2023" and d["citations"][0]["source"] == "bridge.html"
    d = json.loads(run("ask", "--json", "--knowledge", str(tmp_path / "bridge.html"), "who wrote this?").stdout)
    assert d["short_answer"] == "Marta Lindqvist"


def test_several_knowledge_arguments_and_the_environment_list(site, tmp_path, run):
    url = serve_page(site)
    (tmp_path / "ferry.txt").write_text("The ferry to Oldport runs every hour from the south pier.\n")
    env = {"BOT_CACHE_DIR": str(tmp_path / "cache")}
    for args, extra in (
        (["--knowledge", str(tmp_path / "ferry.txt"), "--knowledge", url], {}),
        ([], {"BOT_KNOWLEDGE": f"{tmp_path / 'ferry.txt'}:{url}"}),
    ):
        out = json.loads(run("sources", "--json", *args, env={**env, **extra}).stdout)
        assert [d["source"] for d in out["documents"]] == ["ferry.txt", url]
        # ("how often does the ferry run?" cites the page's "ferry crossings doubled" first: a
        # how-often question is read as asking for a number; issue 18's note)
        question = "where does the ferry to Oldport leave from?"
        d = json.loads(run("ask", "--json", *args, question, env={**env, **extra}).stdout)
        assert d["citations"][0]["source"] == "ferry.txt"


def test_refresh_fetches_again(site, tmp_path, run):
    url = serve_page(site)
    env = {"BOT_CACHE_DIR": str(tmp_path / "cache")}
    assert "48 million" in run("ask", "--knowledge", url, "how much did it cost", env=env).stdout
    serve_page(site, body=PAGE.replace(b"48 million euros", b"52 million euros"))
    assert "48 million" in run("ask", "--knowledge", url, "how much did it cost", env=env).stdout  # kept
    r = run("index", "--refresh", "--knowledge", url, env=env)
    assert r.returncode == 0, r.stderr
    assert "52 million" in run("ask", "--knowledge", url, "how much did it cost", env=env).stdout


def _bad(run, site, tmp_path, path, route, *expected, env=None):
    site.routes[path] = route
    cache = tmp_path / "cache"
    r = run("ask", "--knowledge", site.url(path), "what happened?", env={"BOT_CACHE_DIR": str(cache), **(env or {})})
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("bot: ") and "Traceback" not in r.stderr
    assert all(e in r.stderr for e in expected), r.stderr
    assert not list(cache.rglob("*.json")) and not list(cache.rglob("*.tmp")) and not list(cache.rglob("*.idx"))


def test_a_dead_link(site, tmp_path, run):
    url = site.url("/gone")
    site.stop()
    r = run("ask", "--knowledge", url, "what happened?", env={"BOT_CACHE_DIR": str(tmp_path)})
    assert r.returncode == 2 and r.stderr.startswith(f"bot: cannot reach {url}") and r.stderr.count("\n") == 1


def test_not_found(run, site, tmp_path):
    _bad(run, site, tmp_path, "/x", lambda h: h.send_error(404, "Not Found"), "HTTP 404")


def test_a_damaged_pdf(run, site, tmp_path):
    _bad(run, site, tmp_path, "/report.pdf", lambda h: site.send(h, b"%PDF-1.4 ...", "application/pdf"), "damaged PDF")


def test_a_page_with_no_article(run, site, tmp_path):
    _bad(
        run,
        site,
        tmp_path,
        "/empty",
        lambda h: site.send(h, b"<html><body><nav>Home</nav></body></html>"),
        "no article text",
    )


def test_a_huge_page(run, site, tmp_path):
    def huge(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        chunk = b"<p>" + b"word " * 2000 + b"</p>\n"
        try:
            for _ in range(1000):  # 10 MB, no Content-Length
                h.wfile.write(chunk)
        except OSError:
            pass

    _bad(run, site, tmp_path, "/huge", huge, "larger than 5 MB")


def test_a_slow_page(run, site, tmp_path):
    def slow(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        try:
            for _ in range(40):
                h.wfile.write(b"<p>drip</p>")
                h.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    _bad(run, site, tmp_path, "/slow", slow, "did not answer within 1 s", env={"BOT_FETCH_TIMEOUT": "1"})


def test_a_redirect_loop(run, site, tmp_path):
    def loop(h):
        h.send_response(302)
        h.send_header("Location", "/loop")
        h.send_header("Content-Length", "0")
        h.end_headers()

    _bad(run, site, tmp_path, "/loop", loop, "redirects more than 5 times")


def test_a_redirect_to_another_scheme(run, site, tmp_path):
    def away(h):
        h.send_response(302)
        h.send_header("Location", "file:///etc/passwd")
        h.send_header("Content-Length", "0")
        h.end_headers()

    _bad(run, site, tmp_path, "/away", away, "only http(s) redirects are followed")


def test_a_compression_bomb(run, site, tmp_path):
    bomb = gzip.compress(b"<p>" + b"a" * (50 * 1024 * 1024) + b"</p>")  # 50 MB in about 50 KB
    assert len(bomb) < web.MAX_BYTES
    _bad(
        run,
        site,
        tmp_path,
        "/bomb",
        lambda h: site.send(h, bomb, headers={"Content-Encoding": "gzip"}),
        "once unpacked",
    )


def test_a_wrongly_declared_charset(site, tmp_path, run):
    body = PAGE.replace(b'<meta charset="utf-8">', b"").replace(b"Lindqvist", "Lindqvíst".encode())
    site.routes["/latin"] = lambda h: site.send(h, body, "text/html; charset=iso-8859-1")
    d = json.loads(
        run(
            "ask", "--json", "--knowledge", site.url("/latin"), "who wrote this?", env={"BOT_CACHE_DIR": str(tmp_path)}
        ).stdout
    )
    assert d["answered"] and d["short_answer"] in ("Marta Lindqvíst", "Marta LindqvÃ\xadst")


@pytest.mark.parametrize(
    "link,message",
    [
        ("file:///etc/passwd", "only http:// and https:// links are read, not file:"),
        ("ftp://example.com/a", "only http:// and https:// links are read, not ftp:"),
        # no "//": a file name with a colon, and there is no such file
        ("javascript:alert(1)", "knowledge path not found: javascript:alert(1) (a link needs http:// or https://)"),
        ("http://[::1/ok", "not a valid link: http://[::1/ok"),
        ("http://", "not a valid link: http:// (no host)"),
    ],
)
def test_links_that_are_not_web_pages(link, message, tmp_path, run):
    r = run("ask", "--knowledge", link, "x", env={"BOT_CACHE_DIR": str(tmp_path)})
    assert r.returncode == 2 and message in r.stderr and r.stderr.count("\n") == 1, r.stderr


def test_a_file_name_with_a_colon_is_a_file_and_an_empty_value_is_an_error(tmp_path, run):
    (tmp_path / "notes:2024.txt").write_text("The tomato was planted in May.")
    env = {"BOT_CACHE_DIR": str(tmp_path / "c")}
    r = run("ask", "--knowledge", "notes:2024.txt", "when was the tomato planted?", env=env, cwd=tmp_path)
    assert r.returncode == 0 and "May" in r.stdout, r.stderr
    r = run("ask", "--knowledge", "", "when was the tomato planted?", env=env, cwd=tmp_path)
    assert r.returncode == 2 and "empty knowledge value" in r.stderr


@pytest.mark.parametrize(
    "name, value", [("BOT_FETCH_TIMEOUT", "inf"), ("BOT_CACHE_MAX_MB", "inf"), ("BOT_CACHE_MAX_MB", "-1")]
)
def test_environment_values_out_of_range_are_a_one_line_error(name, value, tmp_path, run):
    r = run("ask", "who met Sheinbaum?", env={"BOT_CACHE_DIR": str(tmp_path), name: value})
    assert r.returncode == 2 and r.stderr.startswith(f"bot: {name} must be") and r.stderr.count("\n") == 1


def test_the_cache_lets_go_of_what_was_used_longest_ago(tmp_path):
    folder = tmp_path / "cache"
    (folder / "pages").mkdir(parents=True)
    files = []
    for n in range(5):
        name = f"{n:032x}.json" if n % 2 else f"index-{n:032x}.idx"  # as the bot names them
        f = folder / ("pages" if n % 2 else ".") / name
        f.write_bytes(b"x" * 1000)
        t = time.time() - 100 + n
        import os

        os.utime(f, (t, t))
        files.append(f)
    assert cache.trim(folder, keep={files[0]}, limit=2500) == 3  # the oldest is kept: it is in use
    assert [f.exists() for f in files] == [True, False, False, False, True]


def test_the_cache_stays_bounded_through_the_command(tmp_path, run):
    cache = tmp_path / "cache"
    env = {"BOT_CACHE_DIR": str(cache), "BOT_CACHE_MAX_MB": "0.01"}  # about two small indexes
    for n in range(6):
        (tmp_path / f"n{n}.txt").write_text(f"Note {n}: the tomatoes in bed {n} were planted on May {n + 1}.\n")
        r = run("ask", "--knowledge", str(tmp_path / f"n{n}.txt"), "when were the tomatoes planted", env=env)
        assert r.returncode == 0, r.stderr
    kept = list(cache.glob("index-*.idx"))
    assert 1 <= len(kept) < 6 and sum(f.stat().st_size for f in kept) <= 0.01 * 1024 * 1024


@pytest.mark.parametrize(
    "value,entries",
    [
        ("notes", ["notes"]),
        ("a:b", ["a", "b"]),
        ("notes:https://example.com/a", ["notes", "https://example.com/a"]),
        ("http://127.0.0.1:8080/x:notes:", ["http://127.0.0.1:8080/x", "notes"]),
        ("https://a.example:443:http://b.example/p", ["https://a.example:443", "http://b.example/p"]),
        ("::", []),
    ],
)
def test_the_environment_list_keeps_a_links_colons(value, entries):
    from bot.documents.sources import split_list

    assert split_list(value) == entries


def test_a_kept_link_answers_without_importing_the_fetcher_or_extractor(site, tmp_path, python):
    url = serve_page(site)
    env = {"BOT_CACHE_DIR": str(tmp_path)}
    code = (
        f"import sys, bot.cli as c; c.main(['ask', '--json', '--knowledge', {url!r}, 'who cut the ribbon']);"
        "print(sorted(m for m in ('trafilatura', 'lxml', 'urllib.request', 'blingfire') if m in sys.modules))"
    )
    first = python(code, env)
    assert first.stdout.strip().splitlines()[-1] == "['blingfire', 'lxml', 'trafilatura', 'urllib.request']"
    again = python(code, env)
    assert again.stdout.strip().splitlines()[-1] == "[]"


def _trickle(h, data: bytes, every: float = 0.5) -> None:
    try:
        for i in range(len(data)):
            h.wfile.write(data[i : i + 1])
            h.wfile.flush()
            time.sleep(every)
    except OSError:
        pass


def test_a_page_trickled_a_byte_at_a_time_is_cut_off_at_the_deadline(run, site, tmp_path):
    def trickle(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        _trickle(h, PAGE)

    t = time.monotonic()
    _bad(run, site, tmp_path, "/trickle", trickle, "did not answer within 2 s", env={"BOT_FETCH_TIMEOUT": "2"})
    assert time.monotonic() - t < 10


def test_headers_trickled_a_byte_at_a_time_are_cut_off_at_the_deadline(run, site, tmp_path):
    def trickle(h):
        h.wfile.write(b"HTTP/1.1 200 OK\r\n")
        _trickle(h, b"Content-Type: text/html\r\nX-Padding: " + b"x" * 200 + b"\r\n\r\n")

    t = time.monotonic()
    _bad(run, site, tmp_path, "/slow-headers", trickle, "did not answer within 2 s", env={"BOT_FETCH_TIMEOUT": "2"})
    assert time.monotonic() - t < 10


def test_a_body_shorter_than_its_content_length_is_an_error_and_never_kept(run, site, tmp_path):
    def short(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(PAGE)))
        h.end_headers()
        h.wfile.write(PAGE[: len(PAGE) // 2])
        h.wfile.flush()
        h.close_connection = True

    _bad(run, site, tmp_path, "/short", short, "ended after")


def test_a_binary_body_without_a_content_type_is_refused(run, site, tmp_path):
    def binary(h):
        body = bytes(range(256)) * 64
        h.send_response(200)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    _bad(run, site, tmp_path, "/blob", binary, "is not text")


def test_a_read_only_cache_still_answers_from_its_saved_page(site, tmp_path, monkeypatch):
    url = serve_page(site)
    cache = tmp_path / "cache"
    monkeypatch.setenv("BOT_CACHE_DIR", str(cache))
    store.load_or_build([url])
    site.stop()  # the server is gone: only the saved page can answer

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(web.os, "utime", read_only)
    monkeypatch.setattr(web, "_FETCHED", {})
    index = store.load_or_build([url], rebuild=True)
    assert "Harbour bridge" in index.corpus.documents[0].title


def test_an_unwritable_cache_fetches_a_link_once(site, tmp_path, monkeypatch):
    hits = []

    def counted(h):
        hits.append(1)
        site.send(h, PAGE)

    site.routes["/counted"] = counted
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("BOT_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    monkeypatch.setattr(web, "_FETCHED", {})
    store.load_or_build([site.url("/counted")])
    assert len(hits) == 1


def test_a_password_in_a_link_is_never_repeated(site, tmp_path, run):
    url = site.url("/gone").replace("http://", "http://ana:s3cret@")
    site.stop()
    r = run("ask", "--knowledge", url, "what?", env={"BOT_CACHE_DIR": str(tmp_path)})
    assert r.returncode == 2 and "s3cret" not in r.stderr and "ana:***@" in r.stderr, r.stderr


STORY = (
    "The city council approved a new tram line on Tuesday after a debate that lasted six hours. "
    "The line will run from the central station to the university campus and is expected to open "
    "in 2028. Construction will cost 310 million euros, paid mostly by the regional government. "
    "Opponents argued that buses would serve the same riders for a tenth of the price."
)
CAPTION_PAGE = (
    "<html><head><title>Council backs tram line</title>"
    '<script type="application/ld+json">'
    + json.dumps(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebPage", "name": "Council backs tram line"},
                {"@type": "NewsArticle", "headline": "Council backs tram line", "articleBody": STORY},
            ],
        }
    )
    + "</script></head><body><article><figure><figcaption>The proposed tram route, shown to the "
    "council on Tuesday evening.</figcaption></figure></article></body></html>"
).encode()


def test_a_page_whose_story_sits_in_its_json_ld_is_read_from_there(site, tmp_path, run):
    page = article.extract(CAPTION_PAGE, "https://example.com/tram")
    assert "310 million euros" in page.text and len(page.text.split()) > 50
    url = serve_page(site, "/tram", CAPTION_PAGE)
    r = run(
        "ask", "--json", "--knowledge", url, "how much will construction cost?", env={"BOT_CACHE_DIR": str(tmp_path)}
    )
    assert r.returncode == 0 and json.loads(r.stdout)["short_answer"] == "310 million euros", r.stderr
    assert r.stderr == ""


def test_a_page_with_a_short_article_says_so_in_one_line(site, tmp_path, run):
    short = (
        b"<html><body><article><p>" + STORY.split(". ")[0].encode() + b". It passed easily.</p></article></body></html>"
    )
    url = serve_page(site, "/short", short)
    r = run("ask", "--knowledge", url, "when was the tram line approved?", env={"BOT_CACHE_DIR": str(tmp_path)})
    assert r.returncode == 0 and "Tuesday" in r.stdout, r.stderr
    assert r.stderr.count("\n") == 1 and "warning: only 20 words of article read from" in r.stderr


UNDATED_PAGE = (
    b"<html><head><title>Ferry line approved</title></head><body><article><h1>Ferry line approved</h1>"
    b"<p>The Brindle city council voted on Tuesday to open a ferry line between the harbour and Kessel "
    b"Island, a project officials say will cost 12 million euros. The line is expected to carry about "
    b"2,000 passengers a day once it opens next spring, the council said.</p>"
    b'<p>"We have asked for this since 2015," said Ana Ruiz, who runs the island\'s only bakery. A single '
    b"ticket will cost 4 euros, and residents of the island will pay half of that price.</p>"
    b"<p><span class='meta'>Updated Apr. 14, 2025</span></p></article></body></html>"
)


def test_a_page_without_a_date_in_its_markup_is_not_dated_by_a_year_its_text_mentions(site, tmp_path, run):
    # the extractor's guess from the text would be 2015-01-01: a day no one wrote
    assert article.extract(UNDATED_PAGE, "https://example.com/ferry").date is None
    # a byline or a time element still dates it
    for byline in (b"<p class='byline'>By Jon Berg | April 14, 2025</p>", b"<time datetime='2025-04-14'>Monday</time>"):
        dated = UNDATED_PAGE.replace(b"<h1>Ferry line approved</h1>", b"<h1>Ferry line approved</h1>" + byline)
        assert article.extract(dated, "https://example.com/ferry").date == "2025-04-14"
    url = serve_page(site, "/ferry", UNDATED_PAGE)
    r = run("ask", "--knowledge", url, "when was this published?", env={"BOT_CACHE_DIR": str(tmp_path)})
    assert r.returncode == 1 and "2015-01-01" not in r.stdout and "does not say" in r.stdout, (r.stdout, r.stderr)


SECTIONS_PAGE = (
    b"<html><head><title>City council approves new ferry line</title>"
    b"<meta property='article:published_time' content='2025-05-06'></head><body><article>"
    b"<h1>City council approves new ferry line</h1>"
    b"<p>The Brindle city council voted on Tuesday to open a ferry line between the harbour and Kessel "
    b"Island, a project officials say will cost 12 million euros.</p>"
    b"<p>The line is expected to carry about 2,000 passengers a day once it opens next spring.</p>"
    b"<h2>Ferry Costs And Ticket Prices</h2>"
    b"<p>A single ticket will cost 4 euros, and residents of the island will pay half.</p>"
    b"<p>The council will pay for the boats from its transport budget, and a regional grant covers "
    b"the new pier.</p>"
    b"<h2>What Islanders Say</h2>"
    b"<p>People living on the island have waited years for a reliable connection, and many now drive "
    b"two hours around the bay to reach the city.</p></article></body></html>"
)


def test_a_pages_section_headings_are_known_and_follow_the_sentences_that_hold_the_question(site, tmp_path, run):
    page = article.extract(SECTIONS_PAGE, "https://example.com/ferry")
    assert [page.text[h:].split("\n")[0] for h in page.headings] == [
        "City council approves new ferry line",
        "Ferry Costs And Ticket Prices",
        "What Islanders Say",
    ]
    url = serve_page(site, "/ferry", SECTIONS_PAGE)
    env = {"BOT_CACHE_DIR": str(tmp_path)}
    # the heading holds "ticket" and "prices" in title case; the sentence that answers holds "ticket"
    d = json.loads(run("ask", "--json", "--knowledge", url, "what are the ticket prices?", env=env).stdout)
    assert d["answered"] and "4 euros" in d["citations"][0]["text"], d
    assert "Ferry Costs" not in " ".join(c["text"] for c in d["citations"][:2])
    # only a heading holds "islanders": it is cited, as any sentence would be
    d = json.loads(run("ask", "--json", "-k", "5", "--knowledge", url, "islanders", env=env).stdout)
    assert any(c["text"] == "What Islanders Say" for c in d["citations"]), d
    # a page kept by an older version, without its headings, still answers
    kept = next((tmp_path / "pages").glob("*.json"))
    data = json.loads(kept.read_text(encoding="utf-8"))
    assert data.pop("headings")
    kept.write_text(json.dumps(data), encoding="utf-8")
    assert web.cached(tmp_path, url).headings == []


def test_a_pages_summary_is_of_its_sentences_not_its_section_headings():
    from bot.answering import summary
    from bot.documents.corpus import Corpus
    from bot.documents.sources import _add_page
    from bot.index.bm25 import Index

    long_heading = SECTIONS_PAGE.replace(b"What Islanders Say", b"What The Islanders Living Across The Bay Say")
    corpus = Corpus([], [], [], "ferry")
    _add_page(corpus, article.extract(long_heading, "https://example.com/ferry"), "ferry")
    idx = Index.build(corpus)
    assert idx.stories.heading.sum() == 3 and idx.stories.headline.sum() == 1
    chosen = [idx.corpus.sentences[s].text for s in summary.summarize(idx, 0, count=5)]
    assert len(chosen) == 5 and not any("Say" in t or "Prices" in t for t in chosen), chosen


RECIPE_PAGE = (
    b"<html><head><title>Easy Lemon Drizzle Cake</title></head><body><article><h1>Easy Lemon Drizzle Cake</h1>"
    b"<p>This lemon drizzle cake takes 15 minutes to prepare and 45 minutes to bake, and it keeps for "
    b"four days in a tin.</p><h2>Ingredients</h2><ul><li>225g unsalted butter, softened</li><li>4 eggs</li>"
    b"<li>Zest of 1 lemon</li></ul><h2>Nutrition</h2><table><tr><th>Per slice</th><th>Amount</th></tr>"
    b"<tr><td>Calories</td><td>399 kcal</td></tr><tr><td>Sugar</td><td>39g</td></tr></table>"
    b"</article></body></html>"
)


def test_a_pages_lists_and_tables_read_as_a_reader_writes_them(tmp_path, run):
    lines = article.extract(RECIPE_PAGE, "https://example.com/cake").text.split("\n\n")
    # a list item without its "- ", a table's row without the bars at its ends, no "|---|---|"
    assert "4 eggs" in lines and "Calories | 399 kcal" in lines
    assert not any(line.startswith(("- ", "|")) or set(line) <= set("|-: \n") for line in lines), lines
    (tmp_path / "cake.html").write_bytes(RECIPE_PAGE)
    env = {"BOT_CACHE_DIR": str(tmp_path / "cache")}
    for q, cited in (("how many eggs?", "4 eggs"), ("how many calories per slice?", "Calories | 399 kcal")):
        d = json.loads(run("ask", "--json", "--knowledge", str(tmp_path / "cake.html"), q, env=env).stdout)
        assert d["citations"][0]["text"] == cited, (q, d)


def test_a_saved_pages_headings_outlast_an_index_rebuilt_for_another_file(tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "ferry.html").write_bytes(SECTIONS_PAGE)
    first = store.load_or_build(str(folder))
    assert store.read_index(next((tmp_path / "cache").rglob("index-*.idx"))).corpus.documents[0].headings
    (folder / "note.txt").write_text("The ferry also carries cars on Sundays.\n", encoding="utf-8")
    again = store.load_or_build(str(folder))  # the page's document copied from the index before
    assert len(again.corpus.documents) == 2
    page = next(d for d in again.corpus.documents if d.source == "ferry.html")
    assert page.headings == first.corpus.documents[0].headings and len(page.headings) == 3
    assert int(again.stories.heading.sum()) == 3
