"""The publishing workflow as data: states, actions, who may take them.

This module is the single source of truth for the review states of a
dataset and the transitions between them. It is plain Python (no CKAN, no
SQLAlchemy), so that it can be unit-tested and reused everywhere: action
functions, auth functions, templates, the database layer.

    submit            draf, dikembalikan, ditarik -> diajukan    PIC
    approve           diajukan -> terbit                         curator
    return            diajukan -> dikembalikan (note required)   curator
    withdraw          terbit -> ditarik (reason required)        curator
    reopen            dikembalikan -> draf                       PIC
    unsubmit          diajukan -> draf (to change it)            PIC
    submit_revision   terbit -> terbit, revision now pending     PIC
    approve_revision  terbit -> terbit, revision published       curator
    return_revision   terbit -> terbit, revision refused (note)  curator
    unsubmit_revision terbit -> terbit, revision taken back      PIC

User-facing texts are Indonesian source strings (the project's msgids),
marked with ``N_`` so that ``pybabel extract`` collects them; callers
translate them at display time (``toolkit._(label)``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from ckanext.satudata.translation import N_


# --- states ------------------------------------------------------------------

DRAF = "draf"
DIAJUKAN = "diajukan"
DIKEMBALIKAN = "dikembalikan"
TERBIT = "terbit"
DITARIK = "ditarik"

#: Every state, in the order of the workflow (for facets, filters, badges).
STATES: tuple[str, ...] = (DRAF, DIAJUKAN, DIKEMBALIKAN, TERBIT, DITARIK)

#: The state of a new dataset, and of a dataset that has no status row yet.
INITIAL_STATE = DRAF

#: States in which a dataset is visible to the public. Every other state is
#: visible only to the owning kelurahan's members and to curators.
PUBLIC_STATES: frozenset[str] = frozenset({TERBIT})

STATE_LABELS_ID: dict[str, str] = {
    DRAF: N_("Draf"),
    DIAJUKAN: N_("Diajukan"),
    DIKEMBALIKAN: N_("Dikembalikan"),
    TERBIT: N_("Terbit"),
    DITARIK: N_("Ditarik"),
}

STATE_LABELS_EN: dict[str, str] = {
    DRAF: "Draft",
    DIAJUKAN: "Submitted",
    DIKEMBALIKAN: "Returned",
    TERBIT: "Published",
    DITARIK: "Withdrawn",
}

# --- roles -------------------------------------------------------------------

#: An editor or admin of the kelurahan organisation that owns the dataset.
ROLE_PIC = "pic"
#: A member of the curator organisation (Diskominfo), or a sysadmin.
ROLE_CURATOR = "curator"
ROLES: tuple[str, ...] = (ROLE_PIC, ROLE_CURATOR)

# --- actions -----------------------------------------------------------------

SUBMIT = "submit"
APPROVE = "approve"
RETURN = "return"
WITHDRAW = "withdraw"
REOPEN = "reopen"
SUBMIT_REVISION = "submit_revision"
UNSUBMIT = "unsubmit"
UNSUBMIT_REVISION = "unsubmit_revision"
APPROVE_REVISION = "approve_revision"
RETURN_REVISION = "return_revision"

#: Not a transition: a curator's decision that the personal-data findings
#: of a resource do not stop its submission (kept in the review history).
PRIVACY_OVERRIDE = "privacy_override"

#: Longest note (curator's note, withdrawal reason, PIC's comment) accepted.
NOTE_MAX_LENGTH = 4000


@dataclass(frozen=True)
class Transition:
    """One row of the transitions table.

    `pending_revision` is the precondition on the dataset's pending-revision
    flag (None: any value; True: a revision must be waiting for review;
    False: none may be waiting). `pending_revision_after` is the value of the
    flag after the transition.
    """

    action: str
    from_states: frozenset[str]
    to_state: str
    role: str
    note_required: bool = False
    pending_revision: bool | None = None
    pending_revision_after: bool = False
    note_required_message: str = field(default="", compare=False)


TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    # The PIC sends a draft, a returned or a withdrawn dataset for review.
    Transition(SUBMIT, frozenset({DRAF, DIKEMBALIKAN, DITARIK}), DIAJUKAN, ROLE_PIC),
    # The curator publishes a submitted dataset.
    Transition(APPROVE, frozenset({DIAJUKAN}), TERBIT, ROLE_CURATOR),
    # The curator sends a submitted dataset back to the PIC, saying why.
    Transition(RETURN, frozenset({DIAJUKAN}), DIKEMBALIKAN, ROLE_CURATOR,
               note_required=True,
               note_required_message=N_(
                   "Catatan untuk PIC wajib diisi saat mengembalikan dataset.")),
    # The curator takes a published dataset (and any revision waiting) off
    # the public portal, saying why.
    Transition(WITHDRAW, frozenset({TERBIT}), DITARIK, ROLE_CURATOR,
               note_required=True,
               note_required_message=N_("Alasan penarikan wajib diisi.")),
    # The PIC takes a returned dataset back to draft to rework it.
    Transition(REOPEN, frozenset({DIKEMBALIKAN}), DRAF, ROLE_PIC),
    # The PIC takes a submission back, to change it (a submitted dataset
    # cannot be changed: the curator publishes what they reviewed).
    Transition(UNSUBMIT, frozenset({DIAJUKAN}), DRAF, ROLE_PIC),
    # The PIC asks for an edit of a published dataset to be published; the
    # public keeps the approved version meanwhile.
    Transition(SUBMIT_REVISION, frozenset({TERBIT}), TERBIT, ROLE_PIC,
               pending_revision=False, pending_revision_after=True),
    # The curator publishes the waiting revision.
    Transition(APPROVE_REVISION, frozenset({TERBIT}), TERBIT, ROLE_CURATOR,
               pending_revision=True, pending_revision_after=False),
    # The curator refuses the waiting revision, saying why; the approved
    # version stays public.
    Transition(RETURN_REVISION, frozenset({TERBIT}), TERBIT, ROLE_CURATOR,
               note_required=True, pending_revision=True, pending_revision_after=False,
               note_required_message=N_(
                   "Catatan untuk PIC wajib diisi saat mengembalikan perubahan.")),
    # The PIC takes a submitted edit back, to change it further.
    Transition(UNSUBMIT_REVISION, frozenset({TERBIT}), TERBIT, ROLE_PIC,
               pending_revision=True, pending_revision_after=False),
)}

#: Every action, in the order of the table.
ACTIONS: tuple[str, ...] = tuple(TRANSITIONS)

#: The workflow actions that have a button on the dataset page (each one is
#: an API action ``satudata_<action>``), in the order of the buttons.
REVIEW_FORM_ACTIONS: tuple[str, ...] = (SUBMIT, APPROVE, RETURN, WITHDRAW, UNSUBMIT)

#: Button texts: what the user does.
ACTION_LABELS_ID: dict[str, str] = {
    SUBMIT: N_("Ajukan untuk ditinjau"),
    APPROVE: N_("Setujui dan terbitkan"),
    RETURN: N_("Kembalikan dengan catatan"),
    WITHDRAW: N_("Tarik dari publikasi"),
    REOPEN: N_("Ubah kembali menjadi draf"),
    SUBMIT_REVISION: N_("Ajukan perubahan"),
    APPROVE_REVISION: N_("Setujui perubahan"),
    RETURN_REVISION: N_("Kembalikan perubahan"),
    UNSUBMIT: N_("Tarik kembali pengajuan"),
    UNSUBMIT_REVISION: N_("Tarik kembali pengajuan perubahan"),
}

ACTION_LABELS_EN: dict[str, str] = {
    SUBMIT: "Submit for review",
    APPROVE: "Approve and publish",
    RETURN: "Return with a note",
    WITHDRAW: "Withdraw from publication",
    REOPEN: "Change back to draft",
    SUBMIT_REVISION: "Submit changes",
    APPROVE_REVISION: "Approve changes",
    RETURN_REVISION: "Return changes",
    UNSUBMIT: "Take the submission back",
    UNSUBMIT_REVISION: "Take the submitted changes back",
}

#: Review-history texts: what happened (one history event per action).
EVENT_LABELS_ID: dict[str, str] = {
    SUBMIT: N_("Diajukan"),
    APPROVE: N_("Diterbitkan"),
    RETURN: N_("Dikembalikan"),
    WITHDRAW: N_("Ditarik"),
    REOPEN: N_("Dibuka kembali sebagai draf"),
    SUBMIT_REVISION: N_("Revisi diajukan"),
    APPROVE_REVISION: N_("Revisi diterbitkan"),
    RETURN_REVISION: N_("Revisi dikembalikan"),
    UNSUBMIT: N_("Pengajuan ditarik kembali oleh PIC"),
    UNSUBMIT_REVISION: N_("Pengajuan revisi ditarik kembali oleh PIC"),
    PRIVACY_OVERRIDE: N_("Temuan data pribadi dikesampingkan kurator"),
}

EVENT_LABELS_EN: dict[str, str] = {
    SUBMIT: "Submitted",
    APPROVE: "Published",
    RETURN: "Returned",
    WITHDRAW: "Withdrawn",
    REOPEN: "Reopened as draft",
    SUBMIT_REVISION: "Revision submitted",
    APPROVE_REVISION: "Revision published",
    RETURN_REVISION: "Revision returned",
    UNSUBMIT: "Submission taken back by the PIC",
    UNSUBMIT_REVISION: "Revision submission taken back by the PIC",
    PRIVACY_OVERRIDE: "Personal-data findings overridden by a curator",
}

# --- errors ------------------------------------------------------------------

# Reason codes of TransitionNotAllowed (stable, machine-readable).
UNKNOWN_ACTION = "unknown_action"
UNKNOWN_STATE = "unknown_state"
WRONG_ROLE = "wrong_role"
WRONG_STATE = "wrong_state"
NO_PENDING_REVISION = "no_pending_revision"
REVISION_ALREADY_PENDING = "revision_already_pending"
NOTE_REQUIRED = "note_required"
NOTE_TOO_LONG = "note_too_long"
# Reason code of ConcurrentDecision.
CONCURRENT_DECISION = "concurrent_decision"

_ROLE_MESSAGES = {
    ROLE_PIC: N_("Tindakan ini hanya dapat dilakukan oleh PIC kelurahan pemilik dataset."),
    ROLE_CURATOR: N_("Tindakan ini hanya dapat dilakukan oleh kurator."),
}


class WorkflowError(Exception):
    """A refused workflow step, with a message for the user.

    `reason_code` is a stable identifier (see the reason-code constants).
    `message_id` is the Indonesian message template, which is also its
    translation msgid; `params` fill its ``{placeholders}``. String
    parameters are themselves msgids (state or action labels) or plain
    values that gettext returns unchanged. `message` is the Indonesian text.
    """

    def __init__(self, reason_code: str, message_id: str,
                 params: Mapping[str, Any] | None = None) -> None:
        self.reason_code = reason_code
        self.message_id = message_id
        self.params: dict[str, Any] = dict(params or {})
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The message in Indonesian (the source language)."""
        return self.render()

    def render(self, translate: Callable[[str], str] = lambda text: text) -> str:
        """Returns the message translated with `translate` (e.g. ``toolkit._``)."""
        params = {key: translate(value) if isinstance(value, str) else value
                  for key, value in self.params.items()}
        return translate(self.message_id).format(**params)

    def as_dict(self, translate: Callable[[str], str] = lambda text: text) -> dict[str, str]:
        """The error as a JSON-serialisable dict, e.g. for an API response."""
        return {"reason": self.reason_code, "message": self.render(translate)}


class TransitionNotAllowed(WorkflowError):
    """The action may not be taken: unknown action, wrong role, wrong state,
    revision precondition, or a missing/too long note."""


class ConcurrentDecision(WorkflowError):
    """Someone else changed the dataset's state since the user loaded it."""

    def __init__(self, current_state: str) -> None:
        self.current_state = current_state
        super().__init__(
            CONCURRENT_DECISION,
            N_("Dataset ini baru saja diputuskan oleh kurator lain "
               "(status sekarang: {state}). Muat ulang halaman."),
            {"state": state_label(current_state)})


# --- functions ---------------------------------------------------------------

def state_label(state: str) -> str:
    """The Indonesian label (msgid) of `state`, or `state` itself if unknown."""
    return STATE_LABELS_ID.get(state, state)


def required_role(action: str) -> str:
    """The role that may take `action`; raises TransitionNotAllowed if unknown."""
    return _transition(action).role


def is_public(state: str) -> bool:
    """Whether a dataset in `state` is visible to the public."""
    return state in PUBLIC_STATES


def next_state(current_state: str, action: str, role: str, note: str | None = None,
               *, pending_revision: bool = False) -> str:
    """Returns the state after `role` takes `action` on a dataset in `current_state`.

    `note` is the curator's note or reason (required for return, withdraw and
    return_revision). `pending_revision` says whether an edit of the
    published dataset is waiting for review.

    Raises TransitionNotAllowed, checking in this order: unknown action,
    unknown current state, wrong role, wrong state, revision precondition,
    note.
    """
    transition = _transition(action)
    if current_state not in STATES:
        raise TransitionNotAllowed(
            UNKNOWN_STATE, N_("Status dataset \"{state}\" tidak dikenal."),
            {"state": current_state})
    if role != transition.role:
        raise TransitionNotAllowed(WRONG_ROLE, _ROLE_MESSAGES[transition.role])
    if current_state not in transition.from_states:
        raise TransitionNotAllowed(
            WRONG_STATE,
            N_("Tindakan \"{action}\" tidak dapat dilakukan pada dataset "
               "berstatus {state}."),
            {"action": ACTION_LABELS_ID[action], "state": state_label(current_state)})
    if transition.pending_revision is True and not pending_revision:
        raise TransitionNotAllowed(
            NO_PENDING_REVISION,
            N_("Tidak ada perubahan yang menunggu persetujuan pada dataset ini."))
    if transition.pending_revision is False and pending_revision:
        raise TransitionNotAllowed(
            REVISION_ALREADY_PENDING,
            N_("Perubahan dataset ini sudah diajukan dan sedang menunggu "
               "keputusan kurator."))
    cleaned = clean_note(note)
    if transition.note_required and not cleaned:
        raise TransitionNotAllowed(NOTE_REQUIRED, transition.note_required_message)
    if cleaned and len(cleaned) > NOTE_MAX_LENGTH:
        raise TransitionNotAllowed(
            NOTE_TOO_LONG, N_("Catatan terlalu panjang (paling banyak {limit} karakter)."),
            {"limit": NOTE_MAX_LENGTH})
    return transition.to_state


def allowed_actions(state: str, roles: Iterable[str], *,
                    pending_revision: bool = False) -> list[str]:
    """The actions a user holding `roles` may take on a dataset in `state`,
    in table order (the note, which only the user can give, is not checked).
    """
    held = set(roles)
    return [
        t.action for t in TRANSITIONS.values()
        if t.role in held
        and state in t.from_states
        and (t.pending_revision is None or t.pending_revision == pending_revision)
    ]


#: On a published dataset, the steps of the web form and of the API
#: (submit, approve, return) apply to its edit.
_REVISION_STEP: dict[str, str] = {
    SUBMIT: SUBMIT_REVISION,
    APPROVE: APPROVE_REVISION,
    RETURN: RETURN_REVISION,
    UNSUBMIT: UNSUBMIT_REVISION,
}


def resolve_action(action: str, state: str, *, pending_revision: bool = False) -> str:
    """The transition a request for `action` means on a dataset in `state`:
    submit on a published dataset submits its edit; approve and return on a
    published dataset with an edit waiting decide on the edit. Any other
    request is taken as it is (and checked by `next_state`)."""
    revision_step = _REVISION_STEP.get(action)
    if revision_step is None or state not in TRANSITIONS[revision_step].from_states:
        return action
    if action == SUBMIT or pending_revision:
        return revision_step
    return action


def form_action(action: str) -> str:
    """The request (submit, approve, return, withdraw, reopen) that leads to
    the transition `action`: the inverse of `resolve_action`."""
    for requested, revision_step in _REVISION_STEP.items():
        if revision_step == action:
            return requested
    return action


def pending_revision_after(action: str) -> bool:
    """The pending-revision flag after `action` has been taken."""
    return _transition(action).pending_revision_after


def clean_note(note: str | None) -> str | None:
    """`note` without surrounding whitespace, or None when empty."""
    if note is None:
        return None
    cleaned = str(note).strip()
    return cleaned or None


def _transition(action: str) -> Transition:
    try:
        return TRANSITIONS[action]
    except (KeyError, TypeError):
        raise TransitionNotAllowed(
            UNKNOWN_ACTION, N_("Tindakan \"{action}\" tidak dikenal."),
            {"action": str(action)}) from None
