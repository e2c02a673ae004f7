"""The publishing workflow (draf → diajukan → terbit, ...) in plain Python.

Nothing in this package imports CKAN or SQLAlchemy; the database side lives
in ``ckanext.satudata.model``. See states.py.
"""
from ckanext.satudata.workflow.states import (
    ACTIONS, DIAJUKAN, DIKEMBALIKAN, DITARIK, DRAF, INITIAL_STATE, PUBLIC_STATES,
    ROLE_CURATOR, ROLE_PIC, ROLES, STATES, TERBIT, TRANSITIONS, ConcurrentDecision,
    Transition, TransitionNotAllowed, WorkflowError, allowed_actions, is_public,
    next_state, required_role, state_label)

__all__ = [
    "ACTIONS", "DIAJUKAN", "DIKEMBALIKAN", "DITARIK", "DRAF", "INITIAL_STATE",
    "PUBLIC_STATES", "ROLE_CURATOR", "ROLE_PIC", "ROLES", "STATES", "TERBIT",
    "TRANSITIONS", "ConcurrentDecision", "Transition", "TransitionNotAllowed",
    "WorkflowError", "allowed_actions", "is_public", "next_state", "required_role",
    "state_label",
]
