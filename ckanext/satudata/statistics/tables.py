"""Reading a statistic's table (the `statistik-sektoral` template:
kode_wilayah, nama_wilayah, periode, indikator, nilai, satuan) into
observations. Streaming: one row at a time (and a bounded look ahead of
LOOKAHEAD rows to learn how the file writes its numbers), whatever the file
size. Files are opened by the shared reader (``tabular.reading``).

Every row that gives no observation says why in `TableResult.problems`
(row and column as the PIC sees them in a spreadsheet, a stable code, a
severity, an Indonesian message): a value that is not a number, a period
that is not one, an empty cell, or a number that reads two ways
(``1.234``: 1234 or 1,234?), which is asked, never guessed."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import IO, Any, Iterable, Iterator, Sequence

from ckanext.satudata.tabular import reading
from ckanext.satudata.tabular import table_schemas
from ckanext.satudata.tabular.reading import (
    ERROR, QUESTION, Description, TableProblem, tidy_text)
from ckanext.satudata.translation import N_
from ckanext.satudata.statistics.numbers import ID, NumberSense, number_text
from ckanext.satudata.statistics.periods import Period, parse_period

#: Accepted headers of each column (compared lowercased, spaces as _), from
#: the table schema of `statistik-sektoral`.
COLUMNS = table_schemas.STATISTIK_SEKTORAL.aliases()

#: Rows read from one file at most: a statistic is an aggregate table, a
#: longer file is not one (and must not fill the database).
MAX_ROWS = 200_000


@dataclass(frozen=True, slots=True)
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


#: Data rows read ahead to learn, per column, how the file writes its numbers.
LOOKAHEAD = 1_000
#: Problems kept at most (all are counted in `problem_counts`).
MAX_PROBLEMS = 1_000

UNREADABLE_NUMBER = "unreadable_number"
AMBIGUOUS_NUMBER = "ambiguous_number"
UNREADABLE_PERIOD = "unreadable_period"
MISSING_VALUE = "missing_value"

_MESSAGES = {
    UNREADABLE_NUMBER: N_(
        "Baris {row}, kolom {column}: \"{value}\" bukan angka; tulis angka saja, "
        "misalnya 1234 atau 12,5."),
    AMBIGUOUS_NUMBER: N_(
        "Baris {row}, kolom {column}: \"{value}\" dapat berarti {thousands} atau pecahan "
        "{fraction}. Bila {thousands}, tulis tanpa titik; bila pecahan, tulis {fraction} dan "
        "unggah sebagai XLSX atau CSV dengan pemisah titik koma (;)."),
    UNREADABLE_PERIOD: N_(
        "Baris {row}, kolom {column}: periode \"{value}\" tidak dikenali; tulis misalnya "
        "2025, 2025-S1, 2025-T3 atau 2025-07."),
    MISSING_VALUE: N_(
        "Baris {row}, kolom {column}: sel kosong; isi nilainya (tulis 0 bila nol) atau hapus "
        "baris ini."),
}
_SEVERITIES = {UNREADABLE_NUMBER: ERROR, AMBIGUOUS_NUMBER: QUESTION,
               UNREADABLE_PERIOD: ERROR, MISSING_VALUE: ERROR}
#: Longest cell shown in a message.
SHOWN_VALUE = 60
#: Cells read as "no value" (BPS writes "-" for none, "..." for not available).
_EMPTY = frozenset({"", "-", "–", "—", "...", "…", "n/a", "na", "#n/a"})


@dataclass
class TableResult:
    """A table read into observations. `problems`: the first MAX_PROBLEMS
    problems of rows that gave no observation, in row order;
    `problem_counts`: every problem counted by severity. `description`: how
    the file was read (None for rows given by the caller, e.g. the DataStore)."""

    observations: list[Observation] = field(default_factory=list)
    skipped_rows: int = 0
    missing_columns: list[str] = field(default_factory=list)
    truncated: bool = False
    problems: list[TableProblem] = field(default_factory=list)
    problem_counts: dict[str, int] = field(default_factory=dict)
    description: Description | None = None

    @property
    def readable(self) -> bool:
        return not self.missing_columns

    @property
    def encoding(self) -> str | None:
        return self.description.encoding if self.description else None

    @property
    def delimiter(self) -> str | None:
        return self.description.delimiter if self.description else None

    def add_problem(self, problem: TableProblem) -> None:
        self.problem_counts[problem.severity] = self.problem_counts.get(problem.severity, 0) + 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


def problem(code: str, row: int, column: str, value: Any, **params: Any) -> TableProblem:
    """The TableProblem `code` of the cell at `row`, `column` holding `value`."""
    shown = tidy_text(value)
    if len(shown) > SHOWN_VALUE:
        shown = shown[:SHOWN_VALUE - 1] + "\u2026"
    return TableProblem(row=row, column=column, code=code, severity=_SEVERITIES[code],
                        message=_MESSAGES[code], value=tidy_text(value),
                        params={"row": row, "column": column, "value": shown, **params})


def _column_positions(header: Sequence[object]) -> dict[str, int]:
    names = [table_schemas.normalise_header(h) for h in header]
    positions: dict[str, int] = {}
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


def _number_style(description: Description | None) -> str | None:
    """The style of numbers written as text: Indonesian in a `;`-separated
    file and in a workbook's text cells; else each column's values decide."""
    if description is None:
        return None
    if description.kind == reading.XLSX or description.delimiter == ";":
        return ID
    return None


def read_observations(rows: Iterable[Sequence[Any]], max_rows: int = MAX_ROWS,
                      description: Description | None = None) -> TableResult:
    """Observations from a table's rows, the first being the header (a
    reading.Table gives its own description and header row). Rows without
    a readable period or value are counted in `skipped_rows` and reported
    in `problems`; a table without a `periode` or `nilai` column gives
    `missing_columns`."""
    if description is None:
        description = getattr(rows, "description", None)
    result = TableResult(description=description)
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        result.missing_columns = ["periode", "nilai"]
        return result
    positions = _column_positions(header)
    result.missing_columns = [c for c in ("periode", "nilai") if c not in positions]
    if result.missing_columns:
        return result
    names = {column: tidy_text(header[position]) or column for column, position in positions.items()}
    nilai_at = positions["nilai"]
    numbers = NumberSense(_number_style(description))
    ahead = list(itertools.islice(iterator, LOOKAHEAD))
    for row in ahead:
        numbers.learn(nilai_at, _cell(row, nilai_at))
    header_row = (description.header_row if description and description.header_row else 1)
    data_rows = 0
    for number, row in enumerate(itertools.chain(ahead, iterator), start=header_row + 1):
        if not any(tidy_text(cell) for cell in row):
            continue
        data_rows += 1
        if data_rows > max_rows:
            result.truncated = True
            break
        found = _row_problems(row, number, positions, names, numbers)
        if isinstance(found, list):
            result.skipped_rows += 1
            for item in found:
                result.add_problem(item)
            continue
        periode, nilai = found
        result.observations.append(Observation(
            kode_wilayah=tidy_text(_cell(row, positions.get("kode_wilayah"))),
            nama_wilayah=tidy_text(_cell(row, positions.get("nama_wilayah"))),
            periode=periode, nilai=nilai,
            indikator=tidy_text(_cell(row, positions.get("indikator"))), row=number))
    return result


def _row_problems(row: Sequence[Any], number: int, positions: dict[str, int],
                  names: dict[str, str], numbers: NumberSense
                  ) -> tuple[Period, float] | list[TableProblem]:
    """(period, value) of a data row, or the problems that keep it from
    giving an observation."""
    problems = []
    raw_period = _cell(row, positions["periode"])
    periode = None
    if tidy_text(raw_period).lower() in _EMPTY:
        problems.append(problem(MISSING_VALUE, number, names["periode"], raw_period))
    else:
        try:
            periode = parse_period(raw_period)
        except ValueError:
            problems.append(problem(UNREADABLE_PERIOD, number, names["periode"], raw_period))
    raw_value = _cell(row, positions["nilai"])
    value = numbers.read(positions["nilai"], raw_value)
    if value.value is not None and periode is not None:
        return periode, value.value
    if value.ambiguous:
        problems.append(problem(
            AMBIGUOUS_NUMBER, number, names["nilai"], raw_value,
            thousands=number_text(value.thousands or 0, ID),
            fraction=number_text(value.fraction or 0, ID)))
    elif value.value is None:
        code = MISSING_VALUE if tidy_text(raw_value).lower() in _EMPTY else UNREADABLE_NUMBER
        problems.append(problem(code, number, names["nilai"], raw_value))
    return problems


def csv_rows(binary: IO[bytes]) -> reading.Table:
    """The rows of a CSV file (from its header on), read by the shared
    reader: encoding, delimiter and header found from the content."""
    return reading.csv_table(binary)


def xlsx_rows(source: Any) -> reading.Table:
    """The rows of the first worksheet holding data of an XLSX workbook
    (read-only, streaming): `source` is a seekable binary file, or a path
    (opened here: openpyxl itself refuses a path without an .xlsx
    extension, and CKAN stores uploads without one)."""
    if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__"):
        binary = open(source, "rb")
        try:
            table = reading.xlsx_table(binary)
        except BaseException:
            binary.close()
            raise
        return reading.Table(table.description, _closing_file(table, binary))
    return reading.xlsx_table(source)


def _closing_file(rows: Iterable[Sequence[Any]], binary: IO[bytes]) -> Iterator[Sequence[Any]]:
    try:
        yield from rows
    finally:
        binary.close()


def table_rows(binary: IO[bytes]) -> reading.Table | None:
    """The rows of a table file as its content is (a workbook or CSV text),
    whatever its name; None when it is not a table (JSON, PDF, an archive
    that is not a workbook...). `binary` is seekable and read from its start."""
    return reading.open_table(binary)
