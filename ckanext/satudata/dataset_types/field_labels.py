"""Field labels of the dataset schemas, in the user's language, for texts
that name fields (what changed in an edit, ...)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.satudata import site


def field_labels(dataset_type: str) -> dict[str, str]:
    """{field_name: label} of the dataset fields, and
    {"resource:<field_name>": label} of the resource fields, of
    `dataset_type` (empty for a type without a scheming schema)."""
    schema = tk.h.scheming_get_dataset_schema(dataset_type) or {}
    labels: dict[str, str] = {}
    for field in schema.get("dataset_fields") or []:
        labels[field["field_name"]] = _text(field)
    for field in schema.get("resource_fields") or []:
        labels[f"resource:{field['field_name']}"] = _text(field)
    return labels


def _text(field: dict) -> str:
    label = field.get("label") or field["field_name"]
    if not isinstance(label, dict):
        return label
    return label.get(site.language()) or label.get("id") or next(iter(label.values()))
