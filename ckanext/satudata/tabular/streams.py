"""A stream that gives back what was read ahead, then the rest: for the file
readers (point files, statistics tables, the personal-data scanner), which
look at a file's first bytes to decide how to read it. Plain Python."""
from __future__ import annotations

import io
from typing import IO, Any


class PrefixedStream(io.RawIOBase):
    """A readable binary stream: `head` (bytes already read from `rest`),
    then the rest of `rest`. Text chunks of `rest` are encoded as UTF-8.
    `bytes_read` counts what was given out. Closing it leaves `rest` open."""

    def __init__(self, head: bytes, rest: IO[Any]):
        super().__init__()
        self._pending = memoryview(head)
        self._rest = rest
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not len(self._pending):
            chunk = self._rest.read(len(buffer))
            if isinstance(chunk, str):
                chunk = chunk.encode("utf-8")
            if not chunk:
                return 0
            self._pending = memoryview(chunk)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        self.bytes_read += size
        return size
