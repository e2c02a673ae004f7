"""Open statistics in Debian's Chromium, as an anonymous visitor: from the home
page to the posyandu counts per kelurahan, charted (Chart.js), compared in a
sortable table, downloaded as CSV; the search result downloaded as one ZIP;
the kelurahan comparison of the profiles. Screenshots (and the downloads)
go to test-artifacts/."""
from __future__ import annotations

import zipfile

import pytest

import ckan.tests.factories as factories

from tests.helpers import call_as, publish, statistik_sektoral
from tests.e2e.waiting import wait_until

pytestmark = pytest.mark.browser

KELURAHAN = (("balowerti", "Balowerti", "35.71.02.1002", "Kota"),
             ("bandar-lor", "Bandar Lor", "35.71.01.1001", "Mojoroto"),
             ("bangsal", "Bangsal", "35.71.03.1001", "Pesantren"))
POSYANDU = {"Balowerti": (5, 6, 9), "Bandar Lor": (7, 7, 8), "Bangsal": (4, 4, 3)}

CHART_POINTS_ARE = """([id, count]) => {
  const chart = window.Chart && window.Chart.getChart(document.getElementById(id));
  return chart && chart.data.datasets[0].data.length === count;
}"""


@pytest.fixture
def statistics(portal, sysadmin, create_with_upload):
    """Dinas Kesehatan's published table of posyandu per kelurahan (three
    kelurahan, 2023–2025), a kelurahan's draft, and two published profiles."""
    organizations = {slug: factories.Organization(
        name=f"kelurahan-{slug}", title=f"Kelurahan {nama}", jenis_organisasi="kelurahan",
        kode_wilayah=kode, kecamatan=kecamatan, description=f"Kelurahan di Kecamatan {kecamatan}.",
        image_url="") for slug, nama, kode, kecamatan in KELURAHAN}
    dinkes = factories.Organization(name="dinkes", title="Dinas Kesehatan Kota Kediri",
                                    jenis_organisasi="produsen", description="", image_url="")
    rows = ["kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan"]
    for _, nama, kode, _ in KELURAHAN:
        for year, value in zip((2023, 2024, 2025), POSYANDU[nama]):
            rows.append(f"{kode},{nama},{year},Jumlah posyandu,{value},unit")
    dataset = call_as(sysadmin, "package_create", **statistik_sektoral(
        dinkes["id"], name="jumlah-posyandu-per-kelurahan",
        title="Jumlah posyandu per kelurahan", ukuran="jumlah",
        notes="Jumlah posyandu di setiap kelurahan.", produsen="Dinas Kesehatan Kota Kediri",
        tag_string="posyandu"))
    create_with_upload("\n".join(rows) + "\n", "jumlah-posyandu.csv", package_id=dataset["id"],
                       name="Jumlah posyandu 2023–2025", context={"user": sysadmin["name"]})
    publish(sysadmin, dataset)
    call_as(sysadmin, "package_create", **statistik_sektoral(
        organizations["bangsal"]["id"], name="draf-bangsal", title="Statistik draf Bangsal"))
    for slug, male, posyandu in (("balowerti", 3120, 7), ("bandar-lor", 4410, 9)):
        owner = organizations[slug]
        publish(sysadmin, call_as(sysadmin, "package_create", **{
            "type": "profil-kelurahan", "owner_org": owner["id"], "name": f"profil-{slug}-2025",
            "title": f"Profil {owner['title']} 2025", "tahun": "2025",
            "penduduk_laki_laki": str(male), "penduduk_perempuan": str(male + 100),
            "jumlah_kk": "2000", "jumlah_rw": "6", "jumlah_rt": "31", "luas_km2": "0.91",
            "jumlah_posyandu": str(posyandu), "produsen": owner["title"],
            "klasifikasi_akses": "terbuka"}))
    return portal


@pytest.fixture
def browser_page(new_page, statistics):
    page = new_page()
    page.failures = []
    page.on("pageerror", lambda error: page.failures.append(f"JS: {error}"))
    page.on("response", lambda response: response.status >= 400
            and response.url.startswith(statistics.url)
            and page.failures.append(f"{response.status} {response.url}"))
    return page


def comparison_column(page, column):
    return page.locator("table.satudata-sortable tbody tr").evaluate_all(
        f"rows => rows.map(r => r.cells[{column}].textContent.trim())")


def test_a_visitor_finds_charts_compares_and_downloads_posyandu_per_kelurahan(
        browser_page, statistics, artifacts):
    page = browser_page
    page.goto(statistics("/"))
    home = page.inner_text("body")
    for text in ("Cari data", "Dataset per bidang urusan", "Kesehatan",
                 "Dataset per kecamatan", "Kecamatan Kota", "Dataset terbaru",
                 "Jumlah posyandu per kelurahan", "Peta kota"):
        assert text in home, text
    assert "Statistik draf Bangsal" not in home
    page.locator('[data-module="satudata-city-map"].leaflet-container').wait_for()
    page.screenshot(path=artifacts / "statistik-beranda.png", full_page=True)

    page.get_by_role("navigation", name="Jelajahi data").get_by_role(
        "link", name="Statistik sektoral").click()
    page.wait_for_url("**/statistik")
    page.screenshot(path=artifacts / "statistik-daftar.png", full_page=True)
    page.get_by_role("link", name="Jumlah posyandu per kelurahan").click()
    page.wait_for_url("**/statistik/jumlah-posyandu-per-kelurahan")

    # The series over the three years and the comparison, drawn by Chart.js.
    wait_until(page, CHART_POINTS_ARE, ["grafik-seri", 3])
    wait_until(page, CHART_POINTS_ARE, ["grafik-perbandingan", 3])
    text = page.inner_text("body")
    assert "Nilai terbaru" in text and "20 unit" in text
    assert "Jumlah seluruh wilayah (3 wilayah)" in text
    assert comparison_column(page, 0) == ["Balowerti", "Bandar Lor", "Bangsal"]
    assert comparison_column(page, 1) == ["9", "8", "3"]
    page.screenshot(path=artifacts / "statistik-indikator.png", full_page=True)

    # The table sorts by a column, both ways.
    page.get_by_role("button", name="Wilayah").click()
    assert comparison_column(page, 0) == ["Balowerti", "Bandar Lor", "Bangsal"]
    page.get_by_role("button", name="Wilayah").click()
    assert comparison_column(page, 0) == ["Bangsal", "Bandar Lor", "Balowerti"]
    page.get_by_role("button", name="Perubahan").click()
    assert comparison_column(page, 0)[0] == "Balowerti"      # +3, the largest change

    # Another period for the comparison.
    page.select_option("#satudata-periode", "2023")
    with page.expect_navigation():
        page.get_by_role("button", name="Tampilkan").click()
    wait_until(page, """() => {
      const chart = window.Chart.getChart(document.getElementById('grafik-perbandingan'));
      return chart && chart.data.datasets[0].label === '2023';
    }""")
    assert comparison_column(page, 0) == ["Bandar Lor", "Balowerti", "Bangsal"]
    assert comparison_column(page, 1) == ["7", "5", "4"]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh CSV (semua wilayah dan periode)").click()
    download = download_info.value
    download.save_as(artifacts / "statistik-jumlah-posyandu.csv")
    content = (artifacts / "statistik-jumlah-posyandu.csv").read_text(encoding="utf-8-sig")
    assert content.splitlines()[0] == "kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan"
    assert "35.71.02.1002,Balowerti,2025,Jumlah posyandu per kelurahan,9,unit" in content
    assert not page.failures, page.failures


def test_a_visitor_downloads_the_search_result_as_one_zip(browser_page, statistics, artifacts):
    page = browser_page
    page.goto(statistics("/"))
    page.fill("#field-main-search", "posyandu")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dataset/?q=posyandu")
    assert "Bidang urusan" in page.inner_text(".secondary")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh 1 dataset sekaligus (ZIP)").click()
    path = artifacts / "unduhan-pencarian.zip"
    download_info.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [
            "daftar-isi.csv", "jumlah-posyandu-per-kelurahan/jumlah-posyandu.csv"]
    assert not page.failures, page.failures


def test_the_kelurahan_comparison_of_the_profiles(browser_page, statistics, artifacts):
    page = browser_page
    page.goto(statistics("/statistik/perbandingan-kelurahan"))
    wait_until(page, CHART_POINTS_ARE, ["grafik-profil", 2])
    assert "2 dari 46 kelurahan" in page.inner_text("body")
    page.select_option("#satudata-kolom", label="Jumlah posyandu")
    wait_until(page, """() => {
      const chart = window.Chart.getChart(document.getElementById('grafik-profil'));
      return chart.data.datasets[0].label === 'Jumlah posyandu';
    }""")
    page.screenshot(path=artifacts / "statistik-perbandingan-kelurahan.png", full_page=True)
    assert not page.failures, page.failures


@pytest.mark.parametrize("name, path", [
    ("statistik-indikator-ponsel", "/statistik/jumlah-posyandu-per-kelurahan"),
    ("statistik-perbandingan-ponsel", "/statistik/perbandingan-kelurahan"),
    ("statistik-beranda-ponsel", "/"),
])
def test_statistics_pages_fit_a_phone_screen(new_page, statistics, artifacts, name, path):
    page = new_page(width=375, height=800)
    page.goto(statistics(path))
    page.wait_for_load_state("networkidle")
    page.screenshot(path=artifacts / f"{name}.png", full_page=True)
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{name}: {scroll_width - inner_width}px too wide"
