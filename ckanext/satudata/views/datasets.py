"""`/dataset/baru`: choose which kind of dataset to add.

CKAN's generic "Add dataset" leads to a form without the Satu Data
metadata; the portal's three dataset types each have their own form.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk

datasets = Blueprint("satudata_datasets", __name__)


def N_(text: str) -> str:
    """Marks a string for extraction; translated where it is shown."""
    return text


DATASET_TYPES = (
    ("statistik-sektoral", N_("Statistik sektoral"),
     N_("Indikator atau variabel statistik dengan metadata Satu Data, berupa tabel CSV/XLSX.")),
    ("profil-kelurahan", N_("Profil kelurahan"),
     N_("Profil tahunan kelurahan: penduduk, kepala keluarga, RW/RT, luas, dan fasilitas.")),
    ("peta-titik", N_("Peta titik"),
     N_("Lapisan titik satu jenis (kantor kelurahan, posyandu, pos kamling, RT) dari GeoJSON "
        "atau CSV.")),
)


@datasets.route("/dataset/new", methods=["GET", "POST"])
def generic_form() -> Any:
    """CKAN's generic form (no Satu Data metadata, no classification) is not
    offered: the type chooser is (this rule is registered before core's)."""
    group = tk.request.args.get("group")
    return tk.redirect_to(tk.url_for("satudata_datasets.choose", group=group) if group
                          else tk.url_for("satudata_datasets.choose"))


@datasets.route("/dataset/baru")
def choose() -> str:
    if not tk.current_user.is_authenticated:
        return tk.abort(403, tk._("Masuk terlebih dahulu untuk menambah dataset."))
    group = tk.request.args.get("group")
    choices = [{
        "type": name, "label": tk._(label), "description": tk._(description),
        "url": tk.url_for(f"{name}.new", group=group) if group else tk.url_for(f"{name}.new"),
    } for name, label, description in DATASET_TYPES]
    return tk.render("satudata/dataset_type_chooser.html", {"choices": choices})
