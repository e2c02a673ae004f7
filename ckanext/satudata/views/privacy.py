"""The personal-data guard in the browser: a curator's override of a
resource's findings (``POST /dataset/<id>/resource/<resource_id>/data-pribadi``),
through the API action satudata_privacy_override."""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.satudata import site

privacy = Blueprint("satudata_privacy", __name__)


@privacy.route("/dataset/<id>/resource/<resource_id>/data-pribadi", methods=["POST"])
def override(id: str, resource_id: str) -> Any:
    user = site.current_user_name()
    back = tk.url_for("resource.read", id=id, resource_id=resource_id)
    try:
        tk.get_action("satudata_privacy_override")(
            {"user": user}, {"id": resource_id, "reason": tk.request.form.get("reason")})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Sumber data tidak ditemukan."))
    except tk.NotAuthorized:
        return tk.abort(403, tk._(
            "Hanya kurator Diskominfo yang dapat mengesampingkan temuan data pribadi."))
    except tk.ValidationError as error:
        for messages in error.error_dict.values():
            for message in messages if isinstance(messages, list) else [messages]:
                tk.h.flash_error(str(message))
        return tk.redirect_to(back)
    tk.h.flash_success(tk._("Temuan data pribadi dikesampingkan; alasannya tercatat di "
                            "riwayat peninjauan."))
    return tk.redirect_to(back)
