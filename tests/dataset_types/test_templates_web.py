"""Upload templates on the web: `/templat/<name>.xlsx` (and .csv) prefilled
for a kelurahan, offered on the upload form and the kelurahan page, and an
Excel template filled in and uploaded gives its values."""
from __future__ import annotations

import io

import openpyxl
import pytest

import ckan.tests.helpers as helpers

from ckanext.satudata.tabular.xlsx_output import XLSX_MIMETYPE
from tests.helpers import call_as, publish, statistik_sektoral
from tests.map_samples import point_layer

pytestmark = pytest.mark.usefixtures("with_plugins")


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))


def example_row(sheet):
    return {cell.value: sheet.cell(row=2, column=cell.column).value for cell in sheet[1]}


def test_the_excel_template_of_a_kelurahan_is_prefilled(app):
    response = app.get("/templat/statistik-sektoral.xlsx?kelurahan=kelurahan-pojok")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == XLSX_MIMETYPE
    assert 'filename="templat-statistik-sektoral-pojok.xlsx"' in \
        response.headers["Content-Disposition"]
    row = example_row(workbook(response).worksheets[0])
    assert (row["kode_wilayah"], row["nama_wilayah"]) == ("35.71.01.1004", "Pojok")


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_an_unknown_kelurahan_is_not_found_and_never_written_back(app, extension):
    asked = "<b>kelurahan-bukan</b>"
    response = app.get(f"/templat/posyandu.{extension}", query_string={"kelurahan": asked})
    assert response.status_code == 404
    # (CKAN's language switcher keeps the URL, percent-encoded.)
    assert "<b>kelurahan-bukan" not in response.get_data(as_text=True)


def test_every_template_downloads_as_excel_and_an_unknown_one_is_not_found(app):
    for name in ("statistik-sektoral", "profil-kelurahan", "posyandu", "rt"):
        sheet = workbook(app.get(f"/templat/{name}.xlsx")).worksheets[0]
        assert sheet.max_row == 2
    assert app.get("/templat/tidak-ada.xlsx").status_code == 404


def test_the_csv_template_of_a_kelurahan_is_prefilled(app):
    text = app.get("/templat/profil-kelurahan.csv?kelurahan=kelurahan-pojok").get_data(
        as_text=True)
    assert text.splitlines()[1].startswith("35.71.01.1004,Pojok,")


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_upload_form_offers_excel_and_csv_for_the_dataset_kelurahan(app, draft, tokens):
    page = app.get(f"/statistik-sektoral/{draft['name']}/resource/new",
                   headers=tokens["pic"]).get_data(as_text=True)
    assert 'href="/templat/statistik-sektoral.xlsx?kelurahan=kelurahan-balowerti"' in page
    assert 'href="/templat/statistik-sektoral.csv?kelurahan=kelurahan-balowerti"' in page


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_kelurahan_page_offers_its_prefilled_templates(app, kelurahan_balowerti):
    page = app.get("/kelurahan/balowerti").get_data(as_text=True)
    for name in ("statistik-sektoral", "profil-kelurahan", "posyandu"):
        assert f'href="/templat/{name}.xlsx?kelurahan=kelurahan-balowerti"' in page
        assert f'href="/templat/{name}.csv?kelurahan=kelurahan-balowerti"' in page


def _filled(app, name, rows):
    """The kelurahan's Excel template downloaded, its example row replaced
    by `rows` (dicts by column), as a spreadsheet program would save it."""
    book = workbook(app.get(f"/templat/{name}.xlsx?kelurahan=kelurahan-balowerti"))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    prefilled = example_row(sheet)
    sheet.delete_rows(2)
    for row in rows:
        values = dict(prefilled, **row)
        sheet.append([values.get(column) for column in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_filled_excel_template_gives_the_published_statistic(
        app, kelurahan_balowerti, sysadmin, create_with_upload):
    content = _filled(app, "statistik-sektoral", [
        # Typed in an Indonesian Excel as text: twelve thousand three hundred forty-five.
        {"periode": "2024", "indikator": "Penduduk", "nilai": "12.345", "satuan": "jiwa"},
        {"periode": "2025", "indikator": "Penduduk", "nilai": 12500, "satuan": "jiwa"},
    ])
    dataset = call_as(sysadmin, "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="penduduk-balowerti", title="Penduduk Balowerti"))
    create_with_upload(content, "penduduk.xlsx", package_id=dataset["id"],
                       context={"user": sysadmin["name"]})
    publish(sysadmin, dataset)

    result = call_as(None, "satudata_indicator_series", id="penduduk-balowerti")
    assert [(p["periode"], p["nilai"]) for p in result["series"]] == [
        ("2024", 12345.0), ("2025", 12500.0)]
    assert [p["wilayah"] for p in result["series"]] == [1, 1]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_filled_excel_template_gives_the_published_points(
        app, kelurahan_balowerti, sysadmin, create_with_upload):
    content = _filled(app, "posyandu", [
        {"nama": "Posyandu Anggrek", "latitude": -7.8170, "longitude": 112.0120, "rw": 1},
        {"nama": "Posyandu Kenanga", "latitude": -7.8180, "longitude": 112.0130, "rw": 2,
         "strata": "purnama"},
    ])
    layer = call_as(sysadmin, "package_create", **point_layer(kelurahan_balowerti["id"]))
    resource = create_with_upload(content, "posyandu.xlsx", package_id=layer["id"],
                                  context={"user": sysadmin["name"]})
    assert resource["format"] == "XLSX"
    publish(sysadmin, layer)

    points = helpers.call_action("satudata_map_points", kelurahan="35.71.02.1002")
    features = {f["properties"]["name"]: f for f in points["features"]}
    assert set(features) == {"Posyandu Anggrek", "Posyandu Kenanga"}
    kenanga = features["Posyandu Kenanga"]
    assert kenanga["geometry"]["coordinates"] == [112.013, -7.818]
    assert kenanga["properties"]["attributes"]["strata"] == "purnama"
    assert kenanga["properties"]["attributes"]["kode_kelurahan"] == "35.71.02.1002"
