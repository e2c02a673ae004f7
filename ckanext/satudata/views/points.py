"""`/peta-titik/<id>/titik/<resource_id>.geojson`: a point layer's CSV file
as GeoJSON, so the map preview can show CSV layers as well."""
from __future__ import annotations

import json

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata.access import grants
from ckanext.satudata import site
from ckanext.satudata.maps import PointFileError, iter_points

points = Blueprint("satudata_points", __name__)


@points.route("/peta-titik/<id>/titik/<resource_id>.geojson")
def layer_geojson(id: str, resource_id: str) -> Response:
    context = site.user_context()
    try:
        # The same check as a download: unpublished layers stay hidden.
        resource = tk.get_action("resource_show")(context, {"id": resource_id})
        package = tk.get_action("package_show")(context, {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Sumber data tidak ditemukan."))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Dataset ini belum diterbitkan."))
    # Only a point layer (a dataset with a kind of point) has points.
    if (resource["package_id"] != package["id"] or resource.get("url_type") != "upload"
            or not package.get("jenis_titik")):
        return tk.abort(404, tk._("Sumber data tidak ditemukan."))
    try:
        with site.open_uploaded(resource) as stored:
            features = [point.as_feature() for point in iter_points(
                stored, package.get("jenis_titik"),
                (resource.get("format") or "").lower() or None, bbox=config.city_bbox())]
    except (OSError, PointFileError):
        return tk.abort(404, tk._("Berkas titik tidak dapat dibaca."))
    # The points of a restricted layer, read under a grant, are a download.
    grants.record_use(context["user"], resource["id"], grants.CHANNEL_DOWNLOAD)
    return Response(json.dumps({"type": "FeatureCollection", "features": features}),
                    mimetype="application/geo+json")
