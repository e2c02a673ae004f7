"""The personal-data guard in the browser: a curator's override of a
resource's findings (``POST /dataset/<id>/resource/<resource_id>/data-pribadi``),
through the API action satudata_privacy_override."""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.satudata.web import forms

privacy = Blueprint("satudata_privacy", __name__)


@privacy.route("/dataset/<id>/resource/<resource_id>/data-pribadi", methods=["POST"])
def override(id: str, resource_id: str) -> Any:
    back = tk.url_for("resource.read", id=id, resource_id=resource_id)
    done = forms.post_to_action(
        "satudata_privacy_override", {"id": resource_id, "reason": tk.request.form.get("reason")},
        not_found=tk._("Sumber data tidak ditemukan."),
        not_authorized=tk._(
            "Hanya kurator Diskominfo yang dapat mengesampingkan temuan data pribadi."))
    if done is None:
        return tk.redirect_to(back)
    tk.h.flash_success(tk._("Temuan data pribadi dikesampingkan; alasannya tercatat di "
                            "riwayat peninjauan."))
    return tk.redirect_to(back)
