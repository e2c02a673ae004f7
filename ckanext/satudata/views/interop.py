"""An indicator's figures for statistical tools, from the same published
figures as its page (``satudata_indicator_series`` as the visitor):

* ``GET /statistik/<key>.json``: JSON-stat 2.0 (``satudata_indicator_jsonstat``);
* ``GET /statistik/<key>.csv``: SDMX-CSV 2.0, dataflow
  ``SATUDATA:DF_INDIKATOR(1.0)`` (see ``statistics/exports.py``).
"""
from __future__ import annotations

import io
import json

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.satudata import site
from ckanext.satudata.statistics import exports
from ckanext.satudata.tabular import csv_output

interop = Blueprint("satudata_interop", __name__)


def _not_found() -> Response:
    return tk.abort(404, tk._("Indikator tidak ditemukan."))


@interop.route("/statistik/<key>.json")
def indicator_jsonstat(key: str) -> Response:
    try:
        dataset = tk.get_action("satudata_indicator_jsonstat")(site.user_context(), {"id": key})
    except (tk.ObjectNotFound, tk.ValidationError):
        return _not_found()
    return Response(json.dumps(dataset, ensure_ascii=False, indent=1).encode("utf-8"),
                    mimetype="application/json", headers={"Access-Control-Allow-Origin": "*"})


@interop.route("/statistik/<key>.csv")
def indicator_sdmx(key: str) -> Response:
    try:
        series = tk.get_action("satudata_indicator_series")(site.user_context(), {"id": key})
    except (tk.ObjectNotFound, tk.ValidationError):
        return _not_found()
    out = io.StringIO()
    csv_output.writer(out).writerows(exports.sdmx_rows(series))
    return Response(out.getvalue().encode("utf-8"), content_type=exports.SDMX_MEDIA_TYPE,
                    headers={"Content-Disposition":
                             f'attachment; filename="{series["key"]}.sdmx.csv"',
                             "Access-Control-Allow-Origin": "*"})
