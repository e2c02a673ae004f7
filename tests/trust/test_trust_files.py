"""Files are recognised by their content, not by their name (issue 13,
finding 6): CKAN stores an upload without its extension, so every reader of
uploaded files (personal-data scanner, point layers, statistics) asks what
the bytes are. Workbooks come from two writers (openpyxl, XlsxWriter) and are
uploaded with and without an extension."""
from __future__ import annotations

import io
import json
import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

import ckan.plugins.toolkit as tk

import ckanext.satudata
from ckanext.satudata.tabular import kinds as file_kinds
from ckanext.satudata.maps import template_csv
from ckanext.satudata.privacy import ScanError, scan_file
from tests.helpers import call_as, publish, statistik_sektoral
from tests.privacy.generate import nik
from tests.map_samples import geojson_of, point_layer

RNG = random.Random(613)
NIKS = [nik(RNG, region="357102") for _ in range(6)]
MEMBERS = [["nama_kepala_keluarga", "nik", "rw"]] + [
    [f"Warga {n}", value, str(n % 3 + 1)] for n, value in enumerate(NIKS)]
STATISTIC = [["kode_wilayah", "nama_wilayah", "periode", "indikator", "nilai", "satuan"],
             ["35.71.02.1002", "Balowerti", "2024", "Posyandu aktif", 6, "unit"],
             ["35.71.02.1002", "Balowerti", "2025", "Posyandu aktif", 9, "unit"]]


def openpyxl_workbook(rows, sheet="Data"):
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsxwriter_workbook(rows, sheet="Data"):
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    worksheet = workbook.add_worksheet(sheet)
    for number, row in enumerate(rows):
        worksheet.write_row(number, 0, row)
    workbook.close()
    return out.getvalue()


WRITERS = {"openpyxl": openpyxl_workbook, "xlsxwriter": xlsxwriter_workbook}


# --- what a file is ------------------------------------------------------------------

@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_workbook_is_recognised_whoever_wrote_it(writer):
    content = WRITERS[writer](MEMBERS)
    assert file_kinds.kind_of(content[:file_kinds.HEAD_SIZE], io.BytesIO(content)) == "xlsx"


def test_a_large_workbook_whose_directory_comes_last_is_still_a_workbook():
    # openpyxl writes the sheets before xl/workbook.xml: past the first bytes.
    rows = [["kolom"]] + [[f"teks acak {RNG.random()}"] for _ in range(20000)]
    content = openpyxl_workbook(rows)
    head = content[:file_kinds.HEAD_SIZE]
    assert file_kinds.kind_of_head(head) == "zip"
    stream = io.BytesIO(content)
    stream.read(len(head))
    assert file_kinds.kind_of(head, stream) == "xlsx"
    assert stream.tell() == len(head)


def _zip_of(name, data):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("content, kind", [
    (b"nama,nik\nA,1\n", "text"),
    ("nama;nilai\nKafé;1\n".encode("cp1252"), "text"),
    ("nama,nilai\nA,1\n".encode("utf-16"), "text"),
    (b"\xef\xbb\xbfnama,nilai\n", "text"),
    (b'{"type": "FeatureCollection", "features": []}', "geojson"),
    (b'{"features": [], "type": "FeatureCollection"}', "geojson"),
    (b'\n {"type": "Feature", "geometry": null, "properties": {}}', "geojson"),
    (b'{"type": "Topology", "objects": {}}', "json"),
    (b'[{"nik": "1"}]', "json"),
    (b"{'bukan': json}", "json"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "legacy_office"),
    (b"%PDF-1.7\n...", "binary"),
    (b"\x89PNG\r\n\x1a\n", "binary"),
    (b"nama\x00nik\x00", "binary"),
    (b"", "empty"),
    (b" \r\n", "empty"),
])
def test_what_a_file_is_comes_from_its_bytes(content, kind):
    assert file_kinds.kind_of(content, io.BytesIO(content)) == kind


def test_a_zip_without_a_workbook_is_a_zip():
    content = _zip_of("data.csv", b"a,b\n1,2\n")
    assert file_kinds.kind_of(content, io.BytesIO(content)) == "zip"
    assert file_kinds.kind_of(b"PK\x03\x04 rusak", io.BytesIO(b"PK\x03\x04 rusak")) == "zip"


def _members_json(shape):
    rows = [dict(zip(MEMBERS[0], row)) for row in MEMBERS[1:]]
    if shape == "records":
        return json.dumps(rows).encode()
    if shape == "feature":
        return b"\xef\xbb\xbf" + json.dumps(
            {"type": "Feature", "properties": rows[0], "geometry": None}).encode()
    return b"\xef\xbb\xbf" + json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": row, "geometry": None} for row in rows]}).encode()


@pytest.mark.parametrize("shape, rows", [("records", 6), ("feature", 1), ("collection", 6)])
def test_a_nik_in_json_of_any_usual_shape_is_found(shape, rows):
    """A JSON array of rows, a lone Feature, a collection saved with a byte
    order mark: each is read, none passes unseen."""
    result = scan_file(_members_json(shape))
    assert ("nik", "nik", rows) in [(f.kind, f.column, f.rows) for f in result.findings]


def test_json_of_another_shape_cannot_pass_unseen():
    with pytest.raises(ScanError) as refused:
        scan_file(json.dumps({"data": {"warga": [{"nik": NIKS[0]}]}}).encode(), "json")
    assert refused.value.code == "unsupported_json"
    assert NIKS[0] not in refused.value.render()


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_workbook_of_many_points_is_read_whatever_its_entry_order(writer):
    from ckanext.satudata.maps import validate_point_file

    header, example = [line.split(",") for line in template_csv("posyandu").splitlines()]
    rows = [header]
    for n in range(300):
        row = dict(zip(header, example), latitude=-7.8280 + n * 0.0001,
                   longitude=112.0000 + n * 0.0001)
        rows.append([row[name] for name in header])
    content = WRITERS[writer](rows)
    report = validate_point_file(io.BytesIO(content), "posyandu")
    assert (report.ok, report.fmt, report.point_count) == (True, "xlsx", 300), report.errors


def test_no_reader_asks_the_uploader_for_a_path_but_site_files():
    """One function finds an uploaded file; the readers do not compute its path."""
    package = Path(ckanext.satudata.__file__).parent
    offenders = [str(path.relative_to(package)) for path in package.rglob("*.py")
                 if path.name != "site.py"
                 and re.search(r"get_resource_uploader\(|\.get_path\(", path.read_text())]
    assert offenders == []


def test_a_file_in_a_storage_without_local_paths_is_opened_too(monkeypatch):
    """CKAN 2.12's file storages (file-keeper) may keep no local file: the
    one opener copies the stream into a seekable file for the readers."""
    import file_keeper as fk

    from ckan.lib import files

    from ckanext.satudata import site

    storage = fk.make_storage("uji", {"type": "file_keeper:memory"})
    content = xlsxwriter_workbook(MEMBERS)
    location = "abc/def/0123-workbook"
    storage.upload(storage.prepare_location(location), fk.make_upload(io.BytesIO(content)))

    class KeeperUpload:
        def __init__(self):
            self.storage = storage

        def get_path(self, resource_id):
            return files.Location(location)

    monkeypatch.setattr(site.uploader, "get_resource_uploader",
                        lambda resource: KeeperUpload())
    resource = {"id": "abcdef0123-workbook", "url_type": "upload"}
    assert site.uploaded_path(resource) is None
    assert site.uploaded_size(resource) == len(content)
    assert site.uploaded_kind(resource) == "xlsx"
    with site.open_uploaded(resource) as stored:
        assert stored.read() == content
    with pytest.raises(FileNotFoundError):
        with site.open_uploaded({"id": "x", "url_type": ""}):
            pass


# --- the portal, with real uploads -------------------------------------------------------

portal = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def upload_as_named(people, create_with_upload):
    """Adds a file as the PIC, its format left for the portal to tell
    (the shared `upload` says CSV)."""
    def add(dataset, content, filename, **extra):
        return create_with_upload(content, filename, package_id=dataset["id"], name=filename,
                                  context={"user": people["pic"]["name"]}, **extra)
    return add


@portal
@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("filename", ["anggota-keluarga.xlsx", "anggota-keluarga"])
def test_a_nik_in_an_uploaded_workbook_is_found(people, dataset, upload_as_named, writer,
                                                 filename):
    resource = upload_as_named(dataset, WRITERS[writer](MEMBERS), filename)
    scan = call_as(people["pic"], "satudata_privacy_scan_show", id=resource["id"])
    assert scan["status"] == "selesai", scan["error"]
    assert ("nik", "nik", 6) in [(f["kind"], f["column"], f["rows"]) for f in scan["findings"]]
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["pic"], "satudata_submit", id=dataset["id"])
    messages = " ".join(refused.value.error_dict["data_pribadi"])
    assert "kolom nik" in messages and not any(value in messages for value in NIKS)


@portal
@pytest.mark.parametrize("filename, fmt", [("data", ""), ("laporan.pdf", "PDF"),
                                           ("anggota.xlsx", "XLSX")])
def test_a_csv_is_scanned_whatever_its_name_or_declared_format(
        people, dataset, upload_as_named, filename, fmt):
    content = "".join(",".join(row) + "\n" for row in MEMBERS)
    resource = upload_as_named(dataset, content, filename, format=fmt)
    scan = call_as(people["pic"], "satudata_privacy_scan_show", id=resource["id"])
    assert scan["status"] == "selesai", scan["error"]
    assert "nik" in [f["kind"] for f in scan["findings"]]


@portal
@pytest.mark.parametrize("content, words", [
    (b"%PDF-1.7\n" + b"\x00\x01" * 50, "tidak diperiksa"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "Excel lama"),
    (_zip_of("warga.csv", "nik\n" + "\n".join(NIKS)), "ZIP"),
], ids=["pdf", "xls", "zip"])
def test_a_file_the_scanner_cannot_read_needs_a_curator_and_says_why(
        app, people, dataset, upload_as_named, content, words):
    resource = upload_as_named(dataset, content, "lampiran")
    scan = call_as(people["pic"], "satudata_privacy_scan_show", id=resource["id"])
    assert scan["status"] == "gagal" and words in scan["error"]
    with pytest.raises(tk.ValidationError, match="tidak dapat diperiksa"):
        call_as(people["pic"], "satudata_submit", id=dataset["id"])
    # The curator sees where to decide, on the resource page.
    page = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}",
                   headers={"Authorization": _token(people["curator"])})
    assert "Kesampingkan temuan" in page.get_data(as_text=True)
    call_as(people["curator"], "satudata_privacy_override", id=resource["id"],
            reason="Lampiran surat, diperiksa manual.")
    assert call_as(people["pic"], "satudata_submit", id=dataset["id"])["satudata_status"] == \
        "diajukan"


def _token(user):
    return call_as(user, "api_token_create", user=user["name"], name="uji")["token"]


@portal
@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("filename", ["posyandu.xlsx", "posyandu"])
def test_a_published_workbook_statistic_gives_its_figures(
        sysadmin, kelurahan_balowerti, create_with_upload, writer, filename):
    dataset = call_as(sysadmin, "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="posyandu-aktif", title="Posyandu aktif"))
    create_with_upload(WRITERS[writer](STATISTIC), filename, package_id=dataset["id"],
                       context={"user": sysadmin["name"]})
    publish(sysadmin, dataset)
    result = call_as(None, "satudata_indicator_series", id="posyandu-aktif")
    assert [(p["periode"], p["nilai"]) for p in result["series"]] == [("2024", 6), ("2025", 9)]


@portal
@pytest.mark.parametrize("fmt", ["csv", "geojson"])
@pytest.mark.parametrize("declared", ["", "CSV", "GeoJSON"])
def test_a_point_file_is_read_as_what_it_is(
        sysadmin, kelurahan_balowerti, create_with_upload, fmt, declared):
    layer = call_as(sysadmin, "package_create", **point_layer(kelurahan_balowerti["id"]))
    content = template_csv("posyandu") if fmt == "csv" else geojson_of(
        "posyandu", [(112.0116, -7.8166)])
    resource = create_with_upload(content, "titik-posyandu", package_id=layer["id"],
                                  format=declared, context={"user": sysadmin["name"]})
    assert resource["satudata_extent"]
    publish(sysadmin, layer)
    # The published layer's point is on the city map (read again from storage).
    assert call_as(None, "satudata_map_points", dataset=layer["name"])["total"] == 1


@portal
@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("filename", ["posyandu.xlsx", "posyandu"])
def test_a_workbook_point_file_is_read_like_its_csv_template(
        sysadmin, kelurahan_balowerti, create_with_upload, writer, filename):
    layer = call_as(sysadmin, "package_create", **point_layer(kelurahan_balowerti["id"]))
    header, example = [line.split(",") for line in template_csv("posyandu").splitlines()]
    # Coordinates typed as numbers, as a spreadsheet keeps them.
    row = [float(cell) if name in ("latitude", "longitude") else cell
           for name, cell in zip(header, example)]
    resource = create_with_upload(WRITERS[writer]([header, row]), filename,
                                  package_id=layer["id"], context={"user": sysadmin["name"]})
    assert resource["satudata_extent"] and resource["format"].upper() == "XLSX"
    publish(sysadmin, layer)
    assert call_as(None, "satudata_map_points", dataset=layer["name"])["total"] == 1


@portal
def test_an_old_excel_point_file_is_refused_with_a_clear_message(
        sysadmin, kelurahan_balowerti, create_with_upload):
    layer = call_as(sysadmin, "package_create", **point_layer(kelurahan_balowerti["id"]))
    with pytest.raises(tk.ValidationError) as refused:
        create_with_upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "posyandu.xls",
                           package_id=layer["id"], context={"user": sysadmin["name"]})
    assert "Excel Workbook (.xlsx)" in " ".join(refused.value.error_dict["url"])
