"""The review story in a browser, as its users live it: `pic-balowerti`
creates a statistic and uploads its table, submits it; `kurator` returns it
with a note; the PIC fixes it and submits again; `kurator` publishes it; an
anonymous visitor then sees it — and at no earlier moment could the
anonymous visitor or `pic-bandar-lor` see it. Screenshots of each step go to
test-artifacts/."""
from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

import ckan.tests.factories as factories

from tests.helpers import call_as
from tests.e2e.accounts import PASSWORD, log_in

pytestmark = pytest.mark.browser

TITLE = "Jumlah kader posyandu aktif"
FIXED_TITLE = "Jumlah kader posyandu aktif 2025"
NAME = "jumlah-kader-posyandu-aktif"


@pytest.fixture
def accounts(portal, sysadmin, kelurahan_balowerti):
    bandar_lor = factories.Organization(name="kelurahan-bandar-lor", jenis_organisasi="kelurahan",
                                        kode_wilayah="35.71.01.1001")
    diskominfo = factories.Organization(name="diskominfo", jenis_organisasi="kurator")
    users = {}
    for name, org in (("pic-balowerti", kelurahan_balowerti), ("pic-bandar-lor", bandar_lor),
                      ("kurator", diskominfo)):
        users[name] = factories.User(name=name, password=PASSWORD, email=f"{name}@example.org")
        call_as(sysadmin, "organization_member_create", id=org["id"], username=name,
                role="editor")
    users["pic-bandar-lor"]["token"] = call_as(
        users["pic-bandar-lor"], "api_token_create", user="pic-bandar-lor", name="e2e")["token"]
    return users



def outsiders_see(portal, accounts) -> dict[str, bool]:
    """Whether the anonymous visitor and pic-bandar-lor find the dataset
    (API, page, search)."""
    seen = {}
    for who, headers in (("anonymous", {}),
                         ("pic-bandar-lor", {"Authorization": accounts["pic-bandar-lor"]["token"]})):
        api = requests.get(portal(f"/api/3/action/package_show?id={NAME}"), headers=headers,
                           timeout=30)
        page = requests.get(portal(f"/dataset/{NAME}"), headers=headers, timeout=30)
        search = requests.get(portal("/api/3/action/package_search?q=kader"), headers=headers,
                              timeout=30).json()["result"]["count"]
        seen[who] = api.status_code == 200 or page.status_code == 200 or search > 0
    return seen


def test_a_dataset_goes_from_upload_to_the_public_only_through_the_curator(
        new_page, portal, accounts, artifacts):
    pic = new_page()
    log_in(pic, portal, "pic-balowerti")

    # The PIC fills the statistic's form and uploads its table.
    pic.goto(portal("/statistik-sektoral/new"))
    # CKAN's slug module fills the URL from the title as it is typed: type
    # only once the module runs (under load the page's scripts come late).
    expect(pic.locator(".slug-preview")).to_be_visible()
    pic.fill("#field-title", TITLE)
    pic.fill("#field-notes", "Jumlah kader posyandu yang aktif per RW.")
    pic.select_option("#field-bidang_urusan", "kesehatan")
    pic.fill("#field-konsep", "Kader posyandu aktif")
    pic.fill("#field-definisi", "Kader yang hadir pada kegiatan posyandu bulan ini.")
    pic.fill("#field-satuan", "orang")
    pic.fill("#field-tahun", "2025")
    pic.select_option("#field-frekuensi", "tahunan")
    pic.select_option("#field-tingkat_penyajian", "rw")
    pic.fill("#field-produsen", "Kelurahan Balowerti")
    pic.select_option("#field-klasifikasi_akses", "terbuka")
    pic.locator("form#dataset-edit button[name=save]").click()
    pic.wait_for_url(lambda url: "/resource/new" in url)
    pic.set_input_files("#field-resource-upload", files=[{
        "name": "kader.csv", "mimeType": "text/csv",
        "buffer": b"rw,jumlah_kader\n1,5\n2,7\n"}])
    pic.fill("#field-name", "Kader per RW 2025")
    pic.locator("button[value=go-metadata]").click()
    pic.wait_for_url(lambda url: url.rstrip("/").endswith(NAME))
    pic.screenshot(path=artifacts / "story-1-draft.png", full_page=True)
    assert "Draf" in pic.inner_text(".satudata-review-panel")
    assert outsiders_see(portal, accounts) == {"anonymous": False, "pic-bandar-lor": False}

    pic.get_by_role("button", name="Ajukan untuk ditinjau").click()
    pic.wait_for_load_state()
    assert "Dataset telah diajukan" in pic.inner_text("body")
    assert outsiders_see(portal, accounts) == {"anonymous": False, "pic-bandar-lor": False}

    # The curator finds it in the queue and returns it with a note.
    curator = new_page()
    log_in(curator, portal, "kurator")
    curator.goto(portal("/tinjauan"))
    curator.screenshot(path=artifacts / "story-2-queue.png", full_page=True)
    curator.goto(portal(curator.get_by_role("link", name=TITLE).get_attribute("href")))
    curator.screenshot(path=artifacts / "story-2b-review.png", full_page=True)
    curator.fill("textarea[name=note]", "Lengkapi data RW 3.")
    curator.get_by_role("button", name="Kembalikan dengan catatan").click()
    curator.wait_for_load_state()
    assert "Dataset telah dikembalikan" in curator.inner_text("body")
    assert outsiders_see(portal, accounts) == {"anonymous": False, "pic-bandar-lor": False}

    # The PIC reads the note, fixes the dataset and submits it again.
    pic.goto(portal(f"/dataset/{NAME}"))
    assert "Lengkapi data RW 3." in pic.inner_text(".satudata-review-panel")
    pic.screenshot(path=artifacts / "story-3-returned.png", full_page=True)
    pic.goto(portal(f"/dataset/edit/{NAME}"))
    pic.fill("#field-title", FIXED_TITLE)
    pic.get_by_role("button", name="Simpan perubahan").click()
    pic.wait_for_url(lambda url: url.rstrip("/").endswith(NAME))
    pic.get_by_role("button", name="Ajukan untuk ditinjau").click()
    pic.wait_for_load_state()
    assert outsiders_see(portal, accounts) == {"anonymous": False, "pic-bandar-lor": False}

    # The curator publishes it.
    curator.goto(portal(f"/dataset/{NAME}"))
    curator.get_by_role("button", name="Setujui dan terbitkan").click()
    curator.wait_for_load_state()
    assert "Dataset telah disetujui dan diterbitkan." in curator.inner_text("body")

    # Now, and only now, the public sees it.
    assert outsiders_see(portal, accounts) == {"anonymous": True, "pic-bandar-lor": True}
    visitor = new_page()
    visitor.goto(portal(f"/dataset/{NAME}"))
    assert FIXED_TITLE in visitor.inner_text("body")
    assert "Kader per RW 2025" in visitor.inner_text("body")
    visitor.screenshot(path=artifacts / "story-4-public.png", full_page=True)
