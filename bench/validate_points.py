"""Benchmark: validate a large posyandu point layer, as CSV and as GeoJSON.

Generates N posyandu (default 50,000) at distinct places inside Kota Kediri
into a temporary directory, then for each format validates the file and
prints points per second and wall time (best of three runs) and the peak
memory traced while validating (tracemalloc, in a separate run). A second scenario gives every row
an error (positive latitude) to time the refusal path.

    .venv/bin/python bench/validate_points.py [--points N]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ckanext.satudata.maps import KOTA_KEDIRI_BBOX, validate_point_file  # noqa: E402

STRATA = ("pratama", "madya", "purnama", "mandiri")


def generate_places(count: int, seed: int = 39) -> list[tuple[float, float]]:
    """Returns `count` distinct (lon, lat) inside the Kota Kediri box: one per
    cell of a grid, jittered within its cell."""
    min_lon, min_lat, max_lon, max_lat = KOTA_KEDIRI_BBOX
    columns = int(count ** 0.5) + 1
    rows = count // columns + 1
    cell_lon, cell_lat = (max_lon - min_lon) / columns, (max_lat - min_lat) / rows
    rng = random.Random(seed)
    places = []
    for n in range(count):
        column, row = n % columns, n // columns
        places.append((round(min_lon + (column + 0.1 + 0.8 * rng.random()) * cell_lon, 6),
                       round(min_lat + (row + 0.1 + 0.8 * rng.random()) * cell_lat, 6)))
    return places


def attributes(n: int) -> dict[str, str]:
    return {"nama": f"Posyandu Contoh {n + 1}", "strata": STRATA[n % 4], "rw": str(n % 12 + 1),
            "rt": str(n % 9 + 1), "alamat": f"Jl. Contoh No. {n % 200 + 1}",
            "jumlah_kader": str(n % 10 + 3), "nama_kelurahan": "Balowerti"}


def write_csv(path: Path, places, flip_latitude: bool = False) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["latitude", "longitude"] + list(attributes(0)))
        for n, (lon, lat) in enumerate(places):
            writer.writerow([-lat if flip_latitude else lat, lon] + list(attributes(n).values()))


def write_geojson(path: Path, places, flip_latitude: bool = False) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "features": [\n')
        for n, (lon, lat) in enumerate(places):
            feature = {"type": "Feature", "properties": attributes(n),
                       "geometry": {"type": "Point", "coordinates": [lon, -lat if flip_latitude else lat]}}
            out.write(("" if n == 0 else ",\n") + json.dumps(feature))
        out.write("\n]}\n")


def measure(path: Path, repeat: int = 3) -> tuple[object, float, int]:
    """Returns (report, best wall seconds of `repeat` runs, peak traced
    bytes) for validating `path`."""
    walls = []
    for _ in range(repeat):
        started = time.perf_counter()
        report = validate_point_file(path, "posyandu")
        walls.append(time.perf_counter() - started)
    wall = min(walls)
    tracemalloc.start()
    validate_point_file(path, "posyandu")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return report, wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=50_000, help="points per file (default 50000)")
    count = parser.parse_args().points

    places = generate_places(count)
    validate_point_file(b"latitude,longitude\n", "posyandu", "csv")  # warm-up (imports)
    print(f"{count:,} posyandu in Kota Kediri; Python {sys.version.split()[0]}")
    print(f"{'scenario':<22}{'file':>9}{'points/s':>11}{'wall':>8}{'peak mem':>10}  result")
    with tempfile.TemporaryDirectory() as directory:
        for scenario, flip in (("valid", False), ("every row wrong", True)):
            for fmt, write in (("csv", write_csv), ("geojson", write_geojson)):
                path = Path(directory) / f"posyandu-{scenario.replace(' ', '-')}.{fmt}"
                write(path, places, flip_latitude=flip)
                report, wall, peak = measure(path)
                print(f"{scenario + ' ' + fmt:<22}{os.path.getsize(path) / 1e6:>7.1f}MB"
                      f"{count / wall:>11,.0f}{wall:>7.2f}s{peak / 1e6:>8.1f}MB  {report.summary()}")
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"process peak RSS (whole run, including CKAN's import by the translation marker): "
          f"{max_rss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
