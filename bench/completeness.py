"""Benchmark: the completeness dashboard at city scale.

46 kelurahan × 20 required items (this year's profile, 4 point layers and 15
configured statistics) over 10,000 datasets in every review state. Prints,
for the action API (`satudata_completeness`, `satudata_completeness_summary`)
and the pages (/kelengkapan, its CSV, /kelengkapan/ringkasan), the median
and 95th percentile time and the number of SQL queries per call, beside
plain CKAN in the same process on the same data (`package_search`, the
/dataset search page, an organisation page).

Runs on a private database (never the demo's or the shared test database):

    bash scripts/db.sh test bench_kelengkapan      # once: var/bench_kelengkapan.ini
    .venv/bin/python bench/completeness.py [--ini var/bench_kelengkapan.ini]
        [--datasets 10000] [--repeat 30] [--no-index]

The datasets are inserted in bulk with SQL (package and review status rows)
the first time and reused afterwards; they are indexed in Solr (the
database's own site_id) so that the search page has something to find.
"""
from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PREFIX = "bench-kelengkapan-"
STATISTICS = 15
STATES = ("terbit",) * 6 + ("draf", "diajukan", "dikembalikan", "ditarik")
KINDS = ("kantor-kelurahan", "posyandu", "pos-kamling", "rt")
FREQUENCIES = ("bulanan", "triwulanan", "semesteran", "tahunan")


def required_statistics() -> str:
    return "\n".join(f"indikator-{n:02d} Indikator wajib {n}" for n in range(1, STATISTICS + 1))


def _datasets(count: int, organizations: list[tuple[str, str]], year: int, rng: random.Random):
    """Package and status rows: for every kelurahan its profile, layers and
    required statistics (each in a random state and age), then other
    statistics up to `count`."""
    now = datetime.datetime.utcnow()
    rows = []

    def add(org_id: str, org_name: str, type_: str, extras: dict[str, str]):
        n = len(rows)
        modified = now - datetime.timedelta(days=rng.randint(0, 800), hours=rng.randint(0, 23))
        rows.append(({
            "id": str(uuid.uuid4()), "name": f"{PREFIX}{n:05d}",
            "title": f"Dataset uji {n} {org_name}", "type": type_, "owner_org": org_id,
            "state": "active", "private": False, "metadata_created": modified,
            "metadata_modified": modified, "license_id": "cc-by", "notes": "Data uji.",
            "extras": extras,
        }, rng.choice(STATES)))

    for org_id, org_name in organizations:
        add(org_id, org_name, "profil-kelurahan", {"tahun": str(year)})
        for kind in KINDS:
            add(org_id, org_name, "peta-titik", {"jenis_titik": kind, "tahun": str(year)})
        for n in range(1, STATISTICS + 1):
            if rng.random() < 0.8:
                add(org_id, org_name, "statistik-sektoral", {
                    "kode_indikator": f"indikator-{n:02d}", "tahun": str(year),
                    "frekuensi": rng.choice(FREQUENCIES)})
    while len(rows) < count:
        org_id, org_name = organizations[len(rows) % len(organizations)]
        kind = rng.random()
        if kind < 0.2:  # last years' profiles, older layers: not this year's items
            add(org_id, org_name, "profil-kelurahan", {"tahun": str(year - rng.randint(1, 5))})
        elif kind < 0.4:
            add(org_id, org_name, "peta-titik", {"jenis_titik": rng.choice(KINDS),
                                                 "tahun": str(year - 1)})
        else:
            add(org_id, org_name, "statistik-sektoral", {
                "kode_indikator": "", "tahun": str(year),
                "frekuensi": rng.choice(FREQUENCIES)})
    return rows


def populate(count: int, index: bool) -> None:
    import ckan.lib.search as search
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    from ckanext.satudata.site import portal_today
    from ckanext.satudata.model import dataset_status_table

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    tk.get_action("satudata_reference_organizations_load")(dict(context), {})
    existing = model.Session.query(model.Package).filter(
        model.Package.name.like(PREFIX + "%")).count()
    if existing != count:
        started = time.perf_counter()
        ids = [row.id for row in model.Session.query(model.Package.id).filter(
            model.Package.name.like(PREFIX + "%"))]
        if ids:
            model.Session.execute(dataset_status_table.delete().where(
                dataset_status_table.c.package_id.in_(ids)))
            model.Session.execute(model.package_table.delete().where(
                model.package_table.c.id.in_(ids)))
        organizations = [(g.id, g.name) for g in model.Session.query(model.Group).filter(
            model.Group.name.like("kelurahan-%")).order_by(model.Group.name)]
        rows = _datasets(count, organizations, portal_today().year, random.Random(39))
        for start in range(0, len(rows), 2000):
            chunk = rows[start:start + 2000]
            model.Session.execute(model.package_table.insert(), [p for p, _ in chunk])
            model.Session.execute(dataset_status_table.insert(), [
                {"package_id": p["id"], "state": state, "version": 1,
                 "updated": p["metadata_modified"], "has_pending_revision": False}
                for p, state in chunk])
        model.Session.commit()
        print(f"inserted {len(rows)} datasets in {time.perf_counter() - started:.1f} s")
    if index:
        found = tk.get_action("package_search")(dict(context), {
            "q": f"name:{PREFIX}*", "rows": 0, "include_private": True})["count"]
        if found != count:
            started = time.perf_counter()
            ids = [row.id for row in model.Session.query(model.Package.id).filter(
                model.Package.name.like(PREFIX + "%"))]
            search.rebuild(package_ids=ids, defer_commit=True)
            search.commit()
            print(f"indexed {len(ids)} datasets in {time.perf_counter() - started:.1f} s")


def curator_token() -> str:
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    if model.User.get("bench-kurator") is None:
        tk.get_action("user_create")(dict(context), {
            "name": "bench-kurator", "email": "bench-kurator@example.org",
            "password": uuid.uuid4().hex})
    tk.get_action("organization_member_create")(dict(context), {
        "id": "diskominfo", "username": "bench-kurator", "role": "editor"})
    return tk.get_action("api_token_create")(dict(context), {
        "user": "bench-kurator", "name": "bench"})["token"]


class Queries:
    def __init__(self):
        self.count = 0

    def __call__(self, *args, **kwargs):
        self.count += 1


def measure(call, repeat: int) -> tuple[list[float], int]:
    import ckan.model as model
    import sqlalchemy as sa

    for _ in range(3):  # warm-up: templates, caches
        model.Session.remove()
        call()
    times, queries = [], Queries()
    for n in range(repeat):
        model.Session.remove()
        counter = Queries()
        sa.event.listen(model.meta.engine, "before_cursor_execute", counter)
        started = time.perf_counter()
        try:
            call()
        finally:
            times.append((time.perf_counter() - started) * 1000)
            sa.event.remove(model.meta.engine, "before_cursor_execute", counter)
        queries = counter if n == 0 else queries
    return times, queries.count


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ini", default=str(ROOT / "var" / "bench_kelengkapan.ini"))
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-index", action="store_true",
                        help="do not index the datasets in Solr (the search rows then find none)")
    args = parser.parse_args()
    if not os.path.exists(args.ini):
        sys.exit(f"{args.ini} not found: run `bash scripts/db.sh test bench_kelengkapan` first")

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(args.ini))
    import ckan.plugins.toolkit as tk

    tk.config["ckanext.satudata.required_statistics"] = required_statistics()
    flask_app = app._wsgi_app
    with flask_app.test_request_context():
        populate(args.datasets, index=not args.no_index)
        token = curator_token()
    client = flask_app.test_client()
    curator = {"Authorization": token}

    def action(name, user, **params):
        return lambda: tk.get_action(name)({"user": user}, dict(params))

    def page(url, headers=None):
        def get():
            response = client.get(url, headers=headers or {})
            assert response.status_code == 200, (url, response.status_code)
        return get

    with flask_app.test_request_context():
        result = tk.get_action("satudata_completeness")({"user": "bench-kurator"}, {})
    cells = sum(len(row["cells"]) for row in result["kelurahan"])
    import ckan.model as model
    total = model.Session.query(model.Package).filter(model.Package.state == "active").count()
    print(f"data: {len(result['kelurahan'])} kelurahan x {len(result['items'])} items "
          f"= {cells} cells; {total} active datasets; repeat {args.repeat}")
    rows = [
        ("action satudata_completeness (curator)", action("satudata_completeness",
                                                          "bench-kurator")),
        ("action satudata_completeness_summary (anon)",
         action("satudata_completeness_summary", "")),
        ("GET /kelengkapan (curator)", page("/kelengkapan", curator)),
        ("GET /kelengkapan?kecamatan=Kota&state=terlambat",
         page("/kelengkapan?kecamatan=Kota&state=terlambat", curator)),
        ("GET /kelengkapan.csv (curator)", page("/kelengkapan.csv", curator)),
        ("GET /kelengkapan/ringkasan (anon)", page("/kelengkapan/ringkasan")),
        ("plain CKAN: action package_search rows=20 (anon)",
         action("package_search", "", rows=20)),
        ("plain CKAN: GET /dataset/ (anon)", page("/dataset/")),
        ("plain CKAN: GET /dataset/ (curator)", page("/dataset/", curator)),
        ("plain CKAN: GET /organization/kelurahan-balowerti (anon)",
         page("/organization/kelurahan-balowerti")),
    ]
    print(f"{'':58} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for label, call in rows:
        with flask_app.test_request_context():
            times, queries = measure(call, args.repeat)
        print(f"{label:58} {statistics.median(times):8.1f} {percentile(times, 95):8.1f} "
              f"{queries:8d}")


if __name__ == "__main__":
    main()
