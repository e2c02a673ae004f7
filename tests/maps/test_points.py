"""Checking uploaded map point files (peta-titik), as a PIC would notice it.

Pure unit tests: no CKAN application, no database.
"""
from __future__ import annotations

import io
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from ckanext.satudata.maps import (
    KINDS, KOTA_KEDIRI_BBOX, Point, PointFileError, iter_points, template_csv,
    validate_point_file)

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "points"

# Three distinct points in Kota Kediri, as (lat, lon).
PLACES = [(-7.8166, 112.0116), (-7.8102, 112.0153), (-7.8231, 112.0089)]

VALID_ATTRIBUTES = {
    "kantor-kelurahan": [
        {"nama": "Kantor Kelurahan Balowerti", "alamat": "Jl. Contoh No. 1"},
        {"nama": "Kantor Kelurahan Dandangan", "alamat": "Jl. Contoh No. 2"},
        {"nama": "Kantor Kelurahan Kampung Dalem", "alamat": "Jl. Contoh No. 3"},
    ],
    "posyandu": [
        {"nama": "Posyandu Mawar", "strata": "madya", "rw": "3", "alamat": "Jl. Contoh No. 1"},
        {"nama": "Posyandu Melati", "strata": "mandiri", "rw": "4", "alamat": "Jl. Contoh No. 7",
         "rt": "2", "jumlah_kader": "6"},
        {"nama": "Posyandu Anggrek", "strata": "pratama", "rw": "5", "alamat": "Jl. Contoh No. 9"},
    ],
    "pos-kamling": [
        {"nama": "Pos Kamling RW 03", "rw": "3"},
        {"nama": "Pos Kamling RW 04", "rw": "4", "alamat": "Gang Contoh"},
        {"nama": "Pos Kamling RW 05", "rw": "5", "rt": "1"},
    ],
    "rt": [
        {"rt": "1", "rw": "3", "ketua": "Budi Santoso", "jumlah_kk": "45"},
        {"rt": "2", "rw": "3", "ketua": "Siti Aminah"},
        {"rt": "1", "rw": "4", "ketua": "Joko Susilo", "alamat": "Gang Contoh"},
    ],
}

POSYANDU = {"nama": "Posyandu Mawar", "strata": "madya", "rw": "3", "alamat": "Jl. Contoh No. 1"}


def make_csv(rows: list[dict], delimiter: str = ",") -> bytes:
    """CSV bytes with a latitude/longitude header; each row dict holds
    `lat`, `lon` and attributes (columns in order of first appearance)."""
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    lines = [delimiter.join(columns)]
    lines += [delimiter.join(str(row.get(column, "")) for column in columns) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def posyandu_row(lat, lon, **changes) -> dict:
    return {"lat": lat, "lon": lon, **POSYANDU, **changes}


def feature(lon, lat, **properties) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties}


def make_geojson(features: list[dict]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}).encode("utf-8")


def messages(report) -> list[str]:
    return [error.message for error in report.errors]


def only_error(report):
    assert not report.ok
    assert report.error_count == 1, messages(report)
    return report.errors[0]


# --- valid files -----------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_a_valid_file_of_each_kind_is_accepted(kind, fmt):
    attributes = VALID_ATTRIBUTES[kind]
    if fmt == "csv":
        content = make_csv([{"latitude": lat, "longitude": lon, **attrs}
                            for (lat, lon), attrs in zip(PLACES, attributes)])
    else:
        content = make_geojson([feature(lon, lat, **attrs)
                                for (lat, lon), attrs in zip(PLACES, attributes)])

    report = validate_point_file(content, kind, fmt)

    assert report.ok, messages(report)
    assert (report.point_count, report.error_count, report.fmt) == (3, 0, fmt)
    assert report.summary() == "Berkas valid: 3 titik."
    assert report.bbox == (112.0089, -7.8231, 112.0153, -7.8102)


def test_an_indonesian_excel_export_is_accepted():
    """BOM, `;` delimiter, decimal commas, CRLF, capitalised headers, empty
    trailing rows: what Excel in Indonesian writes."""
    path = SAMPLES / "posyandu-excel-id.csv"
    report = validate_point_file(path, "posyandu")
    assert report.ok, messages(report)
    assert report.point_count == 3

    first, second, third = iter_points(path, "posyandu")
    assert (first.lat, first.lon) == (-7.8166, 112.0116)
    assert first.properties == {
        "nama": "Posyandu Mawar", "strata": "madya", "rw": "3", "rt": "2",
        "alamat": "Jl. Contoh No. 1", "jumlah_kader": 5, "nama_kelurahan": None,
        "kode_kelurahan": None, "keterangan": "aktif"}
    assert (second.properties["strata"], second.properties["rt"]) == ("purnama", None)
    assert (third.properties["rw"], third.properties["jumlah_kader"]) == ("5", None)


def test_a_qgis_geojson_is_streamed_from_a_binary_file():
    """Upper-case property names, a CRS84 `crs`, single-point MultiPoints and
    a 3D position, read from a binary stream that stays open for the caller."""
    with open(SAMPLES / "posyandu-qgis.geojson", "rb") as upload:
        report = validate_point_file(upload, "posyandu")
        assert report.ok, messages(report)
        assert report.fmt == "geojson"  # guessed from the stream's name
        upload.seek(0)
        points = list(iter_points(upload, "posyandu"))
        assert not upload.closed

    assert [p.row for p in points] == [1, 2, 3]
    assert (points[0].lon, points[0].lat) == (112.0116, -7.8166)
    assert points[0].properties["strata"] == "madya"
    assert points[0].properties["jumlah_kader"] == 5
    assert points[1].properties["rw"] == "4"
    assert points[0].properties["fid"] == 1  # an extra property is kept


def test_the_format_is_guessed_from_the_content_of_a_nameless_stream():
    geojson = io.BytesIO(make_geojson([feature(112.0116, -7.8166, **POSYANDU)]))
    semicolons = io.BytesIO(make_csv([posyandu_row("-7,8166", "112,0116")], delimiter=";"))
    tabs = io.BytesIO(make_csv([posyandu_row("-7.8166", "112.0116")], delimiter="\t"))
    for stream, fmt in ((geojson, "geojson"), (semicolons, "csv"), (tabs, "csv")):
        report = validate_point_file(stream, "posyandu")
        assert report.ok and report.fmt == fmt, messages(report)


def test_a_text_mode_file_is_accepted_too():
    with open(SAMPLES / "posyandu-excel-id.csv", encoding="utf-8", newline="") as upload:
        report = validate_point_file(upload, "posyandu")
    assert report.ok and report.point_count == 3, messages(report)


def test_a_json_extension_means_geojson(tmp_path):
    path = tmp_path / "posyandu.json"
    path.write_bytes(make_geojson([feature(112.0116, -7.8166, **POSYANDU)]))
    assert validate_point_file(path, "posyandu").fmt == "geojson"


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_the_template_validates_when_uploaded_back(kind, delimiter):
    template = template_csv(kind, delimiter=delimiter)
    header = template.splitlines()[0].split(delimiter)
    assert header[:2] == ["latitude", "longitude"]
    assert set(header[2:]) == {attribute.name for attribute in KINDS[kind].attributes}

    report = validate_point_file(io.BytesIO(template.encode("utf-8")), kind, "csv")
    assert report.ok, messages(report)
    assert report.point_count == 1


# --- problems of the whole file --------------------------------------------

@pytest.mark.parametrize("content, fmt, code, words", [
    (b"", "csv", "empty_file", "kosong"),
    (b"  \n", "geojson", "empty_file", "kosong"),
    (b"lat,lon,nama,strata,rw,alamat\n", "csv", "no_points", "tidak berisi titik"),
    (b'{"type": "FeatureCollection", "features": []}', "geojson", "no_points", "tidak berisi titik"),
    (b"nama,alamat\nPosyandu Mawar,Jl. Contoh\n", "csv", "no_coordinate_columns", "latitude"),
    (b'{"type": "FeatureCollection", "features": [', "geojson", "unreadable_json", "tidak dapat dibaca"),
    (b"{'type': 'FeatureCollection'}", "geojson", "unreadable_json", "tidak dapat dibaca"),
    (json.dumps(feature(112.0116, -7.8166, **POSYANDU)).encode(), "geojson",
     "not_feature_collection", "FeatureCollection"),
    (json.dumps([feature(112.0116, -7.8166, **POSYANDU)]).encode(), "geojson",
     "not_feature_collection", "FeatureCollection"),
    ("lat,lon,nama,strata,rw,alamat\n".encode("utf-16"), "csv", "no_points", "tidak berisi titik"),
    ('{"type": "FeatureCollection", "features": [{"properties": {"nama": "Kafé"}}]}'
     .encode("latin-1"), "geojson", "not_utf8", "UTF-8"),
    (b"PK\x03\x04\x14\x00\x06\x00", "csv", "spreadsheet", "Excel"),
    (b'lat,lon,nama,strata,rw,alamat\n"-7.8166,112.0116,Posyandu Mawar,madya,3,Jl. Contoh\n',
     "csv", "unreadable_csv", "tanda petik"),
])
def test_an_unreadable_or_empty_file_is_refused_with_one_file_level_error(content, fmt, code, words):
    error = only_error(validate_point_file(content, "posyandu", fmt))
    assert (error.row, error.code) == (None, code)
    assert words in error.message


def test_a_broken_geojson_is_refused_even_after_valid_features():
    content = make_geojson([feature(112.0116, -7.8166, **POSYANDU)])[:-30]
    report = validate_point_file(content, "posyandu", "geojson")
    assert not report.ok
    assert [e.code for e in report.errors] == ["unreadable_json"]


@pytest.mark.parametrize("description", ["", "Posyandu Kelurahan Balowerti. " * 300])
def test_geojson_members_may_come_in_any_order(description):
    """`type` after `features`, even after a long description, is still a
    FeatureCollection (the top level is then checked while streaming)."""
    features = [feature(lon, lat, **POSYANDU, rt=n) for n, (lat, lon) in enumerate(PLACES, 1)]
    for collection_type, accepted in (("FeatureCollection", True), ("GeometryCollection", False)):
        content = json.dumps({"description": description, "features": features,
                              "type": collection_type}).encode()
        report = validate_point_file(content, "posyandu", "geojson")
        assert report.ok is accepted, messages(report)
        if not accepted:
            assert report.errors[-1].code == "not_feature_collection"


def test_a_geojson_in_a_projected_crs_is_refused():
    content = json.dumps({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32749"}},
        "features": [feature(611000.0, 9136000.0, **POSYANDU)]}).encode()
    error = only_error(validate_point_file(content, "posyandu", "geojson"))
    assert error.code == "unsupported_crs"
    assert "EPSG:4326" in error.message


def test_an_unsupported_format_is_refused():
    error = only_error(validate_point_file(b"<kml/>", "posyandu", "kml"))
    assert error.code == "unsupported_format"
    assert "kml" in error.message


def test_a_file_that_stops_the_reading_makes_iter_points_raise():
    with pytest.raises(PointFileError) as raised:
        list(iter_points(b'{"type": "Feature"}', "posyandu", "geojson"))
    assert raised.value.error.code == "not_feature_collection"


def test_a_nik_or_phone_column_is_refused():
    report = validate_point_file(SAMPLES / "rt-ketua-dengan-nik.csv", "rt")
    assert not report.ok
    assert [(e.row, e.column, e.code) for e in report.errors] == [
        (None, "nik", "personal_data_column"), (None, "no._hp", "personal_data_column")]
    assert report.errors[0].message.startswith("Kolom NIK berisi data pribadi dan tidak boleh diunggah")
    assert report.errors[1].message.startswith("Kolom No. HP berisi data pribadi")


def test_a_personal_data_property_in_geojson_is_reported_once():
    features = [feature(lon, lat, rt=str(n), rw="3", ketua="Budi", **{"No KK": "3571000000000001"})
                for n, (lat, lon) in enumerate(PLACES, start=1)]
    report = validate_point_file(make_geojson(features), "rt", "geojson")
    assert [(e.row, e.column, e.code) for e in report.errors] == [
        (None, "no_kk", "personal_data_column")]


def test_jumlah_kk_is_not_mistaken_for_a_kk_number():
    content = make_csv([{"lat": -7.8166, "lon": 112.0116, "rt": 1, "rw": 3,
                         "ketua": "Budi Santoso", "jumlah_kk": 45}])
    assert validate_point_file(content, "rt", "csv").ok


def test_a_missing_required_column_is_reported_once_not_on_every_row():
    rows = [{"lat": lat, "lon": lon, "nama": f"Posyandu {n}", "strata": "madya", "rw": 3}
            for n, (lat, lon) in enumerate(PLACES)]
    report = validate_point_file(make_csv(rows), "posyandu", "csv")
    assert [(e.row, e.column, e.code) for e in report.errors] == [
        (None, "alamat", "missing_column")]


# --- problems of a row -----------------------------------------------------

@pytest.mark.parametrize("lat, lon, code, words", [
    ("", "112.0116", "missing_coordinate", "lintang (latitude) tidak diisi"),
    ("-7.8166", "", "missing_coordinate", "bujur (longitude) tidak diisi"),
    ("7°48'S", "112.0116", "coordinate_not_number", 'lintang "7°48\'S" bukan angka'),
    ("-7.8166", "112.01.16", "coordinate_not_number", 'bujur "112.01.16" bukan angka'),
    ("-7.8166", "nan", "coordinate_not_number", "bukan angka"),
    ("112.0116", "-7.8166", "swapped_coordinates", "lintang dan bujur tampaknya tertukar"),
    ("7.8166", "112.0116", "latitude_sign", "lintang 7.8166 harus negatif (selatan khatulistiwa)"),
    ("112.0116", "7.8166", "swapped_coordinates", "tertukar dan tanda lintang terbalik"),
    ("-78166", "1120116", "lost_decimal_separator", "seharusnya sekitar lintang -7.8166, bujur 112.0116"),
    ("-95.5", "300", "coordinate_out_of_range", "di luar rentang WGS 84"),
    ("-7.6500", "112.0116", "outside_area", "lintang -7.65, bujur 112.0116) berada di luar wilayah Kota Kediri"),
])
def test_a_bad_coordinate_is_reported_on_its_row(lat, lon, code, words):
    rows = [posyandu_row(-7.8102, 112.0153), posyandu_row(-7.8231, 112.0089),
            posyandu_row(lat, lon)]
    error = only_error(validate_point_file(make_csv(rows), "posyandu", "csv"))
    assert (error.row, error.code) == (3, code)
    assert error.message.startswith("Baris 3: ")
    assert words in error.message


@pytest.mark.parametrize("geometry, code, words", [
    (None, "missing_geometry", "tidak memiliki geometri"),
    ({"type": "LineString", "coordinates": [[112.01, -7.81], [112.02, -7.82]]}, "not_a_point",
     "geometri LineString bukan Point"),
    ({"type": "MultiPoint", "coordinates": [[112.01, -7.81], [112.02, -7.82]]}, "not_a_point",
     "geometri MultiPoint bukan Point"),
    ({"type": "Point", "coordinates": [112.0116]}, "invalid_coordinates", "[bujur, lintang]"),
    ({"type": "Point", "coordinates": [-7.8166, 112.0116]}, "swapped_coordinates", "tertukar"),
])
def test_a_bad_geometry_is_reported_on_its_feature(geometry, code, words):
    features = [feature(112.0153, -7.8102, **POSYANDU),
                {"type": "Feature", "geometry": geometry, "properties": POSYANDU}]
    error = only_error(validate_point_file(make_geojson(features), "posyandu", "geojson"))
    assert (error.row, error.code) == (2, code)
    assert error.message.startswith("Baris 2: ") and words in error.message


def test_a_semicolon_file_keeps_its_decimal_commas_but_a_comma_file_cannot():
    semicolons = make_csv([posyandu_row("-7,8166", "112,0116")], delimiter=";")
    assert validate_point_file(semicolons, "posyandu", "csv").ok

    commas = b"lat,lon,nama,strata,rw,alamat\n-7,8166,112,0116,Posyandu Mawar,madya,3,Jl. Contoh\n"
    report = validate_point_file(commas, "posyandu", "csv")
    assert "too_many_cells" in [e.code for e in report.errors]
    assert "titik koma (;)" in messages(report)[0]


def test_a_duplicate_point_names_the_first_row():
    rows = [posyandu_row(-7.8166, 112.0116, nama="Posyandu Mawar"),
            posyandu_row(-7.8102, 112.0153, nama="Posyandu Melati"),
            posyandu_row(-7.81660004, 112.0116, nama="Posyandu Kenanga")]  # same to 6 decimals
    error = only_error(validate_point_file(make_csv(rows), "posyandu", "csv"))
    assert (error.row, error.code) == (3, "duplicate_point")
    assert "Baris 3: titik ganda dengan baris 1" in error.message


def test_points_a_metre_apart_are_not_duplicates():
    rows = [posyandu_row(-7.8166, 112.0116), posyandu_row(-7.81661, 112.0116)]
    assert validate_point_file(make_csv(rows), "posyandu", "csv").ok


@pytest.mark.parametrize("changes, column, words", [
    ({"nama": ""}, "nama", "kolom nama wajib diisi"),
    ({"strata": "utama"}, "strata", 'strata "utama" tidak dikenal; pilih salah satu dari: '
                                    "pratama, madya, purnama, mandiri"),
    ({"rw": "tiga"}, "rw", 'rw "tiga" harus berupa bilangan bulat positif'),
    ({"rw": "0"}, "rw", 'rw "0" harus berupa bilangan bulat positif'),
    ({"rt": "2/3"}, "rt", 'rt "2/3" harus berupa bilangan bulat positif'),
    ({"jumlah_kader": "-1"}, "jumlah_kader", 'jumlah_kader "-1" harus berupa bilangan bulat tidak negatif'),
])
def test_a_missing_or_invalid_attribute_is_reported_on_its_row(changes, column, words):
    rows = [posyandu_row(-7.8102, 112.0153, rt="", jumlah_kader=""),
            posyandu_row(-7.8166, 112.0116, **{"rt": "", "jumlah_kader": "", **changes})]
    error = only_error(validate_point_file(make_csv(rows), "posyandu", "csv"))
    assert (error.row, error.column) == (2, column)
    assert error.message.startswith(f"Baris 2: {words}")


def test_every_error_of_a_row_is_reported():
    rows = [posyandu_row("7.8166", "112.0116", strata="", rw="x")]
    report = validate_point_file(make_csv(rows), "posyandu", "csv")
    assert [(e.row, e.column) for e in report.errors] == [(1, "lat"), (1, "strata"), (1, "rw")]


# --- the report ------------------------------------------------------------

def test_the_error_list_is_capped_but_every_error_is_counted():
    rows = [posyandu_row(-7.8166 + n * 0.0001, 112.0116, strata="utama") for n in range(37)]
    report = validate_point_file(make_csv(rows), "posyandu", "csv", max_errors=20)
    assert (report.error_count, len(report.errors)) == (37, 20)
    assert [e.row for e in report.errors] == list(range(1, 21))
    assert report.summary() == "Berkas ditolak: 37 kesalahan ditemukan (20 pertama ditampilkan)."

    as_dict = json.loads(json.dumps(report.as_dict()))
    assert as_dict["ok"] is False and as_dict["error_count"] == 37
    assert len(as_dict["errors"]) == 20
    assert as_dict["errors"][0] == {"row": 1, "column": "strata", "code": "invalid_attribute",
                                    "message": report.errors[0].message}


def test_an_uncapped_refusal_summary_has_no_shown_count():
    rows = [posyandu_row(-7.8166, 112.0116), posyandu_row(-7.8166, 112.0116)]
    report = validate_point_file(make_csv(rows), "posyandu", "csv")
    assert report.summary() == "Berkas ditolak: 1 kesalahan ditemukan."


def test_the_extent_of_the_points_is_a_polygon_for_the_spatial_extra():
    report = validate_point_file(make_csv([posyandu_row(lat, lon) for lat, lon in PLACES]),
                                 "posyandu", "csv")
    assert report.as_dict()["bbox"] == [112.0089, -7.8231, 112.0153, -7.8102]
    assert report.spatial_geojson() == {"type": "Polygon", "coordinates": [[
        [112.0089, -7.8231], [112.0153, -7.8231], [112.0153, -7.8102],
        [112.0089, -7.8102], [112.0089, -7.8231]]]}


def test_a_single_point_extent_is_padded_into_a_polygon():
    report = validate_point_file(make_csv([posyandu_row(-7.8166, 112.0116)]), "posyandu", "csv")
    polygon = report.spatial_geojson()
    assert polygon["type"] == "Polygon"
    assert polygon["coordinates"][0][0] == [112.0111, -7.8171]
    assert polygon["coordinates"][0][2] == [112.0121, -7.8161]


def test_a_configured_extent_replaces_kota_kediri():
    rows = [posyandu_row(-7.8166, 112.0116)]
    elsewhere = (110.0, -8.0, 111.0, -7.0)
    error = only_error(validate_point_file(make_csv(rows), "posyandu", "csv", bbox=elsewhere))
    assert error.code == "outside_area"
    assert validate_point_file(make_csv(rows), "posyandu", "csv", bbox=KOTA_KEDIRI_BBOX).ok


def test_an_unknown_kind_or_bad_extent_is_a_programming_error():
    with pytest.raises(ValueError):
        validate_point_file(b"", "sekolah", "csv")
    with pytest.raises(ValueError):
        validate_point_file(b"", "posyandu", "csv", bbox=(112.08, -7.92, 111.95, -7.74))


def test_iter_points_yields_normalised_properties_and_skips_invalid_rows():
    rows = [posyandu_row(-7.8166, 112.0116, strata=" Mandiri ", rw="003", rt="RT 02",
                         jumlah_kader="12", catatan="  buka tiap Selasa "),
            posyandu_row(-7.8166, 112.0116)]  # duplicate: skipped
    points = list(iter_points(make_csv(rows), "posyandu", "csv"))
    assert points == [Point(row=1, lon=112.0116, lat=-7.8166, properties={
        "nama": "Posyandu Mawar", "strata": "mandiri", "rw": "3", "rt": "2",
        "alamat": "Jl. Contoh No. 1", "jumlah_kader": 12, "nama_kelurahan": None,
        "kode_kelurahan": None, "catatan": "buka tiap Selasa"})]
    assert list(points[0].properties)[:4] == ["nama", "strata", "rw", "alamat"]  # the kind's order first
    assert points[0].as_feature()["geometry"] == {"type": "Point", "coordinates": [112.0116, -7.8166]}


def test_the_checks_run_without_ckan():
    """The package imports nothing from CKAN, and its messages fall back to
    the Indonesian text when CKAN cannot be imported at all."""
    script = (
        "import sys\n"
        "import ckanext.satudata.maps as geo\n"
        "assert not [m for m in sys.modules if m == 'ckan' or m.startswith('ckan.')]\n"
        "sys.modules['ckan'] = None  # as if CKAN were not installed\n"
        "report = geo.validate_point_file(b'lat,lon,nama,alamat\\n7.8166,112.0116,A,B\\n',"
        " 'kantor-kelurahan', 'csv')\n"
        "print(report.errors[0].message)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Baris 1: lintang 7.8166 harus negatif")


class _GeneratedUpload(io.RawIOBase):
    """A non-seekable binary upload whose bytes are produced on demand, so the
    whole file never exists in memory."""

    def __init__(self, chunks):
        self._chunks = iter(chunks)
        self._pending = b""

    def readable(self):
        return True

    def readinto(self, buffer):
        while not self._pending:
            self._pending = next(self._chunks, None)
            if self._pending is None:
                self._pending = b""
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size], self._pending = self._pending[:size], self._pending[size:]
        return size


def _peak_memory_of_duplicates(count: int) -> int:
    """Validates a streamed GeoJSON of `count` copies of one posyandu and
    returns the peak memory traced while doing so."""
    item = json.dumps(feature(112.0116, -7.8166, **POSYANDU)).encode()

    def chunks():
        yield b'{"type": "FeatureCollection", "features": ['
        for n in range(count):
            yield item if n == 0 else b"," + item
        yield b"]}"

    tracemalloc.start()
    try:
        report = validate_point_file(io.BufferedReader(_GeneratedUpload(chunks())),
                                     "posyandu", "geojson", max_errors=5)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (report.point_count, report.error_count, len(report.errors)) == (1, count - 1, 5)
    return peak


def test_memory_does_not_grow_with_the_number_of_rows_in_error():
    """Ten times more rows (up to about 2.6 MB of GeoJSON, all duplicates of
    one point): errors are counted, not kept, so the peak stays the same."""
    _peak_memory_of_duplicates(10)  # warm-up: first use of the translation marker
    small = _peak_memory_of_duplicates(2_000)
    large = _peak_memory_of_duplicates(20_000)
    assert large < small * 1.2 + 100_000, (small, large)
    assert large < 4_000_000
