"""The other catalogue of tests/interop/test_harvest.py: a plain CKAN 2.12
(no satudata) with ckanext-harvest and ckanext-dcat's RDF harvester, on its
own database, Solr documents and harvest queues (its `ckan.site_id`), made by
`scripts/db.sh harvest [NAME]`. It runs in a process of its own (CKAN's
configuration is global, and the test's process is the portal):

    python tests/interop/harvest_client.py HARVESTER_INI PORTAL_URL OUTPUT [--fresh]

--fresh forgets every harvest source and dataset of the harvester first and
registers two sources on the portal: `ckan` (ckanext-harvest's CKAN harvester,
on the portal's action API) and `dcat_rdf` (ckanext-dcat's RDF harvester, on
its /catalog.ttl). Then each source is harvested once through
ckanext-harvest's gather, fetch and import stages, in this process, as
`ckan harvester run-test SOURCE` does. OUTPUT receives one JSON object per
source: the errors of that job, the guids it fetched, and every dataset the
source has ever made here (package_show, deleted ones included).
"""
from __future__ import annotations

import json
import sys

ORGANIZATION = "pemprov-jawa-timur"
SOURCES = {"ckan": "", "dcat_rdf": "/catalog.ttl"}


def _context() -> dict:
    import ckan.plugins.toolkit as tk
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": user["name"], "ignore_auth": True}


def forget_everything(portal_url: str) -> None:
    """Delete every harvest record and dataset, empty this harvester's Solr
    documents and queues, then register the two sources again."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from ckan.lib import search
    from ckanext.harvest import queue
    from ckanext.harvest import model as harvest_model

    for table in (harvest_model.HarvestObjectExtra, harvest_model.HarvestObjectError,
                  harvest_model.HarvestGatherError, harvest_model.HarvestObject,
                  harvest_model.HarvestJob, harvest_model.HarvestSource):
        model.Session.query(table).delete()
    model.Session.commit()
    for (package_id,) in model.Session.query(model.Package.id).all():
        tk.get_action("dataset_purge")(_context(), {"id": package_id})
    search.clear_all()
    queue.purge_queues()
    if model.Group.get(ORGANIZATION) is None:
        tk.get_action("organization_create")(_context(), {
            "name": ORGANIZATION, "title": "Pemerintah Provinsi Jawa Timur"})
    for source_type, path in SOURCES.items():
        tk.get_action("harvest_source_create")(_context(), {
            "name": f"kediri-{source_type.replace('_', '-')}",
            "title": f"Satu Data Kota Kediri ({source_type})",
            "url": portal_url.rstrip("/") + path, "source_type": source_type,
            "owner_org": ORGANIZATION, "frequency": "MANUAL"})


def harvest(source_type: str) -> dict:
    """Run one job of the source through the three stages and report it.

    As `ckan harvester run-test` (ckanext.harvest.utils.run_test_harvester):
    harvest_job_create puts the job on the gather queue (Redis), then the
    gather, fetch and import stages run here. run-test reads the source's
    type from harvest_source_show, which CKAN 2.12 may answer from the Solr
    copy of the source (without that field): the type is read from
    ckanext-harvest's own table instead."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob, HarvestObject, HarvestSource
    from ckanext.harvest.tests.lib import run_harvest_job

    name = f"kediri-{source_type.replace('_', '-')}"
    source = HarvestSource.get(model.Package.get(name).id)
    created = tk.get_action("harvest_job_create")(_context(), {"source_id": source.id})
    run_harvest_job(HarvestJob.get(created["id"]), queue.get_harvester(source.type))
    queue.purge_queues()
    model.Session.remove()
    job = HarvestJob.get(created["id"])
    objects = model.Session.query(HarvestObject).filter(
        HarvestObject.harvest_source_id == source.id)
    errors = [e.message for e in job.gather_errors]
    errors += [e.message for o in job.objects for e in o.errors]
    package_ids = sorted({o.package_id for o in objects if o.package_id})
    datasets = [tk.get_action("package_show")(_context(), {"id": package_id})
                for package_id in package_ids
                if model.Package.get(package_id) is not None]
    return {"job": {"status": job.status, "errors": errors,
                    "guids": sorted(o.guid for o in job.objects if o.guid)},
            "datasets": datasets}


def main(ini: str, portal_url: str, output: str, fresh: bool) -> None:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    make_app(load_config(ini))

    if fresh:
        forget_everything(portal_url)
    report = {source_type: harvest(source_type) for source_type in SOURCES}
    with open(output, "w", encoding="utf-8") as out:
        json.dump(report, out, ensure_ascii=False, indent=1, default=str)


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--fresh"]
    if len(arguments) != 3:
        sys.exit(__doc__)
    main(*arguments, fresh="--fresh" in sys.argv[1:])
