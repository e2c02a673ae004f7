"""Workflow transitions in the database: one history row per decision,
nothing written on refusal, and two curators deciding at once.

Runs with CKAN's pytest plugin against the real PostgreSQL (test.ini).
"""
from __future__ import annotations

import datetime
import threading
import time

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

import ckan.model as model
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from ckanext.satudata.model import DatasetStatus, ReviewEvent, utcnow
from ckanext.satudata.model.transitions import ensure_status, lock_status, transition
from ckanext.satudata.workflow.states import (
    ConcurrentDecision, TransitionNotAllowed)

pytestmark = pytest.mark.usefixtures("with_plugins", "satudata_db")


@pytest.fixture
def pic():
    return factories.User(name="pic-balowerti")


@pytest.fixture
def curator():
    return factories.User(name="kurator")


@pytest.fixture
def dataset(make_dataset):
    return make_dataset()


def _events(package_id):
    model.Session.expire_all()
    return ReviewEvent.for_package(package_id)


def _status(package_id):
    model.Session.expire_all()
    return DatasetStatus.get(package_id)


def _decide(package_id, action, user, role, note=None, expected_version=None):
    """One transition in CKAN's session, committed like an action would."""
    try:
        event = transition(model.Session, package_id, action, user["id"], role, note,
                           expected_version=expected_version)
    except Exception:
        model.Session.rollback()
        raise
    model.Session.commit()
    return event


def _wait_until_waiting_for_a_lock(backend_pid, timeout=30.0):
    """Returns once PostgreSQL backend `backend_pid` waits for a lock."""
    deadline = time.monotonic() + timeout
    with model.meta.engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(sa.text(
                "SELECT count(*) FROM pg_locks WHERE pid = :pid AND NOT granted"),
                {"pid": backend_pid}).scalar()
            conn.rollback()
            if waiting:
                return
            threading.Event().wait(0.005)
    raise AssertionError(f"backend {backend_pid} never waited for the row lock")


def test_a_transition_records_who_when_from_to_and_note(dataset, pic, curator):
    before = utcnow()
    _decide(dataset["id"], "submit", pic, "pic")
    event = _decide(dataset["id"], "return", curator, "curator",
                    note="  Satuan belum diisi.\n")
    after = utcnow()

    events = _events(dataset["id"])
    assert [(e.action, e.from_state, e.to_state, e.actor_id) for e in events] == [
        ("submit", "draf", "diajukan", pic["id"]),
        ("return", "diajukan", "dikembalikan", curator["id"]),
    ]
    returned = events[1]
    assert returned.id == event.id
    assert returned.note == "Satuan belum diisi."
    assert events[0].note is None
    assert before <= events[0].created <= returned.created <= after
    assert returned.created.tzinfo is None  # naive UTC, as CKAN stores times
    assert returned.decision_key == "diajukan@1"

    status = _status(dataset["id"])
    assert (status.state, status.version, status.has_pending_revision) == (
        "dikembalikan", 2, False)
    assert status.updated == returned.created


def test_the_whole_workflow(dataset, pic, curator):
    steps = [
        ("submit", pic, "pic", None, "diajukan"),
        ("return", curator, "curator", "Lengkapi definisi.", "dikembalikan"),
        ("reopen", pic, "pic", None, "draf"),
        ("submit", pic, "pic", "Definisi sudah dilengkapi.", "diajukan"),
        ("approve", curator, "curator", None, "terbit"),
        ("submit_revision", pic, "pic", None, "terbit"),
        ("return_revision", curator, "curator", "Angka bulan Mei keliru.", "terbit"),
        ("submit_revision", pic, "pic", None, "terbit"),
        ("approve_revision", curator, "curator", None, "terbit"),
        ("withdraw", curator, "curator", "Data diganti sumber resmi BPS.", "ditarik"),
        ("submit", pic, "pic", None, "diajukan"),
    ]
    pending_after = []
    for action, user, role, note, expected in steps:
        event = _decide(dataset["id"], action, user, role, note)
        assert event.to_state == expected
        pending_after.append(_status(dataset["id"]).has_pending_revision)

    events = _events(dataset["id"])
    assert [e.action for e in events] == [step[0] for step in steps]
    assert [e.note for e in events] == [step[3] for step in steps]
    assert all(earlier.to_state == later.from_state
               for earlier, later in zip(events, events[1:]))
    assert len({e.decision_key for e in events}) == len(steps)
    assert pending_after == [False, False, False, False, False,
                             True, False, True, False, False, False]
    assert _status(dataset["id"]).version == len(steps)


@pytest.mark.parametrize("action, role, note, reason", [
    ("approve", "pic", None, "wrong_role"),
    ("submit", "curator", None, "wrong_role"),
    ("approve", "curator", None, "wrong_state"),
    ("withdraw", "curator", "alasan", "wrong_state"),
    ("approve_revision", "curator", None, "wrong_state"),
    ("publish", "curator", None, "unknown_action"),
])
def test_a_refused_transition_writes_nothing(dataset, pic, curator, action, role,
                                             note, reason):
    with pytest.raises(TransitionNotAllowed) as err:
        _decide(dataset["id"], action, curator, role, note)
    assert err.value.reason_code == reason
    assert _events(dataset["id"]) == []
    status = _status(dataset["id"])
    assert status is None or (status.state, status.version) == ("draf", 0)


def test_a_return_without_a_note_writes_nothing(dataset, pic, curator):
    _decide(dataset["id"], "submit", pic, "pic")
    for note in (None, "", "   "):
        with pytest.raises(TransitionNotAllowed) as err:
            _decide(dataset["id"], "return", curator, "curator", note)
        assert err.value.reason_code == "note_required"
    assert [e.action for e in _events(dataset["id"])] == ["submit"]
    assert (_status(dataset["id"]).state, _status(dataset["id"]).version) == ("diajukan", 1)


def test_a_dataset_without_a_status_row_is_a_draft(dataset, pic):
    assert DatasetStatus.state_of(dataset["id"]) == "draf"
    assert DatasetStatus.states_of([dataset["id"]]) == {dataset["id"]: "draf"}
    model.Session.query(DatasetStatus).filter_by(package_id=dataset["id"]).delete()
    model.Session.commit()

    _decide(dataset["id"], "submit", pic, "pic")
    status = _status(dataset["id"])
    assert (status.state, status.version) == ("diajukan", 1)
    assert DatasetStatus.state_of(dataset["id"]) == "diajukan"


def test_ensure_status_creates_once(dataset, pic):
    first = ensure_status(model.Session, dataset["id"])
    model.Session.commit()
    _decide(dataset["id"], "submit", pic, "pic")
    again = ensure_status(model.Session, dataset["id"])
    model.Session.commit()
    assert first.package_id == again.package_id == dataset["id"]
    assert (again.state, again.version) == ("diajukan", 1)
    assert model.Session.query(DatasetStatus).filter_by(
        package_id=dataset["id"]).count() == 1
    with pytest.raises(ValueError):
        ensure_status(model.Session, dataset["id"], state="dihapus")


def test_a_stale_expected_version_is_a_concurrent_decision(dataset, pic, curator):
    _decide(dataset["id"], "submit", pic, "pic")
    seen = _status(dataset["id"]).version
    _decide(dataset["id"], "approve", curator, "curator", expected_version=seen)

    with pytest.raises(ConcurrentDecision) as err:
        _decide(dataset["id"], "return", curator, "curator", "Tolong cek lagi.",
                expected_version=seen)
    assert err.value.message == ("Dataset ini baru saja diputuskan oleh kurator lain "
                                 "(status sekarang: Terbit). Muat ulang halaman.")
    assert [e.action for e in _events(dataset["id"])] == ["submit", "approve"]
    assert _status(dataset["id"]).version == seen + 1


@pytest.mark.parametrize("with_version", [True, False], ids=["expected-version", "no-version"])
@pytest.mark.parametrize("second", ["approve", "return"])
def test_two_curators_deciding_at_once_give_one_decision(dataset, pic, second,
                                                         with_version):
    package_id = dataset["id"]
    curators = [factories.User(), factories.User()]
    _decide(package_id, "submit", pic, "pic")
    seen = _status(package_id).version
    model.Session.remove()  # the test's own session holds no connection meanwhile

    barrier = threading.Barrier(2)
    backend_pids: dict[int, int] = {}
    outcomes: dict[int, object] = {}

    def decide(index, action, note):
        with Session(bind=model.meta.engine) as session:
            backend_pids[index] = session.execute(sa.text("SELECT pg_backend_pid()")).scalar()
            barrier.wait(timeout=30)
            try:
                transition(session, package_id, action, curators[index]["id"], "curator",
                           note, expected_version=seen if with_version else None)
                # This thread holds the row lock: let the other one queue up
                # behind it before deciding, so that the race really happens.
                _wait_until_waiting_for_a_lock(backend_pids[1 - index])
                session.commit()
                outcomes[index] = "ok"
            except Exception as error:  # WorkflowError expected; others fail below
                session.rollback()
                outcomes[index] = error

    threads = [threading.Thread(target=decide, args=(0, "approve", None)),
               threading.Thread(target=decide, args=(1, second, "Belum lengkap."))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    winners = [i for i, outcome in outcomes.items() if outcome == "ok"]
    losers = [outcome for outcome in outcomes.values() if outcome != "ok"]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    if with_version:
        assert isinstance(losers[0], ConcurrentDecision), losers[0]
        assert "Muat ulang halaman" in losers[0].message
    else:
        assert isinstance(losers[0], TransitionNotAllowed), losers[0]
        assert losers[0].reason_code == "wrong_state"

    decisions = [e for e in _events(package_id) if e.action != "submit"]
    assert len(decisions) == 1
    assert decisions[0].actor_id == curators[winners[0]]["id"]
    status = _status(package_id)
    assert status.version == seen + 1
    assert status.state == decisions[0].to_state


def test_the_status_row_stays_locked_until_the_decision_is_committed(dataset, pic,
                                                                     curator):
    package_id = dataset["id"]
    _decide(package_id, "submit", pic, "pic")
    model.Session.remove()
    engine = model.meta.engine

    with Session(bind=engine) as first, Session(bind=engine) as second:
        transition(first, package_id, "approve", curator["id"], "curator")  # not committed
        second.execute(sa.text("SET LOCAL lock_timeout = '300ms'"))
        with pytest.raises(sa.exc.OperationalError, match="lock timeout"):
            lock_status(second, package_id)
        second.rollback()

        first.commit()
        with pytest.raises(TransitionNotAllowed) as err:
            transition(second, package_id, "approve", curator["id"], "curator")
        assert err.value.reason_code == "wrong_state"
        second.rollback()

    assert [e.action for e in _events(package_id)] == ["submit", "approve"]


def test_one_decision_never_gives_two_rows_even_without_the_lock(dataset, pic, curator):
    _decide(dataset["id"], "submit", pic, "pic")
    approved = _decide(dataset["id"], "approve", curator, "curator")
    assert approved.decision_key == "diajukan@1"
    # A second, different decision on the same status version (as a caller
    # bypassing the row lock could attempt) is refused by the database.
    model.Session.add(ReviewEvent(
        package_id=dataset["id"], actor_id=curator["id"], action="return",
        from_state="diajukan", to_state="dikembalikan", note="Terlambat.",
        created=utcnow(), decision_key="diajukan@1"))
    with pytest.raises(sa.exc.IntegrityError):
        model.Session.flush()
    model.Session.rollback()
    assert [e.action for e in _events(dataset["id"])] == ["submit", "approve"]


def test_events_come_oldest_first_and_latest_is_the_last(dataset, pic, curator):
    _decide(dataset["id"], "submit", pic, "pic")
    _decide(dataset["id"], "return", curator, "curator", "Catatan pertama.")
    _decide(dataset["id"], "submit", pic, "pic")
    events = _events(dataset["id"])
    assert [e.created for e in events] == sorted(e.created for e in events)
    assert ReviewEvent.latest_for_package(dataset["id"]).id == events[-1].id
    assert ReviewEvent.latest_for_package("no-such-package") is None
    assert events[1].as_dict()["note"] == "Catatan pertama."
    assert datetime.datetime.fromisoformat(events[1].as_dict()["created"]) == events[1].created


def test_purging_a_dataset_removes_its_status_and_history(make_dataset, pic, sysadmin):
    kept, purged = make_dataset("tetap-ada"), make_dataset("akan-dihapus")
    for dataset in (kept, purged):
        _decide(dataset["id"], "submit", pic, "pic")
    helpers.call_action("dataset_purge", context={"user": sysadmin["name"]},
                        id=purged["id"])

    assert _events(purged["id"]) == [] and _status(purged["id"]) is None
    assert len(_events(kept["id"])) == 1 and _status(kept["id"]).state == "diajukan"


def test_states_of_several_datasets(make_dataset, pic, curator):
    first, second = make_dataset("pertama"), make_dataset("kedua")
    _decide(first["id"], "submit", pic, "pic")
    _decide(first["id"], "approve", curator, "curator")
    assert DatasetStatus.states_of([first["id"], second["id"]]) == {
        first["id"]: "terbit", second["id"]: "draf"}
    assert DatasetStatus.states_of([]) == {}
