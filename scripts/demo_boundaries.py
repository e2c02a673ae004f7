"""Builds the demo's approximate kelurahan boundaries of Kota Kediri.

    .venv/bin/python scripts/demo_boundaries.py [--check]

From one approximate reference point per kelurahan
(ckanext/satudata/reference/data/titik-kelurahan-kota-kediri.csv), a Voronoi
diagram is clipped to an approximate city outline: the convex hull of the 46
points buffered by OUTLINE_BUFFER_M metres. Coordinates are rounded to 5
decimals (about 1 m). The result is written to
ckanext/satudata/reference/data/batas-kelurahan-perkiraan.geojson, each feature
carrying kode_wilayah, nama_wilayah and keterangan "batas perkiraan, bukan
batas resmi", and is checked with the same checks as an uploaded boundary
file (maps/boundaries.py). These are NOT the official boundaries: they are
replaced by the official layer when the city publishes it.

--check rebuilds in memory and fails when the shipped file differs.
"""
from __future__ import annotations

import csv
import json
import os
import sys

import numpy as np
import shapely

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from ckanext.satudata.maps import boundaries  # noqa: E402
from ckanext.satudata.maps.points import KOTA_KEDIRI_BBOX  # noqa: E402
from ckanext.satudata.reference import kelurahan  # noqa: E402

POINTS_CSV = os.path.join(kelurahan.DATA_DIR, "titik-kelurahan-kota-kediri.csv")
OUTPUT = os.path.join(kelurahan.DATA_DIR, "batas-kelurahan-perkiraan.geojson")
OUTLINE_BUFFER_M = 300.0
NOTICE = "batas perkiraan, bukan batas resmi"


def reference_points() -> dict[str, tuple[float, float]]:
    with open(POINTS_CSV, encoding="utf-8", newline="") as handle:
        return {row["kode_kelurahan"]: (float(row["bujur"]), float(row["lintang"]))
                for row in csv.DictReader(handle)}


def build() -> dict:
    points = reference_points()
    codes = [k.kode for k in kelurahan.all_kelurahan()]
    assert set(codes) == set(points), "every kelurahan needs one reference point"
    coords = np.array([points[code] for code in codes])
    origin = coords.mean(axis=0)
    kx, ky = boundaries.metre_scale(origin[1])
    metric = (coords - origin) * (kx, ky)   # work in metres, buffer in metres
    multipoint = shapely.multipoints(metric)
    outline = shapely.convex_hull(multipoint).buffer(OUTLINE_BUFFER_M, quad_segs=4)
    cells = shapely.get_parts(shapely.voronoi_polygons(
        multipoint, extend_to=outline, ordered=True))
    geometries = {}
    for code, cell in zip(codes, cells):
        clipped = shapely.intersection(cell, outline)
        geometries[code] = shapely.transform(clipped, lambda xy: xy / (kx, ky) + origin)
    names = {k.kode: k.nama for k in kelurahan.all_kelurahan()}
    return boundaries.feature_collection(geometries, names, {"keterangan": NOTICE})


def check(document: dict) -> boundaries.BoundaryReport:
    names = {k.kode: k.nama for k in kelurahan.all_kelurahan()}
    return boundaries.check_boundaries(boundaries.read_geojson(document), names, KOTA_KEDIRI_BBOX)


def serialise(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str]) -> int:
    document = build()
    report = check(document)
    for problem in report.problems:
        print(f"{problem.severity}: {problem.text()}")
    if not report.ok:
        return 1
    text = serialise(document)
    if "--check" in argv:
        with open(OUTPUT, encoding="utf-8") as handle:
            same = handle.read() == text
        print("up to date" if same else f"{OUTPUT} differs: run scripts/demo_boundaries.py")
        return 0 if same else 1
    with open(OUTPUT, "w", encoding="utf-8") as handle:
        handle.write(text)
    area = sum(g.area for g in report.geometries.values())
    kx, ky = boundaries.metre_scale(-7.82)
    print(f"{len(report.geometries)} kelurahan, {area * kx * ky / 1e6:.1f} km2, "
          f"{len(text) / 1024:.0f} KiB -> {os.path.relpath(OUTPUT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
