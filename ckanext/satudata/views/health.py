"""`/sehat`: the health report as JSON for monitoring; 503 when something
does not work (``gagal``), 200 otherwise (a ``peringatan`` is named in the
body)."""
from __future__ import annotations

import json

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

health = Blueprint("satudata_health", __name__)


@health.route("/sehat")
def index() -> Response:
    report = tk.get_action("satudata_health")({"ignore_auth": False}, {})
    status = 503 if report["status"] == "gagal" else 200
    return Response(json.dumps(report, ensure_ascii=False, indent=1), status=status,
                    mimetype="application/json",
                    headers={"Cache-Control": "no-store"})
