"""What the public sees says where it came from: every figure of an
indicator's page links to its source dataset and table, an indicator whose
table had unreadable rows says how many, and nobody is led to a dataset
that is not published."""
from __future__ import annotations

import re

import pytest

import ckan.tests.factories as factories

from ckanext.satudata.model.indicator import IndicatorSource
from tests.helpers import call_as, profil, publish, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

HEADER = "kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan\n"


@pytest.fixture
def organizations():
    return {slug: factories.Organization(
        name=f"kelurahan-{slug}", title=f"Kelurahan {nama}", jenis_organisasi="kelurahan",
        kode_wilayah=kode, kecamatan=kecamatan)
        for slug, nama, kode, kecamatan in (
            ("balowerti", "Balowerti", "35.71.02.1002", "Kota"),
            ("bandar-lor", "Bandar Lor", "35.71.01.1001", "Mojoroto"))}


@pytest.fixture
def make_statistic(sysadmin, create_with_upload):
    def make(owner, content, published=True, filename="data.csv", **fields):
        dataset = call_as(sysadmin, "package_create", **statistik_sektoral(owner["id"], **fields))
        resource = create_with_upload(content, filename, package_id=dataset["id"],
                                      context={"user": sysadmin["name"]})
        if published:
            publish(sysadmin, dataset)
        return call_as(sysadmin, "package_show", id=dataset["id"]), resource
    return make


def text(response):
    return response.get_data(as_text=True)


def test_every_figure_links_to_its_dataset_and_table(app, organizations, make_statistic):
    code = "balita-ditimbang"
    balowerti, balowerti_table = make_statistic(
        organizations["balowerti"], HEADER + "35.71.02.1002,Balowerti,2025,Balita,120,jiwa\n",
        name="balita-balowerti", title="Balita Balowerti", kode_indikator=code,
        filename="balita-balowerti.csv")
    bandar_lor, bandar_lor_table = make_statistic(
        organizations["bandar-lor"], HEADER + "35.71.01.1001,Bandar Lor,2025,Balita,80,jiwa\n",
        name="balita-bandar-lor", title="Balita Bandar Lor", kode_indikator=code,
        filename="balita-bandar-lor.csv")

    page = text(app.get(f"/statistik/{code}"))

    for dataset, table in ((balowerti, balowerti_table), (bandar_lor, bandar_lor_table)):
        resource_page = f'/statistik-sektoral/{dataset["name"]}/resource/{table["id"]}'
        assert f'href="{resource_page}"' in page
        assert f'/statistik-sektoral/{dataset["name"]}"' in page
    # The comparison names the table of each kelurahan's value.
    rows = re.findall(r"<tr>\s*<td>(Balowerti|Bandar Lor)</td>(.*?)</tr>", page, re.S)
    assert {name: table_id for name, cells in rows
            for table_id in re.findall(r"/resource/([0-9a-f-]+)", cells)} == {
        "Balowerti": balowerti_table["id"], "Bandar Lor": bandar_lor_table["id"]}
    assert "tidak terbaca" not in page


def test_rows_the_source_could_not_read_are_told(app, organizations, make_statistic):
    # 6.150 and 5.420 read as 6150 or as 6,15: asked of the PIC, never guessed;
    # a question does not block the publication, the two rows give no value.
    content = (HEADER + "35.71.02.1002,Balowerti,2024,Penduduk,6100,jiwa\n"
               "35.71.02.1002,Balowerti,2025,Penduduk,6.150,jiwa\n"
               "35.71.01.1001,Bandar Lor,2025,Penduduk,5.420,jiwa\n"
               "35.71.01.1001,Bandar Lor,2024,Penduduk,5400,jiwa\n")
    dataset, table = make_statistic(organizations["balowerti"], content,
                                    name="penduduk-kota", title="Penduduk kota")
    assert IndicatorSource.of_packages([dataset["id"]])[table["id"]]["skipped_rows"] == 2

    page = text(app.get("/statistik/penduduk-kota"))
    assert page.count("2 baris tidak terbaca pada sumber") == 2  # by the value, by the table
    assert "2 nilai terbaca" in page


def test_the_public_is_never_led_to_an_unpublished_dataset(app, organizations, make_statistic):
    planner = factories.User()
    code = "balita-ditimbang"
    make_statistic(organizations["balowerti"],
                   HEADER + "35.71.02.1002,Balowerti,2025-01,Balita,120,jiwa\n",
                   name="balita-balowerti", kode_indikator=code)
    draft, draft_table = make_statistic(
        organizations["balowerti"], HEADER + "35.71.02.1002,Balowerti,2025-03,Balita,999,jiwa\n",
        name="balita-balowerti-maret", kode_indikator=code, published=False)
    restricted, restricted_table = make_statistic(
        organizations["bandar-lor"], HEADER + "35.71.01.1001,Bandar Lor,2025-01,Balita,80,jiwa\n",
        name="balita-bandar-lor", kode_indikator=code, klasifikasi_akses="terbatas")

    for headers in ({}, {"Authorization": call_as(
            planner, "api_token_create", user=planner["name"], name="t")["token"]}):
        page = text(app.get(f"/statistik/{code}", headers=headers))
        assert "balita-balowerti\"" in page or "/balita-balowerti/" in page
        assert draft["name"] not in page and draft_table["id"] not in page
        # A restricted statistic: its dataset is named, its table is not linked.
        assert f'/statistik-sektoral/{restricted["name"]}"' in page
        assert restricted_table["id"] not in page


def test_the_kelurahan_page_names_the_source_of_its_profile(app, kelurahan_balowerti, sysadmin):
    profile = call_as(sysadmin, "package_create", **profil(kelurahan_balowerti["id"]))
    publish(sysadmin, profile)
    page = text(app.get("/kelurahan/balowerti"))
    source = re.search(r'class="small satudata-figure-source">(.*?)</p>', page, re.S).group(1)
    assert f'href="/profil-kelurahan/{profile["name"]}"' in source
