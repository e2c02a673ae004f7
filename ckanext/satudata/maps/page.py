"""What the map pages show (the city map, a kelurahan's map): the kinds with
their symbols and counts, the kelurahan with their label places, the map
module's configuration and the page's filters. Glue shared by the views of
the map and of the kelurahan pages."""
from __future__ import annotations

from typing import Any

import flask_babel

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata import reference
from ckanext.satudata.maps import KINDS
from ckanext.satudata.maps import boundary_layer
from ckanext.satudata.maps import query as map_query
from ckanext.satudata.maps.layers import DATASET_TYPE
from ckanext.satudata.statistics import thematic_maps

#: The symbol of each kind on the map and in its legend: a Font Awesome
#: icon (served by CKAN) on a disc of the kind's colour.
KIND_SYMBOLS = {
    "kantor-kelurahan": {"icon": "fa-building", "color": "#1d4f91"},
    "posyandu": {"icon": "fa-heart-pulse", "color": "#b0205e"},
    "pos-kamling": {"icon": "fa-shield-halved", "color": "#b34700"},
    "rt": {"icon": "fa-house", "color": "#23703a"},
}

def _english() -> bool:
    return tk.h.lang() == "en"


def number_text(value: Any) -> str:
    """A number written in the user's language (1.234 in Indonesian)."""
    return flask_babel.format_decimal(value)


def jenis_title(jenis: str) -> str:
    """"Kelurahan", "Desa" or "Desa/kelurahan" for `jenis` ("kelurahan",
    "desa" or "desa/kelurahan")."""
    if jenis == "kelurahan":
        return tk._("Kelurahan")
    return tk._("Desa") if jenis == "desa" else tk._("Desa/kelurahan")


def _kind_label(code: str, kind: Any, english: bool, jenis: str) -> str:
    """The label of `kind`; the office of a desa is a "Kantor desa" (the
    kind's code stays ``kantor-kelurahan``)."""
    if code == "kantor-kelurahan" and jenis != "kelurahan":
        return tk._("Kantor {jenis}").format(jenis=jenis)
    return kind.label_en if english else kind.label_id


def kind_entries(counts: dict[str, int], jenis: str | None = None) -> list[dict[str, Any]]:
    """The kinds with their label, symbol, attribute labels and point count;
    `jenis` ("desa", "kelurahan" or "desa/kelurahan", by default the
    region's) names the office kind."""
    english = _english()
    jenis = jenis or reference.current().jenis_plural
    return [{
        "code": code, "label": _kind_label(code, kind, english, jenis),
        "count": counts.get(code, 0), "count_text": number_text(counts.get(code, 0)),
        **KIND_SYMBOLS.get(code, {"icon": "fa-location-dot",
                                                                "color": "#555555"}),
        "attributes": {a.name: (a.label_en if english else a.label_id)
                       for a in kind.attributes},
    } for code, kind in KINDS.items()]


KELURAHAN_EMBED_MAX = 500
"""Up to this many desa/kelurahan in the region (a kabupaten has a few
hundred), the map page embeds them all (labels, the filter's choices);
above it (a province: thousands) only those of the chosen kecamatan, the
others being loaded by the page when a kecamatan is chosen."""


def embeds_every_kelurahan() -> bool:
    """Whether the map page embeds every desa/kelurahan of the region."""
    return len(reference.current().kelurahan) <= KELURAHAN_EMBED_MAX


def kelurahan_entries(codes: Any = None) -> list[dict[str, Any]]:
    """Every kelurahan of the reference list (or those of `codes`), with the
    URL of its page and, when known, where its label goes: the kantor
    coordinates of its organisation, else its published kantor point or the
    middle of its points."""
    region = reference.current()
    wanted = region.kelurahan if codes is None else tuple(
        found for found in (region.by_code(code) for code in codes) if found is not None)
    if not wanted:
        return []
    places = map_query.kelurahan_places()
    boundary = boundary_layer.map_layer()
    labels = {feature["properties"]["kode_wilayah"]: feature["properties"]["label"]
              for feature in boundary["features"]["features"]} if boundary else {}
    organizations = {group.name: group for group in model.Session.query(model.Group).filter(
        model.Group.name.in_([k.organization_name for k in wanted]),
        model.Group.state == "active")}
    entries = []
    for kelurahan in wanted:
        place = dict(places.get(kelurahan.kode) or {})
        organization = organizations.get(kelurahan.organization_name)
        if organization is not None:
            try:
                place.update(lat=float(organization.extras["kantor_lat"]),
                             lon=float(organization.extras["kantor_lon"]))
            except (KeyError, TypeError, ValueError):
                pass
        if kelurahan.kode in labels:
            # with boundaries, the label sits at the polygon's representative point
            place.update(lat=labels[kelurahan.kode][0], lon=labels[kelurahan.kode][1])
        entries.append({
            "code": kelurahan.kode, "name": kelurahan.nama,
            "kecamatan": kelurahan.kode_kecamatan,
            "kecamatan_name": kelurahan.nama_kecamatan,
            "url": tk.url_for("satudata_kelurahan.read", name=kelurahan.slug),
            "lat": place.get("lat"), "lon": place.get("lon"),
            "points": place.get("points", 0),
        })
    return entries


def map_config(kelurahan: str | None = None, server_clusters: bool = False
               ) -> dict[str, Any]:
    """What the map module needs (see assets/satudata-map.js). With
    `kelurahan` (a code) the map shows that kelurahan only. With
    `server_clusters` (more published points than the cluster threshold)
    the map asks pointsUrl for what its viewport shows at its zoom
    (clusters counted by the server, or the points) instead of every point."""
    min_lon, min_lat, max_lon, max_lat = config.city_bbox()
    boundary = boundary_layer.map_layer()
    # the polygons go into the page only for a region of a few hundred
    # desa/kelurahan (a province's thousands would weigh megabytes)
    drawn = boundary if embeds_every_kelurahan() else None
    points_args = {"kelurahan": kelurahan} if kelurahan else {}
    # "desa", "kelurahan" or "desa/kelurahan": the one shown, else the region's
    found = reference.by_code(kelurahan) if kelurahan else None
    jenis = found.jenis if found is not None else reference.current().jenis_plural
    return {
        "pointsUrl": tk.url_for("satudata_maps.points", **points_args),
        "detailUrl": tk.url_for("api.action", ver=3, logic_function="satudata_map_points"),
        "datasetUrl": tk.url_for(f"{DATASET_TYPE}.read", id="__name__"),
        "downloadUrls": {"geojson": tk.url_for("satudata_maps.download", fmt="geojson"),
                         "csv": tk.url_for("satudata_maps.download", fmt="csv")},
        "tileUrl": config.map_tile_url(),
        "tileAttribution": config.map_tile_attribution(),
        # the city's outline when boundaries are loaded, else the configured box
        "extent": boundary["extent"] if boundary else [[min_lat, min_lon], [max_lat, max_lon]],
        "kelurahan": kelurahan,
        "serverClusters": server_clusters,
        # with a large region, the filter's desa/kelurahan of a kecamatan
        # are asked when it is chosen
        "kelurahanListUrl": None if embeds_every_kelurahan() else tk.url_for(
            "api.action", ver=3, logic_function="satudata_kelurahan_list"),
        # the kelurahan polygons (GeoJSON) with their label places, or None:
        # without boundaries the map shows the points only
        "boundaries": drawn and {"official": drawn["official"],
                                 "features": drawn["features"]},
        # the city map offers every indicator's thematic map as a layer
        "thematic": drawn and not kelurahan and {
            "listUrl": tk.url_for("api.action", ver=3, logic_function="satudata_indicator_list"),
            "mapUrl": tk.url_for("satudata_statistics.indicator_map", key="__key__"),
            "texts": dict(thematic_maps.texts(), noValues=tk._(
                "Indikator ini belum punya nilai per {jenis} untuk dipetakan.").format(
                    jenis=jenis))},
        "lang": tk.h.lang(),
        "texts": {
            "count": tk._("{n} titik ditampilkan"),
            "loading": tk._("Memuat titik…"),
            "loadFailed": tk._("Titik peta tidak dapat dimuat. Muat ulang halaman."),
            "noTiles": tk._("Peta dasar tidak dapat dimuat; titik, label {jenis} dan "
                            "saringan tetap dapat dipakai.").format(jenis=jenis),
            "dataset": tk._("Lihat dataset"),
            "kelurahan": jenis_title(jenis),
            "kecamatan": tk._("Kecamatan"),
            "details": tk._("Memuat rincian…"),
            "noPoints": tk._("Tidak ada titik terbit untuk pilihan ini."),
            "cluster": tk._("{n} titik; klik untuk memperbesar"),
            "allKelurahan": tk._("Semua desa/kelurahan"),
        },
    }


def page_filters(kinds: list[dict[str, Any]]) -> dict[str, Any]:
    """The filters of the page's URL (also its form's values without JS):
    kinds, kecamatan (a code; a unique name is accepted) and kelurahan (a
    code). An unknown kecamatan is left out; a name several kecamatan share
    is a 409 asking for the code."""
    args = tk.request.args
    chosen = [kind for kind in args.getlist("kind") if kind in KINDS]
    kecamatan = (args.get("kecamatan") or "").strip()
    kelurahan = args.get("kelurahan") or ""
    found, candidates = reference.find_kecamatan(kecamatan) if kecamatan else (None, ())
    if found is None and len(candidates) > 1:
        try:
            reference.kecamatan_of_parameter(kecamatan)
        except reference.WilayahError as error:
            tk.abort(409, str(error))
    return {"kinds": chosen or [kind["code"] for kind in kinds],
            "kecamatan": found.kode if found is not None else "",
            "kelurahan": kelurahan if reference.by_code(kelurahan) else ""}


def kecamatan_options() -> list[tuple[str, str]]:
    """The map filter's kecamatan choices: (code, label)."""
    return reference.kecamatan_choices()


def filter_kelurahan(filters: dict[str, Any]) -> list[dict[str, Any]]:
    """The desa/kelurahan the page embeds: all of them in a small region;
    in a large one those of the chosen kecamatan (or of the chosen desa's)."""
    if embeds_every_kelurahan():
        return kelurahan_entries()
    kecamatan = filters.get("kecamatan")
    if not kecamatan and filters.get("kelurahan"):
        kecamatan = reference.by_code(filters["kelurahan"]).kode_kecamatan
    if not kecamatan:
        return []
    return kelurahan_entries(k.kode for k in
                             reference.current().kelurahan_of_kecamatan(kecamatan))
