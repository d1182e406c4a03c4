"""The cache folder: where indexes and kept pages live, how big it may grow, what may be deleted.

Only files the bot wrote, recognised by name, are ever deleted, never through a symbolic link
(a cache folder may be shared with the user's own files); past the size cap the entries used
longest ago go first.
"""

from __future__ import annotations

import math
import os
import re
import time
from collections.abc import Collection
from pathlib import Path

from bot.documents import web
from bot.documents.sources import KnowledgeError


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


def used(path: Path) -> None:
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
_INDEX = re.compile(r"index-[0-9a-f]{32}\.idx")
_PAGE = re.compile(r"[0-9a-f]{32}\.json")
_LEFTOVER = re.compile(r"index-[0-9a-f]{32}\.idx\.corrupt")  # a damaged index, set aside
_EARLIER = re.compile(r"index-[0-9a-f]{32}\.npz(?:\.corrupt)?")  # an earlier version's: none reads it
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
    return [
        *_files(folder, _LEFTOVER),
        *_files(folder, _EARLIER),
        *_files(folder, _TEMPORARY),
        *_files(folder / "pages", _TEMPORARY),
    ]


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
