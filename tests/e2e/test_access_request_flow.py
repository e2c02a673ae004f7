"""Access to restricted data in a browser, as its users live it: `pengguna`
asks for a published `terbatas` statistic of Balowerti; `kurator` grants it
for a week; `pengguna` downloads the file; after the end date (the grant's
end date moved into the past in the database) the download is refused and
the request shows as expired. Screenshots of each step go to
test-artifacts/."""
from __future__ import annotations

import datetime

import pytest

import ckan.model as model
import ckan.tests.factories as factories

from ckanext.satudata import site

from ckanext.satudata.model import AccessRequest, AccessUsage
from tests.helpers import call_as, statistik_sektoral
from tests.e2e.accounts import PASSWORD, log_in

pytestmark = pytest.mark.browser

NAME = "status-gizi-balita-per-rw"
TITLE = "Status gizi balita per RW"
TABLE = b"rw,balita_ditimbang,balita_gizi_kurang\n1,25,2\n2,31,1\n"


@pytest.fixture
def restricted(portal, sysadmin, kelurahan_balowerti, create_with_upload):
    """The accounts of the story, and a published restricted statistic with
    its table."""
    diskominfo = factories.Organization(name="diskominfo", jenis_organisasi="kurator")
    users = {name: factories.User(name=name, password=PASSWORD, email=f"{name}@example.org")
             for name in ("pengguna", "kurator", "pic-balowerti")}
    for name, org in (("kurator", diskominfo), ("pic-balowerti", kelurahan_balowerti)):
        call_as(sysadmin, "organization_member_create", id=org["id"], username=name,
                role="editor")
    dataset = call_as(users["pic-balowerti"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name=NAME, title=TITLE, klasifikasi_akses="terbatas"))
    resource = create_with_upload(TABLE, "status-gizi.csv", package_id=dataset["id"],
                                  name="Status gizi 2025",
                                  context={"user": users["pic-balowerti"]["name"]})
    call_as(users["pic-balowerti"], "satudata_submit", id=dataset["id"])
    call_as(users["kurator"], "satudata_approve", id=dataset["id"])
    return {"dataset": dataset, "resource": resource, "users": users}



def day(offset: int) -> str:
    return (site.portal_today() + datetime.timedelta(days=offset)).isoformat()


def test_a_user_asks_the_curator_grants_a_week_and_the_grant_expires(
        new_page, portal, restricted, artifacts):
    download = portal(f"/dataset/{restricted['dataset']['id']}/resource/"
                      f"{restricted['resource']['id']}/download/status-gizi.csv")

    # An anonymous visitor sees the metadata, not the data.
    visitor = new_page()
    visitor.goto(portal(f"/dataset/{NAME}"))
    assert "Data terbatas" in visitor.inner_text(".satudata-access-notice")
    assert visitor.get_by_role("link", name="Masuk untuk mengajukan permintaan akses").count() == 1
    assert visitor.request.get(download).status == 403

    # pengguna asks for it.
    user = new_page()
    log_in(user, portal, "pengguna")
    user.goto(portal(f"/dataset/{NAME}"))
    user.screenshot(path=artifacts / "access-1-restricted-dataset.png", full_page=True)
    assert user.request.get(download).status == 403
    user.get_by_role("link", name="Ajukan permintaan akses").click()
    user.wait_for_url(lambda url: "/akses/ajukan" in url)
    user.fill("#field-institution", "Bappeda Kota Kediri")
    user.fill("#field-position", "Perencana Ahli Muda")
    user.fill("#field-purpose", "Analisis status gizi balita per RW untuk RKPD 2027.")
    user.check(f"#resource-{restricted['resource']['id']}")
    user.check("#method-unduh")
    user.fill("#field-data_returned", "Ringkasan analisis per RW.")
    user.fill("#field-start_date", day(0))
    user.fill("#field-end_date", day(30))
    user.screenshot(path=artifacts / "access-2-request-form.png", full_page=True)
    user.get_by_role("button", name="Ajukan permintaan akses").click()
    user.wait_for_url(lambda url: "/akses/" in url and "/ajukan" not in url)
    assert "Permintaan akses telah diajukan" in user.inner_text("body")
    assert "Diajukan" in user.inner_text("h1")
    request_url = user.url

    # kurator grants it for a week.
    curator = new_page()
    log_in(curator, portal, "kurator")
    curator.goto(portal("/akses"))
    assert "Bappeda Kota Kediri" in curator.inner_text("table")
    curator.screenshot(path=artifacts / "access-3-curator-list.png", full_page=True)
    curator.get_by_role("link", name=TITLE).click()
    curator.wait_for_url(lambda url: url == request_url)
    curator.fill("#approve-end", day(7))
    curator.screenshot(path=artifacts / "access-4-decision.png", full_page=True)
    curator.get_by_role("button", name="Setujui").click()
    curator.wait_for_load_state()
    assert "Permintaan akses telah disetujui" in curator.inner_text("body")

    # pengguna downloads it.
    user.goto(request_url)
    assert "Izin akses Anda berlaku sampai" in user.inner_text(".satudata-access-grant")
    user.screenshot(path=artifacts / "access-5-granted.png", full_page=True)
    link = user.locator(".satudata-access-download").get_attribute("href")
    response = user.request.get(portal(link))
    assert response.status == 200 and response.body() == TABLE
    assert user.request.get(download).status == 200
    [request] = model.Session.query(AccessRequest).all()
    assert (request.end_date - request.start_date).days == 7
    assert [use.channel for use in model.Session.query(AccessUsage)] == ["unduh", "unduh"]
    curator.goto(request_url)
    assert "Unduhan berkas" in curator.inner_text(".satudata-access-usage")

    # After the end date: refused, and shown as expired.
    request.start_date = site.portal_today() - datetime.timedelta(days=8)
    request.end_date = site.portal_today() - datetime.timedelta(days=1)
    model.Session.commit()
    assert user.request.get(download).status == 403
    user.goto(request_url)
    assert "Kedaluwarsa" in user.inner_text("h1")
    user.screenshot(path=artifacts / "access-6-expired.png", full_page=True)
    user.goto(portal(f"/dataset/{NAME}"))
    assert "Ajukan permintaan akses" in user.inner_text(".satudata-access-notice")

    # The request form fits a phone screen.
    phone = new_page(width=375, height=800)
    log_in(phone, portal, "pengguna")
    phone.goto(portal(f"/dataset/{NAME}/akses/ajukan"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=artifacts / "access-7-form-phone.png", full_page=True)
