"""Shared fixtures. CKAN's pytest plugin provides clean_db, clean_index,
with_plugins, ckan_config, app and the factories."""
from __future__ import annotations

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers


@pytest.fixture
def clean_db(reset_db, migrate_db_for, with_plugins):
    """CKAN's clean_db, plus the tables of the plugins that have their own
    migrations (activity's stream, satudata's review tables)."""
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("satudata")


@pytest.fixture
def sysadmin():
    return factories.Sysadmin()


@pytest.fixture
def reference_organizations(sysadmin):
    """The 46 kelurahan, Diskominfo and the producer agencies, loaded the
    way `make demo` loads them."""
    return helpers.call_action(
        "satudata_reference_organizations_load",
        context={"user": sysadmin["name"], "ignore_auth": False})


def call_as(actor: dict | None, action: str, **data_dict):
    """Call an action as the user `actor` (None: anonymous), with auth checks on."""
    context = {"user": actor["name"] if actor else "", "ignore_auth": False}
    return helpers.call_action(action, context=context, **data_dict)


@pytest.fixture
def kelurahan_balowerti():
    """The organisation of Kelurahan Balowerti, as the reference loader makes it."""
    return factories.Organization(
        name="kelurahan-balowerti", title="Kelurahan Balowerti",
        jenis_organisasi="kelurahan", kode_wilayah="35.71.02.1002")


def statistik_sektoral(owner_org: str, **overrides) -> dict:
    """A valid `statistik-sektoral` dataset dict, ready for package_create."""
    data = {
        "type": "statistik-sektoral",
        "owner_org": owner_org,
        "name": "jumlah-posyandu-aktif",
        "title": "Jumlah posyandu aktif",
        "notes": "Jumlah posyandu yang aktif di kelurahan.",
        "bidang_urusan": "kesehatan",
        "konsep": "Posyandu aktif",
        "definisi": "Posyandu yang menyelenggarakan kegiatan minimal sekali sebulan.",
        "satuan": "unit",
        "tahun": "2025",
        "frekuensi": "tahunan",
        "tingkat_penyajian": "kelurahan",
        "produsen": "Kelurahan Balowerti",
        "klasifikasi_akses": "terbuka",
    }
    data.update(overrides)
    return data


def publish(sysadmin: dict, dataset: dict) -> dict:
    """Take a dataset through review (submit, approve) so the public sees it."""
    call_as(sysadmin, "satudata_submit", id=dataset["id"])
    return call_as(sysadmin, "satudata_approve", id=dataset["id"])
