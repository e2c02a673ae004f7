"""``GET /api/referensi``: the reference of the portal's own API actions
(``satudata_*``), in the visitor's language (English under ``/en/``),
read from the code by ``logic/docs.py``: what each does, who may call it,
its parameters and their types, an example request and answer."""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.satudata.logic import docs

api_reference = Blueprint("satudata_api_reference", __name__)


@api_reference.route("/api/referensi")
def index() -> str:
    site_url = tk.config.get("ckan.site_url") or ""
    actions = [{
        "doc": action,
        "callers": tk._(action.callers) if action.callers else "",
        "params": [dict(vars(param), type=tk._(param.type)) for param in action.params],
        "request": docs.example_request(action, site_url),
        "response": docs.example_response(action, site_url),
    } for action in docs.all_actions()]
    return tk.render("satudata/api_reference.html", {
        "actions": actions, "api_url": f"{site_url.rstrip('/')}/api/3/action/"})
