"""A statistic's table read into observations. Pure."""
from __future__ import annotations

import io
import tracemalloc

from ckanext.satudata.dataset_types.templates import csv_template
from ckanext.satudata.statistics import Period, csv_rows, read_observations
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
