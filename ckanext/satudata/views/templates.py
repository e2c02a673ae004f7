"""`/templat/<name>.csv`: CSV templates for uploads, linked from the forms."""
from __future__ import annotations

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.satudata.dataset_types.templates import csv_template

templates = Blueprint("satudata_templates", __name__)


@templates.route("/templat/<name>.csv")
def download(name: str) -> Response:
    content = csv_template(name)
    if content is None:
        return tk.abort(404, tk._("Templat tidak ditemukan."))
    return Response(
        content, mimetype="text/csv",
        headers={"Content-Disposition":
                 f'attachment; filename="templat-{name}.csv"'})
