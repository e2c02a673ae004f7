"""The curator opens the completeness dashboard in a browser and sees which
kelurahan are late; the public sees the share per kecamatan. Screenshots go
to test-artifacts/ (kelengkapan*.png)."""
from __future__ import annotations

import datetime

import pytest

import ckan.tests.factories as factories

from ckanext.satudata.completeness.periods import add_months
from tests.completeness.samples import TODAY, layer, profile, set_modified, statistic
from tests.helpers import call_as, publish
from tests.e2e.accounts import PASSWORD, log_in

pytestmark = pytest.mark.browser

OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture
def kelurahan_data(portal, sysadmin, reference_organizations):
    """The 46 kelurahan as loaded by the portal; a curator; Balowerti with
    this year's profile published and a monthly statistic two months old;
    Pojok with a submitted posyandu layer."""
    kurator = factories.User(name="kurator", password=PASSWORD, email="kurator@example.org")
    call_as(sysadmin, "organization_member_create", id="diskominfo", username="kurator",
            role="editor")
    publish(sysadmin, call_as(sysadmin, "package_create",
                             **profile("kelurahan-balowerti", "balowerti")))
    late = call_as(sysadmin, "package_create", **statistic("kelurahan-balowerti", "balowerti"))
    set_modified(late, datetime.datetime.combine(add_months(TODAY, -2), datetime.time(3)))
    publish(sysadmin, late)
    submitted = call_as(sysadmin, "package_create", **layer("kelurahan-pojok", "pojok",
                                                            "posyandu"))
    call_as(sysadmin, "satudata_submit", id=submitted["id"])
    return kurator



def test_the_curator_sees_which_kelurahan_are_late(new_page, portal, artifacts, kelurahan_data):
    page = new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, portal, "kurator")

    page.get_by_role("link", name="Kelengkapan data").first.click()
    page.wait_for_url("**/kelengkapan")
    page.screenshot(path=artifacts / "kelengkapan.png", full_page=True)

    assert page.get_by_role("heading", name="Kelengkapan data kelurahan").is_visible()
    assert page.locator("table.satudata-completeness-matrix tbody tr[data-organization]").count() \
        == 46
    balowerti = page.locator('tr[data-organization="kelurahan-balowerti"]')
    late = balowerti.locator('td[data-item="statistik-balita-ditimbang"]')
    assert late.get_attribute("data-overdue") == "true"
    assert "Terlambat" in late.inner_text() and "Terbit" in late.inner_text()
    assert "1 terlambat" in balowerti.inner_text()
    pojok = page.locator('tr[data-organization="kelurahan-pojok"] td[data-item="titik-posyandu"]')
    assert "Diajukan" in pojok.inner_text()

    # Filter: the late kelurahan of kecamatan Kota.
    page.select_option("#satudata-completeness-kecamatan", label="Kota")
    page.select_option("#satudata-completeness-state", "terlambat")
    page.get_by_role("button", name="Saring").click()
    page.wait_for_url("**/kelengkapan?kecamatan=35.71.02&q=&state=terlambat")
    page.screenshot(path=artifacts / "kelengkapan-terlambat.png", full_page=True)
    rows = page.locator("tr[data-organization]")
    assert [rows.nth(n).get_attribute("data-organization") for n in range(rows.count())] == [
        "kelurahan-balowerti"]

    # The CSV export keeps the filters.
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh CSV").click()
    content = open(download.value.path(), encoding="utf-8").read()
    assert content.startswith("kecamatan,kelurahan,")
    assert "Kelurahan Balowerti" in content and "Kelurahan Pojok" not in content
    assert errors == []


def test_the_dashboard_fits_a_phone_screen(new_page, portal, artifacts, kelurahan_data):
    page = new_page(width=375, height=812)
    log_in(page, portal, "kurator")
    page.goto(portal("/kelengkapan"))
    page.screenshot(path=artifacts / "kelengkapan-ponsel.png", full_page=False)
    scroll_width, inner_width = page.evaluate(OVERFLOW)
    assert scroll_width <= inner_width
    # The matrix scrolls inside its own box, the kelurahan column stays visible.
    assert page.locator(".satudata-completeness-scroll").evaluate(
        "box => box.scrollWidth > box.clientWidth")


def test_the_public_sees_the_share_per_kecamatan(new_page, portal, artifacts, kelurahan_data):
    page = new_page(width=375, height=812)
    response = page.goto(portal("/kelengkapan"))
    assert response.ok and page.url.endswith("/kelengkapan/ringkasan")
    page.screenshot(path=artifacts / "kelengkapan-ringkasan.png", full_page=True)
    text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    for kecamatan in ("Kota", "Mojoroto", "Pesantren", "Seluruh kota"):
        assert kecamatan in text
    # Balowerti's profile is published and current; its statistic is late.
    assert "1 dari 102" in text
    assert page.locator("table.satudata-completeness-matrix").count() == 0
    scroll_width, inner_width = page.evaluate(OVERFLOW)
    assert scroll_width <= inner_width
