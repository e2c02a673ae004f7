"""Auth for open statistics: public, since what they return is computed
from what the caller may see (package_search as the caller); re-reading
the statistics is for sysadmins."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.logic.auth.outcome import SYSADMINS, callers

__all__ = [
    "satudata_indicator_list",
    "satudata_indicator_series",
    "satudata_kelurahan_comparison",
    "satudata_statistics_summary",
    "satudata_indicator_extract",
]


@tk.auth_allow_anonymous_access
def _public(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    return {"success": True}


satudata_indicator_list = _public
satudata_indicator_series = _public
satudata_kelurahan_comparison = _public
satudata_statistics_summary = _public


@callers(SYSADMINS)
def satudata_indicator_extract(context: dict[str, Any], data_dict: dict[str, Any]
                               ) -> dict[str, Any]:
    return {"success": False,
            "msg": tk._("Hanya admin portal yang dapat membaca ulang tabel statistik.")}
