"""Browser smoke test: the live portal, seen through Debian's Chromium, is in
Indonesian and fits a phone screen. Full-page screenshots of every page go to
test-artifacts/ (gitignored)."""
from __future__ import annotations

import pytest

import ckan.tests.factories as factories

from tests.helpers import call_as, publish, statistik_sektoral
from tests.e2e.accounts import PASSWORD
from tests.e2e.visits import Visit

pytestmark = pytest.mark.browser


@pytest.fixture
def dataset(portal, kelurahan_balowerti, sysadmin):
    # The factory's description is English lorem ipsum and its image an
    # external URL (blocked here): give the organisation realistic values.
    call_as(sysadmin, "organization_patch", id=kelurahan_balowerti["id"],
            description="Kelurahan di Kecamatan Kota, Kota Kediri.", image_url="")
    created = call_as(sysadmin, "package_create",
                      **statistik_sektoral(kelurahan_balowerti["id"]))
    publish(sysadmin, created)
    return created


def test_public_pages_are_in_indonesian(visit, dataset):
    text = visit.open("beranda", "/")
    visit.check_header("beranda", logged_in=False)
    visit.check_indonesian("beranda", text, ["Cari data", "Jumlah posyandu aktif"])

    text = visit.open("pencarian-dataset", "/dataset/")
    visit.check_header("pencarian-dataset", logged_in=False)
    search = visit.page.locator("#dataset-search-form input[name=q]")
    assert search.get_attribute("placeholder") == "Cari dataset..."
    visit.check_indonesian("pencarian-dataset", text, [
        "1 dataset ditemukan", "Urutkan berdasarkan", "Organisasi", "Lisensi",
        "Jumlah posyandu aktif"])

    text = visit.open("halaman-dataset", f"/dataset/{dataset['name']}")
    visit.check_header("halaman-dataset", logged_in=False)
    visit.check_indonesian("halaman-dataset", text, [
        "Jumlah posyandu aktif", "Informasi Tambahan", "Lisensi",
        "Bidang urusan", "Kesehatan", "Klasifikasi akses", "Terbuka",
        "Dataset ini belum memiliki data"])

    text = visit.open("masuk", "/user/login")
    visit.check_header("masuk", logged_in=False)
    assert visit.page.get_by_role("button", name="Masuk").count() == 1
    visit.check_indonesian("masuk", text, [
        "Nama Pengguna atau Email", "Kata Sandi", "Lupa kata sandi?"])


def test_pages_of_a_logged_in_admin_are_in_indonesian(visit, dataset):
    admin = factories.Sysadmin(fullname="Admin Diskominfo", password=PASSWORD)
    visit.open("masuk-formulir", "/user/login")
    visit.page.fill("#field-login", admin["name"])
    visit.page.fill("#field-password", PASSWORD)
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Masuk").click()
    assert "/user/login" not in visit.page.url, visit.page.inner_text("body")

    text = visit.open("pencarian-dataset-admin", "/dataset/")
    visit.check_header("pencarian-dataset-admin", logged_in=True)
    visit.check_indonesian("pencarian-dataset-admin", text, [
        "Admin Diskominfo", "Tambah dataset"])

    text = visit.open("halaman-dataset-admin", f"/dataset/{dataset['name']}")
    visit.check_indonesian("halaman-dataset-admin", text, ["Kelola", "Ikuti"])

    text = visit.open("ubah-dataset", f"/dataset/edit/{dataset['name']}")
    visit.check_indonesian("ubah-dataset", text, [
        "Ubah metadata", "Bidang urusan", "Lisensi", "Hapus", "Isian wajib"])


OVERFLOWING = """() => Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .filter(e => e.parentElement.getBoundingClientRect().right <= window.innerWidth + 0.5)
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
       (e.className ? '.' + String(e.className).trim().split(/\\s+/).join('.') : ''))"""


@pytest.mark.parametrize("name, path", [
    ("beranda-ponsel", "/"),
    ("halaman-dataset-ponsel", "/dataset/jumlah-posyandu-aktif"),
])
def test_pages_fit_a_phone_screen(new_page, portal, artifacts, proper_names,
                                  dataset, name, path):
    visit = Visit(new_page(width=390, height=844), portal, artifacts, proper_names)
    visit.open(name, path)
    scroll_width, inner_width = visit.page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    culprits = visit.page.evaluate(OVERFLOWING)
    assert scroll_width <= inner_width, (
        f"{name}: {scroll_width - inner_width}px horizontal overflow on a "
        f"{inner_width}px screen; outermost overflowing elements: {culprits}")
