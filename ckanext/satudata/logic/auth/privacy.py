"""Auth of the personal-data guard: findings for the kelurahan and the
curators; overrides for the curators."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.workflow import roles
from ckanext.satudata.workflow import visibility

__all__ = ["satudata_privacy_scan_show", "satudata_privacy_override"]

_ = tk._


def _package_of_resource(data_dict):
    resource = model.Resource.get(data_dict.get("id") or "")
    return resource.package if resource is not None else None


def satudata_privacy_scan_show(context, data_dict):
    package = _package_of_resource(data_dict)
    if package is not None and visibility.can_see_unpublished(context.get("user"), package):
        return {"success": True}
    return {"success": False, "msg": _(
        "Hanya kelurahan pemilik dataset dan kurator yang dapat melihat hasil "
        "pemeriksaan data pribadi.")}


def satudata_privacy_override(context, data_dict):
    if roles.is_curator(context.get("user")):
        return {"success": True}
    return {"success": False, "msg": _(
        "Hanya kurator Diskominfo yang dapat mengesampingkan temuan data pribadi.")}
