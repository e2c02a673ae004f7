"""What a file is, decided by its content, never by its name.

CKAN stores an upload under the resource id, without the name's extension,
and a resource's declared format is whatever the PIC (or CKAN's guess from
the name) wrote: neither says what the bytes are. Every reader of uploaded
files (the personal-data scanner, the point reader, the statistics reader)
asks this module instead. Plain Python: no CKAN import (the glue that finds
a resource's stored file is ``ckanext.satudata.site``).

Kinds:

* ``xlsx`` — a ZIP archive holding ``xl/workbook.xml`` (any writer: Excel,
  LibreOffice, openpyxl, XlsxWriter...);
* ``zip`` — any other ZIP archive (an ODS, a DOCX, a folder of CSVs, or a
  broken archive);
* ``geojson`` — a JSON object whose top-level ``type`` is ``FeatureCollection``
  or ``Feature`` (or that has a top-level ``features`` member);
* ``json`` — other JSON (an array, an object of another shape, or text that
  starts like JSON but is not valid);
* ``legacy_office`` — an old binary Office file (``.xls``, ``.doc``: OLE2);
* ``binary`` — anything else that is not text (PDF, images, archives, NUL bytes);
* ``empty`` — nothing but white space;
* ``text`` — everything else: CSV, TSV, plain text (UTF-8, UTF-16 with or
  without a byte order mark, or a single-byte encoding).
"""
from __future__ import annotations

import io
import zipfile
from typing import IO, Any

TEXT = "text"
GEOJSON = "geojson"
JSON = "json"
XLSX = "xlsx"
ZIP = "zip"
LEGACY_OFFICE = "legacy_office"
BINARY = "binary"
EMPTY = "empty"
KINDS = (TEXT, GEOJSON, JSON, XLSX, ZIP, LEGACY_OFFICE, BINARY, EMPTY)

#: The table formats the portal reads, by the names, extensions and media
#: types a format goes by. Only a hint: what a file is comes from its content.
CSV_FORMAT, XLSX_FORMAT, GEOJSON_FORMAT = "csv", "xlsx", "geojson"
_FORMAT_NAMES = {
    "csv": CSV_FORMAT, "tsv": CSV_FORMAT, "txt": CSV_FORMAT, "text/csv": CSV_FORMAT,
    "text/plain": CSV_FORMAT, "text/tab-separated-values": CSV_FORMAT,
    "xlsx": XLSX_FORMAT, "xlsm": XLSX_FORMAT,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": XLSX_FORMAT,
    "geojson": GEOJSON_FORMAT, "json": GEOJSON_FORMAT, "application/geo+json": GEOJSON_FORMAT,
    "application/json": GEOJSON_FORMAT,
}

#: Bytes enough to decide (the readers read this much ahead anyway).
HEAD_SIZE = 1 << 16

WORKBOOK_ENTRY = "xl/workbook.xml"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = (
    b"%PDF-", b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"\x1f\x8b", b"BZh",
    b"Rar!", b"7z\xbc\xaf", b"\xfd7zXZ", b"II*\x00", b"MM\x00*", b"RIFF", b"\x7fELF",
)
_UTF8_BOM = b"\xef\xbb\xbf"
_UNICODE_BOMS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16 (and UTF-32 LE) text
_WHITE = b" \t\r\n"
_GEOJSON_TYPES = ("FeatureCollection", "Feature")


def format_name(declared: str | None) -> str | None:
    """"csv", "xlsx" or "geojson" for a format name, file extension or media
    type (case-insensitive, leading dot allowed), else None."""
    if not declared:
        return None
    return _FORMAT_NAMES.get(declared.strip().lower().lstrip("."))


def kind_of_head(head: bytes) -> str:
    """Returns the kind of a file from its first bytes alone.

    A ZIP is ``xlsx`` only when its workbook entry's name shows in `head`
    (local file headers carry the names in file order; openpyxl writes the
    sheets first, so a large workbook may need kind_of() with its stream)."""
    if head.startswith(_ZIP_MAGIC):
        return XLSX if WORKBOOK_ENTRY.encode() in head else ZIP
    if head.startswith(_OLE_MAGIC):
        return LEGACY_OFFICE
    if head.startswith(_BINARY_MAGIC):
        return BINARY
    if head.startswith(_UNICODE_BOMS):
        return TEXT
    body = head[len(_UTF8_BOM):] if head.startswith(_UTF8_BOM) else head
    stripped = body.lstrip(_WHITE)
    if not stripped:
        return EMPTY
    if b"\x00" in body:
        return TEXT if utf16_order(body) else BINARY
    if stripped[:1] == b"{":
        return _object_kind(stripped)
    if stripped[:1] == b"[":
        return JSON
    return TEXT


def utf16_order(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for the first bytes of UTF-16 text written
    without a byte order mark (mostly ASCII: every other byte is NUL, on the
    same side), else None."""
    sample = head[:2048]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nuls = sample[0:pairs * 2:2].count(0)
    odd_nuls = sample[1:pairs * 2:2].count(0)
    if odd_nuls * 10 >= pairs * 7 and even_nuls * 20 <= pairs:
        return "utf-16-le"
    if even_nuls * 10 >= pairs * 7 and odd_nuls * 20 <= pairs:
        return "utf-16-be"
    return None


def _object_kind(head: bytes) -> str:
    """GEOJSON or JSON for text starting with "{": the top-level members
    that show in `head` decide."""
    return GEOJSON if geojson_type(head) is not None else JSON


def geojson_type(head: bytes) -> str | None:
    """"FeatureCollection" or "Feature" for the first bytes of a GeoJSON
    object (by its top-level "type", or "FeatureCollection" when a top-level
    "features" member comes first), else None."""
    import ijson

    body = head[len(_UTF8_BOM):] if head.startswith(_UTF8_BOM) else head
    try:
        # Small reads: the C backend turns each read into a batch of events,
        # and the answer is usually in the first few members.
        for prefix, event, value in ijson.parse(io.BytesIO(body), buf_size=1024):
            if prefix == "" and event == "map_key" and value == "features":
                return "FeatureCollection"
            if prefix == "type" and event == "string":
                return value if value in _GEOJSON_TYPES else None
    except (ijson.JSONError, UnicodeDecodeError):
        pass  # cut off by the end of the head, or not JSON at all
    return None


def holds_workbook(stream: IO[bytes], start: int = 0) -> bool:
    """Whether the ZIP archive that starts at `start` of the seekable
    `stream` has a workbook entry (read from the archive's directory at its
    end). The stream's position is restored."""
    position = stream.tell()
    try:
        stream.seek(start)
        with zipfile.ZipFile(_Window(stream, start)) as archive:
            return WORKBOOK_ENTRY in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, TypeError):
        return False  # not an archive after all, or a text stream
    finally:
        stream.seek(position)


def kind_of(head: bytes, stream: IO[bytes] | None = None) -> str:
    """Returns the kind of a file from its first bytes `head`, just read from
    `stream` (optional): for a ZIP whose first bytes do not show a workbook,
    a seekable `stream` lets the archive's directory decide."""
    kind = kind_of_head(head)
    if kind == ZIP and stream is not None and _seekable(stream):
        start = stream.tell() - len(head)
        if start >= 0 and holds_workbook(stream, start):
            return XLSX
    return kind


def _seekable(stream: Any) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, ValueError, OSError):
        return False


class _Window(io.RawIOBase):
    """`stream` seen from `start` on, so that an archive read ahead from the
    middle of a stream (rarely: after a prefix) finds its directory."""

    def __init__(self, stream: IO[bytes], start: int):
        super().__init__()
        self._stream, self._start = stream, start

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._stream.tell() - self._start

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            offset += self._start
        return self._stream.seek(offset, whence) - self._start

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)
