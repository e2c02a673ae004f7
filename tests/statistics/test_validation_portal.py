"""The validation report of every uploaded table, as the PIC, the curator and
a visitor meet it: through the API, the submission and the pages."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk

from tests.helpers import call_as

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

HEADER = "kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan\n"
#: Two bad rows (a value that is no number, an unknown code) and a duplicate.
BAD = HEADER + ("35.71.02.1002,Balowerti,2025,Posyandu aktif,7,unit\n"
                "35.71.02.1002,Balowerti,2024,Posyandu aktif,tujuh,unit\n"
                "35.71.99.9999,Balowerti,2025,Posyandu aktif,3,unit\n"
                "35.71.02.1002,Balowerti,2025,Posyandu aktif,8,unit\n")
FIXED = HEADER + ("35.71.02.1002,Balowerti,2025,Posyandu aktif,7,unit\n"
                  "35.71.02.1002,Balowerti,2024,Posyandu aktif,6,unit\n")
#: From 6 to 12: a jump of 100% (a warning), and a percentage over 100 (a question).
JUMP = HEADER + ("35.71.02.1002,Balowerti,2024,Posyandu aktif,6,unit\n"
                 "35.71.02.1002,Balowerti,2025,Posyandu aktif,12,unit\n"
                 "35.71.02.1002,Balowerti,2025,Cakupan,104,persen\n")


def _page(app, user, url):
    headers = {}
    if user is not None:
        headers["Authorization"] = call_as(user, "api_token_create", user=user["name"],
                                           name="web")["token"]
    return app.get(url, headers=headers).get_data(as_text=True)


def test_two_bad_rows_and_a_duplicate_are_reported_by_row_and_column(people, dataset, upload):
    resource = upload(dataset, BAD, "posyandu.csv")

    report = call_as(people["pic"], "satudata_validation_show", id=resource["id"])
    assert report["counts"] == {"error": 3, "warning": 0, "question": 0}
    assert [(p["row"], p["column"]) for p in report["errors"]] == [
        (3, "nilai"), (4, "kode_wilayah"), (5, None)]
    assert report["errors"][0]["value"] == "tujuh"
    assert "35.71.99.9999" in report["errors"][1]["message"]
    assert report["errors"][2]["message"] == "Baris ini mengulang wilayah dan periode baris 2."

    whole = call_as(people["curator"], "satudata_validation_show", id=dataset["name"])
    assert whole["counts"]["error"] == 3
    assert [r["resource_id"] for r in whole["resources"]] == [resource["id"]]


def test_a_statistic_with_errors_cannot_be_submitted_until_a_fixed_file_is_uploaded(
        people, dataset, upload, create_with_upload):
    resource = upload(dataset, BAD, "posyandu.csv")
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["pic"], "satudata_submit", id=dataset["id"])
    messages = refused.value.error_dict["validasi"]
    assert "3 kesalahan" in messages[0] and "posyandu.csv: 3 kesalahan." in messages

    create_with_upload(FIXED, "posyandu.csv", action="resource_update", id=resource["id"],
                       package_id=dataset["id"], context={"user": people["pic"]["name"]})
    report = call_as(people["pic"], "satudata_validation_show", id=resource["id"])
    assert report["counts"]["error"] == 0 and report["rows"] == 2
    result = call_as(people["pic"], "satudata_submit", id=dataset["id"])
    assert result["satudata_status"] == "diajukan"


def test_warnings_and_questions_do_not_block(people, dataset, upload):
    resource = upload(dataset, JUMP, "posyandu.csv")
    report = call_as(people["pic"], "satudata_validation_show", id=resource["id"])
    assert report["counts"] == {"error": 0, "warning": 1, "question": 1}
    assert "+100 persen" in report["warnings"][0]["message"]
    assert call_as(people["pic"], "satudata_submit", id=dataset["id"])[
        "satudata_status"] == "diajukan"


def test_the_pic_sees_the_report_on_the_resource_and_dataset_pages(app, people, dataset, upload):
    resource = upload(dataset, BAD, "posyandu.csv")
    for url in (f"/dataset/{dataset['name']}/resource/{resource['id']}",
                f"/dataset/{dataset['name']}"):
        page = _page(app, people["pic"], url)
        assert "Pemeriksaan tabel" in page
        assert "Baris 3, kolom nilai" in page and "tujuh" in page
        assert "Baris 4, kolom kode_wilayah" in page
        assert "mengulang wilayah dan periode baris 2" in page


def test_only_the_kelurahan_and_the_curators_read_a_drafts_report(app, people, dataset, upload):
    resource = upload(dataset, BAD, "posyandu.csv")
    for who in ("anonymous", "other_pic", "planner"):
        for reference in (resource["id"], dataset["id"]):
            with pytest.raises(tk.NotAuthorized):
                call_as(people[who], "satudata_validation_show", id=reference)
    response = app.get(f"/api/3/action/satudata_validation_show?id={resource['id']}")
    assert response.status_code == 403 and "tujuh" not in response.get_data(as_text=True)
    assert call_as(people["curator"], "satudata_validation_show", id=resource["id"])[
        "counts"]["error"] == 3


def test_the_curator_sees_the_report_in_the_review_panel(app, people, dataset, upload):
    upload(dataset, JUMP, "posyandu.csv")
    call_as(people["pic"], "satudata_submit", id=dataset["id"])
    page = _page(app, people["curator"], f"/dataset/{dataset['name']}")
    panel = page.split("satudata-review-panel", 1)[1]
    assert "Peringatan untuk kurator" in panel and "berubah +100 persen" in panel
    assert "Perlu dicek" in panel and "104 persen lebih dari 100" in panel


def test_a_file_that_is_not_a_template_table_is_a_question(people, dataset, upload):
    resource = upload(dataset, "rw,jumlah\n1,5\n", "rw.csv")
    report = call_as(people["pic"], "satudata_validation_show", id=resource["id"])
    assert [p["code"] for p in report["questions"]] == ["not_template"]
    assert call_as(people["pic"], "satudata_submit", id=dataset["id"])[
        "satudata_status"] == "diajukan"


def test_rows_are_numbered_as_in_the_spreadsheet_and_numbers_read_as_published(
        people, dataset, upload):
    # A title line above the header; `;`-separated, 12.345 is twelve thousand.
    text = ("Jumlah penduduk Kelurahan Balowerti\n"
            "kode_wilayah;nama_wilayah;periode;nilai;satuan\n"
            "35.71.02.1002;Balowerti;2023;-5;jiwa\n"
            "35.71.02.1002;Balowerti;2024;12.345;jiwa\n"
            "35.71.02.1002;Balowerti;2025;12400;jiwa\n")
    resource = upload(dataset, text, "penduduk.csv")
    report = call_as(people["pic"], "satudata_validation_show", id=resource["id"])
    assert [(p["row"], p["column"], p["code"]) for p in report["errors"]] == [
        (3, "nilai", "negative_count")]
    assert report["warnings"] == []  # 12345 -> 12400 is no jump
