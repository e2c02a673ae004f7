"""Template helpers of the catalogue formats (DCAT, schema.org)."""
from __future__ import annotations

from typing import Any

from ckanext.satudata.interop import dcat_profile

__all__ = ["satudata_structured_data"]


def satudata_structured_data(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """The schema.org JSON-LD document of a dataset page, for
    ``h.satudata_json`` (see ``dcat_profile.dataset_json_ld``)."""
    return dcat_profile.dataset_json_ld(pkg_dict)
