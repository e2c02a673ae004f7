"""The extent of a dataset's area for other catalogues (plain Python, no CKAN).

A dataset of a kelurahan covers that kelurahan; a dataset of a city agency
the city. DCAT-AP gives the area's bounding box (``dcat:bbox``, as WKT and as
GeoJSON) and its centre (``dcat:centroid``); schema.org a ``GeoShape`` box
("lat lon lat lon", lower corner first).

Where the box comes from is decided by the glue (``dcat_profile``): the
boundaries in use (``satudata_boundary``) when some are loaded, else the
shipped approximate boundaries (``reference/data/batas-kelurahan-perkiraan.geojson``,
built from the reference points); the centre is the reference point of the
kelurahan (``titik-kelurahan-kota-kediri.csv``, approximate).
"""
from __future__ import annotations

import csv
import functools
import json
import os
from typing import Any, Iterable

from ckanext.satudata.reference.kelurahan import DATA_DIR

#: (min_lon, min_lat, max_lon, max_lat) in WGS 84 degrees.
Bounds = tuple[float, float, float, float]

APPROXIMATE_BOUNDARIES = os.path.join(DATA_DIR, "batas-kelurahan-perkiraan.geojson")
REFERENCE_POINTS = os.path.join(DATA_DIR, "titik-kelurahan-kota-kediri.csv")

#: Decimals kept (about a metre).
DECIMALS = 5


def rounded(bounds: Iterable[float]) -> Bounds:
    min_lon, min_lat, max_lon, max_lat = (round(float(v), DECIMALS) for v in bounds)
    return min_lon, min_lat, max_lon, max_lat


def union(boxes: Iterable[Bounds]) -> Bounds | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return rounded((min(b[0] for b in boxes), min(b[1] for b in boxes),
                    max(b[2] for b in boxes), max(b[3] for b in boxes)))


def _coordinates(geometry: dict[str, Any]) -> Iterable[tuple[float, float]]:
    def walk(value: Any) -> Iterable[tuple[float, float]]:
        if value and isinstance(value[0], (int, float)):
            yield float(value[0]), float(value[1])
        else:
            for item in value:
                yield from walk(item)
    yield from walk(geometry.get("coordinates") or [])


def geometry_bounds(geometry: dict[str, Any]) -> Bounds | None:
    """The bounding box of a GeoJSON geometry."""
    points = list(_coordinates(geometry))
    if not points:
        return None
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return rounded((min(lons), min(lats), max(lons), max(lats)))


@functools.lru_cache(maxsize=1)
def approximate_bounds() -> dict[str, Bounds]:
    """Kemendagri code -> box of the shipped approximate boundary."""
    with open(APPROXIMATE_BOUNDARIES, encoding="utf-8") as f:
        collection = json.load(f)
    found: dict[str, Bounds] = {}
    for feature in collection.get("features", []):
        code = (feature.get("properties") or {}).get("kode_wilayah")
        bounds = geometry_bounds(feature.get("geometry") or {})
        if code and bounds:
            found[code] = bounds
    return found


@functools.lru_cache(maxsize=1)
def reference_points() -> dict[str, tuple[float, float]]:
    """Kemendagri code -> (lon, lat) of the kelurahan's reference point."""
    with open(REFERENCE_POINTS, encoding="utf-8", newline="") as f:
        return {row["kode_kelurahan"]: (float(row["bujur"]), float(row["lintang"]))
                for row in csv.DictReader(f)}


def bbox_geojson(bounds: Bounds) -> dict[str, Any]:
    min_lon, min_lat, max_lon, max_lat = bounds
    return {"type": "Polygon", "coordinates": [[
        [min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat],
        [min_lon, max_lat], [min_lon, min_lat]]]}


def bbox_wkt(bounds: Bounds) -> str:
    ring = ", ".join(f"{lon} {lat}" for lon, lat in bbox_geojson(bounds)["coordinates"][0])
    return f"POLYGON(({ring}))"


def point_wkt(point: tuple[float, float]) -> str:
    return f"POINT({point[0]} {point[1]})"


def point_geojson(point: tuple[float, float]) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [point[0], point[1]]}


def schema_org_box(bounds: Bounds) -> str:
    """schema.org ``GeoShape.box``: lower corner then upper corner, each
    "latitude longitude"."""
    min_lon, min_lat, max_lon, max_lat = bounds
    return f"{min_lat} {min_lon} {max_lat} {max_lon}"
