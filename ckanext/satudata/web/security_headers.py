"""Security headers on every response of the portal (registered once, in
plugin.py, as a Flask after_request function).

* ``Content-Security-Policy``: everything from the portal itself; images
  also from the map's tile server (``ckanext.spatial.common_map.custom_url``)
  and ``data:`` URLs (Leaflet's icons); no plugins, no framing by other
  sites, forms only to the portal. Scripts only from the portal's files:
  no inline ``<script>`` and no ``onclick=`` handlers, so text that slipped
  through escaping still cannot run. Two ways out, both asked for by the
  template that needs them, never by the content:

  - ``h.satudata_csp_nonce()`` gives the page a nonce for one inline script
    written by a template (CKAN's resource views pass the resource to their
    JavaScript so);
  - ``h.satudata_csp_inline_scripts()`` lets the page run inline scripts:
    only for CKAN core templates that use ``onclick=``/``onchange=``
    handlers (the resource upload field, the API token list, the DataTables
    preview), see templates/ overriding them.

  Styles may be inline (``style=`` attributes: bar widths, map symbols'
  colours, Leaflet's positions), which cannot run script.
* ``X-Content-Type-Options: nosniff``, ``Referrer-Policy:
  strict-origin-when-cross-origin``, ``X-Frame-Options: SAMEORIGIN``.
"""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import g, has_request_context

import ckan.plugins.toolkit as tk

_NONCE = "_satudata_csp_nonce"
_INLINE = "_satudata_csp_inline"


def csp_nonce() -> str:
    """The nonce of this response's Content-Security-Policy (made on first
    use, one per request)."""
    nonce = getattr(g, _NONCE, None)
    if nonce is None:
        nonce = secrets.token_urlsafe(18)
        setattr(g, _NONCE, nonce)
    return nonce


def allow_inline_scripts() -> str:
    """Lets this response run inline scripts and event handlers (for a CKAN
    core template that has them). Returns "" so a template can call it in
    an expression."""
    setattr(g, _INLINE, True)
    return ""


def tile_source() -> str | None:
    """The origin of the map's tile server, as a CSP source (``{s}``
    subdomains become a wildcard), or None when not configured."""
    # A default: the option is ckanext-spatial's, undeclared (no warning per request).
    url = tk.config.get("ckanext.spatial.common_map.custom_url", "") or ""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc.replace("{s}", "*")
    if "{" in host or "}" in host:
        return None
    return f"{parts.scheme}://{host}"


def content_security_policy(nonce: str | None = None, inline_scripts: bool = False) -> str:
    script = ["'self'"]
    if inline_scripts:
        # A nonce would make browsers ignore 'unsafe-inline'.
        script.append("'unsafe-inline'")
    elif nonce:
        script.append(f"'nonce-{nonce}'")
    images = ["'self'", "data:"]
    tiles = tile_source()
    if tiles:
        images.append(tiles)
    directives = {
        "default-src": ["'self'"],
        "script-src": script,
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def add_headers(response):
    """Flask after_request: the security headers (kept if a view set its own)."""
    nonce = inline = None
    if has_request_context():
        nonce = getattr(g, _NONCE, None)
        inline = getattr(g, _INLINE, False)
    headers = response.headers
    headers.setdefault("Content-Security-Policy",
                       content_security_policy(nonce, bool(inline)))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response


def register(app):
    """Adds the headers to every response of the Flask `app`."""
    app.after_request(add_headers)
    return app
