"""An indicator as JSON-stat and SDMX-CSV, through the pages and the API:
the same figures as its page, and only published, open ones."""
from __future__ import annotations

import csv
import io
import math

import pytest

import ckan.tests.factories as factories

from tests.helpers import call_as, publish, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

ROWS = [("35.71.02.1002", "Balowerti", "2024", 5), ("35.71.02.1002", "Balowerti", "2025", 9),
        ("35.71.01.1001", "Bandar Lor", "2025", 8)]


def table(rows, word="Jumlah posyandu"):
    lines = ["kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan"]
    lines += [f"{kode},{nama},{periode},{word},{nilai},unit" for kode, nama, periode, nilai in rows]
    return "\n".join(lines) + "\n"


@pytest.fixture
def statistic(sysadmin, create_with_upload):
    """make(name, rows, published=True, **fields): a statistic of Dinkes with one table."""
    owner = factories.Organization(name="dinkes", jenis_organisasi="produsen")

    def make(name, rows, published=True, word="Jumlah posyandu", **fields):
        dataset = call_as(sysadmin, "package_create", **statistik_sektoral(
            owner["id"], name=name, title=f"Data {name}", **fields))
        create_with_upload(table(rows, word), "data.csv", package_id=dataset["id"],
                           context={"user": sysadmin["name"]})
        if published:
            publish(sysadmin, dataset)
        return call_as(sysadmin, "package_show", id=dataset["id"])
    return make


def value_at(dataset, wilayah, periode):
    index = dataset["dimension"]
    position = (index["wilayah"]["category"]["index"][wilayah] * dataset["size"][1]
                + index["periode"]["category"]["index"][periode])
    return dataset["value"][position]


def test_the_jsonstat_of_an_indicator_has_the_figures_of_its_page(app, statistic):
    statistic("posyandu-kota", ROWS)
    series = call_as(None, "satudata_indicator_series", id="posyandu-kota")
    response = app.get("/statistik/posyandu-kota.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    dataset = response.json
    assert dataset["class"] == "dataset" and dataset["version"] == "2.0"
    assert dataset["size"] == [2, 2] and len(dataset["value"]) == math.prod(dataset["size"])
    for area in series["areas"]:
        for periode, value in area["nilai"].items():
            assert value_at(dataset, area["kode_wilayah"], periode) == value
    assert value_at(dataset, "35.71.01.1001", "2024") is None
    assert list(dataset["status"].values()) == ["m"]
    sources = dataset["extension"]["satudata"]["dataset"]
    assert [s["name"] for s in sources] == ["posyandu-kota"]
    assert sources[0]["url"].startswith("http")
    assert dataset["href"].endswith("/statistik/posyandu-kota.json")
    # The API action gives the same dataset.
    assert call_as(None, "satudata_indicator_jsonstat", id="posyandu-kota") == dataset


def test_the_sdmx_csv_of_an_indicator_parses_with_its_columns(app, statistic):
    statistic("posyandu-kota", ROWS)
    response = app.get("/statistik/posyandu-kota.csv")
    assert response.status_code == 200
    assert "sdmx" in response.headers["Content-Type"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0])[:3] == ["STRUCTURE", "STRUCTURE_ID", "ACTION"]
    assert {"INDIKATOR", "WILAYAH", "TIME_PERIOD", "OBS_VALUE"} <= set(rows[0])
    assert sorted((r["WILAYAH"], r["TIME_PERIOD"], r["OBS_VALUE"]) for r in rows) == sorted(
        (kode, periode, str(nilai)) for kode, _, periode, nilai in ROWS)
    assert {r["STRUCTURE_ID"] for r in rows} == {"SATUDATA:DF_INDIKATOR(1.0)"}


def test_the_indicator_page_links_both_formats(app, statistic):
    statistic("posyandu-kota", ROWS)
    page = app.get("/statistik/posyandu-kota").get_data(as_text=True)
    assert 'href="/statistik/posyandu-kota.json"' in page
    assert 'href="/statistik/posyandu-kota.csv"' in page


@pytest.mark.parametrize("state", ["draf", "diajukan", "dikembalikan", "ditarik"])
def test_an_unpublished_statistic_has_no_jsonstat_nor_sdmx(app, people, sysadmin, statistic,
                                                          state):
    dataset = statistic("posyandu-rahasia", ROWS, published=state == "ditarik",
                        word="katarahasiaungu")
    if state in ("diajukan", "dikembalikan"):
        call_as(sysadmin, "satudata_submit", id=dataset["id"])
    if state == "dikembalikan":
        call_as(sysadmin, "satudata_return", id=dataset["id"], note="Perbaiki.")
    if state == "ditarik":
        call_as(sysadmin, "satudata_withdraw", id=dataset["id"], note="Salah.")
    assert call_as(sysadmin, "package_show", id=dataset["id"])["satudata_status"] == state
    for url in ("/statistik/posyandu-rahasia.json", "/statistik/posyandu-rahasia.csv"):
        response = app.get(url)
        assert response.status_code == 404
        assert "katarahasiaungu" not in response.get_data(as_text=True)


def test_a_held_edit_and_a_restricted_statistic_give_no_new_figures(app, sysadmin, statistic,
                                                                    create_with_upload):
    held = statistic("posyandu-kota", ROWS)
    call_as(sysadmin, "package_patch", id=held["id"], title="Judul suntingankuning")
    create_with_upload(table([("35.71.03.1001", "Bangsal", "2025", 99)]), "baru.csv",
                       package_id=held["id"], context={"user": sysadmin["name"]})
    statistic("balita-terbatas", [("35.71.02.1002", "Balowerti", "2025", 4242)],
              klasifikasi_akses="terbatas")
    dataset = app.get("/statistik/posyandu-kota.json").json
    assert "suntingankuning" not in str(dataset)
    assert "35.71.03.1001" not in dataset["dimension"]["wilayah"]["category"]["index"]
    assert "99" not in app.get("/statistik/posyandu-kota.csv").get_data(as_text=True)
    restricted = app.get("/statistik/balita-terbatas.json").json
    assert restricted["value"] == [] and restricted["extension"]["satudata"]["terbatas"]
    assert "4242" not in app.get("/statistik/balita-terbatas.csv").get_data(as_text=True)
