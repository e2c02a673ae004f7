"""What the Satu Data values mean in the EU vocabularies (plain Python)."""
import datetime

from ckanext.satudata import reference
from ckanext.satudata.interop import spatial, vocabulary

EU = "http://publications.europa.eu/resource/authority/"


def test_every_frequency_of_the_schema_has_an_eu_frequency():
    assert vocabulary.frequency_uri("bulanan") == EU + "frequency/MONTHLY"
    assert vocabulary.frequency_uri("triwulanan") == EU + "frequency/QUARTERLY"
    assert vocabulary.frequency_uri("semesteran") == EU + "frequency/BIANNUAL"
    assert vocabulary.frequency_uri("tahunan") == EU + "frequency/ANNUAL"
    assert vocabulary.frequency_uri("lima-tahunan") == EU + "frequency/QUINQUENNIAL"
    assert vocabulary.frequency_uri("tidak-tetap") == EU + "frequency/IRREG"
    assert vocabulary.frequency_uri("") is None and vocabulary.frequency_uri("harian") is None


def test_access_classification_is_an_eu_access_right():
    assert vocabulary.access_rights_uri("terbuka") == EU + "access-right/PUBLIC"
    assert vocabulary.access_rights_uri("terbatas") == EU + "access-right/RESTRICTED"
    assert vocabulary.access_rights_uri("tertutup") == EU + "access-right/NON_PUBLIC"
    assert vocabulary.is_restricted("terbatas") and not vocabulary.is_restricted("terbuka")


def test_a_year_is_a_calendar_period():
    assert vocabulary.year_period("2025") == (datetime.date(2025, 1, 1),
                                              datetime.date(2025, 12, 31))
    assert vocabulary.year_period("dua ribu") is None and vocabulary.year_period(None) is None


def test_theme_concepts_live_under_the_portal():
    assert vocabulary.urusan_concept("https://data.example/", "kesehatan") == (
        "https://data.example/ns/urusan#kesehatan")


def test_a_box_is_written_as_wkt_geojson_and_schema_org():
    box = (112.0, -7.9, 112.1, -7.8)
    assert spatial.bbox_wkt(box) == (
        "POLYGON((112.0 -7.9, 112.1 -7.9, 112.1 -7.8, 112.0 -7.8, 112.0 -7.9))")
    assert spatial.bbox_geojson(box)["coordinates"][0][2] == [112.1, -7.8]
    # schema.org: lower corner then upper corner, latitude first.
    assert spatial.schema_org_box(box) == "-7.9 112.0 -7.8 112.1"
    assert spatial.geometry_bounds({"type": "MultiPolygon", "coordinates": [
        [[[1, 2], [3, 2], [3, 5], [1, 2]]], [[[0, 9], [1, 9], [1, 8], [0, 9]]]]}) == (0, 2, 3, 9)


def test_every_kelurahan_has_an_approximate_box_around_its_reference_point():
    boxes, points = spatial.approximate_bounds(), spatial.reference_points()
    codes = {k.kode for k in reference.all_kelurahan()}
    assert set(boxes) == codes == set(points)
    for code, (lon, lat) in points.items():
        west, south, east, north = boxes[code]
        assert west <= lon <= east and south <= lat <= north, code


def test_an_indicator_series_is_offered_in_two_statistical_formats():
    assert vocabulary.indicator_export_urls("https://data.example/", "ipm kota") == [
        "https://data.example/statistik/ipm%20kota.json",
        "https://data.example/statistik/ipm%20kota.csv"]
