"""`/templat/<name>.csv` and `/templat/<name>.xlsx`: upload templates,
linked from the forms and the kelurahan pages. `?kelurahan=<organization
name>` fills the example row with that kelurahan of the reference list;
`?indikator=<kode>` (statistik-sektoral) with the catalogue indicator's
name, unit and the period a PIC delivers today."""
from __future__ import annotations

from typing import Optional

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.satudata import reference, site
from ckanext.satudata.dataset_types import catalogue_form, prefill
from ckanext.satudata.dataset_types.templates import (
    csv_template, indicator_values, xlsx_template)
from ckanext.satudata.tabular.xlsx_output import XLSX_MIMETYPE

templates = Blueprint("satudata_templates", __name__)


def _kelurahan() -> Optional[reference.Kelurahan]:
    """The kelurahan asked for, from the reference list only: an unknown
    name is not found (and never written back)."""
    name = tk.request.args.get("kelurahan", "")
    if not name:
        return None
    kelurahan = reference.by_organization_name(name)
    if kelurahan is None:
        tk.abort(404, reference.current().not_found_text())
    return kelurahan


def _indicator(name: str) -> tuple[str, Optional[dict[str, str]]]:
    """(file name part, example row values) of ``?indikator=<kode>``: the
    template of a statistic of that catalogue indicator, for the period a
    PIC delivers today."""
    kode = tk.request.args.get("indikator", "")
    if not kode or name != "statistik-sektoral":
        return name, None
    entry = catalogue_form.indicator(kode)
    if entry is None:
        return tk.abort(404, tk._("Indikator tidak ada dalam katalog walidata."))
    period = prefill.reference_period(entry.get("frekuensi"), site.portal_today())
    return entry["kode"], indicator_values(entry, period.code)


def _filename(name: str, kelurahan: Optional[reference.Kelurahan], extension: str) -> str:
    suffix = f"-{kelurahan.slug}" if kelurahan else ""
    return f"templat-{name}{suffix}.{extension}"


@templates.route("/templat/<name>.csv")
def download(name: str) -> Response:
    kelurahan = _kelurahan()
    file_name, values = _indicator(name)
    content = csv_template(name, kelurahan, values)
    if content is None:
        return tk.abort(404, tk._("Templat tidak ditemukan."))
    return Response(
        content, mimetype="text/csv",
        headers={"Content-Disposition":
                 f'attachment; filename="{_filename(file_name, kelurahan, "csv")}"'})


@templates.route("/templat/<name>.xlsx")
def download_xlsx(name: str) -> Response:
    kelurahan = _kelurahan()
    file_name, values = _indicator(name)
    content = xlsx_template(name, site.portal_today(), kelurahan, tk._, values)
    if content is None:
        return tk.abort(404, tk._("Templat tidak ditemukan."))
    return Response(
        content, mimetype=XLSX_MIMETYPE,
        headers={"Content-Disposition":
                 f'attachment; filename="{_filename(file_name, kelurahan, "xlsx")}"'})
