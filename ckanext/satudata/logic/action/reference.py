"""Actions on the reference data: the desa/kelurahan list and the reference organisations."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import reference
from ckanext.satudata.reference import organizations
from ckanext.satudata.logic import params

__all__ = ["satudata_kelurahan_list", "satudata_reference_organizations_load"]


@tk.side_effect_free
@params.reads(kecamatan=params.text, kabupaten=params.text)
def satudata_kelurahan_list(context: dict[str, Any],
                            data_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """The desa and kelurahan of the portal's region (ckanext.satudata.wilayah),
    with their codes.

    Anyone may call it.

    :param kecamatan: a kecamatan code (e.g. ``35.71.02``), or its name
        (``Kota``; a name several kecamatan share gives all of them): only
        its desa/kelurahan.
    :param kabupaten: a kabupaten/kota code (e.g. ``35.71``): only its
        desa/kelurahan.
    :returns: a list of ``{kode_wilayah, kode_bps, nama, jenis, nama_lengkap,
        kecamatan, kode_kecamatan, kabupaten, kode_kabupaten, organization}``
        (jenis: ``desa`` or ``kelurahan``; nama_lengkap: e.g. ``Desa
        Sukorame``; kabupaten: e.g. ``Kota Kediri``; organization: the
        organisation's name).
    """
    tk.check_access("satudata_kelurahan_list", context, data_dict)
    region = reference.current()
    kecamatan = (data_dict.get("kecamatan") or "").strip()
    kabupaten = (data_dict.get("kabupaten") or "").strip()
    rows = region.kelurahan
    if region.kecamatan_by_code(kecamatan):
        rows = region.kelurahan_of_kecamatan(kecamatan)
    elif kecamatan:
        rows = tuple(k for k in rows if k.nama_kecamatan.lower() == kecamatan.lower())
    return [
        {
            "kode_wilayah": k.kode,
            "kode_bps": k.kode_bps,
            "nama": k.nama,
            "jenis": k.jenis,
            "nama_lengkap": k.title,
            "kecamatan": k.nama_kecamatan,
            "kode_kecamatan": k.kode_kecamatan,
            "kabupaten": k.nama_kabupaten,
            "kode_kabupaten": k.kode_kabupaten,
            "organization": k.organization_name,
        }
        for k in rows
        if not kabupaten or k.kode_kabupaten == kabupaten
    ]


def satudata_reference_organizations_load(
        context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Create or update the reference organisations (the desa/kelurahan of
    the portal's region, Diskominfo, producer agencies).

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
