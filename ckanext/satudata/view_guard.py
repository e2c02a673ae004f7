"""Pages obey the rules of the API, whichever view serves them.

* A page about an activity (a dataset's or a resource's old version) is
  shown only when activity_show would show that activity: CKAN's activity
  plugin reads some of them straight from the database, and the activity of
  an unapproved edit is for its kelurahan and the curators only (see
  activity.py).
* A refusal a view does not catch (an action's NotAuthorized, ObjectNotFound
  or ValidationError) is CKAN's 403, 404 or 400 page with its message,
  never a 500: several of core's and the extensions' views let them through.

Registered on the Flask app by the plugin (IMiddleware); tested by
tests/test_trust_every_route.py over every GET route.
"""
from __future__ import annotations

from typing import Any

from werkzeug.exceptions import BadRequest, Forbidden, HTTPException, NotFound

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
from ckan.common import current_user, request


def _caller() -> dict[str, Any]:
    return {"user": current_user.name if current_user.is_authenticated else ""}


def check_activity() -> None:
    """Before every request: an activity named in the address must be one
    the caller may see."""
    activity_id = (request.view_args or {}).get("activity_id")
    if not activity_id or not plugins.plugin_loaded("activity"):
        return
    try:
        tk.get_action("activity_show")(_caller(), {"id": activity_id, "include_data": False})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        tk.abort(404)


def _message(error: Exception) -> str:
    if isinstance(error, tk.ValidationError):
        return "; ".join(f"{key}: {value}" for key, value in (error.error_dict or {}).items())
    return str(error) if error.args else ""


def _as_page(app, status: type[HTTPException]):
    def handler(error: Exception):
        return app.handle_http_exception(status(description=_message(error)))
    return handler


def register(app):
    """Adds the activity check and the refusal pages to the Flask `app`."""
    app.before_request(check_activity)
    app.register_error_handler(tk.NotAuthorized, _as_page(app, Forbidden))
    app.register_error_handler(tk.ObjectNotFound, _as_page(app, NotFound))
    app.register_error_handler(tk.ValidationError, _as_page(app, BadRequest))
    return app
