"""Point entry from a phone ("Tambah / pindahkan titik"), inside CKAN: the
points of a layer's file as the editor shows them, saving the edited points
as a new version of the layer's GeoJSON file, and what a layer's edit
changes for the curator's review.

A save goes through CKAN's own resource actions (``tk.get_action``), with an
upload, so every check of an uploaded point file applies unchanged: the rows
(``layers.check_upload``), the kelurahan boundary, the personal-data guard
and the publishing workflow. The file of a published resource cannot be
replaced (``published_version.check_file_kept``) nor deleted by a PIC: an
edit of a published layer is saved as a new resource, and the published one
is marked as replaced (``satudata_diganti_oleh``, a metadata edit), which
the map skips once a curator approves the edit; until then the public keeps
the published version.
"""
from __future__ import annotations

import io
import json
import math
from typing import Any

from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk

from ckanext.satudata import config, site
from ckanext.satudata.maps import KINDS, PointFileError, iter_points
from ckanext.satudata.maps.layers import DATASET_TYPE
from ckanext.satudata.maps.point_changes import diff_points
from ckanext.satudata.workflow import published_version, states
from ckanext.satudata.model import DatasetStatus

SUPERSEDED_FIELD = "satudata_diganti_oleh"
"""On a published file replaced by a new version saved here: the id of the
new version (a resource field of the peta-titik schema). The map skips
such files (maps/extraction.py)."""

MAX_POINTS = 5000
"""The most points one save may hold."""

MAX_TEXT = 500
"""The longest text value kept in an attribute."""

COORDINATE_DECIMALS = 7


def is_point_layer(pkg_dict: dict[str, Any]) -> bool:
    return pkg_dict.get("type") == DATASET_TYPE and pkg_dict.get("jenis_titik") in KINDS


def current_files(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The uploaded files of a layer that are not replaced by a newer version."""
    return [r for r in resources or [] if site.is_upload(r) and not r.get(SUPERSEDED_FIELD)]


def editable_resource(pkg_dict: dict[str, Any]) -> dict[str, Any] | None:
    """The layer file the editor works on: the last uploaded resource not
    replaced (the newest version), or None when the layer has no file yet."""
    uploads = current_files(pkg_dict.get("resources") or [])
    return uploads[-1] if uploads else None


def resource_version(resource: dict[str, Any] | None) -> str:
    """What tells whether a resource changed since a page showed it."""
    if resource is None:
        return ""
    return "{}|{}".format(resource["id"], resource.get("last_modified")
                          or resource.get("metadata_modified") or "")


def _clean_properties(properties: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in properties.items() if value not in (None, "")}


def resource_features(resource: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The valid points of one uploaded resource as GeoJSON Feature dicts
    (empty attributes left out); [] when its file cannot be read."""
    fmt = (resource.get("format") or "").strip().lower() or None
    try:
        with site.open_uploaded(resource) as stored:
            return [{"type": "Feature",
                     "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
                     "properties": _clean_properties(point.properties)}
                    for point in iter_points(stored, kind, fmt, bbox=config.city_bbox())]
    except (OSError, PointFileError):
        return []


def _features_of(resources: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = []
    for resource in resources:
        if site.is_upload(resource):
            features.extend(resource_features(resource, kind))
    return features


# -- saving ----------------------------------------------------------------------

def _invalid(message: str) -> tk.ValidationError:
    return tk.ValidationError({"titik": [message]})


def _value(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return value.strip()[:MAX_TEXT]
    raise _invalid(tk._("Isian titik harus berupa teks atau angka."))


def clean_features(features: Any) -> list[dict[str, Any]]:
    """The features sent by the editor as GeoJSON Feature dicts: Point
    geometries with finite coordinates, properties of plain values. Raises
    ValidationError for anything else; the content (kinds' attributes,
    positions in the city and kelurahan) is checked by the upload."""
    if not isinstance(features, list):
        raise _invalid(tk._("Data titik tidak terbaca; muat ulang halaman lalu coba lagi."))
    if len(features) > MAX_POINTS:
        raise _invalid(tk._("Satu penyimpanan paling banyak {n} titik.").format(n=MAX_POINTS))
    cleaned = []
    for feature in features:
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if (not isinstance(coordinates, list) or len(coordinates) != 2
                or not all(isinstance(c, (int, float)) and not isinstance(c, bool)
                           and math.isfinite(c) for c in coordinates)
                or not isinstance(properties, dict)):
            raise _invalid(tk._("Data titik tidak terbaca; muat ulang halaman lalu coba lagi."))
        cleaned.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [
                round(float(coordinates[0]), COORDINATE_DECIMALS),
                round(float(coordinates[1]), COORDINATE_DECIMALS)]},
            "properties": {str(key)[:100]: _value(value) for key, value in properties.items()},
        })
    if not cleaned:
        raise _invalid(tk._("Lapisan harus berisi paling sedikit satu titik."))
    return cleaned


def geojson_bytes(features: list[dict[str, Any]]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, indent=1).encode("utf-8")


def _upload(features: list[dict[str, Any]], kind: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(geojson_bytes(features)),
                       filename=f"titik-{kind}.geojson", content_type="application/geo+json")


def save(context: dict[str, Any], pkg_dict: dict[str, Any], features: Any,
         base_version: str | None) -> dict[str, Any]:
    """Saves `features` as a new version of the layer's file, as the user of
    `context` through CKAN's resource actions. `base_version` is the
    resource_version the editor started from: a layer changed since is
    refused. Returns the new resource. Raises ValidationError (the upload's
    checks, a conflict) and NotAuthorized."""
    kind = pkg_dict["jenis_titik"]
    cleaned = clean_features(features)
    current = editable_resource(pkg_dict)
    if (base_version or "") != resource_version(current):
        raise _invalid(tk._(
            "Lapisan ini sudah diubah di tempat lain sejak halaman dibuka. Titik Anda "
            "masih ada di halaman ini: salin isiannya, muat ulang halaman, lalu ulangi."))
    name = (current or {}).get("name") or tk._("Titik {kind}").format(
        kind=tk._(KINDS[kind].label_id))
    if current is None or published_version.is_published_resource(
            pkg_dict["id"], current["id"]):
        # A published file is never replaced: the new version is a new
        # resource, and the published one is marked as replaced by it.
        created = tk.get_action("resource_create")(dict(context), {
            "package_id": pkg_dict["id"], "name": name, "format": "GeoJSON",
            "description": (current or {}).get("description") or "",
            "upload": _upload(cleaned, kind)})
        if current is not None:
            tk.get_action("resource_patch")(dict(context), {
                "id": current["id"], SUPERSEDED_FIELD: created["id"],
                "name": tk._("{name} (versi lama)").format(name=name)})
        return created
    updated = dict(current, upload=_upload(cleaned, kind), format="GeoJSON")
    updated.pop("url", None)
    return tk.get_action("resource_update")(dict(context), updated)


# -- review ----------------------------------------------------------------------

def review_changes(pkg_dict: dict[str, Any]) -> dict[str, Any] | None:
    """What the layer's unpublished points change from the published ones,
    for its kelurahan and the curators: ``{summary, added, moved, changed,
    removed, changes, before, after}`` (features for the before/after map),
    or None when `pkg_dict` is not a point layer, or no edit of its file waits
    (published with the same files, or a draft never submitted).
    `pkg_dict` is the live dataset (package_show for its PIC or a curator)."""
    if not is_point_layer(pkg_dict):
        return None
    status = DatasetStatus.of_request(pkg_dict["id"])
    state = status.state if status else states.INITIAL_STATE
    snapshot = published_version.snapshot_of(pkg_dict["id"])
    live_files = current_files(pkg_dict.get("resources") or [])
    if snapshot is not None:
        published_files = current_files(snapshot["custom"].get("resources") or [])
        if [resource_version(r) for r in published_files] == \
                [resource_version(r) for r in live_files]:
            return None
    elif state == states.DIAJUKAN:
        published_files = []
    else:
        return None
    kind = pkg_dict["jenis_titik"]
    before = _features_of(published_files, kind)
    after = _features_of(live_files, kind)
    result = diff_points(before, after, kind).as_dict()
    result.update(before=before, after=after)
    return result
