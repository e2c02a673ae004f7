"""A ZIP archive written as a stream of byte chunks.

`zipfile` writes to any object with `write()`; without `seek()`/`tell()` it
uses data descriptors, so nothing has to be rewritten afterwards. Each file
is copied in chunks and the compressed bytes are handed out as soon as they
exist: memory stays at about one chunk plus a small entry per file for the
central directory, whatever the number and size of the files.
"""
from __future__ import annotations

import os
import posixpath
import re
import time
import zipfile
from dataclasses import dataclass
from typing import Callable, IO, Iterable, Iterator

CHUNK_SIZE = 64 * 1024

# Formats that are already compressed: stored as they are.
_STORED_EXTENSIONS = {".zip", ".gz", ".xlsx", ".docx", ".pptx", ".ods", ".png", ".jpg",
                      ".jpeg", ".gif", ".webp", ".pdf", ".7z", ".bz2", ".xz", ".shp"}


@dataclass(frozen=True)
class Entry:
    """One file of the archive: its name inside the archive and where its
    bytes come from (`open` gives a binary stream, `data` the bytes)."""
    arcname: str
    open: Callable[[], IO[bytes]] | None = None
    data: bytes | None = None
    size: int | None = None
    mtime: float | None = None

    @classmethod
    def from_path(cls, arcname: str, path: str) -> "Entry":
        stat = os.stat(path)
        return cls(arcname, open=lambda: open(path, "rb"), size=stat.st_size,
                   mtime=stat.st_mtime)


class _Sink:
    """Collects what ZipFile writes until the generator hands it out."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def _zip_info(entry: Entry) -> zipfile.ZipInfo:
    moment = time.localtime(entry.mtime if entry.mtime is not None else time.time())
    info = zipfile.ZipInfo(entry.arcname, date_time=tuple(max(v, d) for v, d in zip(
        moment[:6], (1980, 1, 1, 0, 0, 0))))
    extension = posixpath.splitext(entry.arcname)[1].lower()
    info.compress_type = (zipfile.ZIP_STORED if extension in _STORED_EXTENSIONS
                          else zipfile.ZIP_DEFLATED)
    info.external_attr = 0o644 << 16
    if entry.size is not None:
        info.file_size = entry.size   # lets zipfile choose ZIP64 for big files
    return info


def stream_zip(entries: Iterable[Entry], chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The bytes of a ZIP archive of `entries`, chunk by chunk."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", allowZip64=True) as archive:
        for entry in entries:
            info = _zip_info(entry)
            with archive.open(info, mode="w") as target:
                if entry.data is not None:
                    target.write(entry.data)
                elif entry.open is not None:
                    with entry.open() as source:
                        while True:
                            chunk = source.read(chunk_size)
                            if not chunk:
                                break
                            target.write(chunk)
                            data = sink.take()
                            if data:
                                yield data
            data = sink.take()
            if data:
                yield data
    data = sink.take()
    if data:
        yield data


_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


def safe_name(name: str, fallback: str = "berkas") -> str:
    """A file or folder name without path separators or odd characters."""
    cleaned = _UNSAFE.sub("_", (name or "").strip()).strip(" ._")
    return cleaned[:120] or fallback


def unique_name(name: str, used: set[str]) -> str:
    """`name`, or `name (2).ext`, ... when an earlier file took it."""
    candidate, number = name, 1
    stem, extension = posixpath.splitext(name)
    while candidate.lower() in used:
        number += 1
        candidate = f"{stem} ({number}){extension}"
    used.add(candidate.lower())
    return candidate
