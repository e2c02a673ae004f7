"""scan_file(): open a resource file, pick its reader, collect the findings."""
from __future__ import annotations

import io
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any, Iterator

from ckanext.satudata.tabular import kinds as file_kinds
from ckanext.satudata.privacy.findings import Finding
from ckanext.satudata.translation import N_
from ckanext.satudata.privacy.readers import (
    FEATURES, HEAD_SIZE, RECORDS, SINGLE_FEATURE, ScanError, read_csv, read_geojson, read_xlsx)
from ckanext.satudata.privacy.tables import TableScan
from ckanext.satudata.tabular.streams import PrefixedStream

CSV, XLSX, GEOJSON = file_kinds.CSV_FORMAT, file_kinds.XLSX_FORMAT, file_kinds.GEOJSON_FORMAT
FORMATS = (CSV, XLSX, GEOJSON)



@dataclass(frozen=True)
class TableSummary:
    """One table scanned: `sheet` (None outside workbooks), its column names
    ("" for an unnamed column) and the number of data rows."""

    sheet: str | None
    columns: tuple[str, ...]
    rows: int


@dataclass
class ScanResult:
    """The outcome of scan_file(): `findings` are the blocking findings,
    `warnings` the small-cell warnings, `rows_scanned` the data rows of all
    tables, `tables` one TableSummary per table, `bytes_scanned` the size read."""

    format: str
    findings: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    rows_scanned: int = 0
    tables: list[TableSummary] = field(default_factory=list)
    bytes_scanned: int = 0

    @property
    def columns(self) -> list[str]:
        """The names of every column scanned, table after table."""
        return [name for table in self.tables for name in table.columns]

    @property
    def has_blocking(self) -> bool:
        return bool(self.findings)


#: "csv", "xlsx" or "geojson" for a format name, extension or media type.
normalise_format = file_kinds.format_name


def is_supported(fmt: str | None) -> bool:
    """Returns True when scan_file() can read files of format `fmt`."""
    return normalise_format(fmt) is not None


def scan_file(source: Any, format_hint: str | None = None) -> ScanResult:
    """Scans a resource file for personal data.

    `source` is a path, the content as bytes, or a readable binary file
    object (left open). What the file is comes from its content
    (``file_kinds``), never from its name: a workbook uploaded as "CSV", or
    stored without an extension, is read as a workbook. `format_hint` (the
    resource's format, extension or media type) only names the format in a
    message. Raises ScanError when the content is not a CSV/text, XLSX or
    GeoJSON file, or cannot be read as one.
    """
    with _opened(source) as (raw, _name):
        head = raw.read(HEAD_SIZE)
        fmt = _detect_format(format_hint, head, raw)
        if fmt == CSV:
            tables, size = read_csv(raw, head)
        elif fmt == GEOJSON:
            single = file_kinds.geojson_type(head) == "Feature"
            items = RECORDS if _starts_with(head, b"[") else \
                SINGLE_FEATURE if single else FEATURES
            # JSON parsers refuse the byte order mark that Windows tools write.
            bom = len(_UTF8_BOM) if head.startswith(_UTF8_BOM) else 0
            stream = PrefixedStream(head[bom:], raw)
            tables = read_geojson(stream, items)
            size = stream.bytes_read + bom
            if not any(table.rows for table in tables) and \
                    file_kinds.kind_of_head(head) == file_kinds.JSON:
                # JSON of another shape: its values were not looked at.
                raise ScanError("unsupported_json", N_(
                    "Berkas JSON ini bukan GeoJSON (FeatureCollection) atau daftar baris, "
                    "sehingga tidak dapat diperiksa untuk data pribadi; unggah sebagai CSV, "
                    "XLSX atau GeoJSON."))
        else:
            tables, size = _scan_xlsx(raw, head)
    return _result(fmt, tables, size)


_UTF8_BOM = b"\xef\xbb\xbf"


def _starts_with(head: bytes, mark: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == mark


def _result(fmt: str, tables: list[TableScan], size: int) -> ScanResult:
    result = ScanResult(format=fmt, bytes_scanned=size)
    for table in tables:
        for finding in table.finish():
            (result.findings if finding.blocking else result.warnings).append(finding)
        result.rows_scanned += table.rows
        result.tables.append(TableSummary(table.sheet, tuple(table.names), table.rows))
    return result


def _detect_format(hint: str | None, head: bytes, raw: IO[bytes]) -> str:
    """CSV, XLSX or GEOJSON for the content; ScanError for anything else."""
    kind = file_kinds.kind_of(head, raw)
    if kind in (file_kinds.TEXT, file_kinds.EMPTY):
        return CSV
    if kind in (file_kinds.GEOJSON, file_kinds.JSON):
        return GEOJSON
    if kind == file_kinds.XLSX:
        return XLSX
    if kind == file_kinds.ZIP:
        if normalise_format(hint) == XLSX:
            return XLSX  # meant as a workbook: say the workbook cannot be opened
        raise ScanError("unsupported_zip", N_(
            "Berkas ini adalah arsip ZIP, bukan tabel, sehingga tidak diperiksa untuk data "
            "pribadi; unggah isinya sebagai CSV, XLSX atau GeoJSON."))
    if kind == file_kinds.LEGACY_OFFICE:
        raise ScanError("unsupported_xls", N_(
            "Berkas Excel lama (.xls) atau dokumen Office lama tidak dapat diperiksa untuk data "
            "pribadi; simpan ulang sebagai Excel Workbook (.xlsx) atau CSV."))
    raise _unsupported((hint or "").strip().lstrip(".").lower() or "biner")


def _unsupported(fmt: str) -> ScanError:
    return ScanError("unsupported_format", N_(
        "Format {format} tidak diperiksa untuk data pribadi; pemeriksaan hanya untuk CSV, XLSX "
        "dan GeoJSON."), format=fmt)


@contextmanager
def _opened(source: Any) -> Iterator[tuple[IO[bytes], str | None]]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        yield io.BytesIO(bytes(source)), None
    elif isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as raw:
            yield raw, os.fspath(source)
    elif hasattr(source, "read"):
        name = getattr(source, "filename", None) or getattr(source, "name", None)
        yield source, name if isinstance(name, str) else None
    else:
        raise TypeError(f"cannot scan {type(source).__name__}")


def _scan_xlsx(raw: IO[bytes], head: bytes) -> tuple[list[TableScan], int]:
    """A workbook is a zip file, read by seeking: a seekable file is rewound
    (never reopened by name: openpyxl refuses a path without an .xlsx
    extension, and CKAN stores uploads without one); anything else is
    spooled to a temporary file first."""
    try:
        raw.seek(raw.tell() - len(head))
        start = raw.tell()
        raw.seek(0, io.SEEK_END)
        size = raw.tell() - start
        raw.seek(start)
        return read_xlsx(raw), size
    except (OSError, AttributeError, ValueError):
        pass
    with tempfile.TemporaryFile() as spool:
        spool.write(head)
        shutil.copyfileobj(raw, spool)
        size = spool.tell()
        spool.seek(0)
        return read_xlsx(spool), size
