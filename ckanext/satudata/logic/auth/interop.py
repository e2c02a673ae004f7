"""Auth for the statistics in JSON-stat: public, like the indicator page
(what it returns is computed from what the caller may see)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["satudata_indicator_jsonstat"]


@tk.auth_allow_anonymous_access
def satudata_indicator_jsonstat(context: dict[str, Any], data_dict: dict[str, Any]
                                ) -> dict[str, Any]:
    return {"success": True}
