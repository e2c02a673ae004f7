"""Completeness of the kelurahan's data: the curators' matrix and the
public summary per kecamatan.

Each action reads the datasets of all kelurahan once
(``model.completeness.records``) and leaves the decisions to the pure
``ckanext.satudata.completeness`` package: the number of queries does not
grow with the number of kelurahan, items or datasets.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.satudata.completeness import dashboard
from ckanext.satudata.completeness import matrix as completeness
from ckanext.satudata.logic import params

__all__ = ["satudata_completeness", "satudata_completeness_summary"]


# -- actions -------------------------------------------------------------------

@tk.side_effect_free
@params.reads(kecamatan=params.text, state=params.text, tanggal=params.date)
def satudata_completeness(context, data_dict):
    """The completeness matrix: every kelurahan × the required data.

    Curators only.

    :param kecamatan: a kecamatan name.
    :param state: one of none, draf, diajukan, dikembalikan, terbit, ditarik,
        terlambat: keeps the kelurahan having at least one such cell, and
        marks those cells with ``match`` (e.g. ``terlambat``).
    :param tanggal: the day overdue is judged on (default today).
    :returns: ``{tanggal, tahun, items, kelurahan, summary, total}``: `items`
        are the columns (``{code, kind, key, label, frequency}``); each
        kelurahan is ``{organization, title, kode, kecamatan, complete,
        overdue, missing, required, cells}`` with one cell per item code:
        ``{state, label, overdue, complete, match, frequency, updated,
        modified, due, datasets, pending_revision, dataset}`` (`dataset`: the
        dataset shown, ``{id, name, title, type}``, or None). `summary` and
        `total` are the complete cells per kecamatan and for the city, over
        all kelurahan.
    """
    tk.check_access("satudata_completeness", context, data_dict)
    today = dashboard.date_param(data_dict)
    kecamatan, state = dashboard.filters(data_dict)
    items, rows = dashboard.build(today)
    shown = completeness.filter_rows(rows, kecamatan, state)
    labels = {cell_state: dashboard.state_label(cell_state) for cell_state in completeness.CELL_STATES}
    return dict(
        tanggal=today.isoformat(), tahun=today.year,
        items=[dashboard.item_dict(item) for item in items],
        kelurahan=[dashboard.row_dict(row, state, labels) for row in shown],
        **dashboard.summary(rows))


@tk.side_effect_free
@params.reads(tanggal=params.date)
def satudata_completeness_summary(context, data_dict):
    """The share of the required data each kecamatan has published.

    Anyone, anonymous included. Counts published datasets only (their
    published version), so it shows nothing unpublished.

    :param tanggal: the day overdue is judged on (default today).
    :returns: ``{tanggal, tahun, items, summary, total}``: `items` are the
        required data (``{code, kind, key, label, frequency}``); `summary`
        is, per kecamatan, ``{kecamatan, kelurahan, required, complete,
        share}`` (`required`: kelurahan × items; `complete`: those published
        and not overdue; `share`: complete / required, 0 to 1); `total` the
        same for the city.
    """
    tk.check_access("satudata_completeness_summary", context, data_dict)
    today = dashboard.date_param(data_dict)
    items, rows = dashboard.build(today, published_only=True)
    return dict(tanggal=today.isoformat(), tahun=today.year,
                items=[dashboard.item_dict(item) for item in items], **dashboard.summary(rows))
