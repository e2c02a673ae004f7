"""The review state of each dataset: table ``satudata_dataset_status``."""
from __future__ import annotations

import datetime
from typing import Any, Optional

from sqlalchemy import (
    Boolean, Column, DateTime, ForeignKey, Index, Integer, Table, UnicodeText,
    select, text)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped

import ckan.model.domain_object as domain_object
from ckan.model.base import BaseModel

from ckanext.satudata import site
from ckanext.satudata.workflow.states import INITIAL_STATE

__all__ = ["DatasetStatus", "dataset_status_table", "utcnow"]


def utcnow() -> datetime.datetime:
    """The current time as a naive UTC datetime, CKAN's convention for timestamps."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


dataset_status_table = Table(
    "satudata_dataset_status",
    BaseModel.metadata,
    Column("package_id", UnicodeText,
           ForeignKey("package.id", ondelete="CASCADE",
                      name="satudata_dataset_status_package_id_fkey"),
           primary_key=True),
    Column("state", UnicodeText, nullable=False, default=INITIAL_STATE,
           server_default=INITIAL_STATE),
    Column("version", Integer, nullable=False, default=0, server_default="0"),
    Column("updated", DateTime, nullable=False, default=utcnow,
           server_default=text("(now() AT TIME ZONE 'utc')")),
    Column("has_pending_revision", Boolean, nullable=False, default=False,
           server_default=text("false")),
    Column("published_snapshot", JSONB, nullable=True),
    Index("idx_satudata_dataset_status_state", "state"),
)


class DatasetStatus(domain_object.DomainObject, BaseModel):
    """The review state of one dataset (one row per package).

    `version` grows by one on every transition and serves optimistic
    concurrency: a form carries the version it was rendered with, and the
    transition is refused if the row has moved on since.
    `has_pending_revision` is true while an edit of the published dataset
    waits for a curator; meanwhile `published_snapshot` may hold the approved
    package dict that the public keeps seeing (maintained by the caller).

    A dataset without a row is in the initial state (`draf`). Change the
    state only through ``ckanext.satudata.model.transitions.transition``.
    """

    __table__ = dataset_status_table

    package_id: Mapped[str]
    state: Mapped[str]
    version: Mapped[int]
    updated: Mapped[datetime.datetime]
    has_pending_revision: Mapped[bool]
    published_snapshot: Mapped[Optional[dict[str, Any]]]

    @classmethod
    def get(cls, package_id: str, session: Any = None) -> Optional["DatasetStatus"]:
        """The status row of `package_id`, or None if it has none yet."""
        return (session or cls.Session).get(cls, package_id)

    @classmethod
    def state_of(cls, package_id: str, session: Any = None) -> str:
        """The state of `package_id`: its row's state, or `draf` without a row.
        In CKAN's session, remembered for the current request
        (``site.per_request``: a page asks it for every check)."""
        if session is not None:
            return cls._state_of(package_id, session)
        if site.remembering():
            # The whole row: the page's next questions (the published
            # version, the review panel) cost no query.
            row = cls.of_request(package_id)
            return row.state if row is not None else INITIAL_STATE
        return cls._state_of(package_id, cls.Session)

    @classmethod
    def of_request(cls, package_id: str) -> Optional["DatasetStatus"]:
        """The status row of `package_id` (None without one), read once per
        GET request (``site.per_request``; every time elsewhere). Callers
        read it and do not modify it."""
        return site.remembered(("DatasetStatus.of_request", package_id),
                               lambda: cls.get(package_id))

    @classmethod
    def _state_of(cls, package_id: str, session: Any) -> str:
        state = session.execute(
            select(cls.state).where(cls.package_id == package_id)).scalar_one_or_none()
        return state or INITIAL_STATE

    @classmethod
    def states_of(cls, package_ids: list[str], session: Any = None) -> dict[str, str]:
        """The states of several packages at once ({package_id: state});
        packages without a row are `draf`."""
        found = dict((session or cls.Session).execute(
            select(cls.package_id, cls.state).where(cls.package_id.in_(package_ids))).all())
        return {package_id: found.get(package_id, INITIAL_STATE) for package_id in package_ids}
