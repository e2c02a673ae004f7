"""The region as data: the reference lists of any kabupaten/kota or province
(idn-area-data, copied by scripts/assets.sh), their lookups and their names.
Plain Python, no CKAN."""
import csv
import os

import pytest

from ckanext.satudata import reference
from ckanext.satudata.reference import organizations, wilayah

KOTA_KEDIRI = ("35.71",)
KABUPATEN_KEDIRI = ("35.06",)
#: Kabupaten Blitar and Kabupaten Kediri each have a Kecamatan Wates (and a
#: Desa Wates in it).
BLITAR_AND_KEDIRI = ("35.05", "35.06")


def test_the_default_region_is_kota_kediri_with_its_46_kelurahan():
    region = reference.current()
    assert region.codes == KOTA_KEDIRI and region.title == "Kota Kediri"
    assert len(region.kelurahan) == 46 and region.jenis_plural == "kelurahan"
    assert [k.nama for k in region.kecamatan] == ["Mojoroto", "Kota", "Pesantren"]
    balowerti = reference.by_code("35.71.02.1002")
    assert (balowerti.title, balowerti.organization_name, balowerti.slug) == (
        "Kelurahan Balowerti", "kelurahan-balowerti", "balowerti")
    assert (balowerti.kode_kabupaten, balowerti.nama_kabupaten) == ("35.71", "Kota Kediri")
    assert balowerti.kode_bps == "3571020015"


def test_idn_area_data_has_the_same_46_kelurahan_as_the_shipped_list(tmp_path):
    """The npm package's rows for 35.71 and the project's own list (read
    without the package) agree on every code and name, kecamatan included."""
    from_npm = wilayah.read_sources(KOTA_KEDIRI)
    shipped = wilayah.read_sources(KOTA_KEDIRI, idn_area_dir=str(tmp_path))
    assert wilayah.idn_area_available()
    assert from_npm[0] == shipped[0] == {
        "35.71.01": "Mojoroto", "35.71.02": "Kota", "35.71.03": "Pesantren"}
    assert len(from_npm[1]) == 46
    assert sorted(from_npm[1], key=lambda v: v.kode) == sorted(shipped[1], key=lambda v: v.kode)


def test_every_bps_code_of_the_shipped_list_is_merged_by_kemendagri_code():
    with open(wilayah.WILAYAH_CSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        kelurahan = reference.by_code(row["kode_kelurahan"])
        assert kelurahan.kode_bps == row["kode_bps_kelurahan"]
        assert kelurahan.kode_bps_kecamatan == row["kode_bps_kecamatan"]
        assert reference.kecamatan_by_code(row["kode_kecamatan"]).kode_bps == row["kode_bps_kecamatan"]


def test_without_the_npm_copy_only_kota_kediri_is_available(tmp_path, monkeypatch):
    monkeypatch.setattr(wilayah, "IDN_AREA_DIR", str(tmp_path))
    wilayah.check(KOTA_KEDIRI)
    with pytest.raises(wilayah.WilayahError, match="scripts/assets.sh"):
        wilayah.check(KABUPATEN_KEDIRI)
    with pytest.raises(wilayah.WilayahError, match="35.06"):
        wilayah.read_sources(KABUPATEN_KEDIRI, idn_area_dir=str(tmp_path))


@pytest.mark.parametrize("text, codes", [
    (None, ("35.71",)), ("", ("35.71",)), ("35.71", ("35.71",)),
    ("35.71 35.06", ("35.06", "35.71")), ("35.06, 35.71,35.06", ("35.06", "35.71")),
    ("35", ("35",)),
])
def test_the_option_names_kabupaten_kota_or_a_province(text, codes):
    assert reference.parse_wilayah(text) == codes


@pytest.mark.parametrize("text", ["3571", "35.71.01", "Kediri", "35.7"])
def test_a_malformed_option_is_refused(text):
    with pytest.raises(wilayah.WilayahError, match="bukan kode provinsi"):
        reference.parse_wilayah(text)


def test_an_unknown_code_is_refused():
    with pytest.raises(wilayah.WilayahError, match="99.01 tidak dikenal"):
        reference.region(("99.01",))


def test_kabupaten_kediri_has_344_desa_and_kelurahan_named_by_their_kind():
    region = reference.region(KABUPATEN_KEDIRI)
    assert region.title == "Kabupaten Kediri" and region.jenis_plural == "desa/kelurahan"
    assert len(region.kelurahan) == 344 and len(region.kecamatan) == 26
    desa = [k for k in region.kelurahan if k.kode[9] == "2"]
    kelurahan = [k for k in region.kelurahan if k.kode[9] == "1"]
    assert desa and kelurahan and len(desa) + len(kelurahan) == 344
    assert all(k.title == f"Desa {k.nama}" and k.organization_name.startswith("desa-")
               for k in desa)
    assert all(k.title == f"Kelurahan {k.nama}" and k.organization_name.startswith("kelurahan-")
               for k in kelurahan)
    assert all(k.nama_kabupaten == "Kabupaten Kediri" for k in region.kelurahan)
    assert len({k.organization_name for k in region.kelurahan}) == 344
    assert not region.by_code("35.71.02.1002") and not region.contains("35.71.02.1002")


def test_a_desa_is_found_by_code_organisation_name_and_slug():
    region = reference.region(KABUPATEN_KEDIRI)
    for k in region.kelurahan:
        assert region.by_code(k.kode) is k
        assert region.by_organization_name(k.organization_name) is k
        assert region.by_slug(k.slug) is k and region.by_slug(k.organization_name) is k
        assert k in region.kelurahan_of_kecamatan(k.kode_kecamatan)


def test_names_repeated_in_the_region_get_their_kecamatan_in_the_organisation_name():
    region = reference.region(KABUPATEN_KEDIRI)
    wates = [k for k in region.kelurahan if k.nama == "Wates"]
    assert len(wates) == 2
    assert {k.organization_name for k in wates} == {
        f"desa-wates-{reference.slugify(k.nama_kecamatan)}" for k in wates}
    assert region.by_name("Wates") is None            # ambiguous: only a code says which


def test_two_kecamatan_of_the_same_name_in_two_kabupaten_are_told_apart_by_code():
    region = reference.region(BLITAR_AND_KEDIRI)
    assert region.title == "Kabupaten Blitar dan Kabupaten Kediri"
    blitar, kediri = region.kecamatan_by_code("35.05.20"), region.kecamatan_by_code("35.06.06")
    assert blitar.nama == kediri.nama == "Wates"
    assert (blitar.nama_kabupaten, kediri.nama_kabupaten) == ("Kabupaten Blitar", "Kabupaten Kediri")
    in_blitar = region.kelurahan_of_kecamatan("35.05.20")
    in_kediri = region.kelurahan_of_kecamatan("35.06.06")
    assert in_blitar and in_kediri and not set(in_blitar) & set(in_kediri)
    assert all(k.kode_kabupaten == "35.05" for k in in_blitar)
    assert all(k.kode_kabupaten == "35.06" for k in in_kediri)
    # Desa Wates of Kecamatan Wates in each kabupaten: same name, same
    # kecamatan name, so the kabupaten/kota is in the organisation's name.
    names = {k.kode: k.organization_name for k in region.kelurahan if k.nama == "Wates"}
    assert names["35.05.20.2007"] == "desa-wates-wates-kabupaten-blitar"
    assert names["35.06.06.2005"] == "desa-wates-wates-kabupaten-kediri"
    assert len({k.organization_name for k in region.kelurahan}) == len(region.kelurahan)


def test_a_kecamatan_is_found_by_code_or_by_a_name_only_it_has():
    region = reference.region(BLITAR_AND_KEDIRI)
    blitar, kediri = region.kecamatan_by_code("35.05.20"), region.kecamatan_by_code("35.06.06")
    assert region.find_kecamatan("35.05.20") == (blitar, ())
    # Two kabupaten have a Kecamatan Wates: the name alone says neither.
    assert region.find_kecamatan("wates") == (None, (blitar, kediri))
    assert region.find_kecamatan("Kecamatan  Wates") == (None, (blitar, kediri))
    pare = region.find_kecamatan("PARE")[0]
    assert pare is not None and pare.kode.startswith("35.06.")
    assert region.find_kecamatan("Atlantis") == (None, ())
    assert region.kecamatan_label(blitar) == "Wates (Kabupaten Blitar)"
    assert region.kecamatan_label(pare) == "Pare"
    choices = dict(region.kecamatan_choices())
    assert choices["35.06.06"] == "Wates (Kabupaten Kediri)" and choices[pare.kode] == "Pare"
    assert len(choices) == len(region.kecamatan)
    assert {kode[:5] for kode, _label in region.kecamatan_choices("35.05")} == {"35.05"}
    # In Kota Kediri alone, a name is enough and the label is the name.
    kota = reference.region(KOTA_KEDIRI)
    assert kota.find_kecamatan("Mojoroto")[0].kode == "35.71.01"
    assert [label for _kode, label in kota.kecamatan_choices()] == ["Kota", "Mojoroto", "Pesantren"]


def test_a_request_naming_a_shared_kecamatan_is_told_the_codes_to_use(monkeypatch):
    monkeypatch.setattr(reference.kelurahan, "_configured_codes", lambda: BLITAR_AND_KEDIRI)
    assert reference.kecamatan_of_parameter("35.06.06").nama_kabupaten == "Kabupaten Kediri"
    with pytest.raises(reference.WilayahError, match=r"35\.05\.20 \(Kabupaten Blitar\), "
                                                      r"35\.06\.06 \(Kabupaten Kediri\)"):
        reference.kecamatan_of_parameter("Wates")
    with pytest.raises(reference.WilayahError, match="tidak dikenal: Atlantis"):
        reference.kecamatan_of_parameter("Atlantis")


def test_a_province_is_all_of_its_kabupaten_and_kota():
    region = reference.region(("35",))
    assert region.title == "Provinsi Jawa Timur"
    assert len(region.regencies) == 38
    assert len(region.kelurahan) > 8000
    assert region.by_code("35.71.02.1002").title == "Kelurahan Balowerti"
    assert len({k.organization_name for k in region.kelurahan}) == len(region.kelurahan)


def test_a_region_is_built_once_per_process():
    assert reference.region(KABUPATEN_KEDIRI) is reference.region(KABUPATEN_KEDIRI)


def test_the_configured_region_follows_the_configuration_reader():
    try:
        reference.use_configuration(lambda: KABUPATEN_KEDIRI)
        assert len(reference.all_kelurahan()) == 344
        assert reference.by_code("35.71.02.1002") is None
    finally:
        reference.use_configuration(lambda: wilayah.DEFAULT_WILAYAH)
    assert len(reference.all_kelurahan()) == 46


def test_a_desa_organisation_says_desa_and_its_kabupaten():
    desa = next(k for k in reference.region(KABUPATEN_KEDIRI).kelurahan if k.jenis == "desa")
    wanted = organizations.kelurahan_organization(desa)
    assert wanted["title"] == f"Desa {desa.nama}"
    assert wanted["kode_kabupaten"] == "35.06" and wanted["kabupaten"] == "Kabupaten Kediri"
    assert wanted["kode_kecamatan"] == desa.kode_kecamatan
    assert wanted["description"].startswith(f"Desa {desa.nama}, Kecamatan ")
    assert "Kabupaten Kediri. Kode Kemendagri" in wanted["description"]
    assert "BPS" not in wanted["description"]


def test_a_kelurahan_organisation_of_kota_kediri_is_described_as_before():
    wanted = organizations.kelurahan_organization(reference.by_code("35.71.02.1002"))
    assert wanted["description"] == (
        "Kelurahan Balowerti, Kecamatan Kota, Kota Kediri. Kode Kemendagri "
        "35.71.02.1002, kode BPS 3571020015.")


def test_the_npm_copy_keeps_its_licence():
    assert os.path.exists(os.path.join(wilayah.IDN_AREA_DIR, "LICENSE.md"))
