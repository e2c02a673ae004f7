"""Downloadable CSV templates: the expected columns and one example row, for
each dataset type and each kind of map point."""
from __future__ import annotations

import io

from ckanext.satudata.tabular import csv_output, table_schemas
from ckanext.satudata.maps import KINDS, template_csv

# Each dataset type's columns and example values, from its table schema.
DATASET_TABLES = {
    name: [(field.name, field.example) for field in schema.fields]
    for name, schema in table_schemas.DATASET_SCHEMAS.items()
}
STATISTIK_COLUMNS = DATASET_TABLES["statistik-sektoral"]
PROFIL_COLUMNS = DATASET_TABLES["profil-kelurahan"]


def _table(columns: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = csv_output.writer(out)
    writer.writerow([name for name, _example in columns])
    writer.writerow([example for _name, example in columns])
    return out.getvalue()


def template_names() -> list[str]:
    return list(DATASET_TABLES) + list(KINDS)


def csv_template(name: str) -> str | None:
    """The CSV template called `name` (a dataset type or a point kind)."""
    if name in DATASET_TABLES:
        return _table(DATASET_TABLES[name])
    if name in KINDS:
        return template_csv(name)
    return None
