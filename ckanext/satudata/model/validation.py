"""The validation report of each uploaded table: table
``satudata_validation_report`` (one row per resource, replaced by each upload)."""
from __future__ import annotations

import datetime
from typing import Any

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, Table, UnicodeText
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped

import ckan.model.domain_object as domain_object
from ckan.model.base import BaseModel

__all__ = ["ValidationReport", "validation_report_table"]

validation_report_table = Table(
    "satudata_validation_report",
    BaseModel.metadata,
    Column("resource_id", UnicodeText,
           ForeignKey("resource.id", ondelete="CASCADE",
                      name="satudata_validation_report_resource_id_fkey"),
           primary_key=True),
    Column("package_id", UnicodeText, nullable=False),
    # Which file was checked (as the privacy scan's fingerprint).
    Column("fingerprint", UnicodeText, nullable=False),
    # statistics.validation.Report.to_dict(): the first problems of each
    # severity and the counts.
    Column("report", JSONB, nullable=False, server_default="{}"),
    Column("errors", Integer, nullable=False, server_default="0"),
    Column("warnings", Integer, nullable=False, server_default="0"),
    Column("questions", Integer, nullable=False, server_default="0"),
    Column("checked", DateTime, nullable=False),
    Index("idx_satudata_validation_report_package", "package_id"),
)


class ValidationReport(domain_object.DomainObject, BaseModel):
    """The validation report of the current file of one table resource."""

    __table__ = validation_report_table

    resource_id: Mapped[str]
    package_id: Mapped[str]
    fingerprint: Mapped[str]
    report: Mapped[dict[str, Any]]
    errors: Mapped[int]
    warnings: Mapped[int]
    questions: Mapped[int]
    checked: Mapped[datetime.datetime]

    @classmethod
    def get(cls, resource_id: str) -> "ValidationReport | None":
        return cls.Session.get(cls, resource_id)

    @classmethod
    def for_resources(cls, resource_ids: list[str]) -> list["ValidationReport"]:
        return cls.Session.query(cls).filter(cls.resource_id.in_(resource_ids)).all()

    @classmethod
    def for_package(cls, package_id: str) -> list["ValidationReport"]:
        return cls.Session.query(cls).filter(cls.package_id == package_id).all()
