"""NIK and No. KK recognition and the shipped region codes. Pure: no CKAN."""
from __future__ import annotations

import random

import pytest

from ckanext.satudata.privacy import identifier_digits, is_kk, is_nik
from ckanext.satudata.privacy.regions import regency_prefixes, regions
from tests.privacy import generate


def test_the_code_list_has_every_province_and_kabupaten_kota():
    current = [region for region in regions() if region.current]
    assert len([r for r in current if r.kind == "provinsi"]) == 38
    assert len([r for r in current if r.kind == "kabupaten"]) == 416
    assert len([r for r in current if r.kind == "kota"]) == 98
    by_code = {region.code: region for region in regions()}
    assert by_code["35.71"].name == "Kediri" and by_code["35.71"].kind == "kota"
    for province in ("91", "92", "93", "94", "95", "96"):
        assert by_code[province].current


def test_codes_from_before_a_split_stay_valid_for_old_niks():
    prefixes = regency_prefixes()
    assert {"9101", "9201", "9271", "9471", "6404", "6473"} <= prefixes  # old Papua, Kaltim
    assert {"9301", "9501", "9671", "6501"} <= prefixes                     # their new codes
    assert "3580" not in prefixes and "2001" not in prefixes


@pytest.mark.parametrize("value", [
    "3571012303900012",          # Kota Kediri, kecamatan Mojoroto, born 23-03-1990
    "3571026303900012",          # the same date for a woman: day + 40
    "3571 0123 0390 0012",
    "35.71.01.230390.0012",
    "3571-01-230390-0012",
    "3.571.012.303.900.012",     # a spreadsheet's Indonesian number format
    " '3571012303900012 ",       # Excel's text marker and stray spaces
    "3571012902000012",          # 29 February 2000
    "9471012303900012",          # an old Papua code
])
def test_valid_nik_written_in_any_usual_way(value):
    assert is_nik(value)


@pytest.mark.parametrize("value", [
    "3599012303900012",          # no kabupaten/kota 35.99
    "3571002303900012",          # kecamatan 00
    "3571013502900012",          # day 35
    "3571017502900012",          # day 75
    "3571013002900012",          # 30 February
    "3571012902990012",          # 29 February 1999
    "3571012313900012",          # month 13
    "081234567890",              # a mobile number
    "+6281234567890123",         # 15 digits after the country code
    "35710123039000123",         # 17 digits
    "3.57101E+15",               # a spreadsheet kept only six digits: no date left
    "",
])
def test_not_a_nik(value):
    assert not is_nik(value)


def test_numbers_from_spreadsheets():
    # A spreadsheet keeps 15 significant digits: the serial may come back as 0000.
    assert is_nik(3571012303900012)
    assert is_nik(3571012303900010.0)
    assert is_nik(float("3571012303900000"))
    assert is_nik("3571012303900012.0")
    assert is_nik("3.57101230390001E+15")
    assert is_nik("3.57101230390E+15")        # 12 digits: region and date are there
    assert identifier_digits("3.57101230390E+15") == "3571012303900000"
    assert not is_nik(357101230390.0)          # 12 digits: not a NIK-sized number
    assert not is_nik(True)


def test_kk_never_has_a_womans_day():
    assert is_kk("3571011503150007")
    assert not is_kk("3571015503150007")
    assert is_nik("3571015503150007")


def test_generated_numbers_are_valid_and_the_false_ones_are_not():
    rng = random.Random(7)
    for _ in range(2000):
        assert is_nik(generate.nik(rng))
        assert is_kk(generate.kk(rng))
        assert not is_nik(generate.invalid_region_number(rng))
        assert not is_nik(generate.invalid_date_number(rng))
        assert identifier_digits(generate.phone(rng)) is None
