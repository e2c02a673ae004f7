"""The points of published map layers: tables ``satudata_map_layer`` and
``satudata_map_point``.

A published `peta-titik` dataset has one layer row and one point row per
valid point of its files, written when the layer is published or an approved
edit of it lands, and deleted when it is withdrawn (see
``ckanext.satudata.map_points``). The map and its API read only these
tables, never the files.

Each point keeps its GeoJSON Feature already serialised (`geojson`, with the
kind's attributes; `geojson_brief`, without them), so that the whole city is
served by concatenating stored text.
"""
from __future__ import annotations

import datetime
from typing import Any, Optional

from sqlalchemy import (
    BigInteger, Column, DateTime, Float, ForeignKey, Index, Integer, Table,
    UniqueConstraint, UnicodeText, func, select)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped

import ckan.model.domain_object as domain_object
from ckan.model.base import BaseModel

from ckanext.satudata.model.status import utcnow

__all__ = ["MapLayer", "MapPoint", "map_layer_table", "map_point_table"]


map_layer_table = Table(
    "satudata_map_layer",
    BaseModel.metadata,
    # A new id on every extraction: (count, max id) is the map's version.
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("package_id", UnicodeText,
           ForeignKey("package.id", ondelete="CASCADE",
                      name="satudata_map_layer_package_id_fkey"),
           nullable=False),
    Column("name", UnicodeText, nullable=False),
    Column("title", UnicodeText, nullable=False),
    Column("kind", UnicodeText, nullable=False),
    Column("organization_id", UnicodeText, nullable=True),
    Column("kelurahan", UnicodeText, nullable=True),
    Column("kecamatan", UnicodeText, nullable=True),
    Column("point_count", Integer, nullable=False, default=0),
    Column("skipped_resources", Integer, nullable=False, default=0),
    Column("extracted", DateTime, nullable=False, default=utcnow),
    UniqueConstraint("package_id", name="satudata_map_layer_package_id_key"),
)


map_point_table = Table(
    "satudata_map_point",
    BaseModel.metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("layer_id", BigInteger,
           ForeignKey("satudata_map_layer.id", ondelete="CASCADE",
                      name="satudata_map_point_layer_id_fkey"),
           nullable=False),
    Column("resource_id", UnicodeText, nullable=False),
    Column("row", Integer, nullable=False),
    Column("kind", UnicodeText, nullable=False),
    Column("kelurahan", UnicodeText, nullable=True),
    Column("kecamatan", UnicodeText, nullable=True),
    Column("lon", Float(precision=53), nullable=False),
    Column("lat", Float(precision=53), nullable=False),
    Column("name", UnicodeText, nullable=True),
    Column("properties", JSONB, nullable=False),
    Column("geojson", UnicodeText, nullable=False),
    Column("geojson_brief", UnicodeText, nullable=False),
    Index("idx_satudata_map_point_layer", "layer_id"),
    Index("idx_satudata_map_point_kind", "kind"),
    Index("idx_satudata_map_point_kelurahan", "kelurahan"),
    Index("idx_satudata_map_point_kecamatan", "kecamatan"),
    Index("idx_satudata_map_point_lon_lat", "lon", "lat"),
)


class MapLayer(domain_object.DomainObject, BaseModel):
    """A published point layer as the map shows it: the public version's
    name, title and kind, its kelurahan (Kemendagri code) and kecamatan,
    how many points were read and how many resources could not be read."""

    __table__ = map_layer_table

    id: Mapped[int]
    package_id: Mapped[str]
    name: Mapped[str]
    title: Mapped[str]
    kind: Mapped[str]
    organization_id: Mapped[Optional[str]]
    kelurahan: Mapped[Optional[str]]
    kecamatan: Mapped[Optional[str]]
    point_count: Mapped[int]
    skipped_resources: Mapped[int]
    extracted: Mapped[datetime.datetime]

    @classmethod
    def for_package(cls, package_id: str, session: Any = None) -> Optional["MapLayer"]:
        """The layer row of `package_id`, or None when it is not on the map."""
        return (session or cls.Session).execute(
            select(cls).where(cls.package_id == package_id)).scalar_one_or_none()

    @classmethod
    def version(cls, session: Any = None) -> str:
        """A string that changes whenever the map's content changes: the
        number of layers and the highest layer id (every extraction takes a
        new id, every removal lowers the count)."""
        count, highest = (session or cls.Session).execute(
            select(func.count(cls.id), func.max(cls.id))).one()
        return f"{count}.{highest or 0}"


class MapPoint(domain_object.DomainObject, BaseModel):
    """One point of a published layer (see the module docstring)."""

    __table__ = map_point_table

    id: Mapped[int]
    layer_id: Mapped[int]
    resource_id: Mapped[str]
    row: Mapped[int]
    kind: Mapped[str]
    kelurahan: Mapped[Optional[str]]
    kecamatan: Mapped[Optional[str]]
    lon: Mapped[float]
    lat: Mapped[float]
    name: Mapped[Optional[str]]
    properties: Mapped[dict[str, Any]]
    geojson: Mapped[str]
    geojson_brief: Mapped[str]
