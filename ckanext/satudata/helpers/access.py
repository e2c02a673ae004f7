"""Template helpers of access to restricted data."""
from __future__ import annotations

from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import site
from ckanext.satudata.access import grants
from ckanext.satudata.access import rules as access_rules

__all__ = [
    "satudata_access_state_badge",
    "satudata_access_method_label",
    "satudata_access_notice",
    "satudata_access_my_requests",
    "check_access",
]

#: Types of the values of a data dict whose answer may be remembered.
_PLAIN = (str, int, float, bool, type(None))


@tk.chained_helper
def check_access(next_helper: Any, action: str,
                 data_dict: Optional[dict[str, Any]] = None) -> bool:
    """CKAN's ``h.check_access``, asked once per request for the same user,
    action and data: a page asks "may they edit this dataset?" for every
    resource, and each asking loads the user and their memberships again.
    Remembered only as ``site.per_request`` remembers (GET requests, per
    user, forgotten on any write); a data dict with other than plain values
    is asked every time."""
    items = tuple(sorted((data_dict or {}).items()))
    if not all(isinstance(value, _PLAIN) for _key, value in items):
        return next_helper(action, data_dict)
    return site.remembered(("h.check_access", action, items),
                           lambda: next_helper(action, data_dict))


_ACCESS_STATE_BADGES = {
    access_rules.DIAJUKAN: "bg-info text-dark",
    access_rules.DISETUJUI: "bg-success",
    access_rules.KEDALUWARSA: "bg-secondary",
    access_rules.DITOLAK: "bg-danger",
    access_rules.DICABUT: "bg-dark",
}


def satudata_access_state_badge(state: str) -> dict[str, str]:
    """{"state", "label", "css"} of an access request's state."""
    label = access_rules.STATE_LABELS_ID.get(state)
    return {"state": state, "label": tk._(label) if label else state,
            "css": _ACCESS_STATE_BADGES.get(state, "bg-secondary")}


def satudata_access_method_label(method: str) -> str:
    label = access_rules.METHOD_LABELS_ID.get(method)
    return tk._(label) if label else method


def satudata_access_notice(pkg_dict: dict[str, Any]) -> dict[str, Any] | None:
    """What the dataset page says about the access to a restricted
    dataset's data, for the current user; None for open data.

    ``{classification, requestable, privileged, grants: [request dicts in
    force], pending: request dict waiting for a decision or None}``.
    """
    package = model.Package.get(pkg_dict.get("id") or "")
    if package is None or not grants.data_restricted(package):
        return None
    user_name = site.current_user_name()
    notice: dict[str, Any] = {
        "classification": grants.classification(package),
        "requestable": grants.requestable(package),
        "privileged": bool(user_name) and grants.is_privileged(user_name, package),
        "grants": [], "pending": None,
    }
    if user_name and not notice["privileged"]:
        mine = tk.get_action("satudata_access_request_list")(
            {"user": user_name}, {"requester": user_name, "package_id": package.id})
        notice["grants"] = [r for r in mine["results"] if r["valid_now"]]
        notice["pending"] = next((r for r in mine["results"]
                                  if r["state"] == access_rules.DIAJUKAN), None)
    return notice


def satudata_access_my_requests(limit: int = 5) -> list[dict[str, Any]]:
    """The signed-in user's latest access requests (for the dashboard)."""
    user_name = site.current_user_name()
    if not user_name:
        return []
    return tk.get_action("satudata_access_request_list")(
        {"user": user_name}, {"requester": user_name, "limit": limit})["results"]
