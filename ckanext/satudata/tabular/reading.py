"""One way to read a table: what a file is, its encoding, its delimiter and
its header row, decided once here for every reader of uploaded tables (the
statistics extraction, the point-file checks, the personal-data scanner).
Plain Python: no CKAN import.

* What the file is comes from its content (``kinds.kind_of``): a workbook,
  GeoJSON, or text read as CSV.
* Encoding of text: a byte order mark decides (UTF-8, UTF-16 LE/BE); UTF-16
  written without one is recognised by its NUL bytes; otherwise UTF-8 when
  the first bytes decode as UTF-8, else Windows-1252 (a spreadsheet's "CSV"
  on Windows). Only when the first bytes are not even Windows-1252 is
  ``charset-normalizer`` asked (on the first bytes only). Bytes that do not
  decode later in the file become U+FFFD, never an error.
* Delimiter: comma, semicolon, tab or bar, whichever splits the first lines
  (read as CSV, quotes respected) into the same number of cells most often;
  ties go to the larger number of cells, then to the order of DELIMITERS.
* Header: the first row that is not empty and, when the first rows hold
  more than one filled cell, fills at least two cells and half as many as
  the fullest of them: a title line above the header ("Tabel 3. Jumlah
  posyandu ...") is skipped.
* A workbook is streamed with openpyxl's read-only mode: the first sheet
  that holds data.

Rows are numbered as the PIC sees them in a spreadsheet: the file's first
row is row 1 (in a plain file the header is row 1, the first data row 2).
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
from dataclasses import dataclass, field
from typing import IO, Any, Callable, Iterable, Iterator, Sequence

from ckanext.satudata.tabular import kinds as file_kinds
from ckanext.satudata.tabular.streams import PrefixedStream

CSV, XLSX, GEOJSON = file_kinds.CSV_FORMAT, file_kinds.XLSX_FORMAT, file_kinds.GEOJSON_FORMAT
DELIMITERS = (",", ";", "\t", "|")
HEAD_SIZE = file_kinds.HEAD_SIZE
#: First rows looked at for the header (a title line or two above it).
HEADER_LOOKAHEAD = 10
#: First lines looked at for the delimiter.
DELIMITER_LINES = 20

ERROR, QUESTION, WARNING = "error", "question", "warning"
SEVERITIES = (ERROR, QUESTION, WARNING)


# --- what is read ------------------------------------------------------------------

@dataclass(frozen=True)
class Description:
    """How a file was read. `kind`: "csv", "xlsx" or "geojson" (else the
    ``kinds`` kind: "binary", "zip"...). `encoding` and `delimiter` are None
    outside text; `bom` is the length of the byte order mark skipped;
    `header_row` the 1-based row of the header (None: no header found yet);
    `sheet` the worksheet read."""

    kind: str
    encoding: str | None = None
    delimiter: str | None = None
    bom: int = 0
    header_row: int | None = None
    sheet: str | None = None

    @property
    def is_table(self) -> bool:
        return self.kind in (CSV, XLSX)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "encoding": self.encoding, "delimiter": self.delimiter,
                "header_row": self.header_row, "sheet": self.sheet}


@dataclass(frozen=True)
class TableProblem:
    """One problem of one cell or row, for the PIC: `row` as numbered in a
    spreadsheet (header = row 1 in a plain file), `column` the header as
    written (None: the whole row), `code` stable for programs, `severity`
    ERROR, QUESTION (the portal will not guess; the PIC says) or WARNING,
    `message` an Indonesian source text marked with ``N_`` whose
    ``{placeholders}`` are filled from `params` by render(), `value` the
    cell as written ("" when empty)."""

    row: int
    column: str | None
    code: str
    severity: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    value: str = ""

    def render(self, gettext: Callable[[str], str] = lambda text: text) -> str:
        """The message translated by `gettext` (``toolkit._`` in CKAN), filled in."""
        return gettext(self.message).format(**self.params)

    def as_dict(self, gettext: Callable[[str], str] = lambda text: text) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "code": self.code,
                "severity": self.severity, "value": self.value,
                "message": self.render(gettext)}


class Table:
    """The rows of a table from its header on (title lines above dropped):
    iterating gives the header, then every row after it, empty rows
    included, so that the n-th row given is spreadsheet row
    ``description.header_row + n - 1``. Cells are text for CSV; a workbook's
    cells keep their values (numbers, dates, None)."""

    def __init__(self, description: Description, rows: Iterator[Sequence[Any]],
                 reader: Any = None, close: Callable[[], None] | None = None):
        self.description = description
        self._rows = rows
        self._reader = reader
        self._close = close

    def close(self) -> None:
        """Closes the workbook read (rows read to the end close it too)."""
        if self._close is not None:
            self._close()

    def __enter__(self) -> "Table":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def line_num(self) -> int:
        """The line of the file read last (CSV; 0 for a workbook): where a
        csv.Error came from."""
        return getattr(self._reader, "line_num", 0)

    def __iter__(self) -> Iterator[Sequence[Any]]:
        return self._rows

    def __next__(self) -> Sequence[Any]:
        return next(self._rows)


# --- encoding and delimiter --------------------------------------------------------

def detect_encoding(head: bytes) -> tuple[str, int]:
    """Returns (encoding, length of the byte order mark) for a text file's
    first bytes: "utf-8", "utf-16-le", "utf-16-be", "cp1252" (or, rarely, what
    charset-normalizer names when the bytes are not even Windows-1252)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", len(codecs.BOM_UTF8)
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2
    order = file_kinds.utf16_order(head)
    if order:
        return order, 0
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8", 0
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
        return "cp1252", 0
    except UnicodeDecodeError:
        return _guessed_encoding(head), 0


def _guessed_encoding(head: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(head[:16384]).best()
    if best is None:
        return "cp1252"
    try:
        return codecs.lookup(best.encoding).name
    except LookupError:
        return "cp1252"


def ascii_compatible(encoding: str) -> bool:
    """Whether `encoding` writes ASCII as ASCII (UTF-8, Windows-1252: the
    bytes can be screened as they are; UTF-16 cannot)."""
    try:
        return "a,;\t|\n0".encode(encoding) == b"a,;\t|\n0"
    except (LookupError, UnicodeError):
        return False


def head_text(head: bytes, encoding: str, bom: int) -> str:
    """The first bytes of a text file as text (a character cut at the end dropped)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return decoder.decode(head[bom:], final=False)


def detect_delimiter(text: str, complete: bool = False) -> str:
    """Returns the delimiter (of DELIMITERS) that splits the first lines of
    `text` into the same number of cells most often; ties: the larger number
    of cells, then the first of DELIMITERS. `complete`: `text` is the whole
    file (else its last line may be cut short and is not counted). A text
    that no delimiter splits is read with ","."""
    lines = text.splitlines()
    if not complete and len(lines) > 1:
        lines.pop()
    lines = lines[:DELIMITER_LINES]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        if not any(delimiter in line for line in lines):
            continue
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=delimiter) if row]
        except csv.Error:
            continue
        if not widths:
            continue
        mode = max(set(widths), key=lambda width: (widths.count(width), width))
        if mode < 2:
            continue
        score = (widths.count(mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def describe_text(head: bytes, complete: bool = False) -> Description:
    """The Description of a CSV file from its first bytes (header not yet known)."""
    encoding, bom = detect_encoding(head)
    delimiter = detect_delimiter(head_text(head, encoding, bom), complete)
    return Description(CSV, encoding=encoding, delimiter=delimiter, bom=bom)


def decoded(binary: IO[bytes], head: bytes, description: Description) -> io.TextIOWrapper:
    """The text of a CSV file whose first bytes `head` were read from
    `binary`, decoded as `description` says (byte order mark skipped,
    undecodable bytes as U+FFFD), lines ends left for the csv module."""
    stream = io.BufferedReader(PrefixedStream(head[description.bom:], binary), 1 << 16)
    return io.TextIOWrapper(stream, encoding=description.encoding or "utf-8",
                            errors="replace", newline="")


# --- the header --------------------------------------------------------------------

def _filled(row: Sequence[Any]) -> int:
    return sum(1 for cell in row if cell is not None and str(cell).strip())


def header_index(rows: Sequence[Sequence[Any]]) -> int | None:
    """The index of the header among a table's first rows (see the module's
    docstring), or None when every row is empty."""
    counts = [_filled(row) for row in rows]
    widest = max(counts, default=0)
    if widest == 0:
        return None
    for index, count in enumerate(counts):
        if count and (widest == 1 or (count >= 2 and count * 2 >= widest)):
            return index
    return counts.index(widest)


def from_header(description: Description, rows: Iterator[Sequence[Any]],
                reader: Any = None, close: Callable[[], None] | None = None) -> Table:
    """A Table starting at the header found among the first filled rows of
    `rows` (the file's rows from row 1); empty rows above are skipped.
    `reader`: the csv reader (for its line number); `close`: what closes the file."""
    skipped, first_row = _first_filled(rows)
    if first_row is None:
        return Table(description, iter(()), reader, close)
    first = [first_row] + list(itertools.islice(rows, HEADER_LOOKAHEAD - 1))
    index = header_index(first) or 0
    description = Description(**{**description.__dict__, "header_row": skipped + index + 1})
    return Table(description, itertools.chain(first[index:], rows), reader, close)


def _first_filled(rows: Iterator[Sequence[Any]]) -> tuple[int, Sequence[Any] | None]:
    """(number of empty rows skipped, the first row with a filled cell or None)."""
    skipped = 0
    for row in rows:
        if _filled(row):
            return skipped, row
        skipped += 1
    return skipped, None


# --- whole files -------------------------------------------------------------------

def csv_table(binary: IO[bytes], head: bytes | None = None, complete: bool | None = None,
              strict: bool = False) -> Table:
    """The Table of a CSV file; `head`: its first bytes, already read from
    `binary` (read here when None; `complete`: `head` is the whole file).
    `strict`: a quote left open raises csv.Error (else the csv module reads
    on, as spreadsheets do). Reading the header reads the first rows: a
    csv.Error may come from csv_table itself."""
    if head is None:
        head = binary.read(HEAD_SIZE)
        complete = len(head) < HEAD_SIZE
    description = describe_text(head, bool(complete))
    reader = csv_reader(decoded(binary, head, description), description, strict=strict)
    return from_header(description, reader, reader)


def csv_reader(text: Iterable[str], description: Description, strict: bool = False) -> Any:
    """A csv.reader over `text` with the delimiter of `description` (its
    `line_num` says where an error came from)."""
    return csv.reader(text, delimiter=description.delimiter or ",", strict=strict)


def xlsx_table(source: Any) -> Table:
    """The Table of the first worksheet holding data of an XLSX workbook
    (streamed; `source` a seekable binary file or a path). The workbook is
    closed when its rows are exhausted or the iterator is closed. Raises
    what openpyxl raises for a broken workbook."""
    import openpyxl  # only needed for spreadsheets

    workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            if not hasattr(sheet, "iter_rows"):
                continue  # a chartsheet
            sheet.reset_dimensions()  # some writers store wrong dimensions
            rows = sheet.iter_rows(values_only=True)
            skipped, first = _first_filled(rows)
            if first is None:
                continue
            rows = itertools.chain(itertools.repeat((), skipped), [first], rows)
            return from_header(Description(XLSX, sheet=sheet.title), _closing(rows, workbook),
                               close=workbook.close)
    except BaseException:
        workbook.close()
        raise
    workbook.close()
    return Table(Description(XLSX), iter(()))


def _closing(rows: Iterator[Sequence[Any]], workbook: Any) -> Iterator[Sequence[Any]]:
    try:
        yield from rows
    finally:
        workbook.close()


def describe(binary: IO[bytes]) -> Description:
    """What the seekable `binary` holds, read from its start (position restored)."""
    start = binary.tell()
    head = binary.read(HEAD_SIZE)
    try:
        kind = file_kinds.kind_of(head, binary)
        if kind in (file_kinds.TEXT, file_kinds.EMPTY):
            return describe_text(head, len(head) < HEAD_SIZE)
        if kind == file_kinds.XLSX:
            return Description(XLSX)
        if kind == file_kinds.GEOJSON:
            return Description(GEOJSON)
        return Description(kind)
    finally:
        binary.seek(start)


def open_table(binary: IO[bytes]) -> Table | None:
    """The Table of a table file (a workbook or CSV text), whatever its name;
    None when it is not a table (GeoJSON, JSON, PDF, an archive that is not
    a workbook...). `binary` is seekable and read from its start."""
    head = binary.read(HEAD_SIZE)
    kind = file_kinds.kind_of(head, binary)
    if kind == file_kinds.XLSX:
        binary.seek(0)
        return xlsx_table(binary)
    if kind in (file_kinds.TEXT, file_kinds.EMPTY):
        return csv_table(binary, head, len(head) < HEAD_SIZE)
    return None


def cell_text(value: Any) -> str:
    """A cell as text: "" for None, whole floats without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def tidy_text(value: Any) -> str:
    """A cell as text (``cell_text``) with its runs of white space made one
    space and none at the ends: how names, codes and periods are compared."""
    return " ".join(cell_text(value).split())
