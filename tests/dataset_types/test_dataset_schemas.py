"""Validation of the statistik-sektoral and profil-kelurahan fields."""
import pytest

import ckan.plugins.toolkit as tk

from ckanext.satudata.logic import validators
from tests.helpers import call_as, profil, publish, statistik_sektoral


@pytest.mark.parametrize("value, expected", [
    ("0", "0"), ("42", "42"), ("1.234", "1234"), (" 12 ", "12"), ("1.234.567", "1234567"),
])
def test_count_accepts_whole_numbers_with_indonesian_separators(value, expected):
    assert validators.satudata_count(value, {}) == expected


@pytest.mark.parametrize("value", ["-1", "2,5", "satu", "1.23", "12a"])
def test_count_refuses_what_is_not_a_whole_number(value):
    with pytest.raises(tk.Invalid):
        validators.satudata_count(value, {})


@pytest.mark.parametrize("value, expected", [("2,5", "2.5"), ("0.91", "0.91")])
def test_decimal_accepts_comma_and_dot(value, expected):
    assert validators.satudata_decimal(value, {}) == expected


@pytest.mark.parametrize("value", ["1944", "3000", "20x6", "tahun lalu"])
def test_year_refuses_impossible_years(value):
    with pytest.raises(tk.Invalid):
        validators.satudata_year(value, {})


@pytest.mark.parametrize("validator, value", [
    (validators.satudata_latitude, "-91"), (validators.satudata_longitude, "181"),
])
def test_coordinates_out_of_range_are_refused(validator, value):
    with pytest.raises(tk.Invalid):
        validator(value, {})


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_profile_values_are_normalised(kelurahan_balowerti, sysadmin):
    created = call_as(sysadmin, "package_create", **profil(kelurahan_balowerti["id"]))
    assert created["penduduk_laki_laki"] == "3120"
    assert created["luas_km2"] == "0.91"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_second_profile_for_the_same_kelurahan_and_year_is_refused(
        kelurahan_balowerti, sysadmin):
    first = call_as(sysadmin, "package_create", **profil(kelurahan_balowerti["id"]))

    with pytest.raises(tk.ValidationError) as refused:
        call_as(sysadmin, "package_create",
                **profil(kelurahan_balowerti["id"], name="profil-balowerti-2026-lagi"))
    assert "sudah memiliki profil untuk tahun 2026" in refused.value.error_dict["tahun"][0]

    # Another year is fine, and editing the existing profile is not a duplicate.
    call_as(sysadmin, "package_create",
            **profil(kelurahan_balowerti["id"], name="profil-balowerti-2025", tahun="2025"))
    call_as(sysadmin, "package_patch", id=first["id"], jumlah_rt="32")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_statistik_requires_the_satu_data_metadata(kelurahan_balowerti, sysadmin):
    incomplete = statistik_sektoral(kelurahan_balowerti["id"])
    for field in ("konsep", "definisi", "satuan", "bidang_urusan", "frekuensi"):
        incomplete.pop(field)
    with pytest.raises(tk.ValidationError) as refused:
        call_as(sysadmin, "package_create", **incomplete)
    assert {"konsep", "definisi", "satuan", "bidang_urusan", "frekuensi"} <= set(
        refused.value.error_dict)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.parametrize("field, value", [
    ("bidang_urusan", "astrologi"), ("frekuensi", "kadang-kadang"),
    ("klasifikasi_akses", "rahasia"), ("tahun", "1900"),
])
def test_statistik_choices_and_years_are_validated(kelurahan_balowerti, sysadmin, field, value):
    with pytest.raises(tk.ValidationError) as refused:
        call_as(sysadmin, "package_create",
                **statistik_sektoral(kelurahan_balowerti["id"], **{field: value}))
    assert field in refused.value.error_dict


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_statistik_defaults_to_open_access_and_open_license(kelurahan_balowerti, sysadmin):
    data = statistik_sektoral(kelurahan_balowerti["id"])
    data.pop("klasifikasi_akses")
    created = call_as(sysadmin, "package_create", **data)
    assert created["klasifikasi_akses"] == "terbuka"
    assert created["license_id"] == "cc-by"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_datasets_can_be_filtered_by_kecamatan(kelurahan_balowerti, sysadmin, app):
    dataset = call_as(sysadmin, "package_create", **statistik_sektoral(kelurahan_balowerti["id"]))
    publish(sysadmin, dataset)

    in_kota = call_as(None, "package_search", fq='kecamatan:"Kota"', **{"facet.field": ["kecamatan"]})
    in_mojoroto = call_as(None, "package_search", fq='kecamatan:"Mojoroto"')

    assert [d["name"] for d in in_kota["results"]] == [dataset["name"]]
    assert in_kota["facets"]["kecamatan"] == {"Kota": 1}
    assert in_mojoroto["count"] == 0
    assert "Kecamatan" in app.get("/dataset/").get_data(as_text=True)
