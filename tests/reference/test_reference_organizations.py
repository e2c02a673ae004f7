"""The 46 kelurahan of Kota Kediri, Diskominfo and producer agencies."""
import pytest

import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from ckanext.satudata import reference
from tests.helpers import call_as


def test_reference_list_has_46_kelurahan_in_3_kecamatan():
    kelurahan = reference.all_kelurahan()
    assert len(kelurahan) == 46
    assert reference.kecamatan_names() == ["Kota", "Mojoroto", "Pesantren"]
    assert len({k.kode for k in kelurahan}) == 46
    assert all(reference.KODE_KELURAHAN_PATTERN.match(k.kode) for k in kelurahan)
    assert all(k.kode.startswith(k.kode_kecamatan + ".") for k in kelurahan)


def test_known_spelling_variants_are_accepted():
    assert reference.by_name("Setono Pande").kode == "35.71.02.1006"
    assert reference.by_name("banjar mlati").nama == "Banjarmlati"
    assert reference.by_name("Kampungdalem").organization_name == "kelurahan-kampung-dalem"


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_loading_creates_46_kelurahan_with_valid_codes(reference_organizations):
    assert len(reference_organizations["created"]) == 46 + 5

    organizations = [helpers.call_action("organization_show", id=name)
                     for name in helpers.call_action("organization_list", limit=100)]
    kelurahan = [o for o in organizations if o["jenis_organisasi"] == "kelurahan"]
    assert len(kelurahan) == 46
    for org in kelurahan:
        expected = reference.by_code(org["kode_wilayah"])
        assert expected is not None, org["name"]
        assert org["name"] == expected.organization_name
        assert org["kecamatan"] == expected.nama_kecamatan
        assert org["kode_bps"] == expected.kode_bps

    balowerti = helpers.call_action("organization_show", id="kelurahan-balowerti")
    assert balowerti["kode_wilayah"] == "35.71.02.1002"
    assert balowerti["kecamatan"] == "Kota"
    bandar_lor = helpers.call_action("organization_show", id="kelurahan-bandar-lor")
    assert bandar_lor["kecamatan"] == "Mojoroto"
    diskominfo = helpers.call_action("organization_show", id="diskominfo")
    assert diskominfo["jenis_organisasi"] == "kurator"


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_loading_twice_changes_nothing(reference_organizations, sysadmin):
    before = helpers.call_action("organization_show", id="kelurahan-pojok")

    again = call_as(sysadmin, "satudata_reference_organizations_load")

    assert again == {"created": [], "updated": [], "unchanged": 51}
    after = helpers.call_action("organization_show", id="kelurahan-pojok")
    assert after == before
    assert len(helpers.call_action("organization_list", limit=100)) == 51


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_loading_repairs_a_changed_kelurahan(reference_organizations, sysadmin):
    call_as(sysadmin, "organization_patch", id="kelurahan-pojok", title="Pojok (salah)")

    again = call_as(sysadmin, "satudata_reference_organizations_load")

    assert again["updated"] == ["kelurahan-pojok"]
    assert helpers.call_action("organization_show", id="kelurahan-pojok")["title"] == "Kelurahan Pojok"


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_only_sysadmins_may_load_reference_organizations():
    with pytest.raises(tk.NotAuthorized):
        call_as(None, "satudata_reference_organizations_load")
    with pytest.raises(tk.NotAuthorized):
        call_as(factories.User(), "satudata_reference_organizations_load")


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_kelurahan_list_is_public_and_filters_by_kecamatan():
    everything = call_as(None, "satudata_kelurahan_list")
    assert len(everything) == 46
    pesantren = call_as(None, "satudata_kelurahan_list", kecamatan="Pesantren")
    assert len(pesantren) == 15
    assert {k["kecamatan"] for k in pesantren} == {"Pesantren"}


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.parametrize("kode, message", [
    ("35.71.09.9999", "tidak ada dalam daftar 46 kelurahan"),
    ("3571011001", "berformat Kemendagri"),
    ("", "wajib diisi untuk kelurahan"),
])
def test_kelurahan_code_is_validated_against_the_reference_list(kode, message, sysadmin):
    with pytest.raises(tk.ValidationError) as error:
        call_as(sysadmin, "organization_create", name="kelurahan-baru",
                            jenis_organisasi="kelurahan", kode_wilayah=kode)
    assert message in str(error.value.error_dict["kode_wilayah"])


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_kecamatan_follows_the_kelurahan_code(sysadmin):
    org = call_as(sysadmin, "organization_create", name="kelurahan-tosaren",
                              jenis_organisasi="kelurahan",
                              kode_wilayah="35.71.03.1003", kecamatan="Mojoroto")
    assert org["kecamatan"] == "Pesantren"
