"""The thematic map of an indicator in Debian's Chromium, tried as a planner
would: the posyandu counts of three kelurahan on the demo's approximate
boundaries, the darkest kelurahan is the highest, its tooltip gives value and
rank, the others are hatched "tidak ada data", and a click on it opens its
kelurahan page. Screenshot to test-artifacts/."""
from __future__ import annotations

import pytest

import ckan.model as model

from ckanext.satudata.maps import boundary_layer
from ckanext.satudata.statistics.choropleth import PALETTE
from tests.helpers import call_as, profil, publish, statistik_sektoral

pytestmark = pytest.mark.browser

ROWS = (("35.71.02.1002", "Balowerti", 9), ("35.71.01.1001", "Bandar Lor", 1200),
        ("35.71.03.1001", "Bangsal", 3))


def publish_posyandu_with_boundaries(sysadmin, create_with_upload):
    with open(boundary_layer.DEMO_FILE, "rb") as handle:
        assert boundary_layer.load(handle.read(), resmi=False).ok
    model.repo.commit()
    dinkes = call_as(sysadmin, "organization_show", id="dinkes")  # a reference organisation
    dataset = call_as(sysadmin, "package_create", **statistik_sektoral(
        dinkes["id"], name="posyandu-kota", title="Jumlah posyandu per kelurahan",
        ukuran="jumlah"))
    table = "kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan\n" + "".join(
        f"{kode},{nama},2025,Jumlah posyandu,{value},unit\n" for kode, nama, value in ROWS)
    create_with_upload(table, "posyandu.csv", package_id=dataset["id"],
                       context={"user": sysadmin["name"]})
    publish(sysadmin, dataset)


def test_the_planner_finds_the_darkest_kelurahan_and_opens_its_page(
        portal, new_page, reference_organizations, sysadmin, create_with_upload, artifacts):
    publish_posyandu_with_boundaries(sysadmin, create_with_upload)
    page = new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(portal("/statistik/posyandu-kota"))
    canvas = page.locator(".satudata-thematic-canvas[data-features='46']")
    canvas.wait_for()
    assert page.locator(".satudata-thematic-canvas .leaflet-overlay-pane path").count() == 46
    assert page.get_by_text("adalah batas perkiraan, bukan batas resmi").first.is_visible()
    legend = page.locator("[data-map-legend] li")
    assert legend.all_inner_texts() == ["3 (1)", "9 (1)", "1.200 (1)", "tidak ada data (43)"]
    darkest = page.locator(f".satudata-thematic-canvas .leaflet-overlay-pane path[fill='{PALETTE[-1]}']")
    assert darkest.count() == 1
    assert page.locator(".satudata-thematic-canvas .leaflet-overlay-pane path[fill^='url(']").count() == 43
    page.locator("#peta-tematik").scroll_into_view_if_needed()
    darkest.hover()
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "Bandar Lor" in tooltip.inner_text() and "peringkat 1 dari 3" in tooltip.inner_text()
    page.screenshot(path=artifacts / "peta-tematik-posyandu.png", full_page=True)
    darkest.click()
    page.wait_for_url("**/kelurahan/bandar-lor")
    assert "Bandar Lor" in page.locator("h1").first.inner_text()
    assert errors == []


def test_the_city_map_and_the_comparison_show_thematic_maps_on_request(
        portal, new_page, reference_organizations, sysadmin, create_with_upload, artifacts):
    publish_posyandu_with_boundaries(sysadmin, create_with_upload)
    balowerti = call_as(sysadmin, "organization_show", id="kelurahan-balowerti")
    publish(sysadmin, call_as(sysadmin, "package_create", **profil(
        balowerti["id"], name="profil-balowerti-2025", tahun="2025", jumlah_rw="6")))

    page = new_page(width=360, height=740)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(portal("/peta"))
    choice = page.locator("[data-thematic-choice]")
    choice.wait_for()  # shown once the indicators are listed
    choice.select_option(label="Jumlah posyandu per kelurahan")
    page.locator(".satudata-point-map[data-thematic-state='shown']").wait_for()
    assert page.locator("[data-thematic-legend] li").all_inner_texts() == [
        "3 (1)", "9 (1)", "1.200 (1)", "tidak ada data (43)"]
    coloured = page.locator(f".satudata-map-canvas path[fill='{PALETTE[-1]}']")
    assert coloured.count() == 1
    page.screenshot(path=artifacts / "peta-lapisan-tematik-360.png", full_page=True)
    choice.select_option(value="")
    page.locator(".satudata-point-map[data-thematic-state='none']").wait_for()
    assert coloured.count() == 0 and page.locator("[data-thematic-legend] li").count() == 0

    page.goto(portal("/statistik/perbandingan-kelurahan?tahun=2025"))
    canvas = page.locator(".satudata-thematic-canvas")
    assert canvas.get_attribute("data-features") is None  # nothing until chosen
    page.locator("[data-map-choice]").select_option(label="Jumlah RW")
    page.locator(".satudata-thematic-canvas[data-features='46']").wait_for()
    assert page.locator("[data-map-legend] li").all_inner_texts() == [
        "6 (1)", "tidak ada data (45)"]
    page.screenshot(path=artifacts / "perbandingan-peta-kolom-360.png", full_page=True)
    assert errors == []
