"""The city map (/peta) in Debian's Chromium, as an anonymous visitor with no
tile server reachable (every request outside the portal is aborted): the
published layers' markers appear, a draft layer's do not, a layer can be
switched off, a point opens a popup with its attributes and leads to its
dataset. Screenshots go to test-artifacts/."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.helpers import call_as, publish
from tests.map_samples import BALOWERTI, POSYANDU, RT, shifted

pytestmark = pytest.mark.browser

DRAFT_POS_KAMLING = [((112.0175, -7.8150), {"nama": "Pos Kamling Draf", "rw": "4"})]


@pytest.fixture
def demo_map(portal, make_layer, sysadmin):
    """Balowerti: posyandu (2) and RT (3) published, pos kamling a draft;
    Bandar Lor: posyandu (2) published."""
    for slug, kind, points in (("balowerti", "posyandu", POSYANDU),
                               ("balowerti", "rt", RT),
                               ("bandar-lor", "posyandu", shifted(POSYANDU, -0.02, 0.007))):
        publish(sysadmin, make_layer(slug, kind, points))
    call_as(sysadmin, "satudata_submit",
            id=make_layer("balowerti", "pos-kamling", DRAFT_POS_KAMLING)["id"])
    return portal


@pytest.fixture
def browser_page(new_page, demo_map):
    """A page on the live portal that records failed portal requests and
    JavaScript errors."""
    page = new_page()
    page.failures = []
    page.on("pageerror", lambda error: page.failures.append(f"JS: {error}"))
    page.on("response", lambda response: response.status >= 400
            and response.url.startswith(demo_map.url)
            and page.failures.append(f"{response.status} {response.url}"))
    return page


def markers(page, kind):
    return page.locator(f".leaflet-marker-icon.satudata-marker--{kind}")


def test_a_visitor_finds_published_points_filters_and_follows_one_to_its_dataset(
        browser_page, demo_map, artifacts):
    page = browser_page
    page.goto(demo_map("/peta"))
    ready = page.locator('[data-module="satudata-point-map"][data-map-state="ready"]')
    ready.wait_for()
    count = page.locator("[data-map-count]")
    assert count.inner_text() == "7 titik ditampilkan"
    assert page.locator('[data-kind-count="pos-kamling"]').inner_text() == "0"
    # No tile server: the map says so, and everything else is there.
    assert page.get_by_text("Peta dasar tidak dapat dimuat").is_visible()

    page.select_option("#satudata-map-kelurahan", BALOWERTI)
    expect(page.locator("[data-map-count]")).to_have_text("5 titik ditampilkan")
    assert page.locator("#satudata-map-kecamatan").input_value() == "35.71.02"  # Kota
    markers(page, "rt").first.wait_for()
    assert markers(page, "posyandu").count() == 2
    assert markers(page, "rt").count() == 3
    assert markers(page, "pos-kamling").count() == 0
    assert page.locator(".satudata-kelurahan-label", has_text="Balowerti").is_visible()
    assert "kelurahan=35.71.02.1002" in page.url
    page.screenshot(path=artifacts / "peta-kelurahan.png", full_page=True)

    page.get_by_label("RT (rukun tetangga)").uncheck()
    expect(page.locator("[data-map-count]")).to_have_text("2 titik ditampilkan")
    assert markers(page, "rt").count() == 0
    assert "kind=posyandu" in page.locator('a[data-download="csv"]').get_attribute("href")
    page.get_by_label("RT (rukun tetangga)").check()
    markers(page, "rt").first.wait_for()

    markers(page, "posyandu").first.click()
    popup = page.locator(".leaflet-popup-content .satudata-map-popup")
    popup.get_by_text("Strata posyandu").wait_for()
    text = popup.inner_text()
    assert "Posyandu" in text and "Alamat" in text and "Kelurahan Balowerti" in text
    assert "Memuat rincian" not in text
    page.screenshot(path=artifacts / "peta-popup.png", full_page=True)

    popup.get_by_role("link", name="Lihat dataset").click()
    page.wait_for_url("**/peta-titik/posyandu-balowerti")
    assert "posyandu balowerti" in page.locator("h1").inner_text()
    extent = page.locator('[data-module="dataset-map"] .leaflet-container')
    extent.wait_for()  # the layer's extent, on ckanext-spatial's map
    assert not page.failures, page.failures


def test_the_whole_city_at_phone_width(new_page, demo_map, artifacts):
    page = new_page(width=375, height=780)
    page.goto(demo_map("/peta"))
    page.locator('[data-map-state="ready"]').wait_for()
    assert page.locator("[data-map-count]").inner_text() == "7 titik ditampilkan"
    assert page.locator(".marker-cluster, .satudata-marker").count() > 0
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width}px wide on a 375px screen"
    page.screenshot(path=artifacts / "peta-ponsel.png", full_page=True)

    # A shared link keeps its filter.
    page.goto(demo_map("/peta?kecamatan=Mojoroto"))
    page.locator('[data-map-state="ready"]').wait_for()
    assert page.locator("[data-map-count]").inner_text() == "2 titik ditampilkan"
    assert page.locator("#satudata-map-kecamatan").input_value() == "35.71.01"  # Mojoroto


def test_the_kelurahan_page_maps_its_own_points(new_page, demo_map, artifacts):
    page = new_page()
    page.goto(demo_map("/kelurahan/balowerti"))
    page.locator('[data-map-state="ready"]').wait_for()
    assert page.locator("[data-map-count]").inner_text() == "5 titik ditampilkan"
    markers(page, "posyandu").first.wait_for()
    assert markers(page, "posyandu").count() == 2
    page.screenshot(path=artifacts / "kelurahan-balowerti.png", full_page=True)
