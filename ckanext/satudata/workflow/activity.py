"""The activity stream of published datasets.

CKAN records an activity for every change of a dataset, labelled with who
may see it. An edit of a published dataset is not public until a curator
approves it, so its activities are labelled for the kelurahan and the
curators only; the approval then records one public activity with the
version the public now sees.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins as plugins
import ckan.plugins.toolkit as tk

from ckanext.satudata import site
from ckanext.satudata.workflow import published_version
from ckanext.satudata.workflow import visibility

#: Context key set when the portal records the public activity itself.
PUBLIC_ACTIVITY = "satudata_public_activity"


def label_activity(context: dict[str, Any], data_dict: dict[str, Any]) -> None:
    """Before an activity is stored: restrict the activity of an edit of a
    published dataset to those who may see unpublished data."""
    if context.get(PUBLIC_ACTIVITY) or not str(data_dict.get("activity_type", "")).endswith(" package"):
        return
    package = model.Package.get(data_dict.get("object_id") or "")
    if package is None or published_version.snapshot_of(package.id) is None:
        return
    data_dict["permission_labels"] = visibility.unpublished_labels(package)


#: The activities of a resource's views (previews); not dataset activities.
VIEW_ACTIVITIES = ("new resource view", "changed resource view", "deleted resource view")


def withheld(data_dict: dict[str, Any]) -> bool:
    """Whether not to record an activity at all: the activity of a view of a
    resource the public does not see (of an unpublished dataset, or added by
    an edit not yet approved). CKAN's activity lists filter by who may see
    them only the activities of datasets; a view's activity, shown to
    everyone, names the dataset and the resource."""
    if data_dict.get("activity_type") not in VIEW_ACTIVITIES:
        return False
    package = model.Package.get(data_dict.get("object_id") or "")
    if package is None:
        return False
    if visibility.dataset_labels(package) != ["public"]:
        return True
    resource_id = (data_dict.get("data") or {}).get("resource_id") or ""
    return published_version.resource_hidden_from(None, package, resource_id)


def record_publication(package: model.Package, public_dataset: dict[str, Any],
                       actor: model.User | None, first: bool) -> None:
    """A public activity for a dataset just published (`first`) or whose
    edit was just approved, carrying the version the public now sees."""
    if not plugins.plugin_loaded("activity"):
        return
    site_user = site.site_user()
    context = site.site_context(site_user, **{PUBLIC_ACTIVITY: True})
    tk.get_action("activity_create")(context, {
        "user_id": actor.id if actor else site_user["id"],
        "object_id": package.id,
        "activity_type": "new package" if first else "changed package",
        "data": {"package": public_dataset,
                 "actor": actor.name if actor else site_user["name"]},
        "permission_labels": ["public"],
    })
