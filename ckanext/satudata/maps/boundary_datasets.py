"""The boundaries as data: `batas-wilayah` datasets inside CKAN.

The walidata (the curators' organisation; schemas/batas_wilayah.yaml) keeps
the city's kelurahan boundaries as a dataset of this type, under the same
review as all data:

* every file uploaded to it is checked whole before CKAN stores anything
  (every kelurahan exactly once, valid geometry, no overlap, inside the
  region; maps/boundaries.py): a file with an error is refused with the
  report, the dataset's previous file stays;
* only its published version is used: when it is published, or an approved
  edit of it lands, its newest file becomes the boundaries in use
  (boundary_layer.load), official or approximate as the dataset says;
* when the dataset in use is withdrawn, the newest other published one
  takes its place, else the maps fall back to the city's rectangle.
"""
from __future__ import annotations

import logging
import os
from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import config, site
from ckanext.satudata.maps import boundaries, boundary_layer
from ckanext.satudata.maps.layers import keeps_stored_file, new_upload
from ckanext.satudata.model import Boundary

log = logging.getLogger(__name__)

DATASET_TYPE = "batas-wilayah"
#: How many of a refused file's problems the error lists (the count says the rest).
LISTED_PROBLEMS = 20


def _package_of(resource: dict[str, Any], current: Optional[dict[str, Any]]
                ) -> Optional[model.Package]:
    package_id = resource.get("package_id") or (current or {}).get("package_id")
    package = model.Package.get(package_id) if package_id else None
    return package if package is not None and package.type == DATASET_TYPE else None


def check_upload(resource: dict[str, Any], current: Optional[dict[str, Any]] = None) -> None:
    """Checks a file about to be stored in a `batas-wilayah` dataset; raises
    ValidationError with the report's errors (by feature and kelurahan)."""
    package = _package_of(resource, current)
    if package is None:
        return
    upload = new_upload(resource)
    if upload is None:
        if keeps_stored_file(resource, current):
            return  # a metadata-only edit keeps the checked file
        raise tk.ValidationError({"url": [tk._(
            "Batas wilayah harus berupa berkas GeoJSON atau Shapefile (zip) yang diunggah, "
            "bukan tautan.")]})
    data = upload.stream.read()
    upload.stream.seek(0)
    try:
        layer = boundaries.read_boundary_file(data, upload.filename)
        report = boundaries.check_boundaries(layer, boundary_layer.reference_names(),
                                             config.city_bbox())
    except boundaries.BoundaryFileError as error:
        raise tk.ValidationError({"url": [str(error)]})
    if report.ok:
        return
    errors = report.errors
    messages = [tk._("Berkas batas wilayah ditolak: {count} kesalahan. Perbaiki lalu unggah "
                     "lagi.").format(count=len(errors))]
    messages += [problem.text() for problem in errors[:LISTED_PROBLEMS]]
    if len(errors) > LISTED_PROBLEMS:
        messages.append(tk._("… dan {count} kesalahan lainnya.").format(
            count=len(errors) - LISTED_PROBLEMS))
    raise tk.ValidationError({"url": messages})


def _newest_file(dataset: dict[str, Any]) -> Optional[dict[str, Any]]:
    uploads = [r for r in dataset.get("resources") or [] if site.is_upload(r)]
    return uploads[-1] if uploads else None


def published(package_id: str, public_dataset: dict[str, Any]) -> None:
    """A `batas-wilayah` dataset's public version changed: its newest file
    becomes the boundaries in use. The caller commits."""
    if public_dataset.get("type") != DATASET_TYPE:
        return
    resource = _newest_file(public_dataset)
    if resource is None:
        return
    with site.open_uploaded(resource) as stored:
        data = stored.read()
    filename = os.path.basename(resource.get("url") or "") or "batas.geojson"
    report = boundary_layer.load(data, filename, package_id=package_id,
                                 resmi=public_dataset.get("batas_resmi") == "ya")
    if not report.ok:  # checked at upload: only a changed reference list gets here
        log.error("boundaries of dataset %s not used: %s", package_id,
                  "; ".join(problem.text() for problem in report.errors[:5]))


def unpublished(package_id: str) -> None:
    """A `batas-wilayah` dataset is no longer public: if its boundaries are
    in use, the newest other published one replaces them, else none are
    used. The caller commits."""
    in_use = model.Session.query(Boundary.package_id).filter(
        Boundary.package_id == package_id).first()
    if in_use is None:
        return
    from ckanext.satudata.workflow import published_version, states
    from ckanext.satudata.model import DatasetStatus

    others = (model.Session.query(model.Package.id)
              .join(DatasetStatus, DatasetStatus.package_id == model.Package.id)
              .filter(model.Package.type == DATASET_TYPE, model.Package.state == "active",
                      model.Package.id != package_id,
                      DatasetStatus.state.in_(states.PUBLIC_STATES))
              .order_by(model.Package.metadata_modified.desc()))
    for (other_id,) in others:
        snapshot = published_version.snapshot_of(other_id)
        if snapshot is not None:
            published(other_id, snapshot["custom"])
            return
    Boundary.replace_all([], "", False)
