"""Who may have the data of a restricted dataset, decided at access time.

A published dataset classified `terbatas` shows its metadata to everyone;
its data — files, DataStore tables, previews — only to the owning
kelurahan, the curators, and holders of a grant (an approved access
request) that is valid *now*. The check runs in the chained
``resource_show`` auth (logic/auth/dataset.py), which CKAN's download
view, resource pages, resource views and the DataStore's search all go
through, so a grant stops working the moment its end date has passed or a
curator revokes it; no scheduled job is needed.

The classification that counts is the strictest of the published version
and of a pending edit: an edit that opens a dataset waits for a curator,
an edit that restricts it applies at once.

Every use under a grant is logged (``record_use``): downloads through
CKAN's ``resource_download`` signal, sent just before an uploaded file
goes out (``download_sent``), and DataStore queries by the chained
``datastore_search`` action (logic/action/access.py). The owning
kelurahan's and the curators' own reads are not grant uses and are not
logged.
"""
from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata import site
from ckanext.satudata.workflow import published_version
from ckanext.satudata.workflow import visibility
from ckanext.satudata.access import rules
from ckanext.satudata.model import (
    AccessRequest, AccessRequestResource, AccessUsage, DatasetStatus, utcnow)
from ckanext.satudata.workflow.states import is_public

log = logging.getLogger(__name__)

CHANNEL_DOWNLOAD = "unduh"
CHANNEL_DATASTORE = "datastore"


def max_days() -> int:
    return config.access_max_days()


# -- Classification --------------------------------------------------------------

def classification(package: model.Package) -> str:
    """The access classification that governs the dataset's data: the
    strictest of the live dataset and its published version."""
    live = package.extras.get("klasifikasi_akses")
    snapshot = published_version.snapshot_of(package.id)
    published = snapshot["custom"].get("klasifikasi_akses") if snapshot else None
    return rules.most_restrictive(live, published)


def data_restricted(package: model.Package) -> bool:
    return rules.data_restricted(classification(package))


def requestable(package: model.Package | None) -> bool:
    """Whether access to the dataset's data can be requested: published
    (active, public, `terbit`) and classified `terbatas`."""
    return (package is not None and package.state == "active" and not package.private
            and is_public(DatasetStatus.state_of(package.id))
            and classification(package) == rules.TERBATAS)


def is_privileged(user_name: str | None, package: model.Package) -> bool:
    """The owning kelurahan's members, the curators and sysadmins have the
    data without a grant."""
    return visibility.can_see_unpublished(user_name, package)


# -- Grants -----------------------------------------------------------------------

@dataclass(frozen=True)
class Grant:
    request_id: str
    end_date: datetime.date
    method: str
    columns: tuple[str, ...]   # empty: every column


def valid_grant(user_name: str | None, package_id: str, resource_id: str,
                moment: datetime.datetime | None = None) -> Grant | None:
    """The grant in force at `moment` (default: now) that gives
    `user_name` the resource, or None. Of several, the one lasting longest."""
    user = model.User.get(user_name) if user_name else None
    if user is None:
        return None
    day = site.day_of(moment)
    row = model.Session.execute(
        select(AccessRequest.id, AccessRequest.end_date, AccessRequest.method,
               AccessRequestResource.columns)
        .join(AccessRequestResource, AccessRequestResource.request_id == AccessRequest.id)
        .where(AccessRequest.requester_id == user.id,
               AccessRequest.package_id == package_id,
               AccessRequestResource.resource_id == resource_id,
               AccessRequest.state == rules.DISETUJUI,
               AccessRequest.start_date <= day,
               AccessRequest.end_date >= day)
        .order_by(AccessRequest.end_date.desc(), AccessRequest.created.desc())
        .limit(1)).first()
    if row is None:
        return None
    return Grant(row.id, row.end_date, row.method, tuple(row.columns or ()))


def has_valid_grant(user_name: str | None, package_id: str, resource_id: str,
                    moment: datetime.datetime | None = None) -> bool:
    """Whether `user_name` holds a grant for the resource valid at `moment`."""
    return valid_grant(user_name, package_id, resource_id, moment) is not None


def refusal(user_name: str | None, package: model.Package,
            resource_id: str) -> dict[str, Any] | None:
    """For the resource_show auth: None when the user may have the
    resource's data, else CKAN's refusal."""
    classified = classification(package)
    if not rules.data_restricted(classified):
        return None
    # The grant first: one indexed query, cheaper than the roles.
    if classified == rules.TERBATAS and has_valid_grant(user_name, package.id, resource_id):
        return None
    if is_privileged(user_name, package):
        return None
    return {"success": False, "msg": tk._(
        "Data ini terbatas: hanya untuk kelurahan pemiliknya, kurator, dan "
        "pemegang izin akses yang masih berlaku. Ajukan permintaan akses di "
        "halaman dataset.")}


def grant_in_use(user_name: str | None, resource_id: str) -> Grant | None:
    """The grant under which `user_name` reads the resource now: None when
    the data is open to them anyway (open data, their own kelurahan,
    curators) or they have no grant."""
    resource = model.Resource.get(resource_id or "")
    if resource is None or resource.package is None:
        return None
    package = resource.package
    if not data_restricted(package) or is_privileged(user_name, package):
        return None
    return valid_grant(user_name, package.id, resource.id)


def record_use(user_name: str | None, resource_id: str, channel: str) -> bool:
    """Logs a read of the resource if it is made under a grant; returns
    whether it was. Committed at once, on its own: the log must not depend
    on what the rest of the request does."""
    grant = grant_in_use(user_name, resource_id)
    if grant is None:
        return False
    user = model.User.get(user_name)
    model.Session.add(AccessUsage(request_id=grant.request_id, user_id=user.id,
                                  resource_id=resource_id, channel=channel,
                                  created=utcnow()))
    model.Session.commit()
    return True


def download_sent(resource_id: str, **_: Any) -> None:
    """Listener of CKAN's ``resource_download`` signal (the download view
    sends it just before an uploaded file goes out)."""
    user_name = site.current_user_name()
    if not user_name:
        return
    try:
        record_use(user_name, resource_id, CHANNEL_DOWNLOAD)
    except Exception:
        # Every download under a grant is logged: one that cannot be is not
        # served (the signal is sent inside the view, before the response).
        model.Session.rollback()
        log.exception("download of %s by %s under a grant not logged",
                      resource_id, user_name)
        tk.abort(503, tk._("Unduhan tidak dapat dicatat saat ini; silakan coba lagi nanti."))
