"""Reference periods of a statistic's rows: a year, a half-year, a quarter or
a month, written the way PICs write them in the `periode` column."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

YEAR, SEMESTER, QUARTER, MONTH = "tahun", "semester", "triwulan", "bulan"

# Months written out (Indonesian first, then English), for "Januari 2025".
_MONTH_SPELLINGS = (
    ("januari", "january", "jan"), ("februari", "february", "feb", "pebruari"),
    ("maret", "march", "mar"), ("april", "apr"), ("mei", "may"),
    ("juni", "june", "jun"), ("juli", "july", "jul"),
    ("agustus", "august", "agu", "agt", "aug"),
    ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
    ("november", "nov", "nopember"), ("desember", "december", "des", "dec"))
MONTH_NAMES = {
    name: number
    for number, names in enumerate(_MONTH_SPELLINGS, start=1)
    for name in names
}
#: The Indonesian name of each month, January first: "Januari".
MONTHS_ID = tuple(names[0].capitalize() for names in _MONTH_SPELLINGS)

_PATTERNS = (
    (re.compile(r"^(\d{4})$"), YEAR),
    (re.compile(r"^(\d{4})\s*[-/.]?\s*(?:S|SM|SEM|SEMESTER)\s*([12])$"), SEMESTER),
    (re.compile(r"^(\d{4})\s*[-/.]?\s*(?:Q|T|TW|TRIWULAN)\s*([1-4])$"), QUARTER),
    (re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*\d{1,2})?$"), MONTH),
    (re.compile(r"^(\d{4})(\d{2})$"), MONTH),
)
_MONTH_FIRST = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{4})$")
_MONTH_NAME = re.compile(r"^([a-z]+)\s+(\d{4})$")

_SPAN = {YEAR: 12, SEMESTER: 6, QUARTER: 3, MONTH: 1}


@dataclass(frozen=True)
class Period:
    """One reference period. `index` is the half-year, quarter or month
    within the year (0 for a whole year)."""
    year: int
    kind: str = YEAR
    index: int = 0

    @property
    def first_month(self) -> int:
        return 1 if self.kind == YEAR else (self.index - 1) * _SPAN[self.kind] + 1

    @property
    def last_month(self) -> int:
        return self.first_month + _SPAN[self.kind] - 1

    @property
    def sort_key(self) -> tuple[int, int, int]:
        # A year sorts after its own months: it covers until December.
        return (self.year, self.last_month, -_SPAN[self.kind])

    @property
    def code(self) -> str:
        """The canonical spelling: 2025, 2025-S1, 2025-T3, 2025-07."""
        if self.kind == YEAR:
            return f"{self.year}"
        if self.kind == SEMESTER:
            return f"{self.year}-S{self.index}"
        if self.kind == QUARTER:
            return f"{self.year}-T{self.index}"
        return f"{self.year}-{self.index:02d}"

    def __str__(self) -> str:
        return self.code

    def __lt__(self, other: "Period") -> bool:
        return self.sort_key < other.sort_key


def _checked(year: int, kind: str, index: int = 0) -> Period:
    if not 1900 <= year <= 2100:
        raise ValueError(f"year out of range: {year}")
    if kind == MONTH and not 1 <= index <= 12:
        raise ValueError(f"month out of range: {index}")
    return Period(year, kind, index)


def parse_period(value: object) -> Period:
    """A Period from a cell: "2025", "2025-01", "2025/1", "202501",
    "01/2025", "Januari 2025", "2025-T1"/"2025-Q1"/"2025 TW 1",
    "2025-S2", a year as a number, or a date. ValueError otherwise."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return _checked(value.year, MONTH, value.month)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _checked(value, YEAR)
    text = " ".join(str(value or "").split()).upper()
    if not text:
        raise ValueError("empty period")
    for pattern, kind in _PATTERNS:
        match = pattern.match(text)
        if match:
            year = int(match.group(1))
            return _checked(year, kind, int(match.group(2)) if kind != YEAR else 0)
    match = _MONTH_FIRST.match(text)
    if match:
        return _checked(int(match.group(2)), MONTH, int(match.group(1)))
    match = _MONTH_NAME.match(text.lower())
    if match and match.group(1) in MONTH_NAMES:
        return _checked(int(match.group(2)), MONTH, MONTH_NAMES[match.group(1)])
    raise ValueError(f"not a period: {value!r}")
