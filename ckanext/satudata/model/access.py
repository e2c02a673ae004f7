"""Access requests for restricted data and their use: tables
``satudata_access_request``, ``satudata_access_request_resource`` (the
data elements asked for) and ``satudata_access_usage`` (every download
and DataStore query made under a grant).

States and rules are in ``ckanext.satudata.access.rules``; the stored
state is one of its STORED_STATES (`kedaluwarsa` is computed from
`end_date`).
"""
from __future__ import annotations

import datetime
from typing import Any, Optional

from sqlalchemy import (
    BigInteger, Column, Date, DateTime, ForeignKey, Index, Table, UnicodeText, select)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped

import ckan.model.domain_object as domain_object
import ckan.model.types as ckan_types
from ckan.model.base import BaseModel

from ckanext.satudata.model.status import utcnow

__all__ = ["AccessRequest", "AccessRequestResource", "AccessUsage",
           "access_request_table", "access_request_resource_table", "access_usage_table"]


access_request_table = Table(
    "satudata_access_request",
    BaseModel.metadata,
    Column("id", UnicodeText, primary_key=True, default=ckan_types.make_uuid),
    Column("package_id", UnicodeText,
           ForeignKey("package.id", ondelete="CASCADE",
                      name="satudata_access_request_package_id_fkey"),
           nullable=False),
    Column("requester_id", UnicodeText,
           ForeignKey("user.id", ondelete="CASCADE",
                      name="satudata_access_request_requester_id_fkey"),
           nullable=False),
    Column("institution", UnicodeText, nullable=False),
    Column("position", UnicodeText, nullable=True),
    Column("purpose", UnicodeText, nullable=False),
    Column("method", UnicodeText, nullable=False),
    Column("data_returned", UnicodeText, nullable=True),
    Column("requested_start", Date, nullable=False),
    Column("requested_end", Date, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("state", UnicodeText, nullable=False),
    Column("decision_note", UnicodeText, nullable=True),
    Column("decided_by", UnicodeText,
           ForeignKey("user.id", ondelete="SET NULL",
                      name="satudata_access_request_decided_by_fkey"),
           nullable=True),
    Column("decided_at", DateTime, nullable=True),
    Column("revoke_reason", UnicodeText, nullable=True),
    Column("revoked_by", UnicodeText,
           ForeignKey("user.id", ondelete="SET NULL",
                      name="satudata_access_request_revoked_by_fkey"),
           nullable=True),
    Column("revoked_at", DateTime, nullable=True),
    Column("created", DateTime, nullable=False, default=utcnow),
    Column("updated", DateTime, nullable=False, default=utcnow),
    Index("idx_satudata_access_request_requester", "requester_id"),
    Index("idx_satudata_access_request_package_state", "package_id", "state"),
    Index("idx_satudata_access_request_state_created", "state", "created"),
)

access_request_resource_table = Table(
    "satudata_access_request_resource",
    BaseModel.metadata,
    Column("request_id", UnicodeText,
           ForeignKey("satudata_access_request.id", ondelete="CASCADE",
                      name="satudata_access_request_resource_request_id_fkey"),
           primary_key=True),
    Column("resource_id", UnicodeText,
           ForeignKey("resource.id", ondelete="CASCADE",
                      name="satudata_access_request_resource_resource_id_fkey"),
           primary_key=True),
    Column("columns", ARRAY(UnicodeText), nullable=False),
    Index("idx_satudata_access_request_resource_resource", "resource_id"),
)

access_usage_table = Table(
    "satudata_access_usage",
    BaseModel.metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("request_id", UnicodeText,
           ForeignKey("satudata_access_request.id", ondelete="CASCADE",
                      name="satudata_access_usage_request_id_fkey"),
           nullable=False),
    Column("user_id", UnicodeText,
           ForeignKey("user.id", ondelete="SET NULL",
                      name="satudata_access_usage_user_id_fkey"),
           nullable=True),
    Column("resource_id", UnicodeText, nullable=False),
    Column("channel", UnicodeText, nullable=False),
    Column("created", DateTime, nullable=False, default=utcnow),
    Index("idx_satudata_access_usage_request_created", "request_id", "created"),
)


class AccessRequest(domain_object.DomainObject, BaseModel):
    """One access request for a restricted dataset, by `requester_id`.

    `requested_start`/`requested_end` are the period asked for;
    `start_date`/`end_date` the period in force (equal to the requested one
    until a curator approves a shorter one). `decision_note` is the
    curator's note on approval, or the reason of a refusal;
    `revoke_reason` the reason of a revocation. Timestamps are naive UTC.
    """

    __table__ = access_request_table

    id: Mapped[str]
    package_id: Mapped[str]
    requester_id: Mapped[str]
    institution: Mapped[str]
    position: Mapped[Optional[str]]
    purpose: Mapped[str]
    method: Mapped[str]
    data_returned: Mapped[Optional[str]]
    requested_start: Mapped[datetime.date]
    requested_end: Mapped[datetime.date]
    start_date: Mapped[datetime.date]
    end_date: Mapped[datetime.date]
    state: Mapped[str]
    decision_note: Mapped[Optional[str]]
    decided_by: Mapped[Optional[str]]
    decided_at: Mapped[Optional[datetime.datetime]]
    revoke_reason: Mapped[Optional[str]]
    revoked_by: Mapped[Optional[str]]
    revoked_at: Mapped[Optional[datetime.datetime]]
    created: Mapped[datetime.datetime]
    updated: Mapped[datetime.datetime]

    @classmethod
    def get(cls, request_id: str, session: Any = None,
            for_update: bool = False) -> Optional["AccessRequest"]:
        """The request `request_id`, or None; `for_update` locks its row
        until the transaction ends (decisions)."""
        query = select(cls).where(cls.id == request_id)
        if for_update:
            query = query.with_for_update()
        return (session or cls.Session).execute(query).scalar_one_or_none()

    def elements(self, session: Any = None) -> list["AccessRequestResource"]:
        query = (select(AccessRequestResource)
                 .where(AccessRequestResource.request_id == self.id))
        return list((session or self.Session).execute(query).scalars())


class AccessRequestResource(domain_object.DomainObject, BaseModel):
    """A data element of a request: a resource, with the columns asked
    for (empty: all of them)."""

    __table__ = access_request_resource_table

    request_id: Mapped[str]
    resource_id: Mapped[str]
    columns: Mapped[list[str]]


class AccessUsage(domain_object.DomainObject, BaseModel):
    """One use of a grant: `user_id` read `resource_id` through `channel`
    (``unduh``: the file; ``datastore``: a DataStore query) at `created`."""

    __table__ = access_usage_table

    id: Mapped[int]
    request_id: Mapped[str]
    user_id: Mapped[Optional[str]]
    resource_id: Mapped[str]
    channel: Mapped[str]
    created: Mapped[datetime.datetime]

    @classmethod
    def for_request(cls, request_id: str, session: Any = None) -> list["AccessUsage"]:
        """The uses of a grant, newest first."""
        query = (select(cls).where(cls.request_id == request_id)
                 .order_by(cls.created.desc(), cls.id.desc()))
        return list((session or cls.Session).execute(query).scalars())
