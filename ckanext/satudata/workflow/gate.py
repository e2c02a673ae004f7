"""One gate into publication: the rules every write of a dataset passes.

* Only the Satu Data dataset types exist (the scheming schemas of the
  portal: statistik-sektoral, profil-kelurahan, peta-titik). CKAN's generic
  `dataset` type has none of the Satu Data metadata, no classification and
  no review, so creating or editing a dataset of any other type is refused;
  datasets made before this rule are listed by ``ckan satudata dataset-umum``,
  which also gives them a Satu Data type (their PIC then completes the
  metadata in that type's form before submitting them).
* Submission freezes the content: while a dataset waits for a curator's
  decision (`diajukan`, or an edit of a published dataset submitted), no
  field, resource, view or DataStore table of it changes, so that what the
  curator reviews is what is published. The PIC takes the submission back
  (``satudata_unsubmit``) to change it. Only the portal itself (the site
  user, e.g. xloader's loads, or internal calls with ``ignore_auth``) writes
  meanwhile: it derives data from the files, it does not change them.

The chained actions of ``logic/action/gate.py`` apply these rules.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.lib.search as search
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.model import DatasetStatus
from ckanext.satudata.workflow import states


def satu_data_types() -> tuple[str, ...]:
    """The dataset types of the portal: those with a scheming schema."""
    from ckanext.scheming.helpers import scheming_dataset_schemas
    return tuple(scheming_dataset_schemas() or {})


def refuse_unknown_type(dataset_type: Any) -> None:
    """A ValidationError unless `dataset_type` is a Satu Data type."""
    allowed = satu_data_types()
    if isinstance(dataset_type, str) and dataset_type in allowed:
        return
    choices = ", ".join(allowed)
    if dataset_type in (None, ""):
        message = tk._("Jenis dataset wajib diisi. Pilih salah satu jenis Satu Data: "
                       "{choices}.").format(choices=choices)
    else:
        message = tk._("Jenis dataset \"{type}\" tidak dikenal di portal Satu Data. Pilih "
                       "salah satu jenis: {choices}.").format(
                           type=str(dataset_type)[:100], choices=choices)
    raise tk.ValidationError({"type": [message]})


def is_system(context: dict[str, Any]) -> bool:
    """A write by the portal itself, not by a person: internal calls with
    ``ignore_auth``, and the site user (xloader's loads)."""
    if context.get("ignore_auth"):
        return True
    user = context.get("user")
    return bool(user) and user == tk.config.get("ckan.site_id")


def under_review(package_id: str) -> bool:
    """Whether a curator is deciding on the dataset now: submitted, or an
    edit of the published dataset submitted."""
    status = DatasetStatus.get(package_id)
    return status is not None and (status.state == states.DIAJUKAN
                                   or bool(status.has_pending_revision))


def refuse_edit_under_review(context: dict[str, Any], package_id: Optional[str]) -> None:
    """A ValidationError when someone (not the portal itself) changes a
    dataset under review."""
    if not package_id or is_system(context) or not under_review(package_id):
        return
    raise tk.ValidationError({"satudata_status": [tk._(
        "Dataset ini sedang ditinjau kurator dan tidak dapat diubah. Tarik kembali "
        "pengajuan untuk mengubahnya, lalu ajukan lagi.")]})


# -- Which dataset an action's parameters point at ------------------------------

def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def package_id_of(reference: Any) -> Optional[str]:
    """The id of the dataset named or identified by `reference`, or None."""
    package = model.Package.get(_text(reference)) if _text(reference) else None
    return package.id if package is not None else None


def package_id_of_resource(resource_id: Any) -> Optional[str]:
    resource = model.Resource.get(_text(resource_id)) if _text(resource_id) else None
    return resource.package_id if resource is not None else None


def package_id_of_view(view_id: Any) -> Optional[str]:
    view = model.ResourceView.get(_text(view_id)) if _text(view_id) else None
    return package_id_of_resource(view.resource_id) if view is not None else None


# -- Datasets of other types, made before the gate ---------------------------------

def give_type(reference: str, dataset_type: str) -> model.Package:
    """Give a generic dataset a Satu Data type (for the curators' command).
    Its metadata is not changed: the type's form asks its PIC for what is
    missing at the next edit, and the submission checks it."""
    refuse_unknown_type(dataset_type)
    package = model.Package.get(reference)
    if package is None or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset tidak ditemukan."))
    package.type = dataset_type
    model.Session.commit()
    search.rebuild(package.id)
    return package


def generic_datasets() -> list[dict[str, Any]]:
    """The datasets (not deleted) whose type is not a Satu Data type, oldest
    first: ``{id, name, title, type, organization, state, created}``."""
    allowed = satu_data_types()
    query = (model.Session.query(model.Package)
             .filter(model.Package.state != "deleted")
             .filter(model.Package.type.is_(None) | model.Package.type.notin_(allowed))
             .order_by(model.Package.metadata_created.asc()))
    rows = []
    for package in query:
        organization = model.Group.get(package.owner_org) if package.owner_org else None
        rows.append({
            "id": package.id, "name": package.name, "title": package.title,
            "type": package.type, "organization": organization.name if organization else None,
            "state": package.state,
            "created": package.metadata_created.isoformat() if package.metadata_created
            else None,
        })
    return rows
