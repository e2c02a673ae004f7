"""The city map of published points.

* ``GET /peta``: the map page (layers per kind, clustering, filters by
  kecamatan and kelurahan, popups, counts, downloads);
* ``GET /peta/titik.geojson``: what the page loads, the light answer of
  ``satudata_map_points`` (same parameters), with an ETag that changes only
  when a layer is published, replaced or withdrawn, and gzip;
* ``GET /peta/unduh.geojson`` and ``/peta/unduh.csv``: the points of the
  visible selection (same parameters) with their attributes, as files.
"""
from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from typing import Any
from urllib.parse import urlencode

import flask_babel
from flask import Blueprint, Response, stream_with_context

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import reference

from ckanext.satudata.maps import filters as map_filters

from ckanext.satudata.maps import query as map_query
from ckanext.satudata.maps import KINDS
from ckanext.satudata.maps.features import csv_chunks, csv_columns
from ckanext.satudata.maps.layers import DATASET_TYPE, city_bbox

maps = Blueprint("satudata_maps", __name__)

#: The symbol of each kind on the map and in its legend: a Font Awesome
#: icon (served by CKAN) on a disc of the kind's colour.
KIND_SYMBOLS = {
    "kantor-kelurahan": {"icon": "fa-building", "color": "#1d4f91"},
    "posyandu": {"icon": "fa-heart-pulse", "color": "#b0205e"},
    "pos-kamling": {"icon": "fa-shield-halved", "color": "#b34700"},
    "rt": {"icon": "fa-house", "color": "#23703a"},
}
FILTER_PARAMS = ("kind", "kecamatan", "kelurahan", "bbox", "dataset")
GZIP_LEVEL = 5
_CACHE_SIZE = 8
_cache: "OrderedDict[tuple, bytes]" = OrderedDict()
_cache_lock = threading.Lock()


def _context() -> dict[str, Any]:
    user = tk.current_user
    return {"user": user.name if user and user.is_authenticated else ""}


def _filter_args() -> dict[str, str]:
    args = tk.request.args
    return {key: ",".join(args.getlist(key)) for key in FILTER_PARAMS if args.get(key)}


def _english() -> bool:
    return tk.h.lang() == "en"


def number_text(value: Any) -> str:
    """A number written in the user's language (1.234 in Indonesian)."""
    return flask_babel.format_decimal(value)


def kind_entries(counts: dict[str, int]) -> list[dict[str, Any]]:
    """The kinds with their label, symbol, attribute labels and point count."""
    english = _english()
    return [{
        "code": code, "label": kind.label_en if english else kind.label_id,
        "count": counts.get(code, 0), "count_text": number_text(counts.get(code, 0)),
        **KIND_SYMBOLS.get(code, {"icon": "fa-location-dot",
                                                                "color": "#555555"}),
        "attributes": {a.name: (a.label_en if english else a.label_id)
                       for a in kind.attributes},
    } for code, kind in KINDS.items()]


def kelurahan_entries() -> list[dict[str, Any]]:
    """Every kelurahan of the reference list, with the URL of its page and,
    when known, where its label goes: the kantor coordinates of its
    organisation, else its published kantor point or the middle of its points."""
    places = map_query.kelurahan_places()
    organizations = {group.name: group for group in model.Session.query(model.Group).filter(
        model.Group.name.in_([k.organization_name for k in reference.all_kelurahan()]),
        model.Group.state == "active")}
    entries = []
    for kelurahan in reference.all_kelurahan():
        place = dict(places.get(kelurahan.kode) or {})
        organization = organizations.get(kelurahan.organization_name)
        if organization is not None:
            try:
                place.update(lat=float(organization.extras["kantor_lat"]),
                             lon=float(organization.extras["kantor_lon"]))
            except (KeyError, TypeError, ValueError):
                pass
        entries.append({
            "code": kelurahan.kode, "name": kelurahan.nama,
            "kecamatan": kelurahan.nama_kecamatan,
            "url": tk.url_for("satudata_kelurahan.read", name=kelurahan.slug),
            "lat": place.get("lat"), "lon": place.get("lon"),
            "points": place.get("points", 0),
        })
    return entries


def map_config(kelurahan: str | None = None) -> dict[str, Any]:
    """What the map module needs (see assets/satudata-map.js). With
    `kelurahan` (a code) the map shows that kelurahan only."""
    min_lon, min_lat, max_lon, max_lat = city_bbox()
    points_args = {"kelurahan": kelurahan} if kelurahan else {}
    return {
        "pointsUrl": tk.url_for("satudata_maps.points", **points_args),
        "detailUrl": tk.url_for("api.action", ver=3, logic_function="satudata_map_points"),
        "datasetUrl": tk.url_for(f"{DATASET_TYPE}.read", id="__name__"),
        "downloadUrls": {"geojson": tk.url_for("satudata_maps.download", fmt="geojson"),
                         "csv": tk.url_for("satudata_maps.download", fmt="csv")},
        "tileUrl": tk.config.get("ckanext.satudata.map.tile_url") or "",
        "tileAttribution": tk.config.get("ckanext.satudata.map.tile_attribution") or "",
        "extent": [[min_lat, min_lon], [max_lat, max_lon]],
        "kelurahan": kelurahan,
        "lang": tk.h.lang(),
        "texts": {
            "count": tk._("{n} titik ditampilkan"),
            "loading": tk._("Memuat titik…"),
            "loadFailed": tk._("Titik peta tidak dapat dimuat. Muat ulang halaman."),
            "noTiles": tk._("Peta dasar tidak dapat dimuat; titik, label kelurahan dan "
                            "saringan tetap dapat dipakai."),
            "dataset": tk._("Lihat dataset"),
            "kelurahan": tk._("Kelurahan"),
            "kecamatan": tk._("Kecamatan"),
            "details": tk._("Memuat rincian…"),
            "noPoints": tk._("Tidak ada titik terbit untuk pilihan ini."),
        },
    }


def page_filters(kinds: list[dict[str, Any]]) -> dict[str, Any]:
    """The filters of the page's URL (also its form's values without JS)."""
    args = tk.request.args
    chosen = [kind for kind in args.getlist("kind") if kind in KINDS]
    kecamatan = args.get("kecamatan") or ""
    kelurahan = args.get("kelurahan") or ""
    return {"kinds": chosen or [kind["code"] for kind in kinds],
            "kecamatan": kecamatan if kecamatan in reference.kecamatan_names() else "",
            "kelurahan": kelurahan if reference.by_code(kelurahan) else ""}


@maps.route("/peta")
def index() -> str:
    """The city map of every published point."""
    tk.check_access("satudata_map_points", _context(), {})
    kinds = kind_entries(map_query.counts_by_kind())
    kelurahan_list = kelurahan_entries()
    total = sum(kind["count"] for kind in kinds)
    filters = page_filters(kinds)
    return tk.render("satudata/map.html", {
        "kinds": kinds,
        "kelurahan_list": kelurahan_list,
        "kecamatan_list": reference.kecamatan_names(),
        "filters": filters,
        "download_query": urlencode(
            [(key, filters[key]) for key in ("kecamatan", "kelurahan") if filters[key]]
            + [("kind", kind) for kind in filters["kinds"]
               if len(filters["kinds"]) < len(kinds)]),
        "total": total,
        "total_text": number_text(total),
        "map_config": dict(map_config(), kinds=kinds, kelurahanList=kelurahan_list),
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
            _context(), dict(args, attributes=attributes))
    except tk.ValidationError as error:
        messages = [m for values in error.error_dict.values() for m in values]
        return tk.abort(400, " ".join(messages))
    return result.encoded_json


@maps.route("/peta/titik.geojson")
def points() -> Response:
    """The published points for the map page, cached by the map's version."""
    args = _filter_args()
    compress = "gzip" in (tk.request.headers.get("Accept-Encoding") or "")
    etag = "peta-{}-{}".format(map_query.version(), "gz" if compress else "id")
    headers = {"ETag": f'"{etag}"', "Vary": "Accept-Encoding"}
    if tk.request.if_none_match.contains(etag):
        return Response(status=304, headers=headers)
    key = (etag, tuple(sorted(args.items())))

    def build() -> bytes:
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
    if fmt == "geojson":
        return Response(_collection_text(args, attributes=True),
                        mimetype="application/geo+json", headers=disposition)
    tk.check_access("satudata_map_points", _context(), args)
    try:
        filters = map_filters.parse_filters(args)
    except tk.ValidationError as error:
        messages = [m for values in error.error_dict.values() for m in values]
        return tk.abort(400, " ".join(messages))
    columns = csv_columns(filters.kinds or KINDS, map_query.attribute_names(filters))
    rows = map_query.iter_rows(filters)
    return Response(stream_with_context(csv_chunks(columns, rows)),
                    mimetype="text/csv", headers=disposition)
