"""Streaming readers: CSV, XLSX and GeoJSON into TableScans.

Each reader holds one block, one batch of rows or one feature at a time:

- CSV: read in blocks of BLOCK_SIZE bytes cut at a line end and parsed by
  the csv module (C) in batches of BATCH_ROWS rows. Before parsing, each block
  is screened for 16-digit numbers with bytes.translate (digits to "0", the
  separators space, dot and dash deleted) and a substring search for sixteen
  "0"s, plus "+15" for scientific notation; only the rows on lines that pass
  are looked at cell by cell for NIK/KK (identifiers.py). When a batch's rows
  do not map one-to-one onto lines (a quoted cell spanning lines), every row
  of that batch is looked at. Encoding and delimiter are the shared table
  reader's (``tabular.reading``: byte order mark, UTF-16, UTF-8, else
  Windows-1252; comma, semicolon, tab or bar); undecodable bytes become
  U+FFFD, never an error. A file in an encoding that is not ASCII-compatible
  (UTF-16) is screened once transcoded to UTF-8. A line longer than MAX_LINE
  without a line end stops the scan (ScanError).
- XLSX: openpyxl's read-only mode (rows streamed from the sheet XML). Every
  worksheet is a table. The workbook's shared-strings table is held in memory,
  as every XLSX reader must: it grows with the number of distinct texts, not
  with the number of rows.
- GeoJSON: ijson (yajl2 C backend) yields one feature at a time from
  "features" (or one object at a time from a top-level JSON array); each
  feature's properties are a row, its geometry an extra "geometry" column
  (a location, for the name + address rule). A single feature is held
  whole, so one enormous polygon costs its own size.

In every format the header is the first of the first rows that looks like
one (tables.choose_header); title rows above it are skipped.
"""
from __future__ import annotations

import bisect
import codecs
import csv
import datetime
import itertools
import json
from collections import deque
from dataclasses import dataclass
from typing import IO, Any, Callable, Iterator, Sequence

from ckanext.satudata.tabular import reading
from ckanext.satudata.translation import N_
from ckanext.satudata.privacy.tables import MAX_COLUMNS, TableScan, choose_header

BLOCK_SIZE = 1 << 18
BATCH_ROWS = 256
HEAD_SIZE = 1 << 16
HEADER_LOOKAHEAD = 10
MAX_LINE = 16 << 20

_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_SEPARATOR_BYTES = b" .-"
_SIXTEEN_DIGITS = b"0" * 16
_SCIENTIFIC_MARK = b"+15"


class ScanError(Exception):
    """The file cannot be read as the format it claims. `code` is stable for
    programs; `message` is an Indonesian source string with `{name}`
    placeholders filled from `params` by render(); it names no value from
    the file."""

    def __init__(self, code: str, message: str, **params: Any):
        super().__init__(message.format(**params))
        self.code = code
        self.message = message
        self.params = params

    def render(self, gettext: Callable[[str], str] = lambda text: text) -> str:
        """Returns the message translated by `gettext` (``toolkit._`` in CKAN)."""
        return gettext(self.message).format(**self.params)


# --- CSV ---------------------------------------------------------------------------

@dataclass
class _Block:
    start: int              # global number of its first line (0-based)
    end: int                # one past its last line
    candidates: list[int]   # global numbers of lines that may hold a 16-digit number
    runs: list[int]         # for each, the runs of sixteen digits seen (SCIENTIFIC_RUNS:
                            # a number in scientific notation, look at every cell)


class _CsvSource:
    """Reads a CSV in blocks of whole lines, remembers which lines may hold
    a 16-digit number, and yields the blocks' lines as text."""

    def __init__(self, raw: IO[bytes], head: bytes, encoding: str, bom: int):
        self._raw = raw
        self._head = head[bom:]
        self._encoding = encoding
        self._transcoded = not reading.ascii_compatible(encoding)
        self._blocks: deque[_Block] = deque()
        self._line_count = 0
        self.bytes_read = 0

    def _chunks(self) -> Iterator[bytes]:
        """Yields the file's bytes in an ASCII-compatible encoding."""
        if self._transcoded:
            decoder = codecs.getincrementaldecoder(self._encoding)(errors="replace")
            pending = self._head
            while True:
                if pending:
                    self.bytes_read += len(pending)
                    yield decoder.decode(pending).encode("utf-8")
                pending = self._raw.read(BLOCK_SIZE)
                if not pending:
                    yield decoder.decode(b"", final=True).encode("utf-8")
                    return
        self.bytes_read += len(self._head)
        yield self._head
        while True:
            chunk = self._raw.read(BLOCK_SIZE)
            if not chunk:
                return
            self.bytes_read += len(chunk)
            yield chunk

    def _whole_line_blocks(self) -> Iterator[bytes]:
        carry = b""
        for chunk in self._chunks():
            data = carry + chunk if carry else chunk
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                if len(data) > MAX_LINE:
                    raise ScanError("line_too_long", N_(
                        "Berkas CSV berisi baris yang sangat panjang tanpa akhir baris; periksa "
                        "bahwa berkas ini benar-benar CSV."))
                carry = data
                continue
            carry = data[cut:]
            yield data[:cut]
        if carry:
            yield carry

    def lines(self) -> Iterator[tuple[list[str], bool]]:
        """Yields the lines of each block (without their line ends) and
        whether the block is plain: no quote character, NUL or carriage
        return other than before a line feed (then removed), so that each
        line's cells are the line split at the delimiter."""
        decoding = "utf-8" if self._transcoded else self._encoding
        for block in self._whole_line_blocks():
            text = block.decode(decoding, errors="replace")
            plain = '"' not in text and "\x00" not in text
            lines = None
            if plain and "\r" in text:
                returns = text.count("\r")
                if returns == text.count("\n"):
                    lines = text.split("\r\n")
                    if len(lines) != returns + 1:
                        lines = None
                if lines is None:  # not every line ends with "\r\n"
                    if returns == text.count("\r\n"):
                        text = text.replace("\r\n", "\n")
                    else:
                        plain = False  # a carriage return inside a line: the csv module's rules
            if lines is None:
                lines = text.split("\n")
            if text.endswith("\n"):
                lines.pop()
            del text
            start = self._line_count
            self._line_count += len(lines)
            candidates, runs = _candidate_lines(block, start)
            del block  # hold one block's lines at a time, not also its bytes
            self._blocks.append(_Block(start, self._line_count, candidates, runs))
            yield lines, plain
            del lines

    def identifier_rows(self, first: int, end: int,
                        row_count: int) -> tuple[Sequence[int], list[int]] | None:
        """Returns (indexes in the batch, runs of sixteen digits of each) for
        the rows, in a batch of `row_count` rows read from lines [first, end),
        that may hold a 16-digit number; None when rows and lines do not
        match one to one and every row must be looked at."""
        while self._blocks and self._blocks[0].end <= first:
            self._blocks.popleft()
        lines: list[int] = []
        runs: list[int] = []
        for block in self._blocks:
            if block.start >= end:
                break
            low = bisect.bisect_left(block.candidates, first)
            high = bisect.bisect_left(block.candidates, end)
            lines += block.candidates[low:high]
            runs += block.runs[low:high]
        if not lines:
            return lines, runs
        if end - first != row_count:
            return None
        if len(lines) == row_count:  # every row (a NIK or account column)
            return range(row_count), runs
        return list(map(first.__rsub__, lines)), runs


SCIENTIFIC_RUNS = 1 << 30


def _candidate_lines(block: bytes, start: int) -> tuple[list[int], list[int]]:
    """Returns the global numbers of the lines of `block` that hold sixteen
    digits in a row (once spaces, dots and dashes are removed) or a number in
    scientific notation of the size of a NIK, and for each the number of such
    runs (SCIENTIFIC_RUNS for scientific notation: every cell is looked at)."""
    mapped = block.translate(_DIGITS_TO_ZERO, _SEPARATOR_BYTES)
    # b"+" alone is found with memchr, far faster than the three bytes
    scientific = b"+" in block and _SCIENTIFIC_MARK in block
    if _SIXTEEN_DIGITS not in mapped and not scientific:
        return [], []
    # map() and compress() keep the per-line work in C.
    runs = list(map(bytes.count, mapped.split(b"\n"), itertools.repeat(_SIXTEEN_DIGITS)))
    if scientific:
        marks = map(bytes.__contains__, block.split(b"\n"), itertools.repeat(_SCIENTIFIC_MARK))
        runs = [SCIENTIFIC_RUNS if mark else count for mark, count in zip(marks, runs)]
    lines = list(itertools.compress(range(start, start + len(runs)), runs))
    return lines, list(filter(None, runs))


class _RowReader:
    """The rows of a CSV's lines, read batch by batch. Lines of plain blocks
    (see _CsvSource.lines) are split at the delimiter, as the csv module
    would read them but several times faster; from the first block that is
    not plain to the end, the csv module reads the lines (a quoted cell may
    span lines and blocks). `line_num` is the number of lines read, as
    csv.reader's."""

    def __init__(self, blocks: Iterator[tuple[list[str], bool]], description: reading.Description):
        self._blocks = blocks
        self._description = description
        self._delimiter = description.delimiter or ","
        self._lines: list[str] = []
        self._at = 0
        self._split_lines = 0  # lines read by splitting, before the csv module took over
        self._reader: Any = None

    @property
    def line_num(self) -> int:
        return self._split_lines + (self._reader.line_num if self._reader is not None else 0)

    def batch(self, size: int) -> list[list[str]]:
        """Returns the next `size` rows (fewer at the end of the file)."""
        rows: list[list[str]] = []
        while self._reader is None and len(rows) < size:
            if self._at >= len(self._lines):
                self._lines, self._at = [], 0
                following = next(self._blocks, None)
                if following is None:
                    return rows
                lines, plain = following
                if not plain:
                    self._reader = reading.csv_reader(itertools.chain(
                        lines, itertools.chain.from_iterable(
                            block for block, _plain in self._blocks)), self._description)
                    break
                self._lines = lines
            lines = self._lines[self._at:self._at + size - len(rows)]
            self._at += len(lines)
            self._split_lines += len(lines)
            split = list(map(str.split, lines, itertools.repeat(self._delimiter)))
            if "" in lines:  # an empty line is a row without cells
                split = [cells if line else [] for line, cells in zip(lines, split)]
            rows += split
        if self._reader is not None and len(rows) < size:
            rows += itertools.islice(self._reader, size - len(rows))
        return rows


def read_csv(raw: IO[bytes], head: bytes) -> tuple[list[TableScan], int]:
    """Scans a CSV stream whose first bytes `head` were already read from
    `raw`; returns ([the table], bytes read)."""
    description = reading.describe_text(head, complete=len(head) < HEAD_SIZE)
    source = _CsvSource(raw, head, description.encoding or "utf-8", description.bom)
    if csv.field_size_limit() < MAX_LINE:
        csv.field_size_limit(MAX_LINE)
    reader = _RowReader(source.lines(), description)
    try:
        first = reader.batch(HEADER_LOOKAHEAD)
        table, data = _table_from_first_rows(first, None)
        table.feed(data, None)
        line = reader.line_num
        while True:
            batch = reader.batch(BATCH_ROWS)
            if not batch:
                break
            end = reader.line_num
            table.feed(batch, source.identifier_rows(line, end, len(batch)))
            line = end
    except csv.Error:
        raise ScanError("unreadable_csv", N_(
            "Berkas CSV tidak dapat dibaca di sekitar baris ke-{line}: periksa tanda petik (\") "
            "yang tidak ditutup."), line=reader.line_num) from None
    return [table], source.bytes_read


def _table_from_first_rows(first: list[list[str]], sheet: str | None) -> tuple[TableScan, list[list[str]]]:
    """Returns (a TableScan with the header found among `first`, the data rows of `first`)."""
    header_index = choose_header(first)
    if header_index is None:
        width = max(map(len, first), default=0)
        return TableScan(None, sheet=sheet, width=min(width, MAX_COLUMNS)), first
    return TableScan(first[header_index][:MAX_COLUMNS], sheet=sheet), first[header_index + 1:]


# --- XLSX --------------------------------------------------------------------------

def cell_text(value: Any) -> str:
    """Returns a spreadsheet or JSON value as text: whole numbers without a
    decimal part (a NIK typed as a number reads as its 16 digits)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e17:
            return "%d" % value
        return repr(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def read_xlsx(source: Any) -> list[TableScan]:
    """Scans every worksheet of an XLSX workbook (a path or a seekable
    binary file); returns one TableScan per worksheet with rows."""
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ScanError("unreadable_xlsx", N_(
            "Berkas XLSX tidak dapat dibuka; simpan ulang dari Excel atau LibreOffice sebagai "
            "Excel Workbook (.xlsx).")) from None
    tables = []
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()
            rows = (list(map(cell_text, row)) for row in sheet.iter_rows(values_only=True))
            first = list(itertools.islice(rows, HEADER_LOOKAHEAD))
            if not any(any(cell.strip() for cell in row) for row in first):
                continue
            table, data = _table_from_first_rows(first, sheet.title)
            table.feed(data, None)
            while True:
                batch = list(itertools.islice(rows, BATCH_ROWS))
                if not batch:
                    break
                table.feed(batch, None)
            tables.append(table)
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise ScanError("unreadable_xlsx", N_(
            "Berkas XLSX tidak dapat dibuka; simpan ulang dari Excel atau LibreOffice sebagai "
            "Excel Workbook (.xlsx).")) from None
    finally:
        workbook.close()
    return tables


# --- GeoJSON -----------------------------------------------------------------------

GEOMETRY_COLUMN = "geometry"
_GEOMETRY_KEY = object()  # the geometry's place in the column index, apart from property names


FEATURES = "features.item"   # the features of a FeatureCollection
RECORDS = "item"             # the objects of a top-level JSON array
SINGLE_FEATURE = ""          # the document itself is one Feature


def read_geojson(raw: IO[bytes], items: str = FEATURES) -> list[TableScan]:
    """Scans the features of a GeoJSON FeatureCollection, one at a time;
    with `items` RECORDS, the objects of a top-level JSON array (each object
    a row, as APIs export tables); with SINGLE_FEATURE, a lone Feature."""
    import ijson

    records = items == RECORDS
    table = TableScan([])
    index: dict[Any, int] = {}
    batch: list[list[str]] = []
    try:
        for feature in ijson.items(raw, items, use_float=True):
            if not isinstance(feature, dict):
                continue
            properties = feature if records else feature.get("properties")
            row = [""] * len(table.columns)
            if isinstance(properties, dict):
                for key, value in properties.items():
                    column = index.get(key)
                    if column is None:
                        if len(table.columns) >= MAX_COLUMNS:
                            continue
                        column = index[key] = table.add_column(str(key))
                        row.append("")
                    row[column] = cell_text(value)
            if not records and feature.get("geometry"):
                column = index.get(_GEOMETRY_KEY)
                if column is None:
                    column = index[_GEOMETRY_KEY] = table.add_column(GEOMETRY_COLUMN)
                    row.append("")
                row[column] = "1"
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                table.feed(batch, None)
                batch = []
        table.feed(batch, None)
    except (ijson.JSONError, UnicodeDecodeError):
        raise ScanError("unreadable_json", N_(
            "Berkas GeoJSON tidak dapat dibaca: isinya bukan JSON yang valid atau terpotong."
        )) from None
    return [table]
