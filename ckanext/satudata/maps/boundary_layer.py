"""The kelurahan boundaries in use, inside CKAN: loading a checked boundary
layer into ``satudata_boundary``, the in-memory index of its polygons
(rebuilt only when the stored version changes), the layer drawn on the
maps, and the check of a point layer's points against their kelurahan.

Without stored boundaries everything here returns None and the callers keep
today's rectangle (``config.city_bbox``)."""
from __future__ import annotations

import hashlib
import json
import os
import threading
from typing import Any

import shapely
from shapely.geometry import shape

from ckanext.satudata import config, reference
from ckanext.satudata.maps import boundaries
from ckanext.satudata.model import Boundary

#: The demo's approximate boundaries (scripts/demo_boundaries.py).
DEMO_FILE = os.path.join(os.path.dirname(reference.__file__), "data",
                         "batas-kelurahan-perkiraan.geojson")

_lock = threading.Lock()
_cache: dict[str, Any] = {"version": None, "index": None, "resmi": False, "layer": None}


def reference_names() -> dict[str, str]:
    return {k.kode: k.nama for k in reference.all_kelurahan()}


def load(data: bytes, filename: str = "", *, resmi: bool,
         package_id: str | None = None) -> boundaries.BoundaryReport:
    """Checks a boundary file and, when it has no error, makes it the
    boundaries in use. Returns the report; raises BoundaryFileError for an
    unusable file. The caller commits."""
    layer = boundaries.read_boundary_file(data, filename)
    report = boundaries.check_boundaries(layer, reference_names(), config.city_bbox())
    if not report.ok:
        return report
    names = reference_names()
    rows = [{"kode_wilayah": kode, "nama_wilayah": names[kode],
             "geometry": json.loads(shapely.to_geojson(geometry))}
            for kode, geometry in sorted(report.geometries.items())]
    digest = hashlib.sha256(json.dumps([resmi, rows], sort_keys=True).encode()).hexdigest()[:16]
    Boundary.replace_all(rows, digest, resmi, package_id)
    return report


def _current() -> dict[str, Any] | None:
    version = Boundary.current_version()
    if version is None:
        return None
    with _lock:
        if _cache["version"] != version:
            stored = Boundary.all()
            geometries = {row.kode_wilayah: shape(row.geometry) for row in stored}
            names = {row.kode_wilayah: row.nama_wilayah for row in stored}
            _cache.update(version=version, index=boundaries.BoundaryIndex(geometries, names),
                          resmi=all(row.resmi for row in stored), layer=None)
        return dict(_cache)


def current_index() -> boundaries.BoundaryIndex | None:
    """The index of the boundaries in use, or None when none are stored."""
    current = _current()
    return current["index"] if current else None


def is_official() -> bool:
    """True when the boundaries in use are official (not the demo's approximation)."""
    current = _current()
    return bool(current and current["resmi"])


def map_layer() -> dict[str, Any] | None:
    """What the map draws: the kelurahan polygons (5 decimals) with their
    label places (representative points) and whether they are approximate;
    None without boundaries."""
    current = _current()
    if current is None:
        return None
    if current["layer"] is None:
        index = current["index"]
        geometries = dict(zip(index.codes, index.polygons))
        collection = boundaries.feature_collection(geometries, index.names)
        for feature, polygon in zip(collection["features"], index.polygons):
            label = polygon.representative_point()
            feature["properties"]["label"] = [round(label.y, 5), round(label.x, 5)]
        min_lon, min_lat, max_lon, max_lat = shapely.total_bounds(index.polygons)
        layer = {"version": current["version"], "official": current["resmi"],
                 "features": collection,
                 "extent": [[round(min_lat, 5), round(min_lon, 5)],
                            [round(max_lat, 5), round(max_lon, 5)]]}
        with _lock:
            if _cache["version"] == current["version"]:
                _cache["layer"] = layer
        current["layer"] = layer
    return current["layer"]


def check_layer_points(points: list[Any], kode: str) -> tuple[list[str], list[str]] | None:
    """Checks the points (maps.points.Point) of a layer of kelurahan `kode`
    against its boundary. Returns (errors, warnings) as messages by row, or
    None without boundaries. With approximate boundaries a point outside its
    kelurahan is only a warning: an approximate border refuses nothing."""
    index = current_index()
    if index is None or not points:
        return None
    status, _found, _distance = index.check_points(
        [p.lon for p in points], [p.lat for p in points], [kode] * len(points),
        config.boundary_tolerance_m())
    official = is_official()
    errors, warnings = [], []
    for point, state in zip(points, status.tolist()):
        if state == 0:
            continue
        check = index.check_point(point.lon, point.lat, kode, config.boundary_tolerance_m())
        text = boundaries.row_message(point.row, check)
        (errors if state >= 2 and official else warnings).append(text)
    return errors, warnings
