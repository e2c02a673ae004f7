"""Upload templates (pure): one table schema per dataset type, the CSV and
Excel templates derived from it, prefilled for a kelurahan."""
from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest

from ckanext.satudata import reference
from ckanext.satudata.dataset_types.templates import (
    csv_template, template_names, xlsx_template)
from ckanext.satudata.maps import KINDS, template_csv
from ckanext.satudata.statistics import tables
from ckanext.satudata.tabular import table_schemas
from ckanext.satudata.tabular.table_schemas import (
    DATASET_SCHEMAS, KELURAHAN_CODE, schema_for)
from ckanext.satudata.tabular.xlsx_output import recent_periods

TODAY = datetime.date(2026, 12, 7)
POJOK = reference.by_organization_name("kelurahan-pojok")


def rows_of_csv(text):
    return list(csv.reader(io.StringIO(text)))


def workbook_of(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def validations(sheet):
    """{column letter: formula} of the sheet's drop-down and number rules."""
    return {str(rule.sqref).split(":")[0].rstrip("0123456789"): (rule.type, rule.formula1)
            for rule in sheet.data_validations.dataValidation}


@pytest.mark.parametrize("name", template_names())
def test_the_csv_template_header_is_the_schema_columns(name):
    header, example = rows_of_csv(csv_template(name))
    assert header == schema_for(name).names
    assert example == schema_for(name).examples


def test_every_dataset_type_and_point_kind_has_a_template():
    assert set(template_names()) == set(DATASET_SCHEMAS) | set(KINDS)
    assert csv_template("tidak-ada") is None
    assert xlsx_template("tidak-ada", TODAY) is None


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_point_kinds_keep_their_own_columns(kind):
    assert csv_template(kind) == template_csv(kind)
    assert schema_for(kind).names == rows_of_csv(template_csv(kind))[0]


def test_the_statistics_reader_accepts_the_schema_headers():
    assert tables.COLUMNS["periode"] == ("periode", "period", "tahun", "waktu")
    assert tables.COLUMNS["nilai"][0] == "nilai"
    result = tables.read_observations(rows_of_csv(
        "Kode Kelurahan;Nama;Tahun;Angka\n35.71.02.1002;Balowerti;2025;7\n".replace(";", ",")))
    [observation] = result.observations
    assert (observation.kode_wilayah, observation.periode.code, observation.nilai) == (
        "35.71.02.1002", "2025", 7.0)


def test_a_schema_reads_as_a_frictionless_table_schema():
    descriptor = table_schemas.PROFIL_KELURAHAN.descriptor()
    fields = {f["name"]: f for f in descriptor["fields"]}
    assert descriptor["primaryKey"] == ["kode_wilayah", "tahun"]
    assert fields["jumlah_kk"]["type"] == "integer"
    assert fields["jumlah_kk"]["constraints"] == {"minimum": 0}
    assert fields["tahun"]["constraints"]["required"] is True
    assert fields["kode_wilayah"]["constraints"]["pattern"] == table_schemas.KODE_WILAYAH_PATTERN
    statistik = table_schemas.STATISTIK_SEKTORAL
    assert statistik.required == ["periode", "nilai"]
    assert statistik.column_positions(["Nilai", "PERIODE", "kode"]) == {
        "nilai": 0, "periode": 1, "kode_wilayah": 2}
    with pytest.raises(ValueError):
        table_schemas.Field("x", "tanggal", "")


def test_every_kelurahan_code_of_the_reference_list_matches_the_schema_pattern():
    import re
    pattern = re.compile(table_schemas.KODE_WILAYAH_PATTERN)
    assert all(pattern.match(k.kode) for k in reference.all_kelurahan())


@pytest.mark.parametrize("name", template_names())
def test_the_csv_and_excel_templates_are_prefilled_for_a_kelurahan(name):
    schema = schema_for(name)
    code_column = table_schemas.reference_field(schema, KELURAHAN_CODE).name
    name_column = table_schemas.reference_field(schema, table_schemas.KELURAHAN_NAME).name
    header, example = rows_of_csv(csv_template(name, POJOK))
    assert dict(zip(header, example))[code_column] == "35.71.01.1004"
    assert dict(zip(header, example))[name_column] == "Pojok"

    sheet = workbook_of(xlsx_template(name, TODAY, POJOK)).worksheets[0]
    values = {cell.value: sheet.cell(row=2, column=cell.column).value for cell in sheet[1]}
    assert values[code_column] == "35.71.01.1004" and values[name_column] == "Pojok"
    assert sheet.max_row == 2  # header and the example row only: nothing read as data


def test_the_excel_template_has_a_styled_frozen_header_and_an_example_row():
    workbook = workbook_of(xlsx_template("statistik-sektoral", TODAY))
    sheet = workbook.worksheets[0]
    assert sheet.title == "Data"
    assert [c.value for c in sheet[1]] == table_schemas.STATISTIK_SEKTORAL.names
    assert [c.value for c in sheet[2]] == [
        "35.71.02.1002", "Balowerti", "2026-01", "Jumlah posyandu aktif", 7, "unit"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert "Periode data" in sheet["C1"].comment.text
    # Periods typed later stay text (Excel would make 2026-01 a date).
    assert sheet.column_dimensions["C"].number_format == "@"
    help_sheet = workbook["Petunjuk"]
    assert [row[0] for row in help_sheet.iter_rows(min_row=2, values_only=True)] == \
        table_schemas.STATISTIK_SEKTORAL.names


def test_the_excel_template_offers_kelurahan_codes_names_and_recent_periods():
    workbook = workbook_of(xlsx_template("statistik-sektoral", TODAY))
    rules = validations(workbook.worksheets[0])
    assert rules["A"] == ("list", "Wilayah!$A$2:$A$47")
    assert rules["B"] == ("list", "Wilayah!$B$2:$B$47")
    assert rules["C"][0] == "list" and rules["C"][1].startswith("Periode!$A$2")
    areas = list(workbook["Wilayah"].iter_rows(min_row=2, values_only=True))
    assert len(areas) == len(reference.all_kelurahan()) == 46
    assert ("35.71.01.1004", "Pojok") in areas
    periods = [row[0] for row in workbook["Periode"].iter_rows(min_row=2, values_only=True)
               if row[0]]
    assert periods[0] == "2026-12" and "2025-01" in periods and "2026-T4" in periods
    assert "2024" in periods and "2027-01" not in periods


def test_the_profile_template_offers_years_and_refuses_negative_counts():
    rules = validations(workbook_of(xlsx_template("profil-kelurahan", TODAY)).worksheets[0])
    assert rules["C"] == ("list", "Periode!$B$2:$B$7")
    assert rules["F"] == ("whole", "0")  # jumlah_kk


def test_a_point_kind_template_offers_its_choices_and_the_kelurahan_codes():
    sheet = workbook_of(xlsx_template("posyandu", TODAY)).worksheets[0]
    header = [c.value for c in sheet[1]]
    rules = validations(sheet)
    letter = "ABCDEFGHIJ"[header.index("strata")]
    assert rules[letter] == ("list", '"pratama,madya,purnama,mandiri"')
    assert rules["ABCDEFGHIJ"[header.index("kode_kelurahan")]] == (
        "list", "Wilayah!$A$2:$A$47")
    assert [c.value for c in sheet[2]][:2] == [-7.8166, 112.0116]


def test_recent_periods_never_reach_the_future():
    periods = recent_periods(datetime.date(2026, 2, 1))
    assert periods[:3] == ["2026-02", "2026-01", "2025-12"]
    assert "2026-T2" not in periods and "2026-T1" in periods
    assert "2026-S2" not in periods and "2026" in periods
