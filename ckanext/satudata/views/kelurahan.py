"""``GET /kelurahan/<name>``: the public page of one desa/kelurahan.

Its latest published profile with the year before beside it, its kantor
and point layers on a map, its published datasets and how many it has
published. Everything comes from published data only: datasets through
package_search as the visitor restricted to the `terbit` state, points from
the map's table.

The page loads only what it shows, whatever the size of the region: the
desa/kelurahan by a dictionary lookup of the reference, its own
organisation, and on the map its own label and the borders of its
kecamatan (its neighbours), never the list of every organisation.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import flask_babel
from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.satudata import reference, site
from ckanext.satudata.maps import query as map_query
from ckanext.satudata.maps.page import kind_entries, map_config, number_text
from ckanext.satudata.workflow.states import TERBIT

kelurahan = Blueprint("satudata_kelurahan", __name__)

PROFILE_TYPE = "profil-kelurahan"
#: Fields of the profile that are not figures of the kelurahan.
_NOT_FIGURES = {"title", "name", "notes", "owner_org", "tahun", "produsen",
                "klasifikasi_akses", "license_id"}
_TYPES = ("profil-kelurahan", "statistik-sektoral", "peta-titik")


def _search(organization_id: str, **params: Any) -> dict[str, Any]:
    fq = f'+owner_org:"{organization_id}" +satudata_status:{TERBIT}'
    if params.get("fq"):
        fq += " " + params.pop("fq")
    return tk.get_action("package_search")(site.user_context(), dict(
        params, fq=fq, include_private=False))


def _year(dataset: dict[str, Any]) -> int:
    try:
        return int(dataset.get("tahun") or 0)
    except ValueError:
        return 0


def _number(raw: Any) -> Decimal | None:
    try:
        return Decimal(str(raw).replace(",", ".")) if raw not in (None, "") else None
    except InvalidOperation:
        return None


def _shown(value: Decimal | None, signed: bool = False) -> str:
    if value is None:
        return ""
    text = flask_babel.format_decimal(value)
    return f"+{text}" if signed and value > 0 else text


def _label(field: dict[str, Any]) -> str:
    label = field.get("label") or field["field_name"]
    if isinstance(label, dict):
        return tk.h.scheming_language_text(label)
    return label


def profile_rows(latest: dict[str, Any], previous: dict[str, Any] | None
                 ) -> list[dict[str, str]]:
    """The profile's figures, labelled as in its form: {label, latest,
    previous, change}; texts (borders) have no change."""
    schema = tk.h.scheming_get_dataset_schema(PROFILE_TYPE) or {}
    rows = []
    for field in schema.get("dataset_fields") or []:
        name = field["field_name"]
        if name in _NOT_FIGURES or (not latest.get(name) and not (previous or {}).get(name)):
            continue
        now, before = _number(latest.get(name)), _number((previous or {}).get(name))
        numeric = now is not None or before is not None
        rows.append({
            "label": _label(field),
            "latest": _shown(now) if numeric else latest.get(name) or "",
            "previous": (_shown(before) if numeric else (previous or {}).get(name) or "")
            if previous else "",
            "change": _shown(now - before, signed=True)
            if previous and now is not None and before is not None else "",
        })
    return rows


def _profiles(organization_id: str) -> tuple[dict | None, dict | None]:
    found = _search(organization_id, fq=f"+dataset_type:{PROFILE_TYPE}", rows=100)["results"]
    found.sort(key=_year, reverse=True)
    latest = found[0] if found else None
    previous = next((d for d in found[1:] if _year(d) < _year(latest)), None) if latest else None
    return latest, previous


def _label_place(found: reference.Kelurahan, organization: dict[str, Any],
                 boundary_features: list[dict[str, Any]]) -> dict[str, Any]:
    """Where the map puts the name of `found` ({lat, lon, points}): the
    label point of its border when boundaries are loaded, else its
    organisation's kantor coordinates, else its published kantor point or
    the middle of its points."""
    place = dict(map_query.kelurahan_places().get(found.kode) or {})
    try:
        place.update(lat=float(organization["kantor_lat"]), lon=float(organization["kantor_lon"]))
    except (KeyError, TypeError, ValueError):
        pass
    for feature in boundary_features:
        if feature["properties"].get("kode_wilayah") == found.kode \
                and feature["properties"].get("label"):
            place.update(lat=feature["properties"]["label"][0],
                         lon=feature["properties"]["label"][1])
    return place


def _coordinates(geometry: Any) -> Any:
    """Every [lon, lat] pair of a GeoJSON geometry's coordinates."""
    if isinstance(geometry, (list, tuple)) and geometry and isinstance(geometry[0], (int, float)):
        yield geometry
    elif isinstance(geometry, (list, tuple)):
        for part in geometry:
            yield from _coordinates(part)


def _extent(features: list[dict[str, Any]]) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the features, None without any."""
    pairs = [pair for feature in features
             for pair in _coordinates((feature.get("geometry") or {}).get("coordinates"))]
    if not pairs:
        return None
    lons, lats = [p[0] for p in pairs], [p[1] for p in pairs]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def page_map_config(found: reference.Kelurahan, organization: dict[str, Any],
                    kinds: list[dict[str, Any]]) -> dict[str, Any]:
    """The map module's configuration for the page of `found`: its points,
    its own label, and (with boundaries) the borders of the desa/kelurahan
    of its kecamatan only, the map opening on them."""
    config = dict(map_config(kelurahan=found.kode), kinds=kinds)
    features: list[dict[str, Any]] = []
    if config.get("boundaries"):
        neighbours = {k.kode for k in reference.current().kelurahan_of_kecamatan(
            found.kode_kecamatan)} | {found.kode}
        collection = config["boundaries"]["features"]
        features = [feature for feature in collection.get("features") or []
                    if feature["properties"].get("kode_wilayah") in neighbours]
        config["boundaries"] = dict(config["boundaries"],
                                    features=dict(collection, features=features))
        config["extent"] = _extent(features) or config["extent"]
    place = _label_place(found, organization, features)
    config["kelurahanList"] = [{
        "code": found.kode, "name": found.nama,
        "kecamatan": found.kode_kecamatan, "kecamatan_name": found.nama_kecamatan,
        "url": tk.url_for("satudata_kelurahan.read", name=found.slug),
        "lat": place.get("lat"), "lon": place.get("lon"), "points": place.get("points", 0),
    }]
    return config


@kelurahan.route("/kelurahan/<name>")
def read(name: str) -> str:
    """The page of desa/kelurahan `name` of the portal's region (its slug,
    e.g. ``balowerti``, or its organisation's name)."""
    found = reference.by_slug(name)
    if found is None:
        return tk.abort(404, reference.current().not_found_text())
    try:
        organization = tk.get_action("organization_show")(site.user_context(), {
            "id": found.organization_name, "include_datasets": False,
            "include_users": False, "include_extras": True})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, reference.current().not_found_text())
    latest, previous = _profiles(organization["id"])
    datasets = _search(organization["id"], rows=20, sort="metadata_modified desc",
                       **{"facet.field": ["dataset_type"]})
    type_counts = {item["name"]: item["count"]
                   for item in datasets["search_facets"].get("dataset_type", {}).get("items", [])}
    kinds = kind_entries(map_query.counts_by_kind(found.kode), found.jenis)
    point_count = sum(kind["count"] for kind in kinds)
    return tk.render("satudata/kelurahan.html", {
        "kelurahan": found,
        "organization": organization,
        "profile": latest,
        "previous_profile": previous,
        "profile_rows": profile_rows(latest, previous) if latest else [],
        "datasets": datasets["results"],
        "dataset_count": datasets["count"],
        "dataset_count_text": number_text(datasets["count"]),
        "type_counts": [(t, number_text(type_counts.get(t, 0))) for t in _TYPES],
        "kinds": kinds,
        "point_count": point_count,
        "point_count_text": number_text(point_count),
        "map_config": page_map_config(found, organization, kinds),
    })
