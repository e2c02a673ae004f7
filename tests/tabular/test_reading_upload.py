"""A statistic uploaded as Excel writes it in the Indonesian locale reaches
the published figures with its thousands intact."""
from __future__ import annotations

import pytest

from tests.helpers import call_as, publish, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_a_semicolon_separated_statistic_publishes_twelve_thousand_not_twelve(
        people, kelurahan_balowerti, upload, sysadmin):
    dataset = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="jumlah-penduduk-balowerti",
        title="Jumlah penduduk Balowerti", satuan="jiwa"))
    content = ("kode_wilayah;nama_wilayah;periode;indikator;nilai;satuan\r\n"
               "35.71.02.1002;Balowerti;2024;Jumlah penduduk;12.345;jiwa\r\n"
               "35.71.02.1002;Balowerti;2025;Jumlah penduduk;12.845;jiwa\r\n").encode("cp1252")
    upload(dataset, content, "penduduk.csv")
    publish(sysadmin, dataset)
    result = call_as(None, "satudata_indicator_series", id="jumlah-penduduk-balowerti")
    assert [(point["periode"], point["nilai"]) for point in result["series"]] == [
        ("2024", 12345.0), ("2025", 12845.0)]
