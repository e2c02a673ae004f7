"""The validation report of an uploaded table: what is wrong in it, by row
and column, before anyone publishes a figure from it. Plain Python.

The columns and their types come from the dataset type's table schema
(``tabular/table_schemas.py``); the areas from a reference list given as a
parameter (``Regions``: the Kemendagri codes of the kelurahan, grouped in
kecamatan and the city), so that another region is checked the same way.

Checks, row by row (row 1 is the header):

* required columns present (a table that uses none of the template's area or
  period columns is not read as a statistic at all: one question says so);
  required cells filled; numbers, whole numbers and periods readable;
* ``kode_wilayah`` in the reference list, ``nama_wilayah`` the name of that
  code (case, spaces and a "Kelurahan " prefix do not matter);
* periods of the dataset's frequency (``frekuensi``): a coarser period is an
  error (a year in a monthly statistic), a finer one a question (months in a
  yearly statistic: published yearly, perhaps);
* the same area and period (and indicator) twice;
* negative counts, percentages over 100;
* a total row (the city's or a kecamatan's code, or "Total"/"Jumlah") that
  is not the sum of its kelurahan rows, when all of them are in the file;
* warnings: a jump of more than 50% from the previous period of the same
  area, within the file or against the values published before.

Severities: an *error* blocks the submission of the statistic; a *warning*
is for the curator; a *question* is for the PIC to check (a value that may
be right: a percentage over 100, a negative rate), neither blocks.
Messages are Indonesian text marked with N_ and formatted with ``params``
where they are shown, in the reader's language.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional, Sequence

from ckanext.satudata.statistics.numbers import parse_number
from ckanext.satudata.statistics.periods import (
    MONTH, QUARTER, SEMESTER, YEAR, Period, parse_period)
from ckanext.satudata.tabular import table_schemas
from ckanext.satudata.tabular.reading import tidy_text
from ckanext.satudata.translation import N_

ERROR, WARNING, QUESTION = "error", "warning", "question"
SEVERITIES = (ERROR, WARNING, QUESTION)

#: Problems kept of each severity; the rest are counted.
KEPT_PER_SEVERITY = 50
#: A value is shown at most this long in a problem.
VALUE_SHOWN = 80
#: A change from the previous period larger than this share is a warning.
JUMP_SHARE = 0.5
#: Rows read at most (as the statistics reader: an aggregate table is not longer).
MAX_ROWS = 200_000

#: The period kind of each frequency of the `statistik-sektoral` schema
#: (tidak-tetap or none: any kind).
FREQUENCY_KINDS = {"bulanan": MONTH, "triwulanan": QUARTER, "semesteran": SEMESTER,
                   "tahunan": YEAR, "lima-tahunan": YEAR}
_MONTHS = {MONTH: 1, QUARTER: 3, SEMESTER: 6, YEAR: 12}
_FREQUENCY_EXAMPLES = {MONTH: "2026-01", QUARTER: "2026-T1", SEMESTER: "2026-S1",
                       YEAR: "2026"}
_FREQUENCY_LABELS = {"bulanan": N_("bulanan"), "triwulanan": N_("triwulanan"),
                     "semesteran": N_("semesteran"), "tahunan": N_("tahunan"),
                     "lima-tahunan": N_("lima tahunan")}

_PERCENT_UNITS = {"persen", "%", "persentase", "prosen", "percent"}
#: Units whose values are counted things: a negative value is an error.
_COUNT_UNITS = {
    "unit", "jiwa", "orang", "kk", "keluarga", "kepala keluarga", "rumah tangga", "ruta",
    "buah", "balita", "anak", "bayi", "ibu", "rt", "rw", "kasus", "lembaga", "sekolah",
    "posyandu", "ekor", "kali", "pasangan", "titik", "rumah", "bangunan", "kelompok",
    "usaha", "murid", "siswa", "pasien", "kunjungan", "peserta", "penduduk"}
#: Units of values that do not add up (no total check).
_NOT_ADDITIVE = re.compile(r"persen|%|rasio|indeks|rata|per\s|/|‰|prosen|percent")
#: Names of a total row without a code.
_TOTAL_NAMES = {"total", "jumlah", "jumlahtotal", "totalkota", "jumlahkota", "totalkabupaten",
                "jumlahkabupaten", "totalwilayah", "jumlahwilayah"}
#: A part of a kelurahan named in `nama_wilayah` beside the kelurahan's code
#: (a statistic per RW): its own area, not a wrong name.
_SUB_AREA = re.compile(r"^(rw|rt|dusun|lingkungan)\b")
_NAME_PREFIX = re.compile(r"^(kelurahan|kel\.?|desa)\s+")
_DIGITS_ONLY_KODE = re.compile(r"^(\d{2})(\d{2})(\d{2})(\d{4})$")


def name_key(name: object) -> str:
    """A name as compared: lowercase, without a "Kelurahan " prefix, spaces
    and punctuation ("Kel. Setono Pande" -> "setonopande")."""
    text = " ".join(str(name or "").lower().split())
    text = _NAME_PREFIX.sub("", text)
    return re.sub(r"[^0-9a-z]", "", text)


def _kode(value: object) -> str:
    text = "".join(tidy_text(value).split())
    match = _DIGITS_ONLY_KODE.match(text)
    return ".".join(match.groups()) if match else text


@dataclass(frozen=True)
class Regions:
    """The reference list of areas: ``areas`` {kode: nama} of the kelurahan;
    ``groups`` {kode: (nama, kode of each kelurahan)} of the totals (the
    kecamatan, the kabupaten/kota, a province); a group name two groups
    share (two Kecamatan Wates) names neither: such a total needs its code."""
    areas: Mapping[str, str]
    groups: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_name: dict[str, Optional[str]] = {}
        for kode, nama in self.areas.items():
            key = name_key(nama)
            by_name[key] = None if key in by_name else kode  # ambiguous: None
        object.__setattr__(self, "_by_name", by_name)
        group_names: dict[str, Optional[str]] = {}
        for kode, (nama, _members) in self.groups.items():
            key = name_key(nama)
            group_names[key] = None if key in group_names else kode  # ambiguous: None
        object.__setattr__(self, "_group_names", group_names)
        city = [k for k, (_n, members) in self.groups.items()
                if len(members) == len(self.areas)]
        object.__setattr__(self, "_city", city[0] if city else None)

    def kode_of_name(self, nama: str) -> Optional[str]:
        return self._by_name.get(name_key(nama))  # type: ignore[attr-defined]

    def total_of(self, kode: str, nama: str) -> Optional[str]:
        """The group a row is the total of (its code), or None."""
        if kode:
            return kode if kode in self.groups else None
        key = name_key(nama)
        if self._group_names.get(key):  # type: ignore[attr-defined]
            return self._group_names[key]  # type: ignore[attr-defined]
        if key in _TOTAL_NAMES:
            return self._city or "total"  # type: ignore[attr-defined]
        return None


@dataclass(frozen=True)
class Problem:
    """One problem of a table: where (row, column), how bad, what."""
    severity: str
    code: str
    message: str                       # Indonesian, marked N_; format with params
    params: Mapping[str, Any] = field(default_factory=dict)
    row: Optional[int] = None          # 1-based, the header is row 1
    column: Optional[str] = None
    value: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "code": self.code, "message": self.message,
                "params": dict(self.params), "row": self.row, "column": self.column,
                "value": self.value}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Problem":
        return cls(severity=data["severity"], code=data["code"], message=data["message"],
                   params=data.get("params") or {}, row=data.get("row"),
                   column=data.get("column"), value=data.get("value"))

    def render(self, gettext=lambda text: text) -> str:
        try:
            return gettext(self.message).format(**self.params)
        except (KeyError, IndexError, ValueError):
            return gettext(self.message)


@dataclass
class Report:
    """The first problems of each severity (``KEPT_PER_SEVERITY``) and the
    count of all of them; ``rows``: data rows read."""
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    rows: int = 0
    schema: str = ""

    def add(self, problem: Problem) -> None:
        self.counts[problem.severity] = self.counts.get(problem.severity, 0) + 1
        if self.counts[problem.severity] <= KEPT_PER_SEVERITY:
            self.problems.append(problem)

    def of(self, severity: str) -> list[Problem]:
        return sorted((p for p in self.problems if p.severity == severity),
                      key=lambda p: (p.row or 0, p.column or ""))

    def more(self, severity: str) -> int:
        """How many problems of `severity` are counted but not kept."""
        return max(0, self.counts.get(severity, 0) - KEPT_PER_SEVERITY)

    @property
    def errors(self) -> int:
        return self.counts.get(ERROR, 0)

    def to_dict(self) -> dict[str, Any]:
        return {"problems": [p.to_dict() for p in self.problems], "counts": dict(self.counts),
                "rows": self.rows, "schema": self.schema}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Report":
        counts = dict.fromkeys(SEVERITIES, 0)
        counts.update(data.get("counts") or {})
        return cls(problems=[Problem.from_dict(p) for p in data.get("problems") or []],
                   counts=counts, rows=data.get("rows") or 0, schema=data.get("schema") or "")


# -- reading cells ---------------------------------------------------------------

def _shown(value: Any) -> str:
    text = tidy_text(value)
    return text if len(text) <= VALUE_SHOWN else text[:VALUE_SHOWN - 1] + "…"


def _cell(row: Sequence[Any], position: Optional[int]) -> Any:
    if position is None or position >= len(row):
        return None
    return row[position]


def _unit(text: str) -> str:
    return " ".join(text.lower().split())


def is_percent(unit: str) -> bool:
    unit = _unit(unit)
    return unit in _PERCENT_UNITS or unit.endswith("%")


def _number_text(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.4f}".rstrip("0").rstrip(".")


# -- the checks --------------------------------------------------------------------

@dataclass
class _Area:
    key: str            # the kelurahan code, or the name as compared
    kode: str           # the kelurahan code when known
    total_of: Optional[str] = None


@dataclass
class _Value:
    row: int
    area: _Area
    periode: Period
    indikator: str
    nilai: float
    additive: bool


def _reading_problem(item: Any) -> Problem:
    """A reading problem of the shared table reader (an object or a dict
    with row, column, code, severity, message, params, value)."""
    get = item.get if isinstance(item, Mapping) else (lambda name: getattr(item, name, None))
    severity = get("severity") if get("severity") in SEVERITIES else QUESTION
    return Problem(severity=severity, code=get("code") or "reading", message=get("message") or "",
                   params=get("params") or {}, row=get("row"), column=get("column"),
                   value=_shown(get("value")) if get("value") is not None else None)


def validate(rows: Iterable[Sequence[Any]], schema: table_schemas.TableSchema,
             regions: Regions, *, frekuensi: str = "", satuan: str = "",
             previous: Optional[Mapping[tuple[str, str], Iterable[tuple[Period, float]]]] = None,
             reading_problems: Iterable[Any] = (),
             reading_counts: Optional[Mapping[str, int]] = None,
             values: Optional[Mapping[int, float]] = None,
             max_rows: int = MAX_ROWS) -> Report:
    """The report of a table's `rows` (the header first) against `schema`.

    `frekuensi`: the dataset's frequency; `satuan`: its unit (a row's own
    ``satuan`` cell wins); `previous`: the values published before, by
    (area key, indicator lowercased): [(period, value)], for the jump
    warnings; `reading_problems`: what the shared reader found (kept, and
    the same cell is not reported twice), `reading_counts` how many of each
    severity it found in all; `values`: the ``nilai`` of each row as the
    shared reader read it (by row number), used instead of reading the cell
    again. A ``reading.Table`` gives the row of its header."""
    report = Report(schema=schema.name)
    reported_cells: set[tuple[Optional[int], Optional[str]]] = set()
    listed: dict[str, int] = {}
    for item in reading_problems:
        problem = _reading_problem(item)
        reported_cells.add((problem.row, table_schemas.normalise_header(problem.column)
                            if problem.column else None))
        listed[problem.severity] = listed.get(problem.severity, 0) + 1
        report.add(problem)
    for severity, count in (reading_counts or {}).items():
        if severity in SEVERITIES and count > listed.get(severity, 0):
            report.counts[severity] += count - listed.get(severity, 0)
    header_row = getattr(getattr(rows, "description", None), "header_row", None) or 1

    iterator = iter(rows)
    header = next(iterator, None)
    positions = schema.column_positions(list(header)) if header is not None else {}
    written = {name: table_schemas.normalise_header(header[position])
               for name, position in positions.items()}

    def already(row: int, name: Optional[str]) -> bool:
        """Whether the shared reader reported this cell (or its whole row)."""
        return (row, None) in reported_cells or name is not None and (
            (row, name) in reported_cells or (row, written.get(name)) in reported_cells)
    area_fields = [f.name for f in schema.fields if f.type == table_schemas.CODE
                   or f.name in ("nama_wilayah", "nama_kelurahan")]
    period_fields = [f.name for f in schema.fields if f.type == table_schemas.PERIOD]
    code_fields = [f.name for f in schema.fields if f.type == table_schemas.CODE]
    value_fields = [name for name in schema.required
                    if name not in area_fields and name not in period_fields]
    # A name column alone ("nama") is not enough: many tables have one; nor
    # a year column without the template's value column (a wide table such
    # as "kelurahan, tahun, jumlah_posyandu" is a table of its own).
    uses_template = any(name in positions for name in code_fields) or (
        any(name in positions for name in period_fields)
        and (not value_fields or any(name in positions for name in value_fields)))
    if not uses_template:
        report.add(Problem(QUESTION, "not_template", N_(
            "Tabel ini tidak memakai kolom templat ({columns}): isinya tidak diperiksa dan "
            "angkanya tidak tampil di halaman Statistik. Gunakan templat jika tabel ini "
            "berisi nilai indikator."),
            {"columns": ", ".join(schema.required + [area_fields[0]] if area_fields
                                  else schema.required)}, row=header_row))
        return report
    missing = [name for name in schema.required if name not in positions]
    for name in missing:
        report.add(Problem(ERROR, "missing_column", N_(
            "Kolom wajib \"{column}\" tidak ada di baris judul."), {"column": name},
            row=header_row, column=name))
    if missing:
        return report

    expected_kind = FREQUENCY_KINDS.get(frekuensi or "")
    kode_field = next((f.name for f in schema.fields if f.type == table_schemas.CODE), None)
    name_field = next((n for n in ("nama_wilayah", "nama_kelurahan") if n in positions), None)
    period_field = period_fields[0] if period_fields else None
    value_fields = [f for f in schema.fields
                    if f.type in (table_schemas.NUMBER, table_schemas.INTEGER)]
    has_unit_column = "satuan" in positions
    keys = [name for name in schema.primary_key if name in positions]
    seen: dict[tuple[Any, ...], int] = {}
    found_values: list[_Value] = []

    def problem(severity, code, message, params, row, column, value=None):
        if severity == ERROR and column is not None and already(row, column):
            return
        report.add(Problem(severity, code, message, params, row, column,
                           None if value is None else _shown(value)))

    for number, row in enumerate(iterator, start=header_row + 1):
        if not any(tidy_text(cell) for cell in row):
            continue
        if report.rows >= max_rows:
            problem(QUESTION, "truncated", N_(
                "Tabel lebih panjang dari {max_rows} baris; baris setelahnya tidak dibaca."),
                {"max_rows": max_rows}, number, None)
            break
        report.rows += 1
        cells = {name: _cell(row, position) for name, position in positions.items()}
        for name in schema.required:
            if not tidy_text(cells.get(name)):
                problem(ERROR, "required", N_("Kolom \"{column}\" wajib diisi."),
                        {"column": name}, number, name)

        # The area
        kode = _kode(cells.get(kode_field)) if kode_field else ""
        nama = tidy_text(cells.get(name_field)) if name_field else ""
        total_of = regions.total_of(kode, nama)
        area = _Area(key=kode or name_key(nama), kode=kode, total_of=total_of)
        if kode and total_of is None and nama and _SUB_AREA.match(nama.lower()):
            area.key = f"{kode}/{name_key(nama)}"
            if kode not in regions.areas:
                problem(ERROR, "unknown_kode", N_(
                    "Kode wilayah \"{value}\" tidak ada dalam daftar kode Kemendagri."),
                    {"value": _shown(cells.get(kode_field))}, number, kode_field,
                    cells.get(kode_field))
        elif kode and total_of is None:
            expected = regions.areas.get(kode)
            if expected is None:
                problem(ERROR, "unknown_kode", N_(
                    "Kode wilayah \"{value}\" tidak ada dalam daftar kode Kemendagri."),
                    {"value": _shown(cells.get(kode_field))}, number, kode_field,
                    cells.get(kode_field))
            elif nama and name_key(nama) != name_key(expected):
                problem(ERROR, "name_mismatch", N_(
                    "Nama wilayah \"{value}\" tidak sesuai kode {kode} (seharusnya "
                    "{expected})."), {"value": _shown(nama), "kode": kode,
                                      "expected": expected}, number, name_field, nama)
        elif not kode and nama and total_of is None:
            found = regions.kode_of_name(nama)
            if found:
                area.kode = found
                area.key = found

        # The period
        periode = None
        if period_field and tidy_text(cells.get(period_field)):
            raw = cells.get(period_field)
            try:
                periode = parse_period(raw)
            except ValueError:
                problem(ERROR, "period_unreadable", N_(
                    "Periode \"{value}\" tidak dapat dibaca; tulis seperti 2026, 2026-S1, "
                    "2026-T1 atau 2026-01."), {"value": _shown(raw)}, number, period_field, raw)
            else:
                field_def = schema.field(period_field)
                only_year = field_def is not None and field_def.pattern == \
                    table_schemas.YEAR_PATTERN
                wanted = YEAR if only_year else expected_kind
                if wanted is not None and periode.kind != wanted:
                    if only_year:
                        problem(ERROR, "period_not_year", N_(
                            "Periode \"{value}\" harus berupa tahun, mis. 2026."),
                            {"value": _shown(raw)}, number, period_field, raw)
                        periode = None
                    elif _MONTHS[periode.kind] > _MONTHS[wanted]:
                        # Coarser than the frequency: the figure is not of the promised period.
                        problem(ERROR, "period_frequency", N_(
                            "Periode \"{value}\" tidak sesuai frekuensi dataset ({frequency}); "
                            "tulis seperti {example}."),
                            {"value": _shown(raw), "frequency": _FREQUENCY_LABELS[frekuensi],
                             "example": _FREQUENCY_EXAMPLES[wanted]},
                            number, period_field, raw)
                        periode = None
                    else:
                        # Finer (months in a yearly statistic): may be right.
                        problem(QUESTION, "period_finer", N_(
                            "Periode \"{value}\" lebih rinci dari frekuensi dataset "
                            "({frequency}); pastikan frekuensi dataset benar."),
                            {"value": _shown(raw), "frequency": _FREQUENCY_LABELS[frekuensi]},
                            number, period_field, raw)

        # The values
        unit = _unit(tidy_text(cells.get("satuan"))) if has_unit_column else ""
        unit = unit or _unit(satuan)
        row_values: dict[str, float] = {}
        for value_field in value_fields:
            if value_field.name not in positions:
                continue
            raw = cells.get(value_field.name)
            if not tidy_text(raw):
                continue
            if already(number, value_field.name):
                continue
            if values is not None and value_field.name == "nilai" and number in values:
                value: Optional[float] = values[number]
            else:
                value = parse_number(raw)
            if value is None:
                problem(ERROR, "not_a_number", N_("Nilai \"{value}\" bukan angka."),
                        {"value": _shown(raw)}, number, value_field.name, raw)
                continue
            if value_field.type == table_schemas.INTEGER and not float(value).is_integer():
                problem(ERROR, "not_an_integer", N_(
                    "Nilai \"{value}\" harus bilangan bulat."), {"value": _shown(raw)},
                    number, value_field.name, raw)
                continue
            row_values[value_field.name] = value
            if value < 0:
                if value_field.minimum is not None and value_field.minimum >= 0 \
                        or unit in _COUNT_UNITS:
                    problem(ERROR, "negative_count", N_(
                        "Nilai {value} negatif, padahal berupa jumlah ({unit})."),
                        {"value": _shown(raw), "unit": unit or value_field.name},
                        number, value_field.name, raw)
                    del row_values[value_field.name]  # not a figure to compare
                    continue
                if not is_percent(unit):
                    problem(QUESTION, "negative", N_(
                        "Nilai {value} negatif; pastikan memang demikian."),
                        {"value": _shown(raw)}, number, value_field.name, raw)
            elif value_field.minimum is not None and value < value_field.minimum:
                problem(ERROR, "below_minimum", N_(
                    "Nilai {value} lebih kecil dari batas bawah {minimum}."),
                    {"value": _shown(raw), "minimum": _number_text(value_field.minimum)},
                    number, value_field.name, raw)
            if value_field.maximum is not None and value > value_field.maximum:
                problem(ERROR, "above_maximum", N_(
                    "Nilai {value} lebih besar dari batas atas {maximum}."),
                    {"value": _shown(raw), "maximum": _number_text(value_field.maximum)},
                    number, value_field.name, raw)
            if is_percent(unit) and value > 100:
                problem(QUESTION, "percent_over_100", N_(
                    "Nilai {value} persen lebih dari 100; pastikan satuannya benar."),
                    {"value": _shown(raw)}, number, value_field.name, raw)

        # Duplicates: the same area, period (and indicator) twice
        if keys and (periode is not None or not period_field):
            key = tuple(
                periode.code if name == period_field and periode is not None
                else tidy_text(cells.get(name)).lower() for name in keys
                if name not in (kode_field, name_field))
            key = (area.key,) + key
            if key in seen:
                problem(ERROR, "duplicate", N_(
                    "Baris ini mengulang wilayah dan periode baris {first}."),
                    {"first": seen[key]}, number, None)
                continue
            seen[key] = number
        if "nilai" in row_values and periode is not None:
            found_values.append(_Value(number, area, periode,
                                       tidy_text(cells.get("indikator")).lower(),
                                       row_values["nilai"], not _NOT_ADDITIVE.search(unit)))

    _check_totals(found_values, regions, report)
    _check_jumps(found_values, previous or {}, report)
    return report


def _check_totals(values: list[_Value], regions: Regions, report: Report) -> None:
    """A total row must be the sum of its kelurahan rows of the same period
    and indicator, when every one of them is in the file."""
    parts: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for value in values:
        if value.area.total_of is None and value.area.kode in regions.areas:
            parts[(value.periode.code, value.indikator)][value.area.kode] = value.nilai
    for value in values:
        if value.area.total_of is None or not value.additive:
            continue
        group = regions.groups.get(value.area.total_of)
        if group is None:
            continue
        found = parts.get((value.periode.code, value.indikator), {})
        members = group[1]
        if not members or any(kode not in found for kode in members):
            continue
        expected = math.fsum(found[kode] for kode in members)
        if abs(expected - value.nilai) > max(0.01, 1e-4 * abs(expected)):
            report.add(Problem(ERROR, "total_mismatch", N_(
                "Total {value} tidak sama dengan jumlah baris wilayahnya ({expected})."),
                {"value": _number_text(value.nilai), "expected": _number_text(expected)},
                value.row, "nilai", _number_text(value.nilai)))


def _check_jumps(values: list[_Value], previous: Mapping[tuple[str, str], Iterable[
        tuple[Period, float]]], report: Report) -> None:
    """A warning where a value changes by more than JUMP_SHARE from the
    previous period of the same area and indicator (and kind of period)."""
    series: dict[tuple[str, str, str], list[tuple[Period, float, Optional[int]]]] = \
        defaultdict(list)
    for value in values:
        series[(value.area.key, value.indikator, value.periode.kind)].append(
            (value.periode, value.nilai, value.row))
    for (area_key, indikator, kind), points in series.items():
        in_file = {p.code for p, _v, _r in points}
        for periode, nilai in previous.get((area_key, indikator), ()):
            if periode.kind == kind and periode.code not in in_file:
                points.append((periode, nilai, None))
        points.sort(key=lambda point: point[0].sort_key)
        for (before, old, _row), (periode, new, row) in zip(points, points[1:]):
            if row is None or old == 0:
                continue
            change = (new - old) / abs(old)
            if abs(change) > JUMP_SHARE:
                report.add(Problem(WARNING, "jump", N_(
                    "Nilai {value} berubah {change} persen dari periode sebelumnya ({previous_period}: "
                    "{previous})."),
                    {"value": _number_text(new),
                     "change": ("+" if change > 0 else "") + f"{round(change * 100)}",
                     "previous_period": before.code, "previous": _number_text(old)},
                    row, "nilai", _number_text(new)))


def regions_of(kelurahan: Iterable[Any], region_title: str, province: str = "") -> Regions:
    """The Regions of a list of desa/kelurahan (each with ``kode``,
    ``nama``, ``kode_kecamatan``, ``nama_kecamatan`` and, when known,
    ``kode_kabupaten``, ``nama_kabupaten``, as ``reference.kelurahan`` gives
    them): as totals, their kecamatan (by code), their kabupaten/kota (by
    code; named `region_title` when there is one and it has no name) and,
    when the region is a whole province (`province`, its code), the province
    (named `region_title`)."""
    areas: dict[str, str] = {}
    kecamatan: dict[str, tuple[str, list[str]]] = {}
    kabupaten: dict[str, tuple[str, list[str]]] = {}
    for item in kelurahan:
        areas[item.kode] = item.nama
        kecamatan.setdefault(item.kode_kecamatan, (item.nama_kecamatan, []))[1].append(
            item.kode)
        code = getattr(item, "kode_kabupaten", "") or ".".join(item.kode.split(".")[:2])
        kabupaten.setdefault(code, (getattr(item, "nama_kabupaten", "") or "", []))[1].append(
            item.kode)
    groups = {kode: (f"Kecamatan {nama}", tuple(members))
              for kode, (nama, members) in kecamatan.items()}
    for kode, (nama, members) in kabupaten.items():
        groups[kode] = (nama or (region_title if len(kabupaten) == 1 else kode), tuple(members))
    if province and len(kabupaten) > 1:
        groups[province] = (region_title, tuple(areas))
    return Regions(areas=areas, groups=groups)
