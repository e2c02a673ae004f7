"""The workflow's state machine, as issue 5 describes it.

Pure unit tests: no CKAN application, no database. The expected behaviour is
written out here independently of the module's own table, and every
(state, action, role) combination is checked against it.
"""
from __future__ import annotations

import itertools

import pytest

from ckanext.satudata.workflow import states as wf
from ckanext.satudata.workflow.states import (
    ConcurrentDecision, TransitionNotAllowed, allowed_actions, next_state)

PIC, CURATOR = "pic", "curator"

# action: (from states, to state, role, note required, pending-revision precondition)
SPEC = {
    "submit": ({"draf", "dikembalikan", "ditarik"}, "diajukan", PIC, False, None),
    "approve": ({"diajukan"}, "terbit", CURATOR, False, None),
    "return": ({"diajukan"}, "dikembalikan", CURATOR, True, None),
    "withdraw": ({"terbit"}, "ditarik", CURATOR, True, None),
    "reopen": ({"dikembalikan"}, "draf", PIC, False, None),
    "submit_revision": ({"terbit"}, "terbit", PIC, False, False),
    "approve_revision": ({"terbit"}, "terbit", CURATOR, False, True),
    "return_revision": ({"terbit"}, "terbit", CURATOR, True, True),
    "unsubmit": ({"diajukan"}, "draf", PIC, False, None),
    "unsubmit_revision": ({"terbit"}, "terbit", PIC, False, True),
}
STATES = ["draf", "diajukan", "dikembalikan", "terbit", "ditarik"]
NOTE = "Tabel belum memuat data RW 05."


def _pending_for(precondition):
    """A pending-revision value satisfying the precondition."""
    return bool(precondition)


ALLOWED = [
    (state, action, spec[1])
    for action, spec in SPEC.items() for state in sorted(spec[0])
]
FORBIDDEN_STATE = [
    (state, action)
    for action, spec in SPEC.items() for state in STATES if state not in spec[0]
]


def test_states_and_public_states():
    assert wf.STATES == ("draf", "diajukan", "dikembalikan", "terbit", "ditarik")
    assert wf.PUBLIC_STATES == {"terbit"}
    assert wf.INITIAL_STATE == "draf"
    assert [s for s in STATES if wf.is_public(s)] == ["terbit"]


def test_every_state_and_action_has_labels_in_both_languages():
    for labels in (wf.STATE_LABELS_ID, wf.STATE_LABELS_EN):
        assert set(labels) == set(STATES) and all(labels.values())
    for labels in (wf.ACTION_LABELS_ID, wf.ACTION_LABELS_EN):
        assert set(labels) == set(SPEC) and all(labels.values())
    # The history also records a curator's override of personal-data findings.
    for labels in (wf.EVENT_LABELS_ID, wf.EVENT_LABELS_EN):
        assert set(labels) == set(SPEC) | {wf.PRIVACY_OVERRIDE} and all(labels.values())
    assert wf.STATE_LABELS_ID["terbit"] == "Terbit"
    assert wf.EVENT_LABELS_ID["submit_revision"] == "Revisi diajukan"


def test_the_table_is_the_specification():
    assert set(wf.TRANSITIONS) == set(SPEC) == set(wf.ACTIONS)
    for action, (from_states, to_state, role, note, pending) in SPEC.items():
        t = wf.TRANSITIONS[action]
        assert (set(t.from_states), t.to_state, t.role, t.note_required,
                t.pending_revision) == (from_states, to_state, role, note, pending)
        assert wf.required_role(action) == role


@pytest.mark.parametrize("state, action, expected", ALLOWED)
def test_allowed_transition(state, action, expected):
    role, note_required, pending = SPEC[action][2:]
    note = NOTE if note_required else None
    assert next_state(state, action, role, note,
                      pending_revision=_pending_for(pending)) == expected


@pytest.mark.parametrize("state, action", FORBIDDEN_STATE)
def test_not_allowed_from_this_state(state, action):
    role, _note, pending = SPEC[action][2:]
    with pytest.raises(TransitionNotAllowed) as err:
        next_state(state, action, role, NOTE, pending_revision=_pending_for(pending))
    assert err.value.reason_code == "wrong_state"
    label = wf.STATE_LABELS_ID[state]
    assert err.value.message == (
        f'Tindakan "{wf.ACTION_LABELS_ID[action]}" tidak dapat dilakukan pada '
        f"dataset berstatus {label}.")


@pytest.mark.parametrize("state, action, role", [
    (state, action, role)
    for action, spec in SPEC.items() for state in STATES
    for role in (PIC, CURATOR, "pengguna", "", None) if role != spec[2]
])
def test_wrong_role_is_refused_in_every_state(state, action, role):
    with pytest.raises(TransitionNotAllowed) as err:
        next_state(state, action, role, NOTE, pending_revision=bool(SPEC[action][4]))
    assert err.value.reason_code == "wrong_role"
    who = "kurator" if SPEC[action][2] == CURATOR else "PIC kelurahan pemilik dataset"
    assert err.value.message == f"Tindakan ini hanya dapat dilakukan oleh {who}."


def test_a_pic_never_publishes():
    for state in STATES:
        for action in ("approve", "approve_revision"):
            with pytest.raises(TransitionNotAllowed):
                next_state(state, action, PIC, NOTE, pending_revision=True)
    assert not {"approve", "approve_revision", "return", "withdraw"} & {
        action for state in STATES for pending in (False, True)
        for action in allowed_actions(state, {PIC}, pending_revision=pending)}


@pytest.mark.parametrize("action", [a for a, spec in SPEC.items() if spec[3]])
@pytest.mark.parametrize("note", [None, "", "   \n\t "])
def test_note_is_required(action, note):
    from_states, _to, role, _n, pending = SPEC[action]
    with pytest.raises(TransitionNotAllowed) as err:
        next_state(sorted(from_states)[0], action, role, note,
                   pending_revision=_pending_for(pending))
    assert err.value.reason_code == "note_required"
    assert "wajib diisi" in err.value.message


def test_note_required_messages_name_what_is_missing():
    def message(action, state, pending=False):
        with pytest.raises(TransitionNotAllowed) as err:
            next_state(state, action, CURATOR, " ", pending_revision=pending)
        return err.value.message

    assert message("return", "diajukan") == \
        "Catatan untuk PIC wajib diisi saat mengembalikan dataset."
    assert message("withdraw", "terbit") == "Alasan penarikan wajib diisi."
    assert message("return_revision", "terbit", True) == \
        "Catatan untuk PIC wajib diisi saat mengembalikan perubahan."


@pytest.mark.parametrize("action", [a for a, spec in SPEC.items() if not spec[3]])
def test_note_is_optional_elsewhere(action):
    from_states, to_state, role, _n, pending = SPEC[action]
    state = sorted(from_states)[0]
    for note in (None, "", "Sudah dilengkapi."):
        assert next_state(state, action, role, note,
                          pending_revision=_pending_for(pending)) == to_state


def test_too_long_note_is_refused():
    with pytest.raises(TransitionNotAllowed) as err:
        next_state("diajukan", "return", CURATOR, "x" * (wf.NOTE_MAX_LENGTH + 1))
    assert err.value.reason_code == "note_too_long"
    assert str(wf.NOTE_MAX_LENGTH) in err.value.message
    assert next_state("diajukan", "return", CURATOR,
                      "x" * wf.NOTE_MAX_LENGTH) == "dikembalikan"


def test_revision_needs_a_waiting_revision():
    for action in ("approve_revision", "return_revision"):
        with pytest.raises(TransitionNotAllowed) as err:
            next_state("terbit", action, CURATOR, NOTE, pending_revision=False)
        assert err.value.reason_code == "no_pending_revision"
    with pytest.raises(TransitionNotAllowed) as err:
        next_state("terbit", "submit_revision", PIC, pending_revision=True)
    assert err.value.reason_code == "revision_already_pending"


def test_pending_revision_flag_after_each_action():
    assert wf.pending_revision_after("submit_revision") is True
    for action in set(SPEC) - {"submit_revision"}:
        assert wf.pending_revision_after(action) is False


def test_withdraw_is_allowed_with_or_without_a_waiting_revision():
    for pending in (False, True):
        assert next_state("terbit", "withdraw", CURATOR, NOTE,
                          pending_revision=pending) == "ditarik"


@pytest.mark.parametrize("action", ["publish", "", None, "SUBMIT"])
def test_unknown_action(action):
    with pytest.raises(TransitionNotAllowed) as err:
        next_state("draf", action, PIC)
    assert err.value.reason_code == "unknown_action"
    with pytest.raises(TransitionNotAllowed):
        wf.required_role(action)


def test_unknown_current_state():
    with pytest.raises(TransitionNotAllowed) as err:
        next_state("dihapus", "submit", PIC)
    assert err.value.reason_code == "unknown_state"


@pytest.mark.parametrize("state, pending, roles", [
    (state, pending, roles)
    for state in STATES for pending in (False, True)
    for roles in (set(), {PIC}, {CURATOR}, {PIC, CURATOR}, {"pengguna"})
])
def test_allowed_actions_match_next_state(state, pending, roles):
    expected = []
    for action in SPEC:
        for role in roles:
            try:
                next_state(state, action, role, NOTE, pending_revision=pending)
            except TransitionNotAllowed:
                continue
            expected.append(action)
            break
    assert allowed_actions(state, roles, pending_revision=pending) == expected


def test_allowed_actions_examples():
    assert allowed_actions("draf", {PIC}) == ["submit"]
    assert allowed_actions("dikembalikan", {PIC}) == ["submit", "reopen"]
    # A submission is frozen: its PIC may only take it back.
    assert allowed_actions("diajukan", {PIC}) == ["unsubmit"]
    assert allowed_actions("diajukan", {CURATOR}) == ["approve", "return"]
    assert allowed_actions("terbit", {CURATOR}) == ["withdraw"]
    assert allowed_actions("terbit", {CURATOR}, pending_revision=True) == [
        "withdraw", "approve_revision", "return_revision"]
    assert allowed_actions("terbit", {PIC}) == ["submit_revision"]
    assert allowed_actions("terbit", {PIC}, pending_revision=True) == ["unsubmit_revision"]
    assert allowed_actions("ditarik", {PIC}) == ["submit"]
    assert allowed_actions("ditarik", {CURATOR}) == []
    assert allowed_actions("draf", set()) == []


def test_every_state_is_reachable_from_the_initial_state():
    reached, frontier = {wf.INITIAL_STATE}, [wf.INITIAL_STATE]
    while frontier:
        state = frontier.pop()
        for action, (from_states, to_state, *_rest) in SPEC.items():
            if state in from_states and to_state not in reached:
                reached.add(to_state)
                frontier.append(to_state)
    assert reached == set(STATES)


def test_errors_render_with_a_translator():
    with pytest.raises(TransitionNotAllowed) as err:
        next_state("terbit", "approve", CURATOR)
    english = {
        'Tindakan "{action}" tidak dapat dilakukan pada dataset berstatus {state}.':
            'The action "{action}" is not possible on a dataset in state {state}.',
        "Setujui dan terbitkan": "Approve and publish",
        "Terbit": "Published",
    }
    translate = lambda text: english.get(text, text)  # noqa: E731
    assert err.value.render(translate) == \
        'The action "Approve and publish" is not possible on a dataset in state Published.'
    assert err.value.as_dict() == {
        "reason": "wrong_state",
        "message": 'Tindakan "Setujui dan terbitkan" tidak dapat dilakukan pada '
                   "dataset berstatus Terbit."}
    assert str(err.value) == err.value.message


def test_concurrent_decision_message():
    err = ConcurrentDecision("terbit")
    assert isinstance(err, wf.WorkflowError)
    assert not isinstance(err, TransitionNotAllowed)
    assert err.reason_code == "concurrent_decision"
    assert err.current_state == "terbit"
    assert err.message == ("Dataset ini baru saja diputuskan oleh kurator lain "
                           "(status sekarang: Terbit). Muat ulang halaman.")


def test_workflow_package_does_not_import_ckan_or_sqlalchemy():
    import subprocess
    import sys
    code = ("import sys, ckanext.satudata.workflow; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('ckan', 'sqlalchemy')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_combinations_are_all_covered():
    combos = set(itertools.product(STATES, SPEC))
    covered = {(s, a) for s, a, _ in ALLOWED} | set(FORBIDDEN_STATE)
    assert combos == covered
