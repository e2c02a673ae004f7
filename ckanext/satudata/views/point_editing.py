"""Point entry from a phone: "Tambah / pindahkan titik" of a point layer.

* ``GET /peta-titik/<id>/sunting-titik``: the page (the layer's points on a
  map, the phone's position, the kind's attributes; assets/maps/point-editor.js);
* ``POST /peta-titik/<id>/sunting-titik``: saves the points (JSON
  ``{"features": [...], "base_version": "..."}``) as a new version of the
  layer's GeoJSON file through CKAN's resource actions (maps/editing.py).
  Answers JSON: ``{"ok": true, "message", "base_version", "dataset_url"}`` or
  ``{"ok": false, "errors": [...]}`` with 400 / 403 / 404.

Only the PIC of the layer's kelurahan and the curators may open or save
(auth ``satudata_point_edit``); everyone else gets 403 without a word of the
layer.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import config, reference, site
from ckanext.satudata.maps import KINDS, boundary_layer, editing
from ckanext.satudata.maps.layers import DATASET_TYPE
from ckanext.satudata.web import forms
from ckanext.satudata.workflow import gate

point_editing = Blueprint("satudata_point_editing", __name__)

_NOT_ALLOWED = "Hanya PIC kelurahan pemilik lapisan titik dan kurator yang dapat menambah " \
    "atau memindahkan titik."


def _layer(id: str) -> tuple[dict[str, Any] | None, Any]:
    """(the live layer, None) for a user who may edit it, else (None, the
    response refusing)."""
    context = site.user_context()
    package = model.Package.get(id)
    if package is None or package.state == "deleted" or package.type != DATASET_TYPE:
        return None, (404, tk._("Lapisan titik tidak ditemukan."))
    try:
        tk.check_access("satudata_point_edit", context, {"id": package.id})
        pkg_dict = tk.get_action("package_show")(context, {"id": package.id})
    except tk.NotAuthorized:
        return None, (403, tk._(_NOT_ALLOWED))
    except tk.ObjectNotFound:
        return None, (404, tk._("Lapisan titik tidak ditemukan."))
    if not editing.is_point_layer(pkg_dict):
        return None, (404, tk._("Lapisan titik tidak ditemukan."))
    return pkg_dict, None


def _kelurahan(pkg_dict: dict[str, Any]) -> tuple[str | None, str | None]:
    organization = pkg_dict.get("organization") or {}
    found = reference.by_organization_name(organization.get("name") or "")
    return (found.kode, found.nama) if found else (None, organization.get("title"))


def _attributes(kind: str) -> list[dict[str, Any]]:
    point_kind = KINDS[kind]
    required = {attribute.name for attribute in point_kind.required}
    return [{"name": a.name, "label": tk._(a.label_id), "type": a.value_type,
             "choices": list(a.choices), "required": a.name in required,
             "example": a.example}
            for a in point_kind.attributes if a.name not in ("nama_kelurahan", "kode_kelurahan")]


def _boundary(kode: str | None) -> dict[str, Any] | None:
    layer = boundary_layer.map_layer()
    if layer is None or kode is None:
        return None
    for feature in layer["features"]["features"]:
        if feature["properties"].get("kode_wilayah") == kode:
            return {"official": layer["official"], "feature": feature}
    return None


def _texts() -> dict[str, str]:
    return {
        "locate": tk._("Pakai lokasi saya"),
        "locating": tk._("Mencari lokasi… tetap di tempat terbuka."),
        "accuracy": tk._("Lokasi didapat, akurasi ±{n} m."),
        "tooCoarse": tk._("Akurasi lokasi ±{n} m, lebih dari batas {max} m: titik tidak "
                          "ditambahkan. Tunggu sebentar di tempat terbuka lalu coba lagi, "
                          "atau ketuk peta di tempat titik."),
        "denied": tk._("Izin lokasi ditolak. Izinkan akses lokasi untuk situs ini di "
                       "pengaturan peramban, atau ketuk peta di tempat titik."),
        "unavailable": tk._("Lokasi tidak tersedia di perangkat ini. Ketuk peta di tempat "
                            "titik."),
        "timeout": tk._("Lokasi tidak didapat dalam 20 detik. Coba lagi di tempat terbuka, "
                        "atau ketuk peta di tempat titik."),
        "noGeolocation": tk._("Peramban ini tidak dapat memberi lokasi. Ketuk peta di "
                              "tempat titik."),
        "tapMode": tk._("Ketuk peta di tempat titik baru."),
        "tapCancel": tk._("Batal menaruh titik"),
        "added": tk._("Titik baru ditambahkan. Lengkapi isiannya lalu simpan."),
        "moved": tk._("Titik dipindahkan. Simpan untuk menyimpan perubahan."),
        "removed": tk._("Titik dihapus. Simpan untuk menyimpan perubahan."),
        "newPoint": tk._("Titik baru"),
        "count": tk._("{n} titik di lapisan ini."),
        "saving": tk._("Menyimpan…"),
        "saved": tk._("Tersimpan sebagai versi baru berkas lapisan."),
        "offline": tk._("Tidak dapat menghubungi portal. Titik Anda tetap di halaman ini; "
                        "coba simpan lagi saat sinyal membaik."),
        "failed": tk._("Belum tersimpan:"),
        "missing": tk._("{point}: {field} wajib diisi."),
        "restored": tk._("Perubahan yang belum disimpan dari kunjungan sebelumnya "
                         "dipulihkan."),
        "nothing": tk._("Belum ada perubahan untuk disimpan."),
        "leave": tk._("Ada perubahan yang belum disimpan."),
    }


@point_editing.route("/peta-titik/<id>/sunting-titik")
def page(id: str) -> Any:
    """The point entry page of a layer."""
    pkg_dict, refusal = _layer(id)
    if pkg_dict is None:
        return tk.abort(*refusal)
    kind = pkg_dict["jenis_titik"]
    kode, nama = _kelurahan(pkg_dict)
    found = reference.by_code(kode) if kode else None
    current = editing.editable_resource(pkg_dict)
    features = editing.resource_features(current, kind) if current else []
    min_lon, min_lat, max_lon, max_lat = config.city_bbox()
    boundary = _boundary(kode)
    dataset_url = tk.url_for(f"{DATASET_TYPE}.read", id=pkg_dict["name"])
    page_config = {
        "saveUrl": tk.url_for("satudata_point_editing.save", id=pkg_dict["name"]),
        "datasetUrl": dataset_url,
        "storageKey": "satudata-titik-" + pkg_dict["id"],
        "baseVersion": editing.resource_version(current),
        "kind": kind,
        "attributes": _attributes(kind),
        "features": features,
        "maxAccuracy": config.geolocation_max_accuracy_m(),
        "tileUrl": config.map_tile_url(),
        "tileAttribution": config.map_tile_attribution(),
        "extent": [[min_lat, min_lon], [max_lat, max_lon]],
        "boundary": boundary,
        # submitted for review: nothing changes until the PIC takes it back
        "locked": gate.under_review(pkg_dict["id"]),
        "texts": _texts(),
    }
    return tk.render("satudata/points/editor.html", {
        "pkg": pkg_dict,
        "kind_label": (tk._("Kantor {jenis}").format(jenis=found.jenis)
                       if kind == "kantor-kelurahan" and found and found.jenis != "kelurahan"
                       else tk._(KINDS[kind].label_id)),
        "kelurahan_name": nama,
        # "Desa Sukorame" for a desa; None for a kelurahan (the text says "Kelurahan")
        "desa_title": found.title if found and found.jenis != "kelurahan" else None,
        "dataset_url": dataset_url,
        "page_config": page_config,
        "max_accuracy": config.geolocation_max_accuracy_m(),
        "has_file": current is not None,
        "locked": page_config["locked"],
    })


def _answer(status: int, errors: list[str]) -> Any:
    response = jsonify({"ok": False, "errors": errors})
    response.status_code = status
    return response


@point_editing.route("/peta-titik/<id>/sunting-titik", methods=["POST"])
def save(id: str) -> Any:
    """Saves the edited points as a new version of the layer's file."""
    pkg_dict, refusal = _layer(id)
    if pkg_dict is None:
        return _answer(refusal[0], [refusal[1]])
    body = tk.request.get_json(silent=True)
    if not isinstance(body, dict):
        return _answer(400, [tk._("Data titik tidak terbaca; muat ulang halaman lalu coba "
                                  "lagi.")])
    try:
        editing.save(site.user_context(), pkg_dict, body.get("features"),
                     body.get("base_version"))
    except tk.ValidationError as error:
        return _answer(400, forms.error_messages(error))
    except tk.NotAuthorized:
        return _answer(403, [tk._(_NOT_ALLOWED)])
    saved = tk.get_action("package_show")(site.user_context(), {"id": pkg_dict["id"]})
    return jsonify({
        "ok": True,
        "message": tk._("Tersimpan sebagai versi baru berkas lapisan."),
        "base_version": editing.resource_version(editing.editable_resource(saved)),
        "dataset_url": tk.url_for(f"{DATASET_TYPE}.read", id=saved["name"]),
    })
