"""Completeness of the desa/kelurahan's data: the curators' matrix and the
public summary per kecamatan.

Each action reads the datasets it needs in one query per part
(``model.completeness.records``: the page's desa/kelurahan; the published
ones for the summary) and leaves the decisions to the pure
``ckanext.satudata.completeness`` package: the number of queries does not
grow with the number of desa/kelurahan, items or datasets.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.satudata.completeness import dashboard
from ckanext.satudata.completeness import matrix as completeness
from ckanext.satudata.logic import params

__all__ = ["satudata_completeness", "satudata_completeness_summary"]


# -- actions -------------------------------------------------------------------

@tk.side_effect_free
@params.reads(kabupaten=params.text, kecamatan=params.text, q=params.text, state=params.text,
              page=params.non_negative_int, limit=params.non_negative_int,
              summary=params.boolean(default=True), tanggal=params.date)
def satudata_completeness(context, data_dict):
    """The completeness matrix: the desa/kelurahan × the required data, one
    page at a time.

    Curators only.

    :param kabupaten: a kabupaten/kota code of the region (e.g. ``35.06``):
        only its desa/kelurahan, and the summary of its kecamatan.
    :param kecamatan: a kecamatan code (e.g. ``35.71.02``), or a name only
        one kecamatan of the region (or of `kabupaten`) has (e.g.
        ``Mojoroto``); a name two kecamatan share is refused with their
        codes.
    :param q: words of the desa/kelurahan's name (e.g. ``balo``).
    :param state: one of none, draf, diajukan, dikembalikan, terbit, ditarik,
        terlambat: keeps the kelurahan having at least one such cell, and
        marks those cells with ``match`` (e.g. ``terlambat``).
    :param page: the page, from 1 (default 1).
    :param limit: rows per page, 1 to 1000 (default 50).
    :param summary: false leaves out `summary`, `kabupaten` and `total`
        (default true).
    :param tanggal: the day overdue is judged on (default today).
    :returns: ``{tanggal, tahun, items, kelurahan, count, page, limit,
        summary, kabupaten, total}``: `items` are the columns (``{code,
        kind, key, label, frequency}``); `kelurahan` the rows of the page,
        each ``{organization, title, kode, kecamatan, kode_kecamatan,
        kecamatan_label, kabupaten, kode_kabupaten, complete, overdue,
        missing, required, cells}`` with one cell per item code: ``{state,
        label, overdue, complete, match, frequency, updated, modified, due,
        datasets, pending_revision, dataset}`` (`dataset`: the dataset shown,
        ``{id, name, title, type}``, or None); `count` the rows passing the
        filters over all pages. `summary` is the complete cells per
        kecamatan (``{kecamatan, kode_kecamatan, label, kabupaten,
        kode_kabupaten, kelurahan, required, complete, share}``) of the
        region (of `kabupaten` when given) whatever the other filters,
        `kabupaten` the same per kabupaten/kota, `total` for all of them.
    """
    tk.check_access("satudata_completeness", context, data_dict)
    today = dashboard.date_param(data_dict)
    filters = dashboard.filters(data_dict)
    items, shown, count = dashboard.page(today, filters)
    labels = {cell_state: dashboard.state_label(cell_state)
              for cell_state in completeness.CELL_STATES}
    result = dict(
        tanggal=today.isoformat(), tahun=today.year,
        items=[dashboard.item_dict(item) for item in items],
        kelurahan=[dashboard.row_dict(row, filters.state, labels) for row in shown],
        count=count, page=filters.page, limit=filters.limit)
    if data_dict.get("summary", True):
        result.update(dashboard.summary(dashboard.summaries(today, filters.kode_kabupaten)))
    return result


@tk.side_effect_free
@params.reads(kabupaten=params.text, kecamatan=params.text, tanggal=params.date)
def satudata_completeness_summary(context, data_dict):
    """The share of the required data each kecamatan has published.

    Anyone, anonymous included. Counts published datasets only (their
    published version), so it shows nothing unpublished.

    :param kabupaten: a kabupaten/kota code of the region (e.g. ``35.06``):
        only its kecamatan.
    :param kecamatan: a kecamatan code (e.g. ``35.71.02``), or a name only
        one kecamatan of the region has: only that kecamatan.
    :param tanggal: the day overdue is judged on (default today).
    :returns: ``{tanggal, tahun, items, summary, kabupaten, total}``:
        `items` are the required data (``{code, kind, key, label,
        frequency}``); `summary` is, per kecamatan, ``{kecamatan,
        kode_kecamatan, label, kabupaten, kode_kabupaten, kelurahan,
        required, complete, share}`` (`label`: the name, with the
        kabupaten/kota where two kecamatan share it; `required`:
        desa/kelurahan × items; `complete`: those published and not overdue;
        `share`: complete / required, 0 to 1); `kabupaten` the same per
        kabupaten/kota (`kecamatan` empty); `total` for all of them.
    """
    tk.check_access("satudata_completeness_summary", context, data_dict)
    today = dashboard.date_param(data_dict)
    kabupaten = dashboard.kabupaten_param(data_dict)
    kecamatan = dashboard.kecamatan_param(data_dict, kabupaten)
    items = dashboard.required_items(today.year)
    summaries = dashboard.summaries(today, kabupaten.kode if kabupaten else "",
                                    kecamatan.kode if kecamatan else "",
                                    published_only=True)
    return dict(tanggal=today.isoformat(), tahun=today.year,
                items=[dashboard.item_dict(item) for item in items],
                **dashboard.summary(summaries))
