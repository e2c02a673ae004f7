"""The personal-data scan of each uploaded resource: table
``satudata_privacy_scan`` (one row per resource, replaced by each scan)."""
from __future__ import annotations

import datetime
from typing import Any, Optional

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, Table, UnicodeText
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped

import ckan.model.domain_object as domain_object
from ckan.model.base import BaseModel

__all__ = ["PrivacyScan", "privacy_scan_table", "SCAN_PENDING", "SCAN_RUNNING", "SCAN_DONE",
           "SCAN_FAILED"]

SCAN_PENDING = "menunggu"
SCAN_RUNNING = "berjalan"
SCAN_DONE = "selesai"
SCAN_FAILED = "gagal"

privacy_scan_table = Table(
    "satudata_privacy_scan",
    BaseModel.metadata,
    Column("resource_id", UnicodeText,
           ForeignKey("resource.id", ondelete="CASCADE",
                      name="satudata_privacy_scan_resource_id_fkey"),
           primary_key=True),
    Column("package_id", UnicodeText, nullable=False),
    # Which file was scanned (upload URL, size, last modification): a scan of
    # another file of the same resource does not count.
    Column("fingerprint", UnicodeText, nullable=False),
    Column("status", UnicodeText, nullable=False),
    Column("findings", JSONB, nullable=False, server_default="[]"),
    Column("warnings", JSONB, nullable=False, server_default="[]"),
    Column("rows_scanned", Integer, nullable=False, server_default="0"),
    Column("error", UnicodeText, nullable=True),
    Column("scanned", DateTime, nullable=True),
    # When the current status began (queued, started or finished): a scan
    # menunggu/berjalan for longer than ckanext.satudata.scan_timeout_minutes
    # was lost (Redis restarted, worker died) and is queued again.
    Column("status_since", DateTime, nullable=True),
    # How many times the scan of the current file was queued again.
    Column("requeued", Integer, nullable=False, server_default="0"),
    Column("override_by", UnicodeText,
           ForeignKey("user.id", ondelete="SET NULL",
                      name="satudata_privacy_scan_override_by_fkey"),
           nullable=True),
    Column("override_reason", UnicodeText, nullable=True),
    Column("override_at", DateTime, nullable=True),
    Index("idx_satudata_privacy_scan_package", "package_id"),
)


class PrivacyScan(domain_object.DomainObject, BaseModel):
    """The latest personal-data scan of one uploaded resource.

    `findings` and `warnings` are lists of ``privacy.Finding.to_dict()``:
    where and what, never a value of the file. A curator's override (who,
    why, when) lets a dataset with findings be submitted; a new file drops it.
    """

    __table__ = privacy_scan_table

    resource_id: Mapped[str]
    package_id: Mapped[str]
    fingerprint: Mapped[str]
    status: Mapped[str]
    findings: Mapped[list[dict[str, Any]]]
    warnings: Mapped[list[dict[str, Any]]]
    rows_scanned: Mapped[int]
    error: Mapped[Optional[str]]
    scanned: Mapped[Optional[datetime.datetime]]
    status_since: Mapped[Optional[datetime.datetime]]
    requeued: Mapped[int]
    override_by: Mapped[Optional[str]]
    override_reason: Mapped[Optional[str]]
    override_at: Mapped[Optional[datetime.datetime]]

    @classmethod
    def get(cls, resource_id: str) -> Optional["PrivacyScan"]:
        return cls.Session.get(cls, resource_id)

    @classmethod
    def for_package(cls, package_id: str) -> list["PrivacyScan"]:
        return cls.Session.query(cls).filter(cls.package_id == package_id).all()

    @classmethod
    def unfinished_since(cls, before: datetime.datetime) -> list["PrivacyScan"]:
        """The scans waiting or running since before `before` (or since an
        unknown time), oldest first."""
        return cls.Session.query(cls).filter(
            cls.status.in_((SCAN_PENDING, SCAN_RUNNING)),
            (cls.status_since.is_(None)) | (cls.status_since < before),
        ).order_by(cls.status_since.asc().nullsfirst()).all()
