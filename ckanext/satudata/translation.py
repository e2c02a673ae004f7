"""Marking user-facing text for translation, for the whole package.

Two markers, both found by the catalogue's extraction (`pybabel extract`
knows `_` and `N_`):

* ``N_(text)`` marks text that is translated later, where it is shown (the
  labels of states, the messages of findings kept in tables): it returns
  the text unchanged;
* ``_(text)`` translates now when CKAN's gettext is usable (in a request or
  a CKAN command), and otherwise returns the Indonesian source text.

Plain Python: the cores that import these markers (workflow states, the
privacy scanner, the map file checks) stay usable and testable without a
CKAN application; CKAN is only looked up when `_` is called.
"""
from __future__ import annotations


def N_(text: str) -> str:
    """Marks `text` for extraction into the translation catalogue; returns it unchanged."""
    return text


def _(text: str) -> str:
    """`text` in the user's language when CKAN's gettext is usable, else as written."""
    try:
        from ckan.plugins.toolkit import _ as ckan_gettext  # looked up at call time
        return ckan_gettext(text)
    except Exception:  # no CKAN, or no application to translate with
        return text
