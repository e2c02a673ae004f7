"""The catalogue in the portal: seeded by `ckan satudata muat-katalog`, it
decides the required statistics once it has entries; a published dataset
keeps the catalogue version it was published with; the curator sees how a
submission differs from its indicator."""
from __future__ import annotations

import pytest

from ckan.cli.cli import ckan as ckan_command

from ckanext.satudata import config
from ckanext.satudata.catalogue import glue as catalogue
from ckanext.satudata.helpers.forms import satudata_required_statistic_choices
from ckanext.satudata.workflow import publication
from tests.helpers import BALITA_INDICATOR, call_as, publish, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

BALITA = BALITA_INDICATOR


def _fields_of_indicator(**overrides):
    fields = {name: BALITA[name] for name in ("bidang_urusan", "konsep", "definisi", "satuan",
                                              "ukuran", "frekuensi", "tingkat_penyajian")}
    fields.update(kode_indikator="balita-ditimbang", name="balita-ditimbang-balowerti")
    fields.update(overrides)
    return fields


def test_muat_katalog_seeds_the_configured_and_demo_statistics_once(cli, people):
    result = cli.invoke(ckan_command, ["satudata", "muat-katalog", "--contoh"])
    assert result.exit_code == 0, result.output
    assert "3 dibuat" in result.output
    listed = {i["kode"]: i for i in call_as(None, "satudata_indicator_catalog_list")}
    assert set(listed) == {"balita-ditimbang", "jumlah-posyandu", "status-gizi-balita"}
    balita = listed["balita-ditimbang"]
    assert balita["wajib"] and balita["frekuensi"] == "bulanan" and balita["konsep"]
    assert "nilai" in balita["kolom"]
    assert not listed["jumlah-posyandu"]["wajib"]

    call_as(people["curator"], "satudata_indicator_catalog_update", kode="balita-ditimbang",
            satuan="anak")
    again = cli.invoke(ckan_command, ["satudata", "muat-katalog", "--contoh"])
    assert again.exit_code == 0 and "0 dibuat, 3 sudah ada" in again.output
    shown = call_as(None, "satudata_indicator_catalog_show", kode="balita-ditimbang")
    assert shown["satuan"] == "anak" and shown["versi"] == 2


def test_the_required_statistics_come_from_the_catalogue_once_it_has_entries(people):
    assert [s.code for s in config.required_statistics()] == ["balita-ditimbang"]  # option
    curator = people["curator"]
    call_as(curator, "satudata_indicator_catalog_create", kode="posyandu-aktif",
            nama="Posyandu aktif", wajib=True)
    call_as(curator, "satudata_indicator_catalog_create", kode="jumlah-sekolah",
            nama="Jumlah sekolah")
    assert [(s.code, s.name) for s in config.required_statistics()] == [
        ("posyandu-aktif", "Posyandu aktif")]
    items = [i["code"] for i in call_as(curator, "satudata_completeness")["items"]]
    assert "statistik-posyandu-aktif" in items and "statistik-balita-ditimbang" not in items
    call_as(curator, "satudata_indicator_catalog_delete", kode="posyandu-aktif")
    assert config.required_statistics() == []


def test_a_statistic_may_choose_any_active_indicator_of_the_catalogue(
        people, kelurahan_balowerti):
    curator = people["curator"]
    call_as(curator, "satudata_indicator_catalog_create", kode="posyandu-aktif",
            nama="Posyandu aktif", wajib=True)
    call_as(curator, "satudata_indicator_catalog_create", kode="jumlah-sekolah",
            nama="Jumlah sekolah")
    call_as(curator, "satudata_indicator_catalog_create", kode="lama", nama="Indikator lama")
    call_as(curator, "satudata_indicator_catalog_delete", kode="lama")
    created = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="jumlah-sekolah-balowerti",
        kode_indikator="jumlah-sekolah"))
    assert created["kode_indikator"] == "jumlah-sekolah"
    assert satudata_required_statistic_choices() == [
        {"value": "jumlah-sekolah", "label": "Jumlah sekolah"},
        {"value": "posyandu-aktif", "label": "Posyandu aktif (wajib)"}]


def test_a_published_dataset_keeps_the_definition_it_was_published_with(
        people, kelurahan_balowerti, sysadmin):
    curator = people["curator"]
    call_as(curator, "satudata_indicator_catalog_create", **BALITA)
    dataset = call_as(people["pic"], "package_create",
                      **statistik_sektoral(kelurahan_balowerti["id"], **_fields_of_indicator()))
    publish(people["pic"], dataset, curator)
    assert catalogue.published_with(dataset["id"])["versi"] == 1

    call_as(curator, "satudata_indicator_catalog_update", kode="balita-ditimbang",
            definisi="Balita 0–59 bulan yang ditimbang, di posyandu atau di rumah.")
    published = call_as(None, "package_show", id=dataset["id"])
    assert published["definisi"] == BALITA["definisi"]  # not rewritten
    kept = catalogue.published_with(dataset["id"])
    assert kept["versi"] == 1 and kept["definisi"] == BALITA["definisi"]
    # Refreshing what is derived from published data does not move it either.
    publication.refresh_all()
    assert catalogue.published_with(dataset["id"])["versi"] == 1
    assert call_as(None, "satudata_indicator_catalog_show",
                   kode="balita-ditimbang")["versi"] == 2


def test_an_approved_edit_adopting_the_new_definition_records_the_new_version(
        people, kelurahan_balowerti):
    curator = people["curator"]
    call_as(curator, "satudata_indicator_catalog_create", **BALITA)
    dataset = call_as(people["pic"], "package_create",
                      **statistik_sektoral(kelurahan_balowerti["id"], **_fields_of_indicator()))
    publish(people["pic"], dataset, curator)
    new_definition = "Balita 0–59 bulan yang ditimbang, di posyandu atau di rumah."
    call_as(curator, "satudata_indicator_catalog_update", kode="balita-ditimbang",
            definisi=new_definition)
    call_as(people["pic"], "package_patch", id=dataset["id"], definisi=new_definition)
    publish(people["pic"], dataset, curator)
    assert catalogue.published_with(dataset["id"])["versi"] == 2


def test_the_comparison_names_each_field_that_differs_and_flags_outsiders(
        people, kelurahan_balowerti):
    curator = people["curator"]
    call_as(curator, "satudata_indicator_catalog_create", **BALITA)
    dataset = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], **_fields_of_indicator()))
    assert catalogue.comparison(dataset)["differences"] == []
    # The walidata changes the indicator while the statistic waits.
    call_as(curator, "satudata_indicator_catalog_update", kode="balita-ditimbang",
            satuan="anak", frekuensi="triwulanan")
    found = catalogue.comparison(call_as(curator, "package_show", id=dataset["id"]))
    assert not found["outside"] and found["indicator"]["versi"] == 2
    assert [(d["field"], d["katalog"], d["dataset"]) for d in found["differences"]] == [
        ("satuan", "anak", "jiwa"), ("frekuensi", "Triwulanan", "Bulanan")]
    outsider = call_as(people["pic"], "package_create",
                       **statistik_sektoral(kelurahan_balowerti["id"], name="lain"))
    assert catalogue.comparison(outsider)["outside"]
    call_as(curator, "satudata_indicator_catalog_delete", kode="balita-ditimbang")
    assert catalogue.comparison(dataset)["outside"]


def test_the_statistics_pages_group_the_kelurahans_datasets_under_the_catalogue_indicator(
        people, kelurahan_balowerti, kelurahan_bandar_lor):
    curator = people["curator"]
    call_as(curator, "satudata_indicator_catalog_create",
            **dict(BALITA, nama="Balita ditimbang (katalog walidata)"))
    for pic, organization in ((people["pic"], kelurahan_balowerti),
                              (people["other_pic"], kelurahan_bandar_lor)):
        dataset = call_as(pic, "package_create", **statistik_sektoral(
            organization["id"], **_fields_of_indicator(
                name=f"balita-{organization['name']}", title=f"Balita {organization['name']}")))
        publish(pic, dataset, curator)
    [sector] = call_as(None, "satudata_indicator_list")["sectors"]
    [indicator] = sector["indicators"]
    assert indicator["key"] == "balita-ditimbang" and indicator["datasets"] == 2
    assert indicator["title"] == "Balita ditimbang (katalog walidata)"
