import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import settings  # noqa: E402

# Nothing a test runs may write to the real user's cache or history.
_SANDBOX = Path(tempfile.mkdtemp(prefix="bot-tests-"))
os.environ["BOT_CACHE_DIR"] = str(_SANDBOX / "cache")
os.environ["XDG_STATE_HOME"] = str(_SANDBOX / "state")
os.environ["XDG_CACHE_HOME"] = str(_SANDBOX / "xdg-cache")

settings.register_profile("ci", max_examples=150, deadline=None)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def article_index():
    import bot

    return bot.load()
