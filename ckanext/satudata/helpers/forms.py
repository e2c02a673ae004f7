"""Template helpers of the dataset forms: choices, the curators' organisation,
upload templates (CSV and Excel, prefilled for a kelurahan)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata import reference
from ckanext.satudata.maps.kinds import KINDS

__all__ = [
    "satudata_kecamatan_choices",
    "satudata_curator_organization",
    "satudata_point_kind_choices",
    "satudata_required_statistic_choices",
    "satudata_upload_template",
    "satudata_kelurahan_templates",
]


def satudata_kecamatan_choices(field: dict[str, Any] | None = None
                               ) -> list[dict[str, str]]:
    """Choices for the kecamatan select (used by scheming's choices_helper)."""
    return [{"value": name, "label": name}
            for name in reference.kecamatan_names()]


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
    """Choices for a statistic's required indicator (`kode_indikator`): the
    statistics of ``ckanext.satudata.required_statistics``."""
    return [{"value": statistic.code, "label": statistic.name}
            for statistic in config.required_statistics()]


def _template_links(name: str, label: str, organization_name: str | None
                    ) -> dict[str, str]:
    """The CSV and Excel template `name`, prefilled for the kelurahan whose
    organisation is `organization_name` (when it is one of the reference list)."""
    kelurahan = reference.by_organization_name(organization_name or "")
    query = {"kelurahan": kelurahan.organization_name} if kelurahan else {}
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
            else tk._("profil kelurahan")
    else:
        return None
    owner = model.Group.get(package.owner_org) if package.owner_org else None
    return _template_links(name, label, owner.name if owner else None)


def satudata_kelurahan_templates(organization_name: str) -> list[dict[str, str]]:
    """Every upload template (dataset types, then point kinds), prefilled for
    the kelurahan of `organization_name`: [{"url", "xlsx_url", "label"}]."""
    english = tk.h.lang() == "en"
    links = [_template_links(name, tk.h.satudata_dataset_type_label(name), organization_name)
             for name in ("statistik-sektoral", "profil-kelurahan")]
    links += [_template_links(kind.code, kind.label_en if english else kind.label_id,
                              organization_name)
              for kind in KINDS.values()]
    return links
