"""Auth for completeness: the matrix is for curators, the summary for everyone."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.satudata.logic.auth.outcome import CURATORS, callers
from ckanext.satudata.workflow import roles

__all__ = ["satudata_completeness", "satudata_completeness_summary"]


@callers(CURATORS)
def satudata_completeness(context, data_dict):
    if roles.is_curator(context.get("user")):
        return {"success": True}
    return {"success": False, "msg": tk._(
        "Dasbor kelengkapan data hanya dapat dibuka oleh kurator.")}


@tk.auth_allow_anonymous_access
def satudata_completeness_summary(context, data_dict):
    # Computed from published data only.
    return {"success": True}
