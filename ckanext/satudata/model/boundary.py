"""The kelurahan boundaries in use: table ``satudata_boundary``.

One row per kelurahan, all of one boundary version (`version`: a digest of
the checked layer), replaced whole when a new layer is loaded
(``ckan satudata muat-batas``). `resmi` is False for the demo's approximate
boundaries ("batas perkiraan, bukan batas resmi"). The geometries are WGS 84
GeoJSON; the map and the point checks read them into an in-memory index
(``maps.boundary_layer``), rebuilt when the version changes.
"""
from __future__ import annotations

import datetime
from typing import Any, Iterable

from sqlalchemy import Boolean, Column, DateTime, Table, UnicodeText, delete, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped

import ckan.model.domain_object as domain_object
from ckan.model.base import BaseModel

__all__ = ["Boundary", "boundary_table"]

boundary_table = Table(
    "satudata_boundary",
    BaseModel.metadata,
    Column("kode_wilayah", UnicodeText, primary_key=True),
    Column("nama_wilayah", UnicodeText, nullable=False),
    Column("geometry", JSONB, nullable=False),
    Column("version", UnicodeText, nullable=False),
    Column("resmi", Boolean, nullable=False, server_default="false"),
    # the batas-wilayah dataset the layer came from (None: loaded by command)
    Column("package_id", UnicodeText, nullable=True),
    Column("loaded", DateTime, nullable=False),
)


class Boundary(domain_object.DomainObject, BaseModel):
    """The boundary of one kelurahan in the current boundary version."""

    __table__ = boundary_table

    kode_wilayah: Mapped[str]
    nama_wilayah: Mapped[str]
    geometry: Mapped[dict[str, Any]]
    version: Mapped[str]
    resmi: Mapped[bool]
    package_id: Mapped[str | None]
    loaded: Mapped[datetime.datetime]

    @classmethod
    def current_version(cls) -> str | None:
        """The version of the boundaries in use, None when there are none."""
        return cls.Session.execute(select(func.max(boundary_table.c.version))).scalar()

    @classmethod
    def all(cls) -> list["Boundary"]:
        return cls.Session.query(cls).order_by(cls.kode_wilayah).all()

    @classmethod
    def replace_all(cls, rows: Iterable[dict[str, Any]], version: str, resmi: bool,
                    package_id: str | None = None) -> int:
        """Replace every boundary by `rows` (kode_wilayah, nama_wilayah,
        geometry); returns how many. The caller commits."""
        session = cls.Session
        session.execute(delete(boundary_table))
        now = datetime.datetime.utcnow()
        values = [dict(row, version=version, resmi=resmi, package_id=package_id, loaded=now)
                  for row in rows]
        if values:
            session.execute(boundary_table.insert(), values)
        return len(values)
