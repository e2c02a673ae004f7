"""Downloadable upload templates, CSV and Excel: the expected columns and
one example row, for each dataset type and each kind of map point. The
columns come from the table schemas (tabular/table_schemas.py); the
example row can carry the downloading PIC's kelurahan."""
from __future__ import annotations

import datetime
import io
from typing import Callable, Mapping

from ckanext.satudata import reference
from ckanext.satudata.tabular import csv_output, table_schemas, xlsx_output
from ckanext.satudata.maps import KINDS, template_csv

# Each dataset type's columns and example values, from its table schema.
DATASET_TABLES = {
    name: [(field.name, field.example) for field in schema.fields]
    for name, schema in table_schemas.DATASET_SCHEMAS.items()
}
STATISTIK_COLUMNS = DATASET_TABLES["statistik-sektoral"]
PROFIL_COLUMNS = DATASET_TABLES["profil-kelurahan"]


def _prefill(kelurahan: reference.Kelurahan | None,
             values: Mapping[str, str] | None = None) -> dict[str, str]:
    """The example row's values: the kelurahan's (by reference), then
    `values` by column name (an indicator's period, name and unit)."""
    prefill = dict(values or {})
    if kelurahan is not None:
        prefill.update({table_schemas.KELURAHAN_CODE: kelurahan.kode,
                        table_schemas.KELURAHAN_NAME: kelurahan.nama})
    return prefill


def _example_row(schema: table_schemas.TableSchema,
                 kelurahan: reference.Kelurahan | None,
                 values: Mapping[str, str] | None = None) -> list[str]:
    prefill = _prefill(kelurahan, values)
    return [prefill.get(field.reference or field.name, field.example)
            for field in schema.fields]


def _table(header: list[str], example: list[str]) -> str:
    out = io.StringIO()
    writer = csv_output.writer(out)
    writer.writerow(header)
    writer.writerow(example)
    return out.getvalue()


def template_names() -> list[str]:
    return list(DATASET_TABLES) + list(KINDS)


def csv_template(name: str, kelurahan: reference.Kelurahan | None = None,
                 values: Mapping[str, str] | None = None) -> str | None:
    """The CSV template called `name` (a dataset type or a point kind),
    its example row in `kelurahan` when given, with `values` by column."""
    schema = table_schemas.schema_for(name)
    if schema is None:
        return None
    if name in KINDS and kelurahan is None:
        return template_csv(name)
    return _table(schema.names, _example_row(schema, kelurahan, values))


def xlsx_template(name: str, today: datetime.date,
                  kelurahan: reference.Kelurahan | None = None,
                  translate: Callable[[str], str] = lambda text: text,
                  values: Mapping[str, str] | None = None) -> bytes | None:
    """The Excel template called `name`, with drop-down lists of the
    reference list's kelurahan and of the periods around `today`; `values`
    fill the example row by column."""
    schema = table_schemas.schema_for(name)
    if schema is None:
        return None
    areas = [(k.kode, k.nama) for k in reference.all_kelurahan()]
    return xlsx_output.template_xlsx(schema, areas, today, _prefill(kelurahan, values),
                                     translate)


def indicator_values(indicator: Mapping[str, object], period_code: str) -> dict[str, str]:
    """The example row of a statistic of a catalogue indicator: its period,
    name and unit, and no value (the PIC's to write)."""
    return {"periode": period_code, "indikator": str(indicator.get("nama") or ""),
            "satuan": str(indicator.get("satuan") or ""), "nilai": ""}
