"""Auth for the ZIP download of a search: anyone, since each file is
checked for the caller (package_search as the caller, resource_show per
file; see logic/action/downloads.py)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["satudata_search_download"]


@tk.auth_allow_anonymous_access
def satudata_search_download(context: dict[str, Any], data_dict: dict[str, Any]
                             ) -> dict[str, Any]:
    return {"success": True}
