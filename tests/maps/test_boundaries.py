"""Kelurahan boundaries (maps/boundaries.py): a boundary file's report, and
points checked against their own kelurahan. Plain Python, no CKAN."""
from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
import zipfile

import pytest
import shapely
from shapely.geometry import mapping, shape

from ckanext.satudata.maps import boundaries
from ckanext.satudata.maps.points import KOTA_KEDIRI_BBOX
from ckanext.satudata.reference import kelurahan

DEMO_FILE = os.path.join(kelurahan.DATA_DIR, "batas-kelurahan-perkiraan.geojson")
NAMES = {k.kode: k.nama for k in kelurahan.all_kelurahan()}
BALOWERTI = "35.71.02.1002"
BANDAR_LOR = "35.71.01.1001"
SEMAMPIR = "35.71.02.1001"


def demo_document() -> dict:
    with open(DEMO_FILE, encoding="utf-8") as handle:
        return json.load(handle)


def check(document: dict) -> boundaries.BoundaryReport:
    return boundaries.check_boundaries(boundaries.read_geojson(document), NAMES, KOTA_KEDIRI_BBOX)


def feature_of(document: dict, kode: str) -> dict:
    return next(f for f in document["features"] if f["properties"]["kode_wilayah"] == kode)


def texts(report: boundaries.BoundaryReport) -> str:
    return "\n".join(problem.text() for problem in report.problems)


@pytest.fixture(scope="module")
def index() -> boundaries.BoundaryIndex:
    report = check(demo_document())
    return boundaries.BoundaryIndex(report.geometries, NAMES)


# --- the demo file -----------------------------------------------------------

def test_the_demo_file_validates_with_46_kelurahan_and_says_it_is_approximate():
    document = demo_document()
    report = check(document)
    assert report.problems == []
    assert set(report.geometries) == set(NAMES) and len(NAMES) == 46
    for feature in document["features"]:
        properties = feature["properties"]
        assert properties["nama_wilayah"] == NAMES[properties["kode_wilayah"]]
        assert properties["keterangan"] == "batas perkiraan, bukan batas resmi"
    assert os.path.getsize(DEMO_FILE) < 40_000


def test_the_demo_file_is_what_the_script_builds():
    script = os.path.join(os.path.dirname(kelurahan.DATA_DIR), "..", "..", "..",
                          "scripts", "demo_boundaries.py")
    result = subprocess.run([sys.executable, script, "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_demo_polygon_holds_its_own_reference_point(index):
    import csv
    path = os.path.join(kelurahan.DATA_DIR, "titik-kelurahan-kota-kediri.csv")
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert index.locate(float(row["bujur"]), float(row["lintang"])) == row["kode_kelurahan"]


# --- reports on a bad file ---------------------------------------------------

def test_a_missing_kelurahan_is_named():
    document = demo_document()
    document["features"].remove(feature_of(document, BALOWERTI))
    report = check(document)
    assert not report.ok
    [problem] = report.errors
    assert problem.code == "missing_kelurahan" and problem.kode == BALOWERTI
    assert problem.text() == "Kelurahan Balowerti (35.71.02.1002) tidak ada dalam berkas."


def test_a_duplicate_kelurahan_is_named_with_its_features():
    document = demo_document()
    document["features"].append(copy.deepcopy(feature_of(document, SEMAMPIR)))
    report = check(document)
    [duplicate] = report.by_code("duplicate_code")
    position = document["features"].index(feature_of(document, SEMAMPIR)) + 1
    assert duplicate.text() == (f"Kelurahan Semampir (35.71.02.1001) muncul 2 kali (fitur ke-{position}, "
                                "47); setiap kelurahan harus tepat satu fitur.")
    assert SEMAMPIR not in report.geometries


def test_an_unknown_code_and_a_feature_without_code_are_named():
    document = demo_document()
    document["features"][0]["properties"]["kode_wilayah"] = "35.72.01.1001"
    del document["features"][1]["properties"]["kode_wilayah"]
    report = check(document)
    assert 'Fitur ke-1: kode "35.72.01.1001" bukan kode kelurahan Kota Kediri.' in texts(report)
    assert "Fitur ke-2: kode wilayah Kemendagri tidak ada" in texts(report)
    assert {p.code for p in report.errors} == {"unknown_code", "missing_code", "missing_kelurahan"}


def test_common_code_aliases_and_undotted_codes_are_accepted():
    document = demo_document()
    for number, feature in enumerate(document["features"]):
        code = feature["properties"].pop("kode_wilayah")
        alias = ("KDEPUM", "kode", "kode_kemendagri")[number % 3]
        feature["properties"][alias] = code.replace(".", "") if number % 2 else code
    assert check(document).problems == []


def test_an_overlap_between_neighbours_is_named_with_its_area():
    document = demo_document()
    balowerti = feature_of(document, BALOWERTI)
    grown = shape(balowerti["geometry"]).buffer(0.0005)   # ~55 m into every neighbour
    balowerti["geometry"] = mapping(grown)
    report = check(document)
    overlaps = report.by_code("overlap")
    assert overlaps and all("Balowerti" in p.text() for p in overlaps)
    assert "tumpang tindih seluas" in overlaps[0].text()
    assert {p.code for p in report.errors} == {"overlap"}


def test_a_sliver_below_the_tolerance_is_not_an_overlap():
    document = demo_document()
    balowerti = feature_of(document, BALOWERTI)
    balowerti["geometry"] = mapping(shape(balowerti["geometry"]).buffer(0.0000005))  # ~5 cm
    assert check(document).problems == []


def test_a_self_intersection_is_reported_by_feature_with_its_place():
    document = demo_document()
    balowerti = feature_of(document, BALOWERTI)
    min_x, min_y, max_x, max_y = shape(balowerti["geometry"]).bounds
    # a bow tie: the ring crosses itself in the middle of Balowerti's box
    balowerti["geometry"] = {"type": "Polygon", "coordinates": [[
        [min_x, min_y], [max_x, max_y], [max_x, min_y], [min_x, max_y], [min_x, min_y]]]}
    report = check(document)
    [invalid] = report.by_code("invalid_geometry")
    position = document["features"].index(balowerti) + 1
    assert invalid.feature == position and invalid.kode == BALOWERTI
    assert invalid.text().startswith(f"Fitur ke-{position} (Balowerti): geometri tidak sah (Self-intersection)")
    where = invalid.text().split("lintang, bujur ")[1].split(";")[0]
    lat, lon = (float(value) for value in where.split(", "))
    assert lat == pytest.approx((min_y + max_y) / 2, abs=1e-4)
    assert lon == pytest.approx((min_x + max_x) / 2, abs=1e-4)


def test_a_polygon_outside_the_city_is_reported():
    document = demo_document()
    feature = feature_of(document, BALOWERTI)
    moved = shapely.affinity.translate(shape(feature["geometry"]), xoff=0.3)   # ~33 km east
    feature["geometry"] = mapping(moved)
    report = check(document)
    assert [p.code for p in report.errors] == ["outside_region"]
    assert "Fitur ke-" in report.errors[0].text() and "(Balowerti) berada (sebagian) di luar" in report.errors[0].text()


def test_a_point_geometry_is_refused():
    document = demo_document()
    feature_of(document, BALOWERTI)["geometry"] = {"type": "Point", "coordinates": [112.017, -7.813]}
    report = check(document)
    assert "geometri harus Polygon atau MultiPolygon, bukan Point" in texts(report)


# --- coordinate reference systems --------------------------------------------

def _in_utm(document: dict) -> dict:
    from pyproj import Transformer
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32749", always_xy=True)
    projected = copy.deepcopy(document)
    for feature in projected["features"]:
        geometry = shapely.transform(shape(feature["geometry"]), lambda xy: __import__("numpy").column_stack(
            to_utm.transform(xy[:, 0], xy[:, 1])))
        feature["geometry"] = mapping(geometry)
    return projected


def test_a_file_in_utm_49s_that_says_so_is_reprojected_to_wgs84():
    document = _in_utm(demo_document())
    document["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32749"}}
    report = check(document)
    assert report.problems == [] and report.reprojected_from == "EPSG:32749"
    centre = report.geometries[BALOWERTI].representative_point()
    assert 112.0 < centre.x < 112.03 and -7.83 < centre.y < -7.80


def test_a_file_in_metres_without_a_crs_is_read_as_utm_with_a_warning():
    report = check(_in_utm(demo_document()))
    assert report.ok and [p.code for p in report.warnings] == ["crs_guessed"]
    assert "EPSG:32749" in report.warnings[0].text()


def test_an_unknown_crs_is_refused_naming_it():
    document = demo_document()
    document["crs"] = {"type": "name", "properties": {"name": "EPSG:999999"}}
    with pytest.raises(boundaries.BoundaryFileError) as caught:
        check(document)
    assert caught.value.problem.code == "crs_unknown"
    assert "EPSG:999999" in str(caught.value)


def test_metres_far_from_the_city_without_a_crs_are_refused():
    document = demo_document()
    for feature in document["features"]:
        feature["geometry"] = mapping(shapely.affinity.translate(
            shape(feature["geometry"]), xoff=5_000_000, yoff=5_000_000))
    with pytest.raises(boundaries.BoundaryFileError) as caught:
        check(document)
    assert caught.value.problem.code == "crs_not_degrees"


# --- reading files -----------------------------------------------------------

def test_not_a_feature_collection_is_refused():
    with pytest.raises(boundaries.BoundaryFileError) as caught:
        boundaries.read_boundary_file(b'{"type": "Feature"}', "batas.geojson")
    assert "FeatureCollection" in str(caught.value)
    with pytest.raises(boundaries.BoundaryFileError) as caught:
        boundaries.read_boundary_file(b"\x00\x01 not json", "batas.geojson")
    assert '"batas.geojson" bukan GeoJSON yang sah' in str(caught.value)


def _zipped_shapefile(document: dict, prj: str | None, with_dbf: bool = True) -> bytes:
    import shapefile
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON) as writer:
        writer.field("KDEPUM", "C", size=20)
        writer.field("WADMKD", "C", size=50)
        for feature in document["features"]:
            writer.shape(feature["geometry"])
            writer.record(feature["properties"]["kode_wilayah"], feature["properties"]["nama_wilayah"])
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("batas/KELURAHAN.shp", shp.getvalue())
        zipped.writestr("batas/KELURAHAN.shx", shx.getvalue())
        if with_dbf:
            zipped.writestr("batas/KELURAHAN.dbf", dbf.getvalue())
        if prj:
            zipped.writestr("batas/KELURAHAN.prj", prj)
    return archive.getvalue()


def test_a_zipped_shapefile_in_utm_with_its_prj_is_read_and_reprojected():
    from pyproj import CRS
    data = _zipped_shapefile(_in_utm(demo_document()), CRS.from_epsg(32749).to_wkt("WKT1_ESRI"))
    layer = boundaries.read_boundary_file(data, "batas.zip")
    assert layer.crs == "EPSG:32749" and len(layer.features) == 46
    report = boundaries.check_boundaries(layer, NAMES, KOTA_KEDIRI_BBOX)
    assert report.problems == [] and report.reprojected_from == "EPSG:32749"


def test_an_incomplete_shapefile_names_the_missing_part():
    data = _zipped_shapefile(demo_document(), None, with_dbf=False)
    with pytest.raises(boundaries.BoundaryFileError) as caught:
        boundaries.read_boundary_file(data, "batas.zip")
    assert "tidak lengkap: berkas .dbf tidak ada" in str(caught.value)


# --- points in their own kelurahan -------------------------------------------

def test_locate_finds_the_kelurahan_of_a_point(index):
    inside = index.polygons[index.codes.index(BALOWERTI)].representative_point()
    assert index.locate(inside.x, inside.y) == BALOWERTI
    assert index.locate(112.5, -7.5) is None


def test_a_posyandu_of_balowerti_placed_in_bandar_lor_is_refused_naming_bandar_lor(index):
    spot = index.polygons[index.codes.index(BANDAR_LOR)].representative_point()
    result = index.check_point(spot.x, spot.y, BALOWERTI)
    assert result.status == "error" and result.found == BANDAR_LOR
    assert result.text().startswith("Titik berada di Kelurahan Bandar Lor, bukan Balowerti")


def test_a_point_inside_its_kelurahan_is_ok(index):
    spot = index.polygons[index.codes.index(BALOWERTI)].representative_point()
    result = index.check_point(spot.x, spot.y, BALOWERTI)
    assert result.status == "ok" and result.text() == ""


def test_a_point_just_over_the_border_is_a_warning_farther_an_error(index):
    balowerti = index.polygons[index.codes.index(BALOWERTI)]
    semampir = index.polygons[index.codes.index(SEMAMPIR)]
    border = shapely.intersection(balowerti.boundary, semampir.boundary)
    on_border = border.interpolate(0.5, normalized=True)
    # step from the shared border into Semampir, away from Balowerti
    inside = semampir.representative_point()
    dx, dy = inside.x - on_border.x, inside.y - on_border.y
    length = (dx * dx + dy * dy) ** 0.5
    metres_per_degree = 111_000

    def at(metres: float) -> tuple[float, float]:
        step = metres / metres_per_degree / length
        return on_border.x + dx * step, on_border.y + dy * step

    near = index.check_point(*at(20), BALOWERTI, tolerance_m=50)
    assert near.status == "warning" and near.found == SEMAMPIR
    assert near.text().startswith("Titik berada ") and "di luar batas Kelurahan Balowerti" in near.text()
    assert 10 <= near.distance_m <= 30
    far = index.check_point(*at(120), BALOWERTI, tolerance_m=50)
    assert far.status == "error"
    assert far.text().startswith("Titik berada di Kelurahan Semampir, bukan Balowerti")


def test_a_point_outside_the_city_and_an_unknown_code(index):
    outside = index.check_point(112.2, -7.9, BALOWERTI)
    assert outside.status == "error" and outside.found is None
    assert "di luar semua kelurahan Kota Kediri" in outside.text()
    unknown = index.check_point(112.017, -7.813, "35.71.09.9999")
    assert unknown.status == "error" and "35.71.09.9999" in unknown.text()


def test_locate_with_a_tolerance_takes_the_nearest_kelurahan(index):
    outline = index.outline()
    min_x, _min_y, _max_x, _max_y = outline.bounds
    row = [p for p in outline.exterior.coords if p[0] == min_x][0]
    just_west = (row[0] - 0.0002, row[1])           # ~22 m west of the city
    assert index.locate(*just_west) is None
    assert index.locate(*just_west, tolerance_m=50) is not None


def test_many_points_checked_at_once_agree_with_one_by_one(index):
    import numpy as np
    rng = np.random.default_rng(17)
    lons = rng.uniform(111.97, 112.06, 500)
    lats = rng.uniform(-7.87, -7.78, 500)
    declared = [index.codes[i] for i in rng.integers(0, len(index.codes), 500)]
    status, found, _distance = index.check_points(lons, lats, declared)
    for i in range(0, 500, 25):
        one = index.check_point(lons[i], lats[i], declared[i])
        assert one.status == ("ok", "warning", "error", "error")[status[i]]
        assert one.found == (index.codes[found[i]] if found[i] >= 0 else None)
