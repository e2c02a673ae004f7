"""The leak test: a draft carrying a unique word is looked for through every
public channel — API actions, pages, downloads, DataStore, activity streams,
organisation pages and feeds — and found in none; once published it is found
in all of them."""
from __future__ import annotations

import json

import pytest

import ckan.plugins.toolkit as tk
import ckan.tests.helpers as helpers

from tests.helpers import call_as, statistik_sektoral

MARKER = "zebracornia"
ORG = "kelurahan-balowerti"


@pytest.fixture
def marked_draft(people, sysadmin, kelurahan_balowerti, create_with_upload):
    dataset = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name=f"data-{MARKER}", title=f"Data {MARKER}",
        tags=[{"name": MARKER}]))
    resource = create_with_upload(
        f"nama,jumlah\n{MARKER},5\n", f"{MARKER}.csv", package_id=dataset["id"],
        name=f"Tabel {MARKER}", context={"user": people["pic"]["name"]})
    helpers.call_action("datastore_create", context={"user": sysadmin["name"]},
                        resource_id=resource["id"], force=True,
                        fields=[{"id": "nama", "type": "text"}],
                        records=[{"nama": MARKER}])
    return {"dataset": dataset, "resource": resource}


def _found(call) -> bool:
    """Whether the marker shows in what `call` returns (refused: not found)."""
    try:
        result = call()
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    text = result if isinstance(result, str) else json.dumps(result, default=str)
    return MARKER in text.lower()


def api_channels(actor, draft) -> dict[str, bool]:
    dataset, resource = draft["dataset"], draft["resource"]

    def call(action, **data_dict):
        return lambda: call_as(actor, action, **data_dict)

    channels = {
        "package_show": call("package_show", id=dataset["id"]),
        "package_search": call("package_search", q=MARKER),
        "package_list": call("package_list"),
        "package_autocomplete": call("package_autocomplete", q=MARKER),
        "current_package_list_with_resources": call("current_package_list_with_resources"),
        "tag_list": call("tag_list"),
        "tag_autocomplete": call("tag_autocomplete", q=MARKER[:5]),
        "resource_show": call("resource_show", id=resource["id"]),
        "resource_search": call("resource_search", query=f"name:{MARKER}"),
        "datastore_search": call("datastore_search", resource_id=resource["id"]),
        "organization_show": call("organization_show", id=ORG, include_datasets=True),
        "package_activity_list": call("package_activity_list", id=dataset["id"]),
        "organization_activity_list": call("organization_activity_list", id=ORG),
        "recently_changed_packages_activity_list": call(
            "recently_changed_packages_activity_list"),
        "satudata_indicator_jsonstat": call("satudata_indicator_jsonstat", id=dataset["name"]),
        "dcat_dataset_show": call("dcat_dataset_show", id=dataset["id"], format="ttl"),
    }
    return {name: _found(function) for name, function in channels.items()}


def web_channels(app, draft) -> dict[str, bool]:
    dataset, resource = draft["dataset"], draft["resource"]
    urls = {
        "dataset page": f"/dataset/{dataset['name']}",
        "search page": f"/dataset/?q={MARKER}",
        "resource page": f"/dataset/{dataset['id']}/resource/{resource['id']}",
        "download": f"/dataset/{dataset['id']}/resource/{resource['id']}/download/{MARKER}.csv",
        "organisation page": f"/organization/{ORG}",
        "dataset activity": f"/dataset/activity/{dataset['name']}",
        "organisation activity": f"/organization/activity/{ORG}",
        "feed of datasets": "/feeds/dataset.atom",
        "feed of a search": f"/feeds/custom.atom?q={MARKER}",
        "feed of the organisation": f"/feeds/organization/{ORG}.atom",
        "feed of the tag": f"/feeds/tag/{MARKER}.atom",
        "sitemap": "/sitemap.xml",
        "indicator as JSON-stat": f"/statistik/{dataset['name']}.json",
        "DCAT catalogue (Turtle)": "/catalog.ttl",
        "DCAT catalogue (JSON-LD)": "/catalog.jsonld",
        "DCAT catalogue (RDF/XML)": "/catalog.rdf",
        "DCAT of the dataset (Turtle)": f"/dataset/{dataset['name']}.ttl",
        "DCAT of the dataset (JSON-LD)": f"/dataset/{dataset['id']}.jsonld",
    }
    found = {}
    for name, url in urls.items():
        response = app.get(url)
        # Pages echo the query or tag asked for: look for the dataset's name
        # (in its links) or title, and for the file's content in the download.
        needles = [MARKER] if name == "download" else [f"data-{MARKER}", f"data {MARKER}"]
        body = response.get_data(as_text=True).lower()
        found[name] = response.status_code == 200 and any(n in body for n in needles)
    return found


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.parametrize("who", ["anonymous", "planner", "other_pic"])
def test_a_draft_is_found_through_no_public_api_channel(people, marked_draft, who):
    found = api_channels(people[who], marked_draft)
    assert [name for name, hit in found.items() if hit] == []


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_a_draft_is_found_on_no_public_page(app, marked_draft):
    found = web_channels(app, marked_draft)
    assert [name for name, hit in found.items() if hit] == []


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_once_published_it_is_found_through_every_channel(app, people, marked_draft):
    call_as(people["pic"], "satudata_submit", id=marked_draft["dataset"]["id"])
    call_as(people["curator"], "satudata_approve", id=marked_draft["dataset"]["id"])
    api = api_channels(people["anonymous"], marked_draft)
    assert [name for name, hit in api.items() if not hit] == []
    web = web_channels(app, marked_draft)
    assert [name for name, hit in web.items() if not hit] == []


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_kelurahan_finds_its_own_draft(people, marked_draft):
    found = api_channels(people["pic"], marked_draft)
    for channel in ("package_show", "package_search", "resource_show", "datastore_search",
                    "package_activity_list", "tag_list"):
        assert found[channel], channel


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_review_state_not_the_private_flag_decides_who_sees_a_dataset(
        people, kelurahan_balowerti):
    """CKAN's form offers "private" by default, which would hide a
    submission from the curators and a publication from the public."""
    dataset = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], private=True))
    assert dataset["private"] is False
    call_as(people["pic"], "satudata_submit", id=dataset["id"])
    assert call_as(people["curator"], "package_show", id=dataset["id"])
    call_as(people["curator"], "satudata_approve", id=dataset["id"])
    assert call_as(None, "package_show", id=dataset["id"])["title"] == dataset["title"]
