"""The demo in another region (``WILAYAH=35.06 make demo``): the PIC
accounts work for desa of the region that have sample data."""
from __future__ import annotations

import pytest

import ckan.model as model
import ckan.tests.factories as factories

from ckanext.satudata.cli import satudata as satudata_cli
from ckanext.satudata.demo import sample_data
from tests.helpers import call_as

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.06")
def test_the_samples_of_kabupaten_kediri_are_desa_of_five_kecamatan():
    areas = sample_data.sample_areas()
    assert len(areas) == 5 and len({area.kode[:8] for area in areas}) == 5
    assert all(area.kode.startswith("35.06.") and area.centre is None for area in areas)
    assert areas[0].title == "Desa Bulu" and areas[0].organization == "desa-bulu-semen"


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.71")
def test_the_samples_of_kota_kediri_are_its_five_demo_kelurahan_with_their_points():
    areas = sample_data.sample_areas()
    assert [area.organization for area in areas][:2] == ["kelurahan-balowerti",
                                                          "kelurahan-bandar-lor"]
    assert all(area.centre for area in areas)


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.06")
def test_the_pic_accounts_join_desa_of_the_region(cli, sysadmin, tmp_path):
    factories.Organization(name="diskominfo", jenis_organisasi="kurator")
    first, second = sample_data.sample_areas()[:2]
    for area in (first, second):
        call_as(sysadmin, "organization_create", name=area.organization, title=area.title,
                jenis_organisasi="kelurahan", kode_wilayah=area.kode)

    result = cli.invoke(satudata_cli, ["muat-demo", "--accounts-file",
                                       str(tmp_path / "akun.txt")])

    assert result.exit_code == 0, result.output
    assert "Akun PIC: pic-balowerti untuk Desa Bulu (Kecamatan Semen, Kabupaten Kediri)." \
        in result.output
    pic = model.User.get("pic-bandar-lor")
    assert [g.name for g in pic.get_groups("organization")] == [second.organization]
