"""Search facets and the fields behind them.

Planners filter by sector (`bidang_urusan`), kecamatan, kelurahan, year
(`tahun`), update frequency (`frekuensi`) and file format; signed-in users
also by review state. Scheming's fields are indexed by CKAN under their own
name (the extras land in Solr's dynamic `*` string field: facetable as they
are); kecamatan and kelurahan are added here from the owning organisation,
and `satudata_published_date` (when the dataset was published) for sorting
the latest published datasets.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any


import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import site
from ckanext.satudata import reference
from ckanext.satudata.model import DatasetStatus
from ckanext.satudata.translation import N_
from ckanext.satudata.workflow.states import TERBIT

PUBLISHED_DATE = "satudata_published_date"

#: Facets in the order shown, with their titles (msgids).
FACETS = (
    ("bidang_urusan", N_("Bidang urusan")),
    ("kecamatan", N_("Kecamatan")),
    ("kelurahan", N_("Kelurahan")),
    ("tahun", N_("Tahun")),
    ("frekuensi", N_("Frekuensi")),
    ("res_format", N_("Format")),
)

#: Facets whose values are choices of a dataset schema: shown by label.
CHOICE_FACETS = {"bidang_urusan": "statistik-sektoral", "frekuensi": "statistik-sektoral"}


def _organization(owner_org: str | None) -> model.Group | None:
    return model.Group.get(owner_org) if owner_org else None


def kecamatan_of(owner_org: str | None) -> str | None:
    organization = _organization(owner_org)
    return organization.extras.get("kecamatan") if organization else None


def kelurahan_of(owner_org: str | None) -> str | None:
    """The name of the kelurahan that owns the dataset (None for the city's
    agencies)."""
    organization = _organization(owner_org)
    if organization is None:
        return None
    found = reference.by_organization_name(organization.name) \
        or reference.by_code(organization.extras.get("kode_wilayah") or "")
    return found.nama if found else None


def index_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Add what the facets and sorting need to a dataset being indexed."""
    kecamatan = kecamatan_of(pkg_dict.get("owner_org"))
    if kecamatan:
        pkg_dict["kecamatan"] = kecamatan
    kelurahan = kelurahan_of(pkg_dict.get("owner_org"))
    if kelurahan:
        pkg_dict["kelurahan"] = kelurahan
    status = DatasetStatus.get(pkg_dict["id"])
    if status is not None and status.state == TERBIT:
        pkg_dict[PUBLISHED_DATE] = status.updated.replace(microsecond=0).isoformat() + "Z"
    return pkg_dict


def dataset_facets(facets_dict: OrderedDict) -> OrderedDict:
    """Ours first, then core's (organisation, group, tag, licence); the
    review state only for signed-in users (the public sees published
    datasets only)."""
    ordered = OrderedDict((name, tk._(title)) for name, title in FACETS)
    for name, title in facets_dict.items():
        ordered.setdefault(name, title)
    if tk.current_user.is_authenticated:
        ordered["satudata_status"] = tk._("Status")
    return ordered


def language_text(text: dict[str, str] | str) -> str:
    """A schema's label ({"id": ..., "en": ...}) in the user's language."""
    if not isinstance(text, dict):
        return text
    return text.get(site.language()) or text.get("id") or next(iter(text.values()), "")


def choice_labels(dataset_type: str, field_name: str) -> dict[str, str]:
    """{value: label in the user's language} of a schema's choice field."""
    schema = tk.h.scheming_get_dataset_schema(dataset_type) or {}
    for field in schema.get("dataset_fields") or []:
        if field["field_name"] == field_name:
            return {choice["value"]: language_text(choice["label"])
                    for choice in field.get("choices") or []}
    return {}


def label_facet_items(search_results: dict[str, Any]) -> dict[str, Any]:
    """Show choice values by their labels (Kesehatan, not kesehatan) in the
    facets and the active filters."""
    facets = search_results.get("search_facets") or {}
    for name, dataset_type in CHOICE_FACETS.items():
        if name not in facets:
            continue
        labels = choice_labels(dataset_type, name)
        for item in facets[name].get("items") or []:
            item["display_name"] = labels.get(item["name"], item["display_name"])
    return search_results

