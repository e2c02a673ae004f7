"""Access requests for restricted data in the browser, through the API
actions ``satudata_access_request_*`` (the web and the API obey the same
rules):

* ``/dataset/<id>/akses/ajukan``: the request form (signed-in users);
* ``/akses/saya``: the requester's requests and their state;
* ``/akses``: every request, for curators, with filters;
* ``/akses/<id>``: one request (requester, curators), where curators
  approve (possibly for a shorter period), refuse or revoke.

Downloads under a grant are also checked here: a grant for the API only,
or for some columns only, gives DataStore queries (limited to those
columns), not the whole file. CKAN's download view has no hook of its own
before the file goes out other than the resource_show auth, which also
guards the resource page and previews; hence a request hook limited to
the download endpoints.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.web import forms
from ckanext.satudata import site

from ckanext.satudata.access import grants
from ckanext.satudata.workflow import roles
from ckanext.satudata.workflow import visibility
from ckanext.satudata.access import rules
from ckanext.satudata.translation import N_

access = Blueprint("satudata_access", __name__)

_SUCCESS = {
    rules.DISETUJUI: N_("Permintaan akses telah disetujui; pemohon diberi tahu melalui email."),
    rules.DITOLAK: N_("Permintaan akses telah ditolak; pemohon diberi tahu melalui email."),
    rules.DICABUT: N_("Izin akses telah dicabut; pemohon diberi tahu melalui email."),
}


def _login_redirect() -> Any:
    return tk.redirect_to(tk.url_for("user.login", came_from=tk.request.full_path))


# -- The request form ------------------------------------------------------------------

def _form_data(form) -> dict[str, Any]:
    resources = [{"id": resource_id, "columns": form.get(f"columns-{resource_id}", "")}
                 for resource_id in form.getlist("resource")]
    data = {name: form.get(name, "") for name in (
        "institution", "position", "purpose", "method", "data_returned",
        "start_date", "end_date")}
    data["resources"] = resources
    return data


@access.route("/dataset/<id>/akses/ajukan", methods=["GET", "POST"])
def new(id: str) -> Any:
    """Ask for access to a published restricted dataset."""
    if not site.current_user_name():
        return _login_redirect()
    try:
        dataset = tk.get_action("package_show")(site.user_context(), {"id": id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Dataset tidak ditemukan."))
    try:
        tk.check_access("satudata_access_request_create", site.user_context(),
                        {"package_id": dataset["id"]})
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error) or tk._(
            "Permintaan akses hanya dapat diajukan untuk dataset terbatas yang sudah terbit."))
    user = model.User.get(site.current_user_name())
    data: dict[str, Any] = {"start_date": site.portal_today().isoformat(), "method": rules.UNDUH}
    errors: dict[str, list[str]] = {}
    if tk.request.method == "POST":
        data = _form_data(tk.request.form)
        try:
            created = tk.get_action("satudata_access_request_create")(
                site.user_context(), dict(data, package_id=dataset["id"]))
        except tk.ValidationError as error:
            errors = forms.field_errors(error)
        else:
            tk.h.flash_success(tk._(
                "Permintaan akses telah diajukan. Kurator Diskominfo akan memutuskannya; "
                "Anda akan diberi tahu melalui email."))
            return tk.redirect_to(tk.url_for("satudata_access.read", id=created["id"]))
    chosen = {r["id"]: r.get("columns") or "" for r in data.get("resources") or []}
    return tk.render("satudata/access/request_form.html", {
        "pkg": dataset, "data": data, "errors": errors, "chosen": chosen,
        "user": user, "max_days": grants.max_days(),
        "methods": [(code, tk._(label)) for code, label in rules.METHOD_LABELS_ID.items()],
    })


# -- Lists --------------------------------------------------------------------------------

def _state_choices() -> list[tuple[str, str]]:
    return [(state, tk._(rules.STATE_LABELS_ID[state])) for state in rules.STATES]


@access.route("/akses/saya")
def mine() -> Any:
    """The signed-in user's requests, newest first."""
    if not site.current_user_name():
        return _login_redirect()
    result = tk.get_action("satudata_access_request_list")(
        site.user_context(), {"requester": site.current_user_name(), "limit": 1000})
    return tk.render("satudata/access/my_requests.html", {"requests": result["results"]})


@access.route("/akses")
def index() -> Any:
    """Every request, for curators: filters by state and dataset."""
    if not roles.is_curator(site.current_user_name()):
        return tk.abort(403, tk._("Daftar permintaan akses hanya dapat dibuka oleh kurator."))
    state = tk.request.args.get("state") or ""
    if state not in rules.STATES:
        state = ""
    params: dict[str, Any] = {"limit": 1000}
    if state:
        params["state"] = state
    dataset = (tk.request.args.get("dataset") or "").strip()
    if dataset:
        params["package_id"] = dataset
    result = tk.get_action("satudata_access_request_list")(site.user_context(), params)
    return tk.render("satudata/access/requests.html", {
        "requests": result["results"], "count": result["count"], "state": state,
        "dataset": dataset, "state_choices": _state_choices()})


# -- One request --------------------------------------------------------------------------

@access.route("/akses/<id>")
def read(id: str) -> Any:
    if not site.current_user_name():
        return _login_redirect()
    try:
        request = tk.get_action("satudata_access_request_show")(site.user_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Permintaan akses tidak ditemukan."))
    except tk.NotAuthorized:
        return tk.abort(403, tk._(
            "Permintaan akses hanya dapat dilihat oleh pemohonnya dan kurator."))
    return tk.render("satudata/access/request.html", {
        "request": request, "is_curator": roles.is_curator(site.current_user_name()),
        "max_days": grants.max_days()})


def _act(id: str, action: str, data_dict: dict[str, Any]) -> Any:
    result = forms.post_to_action(
        action, dict(data_dict, id=id),
        not_found=tk._("Permintaan akses tidak ditemukan."),
        not_authorized=tk._("Hanya kurator yang dapat memutuskan atau mencabut permintaan akses."))
    if result is not None:
        success = _SUCCESS[result.get("state")]
        tk.h.flash_success(tk._(success))
    return tk.redirect_to(tk.url_for("satudata_access.read", id=id))


@access.route("/akses/<id>/putuskan", methods=["POST"])
def decide(id: str) -> Any:
    form = tk.request.form
    return _act(id, "satudata_access_request_decide", {
        "decision": form.get("decision"), "reason": form.get("reason"),
        "start_date": form.get("start_date"), "end_date": form.get("end_date")})


@access.route("/akses/<id>/cabut", methods=["POST"])
def revoke(id: str) -> Any:
    return _act(id, "satudata_access_request_revoke", {"reason": tk.request.form.get("reason")})


# -- Downloads under a grant ----------------------------------------------------------------

@access.before_app_request
def _download_under_grant() -> Any:
    """A file download under a grant for the API only, or for some columns
    only, is refused (the DataStore gives those); a download of restricted
    data without a grant is refused saying how to ask for it (CKAN's own
    refusal would not)."""
    endpoint = tk.request.endpoint or ""
    if not endpoint.endswith("resource.download"):
        return None
    resource_id = (tk.request.view_args or {}).get("resource_id") or ""
    grant = grants.grant_in_use(site.current_user_name(), resource_id)
    if grant is None:
        resource = model.Resource.get(resource_id)
        package = resource.package if resource is not None else None
        if package is not None and visibility.can_see(site.current_user_name(), package):
            refusal = grants.refusal(site.current_user_name(), package, resource_id)
            if refusal is not None:
                return tk.abort(403, refusal["msg"])
        return None
    refusal = rules.file_download_refusal(grant.method, grant.columns)
    if refusal is not None:
        return tk.abort(403, refusal.render(tk._))
    return None


# -- DataStore dumps -----------------------------------------------------------------------

def _refusal_text(error: tk.ValidationError) -> str:
    """A ValidationError as lines `parameter: message` (the DataStore's
    diagnostics, such as the failed SQL statement, left out)."""
    lines = []
    for name, value in (error.error_dict or {}).items():
        messages = value if isinstance(value, (list, tuple)) else [value]
        texts = [str(m) for m in messages if isinstance(m, str)]
        if texts:
            lines.append(f"{name}: {' '.join(texts)}")
    return "\n".join(lines) or tk._("Permintaan tidak dapat diproses.")


@access.before_app_request
def _datastore_dump() -> Any:
    """CKAN's DataStore dump (``/datastore/dump/<id>`` in every format) reads
    the table through ``datastore_search`` as the signed-in user, so a grant
    limited to some columns gives the same columns here as in the API (the
    query is built by the chained action). CKAN's view lets the search's
    refusals through as server errors; here they are a 400 with the reason
    (403, 404 for the others). CKAN's view reads the first page before it
    starts the response, so every refusal arrives here."""
    if tk.request.endpoint != "datastore.dump":
        return None
    # Imported here: the DataStore plugin's module, only when it serves a dump.
    from ckanext.datastore import blueprint as datastore_views
    resource_id = (tk.request.view_args or {}).get("resource_id") or ""
    fmt = tk.request.args.get("format")
    if fmt is not None and fmt not in datastore_views.DUMP_FORMATS:
        # CKAN's own message for this fails to format (a server error).
        return tk.abort(400, tk._("Format unduhan harus salah satu dari: {formats}.").format(
            formats=", ".join(datastore_views.DUMP_FORMATS)))
    try:
        return datastore_views.dump(resource_id)
    except tk.ValidationError as error:
        return tk.abort(400, _refusal_text(error))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Anda tidak berhak membaca data ini."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Tabel DataStore tidak ditemukan."))
