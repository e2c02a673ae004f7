"""A PIC uploads a table; xloader loads it into the DataStore for real: the
job runs in a `ckan jobs worker`, downloads the file from the live portal and
reports back to it."""
import pytest
import requests

import ckan.tests.helpers as helpers

from tests.e2e.samples import CSV
from tests.helpers import call_as, statistik_sektoral



@pytest.fixture
def dataset(portal, kelurahan_balowerti, sysadmin):
    return call_as(sysadmin, "package_create",
                   **statistik_sektoral(kelurahan_balowerti["id"]))


def upload(create_with_upload, sysadmin, dataset, content, filename, **extra):
    return create_with_upload(content, filename, package_id=dataset["id"],
                              context={"user": sysadmin["name"]}, **extra)


def test_uploaded_csv_is_loaded_into_the_datastore_with_a_table_view(
        portal, run_jobs, dataset, sysadmin, create_with_upload):
    resource = upload(create_with_upload, sysadmin, dataset, CSV,
                      "posyandu.csv", name="Posyandu per kelurahan")
    assert resource["format"] == "CSV"
    assert resource["url"].startswith(portal.url + "/")
    assert helpers.call_action("xloader_status", resource_id=resource["id"])[
        "status"] == "pending"

    output = run_jobs()

    status = helpers.call_action("xloader_status", resource_id=resource["id"])
    assert status["status"] == "complete", (status, output)
    result = helpers.call_action("datastore_search", resource_id=resource["id"],
                                 sort="_id")
    assert result["total"] == 3
    assert [f["id"] for f in result["fields"]] == [
        "_id", "kelurahan", "tahun", "jumlah_posyandu"]
    assert [(r["kelurahan"], str(r["tahun"]), str(r["jumlah_posyandu"]))
            for r in result["records"]] == [
        ("Balowerti", "2025", "7"), ("Kemasan", "2025", "5"), ("Pocanan", "2025", "4")]
    shown = helpers.call_action("resource_show", id=resource["id"])
    assert shown["datastore_active"] is True
    views = helpers.call_action("resource_view_list", id=resource["id"])
    assert "datatables_view" in [v["view_type"] for v in views]


def load_and_get_status(run_jobs, resource, portal, expected):
    """Run the load; the PIC's view of the status (through the API of the
    live portal, Indonesian by default) tells the error in Indonesian."""
    output = run_jobs()
    response = requests.get(
        portal(f"/api/3/action/xloader_status?resource_id={resource['id']}"),
        headers={"Authorization": portal.token}, timeout=30)
    assert response.status_code == 200, response.text
    status = response.json()["result"]
    assert status["status"] == "error", (status, output)
    # xloader's job writes English; the status carries it as original_message.
    assert status["error"]["original_message"].strip()
    assert status["error"]["message"].startswith(expected), status["error"]
    return status


def test_binary_file_uploaded_as_csv_ends_with_an_xloader_error(
        portal, run_jobs, dataset, sysadmin, create_with_upload):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    resource = upload(create_with_upload, sysadmin, dataset, png, "grafik.csv",
                      format="CSV")

    load_and_get_status(run_jobs, resource, portal,
                        "Berkas tidak dapat dibaca sebagai tabel.")

    shown = helpers.call_action("resource_show", id=resource["id"])
    assert not shown.get("datastore_active")


def test_empty_csv_ends_with_an_xloader_error(
        portal, run_jobs, dataset, sysadmin, create_with_upload):
    resource = upload(create_with_upload, sysadmin, dataset, b"", "kosong.csv",
                      format="CSV")

    load_and_get_status(run_jobs, resource, portal, "Tabel tidak dapat dimuat ke DataStore.")
    # Not asserted: xloader 2.6.0 leaves datastore_active True here (an empty
    # DataStore table), with the error "[Errno 2] No such file or directory:
    # '/tmp/output_<uuid>.csv'" -- see the e2e report.
