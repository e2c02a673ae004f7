"""Template helpers of the publishing workflow: states, badges, the review panel, the PIC's worklist."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import reference, site
from ckanext.satudata.workflow import roles
from ckanext.satudata.model import DatasetStatus
from ckanext.satudata.workflow import states
from ckanext.satudata.translation import N_
from ckanext.satudata.dataset_types import words as type_words

__all__ = [
    "satudata_state_label",
    "satudata_dataset_type_label",
    "satudata_is_curator",
    "satudata_state_badge",
    "satudata_package_state",
    "satudata_review_panel",
    "satudata_pic_worklist",
]


#: Labels of the note field of the actions that need one.
_NOTE_LABELS = {
    states.RETURN: N_("Catatan untuk PIC"),
    states.WITHDRAW: N_("Alasan penarikan"),
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


def dataset_type_label(dataset_type: str | None) -> str | None:
    """The translated name of one of the portal's dataset types, in the
    region's words ("Profil desa" where the region has desa), or None."""
    region = reference.current()
    msgid = type_words.type_label_msgid(dataset_type or "", region.jenis_plural)
    return region.fill_text(tk._(msgid)) if msgid else None


def satudata_dataset_type_label(dataset_type: str | None) -> str:
    """The translated human name of a dataset type."""
    return dataset_type_label(dataset_type) or dataset_type or ""


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
    status = DatasetStatus.of_request(pkg_dict["id"])
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


def satudata_pic_worklist() -> list[dict[str, Any]]:
    """The signed-in PIC's unpublished datasets (see satudata_pic_worklist)."""
    if not tk.current_user.is_authenticated:
        return []
    return tk.get_action("satudata_pic_worklist")(site.user_context(), {})
