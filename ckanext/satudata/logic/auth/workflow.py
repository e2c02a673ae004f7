"""Auth for the publishing workflow: PICs submit, curators decide."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.workflow import roles
from ckanext.satudata.workflow import visibility

__all__ = [
    "satudata_submit",
    "satudata_approve",
    "satudata_return",
    "satudata_withdraw",
    "satudata_unsubmit",
    "satudata_review_queue",
    "satudata_review_history",
    "satudata_pic_worklist",
    "satudata_revision_changes",
]

_ = tk._


def _package(data_dict: dict[str, Any]) -> model.Package | None:
    reference = data_dict.get("id")
    return model.Package.get(reference) if isinstance(reference, str) and reference else None


def satudata_submit(context, data_dict):
    package = _package(data_dict)
    if package is not None and roles.is_pic(context.get("user"), package.owner_org):
        return {"success": True}
    return {"success": False, "msg": _(
        "Hanya PIC kelurahan pemilik dataset yang dapat mengajukannya.")}


def satudata_unsubmit(context, data_dict):
    package = _package(data_dict)
    if package is not None and roles.is_pic(context.get("user"), package.owner_org):
        return {"success": True}
    return {"success": False, "msg": _(
        "Hanya PIC kelurahan pemilik dataset yang dapat menarik kembali pengajuannya.")}


def _curators_only(context, data_dict):
    if roles.is_curator(context.get("user")):
        return {"success": True}
    return {"success": False, "msg": _(
        "Hanya kurator Diskominfo yang dapat melakukan ini.")}


satudata_approve = _curators_only
satudata_return = _curators_only
satudata_withdraw = _curators_only
satudata_review_queue = _curators_only


def satudata_pic_worklist(context, data_dict):
    # Signed-in users only (anonymous calls are refused before this runs);
    # the action lists only the user's own kelurahan.
    return {"success": True}


@tk.auth_allow_anonymous_access
def satudata_review_history(context, data_dict):
    package = _package(data_dict)
    if package is not None and visibility.can_see(context.get("user"), package):
        return {"success": True}
    return {"success": False, "msg": _("Dataset ini belum diterbitkan.")}


def satudata_revision_changes(context, data_dict):
    package = _package(data_dict)
    if package is not None and visibility.can_see_unpublished(context.get("user"), package):
        return {"success": True}
    return {"success": False, "msg": _(
        "Hanya kelurahan pemilik dataset dan kurator yang dapat melihat "
        "perubahan yang belum disetujui.")}
