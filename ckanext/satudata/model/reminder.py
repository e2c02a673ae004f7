"""Reminders sent to PICs: table ``satudata_reminder``.

One row per user and day on which `ckan satudata ingatkan` sent them a
digest, so a second run on the same day sends nothing new.
"""
from __future__ import annotations

import datetime
from typing import Any

from sqlalchemy import (
    Column, Date, DateTime, ForeignKey, Integer, Table, UniqueConstraint, UnicodeText, select)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Mapped

import ckan.model.domain_object as domain_object
import ckan.model.types as ckan_types
from ckan.model.base import BaseModel

from ckanext.satudata.model.status import utcnow

__all__ = ["Reminder", "reminder_table"]


reminder_table = Table(
    "satudata_reminder",
    BaseModel.metadata,
    Column("id", UnicodeText, primary_key=True, default=ckan_types.make_uuid),
    Column("user_id", UnicodeText,
           ForeignKey("user.id", ondelete="CASCADE", name="satudata_reminder_user_id_fkey"),
           nullable=False),
    Column("sent_on", Date, nullable=False),
    Column("sent_at", DateTime, nullable=False, default=utcnow),
    Column("items", Integer, nullable=False),
    UniqueConstraint("user_id", "sent_on", name="satudata_reminder_user_day"),
)


class Reminder(domain_object.DomainObject, BaseModel):
    """A digest sent to `user_id` for the day `sent_on` (the portal's
    date), at `sent_at` (naive UTC), holding `items` items."""

    __table__ = reminder_table

    id: Mapped[str]
    user_id: Mapped[str]
    sent_on: Mapped[datetime.date]
    sent_at: Mapped[datetime.datetime]
    items: Mapped[int]

    @classmethod
    def sent(cls, session: Any, user_id: str, day: datetime.date) -> bool:
        """Whether `user_id` already got a digest for `day`."""
        return session.execute(
            select(cls.id).where(cls.user_id == user_id, cls.sent_on == day)
        ).first() is not None

    @classmethod
    def claim(cls, session: Any, user_id: str, day: datetime.date, items: int) -> bool:
        """Records the digest of `day` for `user_id` in the caller's
        transaction; False when one is already recorded (or being recorded
        by a concurrent run, which this call then waits for). Commit after
        the mail went out, roll back if it did not."""
        inserted = session.execute(
            pg_insert(reminder_table)
            .values(id=ckan_types.make_uuid(), user_id=user_id, sent_on=day,
                    sent_at=utcnow(), items=items)
            .on_conflict_do_nothing(index_elements=["user_id", "sent_on"])
            .returning(reminder_table.c.id)).first()
        return inserted is not None
