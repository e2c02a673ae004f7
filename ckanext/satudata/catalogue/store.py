"""The catalogue's tables and what reads and writes them (CKAN glue).

* ``satudata_indicator_catalog``: one row per indicator, its current
  definition, ``wajib``, ``aktif``, the current version number ``versi``;
* ``satudata_indicator_catalog_version``: every definition the indicator
  has had (version number, who, when, the fields);
* ``satudata_indicator_catalog_dataset``: the catalogue version a published
  dataset was published with (a later change of the catalogue does not
  rewrite it).

Created by the extension's Alembic migration; the callers commit.
"""
from __future__ import annotations

import datetime
from typing import Any, Iterable, Optional

from sqlalchemy import (
    Boolean, Column, DateTime, ForeignKey, ForeignKeyConstraint, Integer,
    PrimaryKeyConstraint, Table, UnicodeText, select, text)
from sqlalchemy.dialects.postgresql import JSONB

import ckan.model as model
from ckan.model.base import BaseModel

from ckanext.satudata.catalogue import definitions

_EMPTY = text("''")

catalog_table = Table(
    "satudata_indicator_catalog",
    BaseModel.metadata,
    Column("kode", UnicodeText, nullable=False),
    Column("nama", UnicodeText, nullable=False),
    *[Column(name, UnicodeText, nullable=False, server_default=_EMPTY, default="")
      for name in definitions.DATASET_FIELDS],
    Column("kolom", JSONB, nullable=False, server_default=text("'[]'::jsonb"), default=list),
    Column("wajib", Boolean, nullable=False, server_default=text("false"), default=False),
    Column("aktif", Boolean, nullable=False, server_default=text("true"), default=True),
    Column("versi", Integer, nullable=False, server_default=text("1"), default=1),
    Column("dibuat", DateTime, nullable=False),
    Column("diubah", DateTime, nullable=False),
    PrimaryKeyConstraint("kode", name="satudata_indicator_catalog_pkey"),
)

version_table = Table(
    "satudata_indicator_catalog_version",
    BaseModel.metadata,
    Column("kode", UnicodeText, nullable=False),
    Column("versi", Integer, nullable=False),
    Column("definisi", JSONB, nullable=False),
    Column("user_id", UnicodeText, nullable=True),
    Column("dibuat", DateTime, nullable=False),
    Column("catatan", UnicodeText, nullable=False, server_default=_EMPTY, default=""),
    PrimaryKeyConstraint("kode", "versi", name="satudata_indicator_catalog_version_pkey"),
    ForeignKeyConstraint(["kode"], ["satudata_indicator_catalog.kode"], ondelete="CASCADE",
                         name="satudata_indicator_catalog_version_kode_fkey"),
    ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="SET NULL",
                         name="satudata_indicator_catalog_version_user_id_fkey"),
)

dataset_table = Table(
    "satudata_indicator_catalog_dataset",
    BaseModel.metadata,
    Column("package_id", UnicodeText,
           ForeignKey("package.id", ondelete="CASCADE",
                      name="satudata_indicator_catalog_dataset_package_id_fkey"),
           nullable=False),
    Column("kode", UnicodeText, nullable=False),
    Column("versi", Integer, nullable=False),
    Column("dicatat", DateTime, nullable=False),
    PrimaryKeyConstraint("package_id", name="satudata_indicator_catalog_dataset_pkey"),
)

TABLES = (catalog_table.name, version_table.name, dataset_table.name)


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def _session() -> Any:
    return model.Session


def _as_dict(row: Any) -> dict[str, Any]:
    found = dict(row._mapping)
    found["kolom"] = list(found.get("kolom") or [])
    return found


def get(kode: str) -> Optional[dict[str, Any]]:
    """The indicator `kode` as stored (current definition), or None."""
    row = _session().execute(select(catalog_table).where(catalog_table.c.kode == kode)).first()
    return _as_dict(row) if row else None


def all_indicators(active_only: bool = False) -> list[dict[str, Any]]:
    """Every indicator, by bidang_urusan then name."""
    query = select(catalog_table).order_by(catalog_table.c.bidang_urusan,
                                           catalog_table.c.nama, catalog_table.c.kode)
    if active_only:
        query = query.where(catalog_table.c.aktif.is_(True))
    return [_as_dict(row) for row in _session().execute(query)]


def has_entries() -> bool:
    return _session().execute(select(catalog_table.c.kode).limit(1)).first() is not None


def versions(kode: str) -> list[dict[str, Any]]:
    """The versions of `kode`, newest first: {versi, definisi, user_id,
    user_name, dibuat, catatan}."""
    user = model.user_table
    rows = _session().execute(
        select(version_table, user.c.name.label("user_name"))
        .outerjoin(user, user.c.id == version_table.c.user_id)
        .where(version_table.c.kode == kode)
        .order_by(version_table.c.versi.desc())).all()
    return [dict(row._mapping) for row in rows]


def version(kode: str, versi: int) -> Optional[dict[str, Any]]:
    row = _session().execute(select(version_table).where(
        version_table.c.kode == kode, version_table.c.versi == versi)).first()
    return dict(row._mapping) if row else None


def _user_id(user_name: str | None) -> str | None:
    user = model.User.get(user_name) if user_name else None
    return user.id if user else None


def _add_version(kode: str, versi: int, indicator: dict[str, Any], user_name: str | None,
                 when: datetime.datetime, catatan: str) -> None:
    _session().execute(version_table.insert().values(
        kode=kode, versi=versi, definisi=definitions.definition(indicator),
        user_id=_user_id(user_name), dibuat=when, catatan=catatan))


def create(indicator: dict[str, Any], user_name: str | None, catatan: str = "") -> None:
    """Store a new indicator (version 1)."""
    now = utcnow()
    values = {name: indicator[name] for name in definitions.FIELDS}
    _session().execute(catalog_table.insert().values(
        **values, versi=1, dibuat=now, diubah=now))
    _add_version(indicator["kode"], 1, indicator, user_name, now, catatan)


def update(current: dict[str, Any], indicator: dict[str, Any], user_name: str | None,
           catatan: str = "") -> int:
    """Store `indicator` over `current`; a changed definition makes a new
    version. Returns the version number now current."""
    now = utcnow()
    versi = current["versi"]
    if definitions.definition_changed(current, indicator):
        versi += 1
        _add_version(current["kode"], versi, indicator, user_name, now, catatan)
    values = {name: indicator[name] for name in definitions.FIELDS if name != "kode"}
    _session().execute(catalog_table.update().where(catalog_table.c.kode == current["kode"])
                       .values(**values, versi=versi, diubah=now))
    return versi


# --- the version a published dataset was published with ----------------------

def recorded(package_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """{package_id: {kode, versi, dicatat}} of these datasets."""
    ids = list(package_ids)
    if not ids:
        return {}
    rows = _session().execute(select(dataset_table).where(
        dataset_table.c.package_id.in_(ids))).all()
    return {row.package_id: dict(row._mapping) for row in rows}


def record(package_id: str, kode: str, versi: int) -> None:
    _session().execute(dataset_table.delete().where(dataset_table.c.package_id == package_id))
    _session().execute(dataset_table.insert().values(
        package_id=package_id, kode=kode, versi=versi, dicatat=utcnow()))


def forget(package_id: str) -> None:
    _session().execute(dataset_table.delete().where(dataset_table.c.package_id == package_id))
