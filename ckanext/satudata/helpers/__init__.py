"""Template helpers."""
from __future__ import annotations

import datetime
import functools
from typing import Any

import babel.dates
import flask_babel

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata import site
from ckanext.satudata import reference
from ckanext.satudata.access import grants
from ckanext.satudata.downloads import planner
from ckanext.satudata.workflow import roles
from ckanext.satudata.web import security_headers
from ckanext.satudata.access import rules as access_rules
from ckanext.satudata.helpers.dates import render_datetime
from ckanext.satudata.privacy.guard import satudata_privacy_scan, satudata_privacy_summary
from ckanext.satudata.maps.kinds import KINDS
from ckanext.satudata.model import DatasetStatus
from ckanext.satudata.web.page_json import script_json
from ckanext.satudata.workflow import states
from ckanext.satudata.translation import N_


__all__ = [
    "satudata_privacy_summary",
    "satudata_privacy_scan",
    "render_datetime",
    "satudata_kecamatan_choices",
    "satudata_curator_organization",
    "satudata_point_kind_choices",
    "satudata_required_statistic_choices",
    "satudata_upload_template",
    "satudata_city_extent",
    "satudata_kelurahan_page_url",
    "satudata_pic_worklist",
    "satudata_state_label",
    "satudata_dataset_type_label",
    "satudata_is_curator",
    "satudata_state_badge",
    "satudata_package_state",
    "satudata_review_panel",
    "satudata_datetime",
    "satudata_access_notice",
    "satudata_access_state_badge",
    "satudata_access_method_label",
    "satudata_access_my_requests",
    "satudata_date",
    "satudata_number",
    "satudata_home_summary",
    "satudata_search_zip",
    "satudata_json",
    "satudata_csp_nonce",
    "satudata_csp_inline_scripts",
]


def satudata_kecamatan_choices(field: dict[str, Any] | None = None
                               ) -> list[dict[str, str]]:
    """Choices for the kecamatan select (used by scheming's choices_helper)."""
    return [{"value": name, "label": name}
            for name in reference.kecamatan_names()]


def satudata_curator_organization() -> str:
    return config.curator_organization()


def satudata_point_kind_choices(field: dict[str, Any] | None = None
                                ) -> list[dict[str, Any]]:
    """Choices for a peta-titik layer's kind, labelled in both languages."""
    return [{"value": kind.code,
             "label": {"id": kind.label_id, "en": kind.label_en}}
            for kind in KINDS.values()]


def satudata_required_statistic_choices(field: dict[str, Any] | None = None
                                        ) -> list[dict[str, str]]:
    """Choices for a statistic's required indicator (`kode_indikator`): the
    statistics of ``ckanext.satudata.required_statistics``."""
    return [{"value": statistic.code, "label": statistic.name}
            for statistic in config.required_statistics()]


def satudata_upload_template(package_id_or_name: str | None
                             ) -> dict[str, str] | None:
    """The CSV template for uploads to this dataset: {"url", "label"}."""
    package = model.Package.get(package_id_or_name) if package_id_or_name else None
    if package is None:
        return None
    if package.type == "peta-titik":
        kind = KINDS.get(package.extras.get("jenis_titik", ""))
        if kind is None:
            return None
        name = kind.code
        label = kind.label_en if tk.h.lang() == "en" else kind.label_id
    elif package.type in ("statistik-sektoral", "profil-kelurahan"):
        name = package.type
        label = tk._("statistik sektoral") if name == "statistik-sektoral" \
            else tk._("profil kelurahan")
    else:
        return None
    return {"url": tk.url_for("satudata_templates.download", name=name),
            "label": label}


def satudata_city_extent() -> list[list[float]]:
    """The city's extent as [[south, west], [north, east]], for map widgets."""
    from ckanext.satudata.maps.layers import city_bbox
    min_lon, min_lat, max_lon, max_lat = city_bbox()
    return [[min_lat, min_lon], [max_lat, max_lon]]


def satudata_kelurahan_page_url(organization_name: str | None) -> str | None:
    """The URL of the kelurahan page (profile, map, datasets) of a kelurahan
    organisation, or None for other organisations."""
    kelurahan = reference.by_organization_name(organization_name or "")
    return tk.url_for("satudata_kelurahan.read", name=kelurahan.slug) if kelurahan else None


# -- Publishing workflow -----------------------------------------------------

#: Labels of the note field of the actions that need one.
_NOTE_LABELS = {
    states.RETURN: N_("Catatan untuk PIC"),
    states.WITHDRAW: N_("Alasan penarikan"),
}

_TYPE_LABELS = {
    "statistik-sektoral": N_("Statistik sektoral"),
    "profil-kelurahan": N_("Profil kelurahan"),
    "peta-titik": N_("Peta titik"),
}

#: Bootstrap badge colours of the states.
_STATE_BADGES = {
    states.DRAF: "bg-secondary",
    states.DIAJUKAN: "bg-info text-dark",
    states.DIKEMBALIKAN: "bg-warning text-dark",
    states.TERBIT: "bg-success",
    states.DITARIK: "bg-danger",
}


def satudata_state_label(state: str | None) -> str:
    """The translated label of a review state ("Draf", "Diajukan", ...)."""
    state = state or states.INITIAL_STATE
    return tk._(states.state_label(state))


def satudata_dataset_type_label(dataset_type: str | None) -> str:
    """The translated human name of a dataset type."""
    label = _TYPE_LABELS.get(dataset_type or "")
    return tk._(label) if label else (dataset_type or "")


def satudata_is_curator() -> bool:
    """Whether the logged-in user is a curator (or a sysadmin)."""
    return roles.is_curator(site.current_user_name())


def satudata_state_badge(state: str | None) -> dict[str, str]:
    """{"state", "label", "css"} for showing a state as a badge."""
    state = state or states.INITIAL_STATE
    return {"state": state, "label": satudata_state_label(state),
            "css": _STATE_BADGES.get(state, "bg-secondary")}


def satudata_package_state(pkg_dict: dict[str, Any]) -> str:
    """The review state of a dataset dict: its `satudata_status` (added by
    package_show and the search index), else read from the database."""
    return pkg_dict.get("satudata_status") or DatasetStatus.state_of(pkg_dict["id"])


def satudata_review_panel(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """What the review panel of a dataset page shows to the current user.

    Returns ``{state, label, css, version, actions, last_note, history,
    show_history, pending_revision, changes}``. `actions` lists the workflow
    buttons the user may press (``{action, label, url, note_required,
    note_label}``; on a published dataset submit, approve and return apply
    to its edit). The PIC of the dataset's kelurahan and curators also get
    the review history, the curator's latest return note, and the changes of
    an edit of a published dataset (see satudata_revision_changes). Everyone
    else gets only the state badge.
    """
    user_name = site.current_user_name()
    status = DatasetStatus.get(pkg_dict["id"])
    state = status.state if status else states.INITIAL_STATE
    pending = bool(status and status.has_pending_revision)
    user_roles = roles.roles_for(user_name, pkg_dict.get("owner_org"))
    changes = None
    if user_roles and states.is_public(state):
        try:
            changes = tk.get_action("satudata_revision_changes")(
                {"user": user_name}, {"id": pkg_dict["id"]})
        except (tk.NotAuthorized, tk.ObjectNotFound):
            changes = None
    has_changes = bool(changes and (changes["fields"] or changes["resources"]))
    actions = []
    for action in states.allowed_actions(state, user_roles, pending_revision=pending):
        requested = states.form_action(action)
        if requested not in states.REVIEW_FORM_ACTIONS:
            continue
        if action == states.SUBMIT_REVISION and not has_changes:
            continue
        note_label = _NOTE_LABELS.get(requested)
        actions.append({
            "action": requested,
            "label": tk._(states.ACTION_LABELS_ID[action]),
            "url": tk.url_for("satudata_review.take", id=pkg_dict["name"],
                              action=requested),
            "note_required": states.TRANSITIONS[action].note_required,
            "note_label": tk._(note_label) if note_label else None,
        })
    history: list[dict[str, Any]] = []
    if user_roles:
        try:
            history = tk.get_action("satudata_review_history")(
                {"user": user_name}, {"id": pkg_dict["id"]})
        except (tk.NotAuthorized, tk.ObjectNotFound):
            history = []
    last_note = None
    if history and history[-1]["action"] in (states.RETURN, states.RETURN_REVISION):
        last_note = history[-1]
    return dict(
        satudata_state_badge(state),
        version=status.version if status else 0,
        actions=actions,
        last_note=last_note,
        history=list(reversed(history)),
        show_history=bool(user_roles),
        pending_revision=pending,
        changes=changes if has_changes else None,
    )


def satudata_datetime(value: str | datetime.datetime | None) -> str:
    """A UTC timestamp as a date and time in the user's language and the
    portal's time zone, e.g. "23 November 2026, 22.06" in Indonesian."""
    if not value:
        return ""
    moment = tk.h.date_str_to_datetime(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return "{}, {}".format(flask_babel.format_date(moment, "long"),
                           flask_babel.format_time(moment, "short"))


def satudata_date(value: str | datetime.date | None, format: str = "long") -> str:
    """A calendar date (ISO string or date) in the user's language, e.g.
    "23 November 2026" (long) or "23 Nov 2026" (medium) in Indonesian."""
    if not value:
        return ""
    day = datetime.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return _format_date(day, format, str(flask_babel.get_locale()))


@functools.lru_cache(maxsize=8192)
def _format_date(day: datetime.date, format: str, locale: str) -> str:
    # Pages such as the completeness dashboard show hundreds of dates.
    return babel.dates.format_date(day, format, locale=locale)


def satudata_pic_worklist() -> list[dict[str, Any]]:
    """The signed-in PIC's unpublished datasets (see satudata_pic_worklist)."""
    if not tk.current_user.is_authenticated:
        return []
    return tk.get_action("satudata_pic_worklist")(site.user_context(), {})


# -- Open statistics and downloads ------------------------------------------

def satudata_number(value: float | int | str | None, decimals: int | None = None) -> str:
    """A number in the user's language, e.g. 1.234,5 in Indonesian; with
    `decimals`, exactly that many digits after the decimal comma (else up
    to two, none for whole numbers). Empty for None."""
    if value is None or value == "":
        return ""
    number = float(value)
    if decimals is None:
        pattern = "#,##0" if number.is_integer() else "#,##0.##"
    else:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return flask_babel.format_decimal(number, format=pattern)


def satudata_home_summary() -> dict[str, Any]:
    """The home page's counts of published datasets (see
    satudata_statistics_summary), for the current user."""
    return tk.get_action("satudata_statistics_summary")(site.user_context(), {})


def satudata_search_zip(item_count: int) -> dict[str, Any]:
    """The ZIP download of the current search: {url, limit, allowed}."""
    limit = config.download_zip_max_datasets()
    return {"url": planner.zip_url(tk.request.args), "limit": limit,
            "allowed": 0 < item_count <= limit}


# -- Access to restricted data -------------------------------------------------

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


# -- Output encoding and the Content-Security-Policy --------------------------

def satudata_json(value: Any) -> Any:
    """`value` as JSON for the inside of a ``<script>`` element (``<``,
    ``>``, ``&`` escaped, see page_json): the only way a template writes
    JSON into an element."""
    return script_json(value)


def satudata_csp_nonce() -> str:
    """The nonce that lets one inline script written by a template run
    under this page's Content-Security-Policy (see security_headers)."""
    return security_headers.csp_nonce()


def satudata_csp_inline_scripts() -> str:
    """Called by an overridden CKAN core template that has inline event
    handlers: lets this page run inline scripts (see security_headers)."""
    return security_headers.allow_inline_scripts()
