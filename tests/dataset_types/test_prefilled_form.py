"""Choosing fills the form: a PIC picks an indicator of the walidata's
catalogue and gets the statistic's form filled in, the catalogue's fields
read-only ("ditetapkan oleh walidata"), the template of exactly that
indicator one click away; the server keeps the catalogue's metadata whatever
is sent; a statistic outside the catalogue keeps the full form."""
from __future__ import annotations

import html
import io
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest

from ckanext.satudata import site
from ckanext.satudata.dataset_types import prefill
from tests.helpers import BALITA_INDICATOR, call_as, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

BALITA = dict(BALITA_INDICATOR, tingkat_penyajian="kota")


@pytest.fixture
def indicator(people):
    return call_as(people["curator"], "satudata_indicator_catalog_create", **BALITA)


def page(app, url, headers):
    response = app.get(url, headers=headers)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def test_the_pic_chooses_an_indicator_and_gets_the_form_filled_in(app, tokens, indicator):
    chooser = page(app, "/tambah/statistik", tokens["pic"])
    assert "Balita ditimbang di posyandu" in chooser
    assert 'href="/tambah/statistik/balita-ditimbang"' in chooser
    assert 'href="/statistik-sektoral/new"' in chooser  # outside the catalogue

    response = app.get("/tambah/statistik/balita-ditimbang", headers=tokens["pic"],
                       follow_redirects=False)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/statistik-sektoral/new"
    period = prefill.reference_period("bulanan", site.portal_today())
    title = f"Balita ditimbang di posyandu, Kelurahan Balowerti, {prefill.period_title(period)}"
    assert parse_qs(location.query)["title"] == [title]

    form = page(app, f"{location.path}?{location.query}", tokens["pic"])
    assert f'value="{title}"' in form
    # every field the catalogue fills is locked (it leaves rumus and interpretasi empty)
    assert form.count("<i class=\"fa fa-lock\" aria-hidden=\"true\"></i> ditetapkan oleh walidata"
                      ) == len(prefill.LOCKED_FIELDS) - 2
    assert 'id="field-rumus"' in form  # left for the PIC
    for value in (BALITA["konsep"], BALITA["definisi"], "Kesehatan", "Bulanan"):
        assert value in form
    # Read-only: sent as hidden fields, no input to type in.
    assert '<input type="hidden" name="konsep" value="Penimbangan balita di posyandu">' in form
    assert 'name="konsep" id="field-konsep"' not in form
    assert 'value="Kelurahan Balowerti"' in form  # produsen
    assert f'value="{period.year}"' in form       # tahun


def test_the_upload_step_offers_the_indicators_template_for_the_kelurahan(
        app, tokens, indicator, people, kelurahan_balowerti):
    dataset = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], kode_indikator="balita-ditimbang", name="balita-nov"))
    form = page(app, f"/statistik-sektoral/{dataset['name']}/resource/new", tokens["pic"])
    link = ("/templat/statistik-sektoral.xlsx?kelurahan=kelurahan-balowerti"
            "&indikator=balita-ditimbang")
    assert link in form

    response = app.get(link)
    assert 'filename="templat-balita-ditimbang-balowerti.xlsx"' in \
        response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    row = {cell.value: sheet.cell(row=2, column=cell.column).value for cell in sheet[1]}
    period = prefill.reference_period("bulanan", site.portal_today())
    assert row == {"kode_wilayah": "35.71.02.1002", "nama_wilayah": "Balowerti",
                   "periode": period.code, "indikator": "Balita ditimbang di posyandu",
                   "nilai": None, "satuan": "jiwa"}


def test_the_catalogues_metadata_is_kept_whatever_the_pic_sends(
        indicator, people, kelurahan_balowerti):
    pic = people["pic"]
    created = call_as(pic, "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], kode_indikator="balita-ditimbang",
        konsep="Konsep buatan sendiri", satuan="orang", frekuensi="tahunan"))
    assert (created["konsep"], created["satuan"], created["frekuensi"]) == (
        BALITA["konsep"], "jiwa", "bulanan")

    updated = call_as(pic, "package_patch", id=created["id"], definisi="Diubah PIC",
                      title="Judul baru")
    assert updated["definisi"] == BALITA["definisi"] and updated["title"] == "Judul baru"

    # A later change of the catalogue does not rewrite the statistic; its PIC
    # may adopt the new value, and nothing else.
    call_as(people["curator"], "satudata_indicator_catalog_update", kode="balita-ditimbang",
            satuan="anak")
    assert call_as(pic, "package_patch", id=created["id"], notes="x")["satuan"] == "jiwa"
    assert call_as(pic, "package_patch", id=created["id"], satuan="anak")["satuan"] == "anak"
    assert call_as(pic, "package_patch", id=created["id"], satuan="ekor")["satuan"] == "anak"


def test_a_statistic_outside_the_catalogue_keeps_what_its_pic_wrote(
        indicator, people, kelurahan_balowerti):
    created = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], konsep="Konsep buatan sendiri"))
    assert created["konsep"] == "Konsep buatan sendiri"


def test_only_a_pic_gets_a_prefilled_form(app, tokens, indicator):
    assert app.get("/tambah/statistik/balita-ditimbang", headers=tokens["planner"]
                   ).status_code == 403
    assert app.get("/tambah/statistik/balita-ditimbang").status_code == 403
    assert app.get("/tambah/statistik/balita-ditimbang?organisasi=kelurahan-bandar-lor",
                   headers=tokens["pic"]).status_code == 403
    assert app.get("/tambah/statistik/bukan-indikator", headers=tokens["pic"]
                   ).status_code == 404
    assert app.get("/tambah/peta-titik/bukan-jenis", headers=tokens["pic"]
                   ).status_code == 404


def test_a_point_layer_form_comes_with_its_kind_year_and_producer(app, tokens):
    response = app.get("/tambah/peta-titik/posyandu?organisasi=kelurahan-balowerti",
                       headers=tokens["pic"], follow_redirects=False)
    location = urlsplit(response.headers["Location"])
    assert location.path == "/peta-titik/new"
    form = page(app, f"{location.path}?{location.query}", tokens["pic"])
    year = site.portal_today().year
    assert f'value="Peta posyandu, Kelurahan Balowerti, {year}"' in form
    assert 'value="posyandu" selected' in form
    assert f'value="{year}"' in form and 'value="Kelurahan Balowerti"' in form


def test_a_required_statistic_the_catalogue_lacks_opens_the_full_form(app, tokens):
    response = app.get("/tambah/statistik/balita-ditimbang", headers=tokens["pic"],
                       follow_redirects=False)
    location = urlsplit(response.headers["Location"])
    assert location.path == "/statistik-sektoral/new"
    query = parse_qs(location.query)
    assert query["kode_indikator"] == ["balita-ditimbang"]
    assert query["produsen"] == ["Kelurahan Balowerti"]
    form = page(app, f"{location.path}?{location.query}", tokens["pic"])
    assert "ditetapkan oleh walidata" not in form
    assert 'name="konsep" id="field-konsep"' in form or 'id="field-konsep"' in form
