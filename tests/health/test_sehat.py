"""`/sehat` and `satudata_health` against the real services of the tests
(PostgreSQL, DataStore, Solr, Redis): 200 with every component ok when all
is well, 503 naming what is wrong in Indonesian, never an address.

The RQ worker does not run during the tests: the tests register one in
Redis through rq's own API (as `ckan jobs worker` does at start) and set
its heartbeat, or register none, and move the clock of the worker check
instead of waiting."""
from __future__ import annotations

import datetime
import json
import uuid

import pytest
import rq

from ckan.lib import jobs
from ckan.lib.redis import connect_to_redis

from ckanext.satudata.health import glue
from tests.helpers import call_as, free_port

pytestmark = pytest.mark.usefixtures("with_plugins")

COMPONENTS = {"postgresql", "datastore", "solr", "redis", "worker", "tugas_gagal", "tertunda",
              "disk"}


def _empty_portal_queues():
    connection = connect_to_redis()
    for queue in jobs.get_all_queues() + [jobs.get_queue()]:
        queue.empty()
        for job_id in queue.failed_job_registry.get_job_ids():
            queue.failed_job_registry.remove(job_id, delete_job=True)
    for worker in rq.Worker.all(connection=connection):
        if jobs.add_queue_name_prefix("default") in worker.queue_names():
            worker.register_death()


@pytest.fixture
def rq_clean():
    _empty_portal_queues()
    yield
    _empty_portal_queues()


@pytest.fixture
def live_worker(rq_clean):
    """A worker of the portal's default queue, registered with a fresh heartbeat."""
    worker = rq.Worker([jobs.get_queue()], connection=connect_to_redis(),
                       name=f"uji-sehat-{uuid.uuid4().hex}")
    worker.register_birth()
    worker.heartbeat()
    yield worker
    worker.register_death()


@pytest.fixture
def clock(monkeypatch):
    """Moves the worker check's clock: `clock(seconds)` ahead of now."""
    def set_ahead(seconds: float) -> None:
        def later() -> datetime.datetime:
            return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(
                seconds=seconds)
        monkeypatch.setattr(glue, "checks_factory", lambda: glue.default_checks(now=later))
    return set_ahead


def _get(app, url="/sehat"):
    response = app.get(url)
    return response, json.loads(response.get_data(as_text=True))


@pytest.mark.ckan_config("ckanext.satudata.health.min_free_disk_mb", "1")
def test_all_well_answers_200_with_every_component_ok(app, live_worker):
    response, body = _get(app)
    assert response.status_code == 200, body
    assert "no-store" in response.headers["Cache-Control"]
    assert body["status"] == "ok" and body["bermasalah"] == []
    assert set(body["komponen"]) == COMPONENTS
    assert all(entry["status"] == "ok" for entry in body["komponen"].values()), body
    assert body["komponen"]["worker"]["worker_aktif"] == 1
    assert body["komponen"]["worker"]["antrean"] == 0
    assert body["komponen"]["disk"]["bebas_mb"] > 1


@pytest.mark.ckan_config("ckanext.satudata.health.min_free_disk_mb", "1")
def test_anyone_calls_the_action_and_gets_the_same_report(live_worker):
    report = call_as(None, "satudata_health")
    assert report["status"] == "ok"
    assert set(report["komponen"]) == COMPONENTS


@pytest.mark.ckan_config("ckanext.satudata.health.min_free_disk_mb", "1")
def test_no_worker_and_nothing_waiting_is_a_warning_not_an_outage(app, rq_clean):
    response, body = _get(app)
    assert response.status_code == 200
    assert body["status"] == "peringatan" and body["bermasalah"] == ["worker"]
    assert body["komponen"]["worker"]["alasan"] == "tidak ada worker yang aktif"
    assert body["komponen"]["worker"]["worker_aktif"] == 0


@pytest.mark.ckan_config("ckanext.satudata.health.min_free_disk_mb", "1")
def test_jobs_waiting_without_a_worker_answer_503(app, rq_clean):
    jobs.enqueue(jobs.test_job, ["menunggu"])
    response, body = _get(app)
    assert response.status_code == 503
    assert body["bermasalah"] == ["worker"]
    assert body["komponen"]["worker"]["alasan"] == \
        "tidak ada worker yang aktif, sementara ada tugas menunggu"
    assert body["komponen"]["worker"]["antrean"] == 1


@pytest.mark.ckan_config("ckanext.satudata.health.min_free_disk_mb", "1")
def test_a_silent_worker_and_an_old_job_answer_503(app, live_worker, clock):
    jobs.enqueue(jobs.test_job, ["menunggu"])
    clock(60)
    assert _get(app)[0].status_code == 200
    clock(1000)   # past both worker_max_silence (600) and queue_max_wait (900)
    response, body = _get(app)
    assert response.status_code == 503
    assert body["komponen"]["worker"]["alasan"] == "worker tidak memberi tanda hidup"
    assert body["komponen"]["worker"]["detak_terakhir_detik"] >= 1000


@pytest.mark.ckan_config("ckanext.satudata.health.min_free_disk_mb", "1")
def test_failed_jobs_are_counted_as_a_warning(app, live_worker):
    job = jobs.enqueue(jobs.test_job, ["gagal"])
    jobs.get_queue().remove(job)
    jobs.get_queue().failed_job_registry.add(job, ttl=600, exc_string="uji")
    response, body = _get(app)
    assert response.status_code == 200
    assert body["bermasalah"] == ["tugas_gagal"]
    assert body["komponen"]["tugas_gagal"] == {
        "status": "peringatan", "alasan": "ada tugas yang gagal", "jumlah": 1}


@pytest.mark.ckan_config("ckanext.satudata.health.min_free_disk_mb", "1")
def test_solr_unreachable_answers_503_naming_solr_without_its_address(app, live_worker,
                                                                      ckan_config,
                                                                      monkeypatch):
    closed = free_port()
    monkeypatch.setitem(ckan_config, "solr_url", f"http://127.0.0.1:{closed}/solr/ckan_test")
    response, body = _get(app)
    assert response.status_code == 503
    assert body["status"] == "gagal" and body["bermasalah"] == ["solr"]
    assert body["komponen"]["solr"] == {"status": "gagal", "alasan": "tidak dapat dihubungi"}
    text = response.get_data(as_text=True)
    for secret in ("http", "127.0.0.1", str(closed), "localhost", "satudata_"):
        assert secret not in text


@pytest.mark.ckan_config("ckanext.satudata.health.min_free_disk_mb", "100000000")
def test_a_full_disk_answers_503(app, live_worker):
    response, body = _get(app)
    assert response.status_code == 503
    assert body["bermasalah"] == ["disk"]
    assert body["komponen"]["disk"]["alasan"] == "ruang disk penyimpanan hampir habis"


def _strings(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_the_report_holds_only_levels_names_reasons_and_numbers(app, rq_clean, ckan_config,
                                                                monkeypatch):
    """What anyone may read: whatever fails, the only words are the fixed
    levels, component and figure names and the reasons of checks.py."""
    from ckanext.satudata.health import checks
    monkeypatch.setitem(ckan_config, "solr_url", f"http://127.0.0.1:{free_port()}/solr/x")
    monkeypatch.setitem(ckan_config, "ckan.redis.url", f"redis://127.0.0.1:{free_port()}/0")
    jobs.enqueue(jobs.test_job, ["menunggu"])
    _, body = _get(app)
    reasons = {value for value in vars(checks).values() if isinstance(value, str)}
    allowed = reasons | COMPONENTS | {"status", "bermasalah", "komponen", "alasan", "jumlah",
                                      "worker_aktif", "detak_terakhir_detik", "antrean",
                                      "tugas_tertua_detik", "bebas_mb", "bebas_persen"}
    assert set(_strings(body)) <= allowed
    assert {"solr", "redis", "worker", "tugas_gagal"} <= set(body["bermasalah"])


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers (a hung service)."""
    import socket
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@pytest.mark.ckan_config("ckanext.satudata.health.min_free_disk_mb", "1")
@pytest.mark.ckan_config("ckanext.satudata.health.timeout", "0.5")
def test_a_hung_solr_is_reported_as_not_answering_in_time(app, live_worker, ckan_config,
                                                          monkeypatch, silent_port):
    monkeypatch.setitem(ckan_config, "solr_url", f"http://127.0.0.1:{silent_port}/solr/x")
    response, body = _get(app)
    assert response.status_code == 503
    assert body["bermasalah"] == ["solr"]
    assert body["komponen"]["solr"] == {"status": "gagal",
                                        "alasan": "tidak menjawab tepat waktu"}
