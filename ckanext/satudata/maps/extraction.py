"""Writing the points of a published layer, and taking them off the map."""
from __future__ import annotations

import logging
from typing import Any, Iterator

import sqlalchemy as sa

import ckan.model as model

from ckanext.satudata import config
from ckanext.satudata import reference
from ckanext.satudata import site
from ckanext.satudata.access.rules import data_restricted
from ckanext.satudata.maps import KINDS, PointFileError, iter_points
from ckanext.satudata.maps.features import (
    LayerInfo, display_name, feature_texts, published_attributes)
from ckanext.satudata.model import MapLayer, utcnow
from ckanext.satudata.model import map_layer_table as layers
from ckanext.satudata.model import map_point_table as points
from ckanext.satudata.maps.layers import DATASET_TYPE
from ckanext.satudata.maps.editing import SUPERSEDED_FIELD

log = logging.getLogger(__name__)

INSERT_BATCH = 1000


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
    fmt = (resource.get("format") or "").strip().lower() or None
    with site.open_uploaded(resource) as stored:
        yield from iter_points(stored, kind, fmt, bbox=config.city_bbox())


def insert_points(session: Any, rows: list[dict[str, Any]], layer: LayerInfo) -> None:
    """Inserts point `rows` of one layer (dicts of the table's columns but
    id, geojson and geojson_brief), giving each point its id first so that
    its serialised Feature carries it. The caller commits."""
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
                insert_points(session, batch, layer)
                count += len(batch)
                batch = []
        if batch:
            insert_points(session, batch, layer)
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
    None when the dataset is not a point layer, or a restricted one whose
    points are not for the public map (its points, if any, go)."""
    session = model.Session
    session.execute(layers.delete().where(layers.c.package_id == package_id))
    kind = public_dataset.get("jenis_titik")
    if (public_dataset.get("type") != DATASET_TYPE or kind not in KINDS
            or data_restricted(public_dataset.get("klasifikasi_akses"))):
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
        if resource.get(SUPERSEDED_FIELD):
            continue  # an older version of the file (maps/editing.py)
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


