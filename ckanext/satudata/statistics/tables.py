"""Reading a statistic's table (the `statistik-sektoral` CSV template:
kode_wilayah, nama_wilayah, periode, indikator, nilai, satuan) into
observations. Streaming: one row at a time, whatever the file size."""
from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from typing import IO, Any, Iterable, Iterator, Sequence

from ckanext.satudata.tabular import kinds as file_kinds
from ckanext.satudata.tabular import table_schemas
from ckanext.satudata.statistics.numbers import parse_number
from ckanext.satudata.statistics.periods import Period, parse_period
from ckanext.satudata.tabular.streams import PrefixedStream

#: Accepted headers of each column (compared lowercased, spaces as _), from
#: the table schema of `statistik-sektoral`.
COLUMNS = table_schemas.STATISTIK_SEKTORAL.aliases()

#: Rows read from one file at most: a statistic is an aggregate table, a
#: longer file is not one (and must not fill the database).
MAX_ROWS = 200_000


@dataclass(frozen=True)
class Observation:
    """One value of an indicator: an area (kode and/or name; both empty for
    a table without areas) in one period."""
    kode_wilayah: str
    nama_wilayah: str
    periode: Period
    nilai: float
    indikator: str = ""
    row: int = 0

    @property
    def area_key(self) -> str:
        return self.kode_wilayah or self.nama_wilayah.strip().lower()


@dataclass
class TableResult:
    observations: list[Observation] = field(default_factory=list)
    skipped_rows: int = 0
    missing_columns: list[str] = field(default_factory=list)
    truncated: bool = False

    @property
    def readable(self) -> bool:
        return not self.missing_columns


def _normalise(header: object) -> str:
    return "_".join(str(header or "").strip().lower().replace("-", " ").split())


def _column_positions(header: Sequence[object]) -> dict[str, int]:
    names = [_normalise(h) for h in header]
    positions = {}
    for column, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in names and names.index(alias) not in positions.values():
                positions[column] = names.index(alias)
                break
    return positions


def _cell(row: Sequence[Any], position: int | None) -> Any:
    if position is None or position >= len(row):
        return None
    return row[position]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def read_observations(rows: Iterable[Sequence[Any]], max_rows: int = MAX_ROWS) -> TableResult:
    """Observations from a table's rows, the first being the header. Rows
    without a readable period or value are counted in `skipped_rows`; a
    table without a `periode` or `nilai` column gives `missing_columns`."""
    result = TableResult()
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        result.missing_columns = ["periode", "nilai"]
        return result
    positions = _column_positions(header)
    result.missing_columns = [c for c in ("periode", "nilai") if c not in positions]
    if result.missing_columns:
        return result
    for number, row in enumerate(iterator, start=2):
        if not any(_text(cell) for cell in row):
            continue
        if number - 1 > max_rows:
            result.truncated = True
            break
        nilai = parse_number(_cell(row, positions["nilai"]))
        try:
            periode = parse_period(_cell(row, positions["periode"]))
        except ValueError:
            periode = None
        if nilai is None or periode is None:
            result.skipped_rows += 1
            continue
        result.observations.append(Observation(
            kode_wilayah=_text(_cell(row, positions.get("kode_wilayah"))),
            nama_wilayah=_text(_cell(row, positions.get("nama_wilayah"))),
            periode=periode, nilai=nilai,
            indikator=_text(_cell(row, positions.get("indikator"))), row=number))
    return result


def csv_rows(binary: IO[bytes]) -> Iterator[list[str]]:
    """Rows of a CSV file (UTF-8, with or without BOM, else Latin-1;
    comma or semicolon separated, as spreadsheets export it)."""
    size = 64 * 1024
    head = binary.read(size)
    try:
        head.decode("utf-8")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the 64 KiB boundary is still UTF-8.
        cut = len(head) == size and error.start >= size - 3
        encoding = "utf-8-sig" if cut else "latin-1"
    first_line = head.split(b"\n", 1)[0]
    delimiter = ";" if first_line.count(b";") > first_line.count(b",") else ","
    stream = io.BufferedReader(PrefixedStream(head, binary))
    text = codecs.getreader(encoding)(stream, errors="replace")
    yield from csv.reader(text, delimiter=delimiter)


def xlsx_rows(source: Any) -> Iterator[tuple[Any, ...]]:
    """Rows of the first sheet of an XLSX workbook (read-only, streaming):
    `source` is a seekable binary file, or a path (opened here: openpyxl
    itself refuses a path without an .xlsx extension, and CKAN stores
    uploads without one)."""
    import openpyxl  # only needed for spreadsheets

    if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__"):
        with open(source, "rb") as binary:
            yield from xlsx_rows(binary)
        return
    workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def table_rows(binary: IO[bytes]) -> Iterator[Sequence[Any]] | None:
    """The rows of a table file as its content is (a workbook or CSV text),
    whatever its name; None when it is not a table (JSON, PDF, an archive
    that is not a workbook...). `binary` is seekable and read from its start."""
    head = binary.read(file_kinds.HEAD_SIZE)
    kind = file_kinds.kind_of(head, binary)
    binary.seek(0)
    if kind == file_kinds.XLSX:
        return xlsx_rows(binary)
    if kind in (file_kinds.TEXT, file_kinds.EMPTY):
        return csv_rows(binary)
    return None
