"""Translation marker for the user-facing messages of the geo package.

The geo package never imports CKAN at module level, so that it can be used
(and unit-tested) without a CKAN application. `_` asks CKAN's gettext when it
is importable and usable, and otherwise returns the Indonesian source text.
"""
from __future__ import annotations


def _(text: str) -> str:
    """Marks a user-facing string for extraction; translated by the caller's gettext when available."""
    try:
        from ckan.plugins.toolkit import _ as ckan_gettext  # lazy: pure unit tests don't need CKAN
        return ckan_gettext(text)
    except Exception:
        return text
