"""The fields of a statistic made from an indicator of the catalogue.

Plain Python. A PIC who picks an indicator of the walidata's catalogue gets
a form already filled in: the indicator's metadata (read-only: the walidata
sets it), a title such as "Balita ditimbang di posyandu, Kelurahan
Balowerti, November 2026", the reference period and year that follow the
indicator's frequency, and their kelurahan as producer and presentation
level. The PIC only confirms and uploads the table.

The period is the last one that has ended on `today` (given by the caller,
never read here): on 7 December a monthly statistic is November's, a
quarterly one the third quarter's, a yearly one last year's. A
statistic of no fixed frequency is this month's.

The stored texts (title, description, period) are data and stay in
Indonesian, like the catalogue's own texts.
"""
from __future__ import annotations

import datetime
from typing import Any, Callable, Mapping

from ckanext.satudata.completeness import periods as frequencies
from ckanext.satudata.statistics.periods import (
    MONTH, MONTHS_ID, QUARTER, SEMESTER, YEAR, Period)

#: The dataset fields an indicator sets and a PIC cannot change (the
#: indicator's code itself included).
LOCKED_FIELDS = ("kode_indikator", "bidang_urusan", "konsep", "definisi", "satuan", "ukuran",
                 "rumus", "interpretasi", "frekuensi")

#: The kind of period each frequency reports.
PERIOD_KINDS = {
    frequencies.BULANAN: MONTH,
    frequencies.TRIWULANAN: QUARTER,
    frequencies.SEMESTERAN: SEMESTER,
    frequencies.TAHUNAN: YEAR,
    frequencies.LIMA_TAHUNAN: YEAR,
}

#: Presentation levels a kelurahan's table can have; any other level of the
#: catalogue (kota, kecamatan) becomes the kelurahan's.
KELURAHAN_LEVELS = ("kelurahan", "rw")
KELURAHAN_LEVEL = "kelurahan"

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
NAME_LIMIT = 100


def reference_period(frequency: str | None, today: datetime.date) -> Period:
    """The period a statistic of `frequency` delivered on `today` reports:
    the last whole month, quarter, half-year or year before `today`; this
    month for an irregular or unknown frequency."""
    kind = PERIOD_KINDS.get(frequency or "")
    if kind is None:
        return Period(today.year, MONTH, today.month)
    if kind == YEAR:
        return Period(today.year - 1, YEAR)
    span = {MONTH: 1, QUARTER: 3, SEMESTER: 6}[kind]
    current = (today.month - 1) // span  # the running period, from 0
    if current == 0:
        return Period(today.year - 1, kind, 12 // span)
    return Period(today.year, kind, current)


def period_title(period: Period) -> str:
    """"November 2026", "Triwulan IV 2026", "Semester 2 2026", "2026"."""
    if period.kind == MONTH:
        return f"{MONTHS_ID[period.index - 1]} {period.year}"
    if period.kind == QUARTER:
        return f"Triwulan {ROMAN[period.index]} {period.year}"
    if period.kind == SEMESTER:
        return f"Semester {period.index} {period.year}"
    return str(period.year)


def period_span(period: Period) -> str:
    """The months a period covers, as the `periode_referensi` field says
    them: "November 2026", "Oktober–Desember 2026"."""
    first, last = MONTHS_ID[period.first_month - 1], MONTHS_ID[period.last_month - 1]
    if first == last:
        return f"{first} {period.year}"
    return f"{first}–{last} {period.year}"


def dataset_name(base: str, taken: Callable[[str], bool]) -> str:
    """`base` as a dataset name (lowercase letters, digits, hyphens, at most
    100 characters), with -2, -3 … added while `taken` says it is used."""
    slug = "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in base.lower())
                    .split())[:NAME_LIMIT - 4].strip("-") or "statistik"
    name, number = slug, 1
    while taken(name):
        number += 1
        name = f"{slug}-{number}"
    return name


def presentation_level(indicator: Mapping[str, Any]) -> str:
    level = str(indicator.get("tingkat_penyajian") or "")
    return level if level in KELURAHAN_LEVELS else KELURAHAN_LEVEL


def prefilled_fields(indicator: Mapping[str, Any], kelurahan_name: str, kelurahan_code: str,
                     today: datetime.date,
                     taken: Callable[[str], bool] = lambda name: False) -> dict[str, str]:
    """The fields of a new `statistik-sektoral` dataset delivering
    `indicator` (a catalogue entry: kode, nama and the MS-Ind fields) for
    the kelurahan `kelurahan_name` (e.g. "Balowerti", Kemendagri code
    `kelurahan_code`) on `today`; `taken` tells whether a dataset name is
    already used."""
    period = reference_period(indicator.get("frekuensi"), today)
    fixed = (indicator.get("frekuensi") or "") in PERIOD_KINDS
    produsen = f"Kelurahan {kelurahan_name}"
    nama = str(indicator.get("nama") or indicator.get("kode") or "").strip()
    title = f"{nama}, {produsen}, {period_title(period)}"
    fields = {name: "" if indicator.get(name) is None else str(indicator[name])
              for name in LOCKED_FIELDS[1:]}
    fields.update({
        "kode_indikator": str(indicator.get("kode") or ""),
        "title": title,
        "name": dataset_name(f"{indicator.get('kode') or nama} {kelurahan_name} "
                             f"{period.code}", taken),
        "notes": f"{nama} di {produsen} ({kelurahan_code}), {period_title(period)}.",
        "periode_referensi": period_span(period) if fixed else "",
        "tahun": str(period.year),
        "produsen": produsen,
        "tingkat_penyajian": presentation_level(indicator),
        "cakupan": "kelurahan",
    })
    return fields


def locked_fields(indicator: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields the catalogue sets for a dataset of `indicator`: its code,
    and each MS-Ind field the catalogue gives a value (one it leaves empty
    stays the PIC's to fill)."""
    return LOCKED_FIELDS[:1] + tuple(name for name in LOCKED_FIELDS[1:]
                                     if str(indicator.get(name) or "").strip())


def locked_values(indicator: Mapping[str, Any]) -> dict[str, str]:
    """The fields a dataset of `indicator` takes from the catalogue, whatever
    its PIC sent."""
    values = {name: str(indicator[name]) for name in locked_fields(indicator)[1:]}
    values["kode_indikator"] = str(indicator.get("kode") or "")
    return values


def point_layer_fields(kind: str, label: str, kelurahan_name: str, today: datetime.date,
                       taken: Callable[[str], bool] = lambda name: False) -> dict[str, str]:
    """The fields of a new `peta-titik` layer of `kind` (its label, e.g.
    "Posyandu") for a kelurahan: a layer is where things are this year."""
    produsen = f"Kelurahan {kelurahan_name}"
    return {
        "jenis_titik": kind,
        "title": f"Peta {label.lower()}, {produsen}, {today.year}",
        "name": dataset_name(f"peta {kind} {kelurahan_name} {today.year}", taken),
        "tahun": str(today.year),
        "produsen": produsen,
    }
