"""Helpers of the dataset search page."""
from __future__ import annotations

from typing import Any, Iterable
from urllib.parse import urlencode

import ckan.plugins.toolkit as tk
from ckan.common import request

__all__ = ["satudata_facet_links"]


def _encoded(params: Iterable[tuple[str, Any]]) -> str:
    return urlencode([(key, value.encode("utf-8") if isinstance(value, str) else str(value))
                      for key, value in params])


def satudata_facet_links(name: str, items: list[dict[str, Any]],
                         extras: dict[str, Any] | None = None,
                         alternative_url: str | None = None) -> list[tuple[dict[str, Any], str]]:
    """(item, href) for each item of a facet: an active item's link removes
    its filter, another's adds it, keeping the other parameters of the
    request but its page (the links of CKAN's add_url_param and
    remove_url_param, with the page's address made once)."""
    base = tk.h.add_url_param(alternative_url=alternative_url, extras=extras).split("?")[0]
    current = [(key, value) for key, value in request.args.items(multi=True) if key != "page"]
    links = []
    for item in items:
        if item.get("active"):
            params = list(current)
            if (name, item["name"]) in params:
                params.remove((name, item["name"]))
        else:
            params = current + [(name, item["name"])]
        links.append((item, f"{base}?{_encoded(params)}" if params else base))
    return links
