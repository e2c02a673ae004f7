"""The stack is real: Solr, file storage, the DataStore and PostgreSQL."""
import pytest

import ckan.tests.helpers as helpers

from tests.helpers import call_as, publish, statistik_sektoral


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_dataset_is_found_by_search_and_gone_after_deletion(kelurahan_balowerti, sysadmin):
    dataset = call_as(
        sysadmin, "package_create",
        **statistik_sektoral(kelurahan_balowerti["id"], name="posyandu-balowerti-2025",
                             title="Posyandu aktif Balowerti 2025"))

    found = helpers.call_action("package_search", q="Balowerti posyandu")
    assert [d["name"] for d in found["results"]] == ["posyandu-balowerti-2025"]
    assert found["results"][0]["tahun"] == "2025"

    call_as(sysadmin, "package_delete", id=dataset["id"])
    gone = helpers.call_action("package_search", q="Balowerti posyandu")
    assert gone["count"] == 0


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_uploaded_resource_file_is_stored_and_downloadable(
        app, create_with_upload, kelurahan_balowerti, sysadmin):
    dataset = call_as(
        sysadmin, "package_create", **statistik_sektoral(kelurahan_balowerti["id"]))
    content = "kelurahan,jumlah_posyandu\nBalowerti,7\n"
    resource = create_with_upload(
        content, "posyandu.csv", package_id=dataset["id"], format="CSV",
        context={"user": sysadmin["name"]})

    assert resource["url_type"] == "upload"
    publish(sysadmin, dataset)
    response = app.get(resource["url"])
    assert response.status_code == 200
    assert response.get_data(as_text=True) == content


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_table_pushed_to_datastore_can_be_queried(kelurahan_balowerti, sysadmin):
    dataset = call_as(
        sysadmin, "package_create", **statistik_sektoral(kelurahan_balowerti["id"]))
    table = call_as(sysadmin, "datastore_create", force=True,
                    resource={"package_id": dataset["id"], "name": "KK per RW"},
                    fields=[{"id": "rw", "type": "int"},
                            {"id": "jumlah_kk", "type": "int"}],
                    records=[{"rw": 1, "jumlah_kk": 120},
                             {"rw": 2, "jumlah_kk": 95}])
    resource = {"id": table["resource_id"]}

    result = helpers.call_action("datastore_search", resource_id=resource["id"],
                                 filters={"rw": 2})
    assert [r["jumlah_kk"] for r in result["records"]] == [95]

    ranked = helpers.call_action("datastore_search", resource_id=resource["id"],
                                 sort="jumlah_kk desc")
    assert ranked["total"] == 2
    assert [r["rw"] for r in ranked["records"]] == [1, 2]


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_api_token_authenticates_its_user(app, sysadmin):
    token = call_as(sysadmin, "api_token_create", user=sysadmin["name"], name="skrip")["token"]
    url = f"/api/3/action/api_token_list?user_id={sysadmin['name']}"

    assert app.get(url, status=403).status_code == 403
    response = app.get(url, headers={"Authorization": token})
    assert response.status_code == 200
    assert [t["name"] for t in response.json["result"]] == ["skrip"]
