"""The publishing workflow in the browser: the review panel of the dataset
page, its forms, the state badges of dataset lists and the curators' queue."""
from __future__ import annotations

import re

import pytest

import ckan.model as model
import ckan.tests.factories as factories

from ckanext.satudata.model import DatasetStatus
from tests.conftest import call_as, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def people(sysadmin, kelurahan_balowerti):
    """A PIC of Balowerti, a curator (Diskominfo) and a planner."""
    diskominfo = factories.Organization(name="diskominfo", jenis_organisasi="kurator")
    pic, curator, planner = (factories.User() for _ in range(3))
    for user, org in ((pic, kelurahan_balowerti), (curator, diskominfo)):
        call_as(sysadmin, "organization_member_create", id=org["id"],
                username=user["name"], role="editor")
    return {"pic": pic, "curator": curator, "planner": planner}


@pytest.fixture
def headers(people):
    """Request headers that log each person in with an API token."""
    return {who: {"Authorization": call_as(user, "api_token_create",
                                           user=user["name"], name="t")["token"]}
            for who, user in people.items()}


@pytest.fixture
def draft(people, kelurahan_balowerti):
    return call_as(people["pic"], "package_create",
                   **statistik_sektoral(kelurahan_balowerti["id"]))


def page_url(dataset):
    return f"/{dataset['type']}/{dataset['name']}"


def action_url(dataset, action):
    return f"/dataset/{dataset['name']}/tinjauan/{action}"


def text(response):
    return response.get_data(as_text=True)


def test_pic_submits_a_draft_from_its_page(app, draft, headers):
    page = text(app.get(page_url(draft), headers=headers["pic"]))
    assert "Ajukan untuk ditinjau" in page
    assert action_url(draft, "submit") in page
    assert 'name="expected_version" value="0"' in page
    assert "Setujui dan terbitkan" not in page

    response = app.post(action_url(draft, "submit"), headers=headers["pic"],
                        data={"expected_version": "0"}, follow_redirects=False)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(page_url(draft))
    assert DatasetStatus.state_of(draft["id"]) == "diajukan"
    page = text(app.get(page_url(draft), headers=headers["pic"]))
    assert "Dataset telah diajukan dan menunggu peninjauan kurator." in page
    assert "satudata-state-diajukan" in page
    assert "Ajukan untuk ditinjau" not in page


def test_a_planner_sees_neither_the_draft_nor_any_button(app, draft, headers, people, sysadmin):
    # CKAN's dataset page answers 404 for a dataset one may not read.
    app.get(page_url(draft), headers=headers["planner"], status=404)
    app.post(action_url(draft, "submit"), headers=headers["planner"], status=403)
    assert DatasetStatus.state_of(draft["id"]) == "draf"

    call_as(people["pic"], "satudata_submit", id=draft["id"])
    call_as(people["curator"], "satudata_approve", id=draft["id"])
    page = text(app.get(page_url(draft), headers=headers["planner"]))
    assert "satudata-state-terbit" in page
    assert "satudata-review-action" not in page
    assert "Riwayat peninjauan" not in page


def test_the_curator_queue_lists_the_submission(app, draft, headers, people):
    call_as(people["pic"], "satudata_submit", id=draft["id"])

    page = text(app.get("/tinjauan", headers=headers["curator"]))

    assert "Antrean peninjauan" in page
    assert draft["title"] in page
    assert "Kelurahan Balowerti" in page
    assert "Statistik sektoral" in page
    assert "0 hari" in page
    assert "table-responsive" in page


def test_the_queue_filters_by_kecamatan(app, draft, headers, people, kelurahan_balowerti):
    kecamatan, other = "Kota", "Mojoroto"
    organization = model.Group.get(kelurahan_balowerti["id"])
    organization.extras["kecamatan"] = kecamatan
    model.Session.commit()
    call_as(people["pic"], "satudata_submit", id=draft["id"])

    page = text(app.get("/tinjauan", query_string={"kecamatan": kecamatan},
                        headers=headers["curator"]))
    assert draft["title"] in page
    assert f'<option value="{kecamatan}" selected>' in page

    page = text(app.get("/tinjauan", query_string={"kecamatan": other},
                        headers=headers["curator"]))
    assert draft["title"] not in page
    assert "Tidak ada dataset yang menunggu peninjauan." in page


def test_the_queue_is_empty_without_submissions(app, draft, headers):
    page = text(app.get("/tinjauan", headers=headers["curator"]))
    assert "Tidak ada dataset yang menunggu peninjauan." in page
    assert draft["title"] not in page


@pytest.mark.parametrize("who", ["pic", "planner", None])
def test_the_queue_is_for_curators_only(app, headers, who):
    app.get("/tinjauan", headers=headers[who] if who else {}, status=403)


def test_the_header_links_the_queue_for_curators_only(app, headers):
    assert "/tinjauan" in text(app.get("/dataset/", headers=headers["curator"]))
    assert "/tinjauan" not in text(app.get("/dataset/", headers=headers["pic"]))


def test_curator_returns_with_a_note_and_the_pic_reads_it(app, draft, headers, people):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    page = text(app.get(page_url(draft), headers=headers["curator"]))
    assert "Setujui dan terbitkan" in page
    assert "Kembalikan dengan catatan" in page
    assert 'name="expected_version" value="1"' in page

    app.post(action_url(draft, "return"), headers=headers["curator"],
             data={"note": "Satuan belum diisi dengan benar.", "expected_version": "1"})

    assert DatasetStatus.state_of(draft["id"]) == "dikembalikan"
    page = text(app.get(page_url(draft), headers=headers["pic"]))
    assert "satudata-return-note" in page
    assert "Satuan belum diisi dengan benar." in page
    # The PIC may submit again.
    assert "Ajukan untuk ditinjau" in page


def test_returning_without_a_note_changes_nothing(app, draft, headers, people):
    call_as(people["pic"], "satudata_submit", id=draft["id"])

    response = app.post(action_url(draft, "return"), headers=headers["curator"],
                        data={"note": "  ", "expected_version": "1"})

    assert "Catatan untuk PIC wajib diisi saat mengembalikan dataset." in text(response)
    assert DatasetStatus.state_of(draft["id"]) == "diajukan"


def test_a_stale_form_reports_the_other_decision(app, draft, headers, people):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    call_as(people["curator"], "satudata_approve", id=draft["id"])

    response = app.post(action_url(draft, "return"), headers=headers["curator"],
                        data={"note": "Terlambat.", "expected_version": "1"})

    assert "Muat ulang halaman" in text(response)
    assert DatasetStatus.state_of(draft["id"]) == "terbit"


def test_the_pic_cannot_approve(app, draft, headers, people):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    app.post(action_url(draft, "approve"), headers=headers["pic"], status=403)
    assert DatasetStatus.state_of(draft["id"]) == "diajukan"


def test_unknown_action_and_dataset_are_404(app, draft, headers):
    app.post(action_url(draft, "publish"), headers=headers["pic"], status=404)
    app.post("/dataset/tidak-ada/tinjauan/submit", headers=headers["pic"], status=404)


def test_the_history_lists_the_events(app, draft, headers, people):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    call_as(people["curator"], "satudata_return", id=draft["id"], note="Lengkapi definisi.")
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    app.post(action_url(draft, "approve"), headers=headers["curator"],
             data={"expected_version": "3"})

    page = text(app.get(page_url(draft), headers=headers["pic"]))

    assert "Riwayat peninjauan" in page
    history = page.split('class="list-unstyled satudata-review-history"', 1)[1].split("</ol>")[0]
    # Newest first, with the date in Indonesian.
    assert re.findall(r"<strong>(.*?)</strong>", history) == [
        "Diterbitkan", "Diajukan", "Dikembalikan", "Diajukan"]
    assert "Lengkapi definisi." in history
    assert people["curator"]["fullname"] in history
    assert re.search(r"\d{1,2} \w+ \d{4}, \d{2}\.\d{2}", history)


def test_the_curator_withdraws_with_a_reason(app, draft, headers, people):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    call_as(people["curator"], "satudata_approve", id=draft["id"])
    page = text(app.get(page_url(draft), headers=headers["curator"]))
    assert "Tarik dari publikasi" in page
    assert "Alasan penarikan" in page

    response = app.post(action_url(draft, "withdraw"), headers=headers["curator"],
                        data={"note": "Data ganda.", "expected_version": "2"})

    assert "Dataset telah ditarik dari publikasi." in text(response)
    assert DatasetStatus.state_of(draft["id"]) == "ditarik"


def test_search_lists_show_the_state_of_unpublished_datasets(app, draft, headers, people):
    other = call_as(people["pic"], "package_create", **statistik_sektoral(
        draft["owner_org"], name="posyandu-terbit", title="Posyandu terbit"))
    call_as(people["pic"], "satudata_submit", id=other["id"])
    call_as(people["curator"], "satudata_approve", id=other["id"])

    page = text(app.get("/dataset/", headers=headers["pic"]))

    assert page.count("satudata-state-draf") == 1
    assert "satudata-state-terbit" not in page
    assert "Posyandu terbit" in page
