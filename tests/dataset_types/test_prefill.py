"""The fields of a statistic made from a catalogue indicator (pure)."""
from __future__ import annotations

import datetime

import pytest

from ckanext.satudata.dataset_types import prefill

INDICATOR = {
    "kode": "balita-ditimbang", "nama": "Balita ditimbang di posyandu",
    "bidang_urusan": "kesehatan", "konsep": "Penimbangan balita di posyandu",
    "definisi": "Balita yang ditimbang di posyandu dalam satu bulan.",
    "satuan": "jiwa", "ukuran": "jumlah", "rumus": None, "interpretasi": "",
    "frekuensi": "bulanan", "tingkat_penyajian": "kota", "kolom": ["nilai"],
    "wajib": True, "aktif": True, "versi": 2, "diubah": "2026-11-30T08:00:00",
}


def fields(today, **changes):
    return prefill.prefilled_fields(dict(INDICATOR, **changes), "Balowerti",
                                    "35.71.02.1002", today)


def test_a_monthly_statistic_delivered_in_december_is_novembers():
    result = fields(datetime.date(2026, 12, 7))
    assert result["title"] == ("Balita ditimbang di posyandu, Kelurahan Balowerti, "
                               "November 2026")
    assert result["periode_referensi"] == "November 2026"
    assert result["tahun"] == "2026"
    assert result["produsen"] == "Kelurahan Balowerti"
    assert result["name"] == "balita-ditimbang-balowerti-2026-11"


def test_the_catalogue_sets_the_metadata():
    result = fields(datetime.date(2026, 12, 7))
    assert {name: result[name] for name in prefill.LOCKED_FIELDS} == {
        "kode_indikator": "balita-ditimbang", "bidang_urusan": "kesehatan",
        "konsep": "Penimbangan balita di posyandu",
        "definisi": "Balita yang ditimbang di posyandu dalam satu bulan.",
        "satuan": "jiwa", "ukuran": "jumlah", "rumus": "", "interpretasi": "",
        "frekuensi": "bulanan"}
    assert result["notes"]  # the description is required: never left to type


@pytest.mark.parametrize("level, expected", [
    ("kota", "kelurahan"), ("kecamatan", "kelurahan"), ("", "kelurahan"),
    (None, "kelurahan"), ("kelurahan", "kelurahan"), ("rw", "rw")])
def test_the_presentation_level_is_the_kelurahan_or_finer(level, expected):
    result = fields(datetime.date(2026, 12, 7), tingkat_penyajian=level)
    assert result["tingkat_penyajian"] == expected
    assert result["cakupan"] == "kelurahan"


@pytest.mark.parametrize("today, title, span, year, name", [
    (datetime.date(2027, 1, 1), "Desember 2026", "Desember 2026", "2026", "2026-12"),
    (datetime.date(2027, 1, 31), "Desember 2026", "Desember 2026", "2026", "2026-12"),
    (datetime.date(2027, 2, 1), "Januari 2027", "Januari 2027", "2027", "2027-01"),
    (datetime.date(2026, 3, 31), "Februari 2026", "Februari 2026", "2026", "2026-02"),
    (datetime.date(2028, 3, 1), "Februari 2028", "Februari 2028", "2028", "2028-02"),
    (datetime.date(2026, 12, 31), "November 2026", "November 2026", "2026", "2026-11"),
])
def test_monthly_at_the_boundaries(today, title, span, year, name):
    result = fields(today)
    assert result["title"].endswith(", " + title)
    assert (result["periode_referensi"], result["tahun"]) == (span, year)
    assert result["name"] == "balita-ditimbang-balowerti-" + name


@pytest.mark.parametrize("today, title, span, year", [
    (datetime.date(2026, 12, 7), "Triwulan III 2026", "Juli–September 2026", "2026"),
    (datetime.date(2027, 1, 1), "Triwulan IV 2026", "Oktober–Desember 2026", "2026"),
    (datetime.date(2027, 3, 31), "Triwulan IV 2026", "Oktober–Desember 2026", "2026"),
    (datetime.date(2027, 4, 1), "Triwulan I 2027", "Januari–Maret 2027", "2027"),
    (datetime.date(2027, 7, 15), "Triwulan II 2027", "April–Juni 2027", "2027"),
])
def test_quarterly(today, title, span, year):
    result = fields(today, frekuensi="triwulanan")
    assert result["title"] == f"Balita ditimbang di posyandu, Kelurahan Balowerti, {title}"
    assert (result["periode_referensi"], result["tahun"]) == (span, year)


@pytest.mark.parametrize("today, title, span, year", [
    (datetime.date(2027, 1, 2), "Semester 2 2026", "Juli–Desember 2026", "2026"),
    (datetime.date(2027, 6, 30), "Semester 2 2026", "Juli–Desember 2026", "2026"),
    (datetime.date(2027, 7, 1), "Semester 1 2027", "Januari–Juni 2027", "2027"),
    (datetime.date(2026, 12, 31), "Semester 1 2026", "Januari–Juni 2026", "2026"),
])
def test_half_yearly(today, title, span, year):
    result = fields(today, frekuensi="semesteran")
    assert result["title"].endswith(", " + title)
    assert (result["periode_referensi"], result["tahun"]) == (span, year)
    assert result["name"].endswith(str(prefill.reference_period("semesteran", today))
                                   .lower())


@pytest.mark.parametrize("frequency", ["tahunan", "lima-tahunan"])
@pytest.mark.parametrize("today", [datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)])
def test_yearly_reports_last_year(frequency, today):
    result = fields(today, frekuensi=frequency)
    assert result["title"] == "Balita ditimbang di posyandu, Kelurahan Balowerti, 2026"
    assert (result["periode_referensi"], result["tahun"]) == ("Januari–Desember 2026", "2026")
    assert result["name"] == "balita-ditimbang-balowerti-2026"


@pytest.mark.parametrize("frequency", ["tidak-tetap", "", None, "mingguan"])
def test_irregular_is_this_month_without_a_span(frequency):
    result = fields(datetime.date(2027, 1, 3), frekuensi=frequency)
    assert result["title"].endswith(", Januari 2027")
    assert (result["periode_referensi"], result["tahun"]) == ("", "2027")


def test_every_frequency_of_the_schema_has_a_period():
    from ckanext.satudata.completeness.periods import FREQUENCIES
    for frequency in FREQUENCIES:
        period = prefill.reference_period(frequency, datetime.date(2026, 6, 15))
        assert period.year in (2025, 2026)


def test_a_taken_name_gets_a_number():
    used = {"balita-ditimbang-balowerti-2026-11", "balita-ditimbang-balowerti-2026-11-2"}
    result = prefill.prefilled_fields(INDICATOR, "Balowerti", "35.71.02.1002",
                                      datetime.date(2026, 12, 7), used.__contains__)
    assert result["name"] == "balita-ditimbang-balowerti-2026-11-3"


def test_a_name_is_a_valid_slug():
    name = prefill.dataset_name("Jumlah  Posyandu/Aktif — Kampung Dalem " + "x" * 200,
                                lambda name: False)
    assert name.startswith("jumlah-posyandu-aktif-kampung-dalem-x")
    assert len(name) <= 100
    assert set(name) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")


def test_point_layer_fields():
    result = prefill.point_layer_fields("posyandu", "Posyandu", "Balowerti",
                                        datetime.date(2027, 1, 1))
    assert result == {"jenis_titik": "posyandu",
                      "title": "Peta posyandu, Kelurahan Balowerti, 2027",
                      "name": "peta-posyandu-balowerti-2027", "tahun": "2027",
                      "produsen": "Kelurahan Balowerti"}
