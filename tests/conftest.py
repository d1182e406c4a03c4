import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Test the bot that is installed (CI installs it without -e), never the checkout by accident: the
# checkout leaves the import path, and subprocesses run outside it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]

from hypothesis import settings  # noqa: E402

# Nothing a test runs may write to the real user's cache or history; the sandbox goes when the
# run ends.
_SANDBOX = Path(tempfile.mkdtemp(prefix="bot-tests-"))
atexit.register(shutil.rmtree, _SANDBOX, ignore_errors=True)
os.environ["BOT_CACHE_DIR"] = str(_SANDBOX / "cache")
os.environ["XDG_STATE_HOME"] = str(_SANDBOX / "state")
os.environ["XDG_CACHE_HOME"] = str(_SANDBOX / "xdg-cache")
NEUTRAL = _SANDBOX / "cwd"  # where subprocesses start: not the checkout
NEUTRAL.mkdir()
# Every subprocess a test starts without input reads /dev/null, never the runner's own stdin
# (which may be a pipe: `bot ask "..."` reads piped text as its knowledge).
os.dup2(os.open(os.devnull, os.O_RDONLY), 0)

settings.register_profile("ci", max_examples=150, deadline=None)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def article_index():
    import bot

    return bot.load()


def _run(*args, stdin=None, env=None, cwd=None):
    """The real command in a subprocess: `run("ask", "--json", "who met Sheinbaum?")`."""
    import subprocess

    e = {k: v for k, v in os.environ.items() if k not in ("BOT_KNOWLEDGE", "NO_COLOR")}
    e.update(env or {})
    # nothing given: stdin is /dev/null (never the test runner's own, which may be a pipe that
    # `bot ask "..."` would read as the knowledge)
    feed = {"input": stdin} if stdin is not None else {"stdin": subprocess.DEVNULL}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        **feed,
        capture_output=True,
        text=True,
        env=e,
        cwd=cwd or NEUTRAL,
        timeout=60,
    )


@pytest.fixture(scope="session")
def run():
    return _run


def _python(code, env=None):
    """Python code in a subprocess that imports the installed bot: `python("import bot")`;
    for what a command imports, as `-m bot` cannot tell."""
    import subprocess

    e = {k: v for k, v in os.environ.items() if k != "BOT_KNOWLEDGE"}
    e.update(env or {})
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=e, cwd=NEUTRAL, timeout=60)


@pytest.fixture(scope="session")
def python():
    return _python


def _drive(index, keys, history=None, top=3):
    """Run the chat loop on a pipe, typing `keys`: (exit status, everything the chat wrote, the chat)."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from bot.chat import repl

    written = []
    chat = repl.Chat(index, top=top, write=written.append)
    with create_pipe_input() as inp:
        inp.send_text(keys)
        status = repl.loop(chat, repl.make_session(chat, history, input=inp, output=DummyOutput()))
    return status, "\n".join(written), chat


@pytest.fixture(scope="session")
def drive():
    return _drive


def _query_of(question, sentence, kind=None):
    """The question read against a knowledge of one sentence (asking for `kind`, if given)."""
    from bot.answering.query import analyze
    from bot.index.bm25 import Index

    return analyze(question, Index.from_texts(sentence), kind=kind)


@pytest.fixture(scope="session")
def query_of():
    return _query_of


@pytest.fixture(scope="session")
def answer_keys():
    """The keys of an answer's JSON object: the contract scripts rely on."""
    return {
        "question",
        "read_as",
        "answered",
        "answer",
        "short_answer",
        "short_confidence",
        "confidence",
        "message",
        "citations",
    }


def _span(sentence, kind, question):
    """The rules' pick for `question`, asking for `kind`, in a knowledge of one sentence."""
    from bot.answering.spans import locate_answer

    r = locate_answer(sentence, _query_of(question, sentence, kind))
    return sentence[r[0] : r[1]] if r else None


@pytest.fixture(scope="session")
def span():
    return _span


class Site:
    """A web server on 127.0.0.1 for the tests: `routes` maps a path to a function of the
    request handler that answers it. Started and stopped by the `site` fixture."""

    def __init__(self):
        import http.server
        import threading

        self.routes = {}
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                route = site.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_error(404, "Not Found")
                else:
                    route(self)

            def log_message(self, *args):  # quiet
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def send(handler, body: bytes, ctype: str = "text/html; charset=utf-8", status: int = 200, headers=None):
        """Answer a request with `body`."""
        handler.send_response(status)
        handler.send_header("Content-Type", ctype)
        handler.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            handler.send_header(k, v)
        handler.end_headers()
        handler.wfile.write(body)


@pytest.fixture
def site():
    s = Site()
    yield s
    s.stop()
