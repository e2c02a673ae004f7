"""Faults survived, nothing lost (issue #15, item 5): Solr or Redis down
while the portal works.

A stopped service looks to CKAN like a closed port: the tests point CKAN's
connection at a closed loopback port, then back at the real service, and
check that what was put off is done by the catch-up (`ckan satudata
kerjakan-tertunda`), as a user would notice it: the dataset found by an
anonymous search, the jobs on the queue.
"""
from __future__ import annotations

import datetime
import json

import ckan.lib.jobs as jobs
import ckan.lib.redis as ckan_redis
import pytest
from ckan.cli.cli import ckan as ckan_command

from ckanext.satudata.model import DatasetStatus, ReviewEvent
from ckanext.satudata.workflow import catch_up
from tests.helpers import call_as, free_port, search_names

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

_NO_WAIT = datetime.timedelta(0)
RAW_ERRORS = ("Search Index Error", "SearchIndexError", "Solr", "127.0.0.1", "Traceback")


@pytest.fixture
def solr(ckan_config, monkeypatch):
    """solr.stop() points CKAN at a closed port, solr.start() back at Solr
    (CKAN builds its Solr connection from `solr_url` at every call)."""
    real = ckan_config["solr_url"]

    class Solr:
        closed = f"http://127.0.0.1:{free_port()}/solr/ckan"

        def stop(self):
            monkeypatch.setitem(ckan_config, "solr_url", self.closed)

        def start(self):
            monkeypatch.setitem(ckan_config, "solr_url", real)

    return Solr()


@pytest.fixture
def redis_service(ckan_config, monkeypatch):
    """The same for Redis, whose connection pool and queues CKAN keeps."""
    real = ckan_config["ckan.redis.url"]

    def point_at(url):
        monkeypatch.setitem(ckan_config, "ckan.redis.url", url)
        monkeypatch.setattr(ckan_redis, "_connection_pool", None)
        monkeypatch.setattr(jobs, "_queues", {})

    class Redis:
        def stop(self):
            point_at(f"redis://127.0.0.1:{free_port()}/0")

        def start(self):
            point_at(real)

    return Redis()


def test_approval_while_solr_is_down_stands_and_the_index_catches_up(
        app, people, draft, solr, cli):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    solr.stop()

    result = call_as(people["curator"], "satudata_approve", id=draft["id"])

    assert result["satudata_status"] == "terbit"
    assert result["search_index_pending"] is True
    assert "mesin pencari" in result["notice"]
    assert not any(raw in result["notice"] for raw in RAW_ERRORS)
    # The whole decision stands, not half of it.
    assert DatasetStatus.state_of(draft["id"]) == "terbit"
    assert DatasetStatus.get(draft["id"]).published_snapshot is not None
    assert ReviewEvent.latest_for_package(draft["id"]).action == "approve"
    assert catch_up.pending_count() == 1
    # Still down: the catch-up leaves it for later.
    assert catch_up.catch_up()[catch_up.SEARCH_INDEX] == {"done": 0, "left": 1}

    solr.start()
    assert draft["name"] not in search_names(None, q=f"name:{draft['name']}")
    # What monitoring sees meanwhile: a warning, no address.
    health = json.loads(app.get("/sehat").get_data(as_text=True))
    assert health["komponen"]["tertunda"] == {
        "status": "peringatan", "jumlah": 1,
        "alasan": "ada pekerjaan yang tertunda menunggu Solr atau Redis pulih"}
    outcome = cli.invoke(ckan_command, ["satudata", "kerjakan-tertunda"])

    assert outcome.exit_code == 0, outcome.output
    assert "indeks_pencarian: 1 dikerjakan, 0 masih tertunda" in outcome.output
    assert search_names(None, q=f"name:{draft['name']}") == [draft["name"]]
    assert catch_up.catch_up()[catch_up.SEARCH_INDEX] == {"done": 0, "left": 0}


def test_withdrawal_while_solr_is_down_is_taken_out_of_search_by_the_catch_up(
        people, draft, solr):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    call_as(people["curator"], "satudata_approve", id=draft["id"])
    assert search_names(None, q=f"name:{draft['name']}") == [draft["name"]]
    solr.stop()

    result = call_as(people["curator"], "satudata_withdraw", id=draft["id"],
                     note="Data salah hitung.")

    assert result["satudata_status"] == "ditarik" and result["search_index_pending"]
    solr.start()
    catch_up.catch_up()
    assert search_names(None, q=f"name:{draft['name']}") == []


def test_a_curator_approving_in_the_browser_while_solr_is_down_is_told_in_indonesian(
        app, people, draft, tokens, solr):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    solr.stop()

    response = app.post(f"/dataset/{draft['name']}/tinjauan/approve",
                        headers=tokens["curator"], data={"expected_version": "1"},
                        follow_redirects=False)

    assert response.status_code == 302
    assert not any(raw in response.get_data(as_text=True) for raw in RAW_ERRORS)
    assert DatasetStatus.state_of(draft["id"]) == "terbit"
    # The dataset page itself asks Solr (its organisation's count): the
    # notice is read on it once Solr is back, before the catch-up ran.
    solr.start()
    page = app.get(f"/{draft['type']}/{draft['name']}",
                   headers=tokens["curator"]).get_data(as_text=True)
    assert "Dataset telah disetujui dan diterbitkan." in page
    assert "mesin pencari portal sedang tidak dapat dihubungi" in page
    assert not any(raw in page for raw in RAW_ERRORS)
    assert draft["name"] not in search_names(None, q=f"name:{draft['name']}")
    catch_up.catch_up()
    assert search_names(None, q=f"name:{draft['name']}") == [draft["name"]]


def test_the_api_answers_an_approval_while_solr_is_down_with_a_notice(
        app, people, draft, tokens, solr):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    solr.stop()

    response = app.post("/api/3/action/satudata_approve", headers=tokens["curator"],
                        json={"id": draft["name"]})

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert not any(raw in body for raw in RAW_ERRORS)
    result = json.loads(body)["result"]
    assert result["satudata_status"] == "terbit" and result["search_index_pending"] is True
    assert result["notice"].startswith("Keputusan telah tersimpan")


def _queued_titles():
    return [job.meta.get("title") or job.description for job in jobs.get_queue().get_jobs()]


@pytest.mark.ckan_config("ckanext.satudata.privacy.sync_max_bytes", 10)
@pytest.mark.usefixtures("clean_queues")
def test_an_upload_while_redis_is_down_is_kept_and_its_jobs_queued_when_it_is_back(
        people, dataset, upload, redis_service):
    redis_service.stop()

    resource = upload(dataset, "rw,jumlah\n1,5\n2,7\n")

    kept = call_as(people["pic"], "package_show", id=dataset["id"])["resources"]
    assert [r["id"] for r in kept] == [resource["id"]]
    scan = call_as(people["pic"], "satudata_privacy_scan_show", id=resource["id"])
    assert scan["status"] == "menunggu"
    assert catch_up.pending_count(_NO_WAIT) == 2  # the scan and the DataStore load
    still_down = catch_up.catch_up(settle=_NO_WAIT)
    assert still_down[catch_up.PRIVACY_SCAN] == {"done": 0, "left": 1}
    assert still_down["xloader"] == {"done": 0, "left": 1}

    redis_service.start()
    assert _queued_titles() == []
    done = catch_up.catch_up(settle=_NO_WAIT)

    assert done[catch_up.PRIVACY_SCAN] == {"done": 1, "left": 0}
    assert done["xloader"] == {"done": 1, "left": 0}
    titles = _queued_titles()
    assert f"Pemeriksaan data pribadi {resource['id']}" in titles
    assert any("xloader" in title and resource["id"] in title for title in titles)
    assert catch_up.pending_count(_NO_WAIT) == 0
    assert catch_up.catch_up(settle=_NO_WAIT)[catch_up.PRIVACY_SCAN] == {"done": 0, "left": 0}

