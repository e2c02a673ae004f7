"""Point layer (`peta-titik`) uploads inside CKAN's resource actions.

Every file uploaded to a point layer is checked row by row before CKAN stores
anything (IResourceController.before_resource_create/update run before the
upload is written): a file with errors is refused whole, and the dataset's
previous resources stay as they were. A valid file records its extent on the
resource (`satudata_extent`); the dataset's `spatial` extent, which
ckanext-spatial indexes for bbox search, is the union of those extents.
"""
from __future__ import annotations

import json
import os
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import config, reference
from ckanext.satudata.maps import bbox_polygon, boundary_layer, iter_points, validate_point_file

_ = tk._

DATASET_TYPE = "peta-titik"
EXTENT_FIELD = "satudata_extent"
#: The border warnings of the file's points (one per line), shown to its PIC
#: and the curators on the resource page: points just outside their
#: kelurahan, or outside it where the boundaries are only approximate.
BORDER_WARNINGS_FIELD = "satudata_peringatan_batas"
#: How many warnings are kept (the first line counts them all).
LISTED_WARNINGS = 20
FORMAT_LABELS = {"csv": "CSV", "geojson": "GeoJSON", "xlsx": "XLSX"}


def new_upload(resource: dict[str, Any]) -> Any | None:
    """The FileStorage of a new upload, or None when no file was sent."""
    upload = resource.get("upload")
    if upload is None or isinstance(upload, str):
        return None
    return upload if getattr(upload, "filename", None) else None


def keeps_stored_file(resource: dict[str, Any], current: dict[str, Any] | None) -> bool:
    """True for an edit of an uploaded resource that sends no new file nor a
    link: a metadata-only edit, which keeps the checked file."""
    return current is not None and current.get("url_type") == "upload" \
        and resource.get("url") in (None, "", current.get("url"))


def _format_hint(resource: dict[str, Any], filename: str) -> str | None:
    declared = (resource.get("format") or "").strip().lower()
    if declared in ("csv", "geojson", "json"):
        return declared
    extension = os.path.splitext(filename)[1].lstrip(".").lower()
    return extension if extension in ("csv", "geojson", "json") else None


def _point_layer(package_id: str | None) -> model.Package | None:
    package = model.Package.get(package_id) if package_id else None
    if package is None or package.type != DATASET_TYPE:
        return None
    return package


def check_upload(resource: dict[str, Any],
                 current: dict[str, Any] | None = None) -> None:
    """Check a resource about to be stored in a point layer.

    `resource` is the new resource dict (with the `upload` file, if any);
    `current` the stored resource when updating. Raises ValidationError with
    the errors by row; on success records the extent and format on
    `resource`.
    """
    package = _point_layer(resource.get("package_id")
                           or (current or {}).get("package_id"))
    if package is None:
        return
    upload = new_upload(resource)
    if upload is None:
        if keeps_stored_file(resource, current):
            # A metadata-only edit keeps the checked file, its extent and warnings.
            resource.setdefault(EXTENT_FIELD, current.get(EXTENT_FIELD))
            resource.setdefault(BORDER_WARNINGS_FIELD, current.get(BORDER_WARNINGS_FIELD))
            return
        raise tk.ValidationError({"url": [_(
            "Lapisan peta titik harus berupa berkas GeoJSON, CSV atau XLSX yang "
            "diunggah, bukan tautan.")]})

    kind = package.extras.get("jenis_titik")
    fmt = _format_hint(resource, upload.filename)
    stream = upload.stream
    try:
        report = validate_point_file(stream, kind, fmt, bbox=config.city_bbox())
    finally:
        stream.seek(0)
    if not report.ok:
        raise tk.ValidationError({
            "url": [report.summary()] + [error.message for error in report.errors],
        })
    warnings = _check_in_own_kelurahan(package, stream, kind, fmt)
    resource[BORDER_WARNINGS_FIELD] = "\n".join(warnings)
    resource[EXTENT_FIELD] = ",".join(str(v) for v in report.bbox)
    if not resource.get("format"):
        resource["format"] = FORMAT_LABELS.get(report.fmt, report.fmt)


def _check_in_own_kelurahan(package: model.Package, stream: Any, kind: str,
                            fmt: str | None) -> list[str]:
    """With kelurahan boundaries loaded, the points of a kelurahan's layer
    must lie in that kelurahan: farther than the tolerance outside it is
    refused when the boundaries are official (see
    maps.boundary_layer.check_layer_points). Returns the warnings to show:
    a count, then the first LISTED_WARNINGS by row. Without boundaries, or
    for a layer of no kelurahan, the city rectangle checked above is all."""
    group = model.Group.get(package.owner_org) if package.owner_org else None
    kelurahan = reference.by_organization_name(group.name) if group is not None else None
    if kelurahan is None or boundary_layer.current_index() is None:
        return []
    try:
        points = list(iter_points(stream, kind, fmt, bbox=config.city_bbox()))
    finally:
        stream.seek(0)
    result = boundary_layer.check_layer_points(points, kelurahan.kode)
    if result and result[0]:
        errors = result[0]
        shown = errors[:20]
        raise tk.ValidationError({"url": [_(
            "Berkas ditolak: {count} titik berada di luar Kelurahan {name}."
        ).format(count=len(errors), name=kelurahan.nama)] + shown})
    warnings = result[1] if result else []
    if not warnings:
        return []
    return [_("{count} titik perlu dicek: berada di luar atau di tepi batas Kelurahan "
              "{name}.").format(count=len(warnings), name=kelurahan.nama)
            ] + warnings[:LISTED_WARNINGS]


def _union(extents: list[str]) -> tuple[float, float, float, float] | None:
    boxes = []
    for extent in extents:
        try:
            boxes.append([float(v) for v in extent.split(",")])
        except (AttributeError, ValueError):
            continue
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def extent_geojson(extents: list[str]) -> str | None:
    """The union of resource extents as a GeoJSON Polygon string, or None."""
    box = _union(extents)
    return None if box is None else json.dumps(bbox_polygon(box))
