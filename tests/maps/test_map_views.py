"""The map pages as a visitor gets them: /peta, its GeoJSON (cached), the
downloads of the visible selection, the kelurahan page, the links to them and
a point layer's extent on its dataset page."""
from __future__ import annotations

import csv
import gzip
import io
import json

import pytest

import ckan.tests.helpers as helpers

from tests.helpers import call_as, publish
from tests.map_samples import BALOWERTI

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")



def profile(slug, year, **figures):
    data = {"type": "profil-kelurahan", "name": f"profil-{slug}-{year}",
            "title": f"Profil {slug} {year}", "owner_org": f"kelurahan-{slug}",
            "tahun": str(year), "penduduk_laki_laki": "3000", "penduduk_perempuan": "3100",
            "jumlah_kk": "2000", "jumlah_rw": "6", "jumlah_rt": "30", "luas_km2": "1.25",
            "produsen": "Kelurahan", "klasifikasi_akses": "terbuka"}
    data.update(figures)
    return data


def test_the_map_page_lists_layers_filters_and_downloads(app, published_map):
    page = app.get("/peta").get_data(as_text=True)
    assert 'data-module="satudata-point-map"' in page
    assert "Peta titik Kota Kediri" in page
    assert "7 titik terbit" in page
    for label in ("Kantor kelurahan", "Posyandu", "Pos kamling", "RT (rukun tetangga)"):
        assert label in page
    assert '<option value="35.71.01" >Mojoroto</option>' in page
    assert f'value="{BALOWERTI}" data-kecamatan="35.71.02"' in page
    assert 'href="/peta/unduh.csv"' in page
    assert '-map.js' in page and '-leaflet.js' in page
    assert 'https://' not in page.split('data-module-config="')[1].split('"')[0].replace(
        "https://tile.openstreetmap.org", "")


def test_the_main_menu_links_the_map(app):
    page = app.get("/dataset/").get_data(as_text=True)
    assert '<a href="/peta">Peta</a>' in page


def test_the_map_loads_the_light_geojson_cached_by_version(app, published_map, sysadmin):
    response = app.get("/peta/titik.geojson")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/geo+json")
    collection = response.json
    assert collection["count"] == 7
    assert "attributes" not in collection["features"][0]["properties"]
    etag = response.headers["ETag"]

    assert app.get("/peta/titik.geojson", headers={"If-None-Match": etag}).status_code == 304

    zipped = app.get("/peta/titik.geojson", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(zipped.get_data()))["count"] == 7

    call_as(sysadmin, "satudata_withdraw", id=published_map[1]["id"], note="Salah.")
    fresh = app.get("/peta/titik.geojson", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.json["count"] == 4


def test_downloads_hold_the_selection_with_attributes(app, published_map):
    geojson = app.get("/peta/unduh.geojson?kelurahan=35.71.02.1002&kind=posyandu")
    assert "attachment" in geojson.headers["Content-Disposition"]
    features = geojson.json["features"]
    assert len(features) == 2
    assert features[0]["properties"]["attributes"]["strata"] in ("madya", "purnama")

    response = app.get("/peta/unduh.csv?kecamatan=Kota&kind=rt")
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert sorted(row["rt"] for row in rows) == ["1", "2", "3"]
    assert {row["kelurahan"] for row in rows} == {"Balowerti"}
    assert rows[0]["latitude"].startswith("-7.81")
    assert "strata" not in rows[0]

    everything = app.get("/peta/unduh.csv").get_data(as_text=True).splitlines()
    assert len(everything) == 1 + 7
    assert app.get("/peta/unduh.csv?kind=sekolah", status=400).status_code == 400


def test_the_kelurahan_page_shows_profile_map_and_datasets(app, published_map, sysadmin):
    for year, male in ((2025, "3000"), (2026, "3150")):
        publish(sysadmin, call_as(sysadmin, "package_create",
                                  **profile("balowerti", year, penduduk_laki_laki=male)))
    call_as(sysadmin, "package_create", **profile("balowerti", 2027))  # a draft

    page = app.get("/kelurahan/balowerti").get_data(as_text=True)
    assert "Kelurahan Balowerti" in page and "Kecamatan Kota" in page
    assert ">2026</a>" in page and ">2025</a>" in page and "2027" not in page
    assert "Penduduk laki-laki (jiwa)" in page
    assert "3.150" in page and "3.000" in page and "+150" in page
    assert 'data-module="satudata-point-map"' in page
    assert "/peta/titik.geojson?kelurahan=35.71.02.1002" in page
    assert "Profil balowerti 2026" in page
    assert "posyandu balowerti" in page and "rt balowerti" in page
    assert "posyandu bandar-lor" not in page
    assert app.get("/kelurahan/kelurahan-balowerti").status_code == 200
    assert app.get("/kelurahan/atlantis", status=404).status_code == 404


def test_the_kelurahan_page_without_published_data(app, reference_organizations):
    page = app.get("/kelurahan/pojok").get_data(as_text=True)
    assert "Belum ada profil kelurahan yang terbit." in page
    assert "Belum ada dataset yang terbit." in page


def test_the_organisation_page_links_the_kelurahan_page(app, reference_organizations):
    page = app.get("/organization/kelurahan-balowerti").get_data(as_text=True)
    assert 'href="/kelurahan/balowerti"' in page
    assert "/kelurahan/" not in app.get("/organization/diskominfo").get_data(as_text=True)


def test_a_point_layer_page_shows_its_extent(app, published_map):
    layer = helpers.call_action("package_show", id=published_map[0]["id"])
    page = app.get(f"/peta-titik/{layer['name']}").get_data(as_text=True)
    assert 'data-module="dataset-map"' in page
    assert "Polygon" in page
