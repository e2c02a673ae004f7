"""The shared table reader: one file is read one way, whoever reads it (the
statistics, the map point checks, the personal-data scanner). Pure: no CKAN."""
from __future__ import annotations

import io

import openpyxl
import pytest

from ckanext.satudata.maps import iter_points
from ckanext.satudata.privacy import scan_file
from ckanext.satudata.tabular import reading

HEADER = ["lat", "lon", "nama", "strata", "rw", "alamat"]
ROWS = [["-7.8166", "112.0116", "Posyandu Mawar", "madya", "3", "Jl. Kali – Gang 2"],
        ["-7.8102", "112.0153", "Posyandu Kafé", "mandiri", "4", "Jl. Contoh, No. 7"]]


def point_file(delimiter: str, encoding: str, title: str = "", decimal: str = ".") -> bytes:
    """A posyandu point file as a spreadsheet or another tool exports it."""
    def cell(text: str) -> str:
        text = text.replace(".", decimal) if text[-1:].isdigit() and "Jl" not in text else text
        return f'"{text}"' if delimiter in text else text

    lines = [title] if title else []
    lines += [delimiter.join(map(cell, row)) for row in [HEADER] + ROWS]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


# (content, encoding, delimiter, header row)
FILES = {
    "Excel CSV, Indonesian locale (cp1252, ;, decimal comma)":
        (point_file(";", "cp1252", decimal=","), "cp1252", ";", 1),
    "UTF-8 with BOM and a title line": (
        point_file(",", "utf-8-sig", title="Daftar posyandu Kelurahan Balowerti 2025"),
        "utf-8", ",", 2),
    "tab-separated": (point_file("\t", "utf-8"), "utf-8", "\t", 1),
    "pipe-separated": (point_file("|", "utf-8"), "utf-8", "|", 1),
    "Excel Unicode text (UTF-16 LE with BOM, tab)":
        (point_file("\t", "utf-16"), "utf-16-le", "\t", 1),
    "UTF-16 LE without BOM": (point_file(",", "utf-16-le"), "utf-16-le", ",", 1),
    "UTF-16 BE without BOM": (point_file(";", "utf-16-be", decimal=","), "utf-16-be", ";", 1),
}


@pytest.mark.parametrize("name", FILES)
def test_encoding_delimiter_and_header_are_found_by_content(name):
    content, encoding, delimiter, header_row = FILES[name]
    table = reading.open_table(io.BytesIO(content))
    assert (table.description.kind, table.description.encoding, table.description.delimiter,
            table.description.header_row) == ("csv", encoding, delimiter, header_row)
    rows = list(table)
    assert rows[0] == HEADER
    assert [row[2:] for row in rows[1:]] == [row[2:] for row in ROWS]


@pytest.mark.parametrize("name", FILES)
def test_the_point_reader_and_the_scanner_read_the_same_columns(name):
    content = FILES[name][0]
    points = list(iter_points(content, "posyandu", "csv"))
    assert [(p.lat, p.lon, p.properties["nama"], p.properties["alamat"]) for p in points] == [
        (-7.8166, 112.0116, "Posyandu Mawar", "Jl. Kali – Gang 2"),
        (-7.8102, 112.0153, "Posyandu Kafé", "Jl. Contoh, No. 7")]
    scanned = scan_file(content)
    [table] = scanned.tables
    assert (table.columns, table.rows) == (tuple(HEADER), 2)
    assert not scanned.findings


def test_a_windows_1252_file_is_read_whatever_the_reader():
    content = "nama;alamat;nilai\nKafé Rahayu;Jl. Kali – Gang 2;12,5\n".encode("cp1252")
    table = reading.open_table(io.BytesIO(content))
    assert table.description.encoding == "cp1252"
    assert list(table)[1] == ["Kafé Rahayu", "Jl. Kali – Gang 2", "12,5"]
    assert scan_file(content).tables[0].columns == ("nama", "alamat", "nilai")


@pytest.mark.parametrize("text, delimiter", [
    ("a,b,c\n1,2,3\n", ","),
    ("kode;nama;nilai\n1;Jl. Mawar, Gang 2;12,5\n2;Jl. Melati, Gang 3;1.234,5\n", ";"),
    ('kode,nama,nilai\n1,"Mawar; Melati",3\n2,"a; b; c",4\n', ","),
    ("kode\tnama\tnilai\n1\tMawar, Melati\t12,5\n", "\t"),
    ("kode|nama|nilai\n1|Mawar; Melati|3\n", "|"),
    ("satu kolom\n1\n2\n", ","),
])
def test_the_delimiter_splits_the_rows_into_the_same_number_of_cells(text, delimiter):
    assert reading.detect_delimiter(text, complete=True) == delimiter


def test_title_lines_and_empty_rows_above_the_header_are_skipped():
    text = "Tabel 3. Jumlah posyandu\n\n;;\nkode_wilayah;periode;nilai\n35.71.01.1001;2025;3\n"
    table = reading.open_table(io.BytesIO(text.encode()))
    assert table.description.header_row == 4
    assert list(table) == [["kode_wilayah", "periode", "nilai"], ["35.71.01.1001", "2025", "3"]]


def workbook(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_is_read_from_its_first_sheet_holding_data():
    content = workbook({"Petunjuk": [], "Data": [
        ["Jumlah posyandu 2025"], [], ["kode_wilayah", "periode", "nilai"],
        ["35.71.01.1001", 2025, "12.345"], ["35.71.01.1002", 2025, 7]]})
    table = reading.open_table(io.BytesIO(content))
    assert (table.description.kind, table.description.sheet,
            table.description.header_row) == ("xlsx", "Data", 3)
    assert [list(row) for row in table] == [
        ["kode_wilayah", "periode", "nilai"], ["35.71.01.1001", 2025, "12.345"],
        ["35.71.01.1002", 2025, 7]]


@pytest.mark.parametrize("content, kind", [
    (b'{"type": "FeatureCollection", "features": []}', "geojson"),
    (b"%PDF-1.7\n", "binary"),
    ("kode,nilai\n1,2\n".encode("utf-16-le"), "csv"),
])
def test_what_a_file_is_comes_from_its_content(content, kind):
    assert reading.describe(io.BytesIO(content)).kind == kind
    assert (reading.open_table(io.BytesIO(content)) is None) == (kind != "csv")
