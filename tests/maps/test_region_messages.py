"""The map's messages name the configured region, not Kota Kediri (plain
Python: the region is switched with reference.use_configuration)."""
from __future__ import annotations

import pytest

import ckanext.satudata.reference.kelurahan as region_module
from ckanext.satudata import reference
from ckanext.satudata.maps.coordinates import Area, check_position

KEDIRI_CITY = Area(111.95, -7.92, 112.08, -7.74)


@pytest.fixture
def kabupaten_kediri():
    configured = region_module._configured_codes
    reference.use_configuration(lambda: ("35.06",))
    yield reference.current()
    reference.use_configuration(configured)


def test_a_point_outside_the_area_names_the_configured_region(kabupaten_kediri):
    _position, error = check_position(3, "-7.5", "112.5", KEDIRI_CITY)
    assert "di luar wilayah Kabupaten Kediri" in error.message
    _position, swapped = check_position(4, "112.0", "-7.8", KEDIRI_CITY)
    assert "di Kabupaten Kediri lintang sekitar" in swapped.message


def test_kota_kediri_keeps_its_name():
    _position, error = check_position(3, "-7.5", "112.5", KEDIRI_CITY)
    assert "di luar wilayah Kota Kediri" in error.message
