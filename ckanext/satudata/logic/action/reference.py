"""Actions on the reference data: the kelurahan list and the reference organisations."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import reference
from ckanext.satudata.reference import organizations
from ckanext.satudata.logic import params

__all__ = ["satudata_kelurahan_list", "satudata_reference_organizations_load"]


@tk.side_effect_free
@params.reads(kecamatan=params.text)
def satudata_kelurahan_list(context: dict[str, Any],
                            data_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """The 46 kelurahan of the reference list, with their codes.

    Anyone may call it.

    :param kecamatan: a kecamatan name: only its kelurahan (e.g. ``Kota``).
    :returns: a list of ``{kode_wilayah, kode_bps, nama, kecamatan,
        kode_kecamatan, organization}`` (organization: the organisation's
        name).
    """
    tk.check_access("satudata_kelurahan_list", context, data_dict)
    kecamatan = (data_dict.get("kecamatan") or "").strip().lower()
    return [
        {
            "kode_wilayah": k.kode,
            "kode_bps": k.kode_bps,
            "nama": k.nama,
            "kecamatan": k.nama_kecamatan,
            "kode_kecamatan": k.kode_kecamatan,
            "organization": k.organization_name,
        }
        for k in reference.all_kelurahan()
        if not kecamatan or k.nama_kecamatan.lower() == kecamatan
    ]


def satudata_reference_organizations_load(
        context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Create or update the reference organisations (46 kelurahan,
    Diskominfo, producer agencies).

    Sysadmins only. Idempotent: an organisation that already matches the
    reference is not touched.

    :params: none
    :returns: ``{"created": [...], "updated": [...], "unchanged": n}`` with
        organisation names.
    """
    tk.check_access("satudata_reference_organizations_load", context, data_dict)
    result: dict[str, Any] = {"created": [], "updated": [], "unchanged": 0}
    for wanted in organizations.reference_organizations():
        action_context = {"user": context["user"], "ignore_auth": True}
        try:
            existing = tk.get_action("organization_show")(
                dict(action_context),
                {"id": wanted["name"], "include_datasets": False,
                 "include_users": False, "include_extras": True})
        except tk.ObjectNotFound:
            tk.get_action("organization_create")(dict(action_context), wanted)
            result["created"].append(wanted["name"])
            continue
        changes = organizations.changed_fields(existing, wanted)
        if existing.get("state") != "active":
            changes["state"] = "active"
        if changes:
            tk.get_action("organization_patch")(
                dict(action_context), dict(changes, id=existing["id"]))
            result["updated"].append(wanted["name"])
        else:
            result["unchanged"] += 1
    return result
