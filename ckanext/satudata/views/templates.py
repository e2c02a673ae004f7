"""`/templat/<name>.csv` and `/templat/<name>.xlsx`: upload templates,
linked from the forms and the kelurahan pages. `?kelurahan=<organization
name>` fills the example row with that kelurahan of the reference list."""
from __future__ import annotations

from typing import Optional

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.satudata import reference, site
from ckanext.satudata.dataset_types.templates import csv_template, xlsx_template
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
        tk.abort(404, tk._("Kelurahan tidak ditemukan."))
    return kelurahan


def _filename(name: str, kelurahan: Optional[reference.Kelurahan], extension: str) -> str:
    suffix = f"-{kelurahan.slug}" if kelurahan else ""
    return f"templat-{name}{suffix}.{extension}"


@templates.route("/templat/<name>.csv")
def download(name: str) -> Response:
    kelurahan = _kelurahan()
    content = csv_template(name, kelurahan)
    if content is None:
        return tk.abort(404, tk._("Templat tidak ditemukan."))
    return Response(
        content, mimetype="text/csv",
        headers={"Content-Disposition":
                 f'attachment; filename="{_filename(name, kelurahan, "csv")}"'})


@templates.route("/templat/<name>.xlsx")
def download_xlsx(name: str) -> Response:
    kelurahan = _kelurahan()
    content = xlsx_template(name, site.portal_today(), kelurahan, tk._)
    if content is None:
        return tk.abort(404, tk._("Templat tidak ditemukan."))
    return Response(
        content, mimetype=XLSX_MIMETYPE,
        headers={"Content-Disposition":
                 f'attachment; filename="{_filename(name, kelurahan, "xlsx")}"'})
