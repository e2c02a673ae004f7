"""The portal configured for another region (ckanext.satudata.wilayah):
Kabupaten Kediri (35.06), and two kabupaten sharing a kecamatan name."""
import pytest

import ckan.plugins.toolkit as tk
import ckan.tests.helpers as helpers

from ckanext.satudata import reference
from ckanext.satudata.statistics import reports
from tests.helpers import call_as

KABUPATEN_KEDIRI = "35.06"
#: A desa of Kecamatan Wates, Kabupaten Kediri.
DESA_WATES = "35.06.06.2005"

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def _desa(kode):
    return reference.region((KABUPATEN_KEDIRI,)).by_code(kode)


@pytest.mark.ckan_config("ckanext.satudata.wilayah", KABUPATEN_KEDIRI)
def test_loading_kabupaten_kediri_creates_its_344_desa_and_kelurahan(reference_organizations):
    created = reference_organizations["created"]
    assert len(created) == 344 + 5
    assert "kelurahan-balowerti" not in created
    wates = _desa(DESA_WATES)
    organization = helpers.call_action("organization_show", id=wates.organization_name)
    assert organization["title"] == "Desa Wates"
    assert organization["kode_wilayah"] == DESA_WATES
    assert (organization["kode_kecamatan"], organization["kecamatan"]) == ("35.06.06", "Wates")
    assert (organization["kode_kabupaten"], organization["kabupaten"]) == (
        "35.06", "Kabupaten Kediri")
    # The curator and the agencies are the kabupaten's, not Kota Kediri's.
    diskominfo = helpers.call_action("organization_show", id="diskominfo")
    assert diskominfo["title"] == "Dinas Komunikasi dan Informatika Kabupaten Kediri"
    assert "Kota Kediri" not in diskominfo["description"]
    assert "dari desa/kelurahan" in diskominfo["description"]
    assert helpers.call_action("organization_show", id="bps")["title"] == (
        "Badan Pusat Statistik Kabupaten Kediri")


@pytest.mark.ckan_config("ckanext.satudata.wilayah", KABUPATEN_KEDIRI)
def test_organization_create_takes_a_desa_of_the_region_and_fills_its_kecamatan(sysadmin):
    wates = _desa(DESA_WATES)
    organization = call_as(sysadmin, "organization_create", name=wates.organization_name,
                           title=wates.title, jenis_organisasi="kelurahan",
                           kode_wilayah=DESA_WATES, kecamatan="Mojoroto")
    assert organization["kecamatan"] == "Wates"
    assert organization["kode_kecamatan"] == "35.06.06"
    assert organization["kabupaten"] == "Kabupaten Kediri"


@pytest.mark.ckan_config("ckanext.satudata.wilayah", KABUPATEN_KEDIRI)
def test_organization_create_refuses_a_code_outside_the_region_naming_it(sysadmin):
    with pytest.raises(tk.ValidationError) as error:
        call_as(sysadmin, "organization_create", name="kelurahan-balowerti",
                jenis_organisasi="kelurahan", kode_wilayah="35.71.02.1002")
    assert error.value.error_dict["kode_wilayah"] == [
        "Kode wilayah 35.71.02.1002 tidak ada dalam daftar 344 desa/kelurahan "
        "Kabupaten Kediri."]


def test_kota_kediri_still_refuses_a_desa_of_kabupaten_kediri(sysadmin):
    with pytest.raises(tk.ValidationError) as error:
        call_as(sysadmin, "organization_create", name="desa-wates",
                jenis_organisasi="kelurahan", kode_wilayah=DESA_WATES)
    assert error.value.error_dict["kode_wilayah"] == [
        "Kode wilayah 35.06.06.2005 tidak ada dalam daftar 46 kelurahan Kota Kediri."]


@pytest.mark.ckan_config("ckanext.satudata.wilayah", KABUPATEN_KEDIRI)
def test_the_page_of_a_desa_of_the_region(app, sysadmin):
    wates = _desa(DESA_WATES)
    call_as(sysadmin, "organization_create", name=wates.organization_name, title=wates.title,
            jenis_organisasi="kelurahan", kode_wilayah=DESA_WATES)

    page = app.get(f"/kelurahan/{wates.slug}").get_data(as_text=True)

    assert "Desa Wates" in page
    assert "Kecamatan Wates, Kabupaten Kediri" in page
    assert app.get(f"/kelurahan/{wates.organization_name}").status_code == 200
    assert app.get("/kelurahan/balowerti", status=404).status_code == 404


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.05 35.06")
def test_the_list_tells_two_kecamatan_wates_apart_by_code():
    both = call_as(None, "satudata_kelurahan_list", kecamatan="Wates")
    in_kediri = call_as(None, "satudata_kelurahan_list", kecamatan="35.06.06")
    in_blitar = call_as(None, "satudata_kelurahan_list", kecamatan="35.05.20")

    assert {k["kode_kabupaten"] for k in both} == {"35.05", "35.06"}
    assert len(both) == len(in_kediri) + len(in_blitar)
    assert {(k["kabupaten"], k["kecamatan"]) for k in in_kediri} == {("Kabupaten Kediri", "Wates")}
    assert {k["kode_kecamatan"] for k in in_blitar} == {"35.05.20"}
    only_blitar = call_as(None, "satudata_kelurahan_list", kabupaten="35.05")
    assert {k["kode_kabupaten"] for k in only_blitar} == {"35.05"}
    wates = [k for k in both if k["nama"] == "Wates"]
    assert {k["nama_lengkap"] for k in wates} == {"Desa Wates"}
    assert len({k["organization"] for k in wates}) == len(wates)


def test_the_list_of_kota_kediri_names_each_kelurahan_and_its_kota():
    everything = call_as(None, "satudata_kelurahan_list")
    assert len(everything) == 46
    balowerti = next(k for k in everything if k["kode_wilayah"] == "35.71.02.1002")
    assert balowerti["nama_lengkap"] == "Kelurahan Balowerti" and balowerti["jenis"] == "kelurahan"
    assert (balowerti["kode_kabupaten"], balowerti["kabupaten"]) == ("35.71", "Kota Kediri")
    assert len(call_as(None, "satudata_kelurahan_list", kecamatan="35.71.03")) == 15


@pytest.mark.ckan_config("ckanext.satudata.wilayah", KABUPATEN_KEDIRI)
def test_the_validation_of_kode_wilayah_follows_the_region():
    regions = reports.regions()
    assert DESA_WATES in regions.areas and "35.71.02.1002" not in regions.areas
    assert len(regions.areas) == 344
    assert regions.groups["35.06"][0] == "Kabupaten Kediri"


def test_the_about_page_credits_the_region_lists(app):
    page = app.get("/about").get_data(as_text=True)
    assert "Sumber daftar wilayah" in page
    assert "idn-area-data" in page and "Open Database License (ODbL) 1.0" in page
    assert "https://opendatacommons.org/licenses/odbl/1-0/" in page
