"""The values of published statistics: table ``satudata_indicator_value``.

One row per readable row of the tables (CSV/XLSX resources) of a published,
open (`terbuka`) `statistik-sektoral` dataset, written when the dataset is
published or an approved edit of it lands and deleted when it is withdrawn
(see ``ckanext.satudata.statistics.indicators``). The statistics pages and
`satudata_indicator_series` read only this table, never the files, so what
they show is always the approved version of published data.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from sqlalchemy import (
    BigInteger, Boolean, Column, Float, ForeignKey, Index, Integer, Table, UnicodeText, delete,
    func, select)
from sqlalchemy.orm import Mapped

import ckan.model.domain_object as domain_object
from ckan.model.base import BaseModel

__all__ = ["IndicatorValue", "indicator_value_table", "IndicatorSource",
           "indicator_source_table"]


indicator_value_table = Table(
    "satudata_indicator_value",
    BaseModel.metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("package_id", UnicodeText,
           ForeignKey("package.id", ondelete="CASCADE",
                      name="satudata_indicator_value_package_id_fkey"),
           nullable=False),
    Column("resource_id", UnicodeText, nullable=False),
    Column("row", Integer, nullable=False),
    Column("kode_wilayah", UnicodeText, nullable=False, default=""),
    Column("nama_wilayah", UnicodeText, nullable=False, default=""),
    Column("periode", UnicodeText, nullable=False),
    Column("indikator", UnicodeText, nullable=False, default=""),
    Column("nilai", Float(precision=53), nullable=False),
    Index("idx_satudata_indicator_value_package", "package_id"),
)


class IndicatorValue(domain_object.DomainObject, BaseModel):
    """One value of a published statistic: an area (`kode_wilayah`,
    `nama_wilayah`; empty for a table without areas) in one period
    (`periode`, canonical: 2025, 2025-S1, 2025-T2, 2025-07)."""

    __table__ = indicator_value_table

    id: Mapped[int]
    package_id: Mapped[str]
    resource_id: Mapped[str]
    row: Mapped[int]
    kode_wilayah: Mapped[str]
    nama_wilayah: Mapped[str]
    periode: Mapped[str]
    indikator: Mapped[str]
    nilai: Mapped[float]

    @classmethod
    def replace(cls, package_id: str, rows: Iterable[dict[str, Any]],
                batch: int = 1000) -> int:
        """Replace the values of `package_id` by `rows` (dicts of the
        columns but package_id); returns how many. The caller commits."""
        session = cls.Session
        session.execute(delete(indicator_value_table).where(
            indicator_value_table.c.package_id == package_id))
        count, pending = 0, []
        for row in rows:
            pending.append(dict(row, package_id=package_id))
            if len(pending) >= batch:
                session.execute(indicator_value_table.insert(), pending)
                count, pending = count + len(pending), []
        if pending:
            session.execute(indicator_value_table.insert(), pending)
            count += len(pending)
        return count

    @classmethod
    def remove(cls, package_id: str) -> None:
        cls.Session.execute(delete(indicator_value_table).where(
            indicator_value_table.c.package_id == package_id))

    @classmethod
    def indicator_names(cls, package_ids: Sequence[str]) -> dict[str, str]:
        """{package_id: the most frequent `indikator` of its rows}."""
        if not package_ids:
            return {}
        table = indicator_value_table
        counts = cls.Session.execute(
            select(table.c.package_id, table.c.indikator, func.count())
            .where(table.c.package_id.in_(list(package_ids)), table.c.indikator != "")
            .group_by(table.c.package_id, table.c.indikator)).all()
        best: dict[str, tuple[int, str]] = {}
        for package_id, name, count in counts:
            if package_id not in best or count > best[package_id][0]:
                best[package_id] = (count, name)
        return {package_id: name for package_id, (_, name) in best.items()}


#: What the reading of each table of a published statistic gave: how many
#: values and how many rows could not be read (shown beside its figures).
indicator_source_table = Table(
    "satudata_indicator_source",
    BaseModel.metadata,
    Column("package_id", UnicodeText,
           ForeignKey("package.id", ondelete="CASCADE",
                      name="satudata_indicator_source_package_id_fkey"),
           primary_key=True),
    Column("resource_id", UnicodeText, primary_key=True),
    Column("value_count", Integer, nullable=False, server_default="0"),
    Column("skipped_rows", Integer, nullable=False, server_default="0"),
    Column("truncated", Boolean, nullable=False, server_default="false"),
)


class IndicatorSource(domain_object.DomainObject, BaseModel):
    """One table (resource) of a published statistic as it was read at
    publication: `value_count` values read, `skipped_rows` not readable, `truncated`
    when it was longer than the reader reads."""

    __table__ = indicator_source_table

    package_id: Mapped[str]
    resource_id: Mapped[str]
    value_count: Mapped[int]
    skipped_rows: Mapped[int]
    truncated: Mapped[bool]

    @classmethod
    def replace(cls, package_id: str, sources: Iterable[dict[str, Any]]) -> None:
        """Replace the sources of `package_id` (dicts of the columns but
        package_id). The caller commits."""
        cls.remove(package_id)
        rows = [dict(source, package_id=package_id) for source in sources]
        if rows:
            cls.Session.execute(indicator_source_table.insert(), rows)

    @classmethod
    def remove(cls, package_id: str) -> None:
        cls.Session.execute(delete(indicator_source_table).where(
            indicator_source_table.c.package_id == package_id))

    @classmethod
    def of_packages(cls, package_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """{resource_id: {package_id, value_count, skipped_rows, truncated}}."""
        if not package_ids:
            return {}
        table = indicator_source_table
        rows = cls.Session.execute(select(table).where(
            table.c.package_id.in_(list(package_ids)))).mappings().all()
        return {row["resource_id"]: dict(row) for row in rows}
