"""The personal-data guard in the portal: uploads are scanned, a dataset
with NIK/KK, health data or names with addresses cannot be submitted (the
message names resource, column and rows, never a value), a curator may
override with a reason, small cells are a warning only."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk

from ckanext.satudata.privacy import guard as privacy_guard
from tests.helpers import CLEAN, NIKS, WITH_NIK, call_as

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

SMALL_CELLS = "rw,jumlah_balita_gizi_buruk\n1,2\n2,0\n3,17\n"


def test_an_upload_with_nik_is_found_and_shown_without_values(people, dataset, upload):
    resource = upload(dataset, WITH_NIK, "kk-rw.csv")
    scan = call_as(people["pic"], "satudata_privacy_scan_show", id=resource["id"])
    assert scan["status"] == "selesai"
    found = [(f["kind"], f["column"], f["rows"]) for f in scan["findings"]]
    # The NIK column, and the name of the head of household beside the RW.
    assert sorted(found) == [("name_address", "nama_kepala_keluarga", 5), ("nik", "nik", 5)]
    message = [f["message"] for f in scan["findings"] if f["kind"] == "nik"][0]
    assert "kk-rw.csv" in message and "nik" in message
    assert not any(value in message for value in NIKS)


def test_submitting_personal_data_is_refused_naming_column_not_value(people, dataset, upload):
    upload(dataset, WITH_NIK, "kk-rw.csv")
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["pic"], "satudata_submit", id=dataset["id"])
    messages = " ".join(refused.value.error_dict["data_pribadi"])
    assert "kk-rw.csv" in messages and "kolom nik" in messages and "5" in messages
    assert not any(value in messages for value in NIKS)
    assert call_as(people["pic"], "package_show", id=dataset["id"])["satudata_status"] == "draf"


def test_a_clean_table_is_submitted(people, dataset, upload):
    upload(dataset, CLEAN)
    assert call_as(people["pic"], "satudata_submit", id=dataset["id"])["satudata_status"] == \
        "diajukan"


def test_small_cells_warn_the_curator_without_blocking(people, dataset, upload):
    resource = upload(dataset, SMALL_CELLS)
    scan = call_as(people["curator"], "satudata_privacy_scan_show", id=resource["id"])
    assert scan["findings"] == []
    assert [w["kind"] for w in scan["warnings"]] == ["small_cells"]
    assert call_as(people["pic"], "satudata_submit", id=dataset["id"])


def test_a_curator_override_with_a_reason_lets_it_through_and_is_in_the_history(
        people, dataset, upload):
    resource = upload(dataset, WITH_NIK, "kk-rw.csv")
    with pytest.raises(tk.NotAuthorized):
        call_as(people["pic"], "satudata_privacy_override", id=resource["id"],
                reason="Saya yakin.")
    with pytest.raises(tk.ValidationError):
        call_as(people["curator"], "satudata_privacy_override", id=resource["id"], reason=" ")
    call_as(people["curator"], "satudata_privacy_override", id=resource["id"],
            reason="Kolom berisi nomor register posyandu, bukan NIK.")
    assert call_as(people["pic"], "satudata_submit", id=dataset["id"])
    history = call_as(people["curator"], "satudata_review_history", id=dataset["id"])
    assert [e["action"] for e in history] == ["privacy_override", "submit"]
    assert "bukan NIK" in history[0]["note"]


@pytest.mark.parametrize("who", ["anonymous", "planner", "other_pic"])
def test_findings_are_for_the_kelurahan_and_curators_only(people, dataset, upload, who):
    resource = upload(dataset, WITH_NIK)
    with pytest.raises(tk.NotAuthorized):
        call_as(people[who], "satudata_privacy_scan_show", id=resource["id"])


def test_a_published_dataset_cannot_take_personal_data_in_an_edit(people, dataset, upload):
    upload(dataset, CLEAN)
    call_as(people["pic"], "satudata_submit", id=dataset["id"])
    call_as(people["curator"], "satudata_approve", id=dataset["id"])
    upload(dataset, WITH_NIK, "februari.csv")
    with pytest.raises(tk.ValidationError, match="data pribadi"):
        call_as(people["pic"], "satudata_submit", id=dataset["id"])


@pytest.mark.ckan_config("ckanext.satudata.privacy.sync_max_bytes", 10)
@pytest.mark.usefixtures("clean_queues")  # job_list shows a limited number of jobs
def test_a_large_file_is_scanned_by_a_background_job(people, dataset, upload):
    resource = upload(dataset, WITH_NIK)
    scan = call_as(people["pic"], "satudata_privacy_scan_show", id=resource["id"])
    assert scan["status"] == "menunggu"
    jobs = tk.get_action("job_list")(
        {"ignore_auth": True}, {})
    assert any(job["title"] == f"Pemeriksaan data pribadi {resource['id']}" for job in jobs)
    with pytest.raises(tk.ValidationError, match="masih berjalan"):
        call_as(people["pic"], "satudata_submit", id=dataset["id"])

    privacy_guard.run_scan_job(resource["id"])  # what the worker runs

    scan = call_as(people["pic"], "satudata_privacy_scan_show", id=resource["id"])
    assert scan["status"] == "selesai"
    assert "nik" in [finding["column"] for finding in scan["findings"]]


def _page(app, user, url):
    token = call_as(user, "api_token_create", user=user["name"], name="web")["token"]
    return app.get(url, headers={"Authorization": token})


def test_the_resource_page_shows_the_findings_and_the_curator_overrides_there(
        app, people, dataset, upload):
    resource = upload(dataset, WITH_NIK, "kk-rw.csv")
    url = f"/dataset/{dataset['name']}/resource/{resource['id']}"
    page = _page(app, people["pic"], url).get_data(as_text=True)
    assert "Pemeriksaan data pribadi" in page and "kolom nik" in page
    assert not any(value in page for value in NIKS)
    assert "Kesampingkan temuan" not in page
    assert "Kesampingkan temuan" in _page(app, people["curator"], url).get_data(as_text=True)

    token = call_as(people["curator"], "api_token_create", user=people["curator"]["name"],
                    name="form")["token"]
    response = app.post(f"/dataset/{dataset['name']}/resource/{resource['id']}/data-pribadi",
                        data={"reason": "Nomor register posyandu."},
                        headers={"Authorization": token})
    assert response.status_code == 200
    assert "Temuan dikesampingkan oleh" in _page(app, people["pic"], url).get_data(as_text=True)


def test_the_dataset_page_tells_the_curator_about_findings_and_small_cells(
        app, people, dataset, upload):
    upload(dataset, WITH_NIK, "kk-rw.csv")
    upload(dataset, SMALL_CELLS, "gizi.csv")
    page = _page(app, people["curator"], f"/dataset/{dataset['name']}").get_data(as_text=True)
    assert "temuan data pribadi" in page and "peringatan sel kecil" in page


def test_an_unreadable_file_blocks_submission_with_a_clear_message(
        people, dataset, create_with_upload):
    # A broken archive (what a truncated upload of a workbook looks like).
    resource = create_with_upload(b"PK\x03\x04 bukan berkas excel", "data.xlsx",
                                  package_id=dataset["id"],
                                  name="data.xlsx", format="XLSX",
                                  context={"user": people["pic"]["name"]})
    scan = call_as(people["pic"], "satudata_privacy_scan_show", id=resource["id"])
    assert scan["status"] == "gagal" and scan["error"]
    with pytest.raises(tk.ValidationError, match="tidak dapat diperiksa"):
        call_as(people["pic"], "satudata_submit", id=dataset["id"])
