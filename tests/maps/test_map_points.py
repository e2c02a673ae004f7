"""The city map's points (satudata_map_points): only published layers, filters,
withdrawal, approved edits; extracted once into the extension's table."""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import ckan.lib.uploader as uploader
import ckan.model as model
import ckan.plugins.toolkit as tk
import ckan.tests.helpers as helpers

from ckanext.satudata.maps import query as map_query
from ckanext.satudata.workflow import publication
from ckanext.satudata.model import MapLayer, map_point_table
from tests.helpers import call_as, publish
from tests.map_samples import BALOWERTI, POSYANDU, RT, geojson, shifted

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

def map_points(**params):
    """satudata_map_points as an anonymous visitor."""
    return call_as(None, "satudata_map_points", **params)


def names(collection):
    return sorted(feature["properties"]["name"] for feature in collection["features"])


def test_published_layer_is_served_with_its_attributes_in_geojson(make_layer, sysadmin):
    layer = make_layer("balowerti", "posyandu", POSYANDU)
    assert map_points()["features"] == []

    publish(sysadmin, layer)

    collection = map_points()
    assert collection["type"] == "FeatureCollection"
    assert collection["count"] == collection["total"] == 2
    feature = next(f for f in collection["features"]
                   if f["properties"]["name"] == "Posyandu Mawar")
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [112.017, -7.813]}
    assert feature["properties"] == {
        "kind": "posyandu", "name": "Posyandu Mawar", "dataset": "posyandu-balowerti",
        "kelurahan": BALOWERTI, "kecamatan": "Kota", "kelurahan_name": "Balowerti",
        "attributes": {"nama": "Posyandu Mawar", "strata": "madya", "rw": "1",
                       "alamat": "Jl. Mawar 1", "jumlah_kader": 5}}
    assert collection["datasets"] == {"posyandu-balowerti": {
        "title": "posyandu balowerti", "kind": "posyandu", "kelurahan": BALOWERTI,
        "kecamatan": "Kota", "count": 2}}


def test_drafts_submitted_and_withdrawn_layers_never_appear(make_layer, sysadmin):
    published = make_layer("balowerti", "posyandu", POSYANDU)
    make_layer("balowerti", "rt", RT)                                   # draft
    submitted = make_layer("bandar-lor", "posyandu", shifted(POSYANDU, -0.02, 0.007))
    withdrawn = make_layer("bandar-lor", "rt", shifted(RT, -0.02, 0.007))
    publish(sysadmin, published)
    call_as(sysadmin, "satudata_submit", id=submitted["id"])
    publish(sysadmin, withdrawn)
    call_as(sysadmin, "satudata_withdraw", id=withdrawn["id"], note="Data keliru.")

    for viewer in (None, sysadmin):  # a curator's map is the public map too
        collection = call_as(viewer, "satudata_map_points")
        assert {f["properties"]["dataset"] for f in collection["features"]} == {
            "posyandu-balowerti"}
        assert list(collection["datasets"]) == ["posyandu-balowerti"]


def test_withdrawal_removes_the_points_and_republishing_brings_them_back(
        make_layer, sysadmin):
    layer = make_layer("balowerti", "rt", RT)
    publish(sysadmin, layer)
    assert map_points()["count"] == 3

    call_as(sysadmin, "satudata_withdraw", id=layer["id"], note="Perlu diperbaiki.")

    assert map_points()["count"] == 0
    assert MapLayer.for_package(layer["id"]) is None
    assert model.Session.execute(
        sa.select(sa.func.count()).select_from(map_point_table)).scalar() == 0

    publish(sysadmin, layer)
    assert names(map_points()) == ["RT 1 / RW 1", "RT 2 / RW 1", "RT 3 / RW 1"]


def test_filters_by_kind_kecamatan_kelurahan_bbox_dataset_and_id(make_layer, sysadmin):
    for layer in (make_layer("balowerti", "posyandu", POSYANDU),
                  make_layer("balowerti", "rt", RT),
                  make_layer("bandar-lor", "posyandu", shifted(POSYANDU, -0.02, 0.007))):
        publish(sysadmin, layer)
    assert map_points()["count"] == 7

    assert map_points(kind="rt")["count"] == 3
    assert map_points(kind=["rt", "posyandu"])["count"] == 7
    assert map_points(kind="pos-kamling")["count"] == 0
    assert map_points(kecamatan="mojoroto")["count"] == 2
    assert map_points(kecamatan="Kota,Mojoroto")["count"] == 7
    for balowerti in (BALOWERTI, "kelurahan-balowerti", "Balowerti"):
        assert map_points(kelurahan=balowerti)["count"] == 5
    assert map_points(kelurahan="balowerti", kind="posyandu")["count"] == 2
    assert map_points(dataset="posyandu-bandar-lor")["count"] == 2
    # West of 112.0 lies Bandar Lor only; a box around two of the RT points.
    assert map_points(bbox="111.95,-7.92,112.0,-7.74")["count"] == 2
    assert names(map_points(bbox=[112.0145, -7.8125, 112.0165, -7.8105])) == [
        "RT 1 / RW 1", "RT 2 / RW 1"]

    first = map_points(kind="rt", limit=2)
    assert (first["count"], first["total"]) == (2, 3)
    rest = map_points(kind="rt", limit=2, offset=2)
    assert rest["count"] == 1
    ids = [f["id"] for f in first["features"] + rest["features"]]
    assert ids == sorted(ids) and len(set(ids)) == 3

    [one] = map_points(id=str(ids[0]))["features"]
    assert one["id"] == ids[0]


def test_light_answer_without_attributes(make_layer, sysadmin):
    publish(sysadmin, make_layer("balowerti", "posyandu", POSYANDU))
    feature = map_points(attributes="false")["features"][0]
    assert set(feature["properties"]) == {"kind", "name", "dataset", "kelurahan", "kecamatan"}


@pytest.mark.parametrize("params, field", [
    ({"kind": "sekolah"}, "kind"),
    ({"kecamatan": "Sukolilo"}, "kecamatan"),
    ({"kelurahan": "35.78.01.1001"}, "kelurahan"),
    ({"bbox": "112,-7.8"}, "bbox"),
    ({"bbox": "112.1,-7.8,112.0,-7.7"}, "bbox"),
    ({"id": "satu"}, "id"),
    ({"limit": "-1"}, "limit"),
])
def test_unknown_filters_are_refused_with_a_message(params, field):
    with pytest.raises(tk.ValidationError) as refused:
        map_points(**params)
    assert refused.value.error_dict[field][0]


def test_approved_edit_replaces_the_points(make_layer, sysadmin, create_with_upload):
    layer = make_layer("balowerti", "rt", RT)
    publish(sysadmin, layer)
    version = map_query.version()
    old_ids = {f["id"] for f in map_points()["features"]}

    # An edit adds a second file; the public version only changes when a
    # curator approves it (publication.published with the approved dataset).
    create_with_upload(geojson(shifted(RT, 0.001, 0.0)[:1]), "rt-baru.geojson",
                       package_id=layer["id"], context={"user": sysadmin["name"]})
    approved = helpers.call_action("package_show", id=layer["id"])
    publication.published(layer["id"], dict(approved, title="RT Balowerti 2026"))

    collection = map_points()
    assert collection["count"] == 4
    assert not old_ids & {f["id"] for f in collection["features"]}
    assert collection["datasets"]["rt-balowerti"]["title"] == "RT Balowerti 2026"
    assert map_query.version() != version


def test_an_edit_reaches_the_map_only_when_a_curator_approves_it(
        make_layer, sysadmin, create_with_upload):
    layer = make_layer("balowerti", "rt", RT)
    publish(sysadmin, layer)

    # The PIC adds a file to the published layer: held until approved.
    create_with_upload(geojson(shifted(RT, 0.001, 0.0)[:1]), "rt-baru.geojson",
                       package_id=layer["id"], context={"user": sysadmin["name"]})
    call_as(sysadmin, "satudata_submit", id=layer["id"])
    assert map_points()["count"] == 3

    call_as(sysadmin, "satudata_approve", id=layer["id"])
    assert map_points()["count"] == 4


def test_points_are_served_from_the_table_not_the_files(make_layer, sysadmin):
    layer = make_layer("balowerti", "posyandu", POSYANDU)
    publish(sysadmin, layer)
    resource = layer["resources"][0]
    os.remove(uploader.get_resource_uploader(resource).get_path(resource["id"]))

    assert map_points()["count"] == 2


def test_a_file_that_cannot_be_read_is_skipped_at_publication(make_layer, sysadmin):
    # (A file gone before approval stops the approval: it is scanned again.
    # Here it goes after, and the published layers are read again.)
    layer = make_layer("balowerti", "posyandu", POSYANDU)
    publish(sysadmin, layer)
    resource = layer["resources"][0]
    os.remove(uploader.get_resource_uploader(resource).get_path(resource["id"]))

    publication.refresh_all()

    assert map_points()["count"] == 0
    assert MapLayer.for_package(layer["id"]).skipped_resources == 1


def test_other_dataset_types_put_nothing_on_the_map(reference_organizations, sysadmin):
    from tests.helpers import statistik_sektoral
    dataset = call_as(sysadmin, "package_create", **statistik_sektoral("kelurahan-balowerti"))
    publish(sysadmin, dataset)
    assert map_points()["count"] == 0
    assert MapLayer.for_package(dataset["id"]) is None


def test_the_http_api_answers_geojson(make_layer, sysadmin, app):
    publish(sysadmin, make_layer("balowerti", "posyandu", POSYANDU))
    response = app.get("/api/3/action/satudata_map_points?kind=posyandu&kelurahan=Balowerti")
    assert response.status_code == 200
    body = response.json
    assert body["success"] is True
    assert body["result"]["type"] == "FeatureCollection"
    assert names(body["result"]) == ["Posyandu Mawar", "Posyandu Melati"]

    refused = app.get("/api/3/action/satudata_map_points?kind=sekolah", status=409)
    assert "sekolah" in refused.json["error"]["kind"][0]


def test_the_map_tables_match_the_model():
    tables = {"satudata_map_layer", "satudata_map_point"}

    def ours(obj, name, type_, reflected, compare_to):
        return type_ != "table" or name in tables

    model.Session.remove()
    with model.meta.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_object": ours, "compare_type": True, "compare_server_default": True})
        assert compare_metadata(context, model.meta.metadata) == []
