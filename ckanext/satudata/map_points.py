"""The points of published map layers: extracted once, served from the table.

When a `peta-titik` dataset is published, or an approved edit of it lands
(``publication.published``), its files are read once and every valid point
is written to ``satudata_map_point`` with its GeoJSON already serialised;
when it is withdrawn (``publication.unpublished``) its points are deleted.
The map, its API (``satudata_map_points``) and its downloads read only these
tables, never the files.

Files are read from CKAN's storage (``get_resource_uploader(res).get_path``).
Resources given as a link are not fetched: a point layer accepts only
uploaded files (``point_layers.check_upload``), so a link can only be an old
or hand-made resource; it is skipped and counted in the layer's
``skipped_resources``, like an upload whose file cannot be read.

Reading is defensive twice over: only layers whose dataset is active, not
private and in the `terbit` state are ever served (a join on every query),
so a missed hook can hide points but never publish a draft.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Iterator

import sqlalchemy as sa

import ckan.lib.uploader as uploader
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import reference
from ckanext.satudata.geo import KINDS, PointFileError, iter_points
from ckanext.satudata.geo.coordinates import Area
from ckanext.satudata.geo.features import (
    LayerInfo, display_name, feature_collection_text, feature_texts, published_attributes)
from ckanext.satudata.model import MapLayer, dataset_status_table, utcnow
from ckanext.satudata.model import map_layer_table as layers
from ckanext.satudata.model import map_point_table as points
from ckanext.satudata.point_layers import DATASET_TYPE, city_bbox
from ckanext.satudata.workflow.states import TERBIT

log = logging.getLogger(__name__)

INSERT_BATCH = 1000


# --- writing -------------------------------------------------------------------

def _kelurahan_of(organization: model.Group | None) -> tuple[str | None, str | None, str | None]:
    """(Kemendagri code, name, kecamatan) of a kelurahan organisation."""
    if organization is None:
        return None, None, None
    found = reference.by_code(organization.extras.get("kode_wilayah") or "") \
        or reference.by_organization_name(organization.name)
    if found is None:
        return (organization.extras.get("kode_wilayah") or None, organization.title,
                organization.extras.get("kecamatan") or None)
    return found.kode, found.nama, found.nama_kecamatan


def _resource_points(resource: dict[str, Any], kind: str) -> Iterator[Any]:
    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    fmt = (resource.get("format") or "").strip().lower() or None
    yield from iter_points(path, kind, fmt, bbox=city_bbox())


def _insert(session: Any, rows: list[dict[str, Any]], layer: LayerInfo) -> None:
    """Inserts `rows` (without id and text), giving each point its id first
    so that its serialised Feature carries it."""
    ids = session.execute(sa.text(
        "SELECT nextval('satudata_map_point_id_seq') FROM generate_series(1, :n)"),
        {"n": len(rows)}).scalars().all()
    for point_id, row in zip(ids, rows):
        row["id"] = point_id
        row["geojson"], row["geojson_brief"] = feature_texts(
            point_id, row["lon"], row["lat"], layer, row["properties"])
    session.execute(points.insert(), rows)


def _read_resource(session: Any, layer_id: int, resource: dict[str, Any],
                   layer: LayerInfo) -> int | None:
    """Writes the points of one resource; returns their count, or None when
    its file cannot be read (nothing of it is kept)."""
    count = 0
    batch: list[dict[str, Any]] = []
    try:
        for point in _resource_points(resource, layer.kind):
            attributes = published_attributes(point.properties)
            batch.append({
                "layer_id": layer_id, "resource_id": resource["id"], "row": point.row,
                "kind": layer.kind, "kelurahan": layer.kelurahan, "kecamatan": layer.kecamatan,
                "lon": point.lon, "lat": point.lat,
                "name": display_name(layer.kind, attributes), "properties": attributes})
            if len(batch) == INSERT_BATCH:
                _insert(session, batch, layer)
                count += len(batch)
                batch = []
        if batch:
            _insert(session, batch, layer)
            count += len(batch)
    except (OSError, PointFileError) as error:
        log.warning("map points: resource %s of layer %s not read: %s",
                    resource["id"], layer.dataset, error)
        session.execute(points.delete().where(points.c.layer_id == layer_id,
                                              points.c.resource_id == resource["id"]))
        return None
    return count


def extract(package_id: str, public_dataset: dict[str, Any]) -> MapLayer | None:
    """Replaces the map points of `package_id` by those of `public_dataset`
    (the package_show dict the public sees). Returns the new layer row, or
    None when the dataset is not a point layer (its points, if any, go)."""
    session = model.Session
    session.execute(layers.delete().where(layers.c.package_id == package_id))
    kind = public_dataset.get("jenis_titik")
    if public_dataset.get("type") != DATASET_TYPE or kind not in KINDS:
        session.commit()
        return None
    organization = model.Group.get(public_dataset.get("owner_org") or "")
    kode, nama, kecamatan = _kelurahan_of(organization)
    layer = LayerInfo(kind=kind, dataset=public_dataset["name"], kelurahan=kode,
                      kelurahan_name=nama, kecamatan=kecamatan)
    layer_id = session.execute(layers.insert().values(
        package_id=package_id, name=public_dataset["name"],
        title=public_dataset.get("title") or public_dataset["name"], kind=kind,
        organization_id=organization.id if organization else None,
        kelurahan=kode, kecamatan=kecamatan, point_count=0, skipped_resources=0,
        extracted=utcnow()).returning(layers.c.id)).scalar_one()
    total, skipped = 0, 0
    for resource in public_dataset.get("resources") or []:
        if resource.get("url_type") != "upload":
            skipped += 1
            continue
        count = _read_resource(session, layer_id, resource, layer)
        if count is None:
            skipped += 1
        else:
            total += count
    session.execute(layers.update().where(layers.c.id == layer_id).values(
        point_count=total, skipped_resources=skipped))
    session.commit()
    return MapLayer.for_package(package_id)


def remove(package_id: str) -> None:
    """Takes the points of `package_id` off the map."""
    model.Session.execute(layers.delete().where(layers.c.package_id == package_id))
    model.Session.commit()


# --- reading -------------------------------------------------------------------

@dataclass
class Filters:
    """Which published points to serve. Empty tuples mean "any"."""

    kinds: tuple[str, ...] = ()
    kecamatan: tuple[str, ...] = ()
    kelurahan: tuple[str, ...] = ()        # Kemendagri codes
    datasets: tuple[str, ...] = ()         # package ids
    ids: tuple[int, ...] = ()
    bbox: Area | None = None


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


def feature_collection(filters: Filters, attributes: bool = True, limit: int | None = None,
                       offset: int = 0) -> str:
    """The matching points as the text of a GeoJSON FeatureCollection, in
    point id order, with foreign members `count` (features returned),
    `total` (points matching) and `datasets` ({name: {title, kind,
    kelurahan, kecamatan, count}})."""
    datasets = layer_counts(filters)
    total = sum(layer["count"] for layer in datasets)
    column = points.c.geojson if attributes else points.c.geojson_brief
    selected = sa.select(points.c.id, column.label("text")).where(*_conditions(filters))
    if limit is not None or offset:
        selected = selected.order_by(points.c.id).limit(limit).offset(offset)
    inner = selected.subquery()
    count, text = model.Session.execute(sa.select(
        sa.func.count(), sa.func.coalesce(sa.func.string_agg(
            inner.c.text, sa.dialects.postgresql.aggregate_order_by(
                sa.literal_column("','"), inner.c.id)), ""))).one()
    return feature_collection_text(text, count, total=total, datasets={
        layer.pop("name"): layer for layer in datasets})


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


def kelurahan_places() -> dict[str, dict[str, Any]]:
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


def counts_by_kind(kelurahan: str | None = None) -> dict[str, int]:
    """The number of published points of each kind, of one kelurahan or all."""
    filters = Filters(kelurahan=(kelurahan,) if kelurahan else ())
    rows = model.Session.execute(
        sa.select(points.c.kind, sa.func.count()).where(*_conditions(filters))
        .group_by(points.c.kind))
    return {kind: count for kind, count in rows}


def version() -> str:
    """Changes whenever a layer is published, replaced or withdrawn."""
    return MapLayer.version()


# --- parameters ----------------------------------------------------------------

def _values(raw: Any) -> list[str]:
    """A parameter given as a list or as comma-separated text, as a list."""
    if raw in (None, ""):
        return []
    items = raw if isinstance(raw, (list, tuple)) else str(raw).split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def _kelurahan_code(value: str) -> str | None:
    found = reference.by_code(value) or reference.by_organization_name(value) \
        or reference.by_name(value)
    if found is None:
        organization = model.Group.get(value)
        if organization is not None:
            found = reference.by_code(organization.extras.get("kode_wilayah") or "")
    return found.kode if found is not None else None


def _bbox(raw: Any) -> Area:
    values = raw if isinstance(raw, (list, tuple)) else str(raw).split(",")
    return Area.from_bbox([float(value) for value in values])


def _point_ids(raw: Any) -> tuple[int, ...]:
    return tuple(int(value) for value in _values(raw))


def parse_filters(data_dict: dict[str, Any]) -> Filters:
    """The filters of a request (kind, kecamatan, kelurahan, dataset, id,
    bbox; see satudata_map_points). Raises ValidationError naming each
    parameter that is not understood."""
    _ = tk._
    errors: dict[str, list[str]] = {}
    filters = Filters()
    kinds = _values(data_dict.get("kind"))
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        errors["kind"] = [_("Jenis titik tidak dikenal: {values}. Pilih dari: {choices}.").format(
            values=", ".join(unknown), choices=", ".join(KINDS))]
    filters.kinds = tuple(kinds)

    names = {name.lower(): name for name in reference.kecamatan_names()}
    kecamatan = _values(data_dict.get("kecamatan"))
    unknown = [value for value in kecamatan if value.lower() not in names]
    if unknown:
        errors["kecamatan"] = [_("Kecamatan tidak dikenal: {values}. Pilih dari: {choices}."
                                 ).format(values=", ".join(unknown),
                                          choices=", ".join(names.values()))]
    filters.kecamatan = tuple(names[v.lower()] for v in kecamatan if v.lower() in names)

    kelurahan = _values(data_dict.get("kelurahan"))
    codes = {value: _kelurahan_code(value) for value in kelurahan}
    unknown = [value for value, code in codes.items() if code is None]
    if unknown:
        errors["kelurahan"] = [_(
            "Kelurahan tidak dikenal: {values}. Pakai kode wilayah (mis. 35.71.02.1002), "
            "nama organisasi (mis. kelurahan-balowerti) atau nama kelurahan."
        ).format(values=", ".join(unknown))]
    filters.kelurahan = tuple(code for code in codes.values() if code)

    datasets = []
    for value in _values(data_dict.get("dataset")):
        package = model.Package.get(value)
        # An unknown dataset simply has no published points.
        datasets.append(package.id if package is not None else value)
    filters.datasets = tuple(datasets)

    try:
        filters.ids = _point_ids(data_dict.get("id"))
    except ValueError:
        errors["id"] = [_("id harus berupa nomor titik, mis. 12 atau 12,13.")]
    if data_dict.get("bbox") not in (None, ""):
        try:
            filters.bbox = _bbox(data_dict["bbox"])
        except (TypeError, ValueError):
            errors["bbox"] = [_(
                "bbox harus berupa empat angka bujur_min,lintang_min,bujur_maks,lintang_maks, "
                "mis. 111.99,-7.83,112.03,-7.80.")]
    if errors:
        raise tk.ValidationError(errors)
    return filters
