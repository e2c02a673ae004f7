"""``GET /dataset/unduh.zip?<search params>``: the files of the datasets a
search finds, as one ZIP streamed to the browser, with a table of contents
(daftar-isi.csv, the last file). Takes the same parameters as the search page (q, the
facet filters, ext_bbox, sort); which files the caller gets is decided by
``satudata_search_download`` (logic/action/downloads.py, planned by downloads/planner.py).
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, stream_with_context

import ckan.plugins.toolkit as tk

from ckanext.satudata.web import forms
from ckanext.satudata import site
from ckanext.satudata.downloads import stream_zip
from ckanext.satudata.downloads import planner

downloads = Blueprint("satudata_downloads", __name__)

#: Parameters of the search page that are not filters.
NOT_FILTERS = ("q", "page", "sort")


def search_params(args) -> dict[str, Any]:
    """package_search parameters from the search page's query string, the way
    CKAN's dataset search builds them: every other parameter is a filter,
    ``ext_*`` ones go to the extras (the map's bbox)."""
    fq, extras = [], {}
    for name, value in args.items(multi=True):
        if name in NOT_FILTERS or name.startswith("_") or not value:
            continue
        if name.startswith("ext_"):
            extras[name] = value
        else:
            fq.append('%s:"%s"' % (name, value.replace("\\", "\\\\").replace('"', '\\"')))
    return {"q": args.get("q", ""), "fq": " ".join(fq), "extras": extras,
            "sort": args.get("sort") or None}


@downloads.route("/dataset/unduh.zip")
def search_zip() -> Any:
    context = site.user_context()
    try:
        tk.check_access("satudata_search_download", context, {})
        found = planner.search(context, **search_params(tk.request.args))
    except tk.ValidationError as error:
        tk.h.flash_error(" ".join(forms.error_messages(error)))
        args = [(k, v) for k, v in tk.request.args.items(multi=True)]
        return tk.redirect_to(tk.url_for("dataset.search") + (
            "?" + urlencode(args) if args else ""))
    today = site.portal_today().strftime("%Y%m%d")
    return Response(
        stream_with_context(stream_zip(planner.zip_entries(found))),
        mimetype="application/zip",
        headers={"Content-Disposition":
                 f'attachment; filename="satudata-unduhan-{today}.zip"',
                 "Cache-Control": "no-store"})
