"""The city map's API: published points as GeoJSON."""
from __future__ import annotations

import functools
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.lazyjson import LazyJSONObject

from ckanext.satudata import config
from ckanext.satudata.maps import filters as map_filters
from ckanext.satudata.maps import query as map_query
from ckanext.satudata.logic import params

__all__ = ["satudata_map_points", "satudata_map_clusters"]

#: The most points satudata_map_points answers without `limit` when more
#: than the cluster threshold match (with attributes, about 0.5 to 1 MB:
#: bench/province.py measured 2.01 MB for 2,000 points).
UNPAGED_MAX = 1000


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
    :param kecamatan: kecamatan, each as its Kemendagri code (``35.71.02``)
        or a name only one kecamatan of the region has (any case).
    :type kecamatan: text_list
    :param kabupaten: kabupaten/kota of the region, each as its Kemendagri
        code (``35.06``).
    :type kabupaten: text_list
    :param kelurahan: desa/kelurahan, each as its Kemendagri code
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
    :param limit: a page of the points, in id order: its size. Without it,
        when more points match than ``ckanext.satudata.map_cluster_threshold``
        (5,000 by default), the answer is the first page of that many, and
        at most 1,000 (``total`` tells how many match: ask the next pages
        with ``offset``, or use ``satudata_map_clusters`` to draw them).
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
    if limit is None and map_query.matching_count(filters) > config.map_cluster_threshold():
        # never the whole of a province in one answer: a page, with `total`
        limit = min(config.map_cluster_threshold(), UNPAGED_MAX)
    # The collection is built as text in PostgreSQL from the stored features
    # and handed to the API's JSON encoder as is (a dict for Python callers).
    return LazyJSONObject(map_query.feature_collection(
        filters, attributes=attributes, limit=limit, offset=offset))


@tk.side_effect_free
@params.reads(zoom=functools.partial(params.non_negative_int, maximum=map_query.MAX_ZOOM))
def satudata_map_clusters(context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    """What a map shows of the published points at a zoom level, for a
    viewport: the points themselves when few match, else clusters counted
    in the database (a grid of cells about 60 pixels wide at that zoom).
    Only points of published point layers are counted, as in
    ``satudata_map_points``.

    Anyone may call it (no login needed). All parameters are optional; a
    list may be given as a JSON list or as comma-separated text.

    :param zoom: the map's zoom level, 0 to 22 (Web Mercator tiles of 256
        pixels, as Leaflet and OpenStreetMap count it; default 10).
    :type zoom: int
    :param bbox: the viewport, ``min_lon,min_lat,max_lon,max_lat`` (WGS 84;
        default the whole region). It is widened to whole cells.
    :type bbox: text
    :param kind: kinds of point (``kantor-kelurahan``, ``posyandu``,
        ``pos-kamling``, ``rt``).
    :type kind: text_list
    :param kecamatan: kecamatan, each as its Kemendagri code (``35.71.02``)
        or a name only one kecamatan of the region has.
    :type kecamatan: text_list
    :param kabupaten: kabupaten/kota of the region, each as its Kemendagri
        code (``35.06``).
    :type kabupaten: text_list
    :param kelurahan: desa/kelurahan, each as its Kemendagri code, its
        organisation's name or its name.
    :type kelurahan: text_list
    :param dataset: dataset ids or names.
    :type dataset: text_list
    :returns: a GeoJSON FeatureCollection with ``clustered`` (true: the
        features are clusters), ``total`` (points matching in the
        viewport), ``count`` (features), ``kinds`` (``{kind: points}``),
        ``zoom``, ``cell`` (a cell's side in degrees) and ``bbox`` (the
        viewport as counted, or null). When clustered, each feature is a
        Point at the centroid of a cell's points with properties
        ``cluster`` (true), ``count``, ``kinds`` (``{kind: points}``) and
        ``bbox`` (``[min_lon, min_lat, max_lon, max_lat]`` of its points);
        otherwise, when at most ``ckanext.satudata.map_cluster_threshold``
        points match, the features are the points as
        ``satudata_map_points`` gives them with ``attributes`` false.
    """
    tk.check_access("satudata_map_clusters", context, data_dict)
    filters = map_filters.parse_filters(data_dict)
    zoom = data_dict.get("zoom")
    return LazyJSONObject(map_query.viewport_collection(
        filters, 10 if zoom is None else zoom, config.map_cluster_threshold()))
