"""Point entry from a phone, in Debian's Chromium at 360 px with its
geolocation emulated: `pic-balowerti` opens "Tambah / pindahkan titik" on
the published posyandu layer of Balowerti, is refused a position too
coarse, adds a point where the phone stands, moves one and removes
another, saves and submits; `kurator` sees "1 titik ditambah, 1 dipindah,
1 dihapus" with the before/after map and approves; the city map's GeoJSON
then has the change. And a PIC who refuses the location permission is told
so and places the point by tapping the map. Screenshots go to
test-artifacts/."""
from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

import ckan.tests.factories as factories

from tests.e2e.accounts import PASSWORD, log_in
from tests.helpers import call_as, publish
from tests.map_samples import POSYANDU, geojson, point_layer

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
HERE = {"latitude": -7.8160, "longitude": 112.0160}  # in Balowerti, away from the others


@pytest.fixture
def accounts(portal, sysadmin, kelurahan_balowerti):
    diskominfo = factories.Organization(name="diskominfo", jenis_organisasi="kurator")
    users = {}
    for name, org in (("pic-balowerti", kelurahan_balowerti), ("kurator", diskominfo)):
        users[name] = factories.User(name=name, password=PASSWORD, email=f"{name}@example.org")
        call_as(sysadmin, "organization_member_create", id=org["id"], username=name,
                role="editor")
    return users


@pytest.fixture
def layer(accounts, kelurahan_balowerti, create_with_upload):
    """The published posyandu layer of Balowerti: Mawar and Melati."""
    pic = accounts["pic-balowerti"]
    dataset = call_as(pic, "package_create", **point_layer(kelurahan_balowerti["id"]))
    create_with_upload(geojson(POSYANDU), "posyandu.geojson", package_id=dataset["id"],
                       name="Posyandu Balowerti", context={"user": pic["name"]})
    publish(pic, dataset, accounts["kurator"])
    return dataset


def phone(new_page, portal, geolocation=None):
    page = new_page(**PHONE)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    if geolocation is not None:
        page.context.grant_permissions(["geolocation"], origin=portal.url)
        page.context.set_geolocation(geolocation)
    return page


def marker(page, name):
    return page.locator(f'.satudata-editor-marker[title="{name}"]')


def status(page):
    return page.locator("[data-editor-status]")


def map_names(portal):
    collection = requests.get(portal("/peta/titik.geojson"), timeout=30).json()
    return sorted((f["properties"]["name"], tuple(round(c, 4) for c in f["geometry"]["coordinates"]))
                  for f in collection["features"])


def test_a_pic_adds_moves_and_removes_points_from_a_phone_and_the_curator_approves(
        new_page, portal, accounts, layer, artifacts):
    assert map_names(portal) == [("Posyandu Mawar", (112.017, -7.813)),
                                 ("Posyandu Melati", (112.0185, -7.8145))]
    pic = phone(new_page, portal, dict(HERE, accuracy=80))
    log_in(pic, portal, "pic-balowerti")
    pic.goto(portal(f"/peta-titik/{layer['name']}"))
    pic.get_by_role("link", name="Tambah / pindahkan titik").click()
    pic.wait_for_url(lambda url: url.endswith("/sunting-titik"))
    expect(marker(pic, "Posyandu Mawar")).to_be_visible()
    # Nothing sticks out of a 360 px screen.
    assert pic.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Too coarse a position is refused, saying why.
    pic.get_by_role("button", name="Pakai lokasi saya").click()
    expect(status(pic)).to_contain_text("Akurasi lokasi ±80 m, lebih dari batas 30 m")
    assert pic.locator(".satudata-editor-marker").count() == 2

    # A good fix adds a point there; the PIC fills its attributes.
    pic.context.set_geolocation(dict(HERE, accuracy=8))
    pic.get_by_role("button", name="Pakai lokasi saya").click()
    expect(status(pic)).to_contain_text("akurasi ±8 m")
    form = pic.locator("[data-editor-form]")
    expect(form).to_be_visible()
    form.get_by_label("Nama *").fill("Posyandu Kenanga")
    form.get_by_label("Strata posyandu *").select_option("madya")
    form.get_by_label("Nomor RW *").fill("4")
    form.get_by_label("Alamat *").fill("Jl. Kenanga 4")
    pic.screenshot(path=artifacts / "titik-1-ditambah.png", full_page=True)
    form.get_by_role("button", name="Selesai").click()

    # Mawar is dragged some metres away; Melati is removed.
    pic.locator(".satudata-editor-canvas").scroll_into_view_if_needed()
    pic.get_by_role("button", name="Zoom out").click()  # all three in view
    expect(marker(pic, "Posyandu Mawar")).to_be_in_viewport()
    expect(pic.locator(".leaflet-zoom-anim")).to_have_count(0)
    box = marker(pic, "Posyandu Mawar").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    pic.mouse.move(x, y)
    pic.mouse.down()
    pic.mouse.move(x + 20, y + 10, steps=5)
    pic.mouse.move(x + 40, y + 20, steps=5)
    pic.mouse.up()
    expect(status(pic)).to_have_text("Titik dipindahkan. Simpan untuk menyimpan perubahan.")
    marker(pic, "Posyandu Melati").click()
    form.get_by_role("button", name="Hapus titik").click()
    expect(marker(pic, "Posyandu Melati")).to_have_count(0)

    pic.get_by_role("button", name="Simpan sebagai versi baru").click()
    expect(status(pic)).to_have_text("Tersimpan sebagai versi baru berkas lapisan.")
    pic.screenshot(path=artifacts / "titik-2-tersimpan.png", full_page=True)
    assert not pic.errors, pic.errors
    # Saved but not approved: the public map is as it was.
    assert [name for name, _ in map_names(portal)] == ["Posyandu Mawar", "Posyandu Melati"]

    pic.goto(portal(f"/peta-titik/{layer['name']}"))
    pic.get_by_role("button", name="Ajukan perubahan").click()
    pic.wait_for_load_state()
    assert "Perubahan telah diajukan" in pic.inner_text("body")

    # The curator sees what changed, on a map, and approves.
    curator = new_page()
    log_in(curator, portal, "kurator")
    curator.goto(portal(f"/peta-titik/{layer['name']}"))
    changes = curator.locator(".satudata-point-changes")
    expect(changes.locator("[data-point-changes-summary]")).to_have_text(
        "1 titik ditambah, 1 dipindah, 1 dihapus")
    expect(changes.locator(".satudata-point-changes-map.leaflet-container")).to_be_visible()
    # the before/after map: the new, the moved (and where it was) and the removed point
    assert changes.locator("path.leaflet-interactive").count() >= 4
    curator.screenshot(path=artifacts / "titik-3-tinjauan.png", full_page=True)
    curator.get_by_role("button", name="Setujui perubahan").click()
    curator.wait_for_load_state()
    assert "Perubahan telah disetujui dan diterbitkan." in curator.inner_text("body")

    names = map_names(portal)
    assert [name for name, _ in names] == ["Posyandu Kenanga", "Posyandu Mawar"]
    kenanga, mawar = (position for _, position in names)
    assert kenanga == (112.016, -7.816)
    assert mawar != (112.017, -7.813)


def test_a_refused_location_permission_is_explained_and_the_map_can_be_tapped(
        new_page, portal, accounts, layer, artifacts):
    pic = phone(new_page, portal)  # no geolocation permission granted
    log_in(pic, portal, "pic-balowerti")
    pic.goto(portal(f"/peta-titik/{layer['name']}/sunting-titik"))
    expect(marker(pic, "Posyandu Mawar")).to_be_visible()

    pic.get_by_role("button", name="Pakai lokasi saya").click()
    expect(status(pic)).to_have_text(
        "Izin lokasi ditolak. Izinkan akses lokasi untuk situs ini di pengaturan peramban, "
        "atau ketuk peta di tempat titik.")
    assert pic.locator(".satudata-editor-marker").count() == 2
    pic.screenshot(path=artifacts / "titik-izin-ditolak.png", full_page=True)

    pic.get_by_role("button", name="Ketuk peta").click()
    expect(status(pic)).to_have_text("Ketuk peta di tempat titik baru.")
    pic.locator(".satudata-editor-canvas").scroll_into_view_if_needed()
    canvas = pic.locator(".satudata-editor-canvas").bounding_box()
    pic.mouse.click(canvas["x"] + 40, canvas["y"] + canvas["height"] - 40)
    expect(pic.locator(".satudata-editor-marker")).to_have_count(3)
    expect(pic.locator("[data-editor-form]")).to_be_visible()
    assert not pic.errors, pic.errors
