"""The catalogue's pages: anyone reads the list and an indicator's
definition with its versions; curators add and change indicators; the
curator's review panel compares a submission with its indicator."""
from __future__ import annotations

import pytest

from tests.helpers import BALITA_INDICATOR, call_as, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

BALITA = BALITA_INDICATOR


def text(response):
    return response.get_data(as_text=True)


def test_anyone_reads_the_catalogue_and_an_indicators_history(app, people):
    call_as(people["curator"], "satudata_indicator_catalog_create", **BALITA)
    call_as(people["curator"], "satudata_indicator_catalog_update", kode="balita-ditimbang",
            satuan="anak", catatan="Satuan baku")
    listing = text(app.get("/katalog-indikator"))
    assert "Balita ditimbang di posyandu" in listing and "Tambah indikator" not in listing
    page = text(app.get("/katalog-indikator/balita-ditimbang"))
    assert "Penimbangan balita di posyandu" in page and "Kesehatan" in page
    assert 'data-versi="2"' in page and 'data-versi="1"' in page
    assert "Satuan baku" in page and "jiwa" in page and "anak" in page
    assert people["curator"]["name"] not in page  # who changed it: curators only
    app.get("/katalog-indikator/tidak-ada", status=404)
    app.get("/katalog-indikator/baru", status=403)
    app.get("/katalog-indikator/balita-ditimbang/ubah", status=403)


def test_a_curator_adds_and_changes_an_indicator_with_the_forms(app, people, tokens):
    form = text(app.get("/katalog-indikator/baru", headers=tokens["curator"]))
    assert 'name="definisi"' in form
    response = app.post("/katalog-indikator/baru", headers=tokens["curator"],
                        data=dict(BALITA, wajib="ya"), follow_redirects=False)
    assert response.status_code == 302, text(response)
    assert response.headers["Location"].endswith("/katalog-indikator/balita-ditimbang")
    shown = call_as(None, "satudata_indicator_catalog_show", kode="balita-ditimbang")
    assert shown["wajib"] and shown["kolom"] == ["kode_wilayah", "periode", "nilai"]

    refused = app.post("/katalog-indikator/balita-ditimbang/ubah", headers=tokens["curator"],
                       data=dict(BALITA, frekuensi="harian", aktif="ya"))
    assert "Pilihan tidak dikenal." in text(refused)
    app.post("/katalog-indikator/balita-ditimbang/ubah", headers=tokens["curator"],
             data=dict(BALITA, satuan="anak", aktif="ya", wajib="ya"))
    shown = call_as(None, "satudata_indicator_catalog_show", kode="balita-ditimbang")
    assert shown["satuan"] == "anak" and shown["versi"] == 2 and shown["aktif"]
    app.post("/katalog-indikator/balita-ditimbang/ubah", headers=tokens["pic"],
             data=dict(BALITA, satuan="x"), status=403)


def test_the_review_panel_shows_the_fields_that_differ_from_the_catalogue(
        app, people, tokens, kelurahan_balowerti):
    call_as(people["curator"], "satudata_indicator_catalog_create", **BALITA)
    fields = {name: BALITA[name] for name in ("bidang_urusan", "konsep", "definisi", "satuan",
                                              "ukuran", "frekuensi", "tingkat_penyajian")}
    dataset = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="balita-balowerti", kode_indikator="balita-ditimbang",
        **fields))
    call_as(people["pic"], "satudata_submit", id=dataset["id"])
    url = f"/statistik-sektoral/{dataset['name']}"
    assert "Metadata sesuai dengan katalog." in text(app.get(url, headers=tokens["curator"]))

    call_as(people["curator"], "satudata_indicator_catalog_update", kode="balita-ditimbang",
            satuan="anak")
    page = text(app.get(url, headers=tokens["curator"]))
    assert 'data-field="satuan"' in page and "anak" in page
    assert 'data-field="definisi"' not in page

    outsider = call_as(people["pic"], "package_create",
                       **statistik_sektoral(kelurahan_balowerti["id"], name="lain"))
    page = text(app.get(f"/statistik-sektoral/{outsider['name']}", headers=tokens["curator"]))
    assert "Di luar katalog" in page
