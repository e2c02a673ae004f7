"""Opening an uploaded file and recognising its format.

A source is a path (str or os.PathLike), the file's content as bytes, or a
readable file-like object (binary; a text-mode object is accepted and encoded
as UTF-8). The first bytes are read ahead to recognise what the file is
(``file_kinds``: empty, UTF-16 text, a workbook or another binary file, JSON
or CSV), whatever its name or declared format; the rest is streamed.
"""
from __future__ import annotations

import io
import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, Iterator

from ckanext.satudata.tabular import kinds as file_kinds
from ckanext.satudata.maps.errors import file_error
from ckanext.satudata.translation import _
from ckanext.satudata.tabular.streams import PrefixedStream

CSV, GEOJSON, XLSX = file_kinds.CSV_FORMAT, file_kinds.GEOJSON_FORMAT, file_kinds.XLSX_FORMAT

_HEAD_SIZE = 4096
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass
class OpenedSource:
    """An opened source: `head` holds its first bytes (UTF-8 BOM removed),
    `stream` reads the whole content from the start (without the BOM), `name`
    is the file name when known and `at_end` tells whether `head` is all of it."""

    head: bytes
    stream: io.BufferedReader
    name: str | None
    at_end: bool
    #: What the content is (a ``file_kinds`` kind).
    kind: str = file_kinds.TEXT


def _read_head(raw: IO[Any]) -> tuple[bytes, bool]:
    """Returns up to _HEAD_SIZE first bytes of `raw` and whether it ended."""
    parts: list[bytes] = []
    size = 0
    while size < _HEAD_SIZE:
        chunk = raw.read(_HEAD_SIZE - size)
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")
        if not chunk:
            return b"".join(parts), True
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts), False


def _source_name(source: Any) -> str | None:
    for attribute in ("filename", "name"):  # werkzeug's FileStorage, then open()'s files
        value = getattr(source, attribute, None)
        if isinstance(value, str) and value:
            return value
    return None


@contextmanager
def open_source(source: Any) -> Iterator[OpenedSource]:
    """Opens `source` (path, bytes or file-like object) and yields an
    OpenedSource. A file opened from a path is closed on exit; a file-like
    object given by the caller is left open."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        raw: IO[Any] = io.BytesIO(bytes(source))
        name, owned = None, False
    elif isinstance(source, (str, os.PathLike)):
        raw = open(source, "rb")
        name, owned = os.fspath(source), True
    elif hasattr(source, "read"):
        raw, name, owned = source, _source_name(source), False
    else:
        raise TypeError(f"cannot read points from {type(source).__name__}")
    try:
        head, at_end = _read_head(raw)
        # A workbook's first bytes may not show it is one: its directory does.
        kind = file_kinds.kind_of(head, raw)
        body_start = len(_UTF8_BOM) if head.startswith(_UTF8_BOM) else 0
        stream = io.BufferedReader(PrefixedStream(head[body_start:], raw))
        yield OpenedSource(head[body_start:], stream, name, at_end, kind)
    finally:
        if owned:
            raw.close()


def reject_unreadable(opened: OpenedSource) -> None:
    """Raises PointFileError when the content is empty, an old
    spreadsheet or an archive, or another binary file, whatever its claimed
    format."""
    kind = opened.kind
    if opened.at_end and kind == file_kinds.EMPTY:
        raise file_error("empty_file", _("Berkas kosong."))
    if kind in (file_kinds.ZIP, file_kinds.LEGACY_OFFICE):
        raise file_error("spreadsheet", _(
            "Berkas ini adalah lembar kerja Excel lama (.xls) atau arsip, bukan CSV atau XLSX; "
            "simpan sebagai Excel Workbook (.xlsx) atau \"CSV UTF-8\" lalu unggah kembali."))
    if kind == file_kinds.BINARY:
        raise file_error("binary", _(
            "Berkas ini bukan CSV, XLSX atau GeoJSON (misalnya PDF atau gambar); unggah "
            "berkas CSV, XLSX atau GeoJSON."))


#: "csv", "xlsx" or "geojson" for a format name, extension or media type.
normalise_format = file_kinds.format_name


def detect_format(fmt: str | None, opened: OpenedSource) -> str:
    """Returns "csv", "geojson" or "xlsx" as the content is (a workbook is
    XLSX, JSON text GeoJSON, other text CSV), whatever `fmt` or the file
    name claim. A declared
    format or extension of something else (KML, GPX...) is refused with
    PointFileError when the content is not JSON."""
    if opened.kind == file_kinds.XLSX:
        return XLSX
    if opened.kind in (file_kinds.GEOJSON, file_kinds.JSON):
        return GEOJSON
    declared = fmt or (os.path.splitext(opened.name)[1] if opened.name else "")
    if declared and normalise_format(declared) is None \
            and declared.strip().lower().lstrip(".") not in _TABLE_NAMES:
        raise file_error("unsupported_format", _(
            "Format {format} tidak didukung; unggah berkas CSV, XLSX atau GeoJSON."
        ).format(format=declared))
    return CSV


#: Names a CSV goes by on its way from a spreadsheet: read as the CSV it is.
_TABLE_NAMES = frozenset({"xls", "ods"})
