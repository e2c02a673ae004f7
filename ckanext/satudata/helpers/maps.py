"""Template helpers of the map widgets and the kelurahan pages."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from typing import Any

from ckanext.satudata import config, reference, site
from ckanext.satudata.maps import editing

__all__ = [
    "satudata_city_extent",
    "satudata_kelurahan_page_url",
    "satudata_point_entry_url",
    "satudata_point_changes",
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


def satudata_point_entry_url(pkg_dict: dict[str, Any]) -> str | None:
    """The point entry page ("Tambah / pindahkan titik") of a point layer,
    for a user who may use it; else None."""
    if not editing.is_point_layer(pkg_dict):
        return None
    try:
        tk.check_access("satudata_point_edit", site.user_context(), {"id": pkg_dict["id"]})
    except tk.NotAuthorized:
        return None
    return tk.url_for("satudata_point_editing.page", id=pkg_dict["name"])


def satudata_point_changes(pkg_dict: dict[str, Any]) -> dict[str, Any] | None:
    """For the review panel: what the unpublished version of a point
    layer's file changes (maps/editing.review_changes) with the map's tile
    source and extent, for the layer's kelurahan and the curators; None for
    everyone else, other datasets and layers without such an edit."""
    if not editing.is_point_layer(pkg_dict):
        return None
    try:
        tk.check_access("satudata_revision_changes", site.user_context(),
                        {"id": pkg_dict["id"]})
    except tk.NotAuthorized:
        return None
    changes = editing.review_changes(pkg_dict)
    if changes is None:
        return None
    return dict(changes, tileUrl=config.map_tile_url(),
                tileAttribution=config.map_tile_attribution(),
                extent=satudata_city_extent())
