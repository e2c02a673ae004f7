"""Access requests for restricted (`terbatas`) data, and the DataStore
queries made under the grants they give.

A signed-in user asks for the data of a published restricted dataset;
a curator approves (possibly for a shorter period) or refuses with a
reason, and may revoke a grant; a grant expires by itself after its end
date (see ckanext.satudata.access.rules and ckanext.satudata.access.grants).
"""
from __future__ import annotations

import logging
from typing import Any

import psycopg2
from sqlalchemy import and_, func, select

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import site

from ckanext.satudata.access import grants
from ckanext.satudata import mail as notify
from ckanext.satudata.workflow import published_version
from ckanext.satudata.workflow import roles
from ckanext.satudata.access import columns, rules
from ckanext.satudata.access.rules import AccessRuleError
from ckanext.satudata.logic import params
from ckanext.satudata.model import (
    AccessRequest, AccessRequestResource, AccessUsage, utcnow)

log = logging.getLogger(__name__)

__all__ = [
    "satudata_access_request_create",
    "satudata_access_request_show",
    "satudata_access_request_list",
    "satudata_access_request_decide",
    "satudata_access_request_revoke",
    "datastore_search",
    "datastore_info",
    "resource_view_list",
]

LIST_LIMIT_DEFAULT = 100
LIST_LIMIT_MAX = 1000


# -- Dicts ----------------------------------------------------------------------

def _user_summary(user_id: str | None) -> dict[str, Any] | None:
    user = model.User.get(user_id) if user_id else None
    if user is None:
        return None
    return {"name": user.name, "display_name": user.display_name}


def _resource_name(resource_id: str) -> str:
    resource = model.Resource.get(resource_id)
    return (resource.name or resource.id) if resource is not None else resource_id


def _request_dict(request: AccessRequest, with_usage: bool = False) -> dict[str, Any]:
    """The API's form of a request. `state` is its state today
    (`kedaluwarsa` once a grant's end date has passed); `reason` is the
    refusal or revocation reason; `usage` (with_usage) the log of its use."""
    package = model.Package.get(request.package_id)
    today = site.portal_today()
    state = rules.effective_state(request.state, request.end_date, today)
    requester = _user_summary(request.requester_id) or {}
    result = {
        "id": request.id,
        "package_id": request.package_id,
        "package_name": package.name if package else None,
        "package_title": package.title if package else None,
        "package_type": package.type if package else None,
        "organization": (model.Group.get(package.owner_org).title
                         if package is not None and package.owner_org else None),
        "requester": requester.get("name"),
        "requester_display_name": requester.get("display_name"),
        "institution": request.institution,
        "position": request.position or "",
        "purpose": request.purpose,
        "method": request.method,
        "data_returned": request.data_returned or "",
        "resources": [{"id": e.resource_id, "name": _resource_name(e.resource_id),
                       "columns": list(e.columns or [])}
                      for e in request.elements()],
        "requested_start_date": request.requested_start.isoformat(),
        "requested_end_date": request.requested_end.isoformat(),
        "start_date": request.start_date.isoformat(),
        "end_date": request.end_date.isoformat(),
        "state": state,
        "valid_now": rules.is_valid_on(request.state, request.start_date,
                                       request.end_date, today),
        "decision_note": request.decision_note or "",
        "reason": (request.decision_note if request.state == rules.DITOLAK
                   else request.revoke_reason if request.state == rules.DICABUT
                   else "") or "",
        "decided_by": (_user_summary(request.decided_by) or {}).get("name"),
        "decided_at": request.decided_at.isoformat() if request.decided_at else None,
        "revoked_by": (_user_summary(request.revoked_by) or {}).get("name"),
        "revoked_at": request.revoked_at.isoformat() if request.revoked_at else None,
        "created": request.created.isoformat(),
    }
    if with_usage:
        result["usage"] = [{
            "user": (_user_summary(use.user_id) or {}).get("name"),
            "resource_id": use.resource_id,
            "resource_name": _resource_name(use.resource_id),
            "channel": use.channel,
            "created": use.created.isoformat(),
        } for use in AccessUsage.for_request(request.id)]
    return result


def _request_or_404(data_dict: dict[str, Any]) -> AccessRequest:
    request = AccessRequest.get(tk.get_or_bust(data_dict, "id"))
    if request is None:
        raise tk.ObjectNotFound(tk._("Permintaan akses tidak ditemukan."))
    return request


def _invalid(error: AccessRuleError) -> tk.ValidationError:
    return tk.ValidationError(error.render(tk._))


# -- Create ------------------------------------------------------------------------

def _published_resources(package: model.Package) -> list[dict[str, Any]]:
    """The resources the public sees listed (those of the published version)."""
    snapshot = published_version.snapshot_of(package.id)
    if snapshot is not None:
        return list(snapshot["custom"].get("resources") or [])
    return [{"id": r.id, "name": r.name} for r in package.resources]


def _datastore_fields(resource_id: str) -> list[str] | None:
    """The columns of the resource's DataStore table, or None when it has none."""
    resource = model.Resource.get(resource_id)
    if resource is None or not resource.extras.get("datastore_active"):
        return None
    try:
        result = tk.get_action("datastore_search")(
            {"ignore_auth": True}, {"resource_id": resource_id, "limit": 0,
                                    "include_total": False})
    except (tk.ObjectNotFound, tk.ValidationError, KeyError):
        return None
    return [field["id"] for field in result["fields"] if field["id"] != "_id"]


def _check_columns(elements: tuple[rules.Element, ...]) -> None:
    """Column names asked for must exist where the DataStore knows the table."""
    messages = []
    for element in elements:
        if not element.columns:
            continue
        known = _datastore_fields(element.resource_id)
        unknown = [c for c in element.columns if known is not None and c not in known]
        if unknown:
            messages.append(tk._("Kolom tidak ada di sumber data {resource}: {columns}.").format(
                resource=_resource_name(element.resource_id), columns=", ".join(unknown)))
    if messages:
        raise tk.ValidationError({"resources": messages})


@params.reads(package_id=params.identifier, institution=params.text, position=params.text,
              purpose=params.text(max_length=rules.LONG_TEXT_MAX_LENGTH), method=params.text,
              data_returned=params.text(max_length=rules.LONG_TEXT_MAX_LENGTH))
def satudata_access_request_create(context, data_dict):
    """Ask for access to the data of a published restricted dataset.

    Any signed-in user. Curators are e-mailed.

    :param package_id: the restricted dataset's id or name.
    :param institution: required: the requester's institution.
    :param position: the requester's position.
    :param purpose: required: why (at least 20 characters).
    :param resources: required: the data elements: a list of resource ids,
        or of ``{id, columns}`` with the column names asked for (all columns
        when none).
    :type resources: json_list
    :param method: required: ``unduh`` or ``api`` (e.g. ``unduh``).
    :param data_returned: the data to be returned to the portal.
    :param start_date: required: the first day (not before today).
    :type start_date: date
    :param end_date: required: the last day (at most
        ``ckanext.satudata.access.max_days`` days).
    :type end_date: date
    :returns: the request (see satudata_access_request_show), in state
        ``diajukan``.
    """
    package = model.Package.get(tk.get_or_bust(data_dict, "package_id"))
    if package is None or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset tidak ditemukan."))
    tk.check_access("satudata_access_request_create", context, data_dict)
    user = model.User.get(context["user"])
    resource_ids = [r["id"] for r in _published_resources(package)]
    try:
        checked = rules.check_request(data_dict, resource_ids, site.portal_today(),
                                      grants.max_days())
    except AccessRuleError as error:
        raise _invalid(error)
    _check_columns(checked.elements)
    pending = model.Session.execute(
        select(AccessRequest.id).where(AccessRequest.requester_id == user.id,
                                       AccessRequest.package_id == package.id,
                                       AccessRequest.state == rules.DIAJUKAN)).first()
    if pending is not None:
        raise tk.ValidationError({"package_id": [tk._(
            "Anda sudah mengajukan permintaan akses untuk dataset ini yang masih "
            "menunggu keputusan kurator.")]})
    now = utcnow()
    request = AccessRequest(
        package_id=package.id, requester_id=user.id, institution=checked.institution,
        position=checked.position or None, purpose=checked.purpose, method=checked.method,
        data_returned=checked.data_returned or None,
        requested_start=checked.period.start, requested_end=checked.period.end,
        start_date=checked.period.start, end_date=checked.period.end,
        state=rules.DIAJUKAN, created=now, updated=now)
    model.Session.add(request)
    model.Session.flush()
    for element in checked.elements:
        model.Session.add(AccessRequestResource(
            request_id=request.id, resource_id=element.resource_id,
            columns=list(element.columns)))
    model.Session.commit()
    notify.access_request_created(request)
    return _request_dict(request)


# -- Read --------------------------------------------------------------------------

@tk.side_effect_free
@params.reads(id=params.identifier)
def satudata_access_request_show(context, data_dict):
    """One access request, with the log of its use.

    Its requester and curators.

    :param id: the request's id.
    :returns: ``{id, package_id, package_name, package_title, package_type,
        organization, requester, requester_display_name, institution,
        position, purpose, method, data_returned, resources: [{id, name,
        columns}], requested_start_date, requested_end_date, start_date,
        end_date, state, valid_now, decision_note, reason, decided_by,
        decided_at, revoked_by, revoked_at, created, usage: [{user,
        resource_id, resource_name, channel (unduh | datastore),
        created}]}``. `state` is ``kedaluwarsa`` once an approved request's
        end date has passed.
    """
    request = _request_or_404(data_dict)
    tk.check_access("satudata_access_request_show", context, data_dict)
    return _request_dict(request, with_usage=True)


def _state_condition(state: str, today):
    if state == rules.KEDALUWARSA:
        return and_(AccessRequest.state == rules.DISETUJUI, AccessRequest.end_date < today)
    if state == rules.DISETUJUI:
        return and_(AccessRequest.state == rules.DISETUJUI, AccessRequest.end_date >= today)
    return AccessRequest.state == state


def _bounded_int(data_dict: dict[str, Any], key: str, default: int, maximum: int) -> int:
    number = params.non_negative_int(data_dict, key)
    return default if number is None else min(number, maximum)


@tk.side_effect_free
@params.reads(state=params.text, package_id=params.optional_identifier,
              requester=params.optional_identifier)
def satudata_access_request_list(context, data_dict):
    """Access requests, newest first.

    Any signed-in user: their own requests; curators: everyone's.

    :param state: diajukan, disetujui, kedaluwarsa, ditolak or dicabut
        (e.g. ``diajukan``).
    :param package_id: a dataset's id or name: only its requests.
    :param requester: a user name (curators only, others always get their own).
    :param limit: how many (default 100, at most 1000).
    :type limit: non_negative_int
    :param offset: from which.
    :type offset: non_negative_int
    :returns: ``{count, results}`` with results as in
        satudata_access_request_show (without `usage`).
    """
    tk.check_access("satudata_access_request_list", context, data_dict)
    user = model.User.get(context["user"])
    conditions = []
    requester_name = data_dict.get("requester")
    if not roles.is_curator(user.name):
        conditions.append(AccessRequest.requester_id == user.id)
    elif requester_name:
        requester = model.User.get(requester_name)
        conditions.append(AccessRequest.requester_id == (requester.id if requester else ""))
    state = data_dict.get("state")
    if state:
        if state not in rules.STATES:
            raise tk.ValidationError({"state": [tk._("Status tidak dikenal.")]})
        conditions.append(_state_condition(state, site.portal_today()))
    if data_dict.get("package_id"):
        package = model.Package.get(data_dict["package_id"])
        conditions.append(AccessRequest.package_id == (package.id if package else ""))
    limit = _bounded_int(data_dict, "limit", LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX)
    offset = _bounded_int(data_dict, "offset", 0, 2 ** 31)
    count = model.Session.execute(
        select(func.count()).select_from(AccessRequest).where(*conditions)).scalar_one()
    requests = model.Session.execute(
        select(AccessRequest).where(*conditions)
        .order_by(AccessRequest.created.desc(), AccessRequest.id)
        .limit(limit).offset(offset)).scalars()
    return {"count": count, "results": [_request_dict(r) for r in requests]}


# -- Decide, revoke -------------------------------------------------------------------

def _locked(request: AccessRequest) -> AccessRequest:
    """The request's row again, locked until commit: of two curators acting
    at once, the second sees the first one's decision."""
    query = (select(AccessRequest).where(AccessRequest.id == request.id)
             .with_for_update().execution_options(populate_existing=True))
    return model.Session.execute(query).scalar_one()


def _transition(request: AccessRequest, action: str, reason: str | None) -> str:
    current = rules.effective_state(request.state, request.end_date, site.portal_today())
    try:
        return rules.check_transition(action, current, reason)
    except AccessRuleError as error:
        model.Session.rollback()
        raise _invalid(error)


@params.reads(id=params.identifier, decision=params.text,
              reason=params.text(max_length=rules.LONG_TEXT_MAX_LENGTH))
def satudata_access_request_decide(context, data_dict):
    """Approve or refuse a submitted access request. Curators only.

    The requester is e-mailed.

    :param id: the request's id.
    :param decision: ``disetujui`` or ``ditolak`` (e.g. ``disetujui``).
    :param reason: required to refuse; a note when approving.
    :param start_date: when approving, a later first day inside the period
        asked for.
    :type start_date: date
    :param end_date: when approving, an earlier last day inside the period
        asked for.
    :type end_date: date
    :returns: the request (see satudata_access_request_show).
    """
    request = _request_or_404(data_dict)
    tk.check_access("satudata_access_request_decide", context, data_dict)
    action = rules.DECISIONS.get(data_dict.get("decision") or "")
    if action is None:
        raise tk.ValidationError({"decision": [tk._(
            "Pilih keputusan: disetujui atau ditolak.")]})
    request = _locked(request)
    reason = (data_dict.get("reason") or "").strip()
    target = _transition(request, action, reason)
    if action == rules.APPROVE:
        if not grants.requestable(model.Package.get(request.package_id)):
            model.Session.rollback()
            raise tk.ValidationError({"decision": [tk._(
                "Dataset ini tidak lagi terbit sebagai data terbatas; permintaan "
                "tidak dapat disetujui.")]})
        try:
            period = rules.check_granted_period(
                rules.Period(request.requested_start, request.requested_end),
                data_dict.get("start_date"), data_dict.get("end_date"),
                site.portal_today(), grants.max_days())
        except AccessRuleError as error:
            model.Session.rollback()
            raise _invalid(error)
        request.start_date, request.end_date = period.start, period.end
    user = model.User.get(context["user"])
    request.state = target
    request.decision_note = reason or None
    request.decided_by = user.id if user else None
    request.decided_at = request.updated = utcnow()
    model.Session.commit()
    notify.access_request_decided(request)
    return _request_dict(request)


@params.reads(id=params.identifier, reason=params.text(max_length=rules.LONG_TEXT_MAX_LENGTH))
def satudata_access_request_revoke(context, data_dict):
    """Revoke a grant in force (disetujui -> dicabut). Curators only.

    The grant stops working at once; the requester is e-mailed.

    :param id: the request's id.
    :param reason: required: why.
    :returns: the request (see satudata_access_request_show).
    """
    request = _request_or_404(data_dict)
    tk.check_access("satudata_access_request_revoke", context, data_dict)
    request = _locked(request)
    reason = (data_dict.get("reason") or "").strip()
    request.state = _transition(request, rules.REVOKE, reason)
    user = model.User.get(context["user"])
    request.revoke_reason = reason
    request.revoked_by = user.id if user else None
    request.revoked_at = request.updated = utcnow()
    model.Session.commit()
    notify.access_request_revoked(request)
    return _request_dict(request)


# -- DataStore queries under a grant ------------------------------------------------------

def _searched_resource_id(data_dict: dict[str, Any]) -> str:
    """The table a DataStore call reads, as the DataStore decides it: its
    schema renames a non-empty ``id`` over ``resource_id``."""
    value = data_dict.get("id") or data_dict.get("resource_id") or ""
    if not isinstance(value, str):
        raise tk.ValidationError({"resource_id": [tk._("Isi resource_id dengan id sumber data.")]})
    return value


def _real_resource_id(resource_id: str) -> str:
    """A DataStore alias resolved to its resource id."""
    if not resource_id or model.Resource.get(resource_id) is not None:
        return resource_id
    from ckanext.datastore.backend import DatastoreBackend
    try:
        exists, real_id = DatastoreBackend.get_active_backend().resource_id_from_alias(
            resource_id)
    except Exception:
        return resource_id
    return real_id or resource_id


def _column_grant(context: dict[str, Any], resource_id: str) -> grants.Grant | None:
    if context.get("ignore_auth"):
        return None
    return grants.grant_in_use(context.get("user"), resource_id)


@tk.side_effect_free
@tk.chained_action
def datastore_search(up_func, context, data_dict):
    """The DataStore's search. A query made under a grant (not by the owning
    kelurahan or a curator) is logged; under a grant limited to some
    columns the query is built from those columns only (see
    ckanext.satudata.access.columns): fields, filters and sort on granted
    columns, limit, offset; a text search, ``distinct`` or any other
    parameter is refused."""
    searched = _searched_resource_id(data_dict)
    resource_id = _real_resource_id(searched)
    grant = _column_grant(context, resource_id)
    # Values the DataStore would fail on with a server error, for everyone.
    data_dict = dict(data_dict)
    for key in ("limit", "offset"):
        number = params.non_negative_int(data_dict, key)
        if number is None:
            data_dict.pop(key, None)  # empty: the DataStore's default
        else:
            data_dict[key] = number
    try:
        if grant is not None and grant.columns:
            data_dict = columns.build_query(data_dict, resource_id, grant.columns,
                                            _datastore_fields(resource_id))
        elif data_dict.get("filters") not in (None, "", {}, []):
            data_dict["filters"] = columns.check_filters(data_dict["filters"])
    except AccessRuleError as error:
        raise _invalid(error)
    try:
        result = up_func(context, data_dict)
    except tk.ValidationError as error:
        # The DataStore adds the failed SQL statement and its parameters:
        # internals, not a reason.
        error.error_dict.pop("info", None)
        raise
    except psycopg2.Error:
        # CSV and TSV records are copied by the DataStore straight from the
        # database cursor, whose errors it does not turn into a refusal.
        log.info("DataStore query on %s refused by the database", resource_id,
                 exc_info=True)
        raise tk.ValidationError({"query": [tk._(
            "Kueri tidak dapat dijalankan oleh basis data; periksa nilai filters, "
            "sort, q, dan language.")]})
    if grant is not None:
        grants.record_use(context.get("user"), resource_id, grants.CHANNEL_DATASTORE)
    return result


@tk.side_effect_free
@tk.chained_action
def datastore_info(up_func, context, data_dict):
    """The DataStore's description of a table; under a grant limited to some
    columns, only those (so that the data dictionary and the table preview
    match what datastore_search gives)."""
    resource_id = _real_resource_id(_searched_resource_id(data_dict))
    result = up_func(context, data_dict)
    grant = _column_grant(context, resource_id)
    if grant is not None and grant.columns:
        allowed = set(grant.columns) | {columns.ROW_ID}
        result["fields"] = [f for f in result.get("fields") or [] if f.get("id") in allowed]
    return result


@tk.side_effect_free
@tk.chained_action
@params.reads(id=params.identifier)
def resource_view_list(up_func, context, data_dict):
    """Core's resource_view_list; the previews of restricted data are for
    those who may have the data: others who may see the dataset get none
    (so that the resource page shows its metadata and how to ask for
    access, instead of failing)."""
    try:
        return up_func(context, data_dict)
    except tk.NotAuthorized:
        resource = model.Resource.get(data_dict.get("id") or "")
        package = resource.package if resource is not None else None
        if package is None or grants.refusal(context.get("user"), package, resource.id) is None:
            raise
        try:
            tk.check_access("package_show", dict(context), {"id": package.id})
        except tk.NotAuthorized:
            raise
        return []
