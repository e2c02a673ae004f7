"""Pages of a portal configured for another region: the search facets tell
two kecamatan named Wates apart, the page of a desa of Kabupaten Kediri
loads only its own organisation, the home page names the region."""
import contextlib
import html
import json
import re

import pytest
from sqlalchemy import event

import ckan.model as model
import ckan.tests.factories as factories

from ckanext.satudata import config, reference
from ckanext.satudata.interop import vocabulary
from ckanext.satudata.reference import organizations
from tests.helpers import call_as, publish, statistik_sektoral
from tests.map_samples import point_layer

TWO_KABUPATEN = "35.05 35.06"
#: Desa Wates of Kecamatan Wates in Kabupaten Blitar and in Kabupaten Kediri.
WATES_BLITAR = "35.05.20.2007"
WATES_KEDIRI = "35.06.06.2005"

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def _organization(kode):
    desa = reference.by_code(kode)
    return factories.Organization(
        name=desa.organization_name, title=desa.title, jenis_organisasi="kelurahan",
        kode_wilayah=kode)


def _published(sysadmin, organization, name):
    dataset = call_as(sysadmin, "package_create", **statistik_sektoral(
        organization["id"], name=name, produsen=organization["title"]))
    publish(sysadmin, dataset)
    return dataset


def _facet(search, name):
    return {item["name"]: (item["display_name"], item["count"])
            for item in search["search_facets"][name]["items"]}


@contextlib.contextmanager
def statements():
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(f"{statement} {parameters}")

    event.listen(model.meta.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(model.meta.engine, "before_cursor_execute", count)


@pytest.mark.usefixtures("clean_index")
@pytest.mark.ckan_config("ckanext.satudata.wilayah", TWO_KABUPATEN)
def test_the_kecamatan_facet_tells_the_two_wates_apart_by_code(sysadmin, app):
    blitar = _published(sysadmin, _organization(WATES_BLITAR), "posyandu-wates-blitar")
    kediri = _published(sysadmin, _organization(WATES_KEDIRI), "posyandu-wates-kediri")

    search = call_as(None, "package_search", **{
        "facet.field": ["kode_kecamatan", "kode_kabupaten", "kode_kelurahan"]})

    assert _facet(search, "kode_kecamatan") == {
        "35.05.20": ("Wates (Kabupaten Blitar)", 1), "35.06.06": ("Wates (Kabupaten Kediri)", 1)}
    assert _facet(search, "kode_kabupaten") == {
        "35.05": ("Kabupaten Blitar", 1), "35.06": ("Kabupaten Kediri", 1)}
    assert _facet(search, "kode_kelurahan") == {
        WATES_BLITAR: ("Wates (Kec. Wates, Kabupaten Blitar)", 1),
        WATES_KEDIRI: ("Wates (Kec. Wates, Kabupaten Kediri)", 1)}
    in_kediri = call_as(None, "package_search", fq='kode_kecamatan:"35.06.06"')
    assert [d["name"] for d in in_kediri["results"]] == [kediri["name"]]
    in_blitar = call_as(None, "package_search", fq='kode_kabupaten:"35.05"')
    assert [d["name"] for d in in_blitar["results"]] == [blitar["name"]]
    # the name is still indexed for older links
    assert call_as(None, "package_search", fq='kecamatan:"Wates"')["count"] == 2

    page = app.get("/dataset/").get_data(as_text=True)
    assert "Wates (Kabupaten Blitar)" in page and "Wates (Kabupaten Kediri)" in page
    assert "kode_kecamatan=35.06.06" in page
    chosen = app.get("/dataset/", query_string={"kode_kecamatan": "35.06.06"}).get_data(
        as_text=True)
    assert "posyandu-wates-kediri" in chosen and "posyandu-wates-blitar" not in chosen
    assert "Desa/Kelurahan" in page   # the facet's title: the region has both


@pytest.mark.usefixtures("clean_index")
def test_an_organisation_without_area_extras_is_indexed_and_shown(sysadmin):
    agency = factories.Organization(name="dinas-kesehatan", title="Dinas Kesehatan",
                                    jenis_organisasi="produsen")
    dataset = _published(sysadmin, agency, "posyandu-dinkes")

    assert call_as(None, "organization_show", id=agency["id"])["name"] == "dinas-kesehatan"
    found = call_as(None, "package_search", fq='name:"posyandu-dinkes"',
                    **{"facet.field": ["kode_kecamatan"]})
    assert [d["name"] for d in found["results"]] == [dataset["name"]]
    assert found["search_facets"]["kode_kecamatan"]["items"] == []


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.06")
def test_the_page_of_a_desa_of_kabupaten_kediri_does_not_load_every_organisation(app):
    wates = reference.by_code(WATES_KEDIRI)
    _organization(WATES_KEDIRI)
    url = f"/kelurahan/{wates.slug}"
    app.get(url)   # caches filled

    with statements() as few:
        page = app.get(url).get_data(as_text=True)
    for desa in reference.current().kelurahan[:25]:
        if desa.kode != WATES_KEDIRI:
            _organization(desa.kode)
    with statements() as many:
        again = app.get(url).get_data(as_text=True)

    assert "Desa Wates" in page and "Kecamatan Wates, Kabupaten Kediri" in page
    assert len(many) == len(few)
    others = [k.organization_name for k in reference.current().kelurahan
              if k.kode != WATES_KEDIRI]
    assert not [name for name in others if any(f"'{name}'" in s for s in many)]
    config = json.loads(html.unescape(again.split('data-module-config="')[1].split('"')[0]))
    assert [k["code"] for k in config["kelurahanList"]] == [WATES_KEDIRI]


@pytest.mark.ckan_config("ckanext.satudata.wilayah", TWO_KABUPATEN)
def test_the_home_page_names_the_region_and_counts_by_kabupaten(app):
    page = app.get("/").get_data(as_text=True)

    assert "Kabupaten Blitar dan Kabupaten Kediri" in page
    assert "Dataset per kabupaten/kota" in page
    assert "/dataset/?kode_kabupaten=35.05" in page
    assert "Kota Kediri" not in re.sub(r"<title>.*?</title>", "", page, flags=re.S) \
        or "Satu Data Kota Kediri" in page


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.06")
def test_the_home_page_of_kabupaten_kediri_lists_its_kecamatan_by_code(app):
    page = app.get("/").get_data(as_text=True)

    assert "Portal Satu Data Kabupaten Kediri menghimpun data dari 344 desa/kelurahan" in page
    assert "Dataset per kecamatan" in page
    assert "/dataset/?kode_kecamatan=35.06.06" in page
    assert "Kecamatan Mojoroto" not in page


def test_the_home_page_of_kota_kediri_keeps_its_three_kecamatan(app):
    page = app.get("/").get_data(as_text=True)

    for kode, name in (("35.71.01", "Mojoroto"), ("35.71.02", "Kota"),
                       ("35.71.03", "Pesantren")):
        assert f"/dataset/?kode_kecamatan={kode}" in page
        assert f"Kecamatan {name}" in page
    assert "Portal Satu Data Kota Kediri menghimpun data dari 46 kelurahan: profil kelurahan" in page
    assert "Dataset per kecamatan" in page


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.06")
def test_the_about_page_and_the_catalogue_name_the_configured_region(app):
    page = app.get("/about").get_data(as_text=True)

    assert "Satu Data Kabupaten Kediri (Perpres 39/2019) adalah portal data desa/kelurahan" in page
    credits = page.split("Sumber daftar wilayah")[1].split("</section>")[0]
    assert "idn-area-data" in credits and "Kota Kediri" not in credits
    assert vocabulary.region_area() == ("35.06", "Kabupaten Kediri")
    assert (vocabulary.CITY_CODE, vocabulary.CITY_NAME) == ("35.06", "Kabupaten Kediri")


def test_kota_kediri_keeps_its_box_and_its_name():
    assert config.city_bbox() == (111.95, -7.92, 112.08, -7.74)
    assert (vocabulary.CITY_CODE, vocabulary.CITY_NAME) == ("35.71", "Kota Kediri")


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.06")
def test_another_region_without_boundaries_or_box_accepts_all_of_indonesia():
    min_lon, min_lat, max_lon, max_lat = config.city_bbox()
    assert min_lon < 95.3 and max_lon > 141 and min_lat < -11 and max_lat > 6   # Sabang to Merauke


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.06")
@pytest.mark.ckan_config("ckanext.satudata.city_bbox", "111.8 -8.0 112.4 -7.5")
def test_the_box_set_for_the_region_wins():
    assert config.city_bbox() == (111.8, -8.0, 112.4, -7.5)


@pytest.mark.ckan_config("ckanext.satudata.wilayah", TWO_KABUPATEN)
@pytest.mark.ckan_config("ckan.datasets_per_page", 2)
def test_the_organisation_list_is_paged_and_filtered_by_kabupaten(app):
    for kode in (WATES_BLITAR, WATES_KEDIRI, "35.06.11.2005"):
        factories.Organization(**organizations.kelurahan_organization(reference.by_code(kode)))

    first = app.get("/organization/").get_data(as_text=True)
    blitar = app.get("/organization/", query_string={"q": "Kabupaten Blitar"}).get_data(
        as_text=True)

    assert "/organization/?q=Kabupaten+Blitar" in first or \
        "/organization/?q=Kabupaten%20Blitar" in first
    assert "page=2" in first   # three organisations, two a page
    assert first.count('class="media-heading"') == 2
    assert blitar.count('class="media-heading"') == 1
    assert "Kecamatan Wates, Kabupaten Blitar" in blitar or "Desa Wates" in blitar


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.06")
def test_a_desa_and_the_map_of_kabupaten_kediri_are_named_as_desa_and_kabupaten(app):
    wates = reference.by_code(WATES_KEDIRI)
    _organization(WATES_KEDIRI)

    page = app.get(f"/kelurahan/{wates.slug}").get_data(as_text=True)
    assert '<h2 class="h4">Profil desa</h2>' in page
    assert "Kantor desa dan titik di peta" in page and "Lihat di peta kabupaten" in page
    for wrong in ("Profil kelurahan", "Kantor kelurahan", "peta kota", "kelurahan ini"):
        assert wrong not in page, wrong
    config = json.loads(html.unescape(page.split('data-module-config="')[1].split('"')[0]))
    assert config["texts"]["kelurahan"] == "Desa"

    region = reference.current().jenis_plural   # 343 desa and one kelurahan
    assert region == "desa/kelurahan"
    peta = app.get("/peta").get_data(as_text=True)
    assert "Peta titik Kabupaten Kediri" in peta
    assert "Kantor desa/kelurahan, posyandu" in peta and "Semua desa/kelurahan" in peta
    assert '<label for="satudata-map-kelurahan" class="form-label">Desa/kelurahan</label>' in peta
    for wrong in ("Kantor kelurahan", "Semua kelurahan", "atau kelurahan,", "peta kota"):
        assert wrong not in peta, wrong

    home = app.get("/").get_data(as_text=True)
    assert "Peta kabupaten" in home and "Perbandingan desa/kelurahan" in home
    assert "Peta kota" not in home and "Perbandingan kelurahan" not in home


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.06")
def test_the_comparison_of_kabupaten_kediri_compares_desa(app):
    page = app.get("/statistik/perbandingan-kelurahan").get_data(as_text=True)

    assert "Perbandingan profil desa/kelurahan" in page
    assert "Belum ada profil desa/kelurahan yang terbit." in page
    assert "Perbandingan kelurahan" not in page and "profil kelurahan" not in page


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.06")
def test_the_point_editor_of_a_desa_office_says_desa(app, sysadmin):
    wates = _organization(WATES_KEDIRI)
    layer = call_as(sysadmin, "package_create", **point_layer(
        wates["id"], kind="kantor-kelurahan", name="kantor-desa-wates",
        produsen=wates["title"]))
    token = call_as(sysadmin, "api_token_create", user=sysadmin["name"], name="t")["token"]

    page = app.get(f"/peta-titik/{layer['name']}/sunting-titik",
                   headers={"Authorization": token}).get_data(as_text=True)

    assert "Lapisan Kantor desa Desa Wates." in page
    assert "Kelurahan Wates" not in page and "Kantor kelurahan" not in page


@pytest.mark.usefixtures("clean_index")
@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.06")
def test_the_profile_type_of_kabupaten_kediri_is_named_after_its_desa(app, sysadmin):
    token = call_as(sysadmin, "api_token_create", user=sysadmin["name"], name="t")["token"]
    headers = {"Authorization": token}

    chooser = app.get("/dataset/baru", headers=headers).get_data(as_text=True)
    assert "Profil desa/kelurahan" in chooser
    assert "Profil tahunan desa/kelurahan: penduduk" in chooser
    assert "Lapisan titik satu jenis (kantor desa/kelurahan, posyandu" in chooser
    form = app.get("/profil-kelurahan/new", headers=headers).get_data(as_text=True)
    assert "Tambah profil desa/kelurahan" in form
    assert "Profil desa/kelurahan mencatat keadaan desa/kelurahan setiap tahun" in form
    listing = app.get("/profil-kelurahan/").get_data(as_text=True)
    assert "Tidak ada profil desa/kelurahan yang ditemukan" in listing
    for page in (chooser, form, listing):
        assert "Profil kelurahan" not in page and "profil kelurahan" not in page
        assert "{jenis}" not in page


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.06")
def test_a_desa_that_is_not_in_kabupaten_kediri_is_not_found_in_its_words(app):
    response = app.get("/kelurahan/tidak-ada-di-sini")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Desa/kelurahan tidak ditemukan." in page and "Kelurahan tidak ditemukan" not in page


def test_a_kelurahan_that_is_not_in_kota_kediri_is_not_found(app):
    response = app.get("/kelurahan/tidak-ada-di-sini")
    assert response.status_code == 404
    assert "Kelurahan tidak ditemukan." in response.get_data(as_text=True)
