"""Point layers (peta-titik): uploads checked row by row, extent searchable."""
import json

import pytest

import ckan.plugins.toolkit as tk
import ckan.tests.helpers as helpers

from ckanext.satudata.maps import KINDS, template_csv
from tests.helpers import call_as, publish
from tests.map_samples import geojson_of, point_layer

INSIDE_KEDIRI = "111.99,-7.83,112.03,-7.80"
SURABAYA = "112.60,-7.35,112.80,-7.20"


@pytest.fixture
def layer(kelurahan_balowerti, sysadmin):
    return call_as(sysadmin, "package_create", **point_layer(kelurahan_balowerti["id"]))


def upload(create_with_upload, sysadmin, dataset, content, filename, **extra):
    return create_with_upload(content, filename, package_id=dataset["id"],
                              context={"user": sysadmin["name"]}, **extra)


@pytest.mark.usefixtures("with_plugins")
def test_all_three_dataset_types_are_registered():
    types = helpers.call_action("scheming_dataset_schema_list")
    assert {"statistik-sektoral", "profil-kelurahan", "peta-titik"} <= set(types)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_valid_file_of_each_kind_and_format_is_stored_with_its_extent(
        kind, fmt, kelurahan_balowerti, sysadmin, create_with_upload, app):
    dataset = call_as(sysadmin, "package_create",
                      **point_layer(kelurahan_balowerti["id"], kind))
    content = template_csv(kind) if fmt == "csv" else geojson_of(
        kind, [(112.0116, -7.8166), (112.0150, -7.8100)])

    resource = upload(create_with_upload, sysadmin, dataset, content, f"titik.{fmt}")
    publish(sysadmin, dataset)

    assert resource["format"] == {"csv": "CSV", "geojson": "GeoJSON"}[fmt]
    assert app.get(resource["url"]).get_data(as_text=True) == content
    shown = helpers.call_action("package_show", id=dataset["id"])
    extent = json.loads(shown["spatial"])
    assert extent["type"] == "Polygon"
    lons = [lon for lon, _lat in extent["coordinates"][0]]
    assert min(lons) <= 112.0116 <= max(lons)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_file_with_errors_is_refused_whole_and_previous_resource_stays(
        layer, sysadmin, create_with_upload, app):
    good = template_csv("posyandu")
    # A draft layer: the file of a published resource cannot be replaced at all.
    first = upload(create_with_upload, sysadmin, layer, good, "posyandu.csv")
    header = good.splitlines()[0]
    bad = "\n".join([
        header,
        "-7.8166,112.0116,Posyandu Mawar,madya,3,Jl. Mawar 1,,5,,",   # valid
        "7.8166,112.0116,Posyandu Melati,madya,3,Jl. Melati,,5,,",    # positive latitude
        "-7.8166,112.0116,Posyandu Anggrek,madya,3,Jl. Anggrek,,5,,",  # duplicate of row 1
        "-7.5000,112.5000,Posyandu Jauh,madya,3,Jl. Jauh,,5,,",        # outside the city
        "-7.8120,112.0130,Posyandu Kenanga,luar-biasa,3,Jl. Kenanga,,5,,",  # bad strata
    ]) + "\n"

    with pytest.raises(tk.ValidationError) as refused:
        create_with_upload(bad, "posyandu.csv", action="resource_update", id=first["id"],
                           package_id=layer["id"], context={"user": sysadmin["name"]})

    messages = refused.value.error_dict["url"]
    assert "4 kesalahan" in messages[0]
    assert any("Baris 2" in m for m in messages)
    assert any("Baris 3" in m for m in messages)
    assert any("Baris 4" in m for m in messages)
    assert any("Baris 5" in m and "strata" in m.lower() for m in messages)
    after = helpers.call_action("package_show", id=layer["id"])
    assert len(after["resources"]) == 1
    assert after["resources"][0]["url"] == first["url"]
    token = call_as(sysadmin, "api_token_create", user=sysadmin["name"], name="t")["token"]
    assert app.get(first["url"], headers={"Authorization": token}).get_data(as_text=True) == good


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_a_link_instead_of_a_file_is_refused(layer, sysadmin):
    with pytest.raises(tk.ValidationError) as refused:
        call_as(sysadmin, "resource_create", package_id=layer["id"],
                url="https://example.com/posyandu.geojson")
    assert "diunggah" in refused.value.error_dict["url"][0]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_bbox_search_finds_the_layer_inside_kediri_only(
        layer, sysadmin, create_with_upload):
    upload(create_with_upload, sysadmin, layer, template_csv("posyandu"), "posyandu.csv")

    inside = helpers.call_action("package_search", extras={"ext_bbox": INSIDE_KEDIRI})
    elsewhere = helpers.call_action("package_search", extras={"ext_bbox": SURABAYA})

    assert [d["name"] for d in inside["results"]] == [layer["name"]]
    assert elsewhere["count"] == 0


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_metadata_edit_keeps_the_extent(layer, sysadmin, create_with_upload):
    resource = upload(create_with_upload, sysadmin, layer, template_csv("posyandu"), "p.csv")
    before = helpers.call_action("package_show", id=layer["id"])["spatial"]

    call_as(sysadmin, "resource_patch", id=resource["id"], name="Posyandu Balowerti 2026")
    call_as(sysadmin, "package_patch", id=layer["id"], title="Posyandu Balowerti")

    after = helpers.call_action("package_show", id=layer["id"])
    assert after["spatial"] == before
    assert after["resources"][0]["name"] == "Posyandu Balowerti 2026"


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_point_layers_belong_to_a_kelurahan(sysadmin):
    agency = call_as(sysadmin, "organization_create", name="dinkes",
                     jenis_organisasi="produsen")
    with pytest.raises(tk.ValidationError) as refused:
        call_as(sysadmin, "package_create", **point_layer(agency["id"]))
    assert "kelurahan" in refused.value.error_dict["owner_org"][0]


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.parametrize("name", ["statistik-sektoral", "profil-kelurahan", *sorted(KINDS)])
def test_csv_templates_download_with_columns_and_an_example_row(app, name):
    response = app.get(f"/templat/{name}.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    lines = response.get_data(as_text=True).splitlines()
    assert len(lines) == 2
    assert len(lines[0].split(",")) == len(lines[1].split(","))


@pytest.mark.usefixtures("with_plugins")
def test_unknown_template_is_not_found(app):
    assert app.get("/templat/tidak-ada.csv").status_code == 404


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_upload_form_links_the_template_of_the_layer_kind(app, layer, sysadmin):
    token = call_as(sysadmin, "api_token_create", user=sysadmin["name"], name="t")["token"]
    page = app.get(f"/peta-titik/{layer['name']}/resource/new",
                   headers={"Authorization": token})
    assert page.status_code == 200
    assert 'href="/templat/posyandu.csv?kelurahan=kelurahan-balowerti"' in \
        page.get_data(as_text=True)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_search_page_has_the_map_filter_centred_on_the_city(app):
    page = app.get("/dataset/").get_data(as_text=True)
    assert 'data-module="spatial-query"' in page
    assert "[[-7.92, 111.95], [-7.74, 112.08]]" in page


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_a_csv_layer_is_previewed_on_a_map_once_published(
        layer, sysadmin, create_with_upload, app):
    resource = upload(create_with_upload, sysadmin, layer, template_csv("posyandu"), "p.csv")
    views = helpers.call_action("resource_view_list", id=resource["id"])
    assert "satudata_point_view" in [v["view_type"] for v in views]
    url = f"/peta-titik/{layer['id']}/titik/{resource['id']}.geojson"
    assert app.get(url, status=403).status_code == 403

    publish(sysadmin, layer)

    collection = app.get(url).json
    [feature] = collection["features"]
    assert feature["geometry"]["coordinates"] == [112.0116, -7.8166]
    assert feature["properties"]["strata"] == "madya"
