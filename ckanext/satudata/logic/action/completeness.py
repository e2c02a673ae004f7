"""Completeness of the kelurahan's data: the curators' matrix and the
public summary per kecamatan.

Each action reads the datasets of all kelurahan once
(``model.completeness.records``) and leaves the decisions to the pure
``ckanext.satudata.completeness`` package: the number of queries does not
grow with the number of kelurahan, items or datasets.
"""
from __future__ import annotations

import datetime
from typing import Any

import ckan.lib.helpers as h
import ckan.plugins.toolkit as tk

from ckanext.satudata import reference
from ckanext.satudata.logic import params
from ckanext.satudata.completeness import items as required
from ckanext.satudata.completeness import matrix as completeness
from ckanext.satudata.completeness.periods import FREQUENCY_LABELS_ID
from ckanext.satudata.model import completeness as reads

__all__ = ["satudata_completeness", "satudata_completeness_summary"]


# -- shared with the views and the reminders ----------------------------------

def portal_timezone() -> datetime.tzinfo:
    return h.get_display_timezone()


def portal_today() -> datetime.date:
    """Today's date in the portal's time zone (ckan.display_timezone)."""
    return datetime.datetime.now(portal_timezone()).date()


def required_items(year: int) -> list[required.RequiredItem]:
    """The columns of the matrix for `year`, from the configuration."""
    statistics = required.parse_required_statistics(
        tk.config.get("ckanext.satudata.required_statistics"))
    return required.required_items(
        year, statistics, tk.config.get("ckanext.satudata.point_layer_frequency"))


def kelurahan_rows() -> list[completeness.Kelurahan]:
    """The 46 kelurahan of the reference list, by kecamatan then name."""
    return sorted((completeness.Kelurahan(k.organization_name, k.title, k.nama_kecamatan, k.kode)
                   for k in reference.all_kelurahan()),
                  key=lambda k: (k.kecamatan, k.title))


def build(today: datetime.date, published_only: bool = False
          ) -> tuple[list[required.RequiredItem], list[completeness.Row]]:
    """(items, rows) of the matrix on `today`; `published_only`: as the
    public sees it."""
    items = required_items(today.year)
    kelurahan = kelurahan_rows()
    records = reads.records([k.organization for k in kelurahan], items, published_only)
    return items, completeness.build_matrix(kelurahan, items, records, today,
                                            portal_timezone())


def state_label(state: str) -> str:
    return tk._(completeness.FILTER_LABELS_ID.get(state, state))


# -- parameters ---------------------------------------------------------------

def _date_param(data_dict: dict[str, Any]) -> datetime.date:
    raw = data_dict.get("tanggal")
    if raw in (None, ""):
        return portal_today()
    if isinstance(raw, datetime.date):
        return raw
    try:
        return datetime.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise tk.ValidationError({"tanggal": [tk._(
            "Tanggal harus berformat TTTT-BB-HH, misalnya 2026-11-23.")]})


def filters(data_dict: dict[str, Any]) -> tuple[str, str]:
    """The (kecamatan, state) filters of `data_dict`, checked."""
    kecamatan = (data_dict.get("kecamatan") or "").strip()
    names = {name.lower(): name for name in reference.kecamatan_names()}
    if kecamatan and kecamatan.lower() not in names:
        raise tk.ValidationError({"kecamatan": [tk._("Kecamatan tidak dikenal.")]})
    state = (data_dict.get("state") or "").strip()
    if state and state not in completeness.FILTERS:
        raise tk.ValidationError({"state": [tk._(
            "Status harus salah satu dari: {choices}.").format(
            choices=", ".join(completeness.FILTERS))]})
    return names.get(kecamatan.lower(), ""), state


# -- dictization ----------------------------------------------------------------

def _item_dict(item: required.RequiredItem) -> dict[str, Any]:
    return {"code": item.code, "kind": item.kind, "key": item.key,
            "label": item.display_label(tk._), "frequency": item.frequency}


def frequency_label(frequency: str | None) -> str:
    label = FREQUENCY_LABELS_ID.get(frequency or "")
    return tk._(label) if label else (frequency or "")


def _cell_dict(cell: completeness.Cell, state_filter: str,
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


def _row_dict(row: completeness.Row, state_filter: str,
              labels: dict[str, str]) -> dict[str, Any]:
    kelurahan = row.kelurahan
    return {"organization": kelurahan.organization, "title": kelurahan.title,
            "kode": kelurahan.kode, "kecamatan": kelurahan.kecamatan,
            "complete": row.complete, "overdue": row.overdue, "missing": row.missing,
            "required": len(row.cells),
            "cells": {code: _cell_dict(cell, state_filter, labels)
                      for code, cell in row.cells.items()}}


def _summary_dict(summary: completeness.KecamatanSummary) -> dict[str, Any]:
    return {"kecamatan": summary.kecamatan, "kelurahan": summary.kelurahan,
            "required": summary.required, "complete": summary.complete,
            "share": round(summary.share, 4)}


def _summary(rows: list[completeness.Row]) -> dict[str, Any]:
    summaries = completeness.summarize(rows)
    return {"summary": [_summary_dict(s) for s in summaries],
            "total": _summary_dict(completeness.city_total(summaries))}


# -- actions -------------------------------------------------------------------

@tk.side_effect_free
@params.reads(kecamatan=params.text, state=params.text, tanggal=params.date)
def satudata_completeness(context, data_dict):
    """The completeness matrix: every kelurahan × the required data.

    Curators only. Optional params: ``kecamatan`` (a kecamatan name),
    ``state`` (one of none, draf, diajukan, dikembalikan, terbit, ditarik,
    terlambat: keeps the kelurahan having at least one such cell, and marks
    those cells with ``match``), ``tanggal`` (YYYY-MM-DD, the day overdue is
    judged on; default today).

    Returns ``{tanggal, tahun, items, kelurahan, summary, total}``: `items`
    are the columns (``{code, kind, key, label, frequency}``); each
    kelurahan is ``{organization, title, kode, kecamatan, complete, overdue,
    missing, required, cells}`` with one cell per item code: ``{state,
    label, overdue, complete, match, frequency, updated, modified, due,
    datasets, pending_revision, dataset}`` (`dataset`: the dataset shown,
    ``{id, name, title, type}``, or None). `summary` and `total` are the
    complete cells per kecamatan and for the city, over all kelurahan.
    """
    tk.check_access("satudata_completeness", context, data_dict)
    today = _date_param(data_dict)
    kecamatan, state = filters(data_dict)
    items, rows = build(today)
    shown = completeness.filter_rows(rows, kecamatan, state)
    labels = {cell_state: state_label(cell_state) for cell_state in completeness.CELL_STATES}
    return dict(
        tanggal=today.isoformat(), tahun=today.year,
        items=[_item_dict(item) for item in items],
        kelurahan=[_row_dict(row, state, labels) for row in shown],
        **_summary(rows))


@tk.side_effect_free
@params.reads(tanggal=params.date)
def satudata_completeness_summary(context, data_dict):
    """The share of the required data each kecamatan has published.

    Anyone, anonymous included. Counts published datasets only (their
    published version), so it shows nothing unpublished. Optional param
    ``tanggal`` (YYYY-MM-DD, default today).

    Returns ``{tanggal, tahun, items, summary, total}``: `items` are the
    required data (``{code, kind, key, label, frequency}``); `summary` is,
    per kecamatan, ``{kecamatan, kelurahan, required, complete, share}``
    (`required`: kelurahan × items; `complete`: those published and not
    overdue; `share`: complete / required, 0 to 1); `total` the same for
    the city.
    """
    tk.check_access("satudata_completeness_summary", context, data_dict)
    today = _date_param(data_dict)
    items, rows = build(today, published_only=True)
    return dict(tanggal=today.isoformat(), tahun=today.year,
                items=[_item_dict(item) for item in items], **_summary(rows))
