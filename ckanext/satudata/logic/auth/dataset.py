"""Core's dataset and resource auth, narrowed: unpublished data only for its kelurahan and the curators."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.satudata import visibility

__all__ = ["package_show", "resource_show"]

_ = tk._


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
