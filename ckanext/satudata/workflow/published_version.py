"""The published version of a dataset, kept while its edit waits for review.

When a curator publishes a dataset (or approves an edit of it), the dataset
as it is then — the package_show dicts CKAN indexes, with the default and
the custom schema — is stored in the status row (`published_snapshot`).
A PIC may then edit the live dataset (metadata, new resources); until a
curator approves that edit:

* everyone who may not see unpublished data (the public, planners, PICs of
  other kelurahan) gets the published version from package_show,
  resource_show and the search index (so search, organisation pages, feeds
  and the API agree);
* resources added since are refused to them (resource_show auth), so their
  pages, downloads and DataStore queries are too;
* the activity of such edits is labelled for the kelurahan and the
  curators only (see logic/action/dataset.py);
* the files of published resources cannot be replaced (a new period's file
  is a new resource), so a download always matches what was approved.

The owning kelurahan and the curators see the live dataset, and the
differences (`changes`).
"""
from __future__ import annotations

import json
import threading
from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan import logic
from ckan.lib.navl.dictization_functions import MissingNullEncoder
from ckan.lib.search.index import PackageSearchIndex

from ckanext.satudata import site
from ckanext.satudata.workflow import visibility
from ckanext.satudata.model import DatasetStatus
from ckanext.satudata.workflow import revisions, states


def capture(package_id: str) -> dict[str, Any]:
    """The dataset as it is now, in the form stored as its published
    version: ``{"default": ..., "custom": ...}`` (the two dicts CKAN's
    search index is built from)."""
    default, custom = logic.package_show_default_and_custom_schemas(
        site.site_context(use_cache=False), package_id)
    as_json = lambda value: json.loads(json.dumps(value, cls=MissingNullEncoder))  # noqa: E731
    return {"default": as_json(default), "custom": as_json(custom)}


def snapshot_of(package_id: str) -> Optional[dict[str, Any]]:
    """The stored published version of a published dataset, or None (not
    published, or published before versions were kept). Remembered for the
    current request (``site.per_request``); callers do not modify it."""
    return site.remembered(("published_version.snapshot_of", package_id),
                           lambda: _snapshot_of(package_id))


def _snapshot_of(package_id: str) -> Optional[dict[str, Any]]:
    status = DatasetStatus.of_request(package_id)
    if status is None or not states.is_public(status.state):
        return None
    snapshot = status.published_snapshot
    return snapshot if snapshot and "custom" in snapshot else None


def _sees_live(context: dict[str, Any], package: model.Package) -> bool:
    if context.get("ignore_auth"):
        return True
    return visibility.can_see_unpublished(context.get("user"), package)


def show_for(context: dict[str, Any], pkg_dict: dict[str, Any]) -> None:
    """After package_show: replace `pkg_dict`, in place, by the published
    version when the caller may not see the edit."""
    snapshot = snapshot_of(pkg_dict["id"])
    if snapshot is None:
        return
    package = model.Package.get(pkg_dict["id"])
    if package is None or _sees_live(context, package):
        return
    public = revisions.public_version(snapshot["custom"], pkg_dict)
    pkg_dict.clear()
    pkg_dict.update(public)


def resource_for(context: dict[str, Any], resource: dict[str, Any]) -> dict[str, Any]:
    """After resource_show: the published version of the resource for
    callers who may not see the edit."""
    package = model.Package.get(resource.get("package_id") or "")
    if package is None:
        return resource
    snapshot = snapshot_of(package.id)
    if snapshot is None or _sees_live(context, package):
        return resource
    public = revisions.public_version(snapshot["custom"], {"resources": [resource]})
    for candidate in public.get("resources") or []:
        if candidate["id"] == resource["id"]:
            return candidate
    raise tk.NotAuthorized(tk._("Sumber data ini belum diterbitkan."))


def is_published_resource(package_id: str, resource_id: str) -> bool:
    """Whether the resource is part of the dataset's published version."""
    snapshot = snapshot_of(package_id)
    if snapshot is None:
        return False
    return any(r["id"] == resource_id for r in snapshot["custom"].get("resources") or [])


def resource_hidden_from(user_name: str | None, package: model.Package,
                         resource_id: str) -> bool:
    """A resource added to a published dataset, not yet approved, asked for
    by someone who may not see unpublished data."""
    snapshot = snapshot_of(package.id)
    if snapshot is None or visibility.can_see_unpublished(user_name, package):
        return False
    return not is_published_resource(package.id, resource_id)


def changes(package_id: str) -> revisions.Changes:
    """What the live dataset changes from its published version (nothing
    for a dataset that is not published)."""
    snapshot = snapshot_of(package_id)
    if snapshot is None:
        return revisions.Changes()
    live = tk.get_action("package_show")(site.site_context(use_cache=False), {"id": package_id})
    return revisions.diff_datasets(snapshot["custom"], live)


# -- Search index: the published version ---------------------------------------

_indexing = threading.local()


class _Document(Exception):
    """Carries the index document CKAN built for the published version out
    of the nested indexing run, before anything is sent to Solr."""

    def __init__(self, document: dict[str, Any]) -> None:
        super().__init__("published version document")
        self.document = document


def index_document(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """From before_dataset_index: the document to index for a dataset.

    For a published dataset with a stored version, that version, turned into
    a document by CKAN's own indexer (so that every field is indexed as CKAN
    and the other plugins expect): the indexer is run on the stored dicts
    and stopped at this same hook, where the document it built is taken.
    Must run before other plugins' before_dataset_index (list `satudata`
    first in ckan.plugins), which then process the returned document.
    """
    if getattr(_indexing, "active", False):
        raise _Document(pkg_dict)
    snapshot = snapshot_of(pkg_dict["id"])
    if snapshot is None:
        return pkg_dict
    _indexing.active = True
    try:
        PackageSearchIndex().index_package(
            dict(snapshot["default"], with_custom_schema=snapshot["custom"]))
    except _Document as built:
        return built.document
    finally:
        _indexing.active = False
    return pkg_dict


# -- The files of published resources stay as approved ---------------------------

def _file_name(url: str | None) -> str:
    return (url or "").rstrip("/").rsplit("/", 1)[-1]


def check_file_kept(current: dict[str, Any], resource: dict[str, Any]) -> None:
    """Before a resource update: refuse to replace the file of a published
    resource (the public downloads exactly what was approved; a new
    period's data is a new resource)."""
    package_id = current.get("package_id") or resource.get("package_id") or ""
    if not is_published_resource(package_id, current.get("id") or ""):
        return
    upload = resource.get("upload")
    new_file = bool(getattr(upload, "filename", None)) or (
        current.get("url_type") == "upload" and "url" in resource
        and _file_name(resource.get("url")) != _file_name(current.get("url")))
    if new_file:
        raise tk.ValidationError({"url": [tk._(
            "Berkas sumber data yang sudah terbit tidak dapat diganti. "
            "Tambahkan data baru sebagai sumber data baru (misalnya untuk "
            "periode berikutnya); kurator meninjaunya sebelum terbit.")]})
