"""Template helpers."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import reference
from ckanext.satudata.geo.kinds import KINDS


__all__ = [
    "satudata_kecamatan_choices",
    "satudata_curator_organization",
    "satudata_point_kind_choices",
]


def satudata_kecamatan_choices(field: dict[str, Any] | None = None
                               ) -> list[dict[str, str]]:
    """Choices for the kecamatan select (used by scheming's choices_helper)."""
    return [{"value": name, "label": name}
            for name in reference.kecamatan_names()]


def satudata_curator_organization() -> str:
    return tk.config.get("ckanext.satudata.curator_organization")


def satudata_point_kind_choices(field: dict[str, Any] | None = None
                                ) -> list[dict[str, Any]]:
    """Choices for a peta-titik layer's kind, labelled in both languages."""
    return [{"value": kind.code,
             "label": {"id": kind.label_id, "en": kind.label_en}}
            for kind in KINDS.values()]
