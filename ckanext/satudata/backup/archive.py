"""The archive file: a plain tar (the dumps are already compressed) written
under a ``.part`` name and renamed when whole, with ``manifest.json`` as its
last member; and its check, which reads every member once.

Plain Python (no CKAN import).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import time
from typing import IO, Any, Iterator, Optional

from ckanext.satudata.backup import manifest as manifest_rules
from ckanext.satudata.backup.manifest import DamagedArchive
from ckanext.satudata.translation import _

CHUNK = 1 << 20


class _Hashing(io.RawIOBase):
    """Reads a stream through, counting its bytes and their SHA-256."""

    def __init__(self, stream: IO[bytes]):
        self._stream = stream
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        while size > 0 and data and len(data) < size:  # a raw stream may read short
            more = self._stream.read(size - len(data))
            if not more:
                break
            data += more
        self.sha256.update(data)
        self.size += len(data)
        return data


def digest(stream: IO[bytes]) -> tuple[str, int]:
    """(sha256 hex, size) of the rest of `stream`."""
    hashing = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        hashing.update(chunk)
        size += len(chunk)
    return hashing.hexdigest(), size


class Writer:
    """Writes an archive at `path` (through `path`.part; nothing at `path`
    until `finish`). Use as a context manager: an error leaves no file."""

    def __init__(self, path: str):
        if os.path.exists(path):
            raise FileExistsError(path)
        self.path = path
        self._part = path + ".part"
        self._file = open(self._part, "wb")
        self._tar = tarfile.open(fileobj=self._file, mode="w", format=tarfile.PAX_FORMAT)
        self.members: list[dict[str, Any]] = []
        self.total = 0

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if kind is not None:
            self.abort()

    def add_stream(self, name: str, stream: IO[bytes], size: int,
                   mtime: Optional[float] = None) -> None:
        """Adds `size` bytes read from `stream` as member `name`."""
        info = tarfile.TarInfo(name)
        info.size = size
        info.mtime = int(mtime if mtime is not None else time.time())
        info.mode = 0o640
        reading = _Hashing(stream)
        self._tar.addfile(info, reading)
        if reading.size != size:  # tarfile raises when the stream is short
            raise OSError(f"{name}: {reading.size} bytes read, {size} expected")
        self.members.append({"name": name, "sha256": reading.sha256.hexdigest(),
                             "size": size})
        self.total += size

    def add_file(self, name: str, path: str) -> None:
        with open(path, "rb") as stream:
            status = os.fstat(stream.fileno())
            self.add_stream(name, stream, status.st_size, status.st_mtime)

    def finish(self, manifest: dict[str, Any]) -> str:
        """Writes `manifest` as the last member and puts the archive in
        place; returns its path."""
        data = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True).encode()
        info = tarfile.TarInfo(manifest_rules.MANIFEST_NAME)
        info.size = len(data)
        info.mtime = int(time.time())
        info.mode = 0o640
        self._tar.addfile(info, io.BytesIO(data))
        self._tar.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self._part, self.path)
        return self.path

    def abort(self) -> None:
        try:
            self._tar.close()
        except Exception:  # already broken: the .part goes anyway
            pass
        self._file.close()
        if os.path.exists(self._part):
            os.remove(self._part)


def verify(path: str) -> tuple[dict[str, Any], list[str]]:
    """Reads the archive at `path` once: its manifest and the problems found
    (members missing, extra, of another size or checksum). DamagedArchive
    when it has no readable manifest or cannot be read at all."""
    found: dict[str, tuple[str, int]] = {}
    manifest_data = None
    try:
        with tarfile.open(path, mode="r:") as tar:
            for member in tar:
                if not member.isfile():
                    continue
                stream = tar.extractfile(member)
                assert stream is not None
                if member.name == manifest_rules.MANIFEST_NAME:
                    manifest_data = stream.read()
                else:
                    found[member.name] = digest(stream)
    except FileNotFoundError:
        raise DamagedArchive(_("berkas arsip tidak ditemukan")) from None
    except (tarfile.TarError, OSError, EOFError) as error:
        raise DamagedArchive(_("arsip tidak dapat dibaca sampai habis ({error})").format(
            error=error)) from None
    if manifest_data is None:
        raise DamagedArchive(_("manifest.json tidak ada di arsip"))
    manifest = manifest_rules.read(manifest_data)
    return manifest, manifest_rules.problems(manifest, found)


def members_under(tar: tarfile.TarFile, prefix: str) -> Iterator[tarfile.TarInfo]:
    """The archive's files whose name starts with `prefix`, in archive order."""
    for member in tar:
        if member.isfile() and member.name.startswith(prefix):
            yield member


def extract_to(tar: tarfile.TarFile, name: str, target: str) -> None:
    """Copies member `name` to the file `target`."""
    stream = tar.extractfile(name)
    if stream is None:
        raise DamagedArchive(_("{name}: tidak ada di arsip").format(name=name))
    with stream, open(target, "wb") as copy:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            copy.write(chunk)
