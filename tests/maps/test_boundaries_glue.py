"""Kelurahan boundaries inside the portal: `ckan satudata muat-batas` stores a
checked layer, a kelurahan's point layer is checked against its own
kelurahan, and the maps draw the borders with the "batas perkiraan" notice."""
from __future__ import annotations

import json

import pytest

import ckan.plugins.toolkit as tk
from ckan.cli.cli import ckan as ckan_command

from ckanext.satudata.maps import boundary_layer
from ckanext.satudata.model import Boundary
from tests.helpers import call_as
from tests.map_samples import BALOWERTI, BANDAR_LOR, POSYANDU, geojson, point_layer

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

NOTICE = "batas perkiraan, bukan batas resmi"


def load(cli, *args):
    return cli.invoke(ckan_command, ["satudata", "muat-batas", *args])


def label_of(kode):
    layer = boundary_layer.map_layer()
    [feature] = [f for f in layer["features"]["features"]
                 if f["properties"]["kode_wilayah"] == kode]
    lat, lon = feature["properties"]["label"]
    return lon, lat


def upload_posyandu(create_with_upload, sysadmin, owner_org, points):
    dataset = call_as(sysadmin, "package_create", **point_layer(owner_org))
    return create_with_upload(geojson(points), "posyandu.geojson", package_id=dataset["id"],
                              context={"user": sysadmin["name"]})


def test_the_demo_boundaries_load_once_and_a_bad_file_keeps_them(cli, tmp_path):
    result = load(cli)
    assert result.exit_code == 0, result.output
    assert "Batas 46 kelurahan dimuat (batas perkiraan, bukan batas resmi)." in result.output
    stored = Boundary.all()
    assert len(stored) == 46 and not any(row.resmi for row in stored)
    version = Boundary.current_version()
    assert load(cli).exit_code == 0 and Boundary.current_version() == version
    # the approximate file cannot be declared official
    refused = load(cli, "--resmi")
    assert refused.exit_code != 0 and "--resmi hanya untuk berkas batas resmi" in refused.output
    assert not any(row.resmi for row in Boundary.all())

    with open(boundary_layer.DEMO_FILE, encoding="utf-8") as handle:
        document = json.load(handle)
    document["features"] = [f for f in document["features"]
                            if f["properties"]["kode_wilayah"] != BALOWERTI]
    bad = tmp_path / "batas.geojson"
    bad.write_text(json.dumps(document), encoding="utf-8")
    result = load(cli, "--berkas", str(bad), "--resmi")
    assert result.exit_code != 0
    assert "Kelurahan Balowerti (35.71.02.1002) tidak ada dalam berkas." in result.output
    assert "Batas kelurahan tidak dimuat: 1 kesalahan." in result.output
    assert Boundary.current_version() == version and len(Boundary.all()) == 46


def test_with_official_boundaries_a_balowerti_posyandu_in_bandar_lor_is_refused(
        cli, kelurahan_balowerti, sysadmin, create_with_upload):
    assert load(cli, "--berkas", boundary_layer.DEMO_FILE, "--resmi").exit_code == 0
    (_position, properties) = POSYANDU[0]
    in_bandar_lor = label_of(BANDAR_LOR)
    with pytest.raises(tk.ValidationError) as refused:
        upload_posyandu(create_with_upload, sysadmin, kelurahan_balowerti["id"],
                        [POSYANDU[0], (in_bandar_lor, dict(properties, nama="Posyandu Jauh"))])
    messages = refused.value.error_dict["url"]
    assert messages[0] == "Berkas ditolak: 1 titik berada di luar Kelurahan Balowerti."
    assert messages[1].startswith("Baris 2: Titik berada di Kelurahan Bandar Lor, bukan Balowerti")


def test_with_official_boundaries_points_inside_their_kelurahan_are_stored(
        cli, kelurahan_balowerti, sysadmin, create_with_upload):
    assert load(cli, "--berkas", boundary_layer.DEMO_FILE, "--resmi").exit_code == 0
    inside = label_of(BALOWERTI)
    resource = upload_posyandu(create_with_upload, sysadmin, kelurahan_balowerti["id"],
                               [(inside, POSYANDU[0][1])])
    assert resource["format"] == "GeoJSON"


def test_approximate_boundaries_refuse_nothing_but_the_pic_sees_a_warning(
        cli, kelurahan_balowerti, sysadmin, create_with_upload, request):
    assert load(cli).exit_code == 0
    in_bandar_lor = label_of(BANDAR_LOR)
    resource = upload_posyandu(create_with_upload, sysadmin, kelurahan_balowerti["id"],
                               [(in_bandar_lor, POSYANDU[0][1])])
    assert resource["format"] == "GeoJSON"
    # ... but the PIC is told, on the resource page, which point to check
    warnings = resource["satudata_peringatan_batas"].split("\n")
    assert warnings[0] == ("1 titik perlu dicek: berada di luar atau di tepi batas "
                           "Kelurahan Balowerti.")
    assert len(warnings) == 2 and "Bandar Lor" in warnings[1]
    token = call_as(sysadmin, "api_token_create", user=sysadmin["name"], name="t")["token"]
    app = request.getfixturevalue("app")  # after the upload: its request context
    page = app.get(f"/dataset/{resource['package_id']}/resource/{resource['id']}",
                   headers={"Authorization": token}).get_data(as_text=True)
    assert "data-border-warnings" in page and "Bandar Lor" in page


def _map_config(page):
    raw = page.split('data-module-config="')[1].split('"')[0]
    import html
    return json.loads(html.unescape(raw))


def test_the_city_map_draws_the_approximate_borders_with_their_notice(
        app, cli, reference_organizations):
    before = app.get("/peta").get_data(as_text=True)
    assert NOTICE not in before and _map_config(before)["boundaries"] is None

    assert load(cli).exit_code == 0
    page = app.get("/peta").get_data(as_text=True)
    assert ("Garis batas kelurahan pada peta ini adalah batas perkiraan, bukan batas resmi."
            in page)
    config = _map_config(page)
    features = config["boundaries"]["features"]["features"]
    assert len(features) == 46 and config["boundaries"]["official"] is False
    # the kelurahan labels sit at the polygons' representative points
    labels = {k["code"]: (k["lon"], k["lat"]) for k in config["kelurahanList"]}
    assert labels[BALOWERTI] == label_of(BALOWERTI)


def test_the_kelurahan_page_map_has_the_borders_and_official_ones_no_notice(
        app, cli, reference_organizations):
    assert load(cli).exit_code == 0
    page = app.get("/kelurahan/balowerti").get_data(as_text=True)
    assert "bukan batas resmi" in page
    assert _map_config(page)["boundaries"]["features"]["features"]

    assert load(cli, "--berkas", boundary_layer.DEMO_FILE, "--resmi").exit_code == 0
    page = app.get("/kelurahan/balowerti").get_data(as_text=True)
    assert "bukan batas resmi" not in page
    assert _map_config(page)["boundaries"]["official"] is True


def test_the_boundaries_are_served_for_the_home_map_and_the_previews(
        app, cli, reference_organizations):
    none = app.get("/peta/batas.geojson").json
    assert (none["batas"], none["features"]) == (False, [])
    assert 'data-module-boundaries="/peta/batas.geojson"' in app.get("/").get_data(as_text=True)

    assert load(cli).exit_code == 0
    answer = app.get("/peta/batas.geojson")
    assert answer.json["batas"] is True and answer.json["batas_resmi"] is False
    assert len(answer.json["features"]) == 46
    assert {"kode_wilayah", "nama_wilayah", "label"} <= set(
        answer.json["features"][0]["properties"])
    app.get("/peta/batas.geojson", headers={"If-None-Match": answer.headers["ETag"]},
            status=304)
