"""Writing a cache file whole or not at all: into a temporary file beside it, then renamed
over it, so a reader (or a crash, or Ctrl-C) never meets half a file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any


def _private_folders(folder: Path) -> None:
    """Create `folder` and any missing parents readable by the user only (0700, whatever the
    umask: a cache holds what the user reads)."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for f in reversed(missing):
        try:
            f.mkdir(mode=0o700)
        except FileExistsError:
            pass


def write_whole(path: Path, write: Callable[[IO[Any]], object], binary: bool = False) -> None:
    """Make `path` hold what `write(f)` writes, atomically; on any failure nothing is left."""
    import tempfile  # (here: it imports shutil and random, ~7 ms that a cached `bot ask` never needs)

    _private_folders(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
