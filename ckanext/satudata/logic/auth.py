"""Auth functions. Sysadmins pass every check before these are called."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import roles, visibility

__all__ = [
    "satudata_kelurahan_list",
    "satudata_reference_organizations_load",
    "satudata_submit",
    "satudata_approve",
    "satudata_return",
    "satudata_withdraw",
    "satudata_review_queue",
    "satudata_review_history",
    "satudata_pic_worklist",
    "package_show",
    "resource_show",
]


_ = tk._


@tk.auth_allow_anonymous_access
def satudata_kelurahan_list(context: dict[str, Any],
                            data_dict: dict[str, Any]) -> dict[str, Any]:
    return {"success": True}


def satudata_reference_organizations_load(
        context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    return {"success": False,
            "msg": _("Hanya admin portal yang dapat memuat data referensi.")}


def _package(data_dict: dict[str, Any]) -> model.Package | None:
    return model.Package.get(data_dict.get("id") or "")


def satudata_submit(context, data_dict):
    package = _package(data_dict)
    if package is not None and roles.is_pic(context.get("user"), package.owner_org):
        return {"success": True}
    return {"success": False, "msg": _(
        "Hanya PIC kelurahan pemilik dataset yang dapat mengajukannya.")}


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


def _unpublished_refusal(context, package):
    if package is not None and not visibility.can_see(context.get("user"), package):
        return {"success": False, "msg": _(
            "Dataset ini belum diterbitkan dan hanya dapat dilihat oleh "
            "kelurahan pemiliknya dan kurator.")}
    return None


def _also_published_or_own(next_auth, context, data_dict, package_of):
    """Core's decision, narrowed: an unpublished dataset only for its
    kelurahan and the curators."""
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    return _unpublished_refusal(context, package_of()) or result


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def package_show(next_auth, context, data_dict):
    return _also_published_or_own(
        next_auth, context, data_dict,
        lambda: context.get("package") or visibility.package_of(data_dict))


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def resource_show(next_auth, context, data_dict):
    return _also_published_or_own(
        next_auth, context, data_dict,
        lambda: visibility.package_of(data_dict, resource=True))
