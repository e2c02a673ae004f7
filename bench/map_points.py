"""Benchmark: the city map with 50,000 published points.

Creates one published point layer per kelurahan and kind (46 × 4 = 184
`peta-titik` datasets, published) and N points (default 50,000) spread over
them, written straight into the map's tables the way a publication writes
them. Then it serves the portal with `ckan run` on a free port and measures,
over loopback HTTP:

* satudata_map_points for the whole city (with attributes, and the light
  answer without them), for one kecamatan, one kelurahan and a bbox:
  p50 / p95 latency and payload size;
* /peta/titik.geojson, what the map page loads (gzip, and a 304 revalidation);
* beside them, plain CKAN on the same server: package_search (rows=20, and
  rows=1000), to compare with what the portal already does on every search;
* above ``ckanext.satudata.map_cluster_threshold`` (5,000 by default: e.g.
  ``--points 200000``), what the map asks instead of every point: the
  clusters of ``satudata_map_clusters`` / ``/peta/titik.geojson`` for the
  whole city at a low zoom, one kecamatan, and a viewport at a high zoom
  (its points), each cold (built after a change, in this process) and
  served (p50 over HTTP), with their payload, and the weight of /peta's
  first load (the page and its first map answer);
* in Debian's Chromium (headless, every request outside the portal aborted,
  so no tiles): the time from navigation to the clusters drawn on /peta,
  without kelurahan boundaries and with the demo's 46 polygons
  (`maps/boundary_layer.py` `load()` with `DEMO_FILE`), side by side.

    bash scripts/db.sh test bench          # a private database, once
    .venv/bin/python bench/map_points.py --ini var/bench.ini [--points N] [--keep] [--no-browser]
    .venv/bin/python bench/map_points.py --ini var/bench.ini --browser-only  # after --keep

The database of that ini is changed (its bench layers are removed at the end
unless --keep); never point it at the demo's or a shared test database.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from deploy.launch import free_port  # noqa: E402  (the repository root is on the path now)
CKAN = Path(sys.executable).with_name("ckan")
PREFIX = "bench-peta-"
REPEAT = 40


def setup_ckan(ini: str) -> None:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    make_app(load_config(ini))


def site_context() -> dict:
    import ckan.plugins.toolkit as tk
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": user["name"], "ignore_auth": True}


def remove_bench_layers() -> int:
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    names = [name for (name,) in model.Session.query(model.Package.name).filter(
        model.Package.name.like(PREFIX + "%"))]
    for name in names:
        # The map rows and the status go with the package (ON DELETE CASCADE).
        tk.get_action("dataset_purge")(site_context(), {"id": name})
    return len(names)


def create_layers(total_points: int, seed: int = 50) -> tuple[int, float]:
    """Creates and publishes the layers and their points; returns (number of
    layers, seconds spent writing the points)."""
    import ckan.lib.search as search
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    import dataload
    from ckanext.satudata import reference
    from ckanext.satudata.maps import extraction as map_extraction
    from ckanext.satudata.maps import KINDS, KOTA_KEDIRI_BBOX
    from ckanext.satudata.maps.features import LayerInfo, display_name
    from ckanext.satudata.model import DatasetStatus, map_layer_table, utcnow

    tk.get_action("satudata_reference_organizations_load")(site_context(), {})
    rng = random.Random(seed)
    kelurahan = reference.all_kelurahan()
    min_lon, min_lat, max_lon, max_lat = KOTA_KEDIRI_BBOX
    columns = 7
    centres = {k.kode: (min_lon + (0.5 + n % columns) * (max_lon - min_lon) / columns,
                        min_lat + (0.5 + n // columns) * (max_lat - min_lat) / 7)
               for n, k in enumerate(kelurahan)}
    layers = [(k, kind) for k in kelurahan for kind in KINDS]
    per_layer = [total_points // len(layers)] * len(layers)
    for n in range(total_points - sum(per_layer)):
        per_layer[n] += 1
    seconds = 0.0
    for (k, kind), count in zip(layers, per_layer):
        organization = model.Group.get(k.organization_name)
        dataset = tk.get_action("package_create")(site_context(), {
            "type": "peta-titik", "name": f"{PREFIX}{kind}-{k.slug}",
            "title": f"{KINDS[kind].label_id} Kelurahan {k.nama} (uji beban)",
            "owner_org": organization.id, "jenis_titik": kind, "tahun": "2026",
            "produsen": k.title, "klasifikasi_akses": "terbuka"})
        started = time.perf_counter()
        session = model.Session
        session.add(DatasetStatus(package_id=dataset["id"], state="terbit", version=1))
        layer_id = session.execute(map_layer_table.insert().values(
            package_id=dataset["id"], name=dataset["name"], title=dataset["title"],
            kind=kind, organization_id=organization.id, kelurahan=k.kode,
            kecamatan=k.nama_kecamatan, point_count=count, skipped_resources=0,
            extracted=utcnow()
        ).returning(map_layer_table.c.id)).scalar_one()
        info = LayerInfo(kind, dataset["name"], k.kode, k.nama, k.nama_kecamatan)
        centre = centres[k.kode]
        rows = []
        for row in range(1, count + 1):
            attributes = dataload.point_attributes(kind, row)
            rows.append({
                "layer_id": layer_id, "resource_id": dataset["id"], "row": row,
                "kind": kind, "kelurahan": k.kode, "kecamatan": k.nama_kecamatan,
                "lon": round(centre[0] + rng.uniform(-0.008, 0.008), 6),
                "lat": round(centre[1] + rng.uniform(-0.011, 0.011), 6),
                "name": display_name(kind, attributes), "properties": attributes})
        for start in range(0, len(rows), map_extraction.INSERT_BATCH):
            map_extraction.insert_points(session, rows[start:start + map_extraction.INSERT_BATCH], info)
        session.commit()
        seconds += time.perf_counter() - started
        search.rebuild(dataset["id"])  # published now: the public finds it
    return len(layers), seconds


def set_boundaries(demo: bool) -> None:
    """Stores the demo's approximate kelurahan boundaries (demo=True) or none."""
    import ckan.model as model
    from ckanext.satudata.maps import boundary_layer
    from ckanext.satudata.model import Boundary
    if demo:
        report = boundary_layer.load(Path(boundary_layer.DEMO_FILE).read_bytes(),
                                     "batas-kelurahan-perkiraan.geojson", resmi=False)
        assert report.ok, [p.text() for p in report.problems]
    else:
        Boundary.replace_all([], "", False)
    model.Session.commit()



def serve(ini: str, tmp: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    live = tmp / "bench.ini"
    live.write_text(f"[app:main]\nuse = config:{Path(ini).resolve()}\n"
                    f"ckan.site_url = {url}\n")
    log = open(tmp / "server.log", "wb")
    process = subprocess.Popen(
        [str(CKAN), "-c", str(live), "run", "--host", "127.0.0.1", "--port", str(port),
         "--disable-reloader", "--threaded"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/api/3/action/status_show", timeout=5).ok:
                return process, url
        except requests.RequestException:
            pass
        time.sleep(0.25)  # waiting for the server to start
    process.terminate()
    raise SystemExit(f"ckan run did not start; see {tmp / 'server.log'}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(session: requests.Session, url: str, headers: dict | None = None,
            expect: int = 200) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, body bytes as sent): the time until the whole body
    has arrived, not decoded or parsed."""
    response = session.get(url, headers=headers)  # warm-up
    assert response.status_code == expect, (url, response.status_code, response.text[:300])
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = session.get(url, headers=headers, stream=True)
        raw = response.raw.read(decode_content=False)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == expect
    return percentile(times, 0.5), percentile(times, 0.95), len(raw)


def print_row(label: str, p50: float, p95: float, size: int) -> None:
    print(f"  {label:<58} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   {size / 1e6:7.2f} MB")


MARKS = ("satudata-map-fetch", "satudata-map-fetched", "satudata-map-markers",
         "satudata-map-shown")


def _load_steps(page, url: str, boundaries: bool) -> dict[str, float]:
    page.goto(url + "/peta")
    page.locator('[data-map-state="ready"]').wait_for(timeout=60_000)
    page.locator(".marker-cluster").first.wait_for()
    assert page.locator("[data-boundaries]").count() == (1 if boundaries else 0)
    return page.evaluate(
        "(names) => { const nav = performance.getEntriesByType('navigation')[0];"
        " const steps = Object.fromEntries(names.map(name => [name,"
        " performance.getEntriesByName(name).slice(-1)[0].startTime]));"
        " steps.html = nav.responseEnd; steps.dom = nav.domContentLoadedEventEnd;"
        " return steps; }", list(MARKS))


def browser_time(url: str, boundaries: bool, runs: int = 3) -> tuple[list[dict], list[dict]]:
    """Milliseconds from navigation start to each step of /peta (the page,
    the points requested, received and parsed, the markers made, the
    clusters drawn), for a first visit (empty browser cache) and a second
    one (scripts and points cached, the points revalidated by ETag)."""
    from playwright.sync_api import sync_playwright
    first, again = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-background-networking",
                                          "--disable-component-update"])
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route(lambda u: not u.startswith(url + "/"), lambda route: route.abort())
            page = context.new_page()
            first.append(_load_steps(page, url, boundaries))
            again.append(_load_steps(page, url, boundaries))
            context.close()
        browser.close()
    return first, again


def print_browser(title: str, runs: list[dict]) -> None:
    shown = [run["satudata-map-shown"] for run in runs]
    print(f"  {title}: clusters drawn after {statistics.median(shown):,.0f} ms "
          f"(median of {len(runs)}: {', '.join(f'{t:,.0f}' for t in shown)} ms)")
    median_run = sorted(runs, key=lambda run: run["satudata-map-shown"])[len(runs) // 2]
    labels = ("page received", "page parsed (DOMContentLoaded)", "points requested",
              "points received and parsed", "markers made", "clusters drawn")
    print("    " + ", ".join(f"{label} {median_run[name]:,.0f}"
                             for name, label in zip(("html", "dom") + MARKS, labels)) + " ms")


def cold_build_time(runs: int = 5) -> tuple[float, float]:
    """Milliseconds to build the whole city's answer (with attributes, and
    without), as after a change of the map, in this process (median)."""
    from ckanext.satudata.maps.query import Filters
    from ckanext.satudata.maps.query import _collection_text
    timings = []
    for attributes in (True, False):
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            _collection_text(Filters(), attributes, None, 0)
            times.append((time.perf_counter() - started) * 1000)
        timings.append(statistics.median(times))
    return timings[0], timings[1]


#: What the clustered map asks: (label, parameters of /peta/titik.geojson).
CLUSTER_CASES = (
    ("whole city, zoom 12 (the page's first view)", {"zoom": "12"}),
    ("whole city, zoom 12, one kind (posyandu)", {"zoom": "12", "kind": "posyandu"}),
    ("one kecamatan (Kota, 35.71.02), zoom 14", {"zoom": "14", "kecamatan": "35.71.02"}),
    # around the middle kelurahan's centre (see create_layers)
    ("a viewport at zoom 17 (~600 x 400 m)",
     {"zoom": "17", "bbox": "112.0122,-7.8318,112.0178,-7.8282"}),
)


def cold_cluster_times(runs: int = 5) -> list[float]:
    """Milliseconds to answer each of CLUSTER_CASES with nothing kept (as
    after a change of the map), in this process (median of `runs`)."""
    from ckanext.satudata import config
    from ckanext.satudata.maps import filters as map_filters
    from ckanext.satudata.maps import query as map_query
    timings = []
    for _label, case in CLUSTER_CASES:
        args = {key: value for key, value in case.items() if key != "zoom"}
        times = []
        for _ in range(runs):
            map_query._clusters.clear()
            started = time.perf_counter()
            map_query.viewport_collection(map_filters.parse_filters(args), int(case["zoom"]),
                                          config.map_cluster_threshold())
            times.append((time.perf_counter() - started) * 1000)
        timings.append(statistics.median(times))
    return timings


def clustered_part(session: requests.Session, url: str, points: int) -> None:
    """The clustered map's answers: cold (built) and served, with payloads."""
    from urllib.parse import urlencode
    cold = cold_cluster_times()
    print(f"\nThe clustered map ({points:,} points; /peta/titik.geojson with zoom and "
          "bbox = satudata_map_clusters):")
    rows = []
    for (label, case), built in zip(CLUSTER_CASES, cold):
        address = url + "/peta/titik.geojson?" + urlencode(case)
        answer = session.get(address).json()
        p50, p95, size = measure(session, address, {"Accept-Encoding": "identity"})
        _p50, _p95, zipped = measure(session, address, {"Accept-Encoding": "gzip"})
        kind = (f"{answer['count']:,} clusters" if answer["clustered"]
                else f"{answer['count']:,} points")
        rows.append((label, kind, answer["total"], built, p50, size, zipped))
        print_row(f"{label}: {kind}", p50, p95, size)
    page = session.get(url + "/peta", headers={"Accept-Encoding": "identity"})
    first = session.get(url + "/peta/titik.geojson?zoom=12",
                        headers={"Accept-Encoding": "identity"})
    print(f"  /peta HTML {len(page.content) / 1e3:,.0f} kB + its first map answer "
          f"{len(first.content) / 1e3:,.0f} kB (uncompressed)")
    print(f"\n| {points:,} points | answer | points counted | built (cold) | p50 served "
          "| payload | gzip |\n|---|---|---|---|---|---|---|")
    for label, kind, total, built, p50, size, zipped in rows:
        print(f"| {label} | {kind} | {total:,} | {built:,.0f} ms | {p50:,.1f} ms "
              f"| {size / 1e3:,.1f} kB | {zipped / 1e3:,.1f} kB |")
    print(f"| /peta page (HTML) + first answer | | | | | "
          f"{(len(page.content) + len(first.content)) / 1e3:,.0f} kB | |")


def browser_part(url: str, points: int) -> None:
    """Chromium on /peta without boundaries, then with the demo's, side by side."""
    results = {}
    for with_boundaries in (False, True):
        set_boundaries(with_boundaries)
        results[with_boundaries] = browser_time(url, with_boundaries)
    for with_boundaries, (first, again) in results.items():
        print(f"\nChromium (headless, no tiles), /peta with the whole city, "
              f"{'with the 46 demo boundaries' if with_boundaries else 'no boundaries'}"
              ", ms from navigation:")
        print_browser("first visit (empty cache)", first)
        print_browser("second visit (cached scripts, points revalidated)", again)
    print(f"\n| /peta, {points:,} points, clusters drawn (median) | no boundaries "
          "| 46 boundaries |\n|---|---|---|")
    for label, which in (("first visit", 0), ("second visit", 1)):
        cells = [statistics.median(run["satudata-map-shown"]
                                   for run in results[b][which]) for b in (False, True)]
        print(f"| {label} | {cells[0]:,.0f} ms | {cells[1]:,.0f} ms |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ini", required=True, help="a private test ini (scripts/db.sh test NAME)")
    parser.add_argument("--points", type=int, default=50_000)
    parser.add_argument("--keep", action="store_true", help="keep the bench layers")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium part")
    parser.add_argument("--browser-only", action="store_true",
                        help="only Chromium, on the layers kept by an earlier --keep run")
    args = parser.parse_args()
    os.environ.setdefault("CKAN_INI", args.ini)

    setup_ckan(args.ini)
    if args.browser_only:
        with tempfile.TemporaryDirectory() as tmp:
            process, url = serve(args.ini, Path(tmp))
            try:
                browser_part(url, args.points)
            finally:
                process.terminate()
                process.wait(timeout=10)
        return
    removed = remove_bench_layers()
    started = time.perf_counter()
    layers, writing = create_layers(args.points)
    print(f"Data: {args.points:,} published points in {layers} layers "
          f"(created in {time.perf_counter() - started:.1f} s, of which writing the points "
          f"{writing:.1f} s = {args.points / writing:,.0f} points/s; {removed} old layers removed)")

    from ckanext.satudata import config
    clustered = args.points > config.map_cluster_threshold()
    if not clustered:
        full, brief = cold_build_time()
        print(f"Building the whole city's answer after a change (once per change and web "
              f"process, in PostgreSQL): {full:,.0f} ms with attributes, {brief:,.0f} ms "
              "without")

    with tempfile.TemporaryDirectory() as tmp:
        process, url = serve(args.ini, Path(tmp))
        try:
            session = requests.Session()
            api = url + "/api/3/action/satudata_map_points"
            print(f"\nHTTP over loopback (ckan run --threaded), {REPEAT} requests each:")
            print("satudata_map_points" + (
                " (above the cluster threshold, without limit: a page of it)"
                if clustered else ""))
            for label, query in (
                    ("whole city, with attributes", ""),
                    ("whole city, attributes=false", "?attributes=false"),
                    ("one kecamatan (Kota), with attributes", "?kecamatan=35.71.02"),
                    ("one kelurahan (Balowerti), with attributes", "?kelurahan=35.71.02.1002"),
                    ("bbox of ~1/10 of the city", "?bbox=112.00,-7.83,112.03,-7.80"),
                    ("one point (a popup)", "?id=1&limit=1")):
                p50, p95, size = measure(session, api + query)
                print_row(label, p50, p95, size)
            print("/peta/titik.geojson (the map page's load)")
            p50, p95, size = measure(session, url + "/peta/titik.geojson",
                                        {"Accept-Encoding": "identity"})
            print_row("whole city, plain", p50, p95, size)
            p50, p95, size = measure(session, url + "/peta/titik.geojson",
                                        {"Accept-Encoding": "gzip"})
            print_row("whole city, gzip", p50, p95, size)
            etag = session.get(url + "/peta/titik.geojson").headers["ETag"]
            p50, p95, size = measure(session, url + "/peta/titik.geojson",
                                        {"If-None-Match": etag}, expect=304)
            print_row("revalidation (304 Not Modified)", p50, p95, size)
            print("plain CKAN on the same server, for comparison")
            search = url + "/api/3/action/package_search"
            for label, query in (("package_search rows=20", "?rows=20"),
                                 ("package_search rows=1000", "?rows=1000")):
                p50, p95, size = measure(session, search + query)
                print_row(label, p50, p95, size)

            if clustered:
                clustered_part(session, url, args.points)
            if not args.no_browser:
                browser_part(url, args.points)
        finally:
            process.terminate()
            process.wait(timeout=10)
    if not args.keep:
        remove_bench_layers()
        set_boundaries(False)


if __name__ == "__main__":
    main()
