"""Point entry from a phone ("Tambah / pindahkan titik"): the page and its
save, which makes a new version of the layer's file through the normal
upload (checks, boundaries, held edits of a published layer)."""
from __future__ import annotations

import json

import pytest

from ckan.cli.cli import ckan as ckan_command

from ckanext.satudata.maps import boundary_layer
from tests.helpers import call_as, publish
from tests.map_samples import BANDAR_LOR, POSYANDU, geojson, point_layer

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

KENANGA = {"nama": "Posyandu Kenanga", "strata": "madya", "rw": "4", "alamat": "Jl. Kenanga 4"}


@pytest.fixture
def layer(people, kelurahan_balowerti, create_with_upload):
    """A draft posyandu layer of Balowerti, made by its PIC, with two points."""
    dataset = call_as(people["pic"], "package_create", **point_layer(kelurahan_balowerti["id"]))
    create_with_upload(geojson(POSYANDU), "posyandu.geojson", package_id=dataset["id"],
                       name="Posyandu Balowerti", context={"user": people["pic"]["name"]})
    return call_as(people["pic"], "package_show", id=dataset["id"])


def page_url(layer):
    return f"/peta-titik/{layer['name']}/sunting-titik"


def editor_config(app, layer, headers):
    page = app.get(page_url(layer), headers=headers).get_data(as_text=True)
    raw = page.split('data-module="satudata-point-editor"')[1].split('data-module-config="')[1]
    import html
    return json.loads(html.unescape(raw.split('"')[0]))


def feature(position, properties):
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": "Point", "coordinates": list(position)}}


def save(app, layer, headers, features, base_version, status=200):
    response = app.post(page_url(layer), headers=headers, status=status,
                        json={"features": features, "base_version": base_version})
    return response.json


def stored_points(app, resource, headers):
    content = json.loads(app.get(resource["url"], headers=headers).get_data(as_text=True))
    return [(f["properties"].get("nama"), tuple(f["geometry"]["coordinates"]))
            for f in content["features"]]


def test_the_pic_and_a_curator_open_the_page_others_are_refused(app, layer, tokens):
    config = editor_config(app, layer, tokens["pic"])
    assert [f["properties"]["nama"] for f in config["features"]] == [
        "Posyandu Mawar", "Posyandu Melati"]
    assert config["maxAccuracy"] == 30
    strata = [a for a in config["attributes"] if a["name"] == "strata"][0]
    assert strata["required"] and strata["choices"] == ["pratama", "madya", "purnama", "mandiri"]
    assert editor_config(app, layer, tokens["curator"])["kind"] == "posyandu"

    for who in ("other_pic", "planner", "anonymous"):
        response = app.get(page_url(layer), headers=tokens[who], status=403)
        assert layer["title"] not in response.get_data(as_text=True)
    # The dataset page offers the way in to its PIC only.
    assert "Tambah / pindahkan titik" in app.get(
        f"/peta-titik/{layer['name']}", headers=tokens["pic"]).get_data(as_text=True)


def test_a_save_on_a_draft_is_a_new_version_of_the_same_file(app, layer, tokens, people):
    config = editor_config(app, layer, tokens["pic"])
    mawar, melati = config["features"]
    moved = feature((112.0172, -7.8131), mawar["properties"])
    answer = save(app, layer, tokens["pic"],
                  [moved, melati, feature((112.0160, -7.8120), KENANGA)],
                  config["baseVersion"])

    assert answer["ok"] and answer["message"] == "Tersimpan sebagai versi baru berkas lapisan."
    assert answer["base_version"] != config["baseVersion"]
    [resource] = call_as(people["pic"], "package_show", id=layer["id"])["resources"]
    assert resource["id"] == layer["resources"][0]["id"] and resource["format"] == "GeoJSON"
    assert stored_points(app, resource, tokens["pic"]) == [
        ("Posyandu Mawar", (112.0172, -7.8131)), ("Posyandu Melati", (112.0185, -7.8145)),
        ("Posyandu Kenanga", (112.016, -7.812))]

    # The page shown before the save is out of date: its save is refused,
    # saying the points are still on the page.
    stale = save(app, layer, tokens["pic"], [melati], config["baseVersion"], status=400)
    assert "sudah diubah di tempat lain" in stale["errors"][0]
    assert len(stored_points(app, resource, tokens["pic"])) == 3


def test_the_upload_checks_apply_a_missing_attribute_is_refused(app, layer, tokens):
    config = editor_config(app, layer, tokens["pic"])
    answer = save(app, layer, tokens["pic"], config["features"] + [
        feature((112.0160, -7.8120), {"nama": "Posyandu Tanpa Strata", "rw": "4",
                                      "alamat": "Jl. Baru"})], config["baseVersion"], status=400)
    assert answer["ok"] is False
    assert "Baris 3: kolom strata wajib diisi." in answer["errors"]


def test_a_pic_of_another_kelurahan_cannot_save(app, layer, tokens):
    config = editor_config(app, layer, tokens["pic"])
    answer = save(app, layer, tokens["other_pic"], [config["features"][0]],
                  config["baseVersion"], status=403)
    assert answer["errors"] == ["Hanya PIC kelurahan pemilik lapisan titik dan kurator yang "
                                "dapat menambah atau memindahkan titik."]
    assert len(stored_points(app, layer["resources"][0], tokens["pic"])) == 2


def test_a_published_layer_edit_is_held_for_the_curator(app, layer, tokens, people):
    publish(people["pic"], layer, people["curator"])
    published_id = layer["resources"][0]["id"]
    config = editor_config(app, layer, tokens["pic"])
    mawar, melati = config["features"]
    answer = save(app, layer, tokens["pic"], [
        feature((112.0172, -7.8131), mawar["properties"]),
        feature((112.0160, -7.8120), KENANGA)], config["baseVersion"])
    assert answer["ok"]

    # The PIC's live layer has a new file replacing the published one (which
    # cannot be replaced or deleted but by a curator); the public still gets
    # the published version, and the map its points.
    old, new = call_as(people["pic"], "package_show", id=layer["id"])["resources"]
    assert old["id"] == published_id and old["satudata_diganti_oleh"] == new["id"]
    assert [name for name, _position in stored_points(app, new, tokens["pic"])] == [
        "Posyandu Mawar", "Posyandu Kenanga"]
    [public] = call_as(None, "package_show", id=layer["id"])["resources"]
    assert public["id"] == published_id
    names = sorted(f["properties"]["name"] for f in call_as(
        None, "satudata_map_points", dataset=layer["name"])["features"])
    assert names == ["Posyandu Mawar", "Posyandu Melati"]

    # The curator's review says what changed, with the before/after map.
    call_as(people["pic"], "satudata_submit", id=layer["id"])
    # Submitted, the layer cannot change: the page says so, a save is refused.
    locked = editor_config(app, layer, tokens["pic"])
    assert locked["locked"] is True
    refused = save(app, layer, tokens["pic"], locked["features"][:1],
                   locked["baseVersion"], status=400)
    assert "sedang ditinjau kurator" in refused["errors"][0]
    page = app.get(f"/peta-titik/{layer['name']}",
                   headers=tokens["curator"]).get_data(as_text=True)
    assert "1 titik ditambah, 1 dipindah, 1 dihapus" in page
    assert 'data-module="satudata-point-changes"' in page
    public_page = app.get(f"/peta-titik/{layer['name']}").get_data(as_text=True)
    assert "titik ditambah" not in public_page and "Posyandu Kenanga" not in public_page

    call_as(people["curator"], "satudata_approve", id=layer["id"])
    names = sorted(f["properties"]["name"] for f in call_as(
        None, "satudata_map_points", dataset=layer["name"])["features"])
    assert names == ["Posyandu Kenanga", "Posyandu Mawar"]


def test_a_point_in_another_kelurahan_is_refused_naming_it(app, layer, tokens, cli):
    result = cli.invoke(ckan_command, ["satudata", "muat-batas", "--berkas",
                                       boundary_layer.DEMO_FILE, "--resmi"])
    assert result.exit_code == 0, result.output
    [in_bandar_lor] = [f["properties"]["label"] for f in
                       boundary_layer.map_layer()["features"]["features"]
                       if f["properties"]["kode_wilayah"] == BANDAR_LOR]
    config = editor_config(app, layer, tokens["pic"])
    assert config["boundary"]["feature"]["properties"]["kode_wilayah"] == "35.71.02.1002"
    answer = save(app, layer, tokens["pic"], config["features"] + [
        feature((in_bandar_lor[1], in_bandar_lor[0]), KENANGA)],
        config["baseVersion"], status=400)
    assert answer["errors"][0] == "Berkas ditolak: 1 titik berada di luar Kelurahan Balowerti."
    assert answer["errors"][1].startswith(
        "Baris 3: Titik berada di Kelurahan Bandar Lor, bukan Balowerti")
    assert len(stored_points(app, layer["resources"][0], tokens["pic"])) == 2
