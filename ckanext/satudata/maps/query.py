"""Reading the published points: filters, GeoJSON text, counts, CSV rows."""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterator

import sqlalchemy as sa

import ckan.model as model

from ckanext.satudata import reference
from ckanext.satudata.maps.coordinates import Area
from ckanext.satudata.maps.features import feature_collection_text
from ckanext.satudata.model import dataset_status_table
from ckanext.satudata.model import map_layer_table as layers
from ckanext.satudata.model import map_point_table as points
from ckanext.satudata.workflow.states import TERBIT


CACHE_MIN_CHARS = 256 * 1024
"""Answers at least this long are kept (see feature_collection)."""
CACHE_MAX_CHARS = 64 * 1024 * 1024
"""At most this much text is kept per process, the least recently used goes first."""
_cache: "OrderedDict[tuple, str]" = OrderedDict()
_cache_lock = threading.Lock()
_summaries: dict[tuple, Any] = {}


@dataclass(frozen=True)
class Filters:
    """Which published points to serve. Empty tuples mean "any"."""

    kinds: tuple[str, ...] = ()
    kecamatan: tuple[str, ...] = ()
    kelurahan: tuple[str, ...] = ()        # Kemendagri codes
    datasets: tuple[str, ...] = ()         # package ids
    ids: tuple[int, ...] = ()
    bbox: Area | None = None

    def key(self) -> tuple:
        """The filters as a cache key (order of the values aside)."""
        return (tuple(sorted(self.kinds)), tuple(sorted(self.kecamatan)),
                tuple(sorted(self.kelurahan)), tuple(sorted(self.datasets)),
                tuple(sorted(self.ids)), self.bbox)


def _public_layer_ids(filters: Filters) -> sa.Select:
    package = model.package_table
    query = (sa.select(layers.c.id)
             .join(package, package.c.id == layers.c.package_id)
             .join(dataset_status_table,
                   dataset_status_table.c.package_id == layers.c.package_id)
             .where(package.c.state == "active", package.c.private.is_(False),
                    dataset_status_table.c.state == TERBIT))
    if filters.datasets:
        query = query.where(layers.c.package_id.in_(filters.datasets))
    return query


def _conditions(filters: Filters) -> list[Any]:
    conditions = [points.c.layer_id.in_(_public_layer_ids(filters))]
    if filters.kinds:
        conditions.append(points.c.kind.in_(filters.kinds))
    if filters.kecamatan:
        conditions.append(points.c.kecamatan.in_(filters.kecamatan))
    if filters.kelurahan:
        conditions.append(points.c.kelurahan.in_(filters.kelurahan))
    if filters.ids:
        conditions.append(points.c.id.in_(filters.ids))
    if filters.bbox is not None:
        box = filters.bbox
        conditions.append(points.c.lon.between(box.min_lon, box.max_lon))
        conditions.append(points.c.lat.between(box.min_lat, box.max_lat))
    return conditions


def layer_counts(filters: Filters) -> list[dict[str, Any]]:
    """The published layers with points matching `filters`: name, title,
    kind, kelurahan, kecamatan and the number of matching points."""
    query = (sa.select(layers.c.name, layers.c.title, layers.c.kind, layers.c.kelurahan,
                       layers.c.kecamatan, sa.func.count(points.c.id).label("count"))
             .join(layers, layers.c.id == points.c.layer_id)
             .where(*_conditions(filters))
             .group_by(layers.c.id).order_by(layers.c.name))
    return [dict(row._mapping) for row in model.Session.execute(query)]


def _collection_text(filters: Filters, attributes: bool, limit: int | None,
                     offset: int) -> str:
    datasets = layer_counts(filters)
    total = sum(layer["count"] for layer in datasets)
    column = points.c.geojson if attributes else points.c.geojson_brief
    selected = sa.select(points.c.id, column.label("text")).where(*_conditions(filters))
    if limit is not None or offset:
        ordered = selected.order_by(points.c.id).limit(limit).offset(offset).subquery()
        joined = sa.func.string_agg(ordered.c.text, sa.dialects.postgresql.aggregate_order_by(
            sa.literal_column("','"), ordered.c.id))
    else:
        # The whole selection: no sort, the stored texts are joined as read.
        ordered = selected.subquery()
        joined = sa.func.string_agg(ordered.c.text, sa.literal_column("','"))
    count, text = model.Session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(joined, ""))).one()
    return feature_collection_text(text, count, total=total, datasets={
        layer.pop("name"): layer for layer in datasets})


def feature_collection(filters: Filters, attributes: bool = True, limit: int | None = None,
                       offset: int = 0) -> str:
    """The matching points as the text of a GeoJSON FeatureCollection, with
    foreign members `count` (features returned), `total` (points matching)
    and `datasets` ({name: {title, kind, kelurahan, kecamatan, count}}).
    Features come in point id order when `limit` or `offset` is given.

    Large answers (the whole city, a kecamatan) are kept in this process
    until the map's version changes, so that they are built once per change."""
    key = (version(), filters.key(), attributes, limit, offset)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    text = _collection_text(filters, attributes, limit, offset)
    if len(text) >= CACHE_MIN_CHARS:
        with _cache_lock:
            _cache[key] = text
            while sum(len(value) for value in _cache.values()) > CACHE_MAX_CHARS:
                _cache.popitem(last=False)
    return text


def iter_rows(filters: Filters) -> Iterator[dict[str, Any]]:
    """The matching points, in id order, as dicts with the CSV download's
    base columns and ``attributes`` (streamed from the database)."""
    query = (sa.select(points.c.lat, points.c.lon, points.c.kind, layers.c.name,
                       points.c.kecamatan, points.c.kelurahan, points.c.properties)
             .join(layers, layers.c.id == points.c.layer_id)
             .where(*_conditions(filters)).order_by(points.c.id)
             .execution_options(yield_per=2000))
    names = {k.kode: k.nama for k in reference.all_kelurahan()}
    for row in model.Session.execute(query):
        yield {"latitude": row.lat, "longitude": row.lon, "jenis_titik": row.kind,
               "dataset": row.name, "kecamatan": row.kecamatan,
               "kelurahan": names.get(row.kelurahan or ""), "kode_wilayah": row.kelurahan,
               "attributes": row.properties}


def attribute_names(filters: Filters) -> list[str]:
    """Every attribute name used by the matching points."""
    keys = sa.func.jsonb_object_keys(points.c.properties)
    query = sa.select(keys.label("key")).where(*_conditions(filters)).distinct()
    return sorted(model.Session.execute(query).scalars())


def _kelurahan_places() -> dict[str, dict[str, Any]]:
    """Where each kelurahan with published points is, for its label on the
    map: {code: {lon, lat, points}}. The position is the kantor kelurahan
    point when one is published, else the middle of its points."""
    conditions = _conditions(Filters())
    rows = model.Session.execute(
        sa.select(points.c.kelurahan, sa.func.count(), sa.func.avg(points.c.lon),
                  sa.func.avg(points.c.lat))
        .where(*conditions, points.c.kelurahan.isnot(None)).group_by(points.c.kelurahan))
    places = {code: {"lon": lon, "lat": lat, "points": count}
              for code, count, lon, lat in rows}
    kantor = model.Session.execute(
        sa.select(points.c.kelurahan, points.c.lon, points.c.lat)
        .where(*conditions, points.c.kind == "kantor-kelurahan").order_by(points.c.id))
    for code, lon, lat in kantor:
        if code in places:
            places[code].update(lon=lon, lat=lat)
    return places


def _counts_by_kind(kelurahan: str | None) -> dict[str, int]:
    """The number of published points of each kind, of one kelurahan or all."""
    filters = Filters(kelurahan=(kelurahan,) if kelurahan else ())
    rows = model.Session.execute(
        sa.select(points.c.kind, sa.func.count()).where(*_conditions(filters))
        .group_by(points.c.kind))
    return {kind: count for kind, count in rows}


def _summary(name: str, build: Any, *args: Any) -> Any:
    """`build(*args)`, kept until the map's version changes (the page
    summaries read every point)."""
    key = (version(), name, args)
    with _cache_lock:
        if key in _summaries:
            return _summaries[key]
    value = build(*args)
    with _cache_lock:
        for old in [k for k in _summaries if k[0] != key[0]]:
            del _summaries[old]
        _summaries[key] = value
    return value


def kelurahan_places() -> dict[str, dict[str, Any]]:
    """Where each kelurahan with published points is, for its label on the
    map: {code: {lon, lat, points}}. The position is the kantor kelurahan
    point when one is published, else the middle of its points."""
    return _summary("places", _kelurahan_places)


def counts_by_kind(kelurahan: str | None = None) -> dict[str, int]:
    """The number of published points of each kind, of one kelurahan or all."""
    return _summary("counts", _counts_by_kind, kelurahan)


def version() -> str:
    """The version of the public map: changes whenever a layer is published,
    replaced or withdrawn, or its dataset deleted or made private. It is the
    number of public layers, the highest layer id (every extraction takes a
    new id) and the time of the latest extraction (ids start again in a
    database made anew)."""
    count, highest, latest = model.Session.execute(sa.select(
        sa.func.count(), sa.func.max(layers.c.id), sa.func.max(layers.c.extracted)).where(
        layers.c.id.in_(_public_layer_ids(Filters())))).one()
    stamp = latest.strftime("%Y%m%d%H%M%S%f") if latest else "0"
    return f"{count}.{highest or 0}.{stamp}"
