"""Atomic, concurrency-safe workflow transitions in the database.

The rules (who may do what from which state) come from the pure module
``ckanext.satudata.workflow.states``; this module applies them to the
``satudata_dataset_status`` row of a dataset under a row lock and records the
``satudata_review_event``, in the caller's transaction.

Two curators deciding on the same dataset at once: the second waits for the
first one's row lock, then sees the new state and gets TransitionNotAllowed
(wrong state) or, if it passed the version it saw, ConcurrentDecision. In no
case are two history rows written for one decision; the unique
(package_id, decision_key) constraint — one transition out of each status
version — guarantees it even for callers that bypass the lock. Hence: never
delete the status row of a dataset that has history (its version would
start again at 0).
"""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.satudata.model.review import ReviewEvent
from ckanext.satudata.model.status import DatasetStatus, dataset_status_table, utcnow
from ckanext.satudata.workflow.states import (
    INITIAL_STATE, STATES, ConcurrentDecision, TransitionNotAllowed, clean_note, next_state,
    pending_revision_after)

__all__ = ["ConcurrentDecision", "TransitionNotAllowed", "ensure_status", "lock_status",
           "transition"]


def ensure_status(session: Any, package_id: str, state: str = INITIAL_STATE) -> DatasetStatus:
    """The status row of `package_id`, created in `state` if it has none.

    Safe when two transactions create the row at once (INSERT ... ON CONFLICT
    DO NOTHING). Flushes; does not commit. Use it when a dataset is created;
    `transition` calls it itself for datasets that have no row yet.
    """
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}")
    session.execute(
        pg_insert(dataset_status_table)
        .values(package_id=package_id, state=state, version=0, updated=utcnow(),
                has_pending_revision=False)
        .on_conflict_do_nothing(index_elements=["package_id"]))
    return _select_status(session, package_id, for_update=False)


def lock_status(session: Any, package_id: str) -> DatasetStatus:
    """The status row of `package_id`, locked (SELECT ... FOR UPDATE) until
    the caller's transaction ends; created as `draf` first if missing."""
    status = _select_status(session, package_id, for_update=True)
    if status is None:
        ensure_status(session, package_id)
        status = _select_status(session, package_id, for_update=True)
    return status


def transition(session: Any, package_id: str, action: str, actor_id: Optional[str],
               role: str, note: Optional[str] = None,
               expected_version: Optional[int] = None) -> ReviewEvent:
    """Takes workflow `action` on dataset `package_id` and records it.

    `actor_id` is the user's id (None for the system); `role` is the role the
    caller has established for that user on this dataset ("pic" or
    "curator" — checking the user's memberships is the caller's job);
    `note` is the curator's note or reason (required for return, withdraw and
    return_revision; stored stripped). `expected_version` is the status
    version the user's decision was based on (e.g. rendered in the form);
    when given and the row has moved on, ConcurrentDecision is raised.

    In the caller's transaction: locks the status row (creating it as `draf`
    if missing), checks the transition, moves the state, bumps the version,
    sets the pending-revision flag, and adds the history event. Flushes but
    does NOT commit: the caller commits (``model.Session.commit()``), or rolls
    back on any exception. Returns the new ReviewEvent.

    Raises TransitionNotAllowed or ConcurrentDecision (both
    ``workflow.states.WorkflowError``); nothing is written then. The package
    must exist (foreign key).
    """
    status = lock_status(session, package_id)
    if expected_version is not None and status.version != expected_version:
        raise ConcurrentDecision(status.state)
    to_state = next_state(status.state, action, role, note,
                          pending_revision=status.has_pending_revision)

    now = utcnow()
    event = ReviewEvent(
        package_id=package_id,
        actor_id=actor_id,
        action=action,
        from_state=status.state,
        to_state=to_state,
        note=clean_note(note),
        created=now,
        decision_key=f"{status.state}@{status.version}",
    )
    status.state = to_state
    status.version = status.version + 1
    status.updated = now
    status.has_pending_revision = pending_revision_after(action)
    session.add(event)
    session.flush()
    return event


def _select_status(session: Any, package_id: str, for_update: bool) -> Optional[DatasetStatus]:
    query = select(DatasetStatus).where(DatasetStatus.package_id == package_id)
    if for_update:
        query = query.with_for_update()
    # populate_existing: an object already in the session is refreshed with
    # the row as it is now (after the lock), not as it was first loaded.
    return session.execute(
        query.execution_options(populate_existing=True)).scalar_one_or_none()
