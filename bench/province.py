"""Benchmark: the portal of a whole province (issue #21, item 5).

The region is Jawa Timur (`ckanext.satudata.wilayah = 35`: 38 kabupaten/kota,
666 kecamatan, 8,494 desa/kelurahan in idn-area-data): one organisation per
desa/kelurahan, N published statistics (3 resources each, two indicator
values each; one draft and one submitted beside every 18 published) and M
map points in one published layer per desa, all written with SQL by
bench/dataload.py the first time (and again when N or M change), then
indexed in Solr (slow: about an hour for 100,000 on a shared 2-core machine;
the progress is printed, an interrupted indexing resumes). Later runs reuse
them.

The portal is then served by gunicorn (one sync worker, bench/counting_app.py
through vs_ckan.serve_ini, `debug = false`) and each page is asked over
loopback HTTP, anonymously: p50 of the time until the whole body has
arrived, the body's size (decoded; and as sent with gzip accepted), the SQL
statements of one request, and the worker's peak RSS while answering that
page (its high-water mark reset before each page). Each row shows the
targets of the issue beside it: p50 <= 1 s, <= 2 MB, RSS <= 500 MB.

    bash scripts/db.sh test vino_province      # a private database, once
    .venv/bin/python bench/province.py --ckan-ini var/vino_province.ini \\
        [--datasets 100000] [--points 1000000] [--repeat 5]

The region and the map's extent are set in var/<NAME>-province.ini, written
beside the given configuration (which stays as db.sh made it).
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
VAR = ROOT / "var"
PREFIX = "prov-"
WILAYAH = "35"
#: Jawa Timur and Madura (min_lon min_lat max_lon max_lat).
BBOX = "110.85 -8.80 114.65 -6.75"
TARGET_SECONDS, TARGET_BYTES, TARGET_RSS = 1.0, 2_000_000, 500 * 2**20
#: Stop repeating a page after this many seconds spent on it.
PAGE_BUDGET = 60


def province_ini(base: Path) -> Path:
    ini = base.with_name(f"{base.stem}-province.ini")
    ini.write_text(
        "# Written by bench/province.py: the province on the database of "
        f"{base.name}.\n[app:main]\nuse = config:{base.resolve()}\n"
        f"ckanext.satudata.wilayah = {WILAYAH}\n"
        f"ckanext.satudata.city_bbox = {BBOX}\n")
    return ini


# -- loading (in its own process: CKAN's configuration is global) ---------------

def load_inside(ini: Path, datasets: int, points: int, load: bool = True) -> None:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    make_app(load_config(str(ini)))
    import ckan.model as model
    from sqlalchemy import func
    import dataload
    from ckanext.satudata import reference
    from ckanext.satudata.model import dataset_status_table, map_layer_table

    plan = dataload.Plan(prefix=PREFIX, datasets=datasets, unpublished=True, varied=True,
                         indicator_values=True, points=points, seed=21)
    if load:
        dataload.load(plan)
    # what is there (with --no-load: whatever an interrupted load left)
    published = model.Session.query(func.count()).select_from(model.package_table).join(
        dataset_status_table, dataset_status_table.c.package_id == model.package_table.c.id
    ).filter(model.package_table.c.name.like(PREFIX + "%"),
             model.package_table.c.type == "statistik-sektoral",
             dataset_status_table.c.state == "terbit").scalar()
    layers, point_count = model.Session.query(
        func.count(map_layer_table.c.id), func.coalesce(func.sum(map_layer_table.c.point_count), 0)
    ).filter(map_layer_table.c.name.like(PREFIX + "%")).one()
    organizations = model.Session.query(func.count(model.Group.id)).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active").scalar()
    indexed = len(dataload._indexed_ids(PREFIX))
    everything = model.Session.query(func.count(model.Package.id)).filter(
        model.Package.name.like(PREFIX + "%")).scalar()
    region = reference.current()
    # A kab/kota and a kecamatan of it with the most desa (the heaviest filters).
    regency = max(region.regencies,
                  key=lambda a: sum(k.kode_kabupaten == a.kode for k in region.kelurahan))
    kecamatan = max((k for k in region.kecamatan if k.kode_kabupaten == regency.kode),
                    key=lambda k: len(region.kelurahan_of_kecamatan(k.kode)))
    desa = next(k for k in region.kelurahan if k.jenis == "desa")
    print(json.dumps({
        "organizations": organizations, "kelurahan": len(region.kelurahan),
        "datasets": published, "dataset": dataload.dataset_name(plan, 0),
        "layers": layers, "points": int(point_count), "indexed": indexed,
        "packages": everything,
        "regency": [regency.kode, regency.title],
        "regency_kecamatan": [k.kode for k in region.kecamatan
                              if k.kode_kabupaten == regency.kode],
        "kecamatan": [kecamatan.kode, kecamatan.nama],
        "desa": [desa.slug, desa.title],
    }))


# -- measuring -------------------------------------------------------------------

def pages(setup: dict) -> list[tuple[str, str]]:
    """(label, path). The map's actions have no kab/kota parameter: one
    kab/kota is asked as the list of its kecamatan codes."""
    regency, kecamatan = setup["regency"][0], setup["kecamatan"][0]
    of_regency = ",".join(setup["regency_kecamatan"])
    points = "/api/3/action/satudata_map_points"
    clusters = "/api/3/action/satudata_map_clusters"
    return [
        ("home page", "/"),
        ("search /dataset/ (facets)", "/dataset/"),
        ("search ?q=posyandu&res_format=CSV", "/dataset/?q=posyandu&res_format=CSV"),
        ("dataset page", f"/dataset/{setup['dataset']}"),
        ("organisation list", "/organization/"),
        ("/peta", "/peta"),
        ("/peta/titik.geojson", "/peta/titik.geojson"),
        ("map points API, whole area", points),
        (f"map points API, kab/kota {regency}", f"{points}?kecamatan={of_regency}"),
        (f"map points API, kecamatan {kecamatan}", f"{points}?kecamatan={kecamatan}"),
        ("map clusters API, whole area, zoom 8", f"{clusters}?zoom=8"),
        (f"map clusters API, kab/kota {regency}, z10", f"{clusters}?zoom=10&kecamatan={of_regency}"),
        (f"map clusters API, kecamatan {kecamatan}, z13",
         f"{clusters}?zoom=13&kecamatan={kecamatan}"),
        ("/statistik", "/statistik"),
        ("/kelengkapan", "/kelengkapan"),
        ("desa page", f"/kelurahan/{setup['desa'][0]}"),
    ]


def reset_peak(pid: int) -> None:
    """Resets the process's peak RSS (VmHWM) to its current RSS (Linux >= 4.0)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def peak_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def measure(session: requests.Session, url: str, pid: int, repeat: int) -> dict:
    """The first request unmeasured (templates, caches), then up to `repeat`
    (fewer past PAGE_BUDGET seconds)."""
    reset_peak(pid)
    first = time.perf_counter()
    answer = session.get(url, timeout=600)
    first = time.perf_counter() - first
    times, sent = [], 0
    spent = first
    while len(times) < repeat and (not times or spent < PAGE_BUDGET):
        started = time.perf_counter()
        response = session.get(url, stream=True, timeout=600,
                               headers={"Accept-Encoding": "gzip"})
        raw = response.raw.read(decode_content=False)
        elapsed = time.perf_counter() - started
        times.append(elapsed)
        spent += elapsed
        sent = len(raw)
        if response.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        answer = response
        size = len(raw)
    times.sort()
    return {"status": answer.status_code, "p50": times[len(times) // 2], "first": first,
            "n": len(times), "bytes": size, "sent": sent,
            "sql": int(answer.headers.get("X-Bench-SQL", "-1")), "rss": peak_rss(pid),
            "error": answer.text[:300] if answer.status_code >= 400 else ""}


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER"


def main() -> None:
    import vs_ckan

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ckan-ini", type=Path, required=True,
                        help="a private test configuration (scripts/db.sh test NAME)")
    parser.add_argument("--datasets", type=int, default=100_000,
                        help="published statistics (100,000)")
    parser.add_argument("--points", type=int, default=1_000_000, help="map points (1,000,000)")
    parser.add_argument("--repeat", type=int, default=5, help="measured requests per page (5)")
    parser.add_argument("--load-only", action="store_true", help="load and index, no serving")
    parser.add_argument("--no-load", action="store_true",
                        help="measure what is in the database and the index as it is "
                        "(e.g. after an interrupted indexing)")
    parser.add_argument("--load-inside", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.load_inside:
        load_inside(options.load_inside, options.datasets, options.points,
                    load=not options.no_load)
        return
    base = options.ckan_ini.resolve()
    if base.parent != VAR.resolve() or base.name in ("demo.ini", "local.ini"):
        parser.error("--ckan-ini must be a private test configuration in var/ "
                     "(scripts/db.sh test NAME)")
    ini = province_ini(base)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--ckan-ini", str(base), "--load-inside",
                           str(ini), "--datasets", str(options.datasets),
                           "--points", str(options.points)]
                          + (["--no-load"] if options.no_load else []),
                          cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"loading {ini.name} failed (exit status {done.returncode})")
    setup = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"data ready in {time.perf_counter() - started:.0f} s: "
          f"{ {k: v for k, v in setup.items() if k != 'regency_kecamatan'} }", file=sys.stderr)
    if options.load_only:
        return
    (VAR / "log").mkdir(exist_ok=True)
    process, url = vs_ckan.serve_ini(ini, f"{base.stem}-province", "debug = false\n")
    rows = []
    try:
        pid = vs_ckan.worker_pid(process)
        session = requests.Session()
        print(f"\nProvince {WILAYAH}: {setup['organizations']:,} organisations "
              f"({setup['kelurahan']:,} desa/kelurahan), {setup['datasets']:,} published "
              f"statistics, {setup['points']:,} points in {setup['layers']:,} layers "
              f"({setup['indexed']:,} of the {setup['packages']:,} bench datasets indexed); "
              f"gunicorn, one sync worker, anonymous, p50 of up to {options.repeat}; "
              f"size decoded (as sent with gzip accepted)")
        print(f"{'page':42} {'HTTP':>4} {'p50 ms':>8} {'≤1 s':>4} {'first':>7} "
              f"{'size MB':>8} {'sent':>7} {'≤2 MB':>5} {'SQL':>5} {'RSS MB':>7} "
              f"{'≤500':>4}")
        for label, path in pages(setup):
            try:
                r = measure(session, url + path, pid, options.repeat)
            except requests.RequestException as error:
                print(f"{label:42} failed: {error}", flush=True)
                rows.append((label, None))
                if process.poll() is not None:
                    break
                pid = vs_ckan.worker_pid(process)  # a worker killed by its timeout
                continue
            rows.append((label, r))
            print(f"{label:42} {r['status']:4d} {r['p50'] * 1000:8.0f} "
                  f"{verdict(r['p50'] <= TARGET_SECONDS):>4} {r['first'] * 1000:7.0f} "
                  f"{r['bytes'] / 1e6:8.2f} {r['sent'] / 1e6:7.2f} "
                  f"{verdict(r['bytes'] <= TARGET_BYTES):>5} {r['sql']:5d} "
                  f"{r['rss'] / 2**20:7.0f} {verdict(r['rss'] <= TARGET_RSS):>4}", flush=True)
            if r["error"]:
                print(f"    {r['error']!r}", flush=True)
    finally:
        process.terminate()
        process.wait(timeout=30)
    print("\n| page | HTTP | p50 | first | size (sent) | SQL | worker peak RSS | targets |\n"
          "|---|---|---|---|---|---|---|---|")
    for label, r in rows:
        if r is None:
            print(f"| {label} | failed | | | | | | |")
            continue
        over = [name for name, ok in (("time", r["p50"] <= TARGET_SECONDS),
                                      ("size", r["bytes"] <= TARGET_BYTES),
                                      ("RSS", r["rss"] <= TARGET_RSS)) if not ok]
        print(f"| {label} | {r['status']} | {r['p50'] * 1000:,.0f} ms | "
              f"{r['first'] * 1000:,.0f} ms | {r['bytes'] / 1e6:.2f} MB "
              f"({r['sent'] / 1e6:.2f}) | {r['sql']} | {r['rss'] / 2**20:,.0f} MB | "
              f"{'OVER: ' + ', '.join(over) if over else 'ok'} |")


if __name__ == "__main__":
    main()
