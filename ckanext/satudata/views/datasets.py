"""`/dataset/baru`: choose which kind of dataset to add.

CKAN's generic "Add dataset" leads to a form without the Satu Data
metadata; the portal's three dataset types each have their own form.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import reference, site
from ckanext.satudata.helpers import workflow as type_labels
from ckanext.satudata.translation import N_

datasets = Blueprint("satudata_datasets", __name__)


#: The types a PIC chooses from, with a line on each; {jenis} is the
#: region's kind of desa/kelurahan.
DATASET_TYPES = (
    ("statistik-sektoral",
     N_("Indikator atau variabel statistik dengan metadata Satu Data, berupa tabel CSV/XLSX.")),
    ("profil-kelurahan",
     N_("Profil tahunan {jenis}: penduduk, kepala keluarga, RW/RT, luas, dan fasilitas.")),
    ("peta-titik",
     N_("Lapisan titik satu jenis (kantor {jenis}, posyandu, pos kamling, RT) dari GeoJSON "
        "atau CSV.")),
)


@datasets.route("/dataset/new", methods=["GET", "POST"])
def generic_form() -> Any:
    """CKAN's generic form (no Satu Data metadata, no classification) is not
    offered: the type chooser is (this rule is registered before core's)."""
    group = tk.request.args.get("group")
    return tk.redirect_to(tk.url_for("satudata_datasets.choose", group=group) if group
                          else tk.url_for("satudata_datasets.choose"))


@datasets.route("/dataset/edit/<id>")
def generic_edit_form(id: str) -> Any:
    """The edit form of a dataset is its type's form; a dataset without a
    Satu Data type (made before the types were enforced) has none until a
    curator gives it one (``ckan satudata dataset-umum``)."""
    from ckanext.satudata.workflow import gate as dataset_gate

    package = model.Package.get(id)
    if package is None or package.state == "deleted":
        return tk.abort(404, tk._("Dataset tidak ditemukan."))
    try:
        tk.check_access("package_update", site.user_context(), {"id": package.id})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Anda tidak berwenang mengubah dataset ini."))
    if package.type not in dataset_gate.satu_data_types():
        return tk.abort(409, tk._(
            "Dataset ini belum memiliki jenis Satu Data dan tidak dapat diubah. Minta "
            "kurator Diskominfo memberinya jenis Satu Data terlebih dahulu."))
    return tk.redirect_to(tk.url_for(f"{package.type}.edit", id=package.name))


@datasets.route("/dataset/baru")
def choose() -> str:
    if not tk.current_user.is_authenticated:
        return tk.abort(403, tk._("Masuk terlebih dahulu untuk menambah dataset."))
    group = tk.request.args.get("group")
    region = reference.current()
    choices = [{
        "type": name, "label": type_labels.dataset_type_label(name),
        "description": region.fill_text(tk._(description)),
        "url": tk.url_for(f"{name}.new", group=group) if group else tk.url_for(f"{name}.new"),
    } for name, description in DATASET_TYPES]
    # A statistic starts with the choice of an indicator of the catalogue.
    choices[0]["url"] = tk.url_for("satudata_prefill.choose", organisasi=group) if group \
        else tk.url_for("satudata_prefill.choose")
    return tk.render("satudata/dataset_type_chooser.html", {"choices": choices})
