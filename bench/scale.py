"""Benchmark: the scale curve (issue #19, item 3).

The same pages as bench/vs_ckan.py (home, /dataset/ anonymous and signed in
as a PIC, a dataset page as its PIC and anonymous, a resource page, the
package_search and package_show API, an organisation page), the city map
(/peta's first load, /peta/titik.geojson, the map points and clusters API:
above ``ckanext.satudata.map_cluster_threshold`` the map is clustered by the
server), the completeness matrix (/kelengkapan) and the ZIP download of a
small search (/dataset/unduh.zip, 10 datasets), measured at growing sizes:
by default 1,000, 5,000 and 20,000 published datasets (3 resources each,
over the region's desa/kelurahan) with 10,000, 50,000 and 200,000 map
points, beside plain CKAN 2.12's equivalent page where there is one (the
same datasets, set up as bench/vs_ckan.py does).

At each size: p50 time (until the whole body has arrived), the first
request's time (for the map's answers, kept by map version, the cold
build), payload (decoded), SQL statements of a request
(bench/counting_app.py) and the worker's peak RSS while answering that page
(as bench/province.py measures them), and the load average of the (shared) machine; then how each grows from the smallest
size to the largest (ratio), portal beside plain CKAN. The machine's own
drift between sizes is taken as the median ratio of plain CKAN's pages; a
portal page whose ratio is clearly above that drift and above plain CKAN's
equivalent is marked GROWS, and one whose SQL count grows with N, SQL+.
The SQL count of a streamed answer (the ZIP) is that of its start only.

The data is loaded by bench/dataload.py (vs_ckan's plans; the map points
added to the portal's), incrementally: a larger size adds datasets to the
smaller one's. Each side is served by gunicorn (vs_ckan.serve_ini, one sync
worker, `debug = false`), restarted at every size.

    bash scripts/db.sh test NAME; bash scripts/db.sh test NAME_plain   # once
    .venv/bin/python bench/scale.py --ckan-ini var/NAME.ini \\
        [--datasets 1000,5000,20000] [--points 10000,50000,200000] [--repeat 10]

The plain side runs on var/NAME_plain.ini (written var/NAME_plain-plain.ini
with vs_ckan's plain plugins). The figures are kept in var/log/scale-*.json;
`--report that.json` prints the tables again.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
VAR = ROOT / "var"
SIDES = ("portal", "plain")
#: A small search for the ZIP download: the 10 datasets vs-ckan-000010..19.
ZIP_SEARCH = "/dataset/unduh.zip?q=name:vs-ckan-00001*"
#: A portal time ratio (largest / smallest size) above this many times the
#: median ratio of plain CKAN's pages (the machine's drift) is growth, not noise ...
GROWTH = 1.25
#: ... unless plain CKAN's equivalent grows nearly as much (portal / plain ratio).
GROWTH_BEYOND_PLAIN = 1.2


def plain_ini(base: Path) -> Path:
    """var/NAME_plain.ini with vs_ckan's plain CKAN plugins instead of satudata."""
    import vs_ckan
    source = base.with_name(f"{base.stem}_plain.ini")
    if not source.exists():
        raise SystemExit(f"{source.name} missing: bash scripts/db.sh test {base.stem}_plain")
    ini = base.with_name(f"{base.stem}_plain-plain.ini")
    ini.write_text(
        f"# Written by bench/scale.py: plain CKAN on the database of {source.name}.\n"
        f"[app:main]\nuse = config:{source.resolve()}\n"
        f"ckan.plugins = {vs_ckan.PLAIN_PLUGINS}\n"
        "scheming.dataset_schemas = ckanext.scheming:ckan_dataset.yaml\n"
        "ckan.views.default_views =\n")
    return ini


# -- loading one side (in its own process: CKAN's configuration is global) -------

def populate(side: str, ini: Path, datasets: int, points: int) -> None:
    import vs_ckan
    vs_ckan.load_ckan(ini)
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    import dataload

    plan = dataclasses.replace(vs_ckan.plan(side, datasets),
                               points=points if side == "portal" else 0)
    loaded = dataload.load(plan)
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    first = model.Session.query(model.Package).filter_by(
        name=dataload.dataset_name(plan, 0)).one()
    print(json.dumps({
        "tokens": vs_ckan._users(side, context, loaded.organizations),
        "dataset": first.name,
        "resource": sorted(first.resources, key=lambda r: r.position)[0].id,
        "datasets": len(loaded.published), "points": loaded.points,
    }))


def load_side(side: str, ini: Path, datasets: int, points: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--populate", side, "--populate-ini", str(ini),
         "--datasets", str(datasets), "--points", str(points)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"loading {side} ({ini.name}) failed (exit status {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- measuring ---------------------------------------------------------------------

def pages(setup: dict) -> list[tuple[str, str, str, str | None]]:
    """(label, user, portal path, plain CKAN's path or None)."""
    dataset, resource = setup["dataset"], setup["resource"]
    return [
        ("home page", "anonymous", "/", "/"),
        ("/dataset/", "anonymous", "/dataset/", "/dataset/"),
        ("/dataset/", "pic", "/dataset/", "/dataset/"),
        ("dataset page", "pic", f"/dataset/{dataset}", f"/dataset/{dataset}"),
        ("dataset page", "anonymous", f"/dataset/{dataset}", f"/dataset/{dataset}"),
        ("resource page", "anonymous", f"/dataset/{dataset}/resource/{resource}",
         f"/dataset/{dataset}/resource/{resource}"),
        ("package_search API", "anonymous", "/api/3/action/package_search?rows=20",
         "/api/3/action/package_search?rows=20"),
        ("package_show API", "anonymous", f"/api/3/action/package_show?id={dataset}",
         f"/api/3/action/package_show?id={dataset}"),
        ("organisation page", "anonymous", "/organization/kelurahan-balowerti",
         "/organization/kelurahan-balowerti"),
        ("/peta (HTML)", "anonymous", "/peta", None),
        ("/peta/titik.geojson (whole area)", "anonymous", "/peta/titik.geojson", None),
        ("/peta/titik.geojson?zoom=12", "anonymous", "/peta/titik.geojson?zoom=12", None),
        ("map points API, whole area", "anonymous",
         "/api/3/action/satudata_map_points?attributes=false", None),
        ("map clusters API, zoom 12", "anonymous",
         "/api/3/action/satudata_map_clusters?zoom=12", None),
        ("/kelengkapan ~ /organization/", "anonymous", "/kelengkapan", "/organization/"),
        ("ZIP of a search (10 datasets)", "anonymous", ZIP_SEARCH, None),
    ]


def measure_size(inis: dict[str, Path], setup: dict[str, dict], repeat: int,
                 label: str) -> dict:
    """Serves both sides and measures every page; {(page, user): {side: result}}."""
    import province
    import vs_ckan

    servers, results = {}, {}
    try:
        for side in SIDES:
            servers[side] = vs_ckan.serve_ini(inis[side], f"{label}-{side}", "debug = false\n")
        pids = {side: vs_ckan.worker_pid(servers[side][0]) for side in SIDES}
        for page, who, *paths in pages(setup["portal"]):
            row = {}
            for side, path in zip(SIDES, paths):
                if path is None:
                    continue
                session = requests.Session()
                if who != "anonymous":
                    session.headers["Authorization"] = setup[side]["tokens"][who]
                try:
                    row[side] = province.measure(session, servers[side][1] + path, pids[side],
                                                 repeat)
                except requests.RequestException as error:
                    row[side] = {"error": str(error)[:200], "status": 0}
                    pids[side] = vs_ckan.worker_pid(servers[side][0])
            results[(page, who)] = row
            show_row(page, who, row)
    finally:
        for process, _url in servers.values():
            process.terminate()
            process.wait(timeout=30)
    return results


def cell(r: dict | None) -> str:
    if r is None:
        return f"{'':>7} {'':>9} {'':>5} {'':>6}"
    if r.get("status", 0) >= 400 or "p50" not in r:
        return f"{'HTTP ' + str(r.get('status')):>7} {'':>9} {'':>5} {'':>6}"
    return (f"{r['p50'] * 1000:7.0f} {r['bytes'] / 1e3:9.1f} {r['sql']:5d} "
            f"{r['rss'] / 2**20:6.0f}")


def show_row(page: str, who: str, row: dict) -> None:
    print(f"{page:34} {who:9} {cell(row.get('portal'))} | {cell(row.get('plain'))}", flush=True)
    for side in SIDES:
        if row.get(side, {}).get("error"):
            print(f"    {side}: {row[side]['error']!r}", flush=True)


def ratio(first: dict | None, last: dict | None, key: str) -> float | None:
    if not first or not last or key not in first or key not in last or not first[key]:
        return None
    return last[key] / first[key]


def x(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}x"


def growth(curve: list[tuple[tuple[int, int], float, dict]]) -> None:
    """How each page grows from the smallest size to the largest, as a
    Markdown table, with the pages that grow faster than plain CKAN's."""
    (n0, m0), _, first = curve[0]
    (n1, m1), _, last = curve[-1]
    print(f"\nGrowth from {n0:,} datasets / {m0:,} points to {n1:,} / {m1:,} "
          "(largest / smallest; portal, plain CKAN):\n")
    print("| page | user | p50 portal | p50 plain | first portal | payload portal "
          "| SQL portal | SQL plain | peak RSS portal | RSS plain | |\n" + "|---" * 11 + "|")
    findings = []
    plain_ratios = sorted(r for r in (ratio(first.get(key, {}).get("plain"), row.get("plain"),
                                            "p50") for key, row in last.items()) if r)
    machine = plain_ratios[len(plain_ratios) // 2] if plain_ratios else 1.0
    for (page, who), row in last.items():
        before = first.get((page, who), {})
        portal_t = ratio(before.get("portal"), row.get("portal"), "p50")
        plain_t = ratio(before.get("plain"), row.get("plain"), "p50")
        sql = {side: (before.get(side, {}).get("sql"), row.get(side, {}).get("sql"))
               for side in SIDES}
        marks = []
        if portal_t is not None and portal_t > GROWTH * machine and (
                plain_t is None or portal_t > plain_t * GROWTH_BEYOND_PLAIN):
            marks.append("GROWS")
        a, b = sql["portal"]
        if a is not None and b is not None and b > a:
            marks.append("SQL+")
        if marks:
            findings.append(f"{page} ({who}): {' '.join(marks)}")

        def sql_text(side: str) -> str:
            a, b = sql[side]
            return "—" if a is None or b is None else f"{a} → {b}"

        print(f"| {page} | {who} | {x(portal_t)} | {x(plain_t)} | "
              f"{x(ratio(before.get('portal'), row.get('portal'), 'first'))} | "
              f"{x(ratio(before.get('portal'), row.get('portal'), 'bytes'))} | "
              f"{sql_text('portal')} | {sql_text('plain')} | "
              f"{x(ratio(before.get('portal'), row.get('portal'), 'rss'))} | "
              f"{x(ratio(before.get('plain'), row.get('plain'), 'rss'))} | "
              f"{' '.join(marks)} |")
    print(f"\nThe machine's drift: plain CKAN's pages took {machine:.2f}x as long (median "
          f"of their ratios; load average {curve[0][1]:.1f} -> {curve[-1][1]:.1f}); GROWS: the "
          f"portal's ratio above {GROWTH:.2f} x that and {GROWTH_BEYOND_PLAIN:.2f} x plain "
          "CKAN's own.")
    print("\nGrowing faster than plain CKAN (or with N): " +
          ("; ".join(findings) if findings else "none"))


def size_table(sizes: tuple[int, int], load: float, results: dict) -> None:
    n, m = sizes
    print(f"\n{n:,} datasets, {m:,} points (load average {load:.1f}):\n")
    print("| page | user | p50 | first | payload | SQL | peak RSS | plain p50 | plain first "
          "| plain payload | plain SQL | plain RSS |\n" + "|---" * 12 + "|")
    for (page, who), row in results.items():
        cells = []
        for side in SIDES:
            r = row.get(side)
            if r is None:
                cells += ["—"] * 5
            elif "p50" not in r or r.get("status", 0) >= 400:
                cells += [f"HTTP {r.get('status')}"] + [""] * 4
            else:
                cells += [f"{r['p50'] * 1000:,.0f} ms", f"{r['first'] * 1000:,.0f} ms",
                          f"{r['bytes'] / 1e3:,.1f} kB",
                          str(r["sql"]), f"{r['rss'] / 2**20:,.0f} MB"]
        print(f"| {page} | {who} | " + " | ".join(cells) + " |")


def curve_table(curve: list) -> None:
    """p50 at every size, portal (plain CKAN), in one table."""
    print("\np50 in ms at each size, portal (plain CKAN); load average per size: " +
          ", ".join(f"{load:.1f}" for _s, load, _r in curve) + "\n")
    print("| page | user | " + " | ".join(f"{n:,} / {m:,}" for (n, m), _l, _r in curve)
          + " |\n" + "|---" * (2 + len(curve)) + "|")
    for key in curve[-1][2]:
        cells = []
        for _sizes, _load, results in curve:
            row = results.get(key, {})
            text = [f"{row[side]['p50'] * 1000:,.0f}" if "p50" in row.get(side, {}) else ""
                    for side in SIDES]
            cells.append(text[0] + (f" ({text[1]})" if text[1] else ""))
        print(f"| {key[0]} | {key[1]} | " + " | ".join(cells) + " |")


def sizes_of(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ckan-ini", type=Path,
                        help="a private test configuration (scripts/db.sh test NAME); "
                        "plain CKAN on NAME_plain")
    parser.add_argument("--datasets", default="1000,5000,20000",
                        help="published datasets at each size (1000,5000,20000)")
    parser.add_argument("--points", default="10000,50000,200000",
                        help="map points at each size (10000,50000,200000)")
    parser.add_argument("--repeat", type=int, default=10, help="measured requests per page")
    parser.add_argument("--report", type=Path,
                        help="print the tables of an earlier run again (its .json)")
    parser.add_argument("--populate", choices=SIDES, help=argparse.SUPPRESS)
    parser.add_argument("--populate-ini", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.populate:
        populate(options.populate, options.populate_ini, int(options.datasets),
                 int(options.points))
        return
    if options.report:
        report([(tuple(s), l, {tuple(k): v for k, v in r})
                for s, l, r in json.loads(options.report.read_text())])
        return
    if options.ckan_ini is None:
        parser.error("--ckan-ini is required")
    base = options.ckan_ini.resolve()
    if base.parent != VAR.resolve() or base.name in ("demo.ini", "local.ini", "test.ini"):
        parser.error("--ckan-ini must be a private test configuration in var/ "
                     "(scripts/db.sh test NAME)")
    datasets, points = sizes_of(options.datasets), sizes_of(options.points)
    if sorted(datasets) != datasets or sorted(points) != points:
        parser.error("sizes must grow (the data is loaded incrementally)")
    steps = max(len(datasets), len(points))
    sizes = [(datasets[min(i, len(datasets) - 1)], points[min(i, len(points) - 1)])
             for i in range(steps)]
    inis = {"portal": base, "plain": plain_ini(base)}
    (VAR / "log").mkdir(exist_ok=True)
    label = f"scale-{uuid.uuid4().hex[:6]}"
    saved = VAR / "log" / f"{label}.json"
    print(f"results kept in {saved.relative_to(ROOT)} (--report prints them again)",
          file=sys.stderr)
    curve = []
    for n, m in sizes:
        started = time.perf_counter()
        setup = {side: load_side(side, inis[side], n, m) for side in SIDES}
        print(f"\n== {setup['portal']['datasets']:,} published datasets "
              f"({setup['plain']['datasets']:,} in plain CKAN), "
              f"{setup['portal']['points']:,} points; loaded in "
              f"{time.perf_counter() - started:.0f} s; load average "
              f"{os.getloadavg()[0]:.1f}; p50 of {options.repeat}", flush=True)
        print(f"{'page':34} {'user':9} {'p50 ms':>7} {'kB':>9} {'SQL':>5} {'RSS MB':>6} | "
              f"plain CKAN", flush=True)
        before = os.getloadavg()[0]
        results = measure_size(inis, setup, options.repeat, label)
        load = (before + os.getloadavg()[0]) / 2
        curve.append(((n, m), load, results))
        saved.write_text(json.dumps([[list(s), l, [[list(k), v] for k, v in r.items()]]
                                     for s, l, r in curve]))
    report(curve)


def report(curve: list) -> None:
    for sizes_, load, results in curve:
        size_table(sizes_, load, results)
    if len(curve) > 1:
        curve_table(curve)
    if len(curve) > 1:
        growth(curve)


if __name__ == "__main__":
    main()
