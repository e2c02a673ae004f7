"""A statistic's table read into observations. Pure."""
from __future__ import annotations

import io
import tracemalloc

import pytest

from ckanext.satudata.dataset_types.templates import csv_template
from ckanext.satudata.statistics import Period, csv_rows, read_observations, table_rows
from ckanext.satudata.statistics.periods import MONTH


def rows_of(text: str, encoding: str = "utf-8"):
    return list(csv_rows(io.BytesIO(text.encode(encoding))))


def test_the_upload_template_is_readable():
    result = read_observations(rows_of(csv_template("statistik-sektoral")))
    assert result.readable and result.skipped_rows == 0
    [observation] = result.observations
    assert observation.kode_wilayah == "35.71.02.1002"
    assert observation.nama_wilayah == "Balowerti"
    assert observation.periode == Period(2026, MONTH, 1)
    assert observation.nilai == 7.0
    assert observation.indikator == "Jumlah posyandu aktif"


def test_semicolons_bom_and_other_header_spellings():
    text = "\ufeffKode Kelurahan;Nama Kelurahan;Tahun;Jumlah\n35.71.01.1001;Bandar Lor;2024;1.234,5\n"
    result = read_observations(rows_of(text))
    [observation] = result.observations
    assert (observation.kode_wilayah, observation.nama_wilayah, observation.periode.code,
            observation.nilai) == ("35.71.01.1001", "Bandar Lor", "2024", 1234.5)


def test_latin1_files_are_read():
    result = read_observations(rows_of("wilayah,periode,nilai\nKampung Dalem é,2025,3\n", "latin-1"))
    assert result.observations[0].nama_wilayah == "Kampung Dalem é"


def test_rows_without_a_period_or_value_are_skipped_and_counted():
    text = ("kode_wilayah,periode,nilai\n"
            "35.71.01.1001,2025,5\n"
            "35.71.01.1002,,6\n"
            "35.71.01.1003,2025,-\n"
            ",,\n"
            "35.71.01.1004,2025,8\n")
    result = read_observations(rows_of(text))
    assert [o.kode_wilayah for o in result.observations] == ["35.71.01.1001", "35.71.01.1004"]
    assert [o.row for o in result.observations] == [2, 6]
    assert result.skipped_rows == 2


def test_a_table_without_period_or_value_columns_is_not_a_statistic():
    result = read_observations(rows_of("nama,alamat\nPosyandu Mawar,Jl. Mawar\n"))
    assert not result.readable
    assert result.missing_columns == ["periode", "nilai"]
    assert read_observations([]).missing_columns == ["periode", "nilai"]


def test_a_table_without_areas_is_one_series():
    result = read_observations(rows_of("periode,nilai\n2024,10\n2025,12\n"))
    assert [(o.area_key, o.nilai) for o in result.observations] == [("", 10.0), ("", 12.0)]


def test_long_files_are_cut_and_read_in_bounded_memory():
    def rows():
        yield ["kode_wilayah", "periode", "nilai"]
        for n in range(50_000):
            yield ["35.71.01.1001", "2025", str(n)]

    tracemalloc.start()
    result = read_observations(rows(), max_rows=1_000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.truncated and len(result.observations) == 1_000
    assert peak < 2_000_000


# --- files as PICs export them (the shared reader) ------------------------------

def read_file(content: bytes):
    return read_observations(table_rows(io.BytesIO(content)))


def test_an_excel_csv_export_in_the_indonesian_locale():
    """Excel in the Indonesian locale: `;` between cells, Windows-1252, a dot
    for thousands and a comma for decimals."""
    text = ("kode_wilayah;nama_wilayah;periode;nilai\r\n"
            "35.71.01.1001;Bandar Lor;2024;12.345\r\n"
            "35.71.01.1002;Bandar Kidul – Utara;2024;12,5\r\n"
            "35.71.02.1002;Balowerti;2024;1.234,5\r\n"
            "35.71.02.1003;Pakelan;2024;1.234.567\r\n")
    result = read_file(text.encode("cp1252"))
    assert [o.nilai for o in result.observations] == [12345.0, 12.5, 1234.5, 1234567.0]
    assert result.observations[1].nama_wilayah == "Bandar Kidul – Utara"
    assert (result.encoding, result.delimiter) == ("cp1252", ";")
    assert result.problems == [] and result.skipped_rows == 0


@pytest.mark.parametrize("delimiter, encoding", [
    ("\t", "utf-16"), ("\t", "utf-16-le"), (",", "utf-16-be"), ("|", "utf-8"), ("\t", "cp1252")])
def test_tab_pipe_and_utf16_files_give_their_observations(delimiter, encoding):
    rows = [["kode_wilayah", "nama_wilayah", "periode", "nilai"],
            ["35.71.01.1001", "Kafé", "2025-01", "7"], ["35.71.01.1001", "Kafé", "2025-02", "9"]]
    content = "\n".join(delimiter.join(row) for row in rows).encode(encoding)
    result = read_file(content)
    assert [(o.nama_wilayah, o.periode.code, o.nilai) for o in result.observations] == [
        ("Kafé", "2025-01", 7.0), ("Kafé", "2025-02", 9.0)]
    assert result.delimiter == delimiter


def test_a_dot_in_a_comma_separated_file_is_a_decimal_point_when_the_column_says_so():
    text = "periode,nilai\n2023,1.5\n2024,1.234\n2025,0.75\n"
    assert [o.nilai for o in read_file(text.encode()).observations] == [1.5, 1.234, 0.75]


def test_a_column_written_the_indonesian_way_reads_its_thousands():
    # The decimal comma further down the column decides for the rows above it.
    text = 'periode,nilai\n2023,1.234\n2024,"2.345,5"\n2025,"12,5"\n'
    assert [o.nilai for o in read_file(text.encode()).observations] == [1234.0, 2345.5, 12.5]


def test_an_ambiguous_number_is_asked_not_guessed():
    text = "Jumlah warga\nkode_wilayah,periode,nilai\n35.71.01.1001,2024,1.234\n35.71.01.1001,2025,17\n"
    result = read_file(text.encode())
    assert [(o.periode.code, o.nilai) for o in result.observations] == [("2025", 17.0)]
    assert result.skipped_rows == 1
    [problem] = result.problems
    assert (problem.row, problem.column, problem.code, problem.severity, problem.value) == (
        3, "nilai", "ambiguous_number", "question", "1.234")
    message = problem.render()
    assert "Baris 3" in message and "1234" in message and "1,234" in message
    assert result.problem_counts == {"question": 1}


def test_a_column_whose_values_disagree_is_asked_too():
    text = "periode;nilai\n2023;1.5\n2024;1,5\n2025;1.234\n"
    # `;` says Indonesian whatever the column shows: 1.234 is 1234.
    assert [o.nilai for o in read_file(text.encode()).observations] == [1.5, 1.5, 1234.0]
    text = "periode\tnilai\n2023\t1.5\n2024\t1,5\n2025\t1.234\n"
    result = read_file(text.encode())
    assert [o.nilai for o in result.observations] == [1.5, 1.5]
    assert [p.code for p in result.problems] == ["ambiguous_number"]


def test_workbook_text_cells_are_indonesian_and_number_cells_are_numbers():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["kode_wilayah", "periode", "nilai"])
    sheet.append(["35.71.01.1001", 2023, "12.345"])
    sheet.append(["35.71.01.1001", 2024, "12,5"])
    sheet.append(["35.71.01.1001", 2025, 12.345])
    out = io.BytesIO()
    book.save(out)
    result = read_file(out.getvalue())
    assert [o.nilai for o in result.observations] == [12345.0, 12.5, 12.345]
    assert result.description.kind == "xlsx" and result.delimiter is None


def test_every_skipped_row_says_why_by_row_and_column_as_in_a_spreadsheet():
    text = ("kode_wilayah;periode;nilai\n"
            "35.71.01.1001;2025;tujuh\n"
            "35.71.01.1002;kemarin;5\n"
            "35.71.01.1003;2025;\n"
            "35.71.01.1004;2025;-\n"
            ";;\n"
            "35.71.01.1005;2025;8\n")
    result = read_file(text.encode())
    assert [o.row for o in result.observations] == [7]
    assert result.skipped_rows == 4
    assert [(p.row, p.column, p.code, p.severity, p.value) for p in result.problems] == [
        (2, "nilai", "unreadable_number", "error", "tujuh"),
        (3, "periode", "unreadable_period", "error", "kemarin"),
        (4, "nilai", "missing_value", "error", ""),
        (5, "nilai", "missing_value", "error", "-")]
    assert result.problems[1].render() == (
        'Baris 3, kolom periode: periode "kemarin" tidak dikenali; tulis misalnya '
        "2025, 2025-S1, 2025-T3 atau 2025-07.")
    assert result.problems[0].as_dict()["message"].startswith('Baris 2, kolom nilai: "tujuh"')


def test_problems_are_counted_all_but_kept_bounded():
    from ckanext.satudata.statistics.tables import MAX_PROBLEMS

    def rows():
        yield ["periode", "nilai"]
        for _ in range(MAX_PROBLEMS + 500):
            yield ["2025", "?"]

    result = read_observations(rows())
    assert len(result.problems) == MAX_PROBLEMS
    assert result.problem_counts == {"error": MAX_PROBLEMS + 500}
    assert result.skipped_rows == MAX_PROBLEMS + 500
