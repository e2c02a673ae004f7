"""The health report's core: every check bounded by one deadline, errors
reported with fixed reasons (never an exception's text), levels judged
from figures (plain Python, no CKAN)."""
from __future__ import annotations

import threading

import pytest

from ckanext.satudata.health import checks


def test_all_checks_answer_ok():
    report = checks.run_checks({"a": lambda: {"n": 1}, "b": lambda: None}, timeout=5)
    assert report.level == checks.OK and report.healthy
    assert report.as_dict() == {"status": "ok", "bermasalah": [],
                                "komponen": {"a": {"status": "ok", "n": 1},
                                             "b": {"status": "ok"}}}


def test_an_exception_is_an_error_with_a_fixed_reason_and_is_logged():
    logged = []

    def broken():
        raise ConnectionError("http://admin:rahasia@solr.internal:8983/solr/ckan refused")

    report = checks.run_checks({"solr": broken, "redis": lambda: {}}, timeout=5,
                               on_exception=lambda name, error: logged.append((name, str(error))))
    answer = report.as_dict()
    assert answer["status"] == "gagal" and not report.healthy
    assert answer["bermasalah"] == ["solr"]
    assert answer["komponen"]["solr"] == {"status": "gagal", "alasan": "tidak dapat dihubungi"}
    assert "rahasia" not in repr(answer) and "internal" not in repr(answer)
    assert logged == [("solr", "http://admin:rahasia@solr.internal:8983/solr/ckan refused")]


def test_a_hanging_check_is_reported_without_waiting_for_it():
    released = threading.Event()
    try:
        report = checks.run_checks({"postgresql": released.wait, "redis": lambda: {}},
                                   timeout=0.05)
        assert report.as_dict()["komponen"]["postgresql"] == {
            "status": "gagal", "alasan": "tidak menjawab tepat waktu"}
        assert report.as_dict()["komponen"]["redis"] == {"status": "ok"}
    finally:
        released.set()


def test_the_reasons_are_translated_where_shown():
    report = checks.run_checks({"solr": lambda: 1 / 0}, timeout=5)
    assert report.as_dict(translate=str.upper)["komponen"]["solr"]["alasan"] == \
        "TIDAK DAPAT DIHUBUNGI"


def test_a_warning_keeps_the_report_healthy_but_named():
    def worker():
        raise checks.Problem(checks.NO_WORKER, checks.WARNING, {"worker_aktif": 0})
    report = checks.run_checks({"worker": worker, "solr": lambda: {}}, timeout=5)
    assert report.healthy and report.level == "peringatan"
    assert report.as_dict()["bermasalah"] == ["worker"]
    assert report.as_dict()["komponen"]["worker"]["worker_aktif"] == 0


@pytest.mark.parametrize("ages, queued, oldest, level, reason", [
    ([5.0], 0, None, checks.OK, ""),
    ([5.0, 700.0], 3, 30.0, checks.OK, ""),
    ([], 0, None, checks.WARNING, checks.NO_WORKER),
    ([], 2, 10.0, checks.ERROR, checks.NO_WORKER_JOBS_WAITING),
    ([601.0], 0, None, checks.ERROR, checks.WORKER_SILENT),
    ([5.0], 1, 901.0, checks.ERROR, checks.JOB_WAITING_TOO_LONG),
])
def test_the_worker_is_judged_by_its_heartbeat_and_the_queue(ages, queued, oldest, level, reason):
    report = checks.run_checks(
        {"worker": lambda: checks.judge_worker(ages, queued, oldest, max_silence=600,
                                               max_wait=900)}, timeout=5)
    [result] = report.results
    assert (result.level, result.reason) == (level, reason)
    assert result.figures["antrean"] == queued
    assert result.figures["worker_aktif"] == len(ages)


def test_failed_jobs_and_disk_space():
    assert checks.judge_failed_jobs(0) == {"jumlah": 0}
    with pytest.raises(checks.Problem) as failed:
        checks.judge_failed_jobs(2)
    assert failed.value.level == checks.WARNING and failed.value.figures == {"jumlah": 2}
    mb = 1024 * 1024
    assert checks.judge_disk(2048 * mb, 4096 * mb, 1024) == {"bebas_mb": 2048,
                                                            "bebas_persen": 50.0}
    with pytest.raises(checks.Problem) as low:
        checks.judge_disk(100 * mb, 4096 * mb, 1024)
    assert low.value.level == checks.ERROR and low.value.reason == checks.DISK_LOW
