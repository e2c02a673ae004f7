"""Auth for access requests: any signed-in user asks for a published
restricted dataset; the requester and curators see a request; curators
decide and revoke. DataStore SQL never reaches restricted tables for
anyone but the owning kelurahan and curators."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.access import grants
from ckanext.satudata.logic.auth.outcome import SIGNED_IN, callers, curators_only
from ckanext.satudata.translation import N_
from ckanext.satudata.workflow import roles
from ckanext.satudata.model import AccessRequest

__all__ = [
    "satudata_access_request_create",
    "satudata_access_request_show",
    "satudata_access_request_list",
    "satudata_access_request_decide",
    "satudata_access_request_revoke",
    "datastore_search_sql",
]

_ = tk._


def _user(context: dict[str, Any]) -> model.User | None:
    name = context.get("user")
    return model.User.get(name) if name else None


@callers(N_("Pengguna yang sudah masuk, untuk dataset terbatas yang sudah terbit."))
def satudata_access_request_create(context, data_dict):
    if _user(context) is None:
        return {"success": False, "msg": _(
            "Silakan masuk terlebih dahulu untuk mengajukan permintaan akses.")}
    package = model.Package.get(data_dict.get("package_id") or data_dict.get("id") or "")
    if not grants.requestable(package):
        return {"success": False, "msg": _(
            "Permintaan akses hanya dapat diajukan untuk dataset terbatas yang "
            "sudah terbit.")}
    return {"success": True}


@callers(N_("Pemohon permintaan itu dan kurator."))
def satudata_access_request_show(context, data_dict):
    user = _user(context)
    request = AccessRequest.get(data_dict.get("id") or "")
    if user is not None and (roles.is_curator(user.name)
                             or (request is not None and request.requester_id == user.id)):
        return {"success": True}
    return {"success": False, "msg": _(
        "Permintaan akses hanya dapat dilihat oleh pemohonnya dan kurator.")}


@callers(SIGNED_IN)
def satudata_access_request_list(context, data_dict):
    if _user(context) is None:
        return {"success": False, "msg": _(
            "Silakan masuk untuk melihat permintaan akses Anda.")}
    return {"success": True}


_curators_only = curators_only(N_(
    "Hanya kurator yang dapat memutuskan atau mencabut permintaan akses."))


satudata_access_request_decide = _curators_only
satudata_access_request_revoke = _curators_only


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_search_sql(next_auth, context, data_dict):
    """The DataStore's own check (resource_show of every table read), and no
    restricted table for anyone but its kelurahan and the curators: a grant
    gives rows through datastore_search, where each query is logged and
    limited to the granted columns."""
    # The DataStore passes the table names as a generator: read it once.
    tables = list(context.get("table_names") or ())
    context["table_names"] = tables
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    user_name = context.get("user")
    for table in tables:
        resource = model.Resource.get(table)
        if resource is None or resource.package is None:
            continue
        if grants.data_restricted(resource.package) and not grants.is_privileged(
                user_name, resource.package):
            return {"success": False, "msg": _(
                "Kueri SQL tidak tersedia untuk data terbatas; gunakan "
                "datastore_search.")}
    return result
