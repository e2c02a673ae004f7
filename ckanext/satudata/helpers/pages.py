"""Template helpers of output encoding and the Content-Security-Policy."""
from __future__ import annotations

from typing import Any

from ckanext.satudata.web import security_headers
from ckanext.satudata.web.page_json import script_json

__all__ = [
    "satudata_json",
    "satudata_csp_nonce",
    "satudata_csp_inline_scripts",
]


def satudata_json(value: Any) -> Any:
    """`value` as JSON for the inside of a ``<script>`` element (``<``,
    ``>``, ``&`` escaped, see page_json): the only way a template writes
    JSON into an element."""
    return script_json(value)


def satudata_csp_nonce() -> str:
    """The nonce that lets one inline script written by a template run
    under this page's Content-Security-Policy (see security_headers)."""
    return security_headers.csp_nonce()


def satudata_csp_inline_scripts() -> str:
    """Called by an overridden CKAN core template that has inline event
    handlers: lets this page run inline scripts (see security_headers)."""
    return security_headers.allow_inline_scripts()
