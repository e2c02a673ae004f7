"""Reading action parameters the way every action of the portal reads them."""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk


def non_negative_int(data_dict: dict[str, Any], key: str) -> Optional[int]:
    """``data_dict[key]`` as a whole number 0 or more; None when absent or
    empty. Anything else is a ValidationError naming the parameter."""
    raw = data_dict.get(key)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = -1
    if value < 0:
        raise tk.ValidationError({key: [tk._(
            "{name} harus berupa bilangan bulat tidak negatif.").format(name=key)]})
    return value
