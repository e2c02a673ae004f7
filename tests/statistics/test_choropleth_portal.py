"""The thematic map of an indicator (/statistik/<key>/peta.geojson and the
map on the indicator page): the kelurahan boundaries coloured by the
published values' quantile classes, never a draft's or a restricted
statistic's values."""
from __future__ import annotations

import pytest

import ckan.model as model
import ckan.tests.factories as factories

from ckanext.satudata.maps import boundary_layer
from tests.helpers import call_as, profil, publish, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

BALOWERTI, BANDAR_LOR, BANGSAL = "35.71.02.1002", "35.71.01.1001", "35.71.03.1001"
ROWS = [
    (BALOWERTI, "Balowerti", "2024", 6), (BALOWERTI, "Balowerti", "2025", 9),
    (BANDAR_LOR, "Bandar Lor", "2024", 7), (BANDAR_LOR, "Bandar Lor", "2025", 1200),
    (BANGSAL, "Bangsal", "2024", 4), (BANGSAL, "Bangsal", "2025", 3),
]


def table(rows):
    lines = ["kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan"]
    lines += [f"{kode},{nama},{periode},Jumlah posyandu,{nilai},unit"
              for kode, nama, periode, nilai in rows]
    return "\n".join(lines) + "\n"


@pytest.fixture
def dinkes():
    return factories.Organization(name="dinkes", title="Dinas Kesehatan",
                                  jenis_organisasi="produsen")


@pytest.fixture
def make_statistic(sysadmin, create_with_upload, dinkes):
    def make(name, rows, published=True, **fields):
        dataset = call_as(sysadmin, "package_create", **statistik_sektoral(
            dinkes["id"], name=name, title=name.replace("-", " "), ukuran="jumlah", **fields))
        create_with_upload(table(rows), "data.csv", package_id=dataset["id"],
                           context={"user": sysadmin["name"]})
        if published:
            publish(sysadmin, dataset)
        return dataset
    return make


@pytest.fixture
def boundaries():
    with open(boundary_layer.DEMO_FILE, "rb") as handle:
        report = boundary_layer.load(handle.read(), "batas.geojson", resmi=False)
    assert report.ok
    model.Session.commit()


def by_code(answer):
    return {f["properties"]["kode_wilayah"]: f["properties"] for f in answer["features"]}


def test_the_map_of_three_kelurahan_has_their_classes_ranks_and_pages(
        app, make_statistic, boundaries):
    make_statistic("posyandu-kota", ROWS)
    answer = app.get("/statistik/posyandu-kota/peta.geojson").json
    assert answer["periode"] == "2025" and answer["batas"] and not answer["batas_resmi"]
    features = by_code(answer)
    assert len(features) == 46 and answer["dengan_nilai"] == 3
    assert [(features[k]["nilai"], features[k]["kelas"], features[k]["peringkat"])
            for k in (BANDAR_LOR, BALOWERTI, BANGSAL)] == [(1200, 3, 1), (9, 2, 2), (3, 1, 3)]
    assert features[BANDAR_LOR]["nilai_teks"] == "1.200"
    assert features[BALOWERTI]["url"] == "/kelurahan/balowerti"
    others = [p for k, p in features.items() if k not in (BALOWERTI, BANDAR_LOR, BANGSAL)]
    assert {(p["nilai"], p["kelas"], p["peringkat"]) for p in others} == {(None, None, None)}
    assert [(e["kelas"], e["label"], e["jumlah"]) for e in answer["legend"]] == [
        (1, "3", 1), (2, "9", 1), (3, "1.200", 1), (None, "tidak ada data", 43)]

    earlier = by_code(app.get("/statistik/posyandu-kota/peta.geojson?periode=2024").json)
    assert [earlier[k]["peringkat"] for k in (BANDAR_LOR, BALOWERTI, BANGSAL)] == [1, 2, 3]
    # an unknown period is the latest
    assert app.get("/statistik/posyandu-kota/peta.geojson?periode=1990").json["periode"] == "2025"


def test_the_indicator_page_draws_the_map_with_the_approximate_notice(
        app, make_statistic, boundaries):
    make_statistic("posyandu-kota", ROWS)
    page = app.get("/statistik/posyandu-kota?periode=2024").get_data(as_text=True)
    assert 'data-module="satudata-thematic-map"' in page
    assert "/statistik/posyandu-kota/peta.geojson?periode=2024" in page
    assert "batas perkiraan, bukan batas resmi" in page


def test_without_boundaries_no_map_and_an_empty_answer(app, make_statistic):
    make_statistic("posyandu-kota", ROWS)
    answer = app.get("/statistik/posyandu-kota/peta.geojson").json
    assert answer["batas"] is False and answer["features"] == []
    page = app.get("/statistik/posyandu-kota").get_data(as_text=True)
    assert "satudata-thematic-map" not in page


def test_anonymous_sees_no_value_of_a_draft_or_a_restricted_statistic(
        app, make_statistic, boundaries):
    make_statistic("posyandu-draf", [(BALOWERTI, "Balowerti", "2025", 4321)], published=False)
    assert app.get("/statistik/posyandu-draf/peta.geojson", status=404)
    assert "4321" not in app.get("/statistik/posyandu-draf/peta.geojson",
                                 status=404).get_data(as_text=True)
    make_statistic("posyandu-terbatas", [(BALOWERTI, "Balowerti", "2025", 8765)],
                   klasifikasi_akses="terbatas")
    answer = app.get("/statistik/posyandu-terbatas/peta.geojson").json
    assert answer["dengan_nilai"] == 0 and answer["legend"][-1]["jumlah"] == 46
    assert {f["properties"]["nilai"] for f in answer["features"]} == {None}
    assert "8765" not in app.get("/statistik/posyandu-terbatas").get_data(as_text=True)


# -- the comparison page's map per column and the city map's thematic layer ----------

@pytest.fixture
def kelurahan_orgs():
    return {kode: factories.Organization(
        name=f"kelurahan-{nama.lower().replace(' ', '-')}", title=f"Kelurahan {nama}",
        jenis_organisasi="kelurahan", kode_wilayah=kode, kecamatan=kecamatan)
        for kode, nama, kecamatan in ((BALOWERTI, "Balowerti", "Kota"),
                                      (BANDAR_LOR, "Bandar Lor", "Mojoroto"))}


def test_the_comparison_maps_one_column_of_published_profiles_only(
        app, sysadmin, kelurahan_orgs, boundaries):
    publish(sysadmin, call_as(sysadmin, "package_create", **profil(
        kelurahan_orgs[BALOWERTI]["id"], name="profil-balowerti-2025", tahun="2025",
        jumlah_rw="6")))
    call_as(sysadmin, "package_create", **profil(
        kelurahan_orgs[BANDAR_LOR]["id"], name="profil-bandar-lor-2025", tahun="2025",
        title="Profil Kelurahan Bandar Lor 2025", produsen="Kelurahan Bandar Lor",
        jumlah_rw="9876"))
    answer = app.get("/statistik/perbandingan-kelurahan/peta.geojson",
                     query_string={"kolom": "jumlah_rw", "tahun": "2025"}).json
    features = by_code(answer)
    assert (answer["periode"], answer["dengan_nilai"], len(features)) == ("2025", 1, 46)
    assert (features[BALOWERTI]["nilai"], features[BALOWERTI]["peringkat"]) == (6, 1)
    # the draft profile's figure is not on the map
    assert features[BANDAR_LOR]["nilai"] is None and "9876" not in str(answer)
    app.get("/statistik/perbandingan-kelurahan/peta.geojson",
            query_string={"kolom": "tidak_ada"}, status=404)

    page = app.get("/statistik/perbandingan-kelurahan",
                   query_string={"tahun": "2025"}).get_data(as_text=True)
    # the map is drawn on request: a choice per column, no map URL until chosen
    assert 'data-module="satudata-thematic-map"' in page and "data-map-choice" in page
    assert "/statistik/perbandingan-kelurahan/peta.geojson?kolom=jumlah_rw&amp;tahun=2025" in page


def test_the_city_map_offers_the_thematic_layer_only_with_boundaries(app, make_statistic):
    make_statistic("posyandu-kota", ROWS)
    assert "data-thematic-choice" not in app.get("/peta").get_data(as_text=True)
    with open(boundary_layer.DEMO_FILE, "rb") as handle:
        assert boundary_layer.load(handle.read(), "batas.geojson", resmi=False).ok
    model.Session.commit()
    page = app.get("/peta").get_data(as_text=True)
    assert "data-thematic-choice" in page and "/statistik/__key__/peta.geojson" in page
    # a kelurahan's own map has no thematic layer
    assert "data-thematic-choice" not in app.get(
        "/kelurahan/balowerti").get_data(as_text=True)
