"""The kelurahan comparison of the yearly profiles. Pure."""
from __future__ import annotations

import pytest

from ckanext.satudata.statistics.profiles import (
    DENSITY, TOTAL_POPULATION, Area, Column, comparison_table, with_derived)

AREAS = [Area("35.71.01.1001", "Bandar Lor", "Mojoroto", "kelurahan-bandar-lor"),
         Area("35.71.02.1002", "Balowerti", "Kota", "kelurahan-balowerti"),
         Area("35.71.03.1001", "Bangsal", "Pesantren", "kelurahan-bangsal")]
COLUMNS = with_derived([Column("penduduk_laki_laki", "Laki-laki"),
                        Column("penduduk_perempuan", "Perempuan"),
                        Column("luas_km2", "Luas", decimals=2),
                        Column("jumlah_posyandu", "Posyandu")], "Jumlah", "Kepadatan")
PROFILES = {
    "kelurahan-bandar-lor": {"name": "profil-bandar-lor-2025", "penduduk_laki_laki": "3000",
                             "penduduk_perempuan": "3100", "luas_km2": "2", "jumlah_posyandu": "8"},
    "kelurahan-balowerti": {"name": "profil-balowerti-2025", "penduduk_laki_laki": "1000",
                            "penduduk_perempuan": "1000", "luas_km2": "0.5",
                            "jumlah_posyandu": ""},
}


def test_derived_columns_follow_what_they_come_from():
    assert [c.name for c in COLUMNS] == [
        "penduduk_laki_laki", "penduduk_perempuan", TOTAL_POPULATION, "luas_km2", DENSITY,
        "jumlah_posyandu"]


def test_every_kelurahan_is_a_row_with_its_profile_or_empty():
    table = comparison_table("2025", AREAS, PROFILES, COLUMNS)
    assert [r.area.nama for r in table.rows] == ["Bandar Lor", "Balowerti", "Bangsal"]
    assert table.reporting == 2
    bandar_lor, balowerti, bangsal = table.rows
    assert bandar_lor.dataset == "profil-bandar-lor-2025"
    assert bandar_lor.values[TOTAL_POPULATION] == 6100
    assert bandar_lor.values[DENSITY] == 3050
    assert balowerti.values["jumlah_posyandu"] is None
    assert bangsal.dataset is None and set(bangsal.values.values()) == {None}


def test_city_totals_add_counts_and_recompute_the_density():
    totals = comparison_table("2025", AREAS, PROFILES, COLUMNS).totals
    assert totals[TOTAL_POPULATION] == 8100
    assert totals["jumlah_posyandu"] == 8
    assert totals[DENSITY] == pytest.approx(8100 / 2.5)
