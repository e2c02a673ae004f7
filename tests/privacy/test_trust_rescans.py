"""Background scans are recoverable (issue 13, finding 11): a scan of a
large file that was lost (Redis restarted, the worker died) does not block
its dataset for ever. After ``ckanext.satudata.scan_timeout_minutes`` it is
queued again by the next submission or by ``ckan satudata pindai-ulang``,
and the resource page says what is happening. Time is injected by setting
the scan's timestamps in the past."""
from __future__ import annotations

import datetime

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import privacy
from ckanext.satudata.privacy import guard as privacy_guard
from ckanext.satudata.cli import satudata as satudata_cli
from ckanext.satudata.model import PrivacyScan, utcnow
from tests.helpers import CLEAN, WITH_NIK, call_as

pytestmark = [
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "clean_queues"),
    # Every upload is "large": it goes to a background job.
    pytest.mark.ckan_config("ckanext.satudata.privacy.sync_max_bytes", 10),
]


def scan_jobs(resource):
    title = f"Pemeriksaan data pribadi {resource['id']}"
    return [job for job in tk.get_action("job_list")({"ignore_auth": True}, {})
            if job["title"] == title]


def age(resource, minutes, status=None):
    """The scan of `resource` has been in its state for `minutes`."""
    scan = PrivacyScan.get(resource["id"])
    scan.status_since = utcnow() - datetime.timedelta(minutes=minutes)
    if status:
        scan.status = status
    model.Session.commit()


def lose_jobs(reset_queues):
    """What a Redis restart does to the queued scans."""
    reset_queues()


def page(app, user, dataset, resource):
    token = call_as(user, "api_token_create", user=user["name"], name="web")["token"]
    return app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}",
                   headers={"Authorization": token}).get_data(as_text=True)


def test_a_waiting_scan_says_so_and_a_recent_one_is_not_queued_twice(
        app, people, dataset, upload):
    resource = upload(dataset, WITH_NIK)
    assert len(scan_jobs(resource)) == 1
    assert "Menunggu giliran diperiksa" in page(app, people["pic"], dataset, resource)
    age(resource, 29)
    with pytest.raises(tk.ValidationError, match="masih berjalan"):
        call_as(people["pic"], "satudata_submit", id=dataset["id"])
    assert len(scan_jobs(resource)) == 1


def test_a_lost_scan_is_queued_again_by_the_next_submission(
        app, people, dataset, upload, reset_queues):
    resource = upload(dataset, WITH_NIK)
    lose_jobs(reset_queues)
    age(resource, 31)
    shown = page(app, people["pic"], dataset, resource)
    assert "terhenti" in shown and "30 menit" in shown

    with pytest.raises(tk.ValidationError, match="diantrekan ulang"):
        call_as(people["pic"], "satudata_submit", id=dataset["id"])
    assert len(scan_jobs(resource)) == 1
    scan = call_as(people["pic"], "satudata_privacy_scan_show", id=resource["id"])
    assert (scan["status"], scan["stale"], scan["requeued"]) == ("menunggu", False, 1)
    assert "diantrekan ulang" in page(app, people["pic"], dataset, resource)

    privacy_guard.run_scan_job(resource["id"])  # the worker, back
    with pytest.raises(tk.ValidationError, match="kolom nik"):
        call_as(people["pic"], "satudata_submit", id=dataset["id"])


def test_a_scan_whose_worker_died_while_running_is_queued_again(
        app, people, dataset, upload, reset_queues):
    resource = upload(dataset, CLEAN)
    lose_jobs(reset_queues)
    age(resource, 120, status="berjalan")
    assert "terhenti" in page(app, people["curator"], dataset, resource)
    with pytest.raises(tk.ValidationError, match="diantrekan ulang"):
        call_as(people["pic"], "satudata_submit", id=dataset["id"])
    privacy_guard.run_scan_job(resource["id"])
    assert call_as(people["pic"], "satudata_submit", id=dataset["id"])["satudata_status"] == \
        "diajukan"


@pytest.mark.ckan_config("ckanext.satudata.scan_timeout_minutes", 5)
def test_the_time_before_a_scan_counts_as_lost_is_configurable(people, dataset, upload):
    resource = upload(dataset, CLEAN)
    age(resource, 6)
    with pytest.raises(tk.ValidationError, match="diantrekan ulang"):
        call_as(people["pic"], "satudata_submit", id=dataset["id"])


def test_a_scan_that_breaks_fails_instead_of_running_for_ever(
        people, dataset, upload, monkeypatch):
    resource = upload(dataset, CLEAN)

    def broken(*args, **kwargs):
        raise RuntimeError("disk hilang")
    monkeypatch.setattr(privacy, "scan_file", broken)
    privacy_guard.run_scan_job(resource["id"])
    scan = call_as(people["pic"], "satudata_privacy_scan_show", id=resource["id"])
    assert scan["status"] == "gagal" and "kesalahan sistem" in scan["error"]
    assert "disk hilang" not in scan["error"]


@pytest.fixture
def rescan(cli, app):
    """`rescan(*args)` runs `ckan satudata pindai-ulang *args`."""
    def run(*args):
        with app.flask_app.test_request_context():
            return cli.invoke(satudata_cli, ["pindai-ulang", *args])
    return run


def test_the_command_queues_every_lost_scan_again(people, dataset, upload, rescan,
                                                   reset_queues):
    lost = upload(dataset, WITH_NIK, "lama.csv")
    recent = upload(dataset, CLEAN, "baru.csv")
    lose_jobs(reset_queues)
    age(lost, 45)

    result = rescan()
    assert result.exit_code == 0, result.output
    assert "lama.csv" in result.output and "1 pemeriksaan" in result.output
    assert len(scan_jobs(lost)) == 1 and scan_jobs(recent) == []
    assert PrivacyScan.get(lost["id"]).status == "menunggu"


def test_the_command_rescans_one_resource_now(people, dataset, upload, rescan):
    resource = upload(dataset, WITH_NIK)
    result = rescan("--sumber", resource["id"], "--langsung")
    assert result.exit_code == 0, result.output
    scan = call_as(people["pic"], "satudata_privacy_scan_show", id=resource["id"])
    assert scan["status"] == "selesai"
    assert "nik" in [finding["column"] for finding in scan["findings"]]

    assert rescan("--sumber", "tidak-ada").exit_code != 0
