"""Core's write actions through the one gate into publication (see
ckanext.satudata.workflow.gate): only Satu Data dataset types, and no change
to a dataset while a curator reviews it.

Every change of a dataset's fields or resources ends in package_update
(resource_create/update/delete/patch, package_patch, package_revise,
package_resource_reorder call it); the resource actions are checked before
core runs them too, so that nothing (an uploaded file, a plugin's hook)
happens first. Views and DataStore tables are not in package_update, and
have their own checks here. Each check runs after the caller's own
authorisation, so that nobody learns the state of a dataset they may not
edit.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.workflow import gate
from ckanext.satudata.dataset_types import catalogue_form
from ckanext.satudata.logic import params

__all__ = [
    "package_create", "package_update",
    "resource_create", "resource_update", "resource_delete",
    "resource_view_create", "resource_view_update", "resource_view_delete",
    "resource_view_reorder",
    "datastore_create", "datastore_upsert", "datastore_delete",
]


#: Dataset fields core's validators fail on (500) when they are not text;
#: read first, so that a list or a number is refused with a message. The
#: description is checked, never rewritten (its spaces are the user's).
_DATASET_TEXTS = dict(owner_org=params.optional_identifier,
                      tag_string=params.text(max_length=10_000, strip=False),
                      notes=params.text(max_length=1_000_000, strip=False))


@tk.chained_action
@params.reads(**_DATASET_TEXTS)
def package_create(up_func, context, data_dict):
    """Core's package_create, for the Satu Data dataset types only; a
    statistic of a catalogue indicator gets the catalogue's metadata."""
    gate.refuse_unknown_type(data_dict.get("type"))
    catalogue_form.keep_catalogue_metadata(context, data_dict)
    return up_func(context, data_dict)


@tk.chained_action
@params.reads(id=params.optional_identifier, **_DATASET_TEXTS)
def package_update(up_func, context, data_dict):
    """Core's package_update, for datasets of a Satu Data type (core keeps
    the type a dataset was created with; ``ckan satudata dataset-umum``
    gives older generic datasets one), not under review."""
    package_id = gate.package_id_of(data_dict.get("id") or data_dict.get("name"))
    if package_id is None:
        return up_func(context, data_dict)  # core reports the missing dataset
    tk.check_access("package_update", context, data_dict)
    gate.refuse_unknown_type(model.Package.get(package_id).type)
    gate.refuse_edit_under_review(context, package_id)
    catalogue_form.keep_catalogue_metadata(context, data_dict,
                                           model.Package.get(package_id))
    return up_func(context, data_dict)


def _checked(action: str, package_of, id_key: str = "id", **readers):
    """A chained action that refuses `action` on a dataset under review.
    Its id (`id_key`) and the parameters of `readers` are read first (see
    logic/params.py): a list or a number there is refused, not a 500."""
    def check(up_func, context, data_dict):
        package_id = package_of(data_dict)
        if package_id is not None and not gate.is_system(context):
            tk.check_access(action, context, data_dict)
            gate.refuse_edit_under_review(context, package_id)
        return up_func(context, data_dict)
    check.__name__ = action
    check.__doc__ = (f"Core's {action}, refused while the dataset is under review "
                     "(the PIC takes the submission back first).")
    return tk.chained_action(
        params.reads(**{id_key: params.optional_identifier}, **readers)(check))


resource_create = _checked(
    "resource_create", lambda d: gate.package_id_of(d.get("package_id")), "package_id")
resource_update = _checked(
    "resource_update", lambda d: gate.package_id_of_resource(d.get("id")))
resource_delete = _checked(
    "resource_delete", lambda d: gate.package_id_of_resource(d.get("id")))
resource_view_create = _checked(
    "resource_view_create", lambda d: gate.package_id_of_resource(d.get("resource_id")),
    "resource_id")
resource_view_update = _checked(
    "resource_view_update", lambda d: gate.package_id_of_view(d.get("id")))
resource_view_delete = _checked(
    "resource_view_delete", lambda d: gate.package_id_of_view(d.get("id")))
resource_view_reorder = _checked(
    "resource_view_reorder", lambda d: gate.package_id_of_resource(d.get("id")))


def _datastore_package(data_dict):
    resource_id = data_dict.get("resource_id")
    if resource_id is None and isinstance(data_dict.get("resource"), dict):
        # A new resource: resource_create checks its dataset.
        return None
    return gate.package_id_of_resource(resource_id)


datastore_create = _checked("datastore_create", _datastore_package, "resource_id",
                            records=params.json_list)
datastore_upsert = _checked("datastore_upsert", _datastore_package, "resource_id",
                            records=params.json_list)
datastore_delete = _checked("datastore_delete", _datastore_package, "resource_id")
