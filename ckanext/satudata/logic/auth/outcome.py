"""What an auth function answers, and the rules several of them share.

A refusal's text is marked with N_ where it is written and translated when
the check runs, in the caller's language.
"""
from __future__ import annotations

from typing import Any, Callable

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.translation import N_
from ckanext.satudata.workflow import roles

AuthFunction = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]


#: Who may call, as the API reference (/api/referensi) says it, when the
#: auth function declares nothing: those allowing anonymous calls.
ANYONE = N_("Siapa saja, juga tanpa masuk.")
CURATORS = N_("Kurator (anggota organisasi kurator) dan admin portal.")
DATASET_PICS = N_("PIC kelurahan pemilik dataset (dan admin portal).")
SIGNED_IN = N_("Pengguna yang sudah masuk.")
SYSADMINS = N_("Hanya admin portal (sysadmin).")


def callers(text: str) -> Callable[[AuthFunction], AuthFunction]:
    """Declare who may call the action an auth function guards, in a
    sentence marked with N_: the API reference shows it."""
    def mark(auth: AuthFunction) -> AuthFunction:
        auth.satudata_callers = text  # type: ignore[attr-defined]
        return auth
    return mark


def outcome(allowed: bool, refusal: str) -> dict[str, Any]:
    """CKAN's answer: success, or a refusal saying who may do it."""
    return {"success": True} if allowed else {"success": False, "msg": tk._(refusal)}


def dataset_of(data_dict: dict[str, Any]) -> model.Package | None:
    """The dataset named by ``id`` (a name or an id), or None."""
    reference = data_dict.get("id")
    return model.Package.get(reference) if isinstance(reference, str) and reference else None


def curators_only(refusal: str) -> AuthFunction:
    """An auth function passing the curators (sysadmins pass every check)."""
    def auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
        return outcome(roles.is_curator(context.get("user")), refusal)
    return callers(CURATORS)(auth)


def dataset_pic_only(refusal: str) -> AuthFunction:
    """An auth function passing the PICs of the kelurahan owning the dataset
    named by ``id``."""
    def auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
        package = dataset_of(data_dict)
        return outcome(package is not None
                       and roles.is_pic(context.get("user"), package.owner_org), refusal)
    return callers(DATASET_PICS)(auth)
