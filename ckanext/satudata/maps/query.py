"""Reading the published points: filters, GeoJSON text, counts, CSV rows."""
from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
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
_COUNT_CACHE_SIZE = 256
_layer_counts: "OrderedDict[tuple, tuple[dict[str, Any], ...]]" = OrderedDict()


@dataclass(frozen=True)
class Filters:
    """Which published points to serve. Empty tuples mean "any"."""

    kinds: tuple[str, ...] = ()
    kecamatan: tuple[str, ...] = ()        # Kemendagri codes (35.71.02)
    kabupaten: tuple[str, ...] = ()        # Kemendagri codes (35.71)
    kelurahan: tuple[str, ...] = ()        # Kemendagri codes
    datasets: tuple[str, ...] = ()         # package ids
    ids: tuple[int, ...] = ()
    bbox: Area | None = None

    def key(self) -> tuple:
        """The filters as a cache key (order of the values aside)."""
        return (tuple(sorted(self.kinds)), tuple(sorted(self.kecamatan)),
                tuple(sorted(self.kabupaten)),
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
        # a point's kecamatan is that of its desa/kelurahan (the stored name
        # is not unique across kabupaten; the code is)
        conditions.append(points.c.kelurahan.in_(sorted(
            k.kode for code in filters.kecamatan
            for k in reference.current().kelurahan_of_kecamatan(code))))
    if filters.kabupaten:
        conditions.append(points.c.kelurahan.in_(sorted(
            k.kode for k in reference.current().kelurahan
            if k.kode_kabupaten in filters.kabupaten)))
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
    kind, kelurahan, kecamatan and the number of matching points. Counted
    once per question until the map's version changes (the last few hundred
    questions are kept in this process): counting reads every matching
    point."""
    key = (version(), filters.key())
    with _cache_lock:
        found = _layer_counts.get(key)
        if found is not None:
            _layer_counts.move_to_end(key)
    if found is None:
        query = (sa.select(layers.c.name, layers.c.title, layers.c.kind, layers.c.kelurahan,
                           layers.c.kecamatan, sa.func.count(points.c.id).label("count"))
                 .join(layers, layers.c.id == points.c.layer_id)
                 .where(*_conditions(filters))
                 .group_by(layers.c.id).order_by(layers.c.name))
        found = tuple(dict(row._mapping) for row in model.Session.execute(query))
        with _cache_lock:
            _layer_counts[key] = found
            while len(_layer_counts) > _COUNT_CACHE_SIZE:
                _layer_counts.popitem(last=False)
    return [dict(layer) for layer in found]


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


# Clusters: the map of many points, counted in the database --------------

CLUSTER_CELL_PIXELS = 60
"""The side of a cluster's grid cell on screen, in pixels (at any zoom)."""
MIN_ZOOM, MAX_ZOOM = 0, 22
_CLUSTER_CACHE_SIZE = 256
_clusters: "OrderedDict[tuple, tuple[int, str]]" = OrderedDict()


def cell_size(zoom: int) -> float:
    """The side of a grid cell in degrees at `zoom` (Web Mercator tiles of
    256 pixels: CLUSTER_CELL_PIXELS pixels of longitude)."""
    zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
    return CLUSTER_CELL_PIXELS * 360.0 / (256 * 2 ** zoom)


def snapped_bbox(bbox: Area | None, cell: float) -> Area | None:
    """`bbox` widened to whole grid cells, so that a cell is counted whole
    and a small pan asks the same question (and hits the cache)."""
    if bbox is None:
        return None
    return Area(min_lon=math.floor(bbox.min_lon / cell) * cell,
                min_lat=math.floor(bbox.min_lat / cell) * cell,
                max_lon=(math.floor(bbox.max_lon / cell) + 1) * cell,
                max_lat=(math.floor(bbox.max_lat / cell) + 1) * cell)


def _round(value: float) -> float:
    return round(value, 6)


def _cluster_features(filters: Filters, cell: float) -> tuple[int, dict[str, int], list]:
    """(points matching, their number by kind, one GeoJSON Point feature per
    grid cell holding any: properties cluster, count, kinds {kind: count} and
    bbox [min_lon, min_lat, max_lon, max_lat] of its points; the point is
    their centroid)."""
    column_x = sa.func.floor(points.c.lon / cell).label("gx")
    column_y = sa.func.floor(points.c.lat / cell).label("gy")
    query = (sa.select(column_x, column_y, points.c.kind, sa.func.count().label("n"),
                       sa.func.sum(points.c.lon).label("sx"), sa.func.sum(points.c.lat).label("sy"),
                       sa.func.min(points.c.lon).label("x0"), sa.func.min(points.c.lat).label("y0"),
                       sa.func.max(points.c.lon).label("x1"), sa.func.max(points.c.lat).label("y1"))
             .where(*_conditions(filters)).group_by(column_x, column_y, points.c.kind))
    cells: dict[tuple[float, float], dict[str, Any]] = {}
    kinds: dict[str, int] = {}
    for row in model.Session.execute(query):
        kinds[row.kind] = kinds.get(row.kind, 0) + row.n
        found = cells.get((row.gx, row.gy))
        if found is None:
            cells[(row.gx, row.gy)] = {"n": row.n, "sx": row.sx, "sy": row.sy,
                                       "box": [row.x0, row.y0, row.x1, row.y1],
                                       "kinds": {row.kind: row.n}}
            continue
        found["n"] += row.n
        found["sx"] += row.sx
        found["sy"] += row.sy
        box = found["box"]
        found["box"] = [min(box[0], row.x0), min(box[1], row.y0),
                        max(box[2], row.x1), max(box[3], row.y1)]
        found["kinds"][row.kind] = row.n
    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [_round(c["sx"] / c["n"]),
                                                      _round(c["sy"] / c["n"])]},
        "properties": {"cluster": True, "count": c["n"], "kinds": c["kinds"],
                       "bbox": [_round(v) for v in c["box"]]},
    } for _key, c in sorted(cells.items())]
    return sum(kinds.values()), kinds, features


def viewport_collection(filters: Filters, zoom: int, threshold: int) -> str:
    """What the map shows of the points matching `filters` (their `bbox`
    being the viewport) at `zoom`, as the text of a GeoJSON
    FeatureCollection: the points themselves (light features, as
    feature_collection without attributes) when at most `threshold` match,
    else one cluster per grid cell (see _cluster_features). Foreign
    members: ``clustered``, ``total`` (points matching), ``count`` (features),
    ``kinds`` ({kind: points matching}), ``zoom``, ``cell`` (degrees) and
    ``bbox`` (the viewport widened to whole cells, or null).

    Answers are kept in this process (the last few hundred questions)
    until the map's version changes."""
    cell = cell_size(zoom)
    filters = replace(filters, bbox=snapped_bbox(filters.bbox, cell))
    key = (version(), filters.key(), zoom, threshold)
    with _cache_lock:
        if key in _clusters:
            _clusters.move_to_end(key)
            return _clusters[key][1]
    total, kinds, features = _cluster_features(filters, cell)
    box = filters.bbox
    members = {"clustered": total > threshold, "total": total, "kinds": kinds,
               "zoom": zoom, "cell": cell,
               "bbox": [box.min_lon, box.min_lat, box.max_lon, box.max_lat] if box else None}
    if total > threshold:
        text = feature_collection_text(",".join(
            json.dumps(feature, separators=(",", ":")) for feature in features),
            len(features), **members)
    else:
        text = _points_text(filters, members)
    with _cache_lock:
        _clusters[key] = (len(text), text)
        while len(_clusters) > _CLUSTER_CACHE_SIZE:
            _clusters.popitem(last=False)
    return text


def _points_text(filters: Filters, members: dict[str, Any]) -> str:
    column = points.c.geojson_brief
    selected = sa.select(column.label("text")).where(*_conditions(filters)).subquery()
    count, text = model.Session.execute(sa.select(
        sa.func.count(), sa.func.coalesce(
            sa.func.string_agg(selected.c.text, sa.literal_column("','")), ""))).one()
    return feature_collection_text(text, count, **members)


def matching_count(filters: Filters) -> int:
    """The number of published points matching `filters` (from
    layer_counts, kept until the map's version changes)."""
    return sum(layer["count"] for layer in layer_counts(filters))


def iter_collection_chunks(filters: Filters, attributes: bool = True) -> Iterator[str]:
    """The matching points as the text of a GeoJSON FeatureCollection (as
    feature_collection, in id order), in pieces read from the database a
    few thousand points at a time: a download of any size without building
    it whole in memory."""
    datasets = layer_counts(filters)
    total = sum(layer["count"] for layer in datasets)
    head = feature_collection_text("", total, total=total, datasets={
        layer.pop("name"): layer for layer in datasets})
    yield head[:-2]
    column = points.c.geojson if attributes else points.c.geojson_brief
    query = (sa.select(column).where(*_conditions(filters)).order_by(points.c.id)
             .execution_options(yield_per=2000))
    separator = ""
    batch: list[str] = []
    for text in model.Session.execute(query).scalars():
        batch.append(text)
        if len(batch) == 2000:
            yield separator + ",".join(batch)
            separator, batch = ",", []
    yield (separator + ",".join(batch) if batch else "") + "]}"
