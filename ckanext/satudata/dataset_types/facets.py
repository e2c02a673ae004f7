"""Search facets and the fields behind them.

Planners filter by sector (`bidang_urusan`), kecamatan, desa/kelurahan,
year (`tahun`), update frequency (`frekuensi`) and file format; signed-in
users also by review state. Scheming's fields are indexed by CKAN under their
own name (the extras land in Solr's dynamic `*` string field: facetable as
they are, no schema change); added here from the owning organisation:
`kode_kabupaten`, `kode_kecamatan` and `kode_kelurahan` (codes: the facets
filter by code, so two kecamatan named Wates are two entries, shown by
label), `kecamatan` and `kelurahan` (names, kept for older links such as
``?kecamatan=Mojoroto``), and `satudata_published_date` (when the dataset was
published) for sorting the latest published datasets. A dataset indexed
before these fields existed has none of them: ``ckan search-index rebuild``.
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
    ("kode_kecamatan", N_("Kecamatan")),
    ("kode_kelurahan", N_("Kelurahan")),
    ("tahun", N_("Tahun")),
    ("frekuensi", N_("Frekuensi")),
    ("res_format", N_("Format")),
)

#: Facets whose values are choices of a dataset schema: shown by label.
CHOICE_FACETS = {"bidang_urusan": "statistik-sektoral", "frekuensi": "statistik-sektoral"}


def _organization(owner_org: str | None) -> model.Group | None:
    return model.Group.get(owner_org) if owner_org else None


def _extras(organization: model.Group) -> dict[str, str]:
    return dict(organization.extras or {})


def _kelurahan(organization: model.Group, extras: dict[str, str]
               ) -> reference.Kelurahan | None:
    return reference.by_organization_name(organization.name) \
        or reference.by_code(extras.get("kode_wilayah") or "")


def kecamatan_of(owner_org: str | None) -> str | None:
    organization = _organization(owner_org)
    return _extras(organization).get("kecamatan") if organization else None


def kelurahan_of(owner_org: str | None) -> str | None:
    """The name of the desa/kelurahan that owns the dataset (None for the
    region's agencies)."""
    organization = _organization(owner_org)
    if organization is None:
        return None
    found = _kelurahan(organization, _extras(organization))
    return found.nama if found else None


def area_fields(owner_org: str | None) -> dict[str, str]:
    """The area fields of a dataset owned by `owner_org`, from its
    organisation's extras, else from the reference entry of its desa/
    kelurahan: kode_kabupaten, kode_kecamatan, kecamatan, kode_kelurahan,
    kelurahan (only those known; {} for an organisation without area)."""
    organization = _organization(owner_org)
    if organization is None:
        return {}
    extras = _extras(organization)
    found = _kelurahan(organization, extras)
    fields = {
        "kode_kabupaten": extras.get("kode_kabupaten") or (found.kode_kabupaten if found else ""),
        "kode_kecamatan": extras.get("kode_kecamatan") or (found.kode_kecamatan if found else ""),
        "kecamatan": extras.get("kecamatan") or (found.nama_kecamatan if found else ""),
        "kode_kelurahan": found.kode if found else "",
        "kelurahan": found.nama if found else "",
    }
    return {name: value for name, value in fields.items() if value}


def index_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Add what the facets and sorting need to a dataset being indexed."""
    pkg_dict.update(area_fields(pkg_dict.get("owner_org")))
    status = DatasetStatus.get(pkg_dict["id"])
    if status is not None and status.state == TERBIT:
        pkg_dict[PUBLISHED_DATE] = status.updated.replace(microsecond=0).isoformat() + "Z"
    return pkg_dict


def dataset_facets(facets_dict: OrderedDict) -> OrderedDict:
    """Ours first, then core's (organisation, group, tag, licence); the
    review state only for signed-in users (the public sees published
    datasets only)."""
    ordered: OrderedDict = OrderedDict()
    for name, title in FACETS:
        if name == "kode_kecamatan" and len(reference.current().regencies) > 1:
            ordered["kode_kabupaten"] = tk._("Kabupaten/kota")
        ordered[name] = kelurahan_facet_title() if name == "kode_kelurahan" else tk._(title)
    for name, title in facets_dict.items():
        ordered.setdefault(name, title)
    if tk.current_user.is_authenticated:
        ordered["satudata_status"] = tk._("Status")
    return ordered


def kelurahan_facet_title() -> str:
    """"Kelurahan", "Desa" or "Desa/Kelurahan", as the region holds."""
    kinds = reference.current().jenis_plural
    if kinds == "desa":
        return tk._("Desa")
    if kinds == "kelurahan":
        return tk._("Kelurahan")
    return tk._("Desa/Kelurahan")


def kecamatan_facet_label(kode: str) -> str | None:
    """"Wates (Kabupaten Blitar)" for 35.05.20; None for a code outside the
    region."""
    found = reference.kecamatan_by_code(kode)
    return reference.kecamatan_label(found) if found else None


def kelurahan_facet_label(kode: str) -> str | None:
    """The desa/kelurahan's name, with its kecamatan (and kabupaten/kota when
    the region has several) when another desa/kelurahan has the same name;
    None for a code outside the region."""
    region = reference.current()
    found = region.by_code(kode)
    if found is None:
        return None
    if region.by_name(found.nama) is not None:
        return found.nama
    if len(region.regencies) > 1:
        return f"{found.nama} (Kec. {found.nama_kecamatan}, {found.nama_kabupaten})"
    return f"{found.nama} (Kec. {found.nama_kecamatan})"


def kabupaten_facet_label(kode: str) -> str | None:
    """"Kabupaten Blitar" for 35.05; None for a code outside the region."""
    return next((a.title for a in reference.current().regencies if a.kode == kode), None)


#: Facets of codes, shown by the label of the code.
CODE_FACETS = {"kode_kabupaten": kabupaten_facet_label,
               "kode_kecamatan": kecamatan_facet_label,
               "kode_kelurahan": kelurahan_facet_label}


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
    for name, label_of in CODE_FACETS.items():
        for item in (facets.get(name) or {}).get("items") or []:
            item["display_name"] = label_of(item["name"]) or item["display_name"]
    return search_results

