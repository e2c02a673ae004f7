"""The completeness dashboard's glue: the matrix of the configured required
data over the reference kelurahan, its filters and its dictionaries, shared
by the actions, the pages and the reminders. The decisions are the pure
modules' (items, matrix, periods); the data is read once
(``model.completeness.records``).
"""
from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata import reference, site
from ckanext.satudata.completeness import items as required
from ckanext.satudata.completeness import matrix as completeness
from ckanext.satudata.completeness.periods import FREQUENCY_LABELS_ID
from ckanext.satudata.model import completeness as reads


def required_items(year: int) -> list[required.RequiredItem]:
    """The columns of the matrix for `year`, from the configuration."""
    return required.required_items(
        year, config.required_statistics(), config.point_layer_frequency())


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
            "complete": row.complete, "overdue": row.overdue, "missing": row.missing,
            "required": len(row.cells),
            "cells": {code: cell_dict(cell, state_filter, labels)
                      for code, cell in row.cells.items()}}


def summary_dict(summary: completeness.KecamatanSummary) -> dict[str, Any]:
    return {"kecamatan": summary.kecamatan, "kelurahan": summary.kelurahan,
            "required": summary.required, "complete": summary.complete,
            "share": round(summary.share, 4)}


def summary(rows: list[completeness.Row]) -> dict[str, Any]:
    summaries = completeness.summarize(rows)
    return {"summary": [summary_dict(s) for s in summaries],
            "total": summary_dict(completeness.city_total(summaries))}
