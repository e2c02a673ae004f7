"""Open statistics: counts, series and comparisons are computed from
published data only, through the API and the pages a visitor opens."""
from __future__ import annotations

import csv
import html
import importlib
import io
import re

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.tests.factories as factories
import ckan.plugins.toolkit as tk
from ckan.lib.search.query import PackageSearchQuery

from tests.helpers import call_as, publish, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

KELURAHAN = {  # slug: (name, Kemendagri code, kecamatan)
    "balowerti": ("Balowerti", "35.71.02.1002", "Kota"),
    "bandar-lor": ("Bandar Lor", "35.71.01.1001", "Mojoroto"),
    "bangsal": ("Bangsal", "35.71.03.1001", "Pesantren"),
}


def table(rows):
    lines = ["kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan"]
    lines += [f"{kode},{nama},{periode},Jumlah posyandu,{nilai},unit"
              for kode, nama, periode, nilai in rows]
    return "\n".join(lines) + "\n"


POSYANDU_ROWS = [
    ("35.71.02.1002", "Balowerti", "2023", 5), ("35.71.02.1002", "Balowerti", "2024", 6),
    ("35.71.02.1002", "Balowerti", "2025", 9),
    ("35.71.01.1001", "Bandar Lor", "2023", 7), ("35.71.01.1001", "Bandar Lor", "2024", 7),
    ("35.71.01.1001", "Bandar Lor", "2025", 8),
    ("35.71.03.1001", "Bangsal", "2024", 4), ("35.71.03.1001", "Bangsal", "2025", 3),
]


@pytest.fixture
def organizations(sysadmin):
    orgs = {slug: factories.Organization(
        name=f"kelurahan-{slug}", title=f"Kelurahan {nama}", jenis_organisasi="kelurahan",
        kode_wilayah=kode, kecamatan=kecamatan)
        for slug, (nama, kode, kecamatan) in KELURAHAN.items()}
    orgs["dinkes"] = factories.Organization(name="dinkes", title="Dinas Kesehatan",
                                            jenis_organisasi="produsen")
    return orgs


@pytest.fixture
def pic(sysadmin, organizations):
    user = factories.User()
    call_as(sysadmin, "organization_member_create", id=organizations["balowerti"]["id"],
            username=user["name"], role="editor")
    return user


@pytest.fixture
def make_statistic(sysadmin, create_with_upload):
    """make_statistic(owner, rows, published=True, **fields): a statistic
    with one uploaded table."""
    def make(owner, rows, published=True, **fields):
        dataset = call_as(sysadmin, "package_create", **statistik_sektoral(owner["id"], **fields))
        create_with_upload(table(rows), "data.csv", package_id=dataset["id"],
                           context={"user": sysadmin["name"]})
        if published:
            publish(sysadmin, dataset)
        return call_as(sysadmin, "package_show", id=dataset["id"])
    return make


@pytest.fixture
def posyandu(organizations, make_statistic):
    return make_statistic(organizations["dinkes"], POSYANDU_ROWS,
                          name="jumlah-posyandu-per-kelurahan",
                          title="Jumlah posyandu per kelurahan", ukuran="jumlah",
                          produsen="Dinas Kesehatan Kota Kediri")


def series(actor=None, **params):
    return call_as(actor, "satudata_indicator_series", **params)


# --- series -----------------------------------------------------------------

def test_a_published_city_table_gives_series_latest_value_and_comparison(posyandu):
    result = series(id="jumlah-posyandu-per-kelurahan")
    assert result["title"] == "Jumlah posyandu per kelurahan"
    assert result["metadata"]["bidang_urusan_label"] == "Kesehatan"
    assert result["metadata"]["frekuensi_label"] == "Tahunan"
    assert result["metadata"]["produsen"] == "Dinas Kesehatan Kota Kediri"
    assert result["aggregation"] == "jumlah"
    assert [(p["periode"], p["nilai"], p["wilayah"]) for p in result["series"]] == [
        ("2023", 12.0, 2), ("2024", 17.0, 3), ("2025", 20.0, 3)]
    assert result["latest"]["periode"] == "2025" and result["latest"]["nilai"] == 20.0
    comparison = result["comparison"]
    assert comparison["periode"] == "2025" and comparison["previous"]["periode"] == "2024"
    assert [(i["nama_wilayah"], i["nilai"], i["perubahan"]) for i in comparison["items"]] == [
        ("Balowerti", 9.0, 3.0), ("Bandar Lor", 8.0, 1.0), ("Bangsal", 3.0, -1.0)]
    [resource] = result["resources"]
    assert resource["format"] == "CSV" and resource["url"].endswith("/data.csv")


def test_the_comparison_of_an_earlier_period(posyandu):
    comparison = series(id=posyandu["name"], periode="2023")["comparison"]
    assert [i["nama_wilayah"] for i in comparison["items"]] == ["Bandar Lor", "Balowerti"]
    with pytest.raises(tk.ValidationError):
        series(id=posyandu["name"], periode="kemarin")


def test_a_draft_statistic_is_no_indicator_for_anyone(organizations, make_statistic, pic):
    make_statistic(organizations["balowerti"], POSYANDU_ROWS, published=False)
    for actor in (None, pic):
        with pytest.raises(tk.ObjectNotFound):
            series(actor, id="jumlah-posyandu-aktif")
    assert call_as(pic, "satudata_indicator_list")["count"] == 0


def test_a_withdrawn_statistic_leaves_the_statistics(posyandu, sysadmin):
    assert series(id=posyandu["name"])["latest"]["nilai"] == 20.0
    call_as(sysadmin, "satudata_withdraw", id=posyandu["id"], note="Angka salah.")
    with pytest.raises(tk.ObjectNotFound):
        series(id=posyandu["name"])


def test_indicator_of_the_kelurahan_sums_their_published_datasets_only(
        organizations, make_statistic, pic):
    """The same indicator (kode_indikator) published by each kelurahan is one
    indicator compared across them; a kelurahan's draft does not count, not
    even for its own PIC."""
    code = "balita-ditimbang"
    make_statistic(organizations["balowerti"], [("35.71.02.1002", "Balowerti", "2025-01", 120),
                                               ("35.71.02.1002", "Balowerti", "2025-02", 130)],
                   name="balita-balowerti", kode_indikator=code, satuan="jiwa")
    make_statistic(organizations["bandar-lor"], [("35.71.01.1001", "Bandar Lor", "2025-01", 80),
                                                ("35.71.01.1001", "Bandar Lor", "2025-02", 90)],
                   name="balita-bandar-lor", kode_indikator=code, satuan="jiwa")
    make_statistic(organizations["balowerti"], [("35.71.02.1002", "Balowerti", "2025-03", 999)],
                   name="balita-balowerti-maret", kode_indikator=code, satuan="jiwa",
                   published=False)
    for actor in (None, pic):
        result = series(actor, id=code)
        assert result["key"] == code
        assert result["title"] == "Balita ditimbang di posyandu"   # configured name
        assert [(p["label"], p["nilai"]) for p in result["series"]] == [
            ("Januari 2025", 200.0), ("Februari 2025", 220.0)]
        assert [i["nama_wilayah"] for i in result["comparison"]["items"]] == [
            "Balowerti", "Bandar Lor"]
        assert len(result["datasets"]) == 2
    # A dataset of the group, asked by its name, is the group.
    assert series(id="balita-bandar-lor")["key"] == code


def test_a_restricted_statistic_shows_its_metadata_but_no_figures(organizations,
                                                                   make_statistic):
    make_statistic(organizations["dinkes"], POSYANDU_ROWS, klasifikasi_akses="terbatas")
    result = series(id="jumlah-posyandu-aktif")
    assert result["restricted"] and result["series"] == [] and result["latest"] is None
    assert result["resources"] == []
    assert result["metadata"]["konsep"] == "Posyandu aktif"


def test_the_indicator_list_groups_by_sector(organizations, make_statistic, posyandu):
    make_statistic(organizations["balowerti"], [("35.71.02.1002", "Balowerti", "2025", 4)],
                   name="jumlah-sekolah", title="Jumlah sekolah", bidang_urusan="pendidikan")
    make_statistic(organizations["balowerti"], [("35.71.02.1002", "Balowerti", "2025", 1)],
                   name="draf-lain", title="Statistik draf", published=False)
    result = call_as(None, "satudata_indicator_list")
    assert result["count"] == 2
    assert [(s["label"], [i["title"] for i in s["indicators"]]) for s in result["sectors"]] == [
        ("Kesehatan", ["Jumlah posyandu per kelurahan"]), ("Pendidikan", ["Jumlah sekolah"])]
    assert call_as(None, "satudata_indicator_list", bidang_urusan="pendidikan")["count"] == 1
    assert call_as(None, "satudata_indicator_list", q="sekolah")["count"] == 1


def test_re_reading_the_statistics_is_for_sysadmins(posyandu, pic, sysadmin):
    with pytest.raises(tk.NotAuthorized):
        call_as(pic, "satudata_indicator_extract")
    assert call_as(sysadmin, "satudata_indicator_extract") == {"datasets": 1, "values": 8}
    assert call_as(sysadmin, "satudata_indicator_extract", id=posyandu["id"])["values"] == 8


# --- home page counts ------------------------------------------------------

def test_home_counts_are_of_published_datasets_only(organizations, make_statistic, pic):
    make_statistic(organizations["balowerti"], POSYANDU_ROWS, name="kesehatan-balowerti")
    make_statistic(organizations["bandar-lor"], POSYANDU_ROWS, name="sekolah-bandar-lor",
                   bidang_urusan="pendidikan")
    make_statistic(organizations["balowerti"], POSYANDU_ROWS, name="draf-balowerti",
                   published=False)
    for actor in (None, pic):   # the PIC's own draft is not counted either
        summary = call_as(actor, "satudata_statistics_summary")
        assert summary["total"] == 2
        assert [(s["label"], s["count"]) for s in summary["by_sector"]] == [
            ("Kesehatan", 1), ("Pendidikan", 1)]
        assert {k["value"]: k["count"] for k in summary["by_kecamatan"]} == {
            "Kota": 1, "Mojoroto": 1, "Pesantren": 0}
        assert {t["value"]: t["count"] for t in summary["by_type"]}["statistik-sektoral"] == 2
        assert {d["name"] for d in summary["latest"]} == {"kesehatan-balowerti",
                                                         "sekolah-bandar-lor"}
        assert [i["key"] for i in summary["indicators"]] == ["sekolah-bandar-lor",
                                                             "kesehatan-balowerti"]


# --- kelurahan comparison of the profiles ----------------------------------

def profile(owner, year, **values):
    data = {"type": "profil-kelurahan", "owner_org": owner["id"],
            "name": f"profil-{owner['name']}-{year}", "title": f"Profil {owner['title']} {year}",
            "tahun": str(year), "penduduk_laki_laki": "3000", "penduduk_perempuan": "3100",
            "jumlah_kk": "2000", "jumlah_rw": "6", "jumlah_rt": "30", "luas_km2": "2",
            "produsen": owner["title"], "klasifikasi_akses": "terbuka"}
    data.update({k: str(v) for k, v in values.items()})
    return data


def test_kelurahan_comparison_has_all_46_with_published_profiles_only(
        organizations, sysadmin):
    for slug, posyandu_count in (("balowerti", 7), ("bandar-lor", 9)):
        publish(sysadmin, call_as(sysadmin, "package_create", **profile(
            organizations[slug], 2025, jumlah_posyandu=posyandu_count)))
    call_as(sysadmin, "package_create", **profile(organizations["bangsal"], 2025,
                                                  jumlah_posyandu=50))    # a draft
    publish(sysadmin, call_as(sysadmin, "package_create", **profile(
        organizations["balowerti"], 2024, jumlah_posyandu=6)))

    result = call_as(None, "satudata_kelurahan_comparison")
    assert result["tahun"] == "2025" and result["years"] == ["2025", "2024"]
    assert result["kelurahan"] == 46 and result["reporting"] == 2
    rows = {r["nama"]: r for r in result["rows"]}
    assert rows["Balowerti"]["values"]["jumlah_posyandu"] == 7
    assert rows["Balowerti"]["values"]["jumlah_penduduk"] == 6100
    assert rows["Balowerti"]["values"]["kepadatan_penduduk"] == 3050
    assert rows["Bangsal"]["dataset"] is None
    assert set(rows["Bangsal"]["values"].values()) == {None}
    assert result["totals"]["jumlah_posyandu"] == 16
    labels = [c["label"] for c in result["columns"]]
    assert "Jumlah posyandu" in labels and "Jumlah penduduk (jiwa)" in labels

    earlier = call_as(None, "satudata_kelurahan_comparison", tahun="2024")
    assert earlier["reporting"] == 1
    with pytest.raises(tk.ValidationError):
        call_as(None, "satudata_kelurahan_comparison", tahun="dua ribu")


# --- facets -----------------------------------------------------------------

def test_search_facets_for_planners(organizations, make_statistic, posyandu):
    make_statistic(organizations["balowerti"], [("35.71.02.1002", "Balowerti", "2024-01", 5)],
                   name="bulanan-balowerti", frekuensi="bulanan", tahun="2024")
    facets = call_as(None, "package_search", **{
        "facet.field": '["bidang_urusan", "kecamatan", "kelurahan", "tahun", "frekuensi", '
                       '"res_format"]'})["search_facets"]
    items = {name: {i["name"]: (i["display_name"], i["count"]) for i in facet["items"]}
             for name, facet in facets.items()}
    assert items["bidang_urusan"] == {"kesehatan": ("Kesehatan", 2)}
    assert items["kecamatan"] == {"Kota": ("Kota", 1)}
    assert items["kelurahan"] == {"Balowerti": ("Balowerti", 1)}
    assert items["tahun"] == {"2025": ("2025", 1), "2024": ("2024", 1)}
    assert items["frekuensi"] == {"tahunan": ("Tahunan", 1), "bulanan": ("Bulanan", 1)}
    assert items["res_format"] == {"CSV": ("CSV", 2)}
    found = call_as(None, "package_search", fq='kelurahan:"Balowerti" frekuensi:"bulanan"')
    assert [d["name"] for d in found["results"]] == ["bulanan-balowerti"]


def test_facet_links_add_and_remove_one_filter_and_keep_the_search(
        app, organizations, make_statistic, posyandu):
    make_statistic(organizations["balowerti"], [("35.71.02.1002", "Balowerti", "2024-01", 5)],
                   name="bulanan-balowerti", title="Posyandu bulanan Balowerti",
                   frekuensi="bulanan", tahun="2024")
    page = app.get("/dataset/", query_string=[("q", "posyandu"), ("tahun", "2024"),
                                              ("page", "1")]).get_data(as_text=True)
    assert "Posyandu bulanan Balowerti" in page
    links = {html.unescape(href) for href in re.findall(r'<a hx-boost="true" href="([^"]+)"',
                                                          page)}
    # the chosen year's link removes it, keeping the words searched
    assert "/dataset/?q=posyandu" in links
    # another facet's link adds its value to the search and the chosen year
    assert "/dataset/?q=posyandu&tahun=2024&frekuensi=bulanan" in links
    assert not any("page=" in link for link in links)


# --- pages ------------------------------------------------------------------

def text(response):
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_statistics_pages_show_the_indicator_chart_comparison_and_downloads(app, posyandu):
    index = text(app.get("/statistik"))
    assert "Kesehatan" in index and "Jumlah posyandu per kelurahan" in index
    assert "/statistik/jumlah-posyandu-per-kelurahan" in index

    page = text(app.get("/statistik/jumlah-posyandu-per-kelurahan"))
    assert "Nilai terbaru" in page and "20 <span class=\"satudata-unit\">unit</span>" in page
    assert 'data-module="satudata-chart"' in page and "grafik-seri-data" in page
    assert 'data-module="satudata-sortable-table"' in page
    assert "Perbandingan antarwilayah" in page and "+3" in page
    assert "/statistik/jumlah-posyandu-per-kelurahan/unduh.csv" in page
    assert "satudata_indicator_series" in page and "Posyandu aktif" in page

    download = app.get("/statistik/jumlah-posyandu-per-kelurahan/unduh.csv")
    assert download.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 8
    assert rows[0] == {"kode_wilayah": "35.71.01.1001", "nama_wilayah": "Bandar Lor",
                       "periode": "2023", "indikator": "Jumlah posyandu per kelurahan",
                       "nilai": "7", "satuan": "unit"}

    app.get("/statistik/tidak-ada", status=404)


def test_kelurahan_comparison_page_and_csv(app, organizations, sysadmin):
    publish(sysadmin, call_as(sysadmin, "package_create", **profile(
        organizations["balowerti"], 2025, jumlah_posyandu=7, luas_km2="0,91")))
    page = text(app.get("/statistik/perbandingan-kelurahan", query_string={"tahun": "2025"}))
    assert "1 dari 46 kelurahan" in page and "Balowerti" in page and "Setonopande" in page
    assert "0,91" in page and "6.100" in page
    download = app.get("/statistik/perbandingan-kelurahan/unduh.csv",
                       query_string={"tahun": "2025"})
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 46
    balowerti = next(r for r in rows if r["nama_kelurahan"] == "Balowerti")
    assert (balowerti["jumlah_posyandu"], balowerti["luas_km2"], balowerti["tahun"]) == (
        "7", "0.91", "2025")


def test_home_page_counts_and_links(app, organizations, posyandu, make_statistic):
    make_statistic(organizations["balowerti"], POSYANDU_ROWS, name="draf", published=False)
    page = text(app.get("/"))
    assert "Dataset per bidang urusan" in page and "1 dataset terbit." in page
    assert "Kecamatan Mojoroto" in page and "Dataset terbaru" in page
    assert "Jumlah posyandu per kelurahan" in page
    assert 'href="http://test.ckan.net/statistik/jumlah-posyandu-per-kelurahan"' in page
    assert 'name="q"' in page     # CKAN's search box
    for link in ("/statistik", "/statistik/perbandingan-kelurahan", "/organization/", "/peta"):
        assert f'href="{link}"' in page, link
    assert 'data-module="satudata-city-map"' in page
    assert "/dataset/?bidang_urusan=kesehatan" in page


# --- /statistik at scale: the indicator list from the publication's tables ---

class QueryCounter:
    """Counts the SQL statements and the Solr searches while it listens."""

    def __init__(self, monkeypatch):
        self.sql = self.solr = 0
        run = PackageSearchQuery.run

        def counted_run(query, *args, **kwargs):
            self.solr += 1
            return run(query, *args, **kwargs)
        monkeypatch.setattr(PackageSearchQuery, "run", counted_run)

    def __call__(self, *args, **kwargs):
        self.sql += 1

    def page(self, app, url):
        """(SQL statements, Solr searches) of one GET of `url`, and its text."""
        self.sql = self.solr = 0
        sa.event.listen(model.meta.engine, "before_cursor_execute", self)
        try:
            body = text(app.get(url))
        finally:
            sa.event.remove(model.meta.engine, "before_cursor_execute", self)
        return (self.sql, self.solr), body


def test_the_indicator_list_shows_published_statistics_only_while_published(
        app, organizations, make_statistic, posyandu, sysadmin):
    make_statistic(organizations["balowerti"], POSYANDU_ROWS, name="draf-sekolah",
                   title="Jumlah sekolah draf", bidang_urusan="pendidikan", published=False)
    index = text(app.get("/statistik"))
    assert "Jumlah posyandu per kelurahan" in index
    assert "Jumlah sekolah draf" not in index and "Pendidikan (" not in index

    call_as(sysadmin, "satudata_withdraw", id=posyandu["id"], note="Angka salah.")
    index = text(app.get("/statistik"))
    assert "Jumlah posyandu per kelurahan" not in index
    assert "Belum ada indikator yang terbit." in index
    assert call_as(None, "satudata_indicator_list")["count"] == 0


def test_the_statistics_page_costs_the_same_queries_with_more_statistics(
        app, organizations, make_statistic, posyandu, monkeypatch):
    make_statistic(organizations["balowerti"], POSYANDU_ROWS[:1], name="statistik-balita",
                   kode_indikator="balita-ditimbang")
    counter = QueryCounter(monkeypatch)
    counter.page(app, "/statistik")                    # caches warm
    before, _body = counter.page(app, "/statistik")
    for n, slug in enumerate(("balowerti", "bandar-lor", "bangsal")):
        make_statistic(organizations[slug], POSYANDU_ROWS[:1], name=f"statistik-{n}",
                       title=f"Statistik lain {n}", kode_indikator="balita-ditimbang"
                       if n else "")
    counter.page(app, "/statistik")
    after, body = counter.page(app, "/statistik")
    assert "Statistik lain 0" in body and "Balita ditimbang di posyandu" in body
    assert after == before
    assert after[1] == 0      # no search of the datasets: the tables of the publication


def test_statistics_without_an_indicator_code_are_listed_a_page_at_a_time(
        app, organizations, make_statistic, posyandu, monkeypatch):
    views = importlib.import_module("ckanext.satudata.views.statistics")
    for name, title in (("air-bersih", "Akses air bersih"), ("sampah", "Timbulan sampah")):
        make_statistic(organizations["dinkes"], POSYANDU_ROWS[:2], name=name, title=title)
    for slug in ("balowerti", "bandar-lor"):
        make_statistic(organizations[slug], POSYANDU_ROWS[:1], name=f"balita-{slug}",
                       kode_indikator="balita-ditimbang")

    result = call_as(None, "satudata_indicator_list", limit=1)
    [sector] = result["sectors"]
    assert (result["count"], sector["count"], sector["standalone"], sector["more"]) == (
        4, 4, 3, 2)
    assert [i["title"] for i in sector["indicators"]] == [
        "Akses air bersih", "Balita ditimbang di posyandu"]
    assert [i["title"] for i in call_as(None, "satudata_indicator_list", limit=1,
                                        offset=2)["sectors"][0]["indicators"]] == [
        "Timbulan sampah"]

    monkeypatch.setattr(views, "LISTED_PER_SECTOR", 1)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    index = text(app.get("/statistik"))
    assert "Akses air bersih" in index and "Balita ditimbang di posyandu" in index
    assert "Jumlah posyandu per kelurahan" not in index
    assert "Lihat semua 4 indikator bidang Kesehatan" in index
    assert "/statistik?bidang_urusan=kesehatan" in index
    first = text(app.get("/statistik", query_string={"bidang_urusan": "kesehatan"}))
    assert "Jumlah posyandu per kelurahan" in first and "Timbulan sampah" not in first
    assert "page=2" in first
    second = text(app.get("/statistik", query_string={"bidang_urusan": "kesehatan",
                                                      "page": "2"}))
    assert "Timbulan sampah" in second and "Akses air bersih" not in second
