"""The kelurahan comparison of one year's profiles: every kelurahan of the
reference list as a row (empty where it has no published profile), the
profile's figures as columns, plus the derived population total and density."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from ckanext.satudata.statistics.numbers import parse_number

TOTAL_POPULATION = "jumlah_penduduk"
DENSITY = "kepadatan_penduduk"
MALE, FEMALE, AREA = "penduduk_laki_laki", "penduduk_perempuan", "luas_km2"


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    decimals: int = 0          # digits shown after the decimal comma
    summable: bool = True      # an area's total is the sum of its kelurahan


@dataclass(frozen=True)
class Area:
    kode_wilayah: str
    nama: str
    kecamatan: str
    organization: str
    kode_kecamatan: str = ""
    kode_kabupaten: str = ""
    kabupaten: str = ""


@dataclass
class Row:
    area: Area
    dataset: str | None                      # name of the profile dataset
    values: dict[str, float | None] = field(default_factory=dict)


@dataclass
class ProfileTable:
    year: str
    columns: list[Column]
    rows: list[Row]
    totals: dict[str, float | None]
    reporting: int                            # kelurahan with a profile

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def with_derived(columns: Sequence[Column], total_label: str, density_label: str
                 ) -> list[Column]:
    """The schema's columns with the population total after the women and
    the density after the area, when the profile has what they need."""
    names = {c.name for c in columns}
    result = []
    for column in columns:
        result.append(column)
        if column.name == FEMALE and MALE in names:
            result.append(Column(TOTAL_POPULATION, total_label))
        if column.name == AREA and {MALE, FEMALE} <= names:
            result.append(Column(DENSITY, density_label, decimals=0, summable=False))
    return result


def _density(values: Mapping[str, float | None]) -> float | None:
    people, area = values.get(TOTAL_POPULATION), values.get(AREA)
    return people / area if people is not None and area else None


def _values(profile: Mapping[str, Any], columns: Sequence[Column]) -> dict[str, float | None]:
    values: dict[str, float | None] = {}
    for column in columns:
        if column.name not in (TOTAL_POPULATION, DENSITY):
            values[column.name] = parse_number(profile.get(column.name))
    male, female = values.get(MALE), values.get(FEMALE)
    values[TOTAL_POPULATION] = male + female if male is not None and female is not None else None
    values[DENSITY] = _density(values)
    return {c.name: values.get(c.name) for c in columns}


def comparison_table(year: str, areas: Sequence[Area],
                     profiles: Mapping[str, Mapping[str, Any]],
                     columns: Sequence[Column]) -> ProfileTable:
    """`profiles` maps an organisation name to its published profile of
    `year` (a package dict); kelurahan without one get empty values."""
    rows = []
    for area in areas:
        profile = profiles.get(area.organization)
        values = _values(profile, columns) if profile else {c.name: None for c in columns}
        rows.append(Row(area, profile.get("name") if profile else None, values))
    return ProfileTable(year=year, columns=list(columns), rows=rows,
                        totals=totals_of(rows, columns),
                        reporting=sum(1 for r in rows if r.dataset))


def totals_of(rows: Sequence[Row], columns: Sequence[Column]) -> dict[str, float | None]:
    """The totals of `rows`: counts added up, the density recomputed from
    the kelurahan that have both population and area."""
    totals: dict[str, float | None] = {}
    for column in columns:
        present = [r.values[column.name] for r in rows if r.values[column.name] is not None]
        totals[column.name] = sum(present) if column.summable and present else None
    if DENSITY in totals:
        both = [r for r in rows if r.values.get(DENSITY) is not None]
        people = sum(r.values[TOTAL_POPULATION] for r in both)
        area_km2 = sum(r.values[AREA] for r in both)
        totals[DENSITY] = people / area_km2 if area_km2 else None
    return totals
