"""Published points as served: GeoJSON Feature text and CSV downloads.

Pure unit tests: no CKAN application, no database.
"""
from __future__ import annotations

import csv
import io
import json

from ckanext.satudata.maps.features import (
    CSV_BASE_COLUMNS, LayerInfo, csv_chunks, csv_columns, display_name,
    feature_collection_text, feature_texts, published_attributes)

LAYER = LayerInfo(kind="rt", dataset="rt-balowerti", kelurahan="35.71.02.1002",
                  kelurahan_name="Balowerti", kecamatan="Kota")


def test_a_point_is_named_by_its_nama_or_its_rt_and_rw():
    assert display_name("posyandu", {"nama": "Posyandu Mawar"}) == "Posyandu Mawar"
    assert display_name("rt", {"rt": "3", "rw": "2"}) == "RT 3 / RW 2"
    assert display_name("rt", {"rt": "3"}) == "RT 3"
    assert display_name("pos-kamling", {"rw": "2"}) is None


def test_only_non_empty_attributes_are_published():
    assert published_attributes({"rt": "3", "alamat": None, "ketua": "", "jumlah_kk": 0,
                                 "skor": float("nan")}) == {
        "rt": "3", "jumlah_kk": 0, "skor": None}


def test_full_and_brief_features_are_compact_geojson():
    full, brief = feature_texts(7, 112.01234567891, -7.8, LAYER, {"rt": "3", "rw": "2"})
    assert " " not in brief.replace("RT 3 / RW 2", "")
    assert json.loads(brief) == {
        "type": "Feature", "id": 7,
        "geometry": {"type": "Point", "coordinates": [112.0123457, -7.8]},
        "properties": {"kind": "rt", "name": "RT 3 / RW 2", "dataset": "rt-balowerti",
                       "kelurahan": "35.71.02.1002", "kecamatan": "Kota"}}
    assert json.loads(full)["properties"] == dict(
        json.loads(brief)["properties"], kelurahan_name="Balowerti",
        attributes={"rt": "3", "rw": "2"})


def test_collection_text_wraps_the_stored_features():
    features = ",".join(feature_texts(n, 112.0, -7.8, LAYER, {})[1] for n in (1, 2))
    collection = json.loads(feature_collection_text(features, 2, total=5, datasets={}))
    assert collection["type"] == "FeatureCollection"
    assert (collection["count"], collection["total"]) == (2, 5)
    assert [f["id"] for f in collection["features"]] == [1, 2]
    assert json.loads(feature_collection_text("", 0))["features"] == []


def test_csv_columns_follow_the_kinds_then_the_extra_attributes():
    columns = csv_columns(["rt", "posyandu"], extra=["keterangan", "rt"])
    assert columns[:len(CSV_BASE_COLUMNS)] == list(CSV_BASE_COLUMNS)
    assert columns[:2] == ["latitude", "longitude"]
    # posyandu comes before rt in KINDS; each attribute once
    assert columns.index("strata") < columns.index("ketua")
    assert columns.count("rw") == 1
    assert columns[-1] == "keterangan"


def test_csv_rows_hold_the_base_columns_and_the_attributes():
    rows = [{"latitude": -7.8 - n / 1000, "longitude": 112.0, "jenis_titik": "rt",
             "dataset": "rt-balowerti", "kecamatan": "Kota", "kelurahan": "Balowerti",
             "kode_wilayah": "35.71.02.1002",
             "attributes": {"rt": str(n), "rw": "1", "ketua": "Budi, S.Pd."}}
            for n in range(1, 1202)]
    chunks = list(csv_chunks(csv_columns(["rt"]), rows))
    assert len(chunks) == 3
    table = list(csv.DictReader(io.StringIO("".join(chunks))))
    assert len(table) == 1201
    assert table[0]["ketua"] == "Budi, S.Pd."
    assert table[0]["latitude"] == "-7.801"
    assert table[0]["jumlah_kk"] == ""
