"""Pages obey the rules of the API, whichever view serves them.

* A page about an activity (a dataset's or a resource's old version) is
  shown only when activity_show would show that activity: CKAN's activity
  plugin reads some of them straight from the database, and the activity of
  an unapproved edit is for its kelurahan and the curators only (see
  activity.py).
* CKAN's "new" and "edit" forms fill themselves from the address's query
  string; a list field given there as text (``?tags=x``) broke the form
  with a 500. Such parameters are dropped (a redirect to the same form).
* A refusal a view does not catch (an action's NotAuthorized, ObjectNotFound
  or ValidationError) is CKAN's 403, 404 or 400 page with its message,
  never a 500: several of core's and the extensions' views let them through.

Registered on the Flask app by the plugin (IMiddleware); tested by
tests/trust/test_trust_every_route.py over every GET route.
"""
from __future__ import annotations


from werkzeug.exceptions import BadRequest, Forbidden, HTTPException, NotFound

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk

from ckanext.satudata import site
from ckan.common import request


def check_activity() -> None:
    """Before every request: an activity named in the address must be one
    the caller may see."""
    activity_id = (request.view_args or {}).get("activity_id")
    if not activity_id or not plugins.plugin_loaded("activity"):
        return
    try:
        tk.get_action("activity_show")(site.user_context(), {"id": activity_id, "include_data": False})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        tk.abort(404)


#: Fields the forms hold as lists of dicts: never filled from the address.
STRUCTURED_FIELDS = frozenset({"tags", "resources", "extras", "groups", "users", "packages"})


def drop_structured_prefill():
    """Before every request: a form page asked with a list field in its
    query string is sent to the same page without it."""
    if request.method != "GET" or (request.endpoint or "").rsplit(".", 1)[-1] not in ("new", "edit"):
        return None
    kept = [(key, value) for key, value in request.args.items(multi=True)
            if key.split("__", 1)[0] not in STRUCTURED_FIELDS]
    if len(kept) == len(list(request.args.items(multi=True))):
        return None
    query = {}
    for key, value in kept:
        query.setdefault(key, []).append(value)
    return tk.redirect_to(tk.url_for(request.endpoint, **(request.view_args or {}), **query))


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
    app.before_request(drop_structured_prefill)
    app.register_error_handler(tk.NotAuthorized, _as_page(app, Forbidden))
    app.register_error_handler(tk.ObjectNotFound, _as_page(app, NotFound))
    app.register_error_handler(tk.ValidationError, _as_page(app, BadRequest))
    return app
