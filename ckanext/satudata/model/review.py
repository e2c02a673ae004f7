"""The review history of datasets: table ``satudata_review_event``."""
from __future__ import annotations

import datetime
from typing import Any, Optional

from sqlalchemy import (
    Column, DateTime, ForeignKey, Index, Table, UniqueConstraint, UnicodeText, select)
from sqlalchemy.orm import Mapped

import ckan.model.domain_object as domain_object
import ckan.model.types as ckan_types
from ckan.model.base import BaseModel

from ckanext.satudata.model.status import utcnow

__all__ = ["ReviewEvent", "review_event_table"]


review_event_table = Table(
    "satudata_review_event",
    BaseModel.metadata,
    Column("id", UnicodeText, primary_key=True, default=ckan_types.make_uuid),
    Column("package_id", UnicodeText,
           ForeignKey("package.id", ondelete="CASCADE",
                      name="satudata_review_event_package_id_fkey"),
           nullable=False),
    Column("actor_id", UnicodeText,
           ForeignKey("user.id", ondelete="SET NULL",
                      name="satudata_review_event_actor_id_fkey"),
           nullable=True),
    Column("action", UnicodeText, nullable=False),
    Column("from_state", UnicodeText, nullable=True),
    Column("to_state", UnicodeText, nullable=False),
    Column("note", UnicodeText, nullable=True),
    Column("created", DateTime, nullable=False, default=utcnow),
    Column("decision_key", UnicodeText, nullable=True),
    UniqueConstraint("package_id", "decision_key",
                     name="satudata_review_event_package_decision_key"),
    Index("idx_satudata_review_event_package_created", "package_id", "created"),
)


class ReviewEvent(domain_object.DomainObject, BaseModel):
    """One transition of one dataset: who (`actor_id`; None for the system),
    when (`created`, naive UTC), which `action`, from which state to which,
    and the note (curator's note, withdrawal reason, PIC's comment).

    `decision_key` is unique per package, so that one decision never gives
    two rows: it is ``"<from_state>@<version>"``, the status version the
    decision was taken on. Each version of a dataset's status is left by
    exactly one transition, so two curators deciding differently on the same
    version (approve and return) cannot both be recorded either. Rows whose
    package is deleted go with it; a deleted user's rows keep no actor.
    """

    __table__ = review_event_table

    id: Mapped[str]
    package_id: Mapped[str]
    actor_id: Mapped[Optional[str]]
    action: Mapped[str]
    from_state: Mapped[Optional[str]]
    to_state: Mapped[str]
    note: Mapped[Optional[str]]
    created: Mapped[datetime.datetime]
    decision_key: Mapped[Optional[str]]

    @classmethod
    def for_package(cls, package_id: str, session: Any = None) -> list["ReviewEvent"]:
        """The review history of `package_id`, oldest first."""
        query = (select(cls).where(cls.package_id == package_id)
                 .order_by(cls.created, cls.id))
        return list((session or cls.Session).execute(query).scalars())

    @classmethod
    def latest_for_package(cls, package_id: str, session: Any = None) -> Optional["ReviewEvent"]:
        """The most recent event of `package_id` (e.g. the note of a return), or None."""
        query = (select(cls).where(cls.package_id == package_id)
                 .order_by(cls.created.desc(), cls.id.desc()).limit(1))
        return (session or cls.Session).execute(query).scalar_one_or_none()
