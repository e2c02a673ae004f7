"""An indicator's figures from its observations: the series over the
periods, the latest value, the comparison across areas, and the area ×
period table. Plain Python; the callers decide which observations are
public (only those of published datasets are ever passed in)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ckanext.satudata.statistics.periods import Period
from ckanext.satudata.statistics.tables import Observation

SUM, MEAN = "jumlah", "rata-rata"

# Measures and units whose values add up across areas (a count); anything
# else (a percentage, a ratio, an average) is averaged instead.
_COUNT_MEASURES = {"jumlah", "banyaknya", "total", "count", "frekuensi"}
_COUNT_UNITS = {"unit", "jiwa", "orang", "kk", "rumah tangga", "ruta", "buah",
                "keluarga", "balita", "bayi", "anak", "rt", "rw", "kasus",
                "posyandu", "sekolah", "titik", "ekor", "kendaraan", "usaha"}


def aggregation(ukuran: str | None, satuan: str | None) -> str:
    """How the areas' values combine into one figure per period: SUM for
    counts, MEAN otherwise (the unweighted mean of the areas)."""
    measure = (ukuran or "").strip().lower()
    unit = (satuan or "").strip().lower()
    if measure:
        return SUM if measure.split()[0] in _COUNT_MEASURES else MEAN
    return SUM if unit in _COUNT_UNITS else MEAN


@dataclass(frozen=True)
class Point:
    periode: Period
    nilai: float
    areas: int          # how many areas the figure is made of


@dataclass(frozen=True)
class AreaValue:
    kode_wilayah: str
    nama_wilayah: str
    nilai: float
    previous: float | None = None     # the value in the period before

    @property
    def change(self) -> float | None:
        return None if self.previous is None else self.nilai - self.previous


@dataclass(frozen=True)
class Comparison:
    periode: Period
    previous_periode: Period | None
    items: list[AreaValue]            # highest value first


@dataclass(frozen=True)
class AreaRow:
    kode_wilayah: str
    nama_wilayah: str
    values: dict[Period, float]


@dataclass
class IndicatorFigures:
    aggregation: str
    periods: list[Period] = field(default_factory=list)
    series: list[Point] = field(default_factory=list)
    latest: Point | None = None
    comparison: Comparison | None = None
    areas: list[AreaRow] = field(default_factory=list)

    @property
    def per_area(self) -> bool:
        return len(self.areas) > 1


def deduplicate(observations: Iterable[Observation]) -> list[Observation]:
    """One value per area and period: a later observation replaces an
    earlier one (callers pass the oldest dataset first)."""
    latest: dict[tuple[str, Period], Observation] = {}
    for observation in observations:
        latest[(observation.area_key, observation.periode)] = observation
    return list(latest.values())


def _combine(values: Sequence[float], how: str) -> float:
    total = sum(values)
    return total if how == SUM else total / len(values)


def build_series(observations: Sequence[Observation], how: str) -> list[Point]:
    by_period: dict[Period, list[float]] = {}
    for observation in observations:
        by_period.setdefault(observation.periode, []).append(observation.nilai)
    return [Point(periode, _combine(values, how), len(values))
            for periode, values in sorted(by_period.items(), key=lambda kv: kv[0].sort_key)]


def area_table(observations: Sequence[Observation]) -> list[AreaRow]:
    """Each area with its value per period, in the order of the areas' codes
    (then names)."""
    rows: dict[str, AreaRow] = {}
    for observation in observations:
        row = rows.get(observation.area_key)
        if row is None:
            row = rows[observation.area_key] = AreaRow(
                observation.kode_wilayah, observation.nama_wilayah, {})
        row.values[observation.periode] = observation.nilai
    return sorted(rows.values(), key=lambda r: (r.kode_wilayah or "~", r.nama_wilayah.lower()))


def compare_areas(areas: Sequence[AreaRow], periods: Sequence[Period],
                  periode: Period | None = None) -> Comparison | None:
    """The areas' values in `periode` (default: the latest period), highest
    first, each with its value in the period before."""
    if not periods:
        return None
    periode = periode if periode in periods else periods[-1]
    position = list(periods).index(periode)
    previous = periods[position - 1] if position > 0 else None
    items = [AreaValue(row.kode_wilayah, row.nama_wilayah, row.values[periode],
                       row.values.get(previous) if previous else None)
             for row in areas if periode in row.values]
    items.sort(key=lambda item: (-item.nilai, item.nama_wilayah.lower()))
    return Comparison(periode, previous, items)


def figures(observations: Iterable[Observation], how: str,
            periode: Period | None = None) -> IndicatorFigures:
    """Everything an indicator page shows, from the observations of its
    published datasets (oldest dataset first)."""
    unique = deduplicate(observations)
    result = IndicatorFigures(aggregation=how)
    result.series = build_series(unique, how)
    result.periods = [point.periode for point in result.series]
    result.latest = result.series[-1] if result.series else None
    result.areas = area_table(unique)
    if result.per_area:
        result.comparison = compare_areas(result.areas, result.periods, periode)
    return result
