"""The indicator catalogue's actions: anyone reads it, curators keep it,
and a change of definition is a new version (the old one stays readable)."""
from __future__ import annotations

import datetime

import pytest

import ckan.plugins.toolkit as tk

from tests.helpers import call_as

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

BALITA = {
    "kode": "balita-ditimbang", "nama": "Balita ditimbang di posyandu",
    "bidang_urusan": "kesehatan", "konsep": "Penimbangan balita di posyandu",
    "definisi": "Banyaknya balita (0–59 bulan) yang ditimbang di posyandu dalam satu bulan.",
    "satuan": "jiwa", "ukuran": "jumlah", "frekuensi": "bulanan",
    "tingkat_penyajian": "kelurahan",
    "kolom": ["kode_wilayah", "nama_wilayah", "periode", "nilai"], "wajib": True,
}

SHOWN = {"kode", "nama", "bidang_urusan", "konsep", "definisi", "satuan", "ukuran", "rumus",
         "interpretasi", "frekuensi", "tingkat_penyajian", "kolom", "wajib", "aktif",
         "versi", "diubah"}


def test_a_curator_creates_an_indicator_that_anyone_reads(people):
    created = call_as(people["curator"], "satudata_indicator_catalog_create", **BALITA)
    shown = call_as(None, "satudata_indicator_catalog_show", kode="balita-ditimbang")
    assert shown == created
    assert set(shown) == SHOWN
    assert shown["versi"] == 1 and shown["wajib"] is True and shown["aktif"] is True
    assert shown["kolom"] == ["kode_wilayah", "nama_wilayah", "periode", "nilai"]
    assert shown["rumus"] == ""
    datetime.datetime.fromisoformat(shown["diubah"])
    assert [i["kode"] for i in call_as(None, "satudata_indicator_catalog_list")] == [
        "balita-ditimbang"]


@pytest.mark.parametrize("who", ["pic", "planner", "anonymous"])
def test_only_curators_keep_the_catalogue(people, who):
    with pytest.raises(tk.NotAuthorized):
        call_as(people[who], "satudata_indicator_catalog_create", **BALITA)
    call_as(people["curator"], "satudata_indicator_catalog_create", **BALITA)
    with pytest.raises(tk.NotAuthorized):
        call_as(people[who], "satudata_indicator_catalog_update", kode="balita-ditimbang",
                satuan="orang")
    with pytest.raises(tk.NotAuthorized):
        call_as(people[who], "satudata_indicator_catalog_delete", kode="balita-ditimbang")
    assert call_as(None, "satudata_indicator_catalog_show",
                   kode="balita-ditimbang")["satuan"] == "jiwa"


def test_values_outside_the_schema_choices_and_bad_codes_are_refused(people):
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["curator"], "satudata_indicator_catalog_create",
                **dict(BALITA, kode="Balita Ditimbang", frekuensi="harian",
                       kolom=["Nilai Total"]))
    assert set(refused.value.error_dict) == {"kode", "frekuensi", "kolom"}
    call_as(people["curator"], "satudata_indicator_catalog_create", **BALITA)
    with pytest.raises(tk.ValidationError) as twice:
        call_as(people["curator"], "satudata_indicator_catalog_create", **BALITA)
    assert "kode" in twice.value.error_dict
    with pytest.raises(tk.ObjectNotFound):
        call_as(None, "satudata_indicator_catalog_show", kode="tidak-ada")


def test_a_change_of_definition_is_a_new_version_and_the_old_one_stays(people):
    curator = people["curator"]
    call_as(curator, "satudata_indicator_catalog_create", **BALITA)
    changed = call_as(curator, "satudata_indicator_catalog_update", kode="balita-ditimbang",
                      definisi="Balita 0–59 bulan yang ditimbang, termasuk di luar posyandu.",
                      catatan="Sesuai pedoman baru")
    assert changed["versi"] == 2
    assert changed["satuan"] == "jiwa"  # what was not given stays
    old = call_as(None, "satudata_indicator_catalog_show", kode="balita-ditimbang", versi=1)
    assert old["versi"] == 1 and old["definisi"] == BALITA["definisi"]
    assert call_as(None, "satudata_indicator_catalog_show",
                   kode="balita-ditimbang")["definisi"].endswith("di luar posyandu.")
    # wajib is a decision about the indicator, not its definition
    assert call_as(curator, "satudata_indicator_catalog_update", kode="balita-ditimbang",
                   wajib=False)["versi"] == 2
    # the same definition again is no new version
    assert call_as(curator, "satudata_indicator_catalog_update", kode="balita-ditimbang",
                   satuan="jiwa")["versi"] == 2
    with pytest.raises(tk.ObjectNotFound):
        call_as(None, "satudata_indicator_catalog_show", kode="balita-ditimbang", versi=7)


def test_deleting_deactivates_and_the_list_filters(people):
    curator = people["curator"]
    call_as(curator, "satudata_indicator_catalog_create", **BALITA)
    call_as(curator, "satudata_indicator_catalog_create", kode="jumlah-sekolah",
            nama="Jumlah sekolah", bidang_urusan="pendidikan", kolom="kode_wilayah, nilai")
    codes = lambda **filters: [i["kode"] for i in call_as(  # noqa: E731
        None, "satudata_indicator_catalog_list", **filters)]
    assert codes(bidang_urusan="pendidikan") == ["jumlah-sekolah"]
    assert codes(wajib=True) == ["balita-ditimbang"]
    assert codes(q="sekolah") == ["jumlah-sekolah"]
    assert call_as(curator, "satudata_indicator_catalog_delete",
                   kode="jumlah-sekolah")["aktif"] is False
    assert codes() == ["balita-ditimbang"]
    assert sorted(codes(semua=True)) == ["balita-ditimbang", "jumlah-sekolah"]
