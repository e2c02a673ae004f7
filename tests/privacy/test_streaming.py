"""The scanner streams: memory stays bounded whatever the file's size, and
counts run to the last row. Pure: no CKAN. The memory figure is a bound
checked with tracemalloc, not a timing."""
from __future__ import annotations

import json
import random
import tracemalloc

from ckanext.satudata.privacy import NIK, SMALL_CELLS, scan_file
from ckanext.satudata.privacy.readers import BLOCK_SIZE
from tests.privacy import generate


def write_register(path, count: int, seed: int = 21) -> int:
    """Writes `count` rows of statistics with, from row 40,001 on, a NIK in
    the "keterangan" column of every tenth row; returns the number of NIKs."""
    rng = random.Random(seed)
    planted = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write("kelurahan,rw,laki_laki,perempuan,telepon,keterangan\n")
        for n in range(count):
            note = ""
            if n >= 40_000 and n % 10 == 0:
                note = generate.nik(rng)
                planted += 1
            out.write(f"{generate.KELURAHAN[n % 10]},{n % 12 + 1},{n % 300},{n % 7 + 1},"
                      f"08{n:010d},{note}\n")
    return planted


def peak_memory(path) -> tuple[object, int]:
    tracemalloc.start()
    try:
        result = scan_file(path)
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_large_csv_streams_in_bounded_memory(tmp_path):
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    write_register(small, 50_000)
    planted = write_register(large, 200_000)
    assert small.stat().st_size > 4 * BLOCK_SIZE and large.stat().st_size > 20 * BLOCK_SIZE
    small_result, small_peak = peak_memory(small)
    result, peak = peak_memory(large)

    assert result.rows_scanned == 200_000
    nik = next(f for f in result.findings if f.kind == NIK)
    assert (nik.column, nik.rows) == ("keterangan", planted)
    # four times the rows, and no more memory: a few blocks, never the file
    assert peak < 16 * BLOCK_SIZE, peak
    assert peak < small_peak * 1.25 + BLOCK_SIZE, (small_peak, peak)


def test_small_cell_counts_run_to_the_last_row(tmp_path):
    path = tmp_path / "counts.csv"
    with open(path, "w", encoding="utf-8") as out:
        out.write("kelurahan;perempuan\n")
        for n in range(200_000):
            out.write(f"{generate.KELURAHAN[n % 10]};{n % 7 + 1}\n")
    (warning,) = scan_file(path).warnings
    assert (warning.kind, warning.rows) == (SMALL_CELLS, sum(1 for n in range(200_000) if n % 7 < 4))


def test_a_large_geojson_streams_feature_by_feature(tmp_path):
    rng = random.Random(22)
    path = tmp_path / "titik.geojson"
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "features": [\n')
        for n in range(20_000):
            feature = {"type": "Feature",
                       "properties": {"nama": f"Posyandu Contoh {n}", "rw": n % 12 + 1,
                                      "nik_kader": generate.nik(rng) if n == 19_999 else None},
                       "geometry": {"type": "Point", "coordinates": [112.01, -7.81]}}
            out.write(("" if n == 0 else ",\n") + json.dumps(feature))
        out.write("\n]}\n")
    result, peak = peak_memory(path)
    assert result.rows_scanned == 20_000
    assert [(f.kind, f.column, f.rows) for f in result.findings] == [(NIK, "nik_kader", 1)]
    assert peak < 4 * BLOCK_SIZE, peak
