"""Core's dataset and resource auth, narrowed: unpublished data only for its kelurahan and the curators.

A page checks resource_show for every resource several times (the list,
the views, the explore links): what depends only on the user and the
dataset (may they see it, its unpublished edits, its published version) is
remembered for the request in visibility and published_version
(``site.per_request``); only the per-resource part (added since
publication? a grant for this resource?) is asked each time.
"""
from __future__ import annotations

import uuid

import ckan.plugins.toolkit as tk

import ckan.model as model

from ckanext.satudata.access import grants
from ckanext.satudata.workflow import published_version
from ckanext.satudata.workflow import roles
from ckanext.satudata.workflow import visibility

__all__ = ["package_show", "resource_show", "package_delete", "resource_delete",
           "datastore_create", "datastore_upsert", "datastore_delete",
           "resource_view_create", "resource_view_update", "resource_view_delete",
           "resource_view_reorder"]

_ = tk._


def _unpublished_refusal(context, package):
    if package is not None and not visibility.can_see(context.get("user"), package):
        return {"success": False, "msg": _(
            "Dataset ini belum diterbitkan dan hanya dapat dilihat oleh "
            "kelurahan pemiliknya dan kurator.")}
    return None


def _asked_package(context, data_dict):
    """The dataset a package_show check is about: the one package_show
    already loaded (``context["package"]``) when it is the one asked for,
    else looked up (a context reused for another dataset is not trusted).
    Asked by a name that reads as an id, only an id matches: CKAN finds a
    dataset by id before one by name, and a name may be another's id."""
    asked = data_dict.get("id") or data_dict.get("name_or_id") or ""
    package = context.get("package")
    if package is not None and isinstance(asked, str) and (
            asked == package.id or (asked == package.name and not _reads_as_id(asked))):
        return package
    return visibility.package_of(data_dict)


def _reads_as_id(text):
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def package_show(next_auth, context, data_dict):
    """Core's decision, narrowed: an unpublished dataset only for its
    kelurahan and the curators."""
    package = _asked_package(context, data_dict)
    if package is not None and data_dict.get("id") not in (None, "", package.id):
        # Core looks the dataset up again by what it was asked: given the
        # id, it finds it in the session (asked by name: two more queries).
        data_dict = dict(data_dict, id=package.id)
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    return _unpublished_refusal(context, package) or result


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def resource_show(next_auth, context, data_dict):
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    package = visibility.package_of(data_dict, resource=True)
    if package is None:
        return result
    resource_id = data_dict.get("id") or data_dict.get("resource_id") or ""
    user_name = context.get("user")
    refusal = _unpublished_refusal(context, package)
    if refusal is not None:
        return refusal
    if published_version.resource_hidden_from(user_name, package, resource_id):
        return {"success": False, "msg": _(
            "Sumber data ini ditambahkan setelah dataset terbit dan belum "
            "disetujui kurator.")}
    # Restricted data: the kelurahan, curators and holders of a valid grant.
    return grants.refusal(user_name, package, resource_id) or result


# -- What is published stays as published until a curator decides -------------

def _published_refusal(context, package, resource_id=None):
    """Deleting a published dataset or resource, or changing the DataStore
    table of a published resource, is for curators (who withdraw it)."""
    if package is None or published_version.snapshot_of(package.id) is None:
        return None
    if resource_id is not None and not published_version.is_published_resource(
            package.id, resource_id):
        return None
    if roles.is_curator(context.get("user")):
        return None
    return {"success": False, "msg": _(
        "Data yang sudah terbit tidak dapat dihapus atau diubah langsung; "
        "minta kurator Diskominfo untuk menariknya.")}


def _resource_package(resource_id):
    resource = model.Resource.get(resource_id or "")
    return resource.package if resource is not None else None


@tk.chained_auth_function
def package_delete(next_auth, context, data_dict):
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    return _published_refusal(context, visibility.package_of(data_dict)) or result


@tk.chained_auth_function
def resource_delete(next_auth, context, data_dict):
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    resource_id = data_dict.get("id") or ""
    return _published_refusal(context, _resource_package(resource_id), resource_id) or result


def _datastore_write(next_auth, context, data_dict):
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    resource_id = data_dict.get("resource_id") or (data_dict.get("resource") or {}).get("id")
    if not resource_id:
        return result
    return _published_refusal(context, _resource_package(resource_id), resource_id) or result


# -- The views of published resources are published too ------------------------

def _published_view_refusal(context, resource_id):
    """A view of a published resource is public at once (views are not part
    of the version a curator approves): only curators change them. The
    views CKAN adds by itself to a new resource are made by the portal
    (ignore_auth), which no auth function stops."""
    resource_id = resource_id if isinstance(resource_id, str) else ""
    package = _resource_package(resource_id)
    if package is None or not published_version.is_published_resource(package.id,
                                                                       resource_id):
        return None
    if roles.is_curator(context.get("user")):
        return None
    return {"success": False, "msg": _(
        "Tampilan sumber data yang sudah terbit hanya dapat diubah oleh kurator "
        "Diskominfo.")}


def _view_resource_id(data_dict):
    view_id = data_dict.get("id")
    view = model.ResourceView.get(view_id) if isinstance(view_id, str) and view_id else None
    return view.resource_id if view is not None else None


def _view_write(resource_id_of):
    def check(next_auth, context, data_dict):
        result = next_auth(context, data_dict)
        if not result.get("success"):
            return result
        return _published_view_refusal(context, resource_id_of(data_dict)) or result
    return tk.chained_auth_function(check)


resource_view_create = _view_write(lambda data_dict: data_dict.get("resource_id"))
# The view's own resource, whatever `resource_id` the caller gives.
resource_view_update = _view_write(
    lambda data_dict: _view_resource_id(data_dict) or data_dict.get("resource_id"))
resource_view_delete = _view_write(_view_resource_id)
resource_view_reorder = _view_write(lambda data_dict: data_dict.get("resource_id"))


datastore_create = tk.chained_auth_function(_datastore_write)
datastore_upsert = tk.chained_auth_function(_datastore_write)
datastore_delete = tk.chained_auth_function(_datastore_write)
