"""Review of datasets in the browser.

* ``POST /dataset/<id>/tinjauan/<action>``: the workflow buttons of the
  dataset page (submit, approve, return, withdraw), through the API actions
  ``satudata_<action>``, so the web and the API obey the same rules;
* ``GET /tinjauan``: the curators' review queue.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.web import forms
from ckanext.satudata import site
from ckanext.satudata import reference
from ckanext.satudata.workflow import states
from ckanext.satudata.translation import N_

review = Blueprint("satudata_review", __name__)

_SUCCESS_MESSAGES = {
    states.SUBMIT: N_("Dataset telah diajukan dan menunggu peninjauan kurator."),
    states.APPROVE: N_("Dataset telah disetujui dan diterbitkan."),
    states.RETURN: N_("Dataset telah dikembalikan kepada PIC beserta catatan."),
    states.WITHDRAW: N_("Dataset telah ditarik dari publikasi."),
    states.SUBMIT_REVISION: N_("Perubahan telah diajukan; publik tetap melihat versi "
                               "yang sudah terbit sampai kurator menyetujuinya."),
    states.APPROVE_REVISION: N_("Perubahan telah disetujui dan diterbitkan."),
    states.RETURN_REVISION: N_("Perubahan telah dikembalikan kepada PIC beserta catatan."),
    states.UNSUBMIT: N_("Pengajuan telah ditarik kembali; dataset dapat diubah lalu "
                        "diajukan lagi."),
    states.UNSUBMIT_REVISION: N_("Pengajuan perubahan telah ditarik kembali; perubahan "
                                 "dapat dilanjutkan lalu diajukan lagi."),
}


def _dataset_url(package: model.Package) -> str:
    return tk.url_for(f"{package.type}.read", id=package.name)


@review.route("/dataset/<id>/tinjauan/<action>", methods=["POST"])
def take(id: str, action: str) -> Any:
    """Take a workflow action on a dataset, then go back to its page."""
    if action not in states.REVIEW_FORM_ACTIONS:
        return tk.abort(404, tk._("Tindakan tidak dikenal."))
    package = model.Package.get(id)
    if package is None or package.state == "deleted":
        return tk.abort(404, tk._("Dataset tidak ditemukan."))
    form = tk.request.form
    # The version the page showed: a decision on another version is refused
    # (the action reads and checks it).
    data_dict = {"id": package.id, "note": form.get("note"),
                 "expected_version": form.get("expected_version")}
    result = forms.post_to_action(
        f"satudata_{action}", data_dict,
        not_found=tk._("Dataset tidak ditemukan."),
        not_authorized=tk._("Anda tidak berwenang melakukan tindakan ini pada dataset ini."))
    if result is None:
        return tk.redirect_to(_dataset_url(package))
    taken = result["event"]["action"]
    tk.h.flash_success(tk._(_SUCCESS_MESSAGES[taken]))
    if result.get("notice"):
        tk.h.flash_notice(result["notice"])
    return tk.redirect_to(_dataset_url(package))


@review.route("/tinjauan")
def queue() -> str:
    """The datasets waiting for a curator's decision, oldest first; the
    kecamatan filter takes a code (the select's values) or a name only one
    kecamatan has (older links)."""
    kecamatan = (tk.request.args.get("kecamatan") or "").strip()
    action = tk.get_action("satudata_review_queue")
    error = ""
    try:
        try:
            items = action(site.user_context(), {"kecamatan": kecamatan})
        except tk.ValidationError as refused:
            # A stale or shared name: the whole queue, and why.
            error = " ".join(str(message) for message in
                             refused.error_dict.get("kecamatan") or [])
            kecamatan = ""
            items = action(site.user_context(), {})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Antrean peninjauan hanya dapat dibuka oleh kurator."))
    found = reference.find_kecamatan(kecamatan)[0] if kecamatan else None
    for item in items:
        # "Wates (Kabupaten Blitar)" where two kecamatan of the region share a name.
        known = reference.kecamatan_by_code(item.get("kode_kecamatan") or "")
        item["kecamatan_label"] = reference.kecamatan_label(known) if known \
            else item.get("kecamatan")
    return tk.render("satudata/review_queue.html", {
        "items": items,
        "kecamatan": found.kode if found else "",
        "kecamatan_error": error,
        "kecamatan_choices": reference.kecamatan_choices(),
    })
