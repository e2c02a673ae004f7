"""The analysis of one table (a CSV file, a worksheet, a GeoJSON layer).

A TableScan receives the table's header, then its rows in batches, and at the
end returns its findings. It keeps counters per column, never a value, so its
memory does not depend on the number of rows.

How a table is judged (the rules; the vocabulary is in columns.py):

1. NIK / No. KK: every cell of 16 or more characters is normalised
   (identifiers.py). A column is a finding when at least one value is a valid
   population number and valid values are at least half of its 16-digit
   values: a column of bank account or other 16-digit numbers has a valid
   region and date by chance in well under 1 % of its rows, a NIK column in
   nearly all. The finding is `kk` when the column's name says KK and no
   value carries a woman's day (+40), else `nik`. Rows = valid values.
2. The first SAMPLE_ROWS data rows decide what each column is: a count
   (integers only, not a year, code, number, age, ...), a measure (numbers,
   including rates), names of people (for a bare "nama": at least half of
   the values read like a person's name, not a place), ICD-10 codes (at least
   60 % of the values). Counts keep being checked to the end: one value that
   is not a whole number makes the column a measure.
3. A table is about individuals when it has a NIK/KK finding, a column of
   people's names or a medical record / insurance number column. It is an
   aggregate when it has a count or measure column.
4. Findings: a person-name column next to an address or location column
   (`name_address`; rows where both are filled); medical record numbers
   (`health`, always); strong health and biometric/genetic/criminal columns
   when the table is about individuals or is not an aggregate (a table of
   diagnoses without any count is a list of patients; "jenis penyakit" next to
   "jumlah kasus" is a statistic); weak health columns (gizi, imunisasi, ...)
   and personal finance only when the table is about individuals; children's
   names always (`specific`).
5. Small cells: in a table without blocking findings, each count column of
   people (not of things, see columns.THING_WORDS) with cells from 1 to 4
   gives a `small_cells` warning with the number of such cells. 0 is not a
   small cell.
"""
from __future__ import annotations

import re
from itertools import compress
from operator import add, lt, not_
from typing import Sequence

from ckanext.satudata.privacy import columns as names
from ckanext.satudata.privacy.findings import (
    CHILDREN, HEALTH, KK, NAME_ADDRESS, NIK, SMALL_CELLS, SPECIFIC, Finding, display_name)
from ckanext.satudata.privacy.identifiers import (
    DIGITS, LEAP_DAY, PREFIXES, VALID_DAY_MONTH, digit_runs, embedded_digits, identifier_digits,
    is_population_number, is_womans_nik)

SAMPLE_ROWS = 1000
SMALL_VALUES = ("1", "2", "3", "4")
MIN_IDENTIFIER_LENGTH = 16
MIN_ICD_VALUES = 3
# Cells that stand for "none" or "not available" in statistics tables (BPS
# writes "-" for zero): neither a number nor text.
_PLACEHOLDERS = frozenset({"-", "–", "—", "...", "…", "x", "na", "n/a", "#n/a", "null", "none"})
_INTEGER = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})?(?:\1[0-9]{3})*|[0-9]+")
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:[.,][0-9]+)?|[0-9]{1,3}(?:[.,][0-9]{3})+(?:[.,][0-9]+)?)%?")
_MANY_DIGITS = re.compile(r"(?:[0-9][^0-9]?){8}")
_YEAR_HEADING = re.compile(r"(?:19|20)[0-9]{2}(?:\s*[-/]\s*(?:19|20)?[0-9]{2})?")
MAX_COLUMNS = 2000
_PLAIN_16 = re.compile(r"[0-9]{16}").fullmatch


def _as_int(text: str) -> int:
    """Returns the machine integer that the ASCII bytes of `text` (2 or 4
    characters) read as through a memoryview cast ("H" or "I"), as
    _Column._count_plain reads the parts of a 16-digit number."""
    return memoryview(text.encode()).cast("I" if len(text) == 4 else "H")[0]


_REGENCY_INTS = frozenset(map(_as_int, PREFIXES))
_KECAMATAN_00 = _as_int("00")
_DAY_MONTH_INTS = frozenset(map(_as_int, VALID_DAY_MONTH))
_LEAP_DAY_INTS = frozenset(map(_as_int, LEAP_DAY))
_MEN_DAY_MONTH_INTS = frozenset(_as_int(dm) for dm in VALID_DAY_MONTH if dm[:2] <= "40")


def column_label(header_cell: str) -> str:
    """Returns the column's name for messages: the header cell cleaned, or ""
    when it is empty or looks like a value (8 digits or more) rather than a
    name, so that no identifier from a header-less file reaches a message."""
    text = display_name(header_cell)
    if not text or (_MANY_DIGITS.search(text) and not _YEAR_HEADING.fullmatch(text)):
        return ""
    return text


def choose_header(rows: Sequence[Sequence[str]]) -> int | None:
    """Returns the index of the header among a table's first rows: the first
    row that fills at least half as many cells as the fullest row and whose
    filled cells are mostly words or year headings (2024, 2023/2024), with no
    longer number (titles above a table fill one cell). None when no row
    qualifies (a table without header: every row is data)."""
    counts = [sum(1 for cell in row if cell.strip()) for row in rows]
    widest = max(counts, default=0)
    if widest == 0:
        return None
    for index, row in enumerate(rows):
        filled = [cell.strip() for cell in row if cell.strip()]
        if not filled or len(filled) * 2 < widest:
            continue
        worded = sum(1 for cell in filled
                     if names.has_letters(cell) or _YEAR_HEADING.fullmatch(cell))
        long_numbers = sum(1 for cell in filled
                           if not names.has_letters(cell) and not _YEAR_HEADING.fullmatch(cell)
                           and len(cell) > 4)
        if worded * 2 >= len(filled) and not long_numbers:
            return index
        return None
    return None


class _Column:
    """Counters of one column."""

    __slots__ = (
        "number", "label", "role", "candidates", "valid", "women",
        "s_filled", "s_integer", "s_numeric", "s_year", "s_icd", "s_person", "s_letters",
        "filled", "integers_only", "small", "paired",
        "is_count", "is_measure", "is_person", "is_icd", "watch_count", "watch_filled")

    def __init__(self, number: int, header_cell: str):
        self.number = number
        self.label = column_label(header_cell)
        self.role = names.classify(header_cell) if self.label else names.ColumnRole()
        self.candidates = self.valid = self.women = 0
        self.s_filled = self.s_integer = self.s_numeric = self.s_year = 0
        self.s_icd = self.s_person = self.s_letters = 0
        self.filled = self.small = self.paired = 0
        self.integers_only = True
        self.is_count = self.is_measure = self.is_person = self.is_icd = False
        self.watch_count = self.watch_filled = False

    # --- sample phase: every value looked at ---------------------------------
    def sample(self, value: str) -> None:
        value = value.strip()
        if not value:
            return
        self.filled += 1
        if value.lower() in _PLACEHOLDERS:
            return
        self.s_filled += 1
        if _INTEGER.fullmatch(value):
            self.s_integer += 1
            self.s_numeric += 1
            if value.isdigit() and len(value) == 4 and "1900" <= value <= "2100":
                self.s_year += 1
            if value in SMALL_VALUES:
                self.small += 1
        elif _NUMBER.fullmatch(value):
            self.s_numeric += 1
            self.integers_only = False
        else:
            self.integers_only = False
        if names.has_letters(value):
            self.s_letters += 1
            if self.role.icd_allowed and names.looks_like_icd10(value):
                self.s_icd += 1
            if self.role.person_name == "maybe" and names.looks_like_person_name(value):
                self.s_person += 1

    def decide(self) -> None:
        """Settles what the column is from its sample."""
        role, filled = self.role, self.s_filled
        numeric = filled > 0 and self.s_numeric == filled
        year_like = filled > 0 and self.s_year == filled and not role.count_name
        self.is_measure = numeric and not year_like and not role.health_id and (
            not role.not_count or role.count_name or role.rate_name)
        self.is_count = (self.is_measure and self.integers_only and not role.rate_name
                         and self.s_integer == filled)
        self.watch_count = self.is_count
        worded = filled > 0 and self.s_letters * 2 >= filled
        if role.person_name == "maybe":
            self.is_person = worded and self.s_person * 2 >= filled
        else:
            self.is_person = role.person_name == "yes" and worded
        self.is_icd = role.icd_allowed and self.s_icd >= MIN_ICD_VALUES and self.s_icd * 10 >= filled * 6
        if self.is_icd and names.looks_like_icd10(self.label):
            self.label = ""  # a file without header: its first diagnosis is no column name
        # Address columns need no counter: the name + address rule counts pairs.
        self.watch_filled = bool(
            self.is_person or role.health_id or role.health or role.specific or self.is_icd)

    # --- after the sample: only what is needed ------------------------------
    def update_counts(self, values: list[str]) -> None:
        joined = "".join(values)
        if not joined.isdigit() and joined:
            self.integers_only = self.integers_only and all(
                not v.strip() or v.strip().lower() in _PLACEHOLDERS or _INTEGER.fullmatch(v.strip())
                for v in values)
        self.small += values.count("1") + values.count("2") + values.count("3") + values.count("4")

    def identifiers(self, values: list[str]) -> list[int]:
        """identifier() of each value; plain 16-digit values are checked a
        batch at a time (the bulk of a NIK or account number column)."""
        digits = "".join(values).encode()
        if len(digits) == DIGITS * len(values) and digits.isdigit() \
                and min(map(len, values)) == DIGITS:
            # every value is 16 digits (none shorter and the total is 16 each):
            # one check of the batch instead of one per value
            self._count_plain(digits, len(values))
            return [1] * len(values)
        plain = list(map(bool, map(_PLAIN_16, values)))
        runs = list(map(int, plain))
        digits = list(compress(values, plain))
        if digits:
            self._count_plain("".join(digits).encode(), len(digits))
        if len(digits) < len(values):
            for index in compress(range(len(values)), map(not_, plain)):
                if len(values[index]) >= MIN_IDENTIFIER_LENGTH:
                    runs[index] = self.identifier(values[index])
        return runs

    def _count_plain(self, digits: bytes, count: int) -> None:
        """Counts `count` plain 16-digit values, given end to end as ASCII
        `digits`: candidates, valid population numbers and (until one is
        seen) a woman's NIK. The parts of the rule are read for every value
        at once through memoryviews (regency: bytes 0-3, kecamatan: 4-5, day
        and month: 6-9, each as one machine integer, see _as_int) and
        checked for the batch with one set operation each; only a part that
        fails somewhere is checked value by value."""
        self.candidates += count
        regencies = memoryview(digits).cast("I")[0::4]
        kecamatan = memoryview(digits).cast("H")[2::8]
        day_months = memoryview(digits[2:] + b"00").cast("I")[1::4]
        positions = None  # the values still valid, when not all are
        found = regencies.tolist()
        if not set(found) <= _REGENCY_INTS:  # e.g. a column of account numbers
            positions = list(compress(range(count), map(_REGENCY_INTS.__contains__, found)))
            if not positions:
                return
        found = kecamatan.tolist() if positions is None else list(map(kecamatan.__getitem__, positions))
        if _KECAMATAN_00 in found:
            positions = list(compress(range(count) if positions is None else positions,
                                      map(_KECAMATAN_00.__ne__, found)))
        day_months = day_months.tolist() if positions is None else \
            list(map(day_months.__getitem__, positions))
        men_only = not self.women and _MEN_DAY_MONTH_INTS.issuperset(day_months)
        if not men_only and not _DAY_MONTH_INTS.issuperset(day_months):
            keep = list(map(_DAY_MONTH_INTS.__contains__, day_months))
            positions = list(compress(range(count) if positions is None else positions, keep))
            day_months = list(compress(day_months, keep))
        if not _LEAP_DAY_INTS.isdisjoint(day_months):  # 29 February needs a leap year
            positions = range(count) if positions is None else positions
            keep = [day_month not in _LEAP_DAY_INTS or int(digits[at * 16 + 10:at * 16 + 12]) % 4 == 0
                    for at, day_month in zip(positions, day_months)]
            day_months = list(compress(day_months, keep))
        self.valid += len(day_months)
        if not self.women and not men_only and not _MEN_DAY_MONTH_INTS.issuperset(day_months):
            # only whether there is one matters (KK or NIK): counted once
            self.women += 1

    def identifier(self, value: str) -> int:
        """Counts `value` when it is or holds a 16-digit number; returns how
        many runs of sixteen digits the CSV screening saw in it (at least 1
        for a number in scientific notation, 0 when it holds no number)."""
        if len(value) == 16 and value.isdigit():  # the usual case, kept inline
            self.candidates += 1
            if (value[:4] in PREFIXES and value[4:6] != "00" and value[6:10] in VALID_DAY_MONTH
                    and (value[6:10] not in LEAP_DAY or int(value[10:12]) % 4 == 0)):
                self.valid += 1
                if value[6:8] > "40":
                    self.women += 1
            return 1
        runs = digit_runs(value)
        if not runs and "+15" not in value:  # no number of a NIK's size in it
            return 0
        digits = identifier_digits(value)
        found = [digits] if digits else (list(embedded_digits(value)) if len(value) > 16 else [])
        if found:
            self.candidates += 1
            valid = [d for d in found if is_population_number(d)]
            if valid:
                self.valid += 1
                if any(is_womans_nik(d) for d in valid):
                    self.women += 1
        return max(runs, 1)


class TableScan:
    """Scans one table: `header` is its header row (None when it has none;
    columns are then known by number), `sheet` the worksheet name."""

    def __init__(self, header: Sequence[str] | None, sheet: str | None = None, width: int = 0):
        self.sheet = sheet
        cells = list(header) if header is not None else [""] * width
        self.columns: list[_Column] = [_Column(n + 1, cell) for n, cell in enumerate(cells)]
        self.rows = 0
        self._decided = False
        self._identifier_columns: list[int] = []  # where 16-digit numbers were seen
        self._refresh_pairs()

    @property
    def names(self) -> list[str]:
        """The columns' display names ("" for an unnamed column)."""
        return [column.label for column in self.columns]

    def add_column(self, header_cell: str) -> int:
        """Adds a column (a GeoJSON property first seen after the first
        feature); returns its 0-based index. Callers keep to MAX_COLUMNS."""
        column = _Column(len(self.columns) + 1, header_cell)
        if self._decided:
            column.decide()  # no sample left: judged on the name only
        self.columns.append(column)
        self._refresh_pairs()
        return len(self.columns) - 1

    def _ensure_width(self, width: int) -> None:
        while len(self.columns) < width:
            self.add_column("")

    def _refresh_pairs(self) -> None:
        self._name_columns = [i for i, c in enumerate(self.columns)
                              if c.role.person_name and (not self._decided or c.is_person)]
        self._address_columns = [i for i, c in enumerate(self.columns)
                                 if c.role.address or c.role.location]

    # --- feeding -----------------------------------------------------------------
    def feed(self, rows: list[list[str]],
             identifier_rows: tuple[Sequence[int], Sequence[int]] | None = None) -> None:
        """Adds a batch of data rows (lists of cell texts). `identifier_rows`
        is (indexes in `rows`, number of 16-digit runs of each) for the rows
        that may hold a 16-digit number, as the CSV screening found them;
        None means every cell of every row is checked."""
        if not rows:
            return
        width = max(map(len, rows))
        if width > len(self.columns):
            self._ensure_width(min(width, MAX_COLUMNS))
        self.rows += len(rows) - rows.count([])
        self._identifiers(rows, identifier_rows)
        self._pairs(rows)
        if not self._decided:
            room = SAMPLE_ROWS - self.rows + len(rows) - rows.count([])
            sample, rest = rows[:max(room, 0)], rows[max(room, 0):]
            for row in sample:
                for column, value in zip(self.columns, row):
                    column.sample(value)
            if self.rows < SAMPLE_ROWS:
                return
            self.decide()
            rows = rest
            if not rows:
                return
        self._watched(rows)

    def decide(self) -> None:
        """Ends the sample phase (called by feed() and finish())."""
        if self._decided:
            return
        for column in self.columns:
            column.decide()
        self._decided = True
        self._refresh_pairs()

    def _identifiers(self, rows: list[list[str]],
                     screened: tuple[Sequence[int], Sequence[int]] | None) -> None:
        known = self._identifier_columns
        if screened is None:
            for index, column in enumerate(self.columns):
                values = _column_values(rows, index)
                if max(map(len, values), default=0) >= MIN_IDENTIFIER_LENGTH \
                        and any(column.identifiers(values)) and index not in known:
                    known.append(index)
            return
        indexes, runs = screened
        if not indexes:
            return
        # Rows the screening picked: the columns that held 16-digit numbers
        # before are looked at first; the rest of a row only when they do not
        # account for every run of sixteen digits the screening saw in it.
        picked = rows if len(indexes) == len(rows) else list(map(rows.__getitem__, indexes))
        done = tuple(known)
        seen = None
        for index in done:
            counts = self.columns[index].identifiers(_column_values(picked, index))
            seen = counts if seen is None else list(map(add, seen, counts))
        unexplained = range(len(picked)) if seen is None else \
            compress(range(len(picked)), map(lt, seen, runs))
        for index in unexplained:
            self._identifiers_in_row(picked[index], done)

    def _identifiers_in_row(self, row: list[str], skip: Sequence[int]) -> None:
        for index, value in enumerate(row):
            if len(value) >= MIN_IDENTIFIER_LENGTH and index not in skip:
                if index >= MAX_COLUMNS:
                    break
                if self.columns[index].identifier(value) and index not in self._identifier_columns:
                    self._identifier_columns.append(index)

    def _pairs(self, rows: list[list[str]]) -> None:
        if not self._name_columns or not self._address_columns:
            return
        addresses = []
        for index in self._address_columns:
            values = _column_values(rows, index)
            if "" not in values:
                # an address in every row: each filled name is beside one
                for n in self._name_columns:
                    self.columns[n].paired += _filled(_column_values(rows, n))
                return
            addresses.append(values)
        any_address = addresses[0] if len(addresses) == 1 else list(map(max, *addresses))
        for n in self._name_columns:
            # the addresses of the rows whose name is filled ("" sorts first: max() is
            # the first filled address); then the filled ones among them
            beside_names = list(compress(any_address, _column_values(rows, n)))
            self.columns[n].paired += len(beside_names) - beside_names.count("")

    def _watched(self, rows: list[list[str]]) -> None:
        for index, column in enumerate(self.columns):
            if not (column.watch_count or column.watch_filled):
                continue
            values = _column_values(rows, index)
            if column.watch_count:
                column.update_counts(values)
            if column.watch_filled:
                column.filled += _filled(values)

    # --- verdict ---------------------------------------------------------------
    def finish(self) -> list[Finding]:
        """Returns the table's findings: blocking ones first, then small-cell
        warnings (only when there is no blocking finding)."""
        self.decide()
        found: list[Finding] = []
        for column in self.columns:
            if column.valid and column.valid * 2 >= column.candidates:
                kind = KK if column.role.kk_hint and not column.women else NIK
                found.append(self._finding(kind, column, column.valid))
        people = [c for c in self.columns if c.is_person]
        health_ids = [c for c in self.columns if c.role.health_id and c.filled]
        individual = bool(found or people or health_ids)
        aggregate = any(c.is_measure for c in self.columns)

        # Named in the message: a filled street address, else a location, else RT/RW.
        addresses = sorted((c for c in self.columns if c.role.address or c.role.location),
                           key=lambda c: (not c.filled, not c.role.street_address,
                                          not c.role.location))
        for column in people:
            if addresses and column.paired:
                found.append(self._finding(NAME_ADDRESS, column, column.paired,
                                           related=addresses[0].label or str(addresses[0].number)))
        for column in self.columns:
            if column.is_measure or not column.filled:
                continue
            role = column.role
            if role.health_id:
                found.append(self._finding(HEALTH, column, column.filled))
            elif role.health == "strong" or column.is_icd:
                if individual or not aggregate:
                    found.append(self._finding(HEALTH, column, column.filled))
            elif role.health == "weak" and individual:
                found.append(self._finding(HEALTH, column, column.filled))
            if role.specific and (individual if role.specific_strength == "weak"
                                  else individual or not aggregate):
                found.append(self._finding(SPECIFIC, column, column.filled, category=role.specific))
        for column in people:
            if column.role.child_name:
                found.append(self._finding(SPECIFIC, column, column.filled, category=CHILDREN))
        if found:
            return found
        return [self._finding(SMALL_CELLS, column, column.small)
                for column in self.columns
                if column.is_count and column.integers_only and column.small
                and not column.role.thing_count]

    def _finding(self, kind: str, column: _Column, rows: int, related: str | None = None,
                 category: str | None = None) -> Finding:
        return Finding(kind=kind, column=column.label, column_number=column.number, rows=rows,
                       sheet=self.sheet, related_column=related, category=category)


def _column_values(rows: list[list[str]], index: int) -> list[str]:
    """Returns the cells of column `index` in `rows` ("" where a row is short)."""
    try:
        return [row[index] for row in rows]
    except IndexError:
        return [row[index] if index < len(row) else "" for row in rows]


def _filled(values: list[str]) -> int:
    """Returns how many values are not empty."""
    return len(values) - values.count("")
