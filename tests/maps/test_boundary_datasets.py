"""The boundaries as data: the walidata keeps the kelurahan polygons as a
`batas-wilayah` dataset, each upload is checked whole, and only the
published version is drawn and used to check points; an edit waits for the
curator, a withdrawal falls back."""
from __future__ import annotations

import json

import pytest

import ckan.plugins.toolkit as tk

from ckanext.satudata.maps import boundary_layer
from ckanext.satudata.model import Boundary
from tests.helpers import call_as, publish

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

BALOWERTI = "35.71.02.1002"


def demo_geojson(drop: str | None = None, shift: float = 0.0) -> str:
    with open(boundary_layer.DEMO_FILE, encoding="utf-8") as handle:
        collection = json.load(handle)
    features = [f for f in collection["features"] if f["properties"]["kode_wilayah"] != drop]
    if shift:  # move every polygon a little: a new version of the same boundaries
        for feature in features:
            geometry = feature["geometry"]
            rings = geometry["coordinates"] if geometry["type"] == "Polygon" else [
                ring for polygon in geometry["coordinates"] for ring in polygon]
            for ring in rings:
                for point in ring:
                    point[0] += shift
    return json.dumps(dict(collection, features=features))


@pytest.fixture
def diskominfo(people):
    return call_as(people["curator"], "organization_show", id="diskominfo")


def batas(owner_org: str, **overrides) -> dict:
    data = {"type": "batas-wilayah", "owner_org": owner_org, "name": "batas-kelurahan-2026",
            "title": "Batas kelurahan Kota Kediri 2026", "tahun": "2026",
            "sumber_batas": "Bagian Tata Pemerintahan", "batas_resmi": "ya"}
    data.update(overrides)
    return data


@pytest.fixture
def published_boundaries(people, diskominfo, create_with_upload):
    dataset = call_as(people["curator"], "package_create", **batas(diskominfo["id"]))
    create_with_upload(demo_geojson(), "batas.geojson", package_id=dataset["id"],
                       context={"user": people["curator"]["name"]})
    assert boundary_layer.map_layer() is None  # a draft is not used
    publish(people["curator"], dataset)
    return dataset


def test_published_boundaries_are_drawn_official_and_remember_their_dataset(
        app, published_boundaries):
    layer = boundary_layer.map_layer()
    assert len(layer["features"]["features"]) == 46 and layer["official"] is True
    assert {row.package_id for row in Boundary.all()} == {published_boundaries["id"]}
    page = app.get("/peta").get_data(as_text=True)
    assert "bukan batas resmi" not in page and "data-thematic-choice" in page


def test_a_file_without_a_kelurahan_is_refused_naming_it(people, diskominfo,
                                                          create_with_upload):
    dataset = call_as(people["curator"], "package_create", **batas(diskominfo["id"]))
    with pytest.raises(tk.ValidationError) as refused:
        create_with_upload(demo_geojson(drop=BALOWERTI), "batas.geojson",
                           package_id=dataset["id"], context={"user": people["curator"]["name"]})
    messages = refused.value.error_dict["url"]
    assert "1 kesalahan" in messages[0]
    assert any("Balowerti (35.71.02.1002) tidak ada dalam berkas" in m for m in messages)
    assert call_as(people["curator"], "package_show", id=dataset["id"])["resources"] == []
    with pytest.raises(tk.ValidationError) as linked:
        call_as(people["curator"], "resource_create", package_id=dataset["id"],
                url="https://example.org/batas.geojson")
    assert "bukan tautan" in linked.value.error_dict["url"][0]


@pytest.mark.parametrize("who", ["pic", "planner", "anonymous"])
def test_only_the_walidata_keeps_the_boundaries(people, diskominfo, kelurahan_balowerti, who):
    with pytest.raises(tk.NotAuthorized):
        call_as(people[who], "package_create", **batas(diskominfo["id"]))
    if who == "pic":  # nor in the PIC's own kelurahan
        with pytest.raises(tk.ValidationError) as refused:
            call_as(people["pic"], "package_create", **batas(kelurahan_balowerti["id"]))
        assert "walidata" in refused.value.error_dict["owner_org"][0]


def test_an_edit_waits_for_approval_and_a_withdrawal_falls_back(
        people, published_boundaries, create_with_upload):
    approved = Boundary.current_version()
    create_with_upload(demo_geojson(shift=0.0002), "batas-baru.geojson",
                       package_id=published_boundaries["id"],
                       context={"user": people["curator"]["name"]})
    assert Boundary.current_version() == approved  # held until a curator approves
    publish(people["curator"], published_boundaries)
    assert Boundary.current_version() != approved
    call_as(people["curator"], "satudata_withdraw", id=published_boundaries["id"],
            note="Diganti batas baru dari BIG.")
    assert Boundary.current_version() is None and boundary_layer.map_layer() is None
