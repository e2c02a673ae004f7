"""Auth for the reference data actions."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.logic.auth.outcome import SYSADMINS, callers

__all__ = ["satudata_kelurahan_list", "satudata_reference_organizations_load"]

_ = tk._


@tk.auth_allow_anonymous_access
def satudata_kelurahan_list(context: dict[str, Any],
                            data_dict: dict[str, Any]) -> dict[str, Any]:
    return {"success": True}


@callers(SYSADMINS)
def satudata_reference_organizations_load(
        context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    return {"success": False,
            "msg": _("Hanya admin portal yang dapat memuat data referensi.")}
