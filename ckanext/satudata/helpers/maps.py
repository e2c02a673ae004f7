"""Template helpers of the map widgets and the kelurahan pages."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.satudata import config, reference

__all__ = [
    "satudata_city_extent",
    "satudata_kelurahan_page_url",
]


def satudata_city_extent() -> list[list[float]]:
    """The city's extent as [[south, west], [north, east]], for map widgets."""
    min_lon, min_lat, max_lon, max_lat = config.city_bbox()
    return [[min_lat, min_lon], [max_lat, max_lon]]


def satudata_kelurahan_page_url(organization_name: str | None) -> str | None:
    """The URL of the kelurahan page (profile, map, datasets) of a kelurahan
    organisation, or None for other organisations."""
    kelurahan = reference.by_organization_name(organization_name or "")
    return tk.url_for("satudata_kelurahan.read", name=kelurahan.slug) if kelurahan else None
