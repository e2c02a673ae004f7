"""The JSON-stat and SDMX-CSV builders (plain Python), on an indicator as
satudata_indicator_series returns it."""
from __future__ import annotations

import csv
import io
import math

from ckanext.satudata.statistics import exports

SERIES = {
    "key": "balita-ditimbang", "title": "Balita ditimbang",
    "url": "http://portal/statistik/balita-ditimbang",
    "metadata": {"satuan": "balita", "produsen": "Dinas Kesehatan", "definisi": "Definisi.",
                 "konsep": ""},
    "restricted": False, "aggregation": "jumlah", "aggregation_label": "Jumlah",
    "periods": [{"periode": "2024", "label": "2024"}, {"periode": "2025-T1",
                                                       "label": "Triwulan I 2025"}],
    "areas": [
        {"kode_wilayah": "35.71.02.1002", "nama_wilayah": "Balowerti",
         "nilai": {"2024": 5.0, "2025-T1": 7.5}},
        {"kode_wilayah": "35.71.01.1001", "nama_wilayah": "Bandar Lor", "nilai": {"2025-T1": 3}},
        {"kode_wilayah": "", "nama_wilayah": "Kota Kediri", "nilai": {"2024": 12}},
    ],
    "datasets": [{"name": "balita-balowerti", "title": "Balita Balowerti",
                  "url": "http://portal/statistik-sektoral/balita-balowerti",
                  "organization_title": "Kelurahan Balowerti"}],
}


def value_at(dataset, **coordinates):
    """The value at a category of each dimension, by JSON-stat's row-major rule."""
    position = 0
    for dimension, size in zip(dataset["id"], dataset["size"]):
        index = dataset["dimension"][dimension]["category"]["index"][coordinates[dimension]]
        position = position * size + index
    return dataset["value"][position], dataset.get("status", {}).get(str(position))


def test_the_jsonstat_dataset_is_well_formed():
    dataset = exports.jsonstat(SERIES)
    assert dataset["version"] == "2.0" and dataset["class"] == "dataset"
    assert dataset["id"] == ["wilayah", "periode"]
    assert dataset["size"] == [3, 2]
    assert len(dataset["value"]) == math.prod(dataset["size"])
    for name, size in zip(dataset["id"], dataset["size"]):
        category = dataset["dimension"][name]["category"]
        assert sorted(category["index"].values()) == list(range(size))
        assert set(category["label"]) == set(category["index"])
    assert dataset["role"] == {"geo": ["wilayah"], "time": ["periode"]}


def test_the_jsonstat_values_are_the_series_and_the_gaps_are_marked_missing():
    dataset = exports.jsonstat(SERIES)
    assert value_at(dataset, wilayah="35.71.02.1002", periode="2025-T1") == (7.5, None)
    assert value_at(dataset, wilayah="35.71.01.1001", periode="2025-T1") == (3, None)
    assert value_at(dataset, wilayah="35.71.01.1001", periode="2024") == (None, "m")
    # An area without a code is known by its name.
    assert value_at(dataset, wilayah="Kota Kediri", periode="2024") == (12, None)
    assert dataset["dimension"]["periode"]["category"]["label"]["2025-T1"] == "Triwulan I 2025"
    assert dataset["dimension"]["wilayah"]["category"]["label"]["35.71.01.1001"] == "Bandar Lor"


def test_the_jsonstat_extension_links_the_source_datasets():
    dataset = exports.jsonstat(SERIES, links={"text/csv": "http://portal/statistik/x.csv"})
    extension = dataset["extension"]["satudata"]
    assert extension["satuan"] == "balita"
    assert extension["dataset"][0]["url"] == "http://portal/statistik-sektoral/balita-balowerti"
    assert extension["sdmx_dataflow"] == "SATUDATA:DF_INDIKATOR(1.0)"
    assert "konsep" not in extension["metadata"]  # empty fields left out
    assert dataset["link"]["alternate"] == [{"type": "text/csv",
                                             "href": "http://portal/statistik/x.csv"}]
    assert dataset["note"] == ["Definisi."]


def test_a_restricted_statistic_has_no_values():
    dataset = exports.jsonstat(dict(SERIES, periods=[], areas=[], restricted=True))
    assert dataset["size"] == [0, 0] and dataset["value"] == []
    assert dataset["extension"]["satudata"]["terbatas"] is True


def test_the_sdmx_csv_has_one_row_per_value():
    out = io.StringIO()
    csv.writer(out).writerows(exports.sdmx_rows(SERIES))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == exports.SDMX_COLUMNS
    assert len(rows) == 4  # five cells, one empty
    assert {r["STRUCTURE"] for r in rows} == {"dataflow"}
    assert {r["STRUCTURE_ID"] for r in rows} == {"SATUDATA:DF_INDIKATOR(1.0)"}
    assert {r["INDIKATOR"] for r in rows} == {"balita-ditimbang"}
    first = rows[0]
    assert (first["WILAYAH"], first["TIME_PERIOD"], first["OBS_VALUE"]) == (
        "35.71.02.1002", "2024", "5")
    assert [r["TIME_PERIOD"] for r in rows if r["WILAYAH"] == "35.71.02.1002"] == [
        "2024", "2025-Q1"]
    assert rows[1]["OBS_VALUE"] == "7.5" and rows[1]["UNIT_MEASURE"] == "balita"
