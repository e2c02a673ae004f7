"""The personal-data scanner on generated files, as the curator and the PIC
would see its verdict. Pure: no CKAN application, no database."""
from __future__ import annotations

import io
import random
import re

import pytest

from ckanext.satudata.privacy import (
    HEALTH, KK, NAME_ADDRESS, NIK, SMALL_CELLS, SPECIFIC, Finding, ScanError, blocking,
    render_finding, scan_file)
from tests.privacy import generate
from tests.privacy.generate import write_csv, write_geojson, write_xlsx

SIXTEEN_DIGITS = re.compile(r"[0-9][0-9 .\-]{14,}[0-9]")


def kinds_by_column(result) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in result.findings + result.warnings:
        found.setdefault(finding.column, set()).add(finding.kind)
    return found


def patients(rng: random.Random, count: int) -> tuple[list[str], list[list[str]]]:
    """An individual-level register: every personal column planted."""
    header = ["No", "Nama Lengkap", "Alamat", "NIK", "No KK", "Tanggal Lahir", "Diagnosa",
              "Kode ICD-10", "Jenis Disabilitas", "No. RM", "Keterangan"]
    rows = []
    for n in range(count):
        rows.append([str(n + 1), generate.person_name(rng), generate.address(rng),
                     generate.nik(rng), generate.kk(rng), "1990-03-23",
                     rng.choice(generate.DIAGNOSES), rng.choice(generate.ICD10),
                     rng.choice(generate.DISABILITIES), f"RM-{rng.randint(1000, 99999)}",
                     rng.choice(("", "kontrol ulang", "rujuk"))])
    return header, rows


def assert_no_values_in_messages(result, rows, resource="data.csv"):
    messages = " ".join(render_finding(f, resource) for f in result.findings + result.warnings)
    assert not SIXTEEN_DIGITS.search(messages)
    for row in rows:
        for value in row:
            if len(value) > 3 and value not in result.columns:
                assert value not in messages, value


# --- recall: every planted column found --------------------------------------------

def test_every_planted_column_of_a_register_is_found(tmp_path):
    rng = random.Random(1)
    header, rows = patients(rng, 300)
    result = scan_file(write_csv(tmp_path / "register.csv", header, rows))
    found = kinds_by_column(result)
    assert found["NIK"] == {NIK}
    assert found["No KK"] == {KK}
    assert found["Nama Lengkap"] == {NAME_ADDRESS}
    assert found["Diagnosa"] == {HEALTH}
    assert found["Kode ICD-10"] == {HEALTH}
    assert found["Jenis Disabilitas"] == {HEALTH}
    assert found["No. RM"] == {HEALTH}
    assert set(found) == {"NIK", "No KK", "Nama Lengkap", "Diagnosa", "Kode ICD-10",
                          "Jenis Disabilitas", "No. RM"}
    assert not result.warnings
    nik = next(f for f in result.findings if f.kind == NIK)
    assert (nik.rows, nik.column_number, nik.sheet) == (300, 4, None)
    name = next(f for f in result.findings if f.kind == NAME_ADDRESS)
    assert name.related_column == "Alamat" and name.rows == 300
    assert_no_values_in_messages(result, rows)


def test_the_message_names_resource_column_kind_and_rows_but_no_value(tmp_path):
    rng = random.Random(2)
    values = [generate.nik(rng) for _ in range(1234)]
    result = scan_file(write_csv(tmp_path / "warga.csv", ["nama_kelurahan", "nik_warga"],
                                 [["Pojok", value] for value in values]))
    (finding,) = result.findings
    message = render_finding(finding, resource="Data warga Pojok")
    assert message == ("Data warga Pojok, kolom nik_warga berisi NIK (nomor induk "
                       "kependudukan); jumlah baris: 1.234.")
    assert not any(value in message for value in values)
    english = {"{where} berisi NIK (nomor induk kependudukan); jumlah baris: {rows}.":
               "{where} contains NIKs (population identity numbers); rows: {rows}.",
               "kolom {column}": "column {column}"}
    assert render_finding(finding, "warga.csv", gettext=lambda s: english.get(s, s)) == (
        "warga.csv, column nik_warga contains NIKs (population identity numbers); rows: 1.234.")
    assert Finding.from_dict(finding.to_dict()) == finding
    assert finding.to_dict()["severity"] == "block"


@pytest.mark.parametrize("style", ["spaces", "dots", "dashes"])
def test_nik_with_separators_is_found(tmp_path, style):
    rng = random.Random(3)
    separate = {"spaces": lambda v: f"{v[:4]} {v[4:8]} {v[8:12]} {v[12:]}",
                "dots": lambda v: f"{v[:2]}.{v[2:4]}.{v[4:6]}.{v[6:12]}.{v[12:]}",
                "dashes": lambda v: f"{v[:6]}-{v[6:12]}-{v[12:]}"}[style]
    rows = [[generate.person_name(rng), separate(generate.nik(rng))] for _ in range(50)]
    result = scan_file(write_csv(tmp_path / "a.csv", ["penerima", "identitas"], rows))
    assert kinds_by_column(result)["identitas"] == {NIK}
    assert result.findings[0].rows == 50


def test_women_niks_only_and_kk_named_column(tmp_path):
    rng = random.Random(4)
    rows = [[generate.nik(rng, woman=True), generate.kk(rng)] for _ in range(40)]
    result = scan_file(write_csv(tmp_path / "a.csv", ["nomor_kk", "nomor_kartu_keluarga"], rows))
    found = kinds_by_column(result)
    # a column named KK that holds women's NIKs holds NIKs
    assert found == {"nomor_kk": {NIK}, "nomor_kartu_keluarga": {KK}}


def test_spreadsheet_numbers_and_sheets(tmp_path):
    rng = random.Random(5)
    statistics_header, statistics = generate.statistics_rows(rng, 30)
    niks = [generate.nik(rng) for _ in range(60)]
    members = [[generate.person_name(rng), int(n), float(n), f"{float(n):.11E}"] for n in niks]
    path = write_xlsx(tmp_path / "book.xlsx", {
        "Rekap": (statistics_header, statistics),
        "Anggota": (["nama", "nik_angka", "nik_pecahan", "nik_teks_ilmiah"], members)})
    result = scan_file(path)
    assert [table.sheet for table in result.tables] == ["Rekap", "Anggota"]
    found = {(f.sheet, f.column): f.kind for f in result.findings}
    assert found == {("Anggota", "nik_angka"): NIK, ("Anggota", "nik_pecahan"): NIK,
                     ("Anggota", "nik_teks_ilmiah"): NIK}
    message = render_finding(result.findings[0], "buku.xlsx")
    assert message.startswith("buku.xlsx, lembar Anggota, kolom nik_angka berisi NIK")
    assert result.rows_scanned == 90


def test_workbook_given_as_bytes_or_file_object(tmp_path):
    rng = random.Random(6)
    path = write_xlsx(tmp_path / "b.xlsx", {"Data": (["NIK"], [[generate.nik(rng)] for _ in range(5)])})
    content = path.read_bytes()
    assert scan_file(content).findings[0].kind == NIK
    assert scan_file(io.BytesIO(content), "XLSX").findings[0].kind == NIK
    # a workbook uploaded with the format "CSV" is read as what it is
    assert scan_file(io.BytesIO(content), "csv").format == "xlsx"


def test_geojson_person_points_and_properties(tmp_path):
    rng = random.Random(7)
    features = [({"nama_warga": generate.person_name(rng), "nik": generate.nik(rng), "rw": 3},
                 (112.01 + n / 1e4, -7.81)) for n in range(25)]
    result = scan_file(write_geojson(tmp_path / "warga.geojson", features))
    found = kinds_by_column(result)
    assert found == {"nama_warga": {NAME_ADDRESS}, "nik": {NIK}}
    name = next(f for f in result.findings if f.kind == NAME_ADDRESS)
    assert name.related_column == "geometry"
    assert "kolom geometri berisi alamat atau lokasinya" in render_finding(name)


def test_health_data_without_names_is_still_found(tmp_path):
    rng = random.Random(8)
    rows = [[str(rng.randint(1, 90)), rng.choice("LP"), rng.choice(generate.ICD10),
             rng.choice(generate.DIAGNOSES)] for _ in range(200)]
    result = scan_file(write_csv(tmp_path / "a.csv", ["umur", "jk", "kode", "penyakit"], rows))
    assert kinds_by_column(result) == {"kode": {HEALTH}, "penyakit": {HEALTH}}


def test_nik_in_free_text_unnamed_and_headerless_columns(tmp_path):
    rng = random.Random(9)
    rows = [["Pojok", f"warga pindah, NIK {generate.nik(rng)} sudah dicatat", generate.nik(rng)]
            for _ in range(12)]
    result = scan_file(write_csv(tmp_path / "a.csv", ["kelurahan", "keterangan", ""], rows))
    assert kinds_by_column(result) == {"keterangan": {NIK}, "": {NIK}}
    assert render_finding(result.findings[1]).startswith("Kolom ke-3 berisi NIK")
    headerless = scan_file(write_csv(tmp_path / "b.csv", None, [[generate.nik(rng), "12"]
                                                              for _ in range(5)]))
    (finding,) = headerless.findings
    assert (finding.column, finding.column_number, finding.rows) == ("", 1, 5)


def test_children_names_and_criminal_records(tmp_path):
    rng = random.Random(10)
    children = scan_file(write_csv(tmp_path / "a.csv", ["nama_balita", "posyandu", "bulan"],
                                   [[generate.person_name(rng), "Posyandu Mawar", "3"]
                                    for _ in range(20)]))
    assert [(f.kind, f.category) for f in children.findings] == [(SPECIFIC, "anak")]
    records = scan_file(write_csv(tmp_path / "b.csv", ["no_register", "riwayat_pidana"],
                                  [[str(n), "pencurian"] for n in range(20)]))
    assert [(f.kind, f.category) for f in records.findings] == [(SPECIFIC, "catatan_kejahatan")]
    assert "catatan kejahatan" in render_finding(records.findings[0])


@pytest.mark.parametrize("delimiter,encoding", [(";", "utf-8-sig"), ("\t", "cp1252"),
                                                (",", "utf-16"), ("|", "utf-8")])
def test_delimiters_and_encodings(tmp_path, delimiter, encoding):
    rng = random.Random(11)
    rows = [[f"Warga {generate.person_name(rng)}é", generate.address(rng), generate.nik(rng)]
            for _ in range(30)]
    path = write_csv(tmp_path / "a.csv", ["Nama Penduduk", "Alamat Domisili", "NIK"], rows,
                     delimiter=delimiter, encoding=encoding)
    assert kinds_by_column(scan_file(path)) == {"Nama Penduduk": {NAME_ADDRESS}, "NIK": {NIK}}


# --- no false alarms on statistics ----------------------------------------------------

def test_realistic_statistics_raise_no_blocking_finding(tmp_path):
    rng = random.Random(12)
    header, rows = generate.statistics_rows(rng, 5000)
    for name, path, count in (
            ("csv", write_csv(tmp_path / "s.csv", header, rows, delimiter=";"), 5000),
            ("xlsx", write_xlsx(tmp_path / "s.xlsx", {"Data": (header, rows[:1500])}), 1500)):
        result = scan_file(path)
        assert blocking(result.findings) == [], name
        assert result.rows_scanned == count


def test_point_layers_of_places_and_office_holders(tmp_path):
    rng = random.Random(13)
    posyandu = [[f"Posyandu {rng.choice(('Mawar', 'Melati', 'Anggrek'))} {n}", "madya", str(n % 9 + 1),
                 generate.address(rng), "-7.81", "112.01", str(rng.randint(3, 9))] for n in range(40)]
    offices = [[f"Kantor Kelurahan {k}", generate.address(rng)] for k in generate.KELURAHAN]
    rts = [[str(n % 9 + 1), "3", generate.person_name(rng), generate.address(rng), "45",
            generate.phone(rng)] for n in range(30)]
    for header, rows in ((["nama", "strata", "rw", "alamat", "latitude", "longitude", "jumlah_kader"], posyandu),
                         (["Nama", "Alamat"], offices),
                         (["rt", "rw", "nama_ketua", "alamat", "jumlah_kk", "no_hp_ketua"], rts)):
        result = scan_file(write_csv(tmp_path / "p.csv", header, rows))
        assert result.findings == [], header
    points = [({"NAMA": f"Pos Kamling RW {n:02d}", "RW": n}, (112.0, -7.8)) for n in range(1, 13)]
    assert scan_file(write_geojson(tmp_path / "p.geojson", points)).findings == []


def test_health_statistics_are_not_health_data(tmp_path):
    rng = random.Random(14)
    top_diseases = [[str(n + 1), code, name, str(rng.randint(5, 900))]
                    for n, (code, name) in enumerate(zip(generate.ICD10, generate.DIAGNOSES))]
    result = scan_file(write_csv(tmp_path / "a.csv", ["no", "kode_icd", "jenis_penyakit", "jumlah_kasus"],
                                 top_diseases))
    assert blocking(result.findings) == []
    per_kelurahan = [[k, str(rng.randint(0, 40)), str(rng.randint(0, 9)), f"{rng.random() * 20:.1f}"]
                     for k in generate.KELURAHAN]
    result = scan_file(write_csv(tmp_path / "b.csv", ["kelurahan", "jumlah_penderita_tbc", "hiv",
                                                      "persentase_balita_gizi_buruk"], per_kelurahan))
    assert blocking(result.findings) == []


# --- small cells -------------------------------------------------------------------

def test_small_cells_are_a_warning_with_their_count(tmp_path):
    rows = []
    for n in range(1500):  # past the sample, so counting goes on after it
        rows.append([generate.KELURAHAN[n % 10], str(2020 + n % 5), str(n % 12 + 1),
                     str(n % 7 + 1), str(n % 50 + 10), str(n % 4 + 1), "35.71.01.1001",
                     str(n % 3 + 1)])
    header = ["kelurahan", "tahun", "rw", "laki_laki", "perempuan", "jumlah_posyandu",
              "kode_wilayah", "penderita_dbd"]
    result = scan_file(write_csv(tmp_path / "a.csv", header, rows))
    assert result.findings == []
    counts = {f.column: f.rows for f in result.warnings}
    expected_men = sum(1 for n in range(1500) if n % 7 + 1 <= 4)
    assert counts == {"laki_laki": expected_men, "penderita_dbd": 1500}
    assert all(f.kind == SMALL_CELLS and not f.blocking for f in result.warnings)
    assert "berisi 1.500 sel dengan angka 1 sampai 4" in render_finding(result.warnings[1])


def test_a_decimal_after_the_sample_makes_the_column_a_measure(tmp_path):
    rows = [[str(n % 5)] for n in range(1200)] + [["2,5"]]
    assert scan_file(write_csv(tmp_path / "a.csv", ["nilai_rata"], rows)).warnings == []
    rows = [[str(n % 5)] for n in range(1200)] + [["2,5"]]
    assert scan_file(write_csv(tmp_path / "b.csv", ["warga"], rows)).warnings == []


# --- files that cannot be scanned ------------------------------------------------------

def test_unsupported_and_broken_files(tmp_path):
    with pytest.raises(ScanError) as error:
        scan_file(b"%PDF-1.4", "pdf")
    assert error.value.code == "unsupported_format"
    assert "PDF" not in error.value.render() and "pdf" in error.value.render()
    with pytest.raises(ScanError) as error:
        scan_file(b'{"type": "FeatureCollection", "features": [{"type": ', "geojson")
    assert error.value.code == "unreadable_json"
    with pytest.raises(ScanError) as error:
        scan_file(b"PK\x03\x04 not really a workbook", "xlsx")
    assert error.value.code == "unreadable_xlsx"
    empty = scan_file(b"", "csv")
    assert (empty.findings, empty.rows_scanned) == ([], 0)


def test_a_headerless_file_never_puts_its_first_row_in_a_message(tmp_path):
    rng = random.Random(15)
    rows = [[generate.nik(rng), rng.choice(generate.ICD10), str(rng.randint(1000, 9999))]
            for _ in range(30)]
    result = scan_file(write_csv(tmp_path / "a.csv", None, rows))
    messages = " ".join(render_finding(f) for f in result.findings)
    assert [f.column for f in result.findings] == ["", ""]
    assert rows[0][0] not in messages and rows[0][1] not in messages


def test_medical_record_numbers_are_health_data_even_when_numeric(tmp_path):
    rows = [[f"{n:06d}", str(n % 80 + 1)] for n in range(50)]
    result = scan_file(write_csv(tmp_path / "a.csv", ["rekam medis", "umur"], rows))
    assert kinds_by_column(result) == {"rekam medis": {HEALTH}}


def test_year_headings_and_a_title_above_the_table(tmp_path):
    rows = [["Tabel 3. Penduduk penyandang disabilitas menurut kelurahan", "", "", ""],
            ["", "", "", ""],
            ["kelurahan", "2023", "2024", "2024/2025"]]
    rows += [[k, str(n + 10), str(n + 3), str(n + 1)] for n, k in enumerate(generate.KELURAHAN)]
    result = scan_file(write_csv(tmp_path / "a.csv", None, rows))
    assert result.tables[0].columns == ("kelurahan", "2023", "2024", "2024/2025")
    assert result.findings == [] and result.rows_scanned == 10
    assert {f.column: f.rows for f in result.warnings} == {"2024": 2, "2024/2025": 4}
