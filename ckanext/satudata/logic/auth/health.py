"""Auth for the health report: anyone (it holds no secret)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["satudata_health"]


@tk.auth_allow_anonymous_access
def satudata_health(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    return {"success": True}
