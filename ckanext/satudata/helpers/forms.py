"""Template helpers of the dataset forms: choices, the curators' organisation,
upload templates (CSV and Excel, prefilled for a kelurahan)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata import reference
from ckanext.satudata.catalogue import glue as catalogue
from ckanext.satudata.dataset_types import catalogue_form, words
from ckanext.satudata.helpers import workflow as type_labels
from ckanext.satudata.maps.kinds import KINDS

__all__ = [
    "satudata_kecamatan_choices",
    "satudata_curator_organization",
    "satudata_point_kind_choices",
    "satudata_required_statistic_choices",
    "satudata_upload_template",
    "satudata_kelurahan_templates",
    "satudata_type_guide",
    "satudata_search_result_text",
    "humanize_entity_type",
]


@tk.chained_helper
def humanize_entity_type(next_helper: Any, entity_type: str, object_type: str,
                         purpose: str) -> Any:
    """CKAN's names of a dataset type ("Add Statistik-sektoral"), said in
    words for the portal's types: "Tambah statistik sektoral", "Peta titik"."""
    label = type_labels.dataset_type_label(object_type)
    if entity_type not in ("package", "dataset") or label is None:
        return next_helper(entity_type, object_type, purpose)
    template = words.PURPOSES.get(purpose)
    return words.phrase(tk._(template) if template else None, label)


def satudata_search_result_text(search_type: str | None, count: int,
                                query: str | None = None) -> str | None:
    """The heading of a type's search page ("3 statistik sektoral
    ditemukan"); None for other searches (CKAN's own text)."""
    label = type_labels.dataset_type_label(search_type)
    if label is None:
        return None
    template = words.SEARCH_RESULTS[(bool(count), bool(query))]
    return words.phrase(tk._(template), label,
                        number=tk.h.localised_number(count or 0), query=query or "")


def satudata_type_guide(dataset_type: str | None) -> dict[str, Any] | None:
    """{"label", "sentences"} of the form's sidebar for `dataset_type`."""
    if dataset_type not in words.TYPE_GUIDES:
        return None
    region = reference.current()
    return {"label": type_labels.dataset_type_label(dataset_type),
            "sentences": [region.fill_text(tk._(text))
                          for text in words.TYPE_GUIDES[dataset_type]]}


def satudata_kecamatan_choices(field: dict[str, Any] | None = None
                               ) -> list[dict[str, str]]:
    """Choices for a kecamatan select (scheming's choices_helper, or a
    template): the region's kecamatan, valued by code and labelled by name
    (with the kabupaten/kota where two share it). No schema field uses it
    today (the organisation's kecamatan is filled in from its code); a
    value stored as a name before still shows as itself, since scheming
    shows an unknown choice's value."""
    return [{"value": code, "label": label}
            for code, label in reference.kecamatan_choices()]


def satudata_curator_organization() -> str:
    return config.curator_organization()


def satudata_point_kind_choices(field: dict[str, Any] | None = None
                                ) -> list[dict[str, Any]]:
    """Choices for a peta-titik layer's kind, labelled in both languages."""
    return [{"value": kind.code,
             "label": {"id": kind.label_id, "en": kind.label_en}}
            for kind in KINDS.values()]


def satudata_required_statistic_choices(field: dict[str, Any] | None = None
                                        ) -> list[dict[str, str]]:
    """Choices for a statistic's indicator (`kode_indikator`): every active
    indicator of the walidata's catalogue (the required ones marked), or,
    while the catalogue is empty, the statistics of
    ``ckanext.satudata.required_statistics``."""
    required = {statistic.code: statistic.name for statistic in config.required_statistics()}
    catalogue_names = catalogue.names(active_only=True)
    if not catalogue_names:
        return [{"value": code, "label": name} for code, name in required.items()]
    return [{"value": code, "label": tk._("{name} (wajib)").format(name=name)
             if code in required else name}
            for code, name in sorted(catalogue_names.items(), key=lambda item: item[1].lower())]


def _template_links(name: str, label: str, organization_name: str | None,
                    **extra: str) -> dict[str, str]:
    """The CSV and Excel template `name`, prefilled for the kelurahan whose
    organisation is `organization_name` (when it is one of the reference
    list); `extra`: more of the query (``indikator``)."""
    kelurahan = reference.by_organization_name(organization_name or "")
    query = {"kelurahan": kelurahan.organization_name} if kelurahan else {}
    query.update(extra)
    return {"url": tk.url_for("satudata_templates.download", name=name, **query),
            "xlsx_url": tk.url_for("satudata_templates.download_xlsx", name=name, **query),
            "label": label}


def satudata_upload_template(package_id_or_name: str | None
                             ) -> dict[str, str] | None:
    """The templates for uploads to this dataset: {"url" (CSV), "xlsx_url",
    "label"}, prefilled for the dataset's kelurahan."""
    package = model.Package.get(package_id_or_name) if package_id_or_name else None
    if package is None:
        return None
    if package.type == "peta-titik":
        kind = KINDS.get(package.extras.get("jenis_titik", ""))
        if kind is None:
            return None
        name = kind.code
        label = kind.label_en if tk.h.lang() == "en" else kind.label_id
    elif package.type in ("statistik-sektoral", "profil-kelurahan"):
        name = package.type
        label = tk._("statistik sektoral") if name == "statistik-sektoral" \
            else reference.current().fill_text(tk._("profil {jenis}"))
    else:
        return None
    owner = model.Group.get(package.owner_org) if package.owner_org else None
    extra = {}
    if name == "statistik-sektoral":
        # A statistic of a catalogue indicator: that indicator's template.
        entry = catalogue_form.indicator(package.extras.get("kode_indikator"))
        if entry is not None:
            extra["indikator"] = entry["kode"]
            label = entry.get("nama") or label
    return _template_links(name, label, owner.name if owner else None, **extra)


def satudata_kelurahan_templates(organization_name: str) -> list[dict[str, str]]:
    """Every upload template (dataset types, then point kinds), prefilled for
    the kelurahan of `organization_name`: [{"url", "xlsx_url", "label"}]."""
    english = tk.h.lang() == "en"
    found = reference.by_organization_name(organization_name)
    jenis = found.jenis if found is not None else "kelurahan"

    def kind_label(kind: Any) -> str:
        if kind.code == "kantor-kelurahan" and jenis != "kelurahan":
            return tk._("Kantor {jenis}").format(jenis=jenis)
        return kind.label_en if english else kind.label_id

    links = [_template_links(name, tk.h.satudata_dataset_type_label(name), organization_name)
             for name in ("statistik-sektoral", "profil-kelurahan")]
    links += [_template_links(kind.code, kind_label(kind), organization_name)
              for kind in KINDS.values()]
    return links
