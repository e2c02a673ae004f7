"""Every kind of page of the portal, rendered by Chromium, is in Indonesian:
a dataset of each type, the organisation list, registration, the city map
and the curators' review queue. Screenshots go to test-artifacts/."""
from __future__ import annotations

import pytest

import ckan.tests.factories as factories

from tests.helpers import call_as, profil, publish, statistik_sektoral
from tests.e2e.accounts import PASSWORD
from tests.map_samples import point_layer

pytestmark = pytest.mark.browser


@pytest.fixture
def datasets(portal, kelurahan_balowerti, sysadmin, create_with_upload):
    call_as(sysadmin, "organization_patch", id=kelurahan_balowerti["id"],
            description="Kelurahan di Kecamatan Kota, Kota Kediri.", image_url="")
    created = {}
    for kind, data in (("statistik", statistik_sektoral(kelurahan_balowerti["id"])),
                       ("profil", profil(kelurahan_balowerti["id"])),
                       ("peta", point_layer(kelurahan_balowerti["id"]))):
        created[kind] = call_as(sysadmin, "package_create", **data)
        publish(sysadmin, created[kind])
    return created


def test_a_dataset_of_each_type_is_in_indonesian(visit, datasets):
    expected = {
        "statistik": ["Bidang urusan", "Konsep", "Definisi", "Satuan"],
        "profil": ["Profil Kelurahan Balowerti 2026", "Jumlah kepala keluarga (KK)", "Tahun profil"],
        "peta": ["Jenis titik", "Posyandu"],
    }
    for kind, dataset in datasets.items():
        name = f"dataset-{kind}"
        text = visit.open(name, f"/{dataset['type']}/{dataset['name']}")
        visit.check_header(name, logged_in=False)
        visit.check_indonesian(name, text, expected[kind])


def test_organisations_and_registration_are_in_indonesian(visit, datasets):
    text = visit.open("daftar-organisasi", "/organization/")
    visit.check_indonesian("daftar-organisasi", text, ["Organisasi", "Kelurahan Balowerti"])
    text = visit.open("daftar-pengguna-baru", "/user/register")
    visit.check_indonesian("daftar-pengguna-baru", text, [
        "Nama Pengguna", "Email", "Kata Sandi", "Konfirmasi"])


def test_the_city_map_is_in_indonesian(visit, datasets):
    text = visit.open("peta-kota", "/peta")
    visit.check_header("peta-kota", logged_in=False)
    visit.check_indonesian("peta-kota", text, ["Posyandu"])


def test_statistics_and_completeness_pages_are_in_indonesian(visit, datasets):
    text = visit.open("statistik", "/statistik")
    visit.check_header("statistik", logged_in=False)
    visit.check_indonesian("statistik", text, ["Statistik"])
    text = visit.open("kelengkapan-ringkasan", "/kelengkapan/ringkasan")
    visit.check_indonesian("kelengkapan-ringkasan", text, ["Kecamatan"])


def test_the_review_queue_is_in_indonesian(visit, kelurahan_balowerti, sysadmin):
    diskominfo = factories.Organization(name="diskominfo", jenis_organisasi="kurator")
    curator = factories.User(name="kurator", fullname="Kurator Diskominfo", password=PASSWORD)
    call_as(sysadmin, "organization_member_create", id=diskominfo["id"],
            username="kurator", role="editor")
    draft = call_as(sysadmin, "package_create",
                    **statistik_sektoral(kelurahan_balowerti["id"]))
    call_as(sysadmin, "satudata_submit", id=draft["id"])
    visit.open("masuk-kurator", "/user/login")
    visit.page.fill("#field-login", curator["name"])
    visit.page.fill("#field-password", PASSWORD)
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Masuk").click()
    text = visit.open("antrean-peninjauan", "/tinjauan")
    visit.check_header("antrean-peninjauan", logged_in=True)
    visit.check_indonesian("antrean-peninjauan", text, [
        "Antrean peninjauan", "Jumlah posyandu aktif", "Kelurahan Balowerti", "Lama menunggu"])
