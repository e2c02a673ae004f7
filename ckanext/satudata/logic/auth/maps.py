"""Auth for the city map: published points are public."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["satudata_map_points"]


@tk.auth_allow_anonymous_access
def satudata_map_points(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    # Only published layers are served (see map_points), so anyone may ask.
    return {"success": True}
