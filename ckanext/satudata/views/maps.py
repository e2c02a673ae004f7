"""The city map of published points.

* ``GET /peta``: the map page (layers per kind, clustering, filters by
  kecamatan and kelurahan, popups, counts, downloads);
* ``GET /peta/titik.geojson``: what the page loads, the light answer of
  ``satudata_map_points`` (same parameters), with an ETag that changes only
  when a layer is published, replaced or withdrawn, and gzip; with ``zoom``
  (and ``bbox``: the viewport), or whenever more points match than
  ``ckanext.satudata.map_cluster_threshold``, the answer of
  ``satudata_map_clusters`` instead (clusters counted by the server, or the
  viewport's points), never every point of a large region;
* ``GET /peta/unduh.geojson`` and ``/peta/unduh.csv``: the points of the
  visible selection (same parameters) with their attributes, as files;
* ``GET /peta/batas.geojson``: the kelurahan boundaries in use (for the home
  page's map and the point layers' previews), with an ETag that changes
  only when new boundaries are used.
"""
from __future__ import annotations

import gzip
import json
import threading
from collections import OrderedDict
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, stream_with_context

import ckan.plugins.toolkit as tk

from ckanext.satudata.web import forms
from ckanext.satudata import config, reference, site
from ckanext.satudata.maps import KINDS
from ckanext.satudata.maps import boundary_layer
from ckanext.satudata.maps import filters as map_filters
from ckanext.satudata.maps import query as map_query
from ckanext.satudata.maps.features import csv_chunks, csv_columns
from ckanext.satudata.maps.page import (
    filter_kelurahan, kecamatan_options, kind_entries, map_config, number_text, page_filters)

maps = Blueprint("satudata_maps", __name__)

FILTER_PARAMS = ("kind", "kabupaten", "kecamatan", "kelurahan", "bbox", "dataset")
GZIP_LEVEL = 5
_CACHE_SIZE = 8
_cache: "OrderedDict[tuple, bytes]" = OrderedDict()
_cache_lock = threading.Lock()


def _filter_args() -> dict[str, str]:
    args = tk.request.args
    return {key: ",".join(args.getlist(key)) for key in FILTER_PARAMS if args.get(key)}


@maps.route("/peta")
def index() -> str:
    """The map of every published point of the region."""
    tk.check_access("satudata_map_points", site.user_context(), {})
    kinds = kind_entries(map_query.counts_by_kind())
    total = sum(kind["count"] for kind in kinds)
    filters = page_filters(kinds)
    kelurahan_list = filter_kelurahan(filters)
    return tk.render("satudata/map.html", {
        "kinds": kinds,
        "kelurahan_list": kelurahan_list,
        "kecamatan_list": kecamatan_options(),
        "region_title": reference.current().title,
        "filters": filters,
        "download_query": urlencode(
            [(key, filters[key]) for key in ("kecamatan", "kelurahan") if filters[key]]
            + [("kind", kind) for kind in filters["kinds"]
               if len(filters["kinds"]) < len(kinds)]),
        "total": total,
        "total_text": number_text(total),
        "map_config": dict(map_config(server_clusters=total > config.map_cluster_threshold()),
                           kinds=kinds, kelurahanList=kelurahan_list),
    })


def _cached(key: tuple, build) -> bytes:
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    body = build()
    with _cache_lock:
        _cache[key] = body
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return body


def _collection_text(args: dict[str, Any], attributes: bool) -> str:
    try:
        result = tk.get_action("satudata_map_points")(
            site.user_context(), dict(args, attributes=attributes))
    except tk.ValidationError as error:
        return tk.abort(400, " ".join(forms.error_messages(error)))
    return result.encoded_json


def _viewport_text(args: dict[str, Any], zoom: str | None) -> str:
    try:
        result = tk.get_action("satudata_map_clusters")(
            site.user_context(), dict(args, zoom=zoom))
    except tk.ValidationError as error:
        return tk.abort(400, " ".join(forms.error_messages(error)))
    return result.encoded_json


def _too_many(args: dict[str, Any]) -> bool:
    """Whether more points match than the map loads at once."""
    try:
        filters = map_filters.parse_filters(args)
    except tk.ValidationError:
        return False  # the action answers with the message
    return map_query.matching_count(filters) > config.map_cluster_threshold()


@maps.route("/peta/titik.geojson")
def points() -> Response:
    """The published points for the map page (or, for a viewport and zoom,
    or when there are too many, what the map shows of them), cached by the
    map's version."""
    args = _filter_args()
    zoom = tk.request.args.get("zoom")
    compress = "gzip" in (tk.request.headers.get("Accept-Encoding") or "")
    etag = "peta-{}-{}".format(map_query.version(), "gz" if compress else "id")
    headers = {"ETag": f'"{etag}"', "Vary": "Accept-Encoding"}
    if tk.request.if_none_match.contains(etag):
        return Response(status=304, headers=headers)
    key = (etag, tuple(sorted(args.items())), zoom)

    def build() -> bytes:
        tk.check_access("satudata_map_points", site.user_context(), args)
        if zoom is not None or _too_many(args):
            data = _viewport_text(args, zoom).encode("utf-8")
        else:
            data = _collection_text(args, attributes=False).encode("utf-8")
        return gzip.compress(data, GZIP_LEVEL) if compress else data

    body = _cached(key, build)
    if compress:
        headers["Content-Encoding"] = "gzip"
    return Response(body, mimetype="application/geo+json", headers=headers)


def _file_name(args: dict[str, str], extension: str) -> str:
    parts = ["titik-peta"]
    for key in ("kelurahan", "kecamatan", "kind"):
        if args.get(key):
            parts.append(reference.slugify(args[key].replace(".", "-").replace(",", "-")))
    return "-".join(parts) + "." + extension


@maps.route("/peta/unduh.<fmt>")
def download(fmt: str) -> Response:
    """The points of the visible selection with their attributes, as a file."""
    if fmt not in ("geojson", "csv"):
        return tk.abort(404, tk._("Format unduhan tidak dikenal."))
    args = _filter_args()
    disposition = {"Content-Disposition": f'attachment; filename="{_file_name(args, fmt)}"'}
    tk.check_access("satudata_map_points", site.user_context(), args)
    try:
        filters = map_filters.parse_filters(args)
    except tk.ValidationError as error:
        return tk.abort(400, " ".join(forms.error_messages(error)))
    if fmt == "geojson":
        # streamed: a file of any size, never built whole in memory
        return Response(stream_with_context(map_query.iter_collection_chunks(filters)),
                        mimetype="application/geo+json", headers=disposition)
    columns = csv_columns(filters.kinds or KINDS, map_query.attribute_names(filters))
    rows = map_query.iter_rows(filters)
    return Response(stream_with_context(csv_chunks(columns, rows)),
                    mimetype="text/csv", headers=disposition)


@maps.route("/peta/batas.geojson")
def boundaries() -> Response:
    """The kelurahan boundaries in use: a FeatureCollection of polygons with
    kode_wilayah, nama_wilayah and label [lat, lon], plus `batas` (false: no
    boundaries, no features) and `batas_resmi`."""
    layer = boundary_layer.map_layer()
    etag = "batas-{}".format(layer["version"] if layer else "tidak-ada")
    headers = {"ETag": f'"{etag}"'}
    if tk.request.if_none_match.contains(etag):
        return Response(status=304, headers=headers)
    answer = dict(layer["features"], batas=True, batas_resmi=layer["official"]) if layer \
        else {"type": "FeatureCollection", "features": [], "batas": False, "batas_resmi": False}
    return Response(json.dumps(answer, separators=(",", ":")),
                    mimetype="application/geo+json", headers=headers)
