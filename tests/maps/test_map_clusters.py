"""The map of many points: above ckanext.satudata.map_cluster_threshold the
map is served as clusters counted by the server for a viewport and zoom
(satudata_map_clusters, /peta/titik.geojson), never every point at once;
the page of a large region does not embed all its desa/kelurahan; a
kecamatan is named by its code (or a name only it has)."""
from __future__ import annotations

import re

import pytest

from ckanext.satudata import reference
from tests.helpers import call_as, publish
from tests.map_samples import BALOWERTI, POSYANDU, shifted

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

THRESHOLD = "ckanext.satudata.map_cluster_threshold"
#: Around Balowerti's three RT points (112.014-112.016, -7.812 to -7.810).
RT_VIEWPORT = "112.0135,-7.8125,112.0165,-7.8095"



def clusters(**params):
    """satudata_map_clusters as an anonymous visitor."""
    return call_as(None, "satudata_map_clusters", **params)


def counted(collection):
    return sum(feature["properties"]["count"] for feature in collection["features"])


@pytest.mark.ckan_config(THRESHOLD, "3")
def test_above_the_threshold_the_map_gets_clusters_counting_every_published_point(
        published_map):
    whole = clusters(zoom=12)
    assert whole["clustered"] is True
    assert all(f["properties"]["cluster"] for f in whole["features"])
    # the draft's three RT are never counted
    assert counted(whole) == whole["total"] == 7
    assert whole["kinds"] == {"posyandu": 4, "rt": 3}
    assert len(whole["features"]) < 7
    # each cluster sits among its points, inside its own extent
    for feature in whole["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        min_lon, min_lat, max_lon, max_lat = feature["properties"]["bbox"]
        assert min_lon <= lon <= max_lon and min_lat <= lat <= max_lat
        assert sum(feature["properties"]["kinds"].values()) == feature["properties"]["count"]

    rt = clusters(zoom=12, kind="rt")
    assert (rt["total"], rt["kinds"]) == (3, {"rt": 3})
    assert rt["clustered"] is False  # three points: the points themselves


@pytest.mark.ckan_config(THRESHOLD, "1")
def test_clusters_take_the_same_filters_as_the_points(published_map):
    by_code = clusters(zoom=11, kecamatan="35.71.01")
    assert counted(by_code) == by_code["total"] == 2  # Bandar Lor's published posyandu
    assert by_code["kinds"] == {"posyandu": 2}
    assert counted(clusters(zoom=11, kecamatan="mojoroto")) == 2
    assert counted(clusters(zoom=11, kecamatan="35.71.02")) == 5
    assert counted(clusters(zoom=11, kelurahan=BALOWERTI, kind="posyandu")) == 2
    assert counted(clusters(zoom=11, dataset=published_map[1]["name"])) == 3
    assert clusters(zoom=11, kecamatan="35.71.03")["features"] == []
    assert counted(clusters(zoom=11, kabupaten="35.71")) == 7
    assert call_as(None, "satudata_map_points", kabupaten="35.71", limit=10)["total"] == 7


def test_a_kabupaten_outside_the_region_is_refused_with_the_region_s_codes(app):
    response = app.get("/api/3/action/satudata_map_clusters", query_string={"kabupaten": "35.06"})
    assert response.status_code == 409
    assert response.json["error"]["kabupaten"] == [
        "Kabupaten/kota tidak dikenal: 35.06. Pakai kode kabupaten/kota wilayah ini: 35.71."]


@pytest.mark.ckan_config(THRESHOLD, "3")
def test_a_viewport_at_high_zoom_gets_its_points(published_map):
    viewport = clusters(zoom=18, bbox=RT_VIEWPORT)
    assert viewport["clustered"] is False
    assert viewport["total"] == viewport["count"] == 3
    assert sorted(f["properties"]["name"] for f in viewport["features"]) == [
        "RT 1 / RW 1", "RT 2 / RW 1", "RT 3 / RW 1"]
    assert all(isinstance(f["id"], int) for f in viewport["features"])
    # the whole region at the same zoom is still clusters
    assert clusters(zoom=18)["clustered"] is True


@pytest.mark.ckan_config(THRESHOLD, "3")
def test_the_map_page_never_loads_every_point_above_the_threshold(app, published_map):
    page = app.get("/peta").get_data(as_text=True)
    assert "&#34;serverClusters&#34;: true" in page or '"serverClusters": true' in page
    assert 'rel="preload"' not in page

    # what the page asks first: the whole region, as clusters
    whole = app.get("/peta/titik.geojson").json
    assert whole["clustered"] is True and counted(whole) == 7
    viewport = app.get("/peta/titik.geojson", query_string={
        "zoom": "18", "bbox": RT_VIEWPORT}).json
    assert viewport["clustered"] is False and viewport["count"] == 3
    zoomed_out = app.get("/peta/titik.geojson", query_string={"zoom": "10", "kind": "posyandu"})
    assert zoomed_out.json["clustered"] is True and counted(zoomed_out.json) == 4
    assert app.get("/peta/titik.geojson?zoom=99").status_code == 400


@pytest.mark.ckan_config(THRESHOLD, "3")
def test_the_points_api_answers_a_page_above_the_threshold(published_map):
    page = call_as(None, "satudata_map_points")
    assert (page["count"], page["total"]) == (3, 7)
    rest = call_as(None, "satudata_map_points", limit=10, offset=3)
    assert rest["count"] == 4


@pytest.mark.ckan_config(THRESHOLD, "7")
def test_the_points_api_pages_as_soon_as_a_publication_or_withdrawal_changes_the_count(
        make_layer, sysadmin, published_map):
    assert (call_as(None, "satudata_map_points")["count"],
            call_as(None, "satudata_map_points", kind="posyandu")["count"]) == (7, 4)
    kamling = make_layer("balowerti", "pos-kamling", shifted(POSYANDU, 0.001, 0.001))
    publish(sysadmin, kamling)
    page = call_as(None, "satudata_map_points")
    assert (page["count"], page["total"]) == (7, 9)  # more than the threshold: a page
    assert call_as(None, "satudata_map_points", kind="posyandu")["count"] == 4

    call_as(sysadmin, "satudata_withdraw", id=kamling["id"], note="Perlu diperbaiki.")
    whole = call_as(None, "satudata_map_points")
    assert (whole["count"], whole["total"]) == (7, 7)


def test_below_the_threshold_the_map_loads_every_point_as_before(app, published_map):
    page = app.get("/peta").get_data(as_text=True)
    assert 'rel="preload"' in page
    answer = app.get("/peta/titik.geojson").json
    assert answer["count"] == 7 and "clustered" not in answer


@pytest.mark.ckan_config(THRESHOLD, "3")
def test_the_geojson_download_holds_every_point_whatever_the_threshold(app, published_map):
    download = app.get("/peta/unduh.geojson")
    assert download.status_code == 200
    collection = download.json
    assert collection["count"] == collection["total"] == len(collection["features"]) == 7
    assert "attributes" in collection["features"][0]["properties"]
    assert app.get("/peta/unduh.geojson?kecamatan=35.71.01").json["count"] == 2


TWO_KABUPATEN = "35.05,35.06"   # both have a Kecamatan Wates


@pytest.mark.ckan_config("ckanext.satudata.wilayah", TWO_KABUPATEN)
def test_a_kecamatan_name_two_kabupaten_share_asks_for_its_code(app):
    response = app.get("/api/3/action/satudata_map_clusters",
                       query_string={"kecamatan": "Wates"})
    assert response.status_code == 409
    message = response.json["error"]["kecamatan"][0]
    assert "35.05.20" in message and "35.06.06" in message
    answer = app.get("/api/3/action/satudata_map_points",
                     query_string={"kecamatan": "35.06.06"})
    assert answer.status_code == 200 and answer.json["result"]["total"] == 0
    # a desa of this region is a filter like any other
    assert app.get("/api/3/action/satudata_map_clusters",
                   query_string={"kelurahan": "35.06.06.2005"}).status_code == 200
    page = app.get("/peta", query_string={"kecamatan": "Wates"})
    assert page.status_code == 409
    assert "35.05.20" in page.get_data(as_text=True)


@pytest.mark.ckan_config("ckanext.satudata.wilayah", TWO_KABUPATEN)
def test_the_map_page_of_a_large_region_embeds_only_the_chosen_kecamatan(app):
    region = reference.current()
    assert len(region.kelurahan) > 500
    page = app.get("/peta").get_data(as_text=True)
    assert "Peta titik Kabupaten Blitar dan Kabupaten Kediri" in page
    assert len(page) < 250_000
    assert "data-kecamatan=" not in page          # no desa embedded
    assert "Pilih kecamatan untuk memilih desa/kelurahannya." in page
    # every kecamatan is offered by code, the shared name with its kabupaten
    assert '<option value="35.05.20" >Wates (Kabupaten Blitar)</option>' in page
    assert page.count('<option value="35.0') == len(region.kecamatan)

    wates = app.get("/peta", query_string={"kecamatan": "35.06.06"}).get_data(as_text=True)
    options = re.findall(r'<option value="([\d.]+)" data-kecamatan="35.06.06"', wates)
    assert sorted(options) == sorted(k.kode for k in region.kelurahan_of_kecamatan("35.06.06"))
    assert 'name="kecamatan"' in wates and '<option value="35.06.06" selected>' in wates
