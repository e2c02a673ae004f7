"""Benchmark: what the restricted-data check adds to CKAN's resource_show auth.

Every download, resource page, preview and DataStore query goes through the
``resource_show`` auth; the portal chains it (unpublished data, unapproved
resources, and restricted data: a grant valid now). This prints the mean
time of one check, per caller, beside CKAN's own resource_show auth alone
(what a plain CKAN does for the same call), with `--requests` access
requests of other users in the table (so the grant lookup runs on a table
of realistic size).

Needs a CKAN configuration with the services running, e.g. a private test
configuration made by ``scripts/db.sh test NAME``. It creates two
organisations, datasets and users prefixed ``bench-access`` and purges the
datasets after; do not point it at the demo.

    .venv/bin/python bench/access_checks.py --ckan-ini var/NAME.ini [--requests 20000]
"""
from __future__ import annotations

import argparse
import datetime
import io
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROUNDS = 500


def timed(check, rounds: int = ROUNDS) -> float:
    """Mean microseconds of one call of `check`."""
    check()  # warm the caches
    start = time.perf_counter()
    for _ in range(rounds):
        check()
    return (time.perf_counter() - start) / rounds * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ckan-ini", required=True)
    parser.add_argument("--requests", type=int, default=20000)
    args = parser.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    app = make_app(load_config(args.ckan_ini))
    with app._wsgi_app.test_request_context():
        run(args.requests)


def run(other_requests: int) -> None:
    from werkzeug.datastructures import FileStorage

    import ckan.logic.auth.get as core_auth
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    from ckanext.satudata import site as portal_site
    from ckanext.satudata.access import grants
    from ckanext.satudata.model import AccessRequest, AccessRequestResource

    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    admin = {"user": site}
    tag = uuid.uuid4().hex[:8]
    org = tk.get_action("organization_create")(admin, {
        "name": f"bench-access-{tag}", "jenis_organisasi": "produsen"})
    users = {who: tk.get_action("user_create")(admin, {
        "name": f"bench-access-{who}-{tag}", "email": f"{who}-{tag}@example.org",
        "password": f"Bench-{uuid.uuid4().hex}"})["name"] for who in ("holder", "other")}
    datasets = {}
    for classification in ("terbuka", "terbatas"):
        dataset = tk.get_action("package_create")(admin, {
            "type": "statistik-sektoral", "owner_org": org["id"],
            "name": f"bench-access-{classification}-{tag}", "title": "Bench",
            "notes": "Bench", "bidang_urusan": "kesehatan", "konsep": "Bench",
            "definisi": "Bench", "satuan": "unit", "tahun": "2025", "frekuensi": "tahunan",
            "tingkat_penyajian": "kelurahan", "produsen": "Bench",
            "klasifikasi_akses": classification})
        resource = tk.get_action("resource_create")(admin, {
            "package_id": dataset["id"], "name": "t",
            "upload": FileStorage(io.BytesIO(b"a,b\n1,2\n"), filename="t.csv")})
        tk.get_action("satudata_submit")(dict(admin), {"id": dataset["id"]})
        tk.get_action("satudata_approve")(dict(admin), {"id": dataset["id"]})
        datasets[classification] = (dataset, resource)
    try:
        restricted, restricted_resource = datasets["terbatas"]
        today = portal_site.portal_today()
        holder = model.User.get(users["holder"])
        other = model.User.get(users["other"])
        grant = AccessRequest(
            package_id=restricted["id"], requester_id=holder.id, institution="Bench",
            purpose="Bench", method="unduh", requested_start=today,
            requested_end=today + datetime.timedelta(days=7), start_date=today,
            end_date=today + datetime.timedelta(days=7), state="disetujui",
            created=datetime.datetime.utcnow(), updated=datetime.datetime.utcnow())
        model.Session.add(grant)
        model.Session.flush()
        model.Session.add(AccessRequestResource(request_id=grant.id,
                                                resource_id=restricted_resource["id"],
                                                columns=[]))
        for n in range(other_requests):  # other users' requests, same dataset
            request = AccessRequest(
                package_id=restricted["id"], requester_id=other.id, institution="Bench",
                purpose="Bench", method="unduh", requested_start=today,
                requested_end=today, start_date=today, end_date=today,
                state=("disetujui", "ditolak", "dicabut")[n % 3],
                created=datetime.datetime.utcnow(), updated=datetime.datetime.utcnow())
            model.Session.add(request)
            if n % 1000 == 999:
                model.Session.flush()
        model.Session.commit()

        def core(user, resource_id):
            def call():
                model.Session.remove()
                context = {"user": user, "model": model,
                           "auth_user_obj": model.User.get(user) if user else None}
                assert core_auth.resource_show(context, {"id": resource_id})["success"]
            return call

        open_resource = datasets["terbuka"][1]["id"]
        restricted_id = restricted_resource["id"]

        def portal(user, resource_id, allowed):
            def call():
                model.Session.remove()
                try:
                    tk.check_access("resource_show", {"user": user}, {"id": resource_id})
                    assert allowed, "restricted data given without a grant"
                except tk.NotAuthorized:
                    assert not allowed, "a grant holder was refused"
            return call

        def added(user, resource_id):
            def call():
                model.Session.remove()
                grants.refusal(user, model.Resource.get(resource_id).package, resource_id)
            return call

        print(f"resource_show auth, mean of {ROUNDS} checks (a fresh database session "
              f"each), {other_requests + 1} access requests in the table")
        print(f"{'caller, resource':44} {'CKAN alone':>11} {'portal':>9} {'grant check':>12}")
        for label, user, resource_id, allowed in (
                ("anonymous, open", "", open_resource, True),
                ("anonymous, restricted (refused)", "", restricted_id, False),
                ("grant holder, restricted", users["holder"], restricted_id, True),
                ("no grant, restricted (refused)", users["other"], restricted_id, False)):
            print(f"{label:44} {timed(core(user, resource_id)):9.0f}µs "
                  f"{timed(portal(user, resource_id, allowed)):7.0f}µs "
                  f"{timed(added(user, resource_id)):10.0f}µs")
    finally:
        model.Session.rollback()
        for dataset, _resource in datasets.values():
            tk.get_action("dataset_purge")(dict(admin), {"id": dataset["id"]})
        tk.get_action("organization_purge")(dict(admin), {"id": org["id"]})
        for name in users.values():
            tk.get_action("user_delete")(dict(admin), {"id": name})


if __name__ == "__main__":
    main()
