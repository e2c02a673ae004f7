"""Benchmark: the ZIP download of a search streams with flat memory.

Part 1 (no services needed): the ZIP stream of `ckanext.satudata.downloads`
over 50 and over 500 files (256 KiB of CSV each, written to a temporary
directory), consumed chunk by chunk as a web server would; for each it
prints the bytes sent, the time and the peak memory traced by tracemalloc,
beside the same archive built in memory with `zipfile` (what a view that
returns the ZIP as one response does).

Part 2 (with ``--ckan-ini``, e.g. a private test configuration made by
``scripts/db.sh test NAME``): the whole ``/dataset/unduh.zip`` view of a
running configuration — search as an anonymous visitor, a resource_show
check per file, the streamed response — over 10 datasets × 5 files (50)
and 100 datasets × 5 files (500), published for the run and purged after.
Do not point it at the demo: it creates and purges datasets tagged
``bench-zip``.

    .venv/bin/python bench/download_zip.py [--size KIB] [--ckan-ini var/NAME.ini]
"""
from __future__ import annotations

import argparse
import io
import random
import resource
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ckanext.satudata.downloads import Entry, stream_zip  # noqa: E402

FILES_PER_DATASET = 5


def csv_bytes(size: int, seed: int) -> bytes:
    """About `size` bytes of a plausible statistic table."""
    rng = random.Random(seed)
    lines = ["kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan"]
    length = len(lines[0])
    while length < size:
        line = (f"35.71.0{rng.randint(1, 3)}.10{rng.randint(1, 18):02d},Kelurahan {rng.randint(1, 46)},"
                f"20{rng.randint(20, 26)}-{rng.randint(1, 12):02d},Balita ditimbang,"
                f"{rng.randint(50, 400)},jiwa")
        lines.append(line)
        length += len(line) + 1
    return ("\n".join(lines) + "\n").encode()


def write_files(directory: Path, count: int, size: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = directory / f"data-{n:03d}.csv"
        path.write_bytes(csv_bytes(size, n))
        paths.append(path)
    return paths


def traced(run):
    """(result, seconds, peak traced bytes) of run(); the time is slowed
    down by tracemalloc."""
    tracemalloc.start()
    started = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak


def untimed_twice(run):
    """(result, best seconds of two runs) of run(), without tracemalloc."""
    best, result = None, None
    for _ in range(2):
        started = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    return result, best


def streamed(paths: list[Path]) -> int:
    entries = [Entry.from_path(f"dataset-{n // FILES_PER_DATASET:03d}/{p.name}", str(p))
               for n, p in enumerate(paths)]
    return sum(len(chunk) for chunk in stream_zip(entries))


def in_memory(paths: list[Path]) -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, path in enumerate(paths):
            archive.write(path, f"dataset-{n // FILES_PER_DATASET:03d}/{path.name}")
    return len(buffer.getvalue())


def part_one(size: int) -> None:
    print(f"Part 1: the ZIP stream, files of {size // 1024} KiB")
    print(f"{'files':>6}{'input':>10}{'zip':>10}{'streamed: time':>16}{'peak':>9}"
          f"{'in memory: time':>17}{'peak':>9}")
    with tempfile.TemporaryDirectory() as directory:
        paths = write_files(Path(directory), 500, size)
        for count in (50, 500):
            subset = paths[:count]
            total = sum(p.stat().st_size for p in subset)
            sent, stream_s = untimed_twice(lambda: streamed(subset))
            stream_peak = traced(lambda: streamed(subset))[2]
            memory_s = untimed_twice(lambda: in_memory(subset))[1]
            memory_peak = traced(lambda: in_memory(subset))[2]
            print(f"{count:>6}{total / 1e6:>8.1f}MB{sent / 1e6:>8.1f}MB{stream_s:>15.2f}s"
                  f"{stream_peak / 1e6:>7.1f}MB{memory_s:>16.2f}s{memory_peak / 1e6:>7.1f}MB")


def part_two(ini: str, size: int) -> None:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    app = make_app(load_config(ini))

    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from werkzeug.datastructures import FileStorage

    print(f"Part 2: /dataset/unduh.zip on {ini}, {FILES_PER_DATASET} files of "
          f"{size // 1024} KiB per dataset, as an anonymous visitor")
    with app.test_request_context():
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        context = {"user": site_user["name"], "ignore_auth": True}
        organization = model.Group.get("bench-zip")
        if organization is None:
            tk.get_action("organization_create")(dict(context), {
                "name": "bench-zip", "title": "Bench ZIP", "jenis_organisasi": "produsen"})
        created = []
        try:
            for n in range(110):
                group = "bench-zip-50" if n < 10 else "bench-zip-500"
                dataset = tk.get_action("package_create")(dict(context), {
                    "type": "statistik-sektoral", "name": f"bench-zip-{n:03d}",
                    "title": f"Bench ZIP {n}", "owner_org": "bench-zip", "notes": "Bench.",
                    "bidang_urusan": "kesehatan", "konsep": "Bench", "definisi": "Bench",
                    "satuan": "jiwa", "tahun": "2025", "frekuensi": "bulanan",
                    "tingkat_penyajian": "kelurahan", "produsen": "Bench",
                    "klasifikasi_akses": "terbuka", "tag_string": group})
                created.append(dataset["id"])
                for k in range(FILES_PER_DATASET):
                    content = csv_bytes(size, n * 10 + k)
                    tk.get_action("resource_create")(dict(context), {
                        "package_id": dataset["id"], "name": f"Tabel {k}",
                        "upload": FileStorage(io.BytesIO(content), f"tabel-{k}.csv")})
                tk.get_action("satudata_submit")(dict(context), {"id": dataset["id"]})
                tk.get_action("satudata_approve")(dict(context), {"id": dataset["id"]})
        except Exception:
            _purge(context, created)
            raise
    try:
        client = app.test_client()
        print(f"{'files':>6}{'zip':>10}{'first byte':>12}{'time':>9}{'peak':>9}")
        for tag, files in (("bench-zip-50", 50), ("bench-zip-500", 500)):
            def run(timings=None):
                started = time.perf_counter()
                response = client.get(f"/dataset/unduh.zip?tags={tag}", buffered=False)
                assert response.status_code == 200, response.status_code
                chunks = iter(response.response)
                sent = len(next(chunks))
                if timings is not None:
                    timings.append(time.perf_counter() - started)
                sent += sum(len(chunk) for chunk in chunks)
                response.close()
                return sent
            timings: list[float] = []
            started = time.perf_counter()
            run(timings)        # timed without tracemalloc, which slows Python down
            seconds = time.perf_counter() - started
            sent, _, peak = traced(run)
            print(f"{files:>6}{sent / 1e6:>8.1f}MB{timings[0]:>11.2f}s{seconds:>8.2f}s"
                  f"{peak / 1e6:>7.1f}MB")
    finally:
        with app.test_request_context():
            _purge(context, created)


def _purge(context, ids) -> None:
    import ckan.plugins.toolkit as tk
    for package_id in ids:
        tk.get_action("dataset_purge")(dict(context), {"id": package_id})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=256, help="KiB per file (default 256)")
    parser.add_argument("--ckan-ini", help="also measure the view on this configuration")
    args = parser.parse_args()
    size = args.size * 1024
    print(f"Python {sys.version.split()[0]}")
    part_one(size)
    if args.ckan_ini:
        part_two(args.ckan_ini, size)
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"process peak RSS (whole run): {max_rss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
