"""The publishing workflow in the browser: the review panel of the dataset
page, its forms, the state badges of dataset lists and the curators' queue."""
from __future__ import annotations

import re

import pytest

import ckan.model as model

from ckanext.satudata.model import DatasetStatus
from tests.helpers import call_as, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def page_url(dataset):
    return f"/{dataset['type']}/{dataset['name']}"


def action_url(dataset, action):
    return f"/dataset/{dataset['name']}/tinjauan/{action}"


def text(response):
    return response.get_data(as_text=True)


def test_pic_submits_a_draft_from_its_page(app, dataset, tokens):
    page = text(app.get(page_url(dataset), headers=tokens["pic"]))
    assert "Ajukan untuk ditinjau" in page
    assert action_url(dataset, "submit") in page
    assert 'name="expected_version" value="0"' in page
    assert "Setujui dan terbitkan" not in page

    response = app.post(action_url(dataset, "submit"), headers=tokens["pic"],
                        data={"expected_version": "0"}, follow_redirects=False)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(page_url(dataset))
    assert DatasetStatus.state_of(dataset["id"]) == "diajukan"
    page = text(app.get(page_url(dataset), headers=tokens["pic"]))
    assert "Dataset telah diajukan dan menunggu peninjauan kurator." in page
    assert "satudata-state-diajukan" in page
    assert "Ajukan untuk ditinjau" not in page


def test_a_planner_sees_neither_the_draft_nor_any_button(app, dataset, tokens, people, sysadmin):
    # CKAN's dataset page answers 404 for a dataset one may not read.
    app.get(page_url(dataset), headers=tokens["planner"], status=404)
    app.post(action_url(dataset, "submit"), headers=tokens["planner"], status=403)
    assert DatasetStatus.state_of(dataset["id"]) == "draf"

    call_as(people["pic"], "satudata_submit", id=dataset["id"])
    call_as(people["curator"], "satudata_approve", id=dataset["id"])
    page = text(app.get(page_url(dataset), headers=tokens["planner"]))
    assert "satudata-state-terbit" in page
    assert "satudata-review-action" not in page
    assert "Riwayat peninjauan" not in page


def test_the_curator_queue_lists_the_submission(app, dataset, tokens, people):
    call_as(people["pic"], "satudata_submit", id=dataset["id"])

    page = text(app.get("/tinjauan", headers=tokens["curator"]))

    assert "Antrean peninjauan" in page
    assert dataset["title"] in page
    assert "Kelurahan Balowerti" in page
    assert "Statistik sektoral" in page
    assert "0 hari" in page
    assert "table-responsive" in page


def test_the_queue_filters_by_kecamatan(app, dataset, tokens, people, kelurahan_balowerti):
    kecamatan, other = "Kota", "Mojoroto"
    organization = model.Group.get(kelurahan_balowerti["id"])
    organization.extras["kecamatan"] = kecamatan
    model.Session.commit()
    call_as(people["pic"], "satudata_submit", id=dataset["id"])

    page = text(app.get("/tinjauan", query_string={"kecamatan": kecamatan},
                        headers=tokens["curator"]))
    assert dataset["title"] in page
    # The select's values are codes; a name only one kecamatan has still works.
    assert '<option value="35.71.02" selected>Kota</option>' in page
    page = text(app.get("/tinjauan", query_string={"kecamatan": "35.71.02"},
                        headers=tokens["curator"]))
    assert dataset["title"] in page

    page = text(app.get("/tinjauan", query_string={"kecamatan": other},
                        headers=tokens["curator"]))
    assert dataset["title"] not in page
    assert "Tidak ada dataset yang menunggu peninjauan." in page

    # An unknown kecamatan: the whole queue, and why.
    page = text(app.get("/tinjauan", query_string={"kecamatan": "Gotham"},
                        headers=tokens["curator"]))
    assert dataset["title"] in page
    assert "Kecamatan tidak dikenal: Gotham" in page


def test_the_queue_is_empty_without_submissions(app, dataset, tokens):
    page = text(app.get("/tinjauan", headers=tokens["curator"]))
    assert "Tidak ada dataset yang menunggu peninjauan." in page
    assert dataset["title"] not in page


@pytest.mark.parametrize("who", ["pic", "planner", None])
def test_the_queue_is_for_curators_only(app, tokens, who):
    app.get("/tinjauan", headers=tokens[who] if who else {}, status=403)


def test_the_header_links_the_queue_for_curators_only(app, tokens):
    assert "/tinjauan" in text(app.get("/dataset/", headers=tokens["curator"]))
    assert "/tinjauan" not in text(app.get("/dataset/", headers=tokens["pic"]))


def test_curator_returns_with_a_note_and_the_pic_reads_it(app, dataset, tokens, people):
    call_as(people["pic"], "satudata_submit", id=dataset["id"])
    page = text(app.get(page_url(dataset), headers=tokens["curator"]))
    assert "Setujui dan terbitkan" in page
    assert "Kembalikan dengan catatan" in page
    assert 'name="expected_version" value="1"' in page

    app.post(action_url(dataset, "return"), headers=tokens["curator"],
             data={"note": "Satuan belum diisi dengan benar.", "expected_version": "1"})

    assert DatasetStatus.state_of(dataset["id"]) == "dikembalikan"
    page = text(app.get(page_url(dataset), headers=tokens["pic"]))
    assert "satudata-return-note" in page
    assert "Satuan belum diisi dengan benar." in page
    # The PIC may submit again.
    assert "Ajukan untuk ditinjau" in page


def test_returning_without_a_note_changes_nothing(app, dataset, tokens, people):
    call_as(people["pic"], "satudata_submit", id=dataset["id"])

    response = app.post(action_url(dataset, "return"), headers=tokens["curator"],
                        data={"note": "  ", "expected_version": "1"})

    assert "Catatan untuk PIC wajib diisi saat mengembalikan dataset." in text(response)
    assert DatasetStatus.state_of(dataset["id"]) == "diajukan"


def test_a_stale_form_reports_the_other_decision(app, dataset, tokens, people):
    call_as(people["pic"], "satudata_submit", id=dataset["id"])
    call_as(people["curator"], "satudata_approve", id=dataset["id"])

    response = app.post(action_url(dataset, "return"), headers=tokens["curator"],
                        data={"note": "Terlambat.", "expected_version": "1"})

    assert "Muat ulang halaman" in text(response)
    assert DatasetStatus.state_of(dataset["id"]) == "terbit"


def test_the_pic_cannot_approve(app, dataset, tokens, people):
    call_as(people["pic"], "satudata_submit", id=dataset["id"])
    app.post(action_url(dataset, "approve"), headers=tokens["pic"], status=403)
    assert DatasetStatus.state_of(dataset["id"]) == "diajukan"


def test_unknown_action_and_dataset_are_404(app, dataset, tokens):
    app.post(action_url(dataset, "publish"), headers=tokens["pic"], status=404)
    app.post("/dataset/tidak-ada/tinjauan/submit", headers=tokens["pic"], status=404)


def test_the_history_lists_the_events(app, dataset, tokens, people):
    call_as(people["pic"], "satudata_submit", id=dataset["id"])
    call_as(people["curator"], "satudata_return", id=dataset["id"], note="Lengkapi definisi.")
    call_as(people["pic"], "satudata_submit", id=dataset["id"])
    app.post(action_url(dataset, "approve"), headers=tokens["curator"],
             data={"expected_version": "3"})

    page = text(app.get(page_url(dataset), headers=tokens["pic"]))

    assert "Riwayat peninjauan" in page
    history = page.split('class="list-unstyled satudata-review-history"', 1)[1].split("</ol>")[0]
    # Newest first, with the date in Indonesian.
    assert re.findall(r"<strong>(.*?)</strong>", history) == [
        "Diterbitkan", "Diajukan", "Dikembalikan", "Diajukan"]
    assert "Lengkapi definisi." in history
    assert people["curator"]["fullname"] in history
    assert re.search(r"\d{1,2} \w+ \d{4}, \d{2}\.\d{2}", history)


def test_the_curator_withdraws_with_a_reason(app, dataset, tokens, people):
    call_as(people["pic"], "satudata_submit", id=dataset["id"])
    call_as(people["curator"], "satudata_approve", id=dataset["id"])
    page = text(app.get(page_url(dataset), headers=tokens["curator"]))
    assert "Tarik dari publikasi" in page
    assert "Alasan penarikan" in page

    response = app.post(action_url(dataset, "withdraw"), headers=tokens["curator"],
                        data={"note": "Data ganda.", "expected_version": "2"})

    assert "Dataset telah ditarik dari publikasi." in text(response)
    assert DatasetStatus.state_of(dataset["id"]) == "ditarik"


def test_search_lists_show_the_state_of_unpublished_datasets(app, dataset, tokens, people):
    other = call_as(people["pic"], "package_create", **statistik_sektoral(
        dataset["owner_org"], name="posyandu-terbit", title="Posyandu terbit"))
    call_as(people["pic"], "satudata_submit", id=other["id"])
    call_as(people["curator"], "satudata_approve", id=other["id"])

    page = text(app.get("/dataset/", headers=tokens["pic"]))

    assert page.count("satudata-state-draf") == 1
    assert "satudata-state-terbit" not in page
    assert "Posyandu terbit" in page
