"""An indicator's series, latest value and comparison across kelurahan. Pure."""
from __future__ import annotations

import pytest

from ckanext.satudata.statistics import MEAN, SUM, Observation, aggregation, figures, parse_period


def obs(kode, nama, periode, nilai):
    return Observation(kode, nama, parse_period(periode), float(nilai))


POSYANDU = [
    obs("35.71.01.1001", "Bandar Lor", "2023", 6), obs("35.71.01.1001", "Bandar Lor", "2024", 7),
    obs("35.71.01.1001", "Bandar Lor", "2025", 8),
    obs("35.71.02.1002", "Balowerti", "2023", 5), obs("35.71.02.1002", "Balowerti", "2024", 5),
    obs("35.71.02.1002", "Balowerti", "2025", 9),
    obs("35.71.03.1001", "Bangsal", "2024", 4), obs("35.71.03.1001", "Bangsal", "2025", 4),
]


@pytest.mark.parametrize("ukuran, satuan, expected", [
    ("jumlah", "unit", SUM), ("Jumlah", "", SUM), ("", "jiwa", SUM), ("", "unit", SUM),
    ("persentase", "persen", MEAN), ("rasio", "", MEAN), ("", "persen", MEAN), (None, None, MEAN),
])
def test_counts_add_up_and_rates_are_averaged(ukuran, satuan, expected):
    assert aggregation(ukuran, satuan) == expected


def test_series_of_a_count_is_the_city_total_per_period():
    result = figures(POSYANDU, SUM)
    assert [(p.periode.code, p.nilai, p.areas) for p in result.series] == [
        ("2023", 11.0, 2), ("2024", 16.0, 3), ("2025", 21.0, 3)]
    assert result.latest.periode.code == "2025" and result.latest.nilai == 21.0
    assert [p.code for p in result.periods] == ["2023", "2024", "2025"]


def test_series_of_a_rate_is_the_mean_of_the_areas():
    result = figures(POSYANDU, MEAN)
    assert result.series[0].nilai == 5.5
    assert result.latest.nilai == 7.0


def test_comparison_of_the_latest_period_highest_first_with_the_change():
    result = figures(POSYANDU, SUM)
    assert result.per_area
    comparison = result.comparison
    assert comparison.periode.code == "2025" and comparison.previous_periode.code == "2024"
    assert [(i.nama_wilayah, i.nilai, i.previous, i.change) for i in comparison.items] == [
        ("Balowerti", 9.0, 5.0, 4.0), ("Bandar Lor", 8.0, 7.0, 1.0), ("Bangsal", 4.0, 4.0, 0.0)]


def test_comparison_of_a_chosen_period():
    comparison = figures(POSYANDU, SUM, periode=parse_period("2023")).comparison
    assert comparison.previous_periode is None
    assert [(i.nama_wilayah, i.previous) for i in comparison.items] == [
        ("Bandar Lor", None), ("Balowerti", None)]


def test_area_table_has_every_area_with_its_values():
    areas = figures(POSYANDU, SUM).areas
    assert [a.nama_wilayah for a in areas] == ["Bandar Lor", "Balowerti", "Bangsal"]
    assert {p.code: v for p, v in areas[2].values.items()} == {"2024": 4.0, "2025": 4.0}


def test_a_later_dataset_replaces_the_same_area_and_period():
    corrected = POSYANDU + [obs("35.71.03.1001", "Bangsal", "2025", 6)]
    assert figures(corrected, SUM).latest.nilai == 23.0


def test_areas_without_codes_are_told_apart_by_name():
    result = figures([obs("", "RW 01", "2025", 3), obs("", "rw 01 ", "2025", 4),
                      obs("", "RW 02", "2025", 5)], SUM)
    assert result.latest.nilai == 9.0 and len(result.areas) == 2


def test_one_area_has_a_series_but_no_comparison():
    result = figures([obs("35.71.02.1002", "Balowerti", m, n)
                      for m, n in (("2025-02", 140), ("2025-01", 120))], SUM)
    assert [p.periode.code for p in result.series] == ["2025-01", "2025-02"]
    assert result.latest.nilai == 140.0
    assert not result.per_area and result.comparison is None


def test_no_observations_no_figures():
    result = figures([], SUM)
    assert result.series == [] and result.latest is None and result.comparison is None
