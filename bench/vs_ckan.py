"""Benchmark: the portal beside plain CKAN 2.12, page by page (issue #19).

One command sets up a plain CKAN (scheming, spatial, activity, DataStore; no
satudata) beside the portal on the same PostgreSQL, Redis and Solr, with the
same N published datasets over the 46 kelurahan (3 resources each, the same
ids and names), the same organisations and users, serves both the same way
(gunicorn, one sync worker each, through `bench/counting_app.py`, which
counts the SQL statements of every request), sends the same requests to
both in turn and prints, for each page and API call, p50 and p95 of each,
their ratio (portal / plain, written like `1.04x`) and the SQL statements
per request.

Each side has its own database (made by `scripts/db.sh test vsportal` and
`scripts/db.sh test vsplain`; never the demo's or the shared test
database) and its own documents in the Solr core (its own `ckan.site_id`;
both sides search the same core holding both sets, so the index is the
same size for both).

    .venv/bin/python bench/vs_ckan.py [--datasets 5000] [--repeat 30]
        [--users anonymous,planner,pic,curator]

The datasets are inserted with SQL the first time (and again when N
changes), then indexed; later runs reuse them. Pages of the portal that
plain CKAN does not have are compared with the closest plain page (named in
the table).
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = Path(sys.executable)
VAR = ROOT / "var"
PREFIX = "vs-ckan-"
RESOURCES_PER_DATASET = 3
SIDES = ("portal", "plain")
PLAIN_PLUGINS = "scheming_datasets spatial_metadata spatial_query datastore activity"
USERS = {"planner": None, "pic": "kelurahan-balowerti", "curator": None}


# -- setting up: databases and configuration -------------------------------------

def side_ini(side: str) -> Path:
    return VAR / ("vsportal.ini" if side == "portal" else "vsplain-plain.ini")


def prepare_databases() -> None:
    for name in ("vsportal", "vsplain"):
        if not (VAR / f"{name}.ini").exists():
            subprocess.run(["bash", "scripts/db.sh", "test", name], cwd=ROOT, check=True)
    (VAR / "vsplain-plain.ini").write_text(
        "# Written by bench/vs_ckan.py: plain CKAN on the vsplain database.\n"
        "[app:main]\n"
        f"use = config:{VAR / 'vsplain.ini'}\n"
        f"ckan.plugins = {PLAIN_PLUGINS}\n"
        "scheming.dataset_schemas = ckanext.scheming:ckan_dataset.yaml\n"
        "ckan.views.default_views =\n")


def load_ckan(ini: Path) -> None:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    make_app(load_config(str(ini)))


# -- populating one side (run in its own process: CKAN's config is global) -----

def _organizations(side: str, context: dict) -> dict[str, str]:
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from ckanext.satudata.reference.organizations import reference_organizations

    if side == "portal":
        tk.get_action("satudata_reference_organizations_load")(dict(context), {})
    else:
        for wanted in reference_organizations():
            if model.Group.get(wanted["name"]) is None:
                tk.get_action("organization_create")(dict(context), {
                    "name": wanted["name"], "title": wanted["title"]})
    return {group.name: group.id for group in model.Session.query(model.Group).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active")}


def _users(side: str, context: dict, organizations: dict[str, str]) -> dict[str, str]:
    """The signed-in users of the comparison, with an API token each."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    curators = tk.config.get("ckanext.satudata.curator_organization") or "diskominfo"
    tokens = {}
    for who in USERS:
        name = f"vs-{who}"
        if model.User.get(name) is None:
            tk.get_action("user_create")(dict(context), {
                "name": name, "email": f"{name}@example.invalid",
                "password": uuid.uuid4().hex + "Aa1!"})
        organization = curators if who == "curator" else USERS[who]
        if organization and organization in organizations:
            tk.get_action("organization_member_create")(dict(context), {
                "id": organization, "username": name, "role": "editor"})
        tokens[who] = tk.get_action("api_token_create")(dict(context), {
            "user": name, "name": "vs-ckan"})["token"]
    return tokens


def _rows(side: str, count: int, organizations: dict[str, str]):
    """Package, extra, resource, member and (portal) review-status rows; the
    same names and ids on both sides (a seeded generator)."""
    rng = random.Random(19)
    kelurahan = sorted(name for name in organizations if name.startswith("kelurahan-"))
    first = "kelurahan-balowerti" if "kelurahan-balowerti" in kelurahan else kelurahan[0]
    kelurahan.remove(first)
    kelurahan.insert(0, first)
    now = datetime.datetime(2026, 11, 30, 8, 0)
    packages, resources, members, statuses = [], [], [], []
    for n in range(count):
        org_name = kelurahan[n % len(kelurahan)]
        package_id = str(uuid.UUID(int=rng.getrandbits(128)))
        modified = now - datetime.timedelta(hours=n)
        packages.append({
            "id": package_id, "name": f"{PREFIX}{n:06d}",
            "title": f"Jumlah posyandu aktif {n} {org_name[10:].replace('-', ' ').title()}",
            "notes": "Jumlah posyandu aktif per bulan di kelurahan.",
            "type": "statistik-sektoral" if side == "portal" else "dataset",
            "owner_org": organizations[org_name], "state": "active", "private": False,
            "license_id": "cc-by", "metadata_created": modified,
            "metadata_modified": modified,
            "extras": {} if side == "plain" else {
                "bidang_urusan": "kesehatan", "konsep": "Posyandu aktif",
                "definisi": "Posyandu yang buka setiap bulan.", "satuan": "unit",
                "tahun": "2026", "frekuensi": "bulanan", "tingkat_penyajian": "kelurahan",
                "produsen": org_name, "klasifikasi_akses": "terbuka"}})
        if side == "portal":
            statuses.append({"package_id": package_id, "state": "terbit", "version": 1,
                             "updated": modified, "has_pending_revision": False})
        members.append({"id": str(uuid.UUID(int=rng.getrandbits(128))),
                        "table_id": package_id, "table_name": "package",
                        "group_id": organizations[org_name], "capacity": "organization",
                        "state": "active"})
        for position in range(RESOURCES_PER_DATASET):
            resources.append({
                "id": str(uuid.UUID(int=rng.getrandbits(128))), "package_id": package_id,
                "url": f"https://data.example.invalid/{n}/posyandu-{position}.csv",
                "name": f"Posyandu bulan {position + 1}", "format": "CSV",
                "description": "", "position": position, "state": "active",
                "created": modified, "metadata_modified": modified, "extras": {}})
    return packages, resources, members, statuses


def populate(side: str, count: int) -> None:
    load_ckan(side_ini(side))
    import ckan.lib.search as search
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    organizations = _organizations(side, context)
    ours = model.Session.query(model.Package.id).filter(model.Package.name.like(PREFIX + "%"))
    if ours.count() != count:
        started = time.perf_counter()
        ids = [row.id for row in ours]
        from ckanext.satudata.model import dataset_status_table
        for start in range(0, len(ids), 5000):
            chunk = ids[start:start + 5000]
            model.Session.execute(dataset_status_table.delete().where(
                dataset_status_table.c.package_id.in_(chunk)))
            for table, column in ((model.resource_table, "package_id"),
                                  (model.member_table, "table_id"),
                                  (model.package_table, "id")):
                model.Session.execute(table.delete().where(table.c[column].in_(chunk)))
        packages, resources, members, statuses = _rows(side, count, organizations)
        for table, rows in ((model.package_table, packages),
                            (model.resource_table, resources),
                            (model.member_table, members),
                            (dataset_status_table, statuses)):
            for start in range(0, len(rows), 5000):
                if rows[start:start + 5000]:
                    model.Session.execute(table.insert(), rows[start:start + 5000])
        model.Session.commit()
        print(f"{side}: inserted {count} datasets in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    found = tk.get_action("package_search")(dict(context), {
        "q": f"name:{PREFIX}*", "rows": 0})["count"]
    if found != count:
        started = time.perf_counter()
        search.rebuild(package_ids=[row.id for row in ours], defer_commit=True)
        search.commit()
        print(f"{side}: indexed {count} datasets in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    first = model.Session.query(model.Package).filter_by(name=f"{PREFIX}000000").one()
    print(json.dumps({
        "tokens": _users(side, context, organizations),
        "dataset": first.name,
        "resource": sorted(first.resources, key=lambda r: r.position)[0].id,
    }))


# -- serving and measuring ---------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(side: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    live = VAR / f"vs-{side}-live.ini"
    live.write_text(f"[app:main]\nuse = config:{side_ini(side)}\nckan.site_url = {url}\n")
    log = open(VAR / "log" / f"vs-{side}.log", "wb")
    process = subprocess.Popen(
        [str(PYTHON.with_name("gunicorn")), "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "--timeout", "300", "--pythonpath", str(ROOT / "bench"), "counting_app:application"],
        cwd=ROOT, env=dict(os.environ, CKAN_INI=str(live)),
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/api/3/action/status_show", timeout=10).ok:
                return process, url
        except requests.RequestException:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.5)  # waiting for gunicorn to start
    process.terminate()
    raise SystemExit(f"gunicorn ({side}) did not start; see var/log/vs-{side}.log")


def pages(setup: dict[str, dict], who: str) -> list[tuple[str, str, str]]:
    """(label, portal path, plain path) for one user."""
    dataset = setup["portal"]["dataset"]
    resource = setup["portal"]["resource"]
    rows = [
        ("package_search API", "/api/3/action/package_search?rows=20",
         "/api/3/action/package_search?rows=20"),
        ("/dataset/", "/dataset/", "/dataset/"),
        ("dataset page", f"/dataset/{dataset}", f"/dataset/{dataset}"),
        ("resource page", f"/dataset/{dataset}/resource/{resource}",
         f"/dataset/{dataset}/resource/{resource}"),
        ("package_show API", f"/api/3/action/package_show?id={dataset}",
         f"/api/3/action/package_show?id={dataset}"),
        ("organisation page", "/organization/kelurahan-balowerti",
         "/organization/kelurahan-balowerti"),
        ("home page", "/", "/"),
        ("/peta ~ /dataset/", "/peta", "/dataset/"),
        ("/statistik ~ /dataset/", "/statistik", "/dataset/"),
        ("/kelurahan/<x> ~ organisation", "/kelurahan/kelurahan-balowerti",
         "/organization/kelurahan-balowerti"),
        ("/kelengkapan ~ /organization/", "/kelengkapan", "/organization/"),
    ]
    if who == "curator":
        rows.append(("/tinjauan ~ /dashboard/datasets", "/tinjauan", "/dashboard/datasets"))
    return rows


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(urls: dict[str, str], paths: tuple[str, str], headers: dict[str, dict],
            repeat: int) -> dict[str, dict]:
    sessions = {side: requests.Session() for side in SIDES}
    times: dict[str, list[float]] = {side: [] for side in SIDES}
    queries: dict[str, list[int]] = {side: [] for side in SIDES}
    for side, path in zip(SIDES, paths):  # once each, not counted
        sessions[side].get(urls[side] + path, headers=headers[side], timeout=300)
    for _round in range(repeat):
        for side, path in zip(SIDES, paths):  # interleaved
            started = time.perf_counter()
            answer = sessions[side].get(urls[side] + path, headers=headers[side], timeout=300)
            times[side].append(time.perf_counter() - started)
            if answer.status_code >= 400:
                raise SystemExit(f"{side} {path}: HTTP {answer.status_code}")
            queries[side].append(int(answer.headers.get("X-Bench-SQL", "-1")))
    return {side: {"p50": percentile(times[side], 0.5), "p95": percentile(times[side], 0.95),
                   "sql": percentile(queries[side], 0.5)} for side in SIDES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--users", default="anonymous,pic")
    parser.add_argument("--populate", choices=SIDES, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.populate:
        populate(options.populate, options.datasets)
        return

    prepare_databases()
    setup = {}
    for side in SIDES:
        out = subprocess.run(
            [str(PYTHON), __file__, "--populate", side, "--datasets", str(options.datasets)],
            cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
        setup[side] = json.loads(out.stdout.strip().splitlines()[-1])
    servers = {}
    try:
        for side in SIDES:
            servers[side] = serve(side)
        urls = {side: servers[side][1] for side in SIDES}
        print(f"\nportal / plain CKAN 2.12, {options.datasets} published datasets, "
              f"{RESOURCES_PER_DATASET} resources each, {options.repeat} requests each, "
              f"interleaved; times in ms")
        print(f"{'page':34} {'user':9} {'p50':>14} {'ratio':>6} {'p95':>14} {'ratio':>6}"
              f" {'SQL':>10}")
        for who in options.users.split(","):
            headers = {side: ({} if who == "anonymous" else
                              {"Authorization": setup[side]["tokens"][who]}) for side in SIDES}
            for label, *paths in pages(setup, who):
                result = measure(urls, tuple(paths), headers, options.repeat)
                portal, plain = result["portal"], result["plain"]
                print(f"{label:34} {who:9} "
                      f"{portal['p50'] * 1000:6.0f}/{plain['p50'] * 1000:<7.0f}"
                      f"{portal['p50'] / plain['p50']:5.2f}x "
                      f"{portal['p95'] * 1000:6.0f}/{plain['p95'] * 1000:<7.0f}"
                      f"{portal['p95'] / plain['p95']:5.2f}x "
                      f"{portal['sql']:4.0f}/{plain['sql']:<4.0f}", flush=True)
    finally:
        for process, _url in servers.values():
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
