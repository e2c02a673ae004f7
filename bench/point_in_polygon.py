"""Benchmark: check points against the 46 kelurahan polygons.

Builds the boundary index from the shipped demo boundaries
(reference/data/batas-kelurahan-perkiraan.geojson), places N points (default
50,000) at random in the city's extent, each declared in a random kelurahan
(so most fall in another: the error path, which also locates the kelurahan
they fell in), and times, best of three runs:

* `locate_many`: the kelurahan containing each point;
* `check_points`: each point against its declared kelurahan, with the
  distance to its border and the kelurahan it fell in when outside;
* the same with every point declared in the kelurahan it lies in (the
  usual case of a correct upload).

Prints points per second for each beside the target of issue 17
(>= 100,000 points/s), and the time to build the index.

    .venv/bin/python bench/point_in_polygon.py [--points N]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ckanext.satudata.maps import boundaries  # noqa: E402
from ckanext.satudata.maps.points import KOTA_KEDIRI_BBOX  # noqa: E402
from ckanext.satudata.reference import kelurahan  # noqa: E402

DEMO = Path(kelurahan.DATA_DIR) / "batas-kelurahan-perkiraan.geojson"
TARGET = 100_000  # points per second (issue 17)


def best_of(runs: int, work) -> float:
    best = float("inf")
    for _run in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    names = {k.kode: k.nama for k in kelurahan.all_kelurahan()}
    report = boundaries.check_boundaries(
        boundaries.read_geojson(json.loads(DEMO.read_text(encoding="utf-8"))), names, KOTA_KEDIRI_BBOX)
    assert report.ok, [p.text() for p in report.problems]
    start = time.perf_counter()
    index = boundaries.BoundaryIndex(report.geometries, names)
    built = time.perf_counter() - start

    rng = np.random.default_rng(17)
    min_lon, min_lat, max_lon, max_lat = index.outline().bounds
    lons = rng.uniform(min_lon, max_lon, args.points)
    lats = rng.uniform(min_lat, max_lat, args.points)
    declared = [index.codes[i] for i in rng.integers(0, len(index.codes), args.points)]
    found = index.locate_many(lons, lats)
    inside_city = found >= 0
    own = [index.codes[i] for i in found[inside_city]]

    print(f"index of {len(index.codes)} polygons built in {built * 1000:.1f} ms")
    print(f"{'case':34} {'points':>14}  {'points/s':>21}  {'time':>11}  target >= {TARGET:,}/s")
    cases = [
        ("locate_many", args.points, lambda: index.locate_many(lons, lats)),
        ("check_points, random kelurahan", args.points,
         lambda: index.check_points(lons, lats, declared)),
        ("check_points, own kelurahan", int(inside_city.sum()),
         lambda: index.check_points(lons[inside_city], lats[inside_city], own)),
    ]
    for label, count, work in cases:
        seconds = best_of(args.runs, work)
        rate = count / seconds
        print(f"{label:34} {count:>7,} points  {rate:>12,.0f} points/s  "
              f"{seconds * 1000:8.1f} ms  {'met' if rate >= TARGET else 'NOT MET'}")
    status, _found, _distance = index.check_points(lons, lats, declared)
    print(f"random kelurahan: {np.bincount(status, minlength=4)[:3].tolist()} "
          "(ok, warning, error)")


if __name__ == "__main__":
    main()
