"""The city map's API: published points as GeoJSON."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.lazyjson import LazyJSONObject

from ckanext.satudata.maps import filters as map_filters

from ckanext.satudata.maps import query as map_query
from ckanext.satudata.logic import params

__all__ = ["satudata_map_points"]


@tk.side_effect_free
@params.reads(attributes=params.boolean(default=True), limit=params.non_negative_int,
               offset=params.non_negative_int)
def satudata_map_points(context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    """The points of every published point layer (`peta-titik`), as a GeoJSON
    FeatureCollection. Drafts, submitted, returned and withdrawn layers never
    appear, whoever asks.

    Anyone may call it (no login needed). All parameters are optional; a
    list may be given as a JSON list or as comma-separated text.

    :param kind: kinds of point (``kantor-kelurahan``, ``posyandu``,
        ``pos-kamling``, ``rt``; e.g. ``posyandu``).
    :type kind: text_list
    :param kecamatan: kecamatan names (any case).
    :type kecamatan: text_list
    :param kelurahan: kelurahan, each as its Kemendagri code
        (``35.71.02.1002``), organisation name (``kelurahan-balowerti``) or
        name.
    :type kelurahan: text_list
    :param bbox: ``min_lon,min_lat,max_lon,max_lat`` (WGS 84).
    :type bbox: text
    :param dataset: dataset ids or names.
    :type dataset: text_list
    :param id: point ids.
    :type id: text_list
    :param attributes: false to leave out each point's attributes and
        kelurahan name (a lighter answer, as the map page loads it).
    :param limit: a page of the points, in id order: its size.
    :param offset: the first point of the page.
    :returns: a FeatureCollection. Each feature has ``id`` (valid until its
        layer is published again) and properties ``kind``, ``name``,
        ``dataset`` (the dataset's name), ``kelurahan`` (Kemendagri code),
        ``kecamatan``, and unless ``attributes`` is false, ``kelurahan_name``
        and ``attributes`` (the point's attributes, named as in the upload
        templates). The collection also has ``count`` (features returned),
        ``total`` (points matching, whatever the limit) and ``datasets``:
        ``{name: {title, kind, kelurahan, kecamatan, count}}`` for the layers
        the matching points belong to.
    """
    tk.check_access("satudata_map_points", context, data_dict)
    filters = map_filters.parse_filters(data_dict)
    attributes = data_dict["attributes"]
    limit = data_dict.get("limit")
    offset = data_dict.get("offset") or 0
    # The collection is built as text in PostgreSQL from the stored features
    # and handed to the API's JSON encoder as is (a dict for Python callers).
    return LazyJSONObject(map_query.feature_collection(
        filters, attributes=attributes, limit=limit, offset=offset))
