"""Excel templates of a table schema (written with openpyxl).

The workbook's first sheet, `Data`, is what the readers read: a styled,
frozen header with each column's description as a comment, and one example
row. Drop-down lists (data validation) offer the kelurahan codes and names
of the reference list, recent periods and the choices of a column; counts
accept only whole numbers from their minimum. The sheet `Wilayah` lists the
kelurahan, `Periode` the offered periods, `Petunjuk` the columns.

Plain Python: no CKAN import (the caller passes the translation function;
the texts are marked N_ for the catalogue).
"""
from __future__ import annotations

import datetime
import io
from typing import Callable, Mapping, Sequence

from ckanext.satudata.tabular.table_schemas import (
    INTEGER, KELURAHAN_CODE, KELURAHAN_NAME, NUMBER, PERIOD, YEAR_PATTERN,
    TableSchema)
from ckanext.satudata.translation import N_

#: Rows of the data sheet that get the drop-down lists and the text format.
DATA_ROWS = 1000
DATA_SHEET = "Data"
AREA_SHEET = "Wilayah"
PERIOD_SHEET = "Periode"
HELP_SHEET = "Petunjuk"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_HEADER_FILL = "1F4E79"
_REQUIRED_FILL = "C00000"


def recent_periods(today: datetime.date, years: int = 3) -> list[str]:
    """The periods a PIC most likely reports, newest first: the months of
    this and last year up to this month, then quarters, half-years and
    years of the last `years` years (in the spelling periods.py reads)."""
    first_year = today.year - years + 1
    months = [f"{year}-{month:02d}"
              for year in range(today.year, today.year - 2, -1)
              for month in range(12, 0, -1)
              if (year, month) <= (today.year, today.month)]
    quarters = [f"{year}-T{q}" for year in range(today.year, first_year - 1, -1)
                for q in range(4, 0, -1) if (year, (q - 1) * 3 + 1) <= (today.year, today.month)]
    halves = [f"{year}-S{s}" for year in range(today.year, first_year - 1, -1)
              for s in (2, 1) if (year, (s - 1) * 6 + 1) <= (today.year, today.month)]
    return months + quarters + halves + recent_years(today, years)


def recent_years(today: datetime.date, years: int = 3) -> list[str]:
    return [str(year) for year in range(today.year, today.year - years, -1)]


def _example_value(field_type: str, example: str) -> object:
    """The example as a spreadsheet would hold it: counts and amounts as
    numbers, codes and periods as text."""
    if field_type in (NUMBER, INTEGER) and example:
        try:
            number = float(example)
        except ValueError:
            return example
        return int(number) if field_type == INTEGER or number.is_integer() else number
    return example


def template_xlsx(schema: TableSchema, areas: Sequence[tuple[str, str]],
                  today: datetime.date, prefill: Mapping[str, str] | None = None,
                  translate: Callable[[str], str] = lambda text: text) -> bytes:
    """The Excel template of `schema`, as bytes.

    `areas` are the (kode, nama) of the reference list's kelurahan;
    `prefill` gives values of the example row by reference (KELURAHAN_CODE,
    KELURAHAN_NAME), e.g. the downloading PIC's kelurahan, or by the name
    of a column without a reference (an indicator's period, name, unit)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    prefill = prefill or {}

    area_sheet = workbook.create_sheet(AREA_SHEET)
    area_sheet.append(["kode_wilayah", "nama_wilayah"])
    for kode, nama in areas:
        area_sheet.append([kode, nama])
    area_sheet.column_dimensions["A"].width = 18
    area_sheet.column_dimensions["B"].width = 24
    last_area = len(areas) + 1

    period_sheet = workbook.create_sheet(PERIOD_SHEET)
    periods = recent_periods(today)
    years = recent_years(today, years=6)
    period_sheet.append([translate(N_("Periode")), translate(N_("Tahun"))])
    for row in range(max(len(periods), len(years))):
        period_sheet.append([periods[row] if row < len(periods) else None,
                             years[row] if row < len(years) else None])
    for cell in period_sheet["A"] + period_sheet["B"]:
        cell.number_format = "@"

    bold_white = Font(bold=True, color="FFFFFF")
    validations: list[DataValidation] = []

    def validation(letter: str, **options: object) -> None:
        rule = DataValidation(allow_blank=True, **options)  # type: ignore[arg-type]
        rule.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
        validations.append(rule)

    for position, field in enumerate(schema.fields, start=1):
        letter = get_column_letter(position)
        header = sheet.cell(row=1, column=position, value=field.name)
        header.font = bold_white
        header.fill = PatternFill("solid", fgColor=_REQUIRED_FILL if field.required
                                  else _HEADER_FILL)
        header.alignment = Alignment(vertical="center")
        header.comment = Comment(translate(field.description), "Satu Data", width=260,
                                 height=90)
        value = prefill.get(field.reference or field.name, field.example)
        example = sheet.cell(row=2, column=position,
                             value=_example_value(field.type, value))
        sheet.column_dimensions[letter].width = max(12, len(field.name) + 3)
        if field.type not in (NUMBER, INTEGER):
            # Typed text stays text: Excel would turn 2026-01 into a date.
            sheet.column_dimensions[letter].number_format = "@"
            example.number_format = "@"

        if field.reference == KELURAHAN_CODE:
            validation(letter, type="list", formula1=f"{AREA_SHEET}!$A$2:$A${last_area}",
                       showErrorMessage=True, errorTitle=translate(N_("Kode wilayah")),
                       error=translate(N_("Pilih kode kelurahan dari daftar.")))
        elif field.reference == KELURAHAN_NAME:
            validation(letter, type="list", formula1=f"{AREA_SHEET}!$B$2:$B${last_area}",
                       showErrorMessage=False)
        elif field.type == PERIOD:
            column = "B" if field.pattern == YEAR_PATTERN else "A"
            count = len(years) if column == "B" else len(periods)
            # A suggestion: another period in the right spelling is accepted.
            validation(letter, type="list",
                       formula1=f"{PERIOD_SHEET}!${column}$2:${column}${count + 1}",
                       showErrorMessage=False)
        elif field.enum:
            validation(letter, type="list", formula1='"' + ",".join(field.enum) + '"',
                       showErrorMessage=True, error=translate(N_("Pilih nilai dari daftar.")))
        elif field.type == INTEGER and field.minimum == 0:
            # Counts only: an RT or RW number may be written "RW 03".
            validation(letter, type="whole", operator="greaterThanOrEqual",
                       formula1="0", showErrorMessage=True,
                       error=translate(N_("Isi dengan bilangan bulat tidak negatif.")))
    for rule in validations:
        sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"

    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.append([translate(N_("Kolom")), translate(N_("Wajib")), translate(N_("Keterangan")),
                       translate(N_("Contoh"))])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for field in schema.fields:
        help_sheet.append([field.name, translate(N_("ya")) if field.required else "",
                           translate(field.description), field.example])
    for letter, width in zip("ABCD", (28, 8, 70, 24)):
        help_sheet.column_dimensions[letter].width = width

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
