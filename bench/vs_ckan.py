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

The organisations and datasets are inserted with SQL by bench/dataload.py
the first time (the datasets again when N changes), then indexed; later
runs reuse them. Pages of the portal that
plain CKAN does not have are compared with the closest plain page (named in
the table).
"""
from __future__ import annotations

import argparse
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
from deploy.launch import free_port  # noqa: E402  (the repository root is on the path now)
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
        # every run: the schema follows the extension's migrations
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


def plan(side: str, count: int):
    """The datasets of one side (bench/dataload.py): the same names and ids
    on both sides, the portal's with its extras and review status."""
    import dataload
    return dataload.Plan(prefix=PREFIX, datasets=count, resources=RESOURCES_PER_DATASET,
                         portal=side == "portal", first_organization="kelurahan-balowerti")


def _keep_published_version(package_id: str) -> None:
    """The measured dataset as the workflow publishes it: with its stored
    published version (what the public is given while an edit waits), which
    the SQL loader does not write, and indexed again."""
    import ckan.model as model
    from ckan.lib import search
    from ckanext.satudata.model import DatasetStatus
    from ckanext.satudata.workflow import published_version

    status = DatasetStatus.get(package_id)
    if status is None or status.published_snapshot:
        return
    status.published_snapshot = published_version.capture(package_id)
    model.Session.commit()
    search.rebuild(package_id)


def populate(side: str, count: int) -> None:
    load_ckan(side_ini(side))
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    import dataload

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    loaded = dataload.load(plan(side, count))
    first = model.Session.query(model.Package).filter_by(name=f"{PREFIX}000000").one()
    if side == "portal":
        _keep_published_version(first.id)
    print(json.dumps({
        "tokens": _users(side, context, loaded.organizations),
        "dataset": first.name,
        "resource": sorted(first.resources, key=lambda r: r.position)[0].id,
    }))


# -- serving and measuring ---------------------------------------------------------


def serve(side: str) -> tuple[subprocess.Popen, str]:
    return serve_ini(side_ini(side), f"vs-{side}")


def serve_ini(ini: Path, label: str, extra: str = "") -> tuple[subprocess.Popen, str]:
    """gunicorn with one sync worker on a free loopback port, serving `ini`
    (plus the lines `extra`) through counting_app (X-Bench-SQL); log in
    var/log/<label>.log. Used by bench/province.py too."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    live = VAR / f"{label}-live.ini"
    live.write_text(f"[app:main]\nuse = config:{ini.resolve()}\nckan.site_url = {url}\n{extra}")
    log = open(VAR / "log" / f"{label}.log", "wb")
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
    raise SystemExit(f"gunicorn ({label}) did not start; see var/log/{label}.log")


def worker_pid(process: subprocess.Popen) -> int:
    """The pid of the one gunicorn worker of `process` (the master)."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    if not children:
        raise SystemExit("gunicorn has no worker")
    return int(children[0])


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
