"""Auth for the indicator catalogue: anyone reads it, curators keep it."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.logic.auth.outcome import curators_only
from ckanext.satudata.translation import N_

__all__ = ["satudata_indicator_catalog_list", "satudata_indicator_catalog_show",
           "satudata_indicator_catalog_create", "satudata_indicator_catalog_update",
           "satudata_indicator_catalog_delete"]

_KEEP = N_("Hanya kurator yang dapat mengubah katalog indikator.")


@tk.auth_allow_anonymous_access
def satudata_indicator_catalog_list(context: dict[str, Any],
                                    data_dict: dict[str, Any]) -> dict[str, Any]:
    return {"success": True}


@tk.auth_allow_anonymous_access
def satudata_indicator_catalog_show(context: dict[str, Any],
                                    data_dict: dict[str, Any]) -> dict[str, Any]:
    return {"success": True}


satudata_indicator_catalog_create = curators_only(_KEEP)
satudata_indicator_catalog_update = curators_only(_KEEP)
satudata_indicator_catalog_delete = curators_only(_KEEP)
