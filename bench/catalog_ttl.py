"""Benchmark: the DCAT catalogue (`/catalog.ttl`) beside `package_search`, page by page.

N published statistics (and some unpublished ones, which must not appear)
over the 46 kelurahan, 3 resources each. For every page of the catalogue
(`ckanext.dcat.datasets_per_page`, 100 by default) it times
`GET /catalog.ttl?page=<p>` and the same page of `package_search` through the
action API (`rows`, `start`, `sort=metadata_modified desc`, the query
ckanext-dcat sends), both anonymous, in the same process, interleaved, and
prints p50 of each and their ratio (the target of issue #16: under 2x). The
catalogue keeps each published dataset's Turtle in Redis, written when the
dataset is published (interop/dcat_profile.py): the datasets this bench
inserts with SQL were never published through the workflow, so the bench
first prepares them as `ckan satudata siapkan-katalog` does and prints how
long that took. With `--cold` nothing is prepared (the bench forgets it all
before timing) and the page's first request, which then describes every
dataset, is printed apart ("first"). It checks that no unpublished dataset
is in any page and counts the datasets the pages hold.

Runs on a private database (never the demo's or the shared test database):

    bash scripts/db.sh test bench_dcat          # once: var/bench_dcat.ini
    .venv/bin/python bench/catalog_ttl.py [--ini var/bench_dcat.ini]
        [--datasets 5000] [--repeat 5] [--pages N] [--cold] [--profile]

The datasets are inserted with SQL (package, member, resource and review
status rows) the first time or when N changes, then indexed in Solr (the
database's own site_id; a few minutes for 5,000); later runs reuse them.
`--profile` prints where the time of one catalogue page goes (cProfile;
with `--cold`, without and with the Turtle kept).
"""
from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import math
import os
import pstats
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PREFIX = "bench-dcat-"
RESOURCES_PER_DATASET = 3
#: Of every 20 datasets: 18 published (one of them restricted), a draft and
#: a submitted one.
UNPUBLISHED = {18: "draf", 19: "diajukan"}
FREQUENCIES = ("bulanan", "triwulanan", "semesteran", "tahunan")
URUSAN = ("kesehatan", "pendidikan", "sosial", "kependudukan", "perhubungan")


def _rows(count: int, organizations: list[tuple[str, str]]):
    """Package, member, resource and status rows: `count` published datasets
    and, beside them, the unpublished ones (one in ten more)."""
    rng = random.Random(16)
    now = datetime.datetime(2026, 11, 30, 8, 0)
    packages, members, resources, statuses = [], [], [], []
    published = n = 0
    while published < count:
        org_id, org_name = organizations[n % len(organizations)]
        state = UNPUBLISHED.get(n % 20, "terbit")
        published += state == "terbit"
        package_id = str(uuid.UUID(int=rng.getrandbits(128)))
        modified = now - datetime.timedelta(minutes=n)
        packages.append({
            "id": package_id, "name": f"{PREFIX}{state}-{n:06d}",
            "title": f"Jumlah posyandu aktif {n} {org_name[10:].replace('-', ' ').title()}",
            "notes": "Jumlah posyandu aktif per bulan di kelurahan.",
            "type": "statistik-sektoral", "owner_org": org_id, "state": "active",
            "private": False, "license_id": "cc-by", "metadata_created": modified,
            "metadata_modified": modified,
            "extras": {
                "bidang_urusan": rng.choice(URUSAN), "konsep": "Posyandu aktif",
                "definisi": "Posyandu yang buka setiap bulan.", "satuan": "unit",
                "tahun": str(2020 + n % 7), "frekuensi": rng.choice(FREQUENCIES),
                "periode_referensi": "Januari–Desember", "tingkat_penyajian": "kelurahan",
                "produsen": org_name,
                "klasifikasi_akses": "terbatas" if n % 20 == 7 else "terbuka"}})
        statuses.append({"package_id": package_id, "state": state, "version": 1,
                         "updated": modified, "has_pending_revision": False})
        members.append({"id": str(uuid.UUID(int=rng.getrandbits(128))),
                        "table_id": package_id, "table_name": "package",
                        "group_id": org_id, "capacity": "organization", "state": "active"})
        for position in range(RESOURCES_PER_DATASET):
            resources.append({
                "id": str(uuid.UUID(int=rng.getrandbits(128))), "package_id": package_id,
                "url": f"https://data.example.invalid/{n}/posyandu-{position}.csv",
                "name": f"Posyandu bulan {position + 1}", "format": "CSV",
                "description": "", "position": position, "state": "active",
                "created": modified, "metadata_modified": modified, "extras": {}})
        n += 1
    return packages, members, resources, statuses


def populate(count: int) -> None:
    import ckan.lib.search as search
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    from ckanext.satudata.model import dataset_status_table

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    tk.get_action("satudata_reference_organizations_load")(dict(context), {})
    ours = model.Session.query(model.Package.id).filter(model.Package.name.like(PREFIX + "%"))
    published = model.Session.query(model.Package.id).filter(
        model.Package.name.like(f"{PREFIX}terbit-%")).count()
    if published != count:
        started = time.perf_counter()
        ids = [row.id for row in ours]
        for start in range(0, len(ids), 5000):
            chunk = ids[start:start + 5000]
            model.Session.execute(dataset_status_table.delete().where(
                dataset_status_table.c.package_id.in_(chunk)))
            for table, column in ((model.resource_table, "package_id"),
                                  (model.member_table, "table_id"),
                                  (model.package_table, "id")):
                model.Session.execute(table.delete().where(table.c[column].in_(chunk)))
        organizations = [(g.id, g.name) for g in model.Session.query(model.Group).filter(
            model.Group.name.like("kelurahan-%")).order_by(model.Group.name)]
        packages, members, resources, statuses = _rows(count, organizations)
        for table, rows in ((model.package_table, packages), (model.member_table, members),
                            (model.resource_table, resources),
                            (dataset_status_table, statuses)):
            for start in range(0, len(rows), 5000):
                model.Session.execute(table.insert(), rows[start:start + 5000])
        model.Session.commit()
        print(f"inserted {len(packages)} datasets ({count} published) in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
    ids = [row.id for row in ours]
    found = tk.get_action("package_search")(dict(context), {
        "q": f"name:{PREFIX}*", "rows": 0, "include_private": True,
        "include_drafts": True})["count"]
    if found != len(ids):
        started = time.perf_counter()
        search.rebuild(package_ids=ids, defer_commit=True)
        search.commit()
        print(f"indexed {len(ids)} datasets in {time.perf_counter() - started:.1f} s",
              flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ini", default=str(ROOT / "var" / "bench_dcat.ini"))
    parser.add_argument("--datasets", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", type=int, default=0, help="time only the first N pages")
    parser.add_argument("--cold", action="store_true",
                        help="time the pages with nothing kept (no dataset prepared)")
    parser.add_argument("--profile", action="store_true",
                        help="print where the time of one catalogue page goes")
    args = parser.parse_args()
    if not os.path.exists(args.ini):
        sys.exit(f"{args.ini} not found: run `bash scripts/db.sh test bench_dcat` first")

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(args.ini))
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    import rdflib
    from rdflib.namespace import DCAT, RDF

    if "dcat" not in tk.config.get("ckan.plugins"):
        sys.exit("the dcat plugin is not enabled in " + args.ini)
    flask_app = app._wsgi_app
    with flask_app.test_request_context():
        populate(args.datasets)
    client = flask_app.test_client()
    per_page = int(tk.config.get("ckanext.dcat.datasets_per_page") or 100)
    pages = math.ceil(args.datasets / per_page)
    if args.pages:
        pages = min(pages, args.pages)

    def get(url: str) -> tuple[float, bytes]:
        model.Session.remove()
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        return elapsed, response.get_data()

    def search_url(page: int) -> str:
        return (f"/api/3/action/package_search?q=*:*&rows={per_page}"
                f"&start={per_page * (page - 1)}&sort=metadata_modified%20desc"
                f"&fq=-dataset_type:harvest%20-dataset_type:showcase")

    def clear_cache() -> int:
        """Forgets every dataset's Turtle kept in Redis (this database's own)."""
        from ckan.lib.redis import connect_to_redis
        from ckanext.satudata.interop import dcat_profile
        redis = connect_to_redis()
        keys = list(redis.scan_iter(dcat_profile._CACHE_PREFIX + "*", count=1000))
        for start in range(0, len(keys), 1000):
            redis.delete(*keys[start:start + 1000])
        return len(keys)

    for _ in range(2):  # warm-up: templates, caches, Solr
        get("/catalog.ttl?page=1")
        get(search_url(1))
    if args.cold:
        clear_cache()
    else:
        # What each publication does for its dataset (publication.published
        # -> dcat_profile.describe_published), for the datasets this bench
        # inserted with SQL: `ckan satudata siapkan-katalog` (only those not
        # prepared by an earlier run).
        from ckanext.satudata.interop import dcat_profile
        started = time.perf_counter()
        with flask_app.test_request_context():
            seen, described = dcat_profile.describe_all_published()
        elapsed = time.perf_counter() - started
        each = f", {elapsed / described * 1000:.1f} ms a dataset" if described else ""
        print(f"prepared the Turtle of {described} of {seen} published datasets "
              f"(`ckan satudata siapkan-katalog`, what each publication does for its "
              f"dataset; the others were kept from an earlier run) in {elapsed:.0f} s"
              f"{each}", flush=True)

    if args.profile:
        for label in ("without", "with"):
            profiler = cProfile.Profile()
            profiler.enable()
            get("/catalog.ttl?page=2")
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(f"--- one catalogue page {label} the datasets' Turtle kept in Redis")
            print(out.getvalue())
        clear_cache()

    print(f"/catalog.ttl vs package_search, {args.datasets} published datasets "
          f"({RESOURCES_PER_DATASET} resources each, one in 18 restricted) and their "
          f"unpublished ones, {per_page} per page, p50 of {args.repeat}, anonymous, "
          f"in process; times in ms")
    if args.cold:
        print("first: the page's first request, nothing kept yet (every dataset described "
              "and written), beside package_search's first request of the same page "
              "(search); then: p50 of the next requests (the datasets' Turtle kept in "
              "Redis)")
    else:
        print("first: the page's first request after the datasets were prepared as their "
              "publication prepares them, beside package_search's first request of the "
              "same page (search); then: p50 of the next requests")
    print(f"{'page':>5} {'first':>7} {'search':>7} {'ratio':>7} {'then':>6} "
          f"{'package_search':>15} {'ratio':>6} {'KiB':>5}")
    ratios, first_ratios = [], []
    seen = 0
    for page in range(1, pages + 1):
        # Each page's first request of either kind finds nothing in Solr's
        # caches: timed apart, one or the other going first in turn.
        if page % 2:
            first = get(f"/catalog.ttl?page={page}")[0]
            search_first = get(search_url(page))[0]
        else:
            search_first = get(search_url(page))[0]
            first = get(f"/catalog.ttl?page={page}")[0]
        catalog_times, search_times = [], []
        body = b""
        for _ in range(args.repeat):
            elapsed, body = get(f"/catalog.ttl?page={page}")
            catalog_times.append(elapsed)
            search_times.append(get(search_url(page))[0])
        graph = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
        datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
        names = body.decode("utf-8")
        assert f"{PREFIX}draf-" not in names and f"{PREFIX}diajukan-" not in names, page
        seen += len(datasets)
        catalog, search = statistics.median(catalog_times), statistics.median(search_times)
        ratios.append(catalog / search)
        first_ratios.append(first / search_first)
        print(f"{page:5d} {first * 1000:7.0f} {search_first * 1000:7.0f} "
              f"{first / search_first:6.2f}x {catalog * 1000:6.0f} "
              f"{search * 1000:15.0f} {catalog / search:5.2f}x {len(body) / 1024:5.0f}",
              flush=True)
    print(f"ratio over {len(ratios)} pages: median {statistics.median(ratios):.2f}x, "
          f"worst {max(ratios):.2f}x (first requests: median "
          f"{statistics.median(first_ratios):.2f}x, worst {max(first_ratios):.2f}x); "
          f"{seen} datasets in the pages timed, none unpublished")


if __name__ == "__main__":
    main()
