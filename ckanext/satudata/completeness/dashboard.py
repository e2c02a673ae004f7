"""The completeness dashboard's glue: the matrix of the configured required
data over the reference kelurahan, its filters and its dictionaries, shared
by the actions, the pages and the reminders. The decisions are the pure
modules' (items, matrix, periods); the data is read once
(``model.completeness.records``).
"""
from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any, Iterable

import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata import kept, reference, site
from ckanext.satudata.completeness import items as required
from ckanext.satudata.completeness import matrix as completeness
from ckanext.satudata.completeness.periods import FREQUENCY_LABELS_ID
from ckanext.satudata.model import completeness as reads
from ckanext.satudata.model import versions


#: Rows of the matrix a page shows by default (a kota's kelurahan fit on
#: one: Kota Kediri has 46), and at most.
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


def required_items(year: int) -> list[required.RequiredItem]:
    """The columns of the matrix for `year`, from the configuration."""
    return required.required_items(
        year, config.required_statistics(), config.point_layer_frequency())


@functools.lru_cache(maxsize=4)
def _region_rows(region: reference.Region) -> tuple[completeness.Kelurahan, ...]:
    def row(k: reference.Kelurahan) -> completeness.Kelurahan:
        kecamatan = region.kecamatan_by_code(k.kode_kecamatan)
        return completeness.Kelurahan(
            k.organization_name, k.title, k.nama_kecamatan, k.kode,
            kode_kecamatan=k.kode_kecamatan, kode_kabupaten=k.kode_kabupaten,
            kabupaten=k.nama_kabupaten,
            kecamatan_label=region.kecamatan_label(kecamatan) if kecamatan
            else k.nama_kecamatan)

    return tuple(sorted((row(k) for k in region.kelurahan),
                        key=lambda k: (k.kode_kabupaten, k.kecamatan.lower(),
                                       k.kode_kecamatan, k.title)))


def kelurahan_rows() -> tuple[completeness.Kelurahan, ...]:
    """The desa/kelurahan of the configured region, by kabupaten/kota, then
    kecamatan, then name (built once per region)."""
    return _region_rows(reference.current())


@dataclass(frozen=True)
class Filters:
    """What a request asks for: a kabupaten/kota, a kecamatan, a search in
    the desa/kelurahan names, a cell state, a page."""

    kabupaten: reference.Area | None = None
    kecamatan: reference.Kecamatan | None = None
    query: str = ""
    state: str = ""
    page: int = 1
    limit: int = DEFAULT_LIMIT

    @property
    def kode_kabupaten(self) -> str:
        return self.kabupaten.kode if self.kabupaten else ""

    @property
    def kode_kecamatan(self) -> str:
        return self.kecamatan.kode if self.kecamatan else ""

    def rows(self) -> list[completeness.Kelurahan]:
        """The desa/kelurahan passing the filters of the reference list
        (the state filter needs their cells)."""
        return completeness.select_kelurahan(kelurahan_rows(), self.kode_kabupaten,
                                             self.kode_kecamatan, self.query)


def _organizations(rows: Iterable[completeness.Kelurahan], everything: bool
                   ) -> list[str] | None:
    """The organisation names to read (None: every organisation, when the
    rows are the whole region: the rows pick theirs)."""
    return None if everything else [k.organization for k in rows]


def build(today: datetime.date, published_only: bool = False,
          organizations: Iterable[str] | None = None
          ) -> tuple[list[required.RequiredItem], list[completeness.Row]]:
    """(items, rows) of the matrix on `today` for every desa/kelurahan of
    the region (only those of `organizations` when given);
    `published_only`: as the public sees it."""
    items = required_items(today.year)
    kelurahan = list(kelurahan_rows())
    if organizations is not None:
        wanted = set(organizations)
        kelurahan = [k for k in kelurahan if k.organization in wanted]
    records = reads.records(_organizations(kelurahan, organizations is None),
                            items, published_only)
    return items, completeness.build_matrix(kelurahan, items, records, today,
                                            site.portal_timezone())


def page(today: datetime.date, filters: Filters
         ) -> tuple[list[required.RequiredItem], list[completeness.Row], int]:
    """(items, the rows of the requested page, the number of rows passing
    the filters). Reads the datasets of the page's desa/kelurahan only,
    unless a state filter needs the cells of every row passing the other
    filters."""
    items = required_items(today.year)
    selected = filters.rows()
    everything = len(selected) == len(kelurahan_rows())
    tz = site.portal_timezone()
    if filters.state:
        records = reads.records(_organizations(selected, everything), items)
        rows = completeness.filter_rows(
            completeness.build_matrix(selected, items, records, today, tz),
            state_filter=filters.state)
        return items, completeness.page_of(rows, filters.page, filters.limit), len(rows)
    shown = completeness.page_of(selected, filters.page, filters.limit)
    records = reads.records([k.organization for k in shown], items)
    return (items, completeness.build_matrix(shown, items, records, today, tz),
            len(selected))


def summaries(today: datetime.date, kabupaten: str = "", kecamatan: str = "",
              published_only: bool = False) -> list[completeness.KecamatanSummary]:
    """The complete cells per kecamatan of the region (of the kabupaten/kota
    coded `kabupaten`, of the kecamatan coded `kecamatan`), reading only
    the published dataset each cell shows (one row per desa/kelurahan and
    item at most, whatever the number of datasets). Kept in this process
    until a dataset, a review state or an organisation changes, or the
    required items do (``versions.datasets_version``): reading the cells reads
    every published dataset that delivers an item."""
    return _summaries(today, kabupaten, kecamatan, published_only,
                      _Items(tuple(required_items(today.year))))


@dataclass(frozen=True, eq=False)
class _Items:
    """The required items as part of a key (an item's params are a dict)."""
    items: tuple[required.RequiredItem, ...]

    def __hash__(self) -> int:
        return hash(repr(self.items))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Items) and repr(self.items) == repr(other.items)


@kept.kept_until_changed(versions.datasets_version, size=32)
def _summaries(today: datetime.date, kabupaten: str, kecamatan: str, published_only: bool,
               required_now: _Items) -> list[completeness.KecamatanSummary]:
    items = list(required_now.items)
    selected = completeness.select_kelurahan(kelurahan_rows(), kabupaten, kecamatan)
    everything = len(selected) == len(kelurahan_rows())
    records = reads.records(_organizations(selected, everything), items, published_only,
                            terbit_only=True, latest_only=True)
    return completeness.summarize_records(selected, items, records, today,
                                          site.portal_timezone())


def state_label(state: str) -> str:
    return tk._(completeness.FILTER_LABELS_ID.get(state, state))


# -- parameters ---------------------------------------------------------------

def date_param(data_dict: dict[str, Any]) -> datetime.date:
    raw = data_dict.get("tanggal")
    if raw in (None, ""):
        return site.portal_today()
    if isinstance(raw, datetime.date):
        return raw
    try:
        return datetime.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise tk.ValidationError({"tanggal": [tk._(
            "Tanggal harus berformat TTTT-BB-HH, misalnya 2026-11-23.")]})


def kabupaten_param(data_dict: dict[str, Any]) -> reference.Area | None:
    """The kabupaten/kota coded ``data_dict["kabupaten"]`` (one of the
    region's), None when absent."""
    value = (data_dict.get("kabupaten") or "").strip()
    if not value:
        return None
    region = reference.current()
    for area in region.regencies:
        if area.kode == value:
            return area
    raise tk.ValidationError({"kabupaten": [tk._(
        "Kabupaten/kota tidak dikenal: {value}. Pakai kode salah satu dari: {choices}."
    ).format(value=value, choices=", ".join(
        f"{a.kode} ({a.title})" for a in region.regencies))]})


def kecamatan_param(data_dict: dict[str, Any], kabupaten: reference.Area | None = None
                    ) -> reference.Kecamatan | None:
    """The kecamatan ``data_dict["kecamatan"]`` names (its code, or a name
    only one kecamatan of the region has, or of `kabupaten` when given),
    None when absent."""
    value = (data_dict.get("kecamatan") or "").strip()
    if not value:
        return None
    found, candidates = reference.find_kecamatan(value)
    if found is None and kabupaten is not None:
        inside = [k for k in candidates if k.kode_kabupaten == kabupaten.kode]
        if len(inside) == 1:
            found = inside[0]
    if found is None:
        try:
            found = reference.kecamatan_of_parameter(value)
        except reference.WilayahError as error:
            raise tk.ValidationError({"kecamatan": [str(error)]})
    if kabupaten is not None and found.kode_kabupaten != kabupaten.kode:
        raise tk.ValidationError({"kecamatan": [tk._(
            "Kecamatan {name} ({code}) tidak berada di {kabupaten}.").format(
            name=found.nama, code=found.kode, kabupaten=kabupaten.title)]})
    return found


def filters(data_dict: dict[str, Any]) -> Filters:
    """The filters of `data_dict`, checked: a ValidationError naming every
    parameter refused otherwise."""
    errors: dict[str, list[str]] = {}

    def checked(read: Any, *args: Any) -> Any:
        try:
            return read(*args)
        except tk.ValidationError as error:
            for key, messages in error.error_dict.items():
                errors.setdefault(key, []).extend(messages)
            return None

    kabupaten = checked(kabupaten_param, data_dict)
    kecamatan = checked(kecamatan_param, data_dict, kabupaten)
    state = (data_dict.get("state") or "").strip()
    if state and state not in completeness.FILTERS:
        errors["state"] = [tk._("Status harus salah satu dari: {choices}.").format(
            choices=", ".join(completeness.FILTERS))]
    page_number = data_dict.get("page") or 1
    limit = data_dict.get("limit") or DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        errors["limit"] = [tk._("limit harus dari 1 sampai {maximum}.").format(
            maximum=MAX_LIMIT)]
    if errors:
        raise tk.ValidationError(errors)
    return Filters(kabupaten, kecamatan, (data_dict.get("q") or "").strip(), state,
                   page_number, limit)


# -- dictization ----------------------------------------------------------------

def item_dict(item: required.RequiredItem) -> dict[str, Any]:
    return {"code": item.code, "kind": item.kind, "key": item.key,
            "label": item.display_label(tk._), "frequency": item.frequency}


def frequency_label(frequency: str | None) -> str:
    label = FREQUENCY_LABELS_ID.get(frequency or "")
    return tk._(label) if label else (frequency or "")


def cell_dict(cell: completeness.Cell, state_filter: str,
               labels: dict[str, str]) -> dict[str, Any]:
    record = cell.record
    return {
        "state": cell.state,
        "label": labels[cell.state],
        "overdue": cell.overdue,
        "complete": cell.complete,
        "match": bool(state_filter) and cell.matches(state_filter),
        "frequency": cell.frequency,
        "updated": cell.updated.isoformat() if cell.updated else None,
        "modified": record.modified.isoformat() if record else None,
        "due": cell.due.isoformat() if cell.due else None,
        "datasets": cell.count,
        "pending_revision": record.pending_revision if record else False,
        "dataset": ({"id": record.package_id, "name": record.name, "title": record.title,
                     "type": record.type} if record else None),
    }


def row_dict(row: completeness.Row, state_filter: str,
              labels: dict[str, str]) -> dict[str, Any]:
    kelurahan = row.kelurahan
    return {"organization": kelurahan.organization, "title": kelurahan.title,
            "kode": kelurahan.kode, "kecamatan": kelurahan.kecamatan,
            "kode_kecamatan": kelurahan.kode_kecamatan,
            "kecamatan_label": kelurahan.kecamatan_label or kelurahan.kecamatan,
            "kode_kabupaten": kelurahan.kode_kabupaten, "kabupaten": kelurahan.kabupaten,
            "complete": row.complete, "overdue": row.overdue, "missing": row.missing,
            "required": len(row.cells),
            "cells": {code: cell_dict(cell, state_filter, labels)
                      for code, cell in row.cells.items()}}


def summary_dict(summary: completeness.KecamatanSummary) -> dict[str, Any]:
    return {"kecamatan": summary.kecamatan, "kode_kecamatan": summary.kode_kecamatan,
            "label": summary.label or summary.kecamatan,
            "kabupaten": summary.kabupaten, "kode_kabupaten": summary.kode_kabupaten,
            "kelurahan": summary.kelurahan,
            "required": summary.required, "complete": summary.complete,
            "share": round(summary.share, 4)}


def summary(summaries: list[completeness.KecamatanSummary]) -> dict[str, Any]:
    """``{summary, kabupaten, total}``: per kecamatan, per kabupaten/kota,
    and for everything in `summaries`."""
    return {"summary": [summary_dict(s) for s in summaries],
            "kabupaten": [summary_dict(s) for s in completeness.by_kabupaten(summaries)],
            "total": summary_dict(completeness.city_total(summaries))}
