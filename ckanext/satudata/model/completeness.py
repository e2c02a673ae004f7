"""Reads for the completeness dashboard and the reminders, each one query.

`records` reads the datasets of all kelurahan that deliver a required item,
with their review state, in one query (no query per kelurahan or per cell).
For the public (`published_only`), only published, non-private datasets
count, and of those the published version (the stored snapshot) wherever
an edit is waiting for review, so nothing unpublished shows through.
"""
from __future__ import annotations

import datetime
from typing import Any, Iterable

from sqlalchemy import DateTime, and_, case, cast, false, or_, select

import ckan.model as model

from ckanext.satudata.completeness import items as required
from ckanext.satudata.completeness.matrix import Record
from ckanext.satudata.model.review import review_event_table
from ckanext.satudata.model.status import dataset_status_table
from ckanext.satudata.workflow.states import DIKEMBALIKAN, INITIAL_STATE, RETURN, \
    RETURN_REVISION, TERBIT

__all__ = ["records", "pic_members", "returned_datasets"]

#: The dataset fields the matrix needs besides the package columns.
EXTRAS = ("tahun", "jenis_titik", "kode_indikator", "frekuensi")


def records(organization_names: Iterable[str] | None, items: list[required.RequiredItem],
            published_only: bool = False, session: Any = None,
            terbit_only: bool = False, latest_only: bool = False) -> list[Record]:
    """The active, non-private datasets of the organisations
    `organization_names` (None: of any organisation) that deliver one of
    `items`; with `terbit_only`, the published ones only (what a summary
    of complete cells needs); with `latest_only` (and `terbit_only`), only
    the one a cell shows per organisation and item (the most recently
    modified, then the greatest id: ``matrix.cell_for``'s choice among
    published datasets), so the rows are bounded by organisations × items,
    not by datasets."""
    package, group, status = model.package_table, model.group_table, dataset_status_table
    snapshot = status.c.published_snapshot

    def field(name: str):
        live = package.c.extras[name].astext
        if not published_only:
            return live
        return case((snapshot.has_key("custom"), snapshot[("custom", name)].astext),
                    else_=live)

    modified = package.c.metadata_modified
    if published_only:
        modified = case((snapshot.has_key("custom"),
                         cast(snapshot[("custom", "metadata_modified")].astext, DateTime)),
                        else_=modified)
    title = field("title") if published_only else package.c.title
    keys = {kind: [item.key for item in items if item.kind == kind]
            for kind in (required.PROFILE, required.POINTS, required.STATISTIC)}
    delivers = or_(
        and_(package.c.type == required.PROFILE_TYPE,
             field("tahun").in_(keys[required.PROFILE])),
        and_(package.c.type == required.POINTS_TYPE,
             field("jenis_titik").in_(keys[required.POINTS])),
        and_(package.c.type == required.STATISTIC_TYPE,
             field("kode_indikator").in_(keys[required.STATISTIC])),
    )
    query = (
        select(package.c.id, package.c.name, title.label("title"), package.c.type,
               group.c.name.label("organization"), status.c.state,
               status.c.has_pending_revision, modified.label("modified"),
               *[field(name).label(name) for name in EXTRAS])
        .select_from(package.join(group, group.c.id == package.c.owner_org)
                     .outerjoin(status, status.c.package_id == package.c.id))
        .where(group.c.state == "active",
               package.c.state == "active", package.c.private == false(), delivers))
    if organization_names is not None:
        query = query.where(group.c.name.in_(list(organization_names)))
    if published_only or terbit_only:
        query = query.where(status.c.state == TERBIT)
    if latest_only:
        if not (published_only or terbit_only):
            raise ValueError("latest_only needs terbit_only: a cell's choice ranks states first")
        key = case((package.c.type == required.PROFILE_TYPE, field("tahun")),
                   (package.c.type == required.POINTS_TYPE, field("jenis_titik")),
                   else_=field("kode_indikator"))
        query = (query.distinct(group.c.name, package.c.type, key)
                 .order_by(group.c.name, package.c.type, key, modified.desc().nullslast(),
                           package.c.id.collate("C").desc()))
    rows = (session or model.Session).execute(query)
    return [Record(package_id=row.id, name=row.name, title=row.title or row.name,
                   type=row.type, organization=row.organization,
                   state=row.state or INITIAL_STATE,
                   modified=row.modified or datetime.datetime.min,
                   extras={name: getattr(row, name) for name in EXTRAS},
                   pending_revision=bool(row.has_pending_revision))
            for row in rows]


def pic_members(organization_names: Iterable[str], session: Any = None
                ) -> list[tuple[model.User, str]]:
    """(user, organisation name) for every active editor or admin of the
    organisations `organization_names` (their PICs), in one query.
    Sysadmins are left out: the site user and the portal's operators are
    admins of the organisations they created, not PICs."""
    query = (
        select(model.User, model.Group.name)
        .join(model.Member, model.Member.table_id == model.User.id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .where(model.Group.name.in_(list(organization_names)),
               model.Group.state == "active",
               model.Member.table_name == "user", model.Member.state == "active",
               model.Member.capacity.in_(("admin", "editor")),
               model.User.state == "active", model.User.sysadmin == false())
        .order_by(model.User.name, model.Group.name))
    return [(user, name) for user, name in (session or model.Session).execute(query)]


def returned_datasets(organization_names: Iterable[str], session: Any = None
                      ) -> list[dict[str, Any]]:
    """The datasets of the organisations that a curator returned and whose
    PIC has not acted on since: returned (`dikembalikan`) datasets, and
    published ones whose latest event is a returned edit. Each
    ``{id, name, title, type, organization, note, returned}``, in one query.
    """
    package, group, status = model.package_table, model.group_table, dataset_status_table
    event = review_event_table
    latest = (select(event.c.package_id, event.c.action, event.c.note, event.c.created)
              .distinct(event.c.package_id)
              .order_by(event.c.package_id, event.c.created.desc(), event.c.id.desc())
              .subquery())
    query = (
        select(package.c.id, package.c.name, package.c.title, package.c.type,
               group.c.name.label("organization"), latest.c.note, latest.c.created)
        .select_from(package.join(group, group.c.id == package.c.owner_org)
                     .join(status, status.c.package_id == package.c.id)
                     .join(latest, latest.c.package_id == package.c.id))
        .where(group.c.name.in_(list(organization_names)), package.c.state == "active",
               or_(and_(status.c.state == DIKEMBALIKAN, latest.c.action == RETURN),
                   and_(status.c.state == TERBIT, latest.c.action == RETURN_REVISION,
                        status.c.has_pending_revision == false())))
        .order_by(group.c.name, latest.c.created))
    return [{"id": row.id, "name": row.name, "title": row.title or row.name,
             "type": row.type, "organization": row.organization, "note": row.note,
             "returned": row.created}
            for row in (session or model.Session).execute(query)]
