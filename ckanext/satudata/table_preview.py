"""The table preview (CKAN's DataTables view) shows cells as text.

Its script renders a text cell as HTML (DataTables column type "html"), so
a cell ``<img src=x onerror=...>`` of an uploaded table would run in the
preview. The preview reads its rows from ``datatablesview.ajax``; this
after_request function HTML-escapes every text cell of that answer, so the
browser shows the characters typed, and marks the answer as JSON.
"""
from __future__ import annotations

import json
from typing import Any

from flask import has_request_context, request
from markupsafe import escape

ENDPOINT = "datatablesview.ajax"


def _escaped(value: Any) -> Any:
    return str(escape(value)) if isinstance(value, str) else value


def escape_rows(response):
    """Flask after_request: the preview's rows with their text escaped."""
    if not has_request_context() or request.endpoint != ENDPOINT \
            or response.status_code != 200:
        return response
    try:
        answer = json.loads(response.get_data(as_text=True))
    except ValueError:
        return response
    if isinstance(answer, dict) and isinstance(answer.get("data"), list):
        answer["data"] = [{key: _escaped(value) for key, value in row.items()}
                          if isinstance(row, dict) else row for row in answer["data"]]
    response.set_data(json.dumps(answer))
    response.mimetype = "application/json"
    return response


def register(app):
    app.after_request(escape_rows)
    return app
