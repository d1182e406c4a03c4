"""A file of named numpy arrays and a JSON header, read by memory-mapping it.

Nothing is copied or decoded until it is used, so a large index opens in milliseconds and
only the pages a question touches are read from disk; and nothing in the file can run code
(the header is JSON, the arrays plain numbers: any other dtype is refused).

Layout: MAGIC (8 bytes), the header's length (8 bytes, little-endian), the header (UTF-8 JSON:
`{"meta": ..., "arrays": {name: [dtype, shape, offset]}}`), then each array's bytes at its
offset, aligned to 64 bytes.
"""

from __future__ import annotations

import json
import math
import mmap
import os
from pathlib import Path
from typing import IO, Any

import numpy as np

MAGIC = b"BOTINDEX"
ALIGN = 64
# The only dtypes an index holds; anything else in a header is damage (or mischief).
DTYPES = frozenset({"<i8", "<i4", "<f8", "<f4", "<u2", "|u1"})


def write(f: IO[bytes], meta: Any, arrays: dict[str, np.ndarray]) -> None:
    """Write `meta` (anything JSON can hold) and the arrays to the open binary file `f`."""
    arrays = {name: np.ascontiguousarray(a) for name, a in arrays.items()}
    for name, a in arrays.items():
        if a.dtype.str not in DTYPES:
            raise TypeError(f"{name}: dtype {a.dtype.str} cannot be stored")
    table: dict[str, list] = {name: [a.dtype.str, list(a.shape), 0] for name, a in arrays.items()}
    # The header's length depends on the offsets it lists: fix them with room to spare.
    header = json.dumps({"meta": meta, "arrays": table}, ensure_ascii=False).encode("utf-8")
    start = _aligned(16 + len(header) + 32 * len(arrays) + 64)
    offset = start
    for name, a in arrays.items():
        table[name][2] = offset
        offset = _aligned(offset + a.nbytes)
    header = json.dumps({"meta": meta, "arrays": table}, ensure_ascii=False).encode("utf-8")
    assert 16 + len(header) <= start
    f.write(MAGIC + len(header).to_bytes(8, "little") + header)
    f.write(b"\0" * (start - 16 - len(header)))
    position = start
    for k, a in enumerate(arrays.values()):
        f.write(a.tobytes())
        if k + 1 < len(arrays):  # no padding after the last: the file ends where its data does
            end = _aligned(position + a.nbytes)
            f.write(b"\0" * (end - position - a.nbytes))
            position = end


class Arrays(dict):
    """The arrays of a mapped file, by name."""

    mapping: mmap.mmap | None = None

    def release(self) -> None:
        """Let the pages read so far go from this process's memory (they stay in the system's
        file cache, and come back when next read): a scan of every array, such as the load-time
        check, then costs no resident memory after it."""
        if self.mapping is not None and hasattr(mmap, "MADV_DONTNEED"):
            try:
                self.mapping.madvise(mmap.MADV_DONTNEED)
            except OSError:
                pass


def read(path: Path) -> tuple[Any, Arrays]:
    """(meta, arrays) of a file written by `write`; the arrays are read-only views of the
    mapped file. Raises ValueError when it is not such a file, or not whole."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size < 16:
            raise ValueError("too short to be an index")
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    if mapped[:8] != MAGIC:
        raise ValueError("not an index file")
    n = int.from_bytes(mapped[8:16], "little")
    if 16 + n > size:
        raise ValueError("header past the end of the file")
    header = json.loads(mapped[16 : 16 + n].decode("utf-8"))
    if not isinstance(header, dict) or not isinstance(header.get("arrays"), dict):
        raise ValueError("no table of arrays")
    arrays = Arrays()
    arrays.mapping = mapped
    for name, (dtype, shape, offset) in header["arrays"].items():
        if dtype not in DTYPES or not all(isinstance(d, int) and d >= 0 for d in shape) or not isinstance(offset, int):
            raise ValueError(f"{name}: not an array of numbers")
        dt = np.dtype(dtype)
        count = math.prod(shape)
        if offset < 16 + n or offset + count * dt.itemsize > size:
            raise ValueError(f"{name}: past the end of the file")
        arrays[name] = np.frombuffer(mapped, dt, count, offset).reshape(shape) if count else np.zeros(shape, dt)
    return header.get("meta"), arrays


def _aligned(n: int) -> int:
    return -(-n // ALIGN) * ALIGN
