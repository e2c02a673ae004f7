"""Edits to published data are held until a curator approves them: the
public keeps seeing the approved version through every channel, the curator
sees what changed."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk

from tests.helpers import call_as, publish, search_names

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

MARKER = "zebracorn"
OUTSIDERS = ("anonymous", "planner", "other_pic")


@pytest.fixture
def published(people, draft):
    publish(people["pic"], draft, people["curator"])
    return call_as(people["pic"], "package_show", id=draft["id"])


@pytest.fixture
def edited(people, published, create_with_upload):
    """The published dataset, then edited by its PIC: a new title and a new
    month's file."""
    call_as(people["pic"], "package_patch", id=published["id"],
            title=f"Jumlah posyandu aktif {MARKER}")
    new_resource = create_with_upload(
        "rw,jumlah\n1,7\n", "data-februari.csv", package_id=published["id"],
        name=f"Februari {MARKER}", context={"user": people["pic"]["name"]})
    return {"dataset": published, "new_resource": new_resource}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_public_keeps_the_approved_version_of_an_edited_dataset(people, edited, who):
    shown = call_as(people[who], "package_show", id=edited["dataset"]["id"])
    assert shown["title"] == "Jumlah posyandu aktif"
    assert [r["id"] for r in shown["resources"]] == [
        r["id"] for r in edited["dataset"]["resources"]]
    assert shown["satudata_status"] == "terbit"
    assert search_names(people[who], q=MARKER) == []
    assert search_names(people[who], q="posyandu") == [edited["dataset"]["name"]]
    with pytest.raises(tk.NotAuthorized):
        call_as(people[who], "resource_show", id=edited["new_resource"]["id"])


@pytest.mark.parametrize("who", ["pic", "curator"])
def test_the_kelurahan_and_curators_see_the_edit(people, edited, who):
    shown = call_as(people[who], "package_show", id=edited["dataset"]["id"])
    assert MARKER in shown["title"]
    assert edited["new_resource"]["id"] in [r["id"] for r in shown["resources"]]
    assert call_as(people[who], "resource_show", id=edited["new_resource"]["id"])


def test_pages_and_downloads_show_the_approved_version(app, people, edited):
    dataset = edited["dataset"]
    page = app.get(f"/dataset/{dataset['name']}")
    assert page.status_code == 200
    assert MARKER not in page.body
    organization_page = app.get("/organization/kelurahan-balowerti")
    assert MARKER not in organization_page.body
    new = edited["new_resource"]
    assert app.get(f"/dataset/{dataset['id']}/resource/{new['id']}").status_code in (403, 404)
    assert app.get(f"/dataset/{dataset['id']}/resource/{new['id']}/download/"
                   "data-februari.csv").status_code in (403, 404)
    old = dataset["resources"][0]
    download = app.get(f"/dataset/{dataset['id']}/resource/{old['id']}/download/data.csv")
    assert download.status_code == 200
    assert download.body == "rw,jumlah\n1,5\n"


def test_the_activity_of_an_unapproved_edit_is_not_public(people, edited):
    def activity_titles(actor):
        activities = call_as(actor, "package_activity_list", id=edited["dataset"]["id"])
        return [a["data"]["package"]["title"] for a in activities]

    assert not any(MARKER in title for title in activity_titles(None))
    assert any(MARKER in title for title in activity_titles(people["pic"]))
    call_as(people["pic"], "satudata_submit", id=edited["dataset"]["id"])
    call_as(people["curator"], "satudata_approve", id=edited["dataset"]["id"])
    assert any(MARKER in title for title in activity_titles(None))


def test_the_curator_sees_what_changed_before_deciding(people, edited):
    submitted = call_as(people["pic"], "satudata_submit", id=edited["dataset"]["id"])
    assert submitted["satudata_status"] == "terbit"
    assert submitted["pending_revision"] is True
    assert submitted["event"]["action"] == "submit_revision"

    queue = call_as(people["curator"], "satudata_review_queue")
    assert [(item["id"], item["pending_revision"]) for item in queue] == [
        (edited["dataset"]["id"], True)]

    changes = call_as(people["curator"], "satudata_revision_changes",
                      id=edited["dataset"]["id"])
    assert changes["pending_revision"] is True
    title = [c for c in changes["fields"] if c["field"] == "title"]
    assert title == [{"field": "title", "label": "Judul",
                      "old": "Jumlah posyandu aktif",
                      "new": f"Jumlah posyandu aktif {MARKER}"}]
    assert [(r["name"], r["change"]) for r in changes["resources"]] == [
        (f"Februari {MARKER}", "added")]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_kelurahan_and_curators_may_see_what_changed(people, edited, who):
    with pytest.raises(tk.NotAuthorized):
        call_as(people[who], "satudata_revision_changes", id=edited["dataset"]["id"])


def test_an_approved_edit_reaches_the_public(people, edited):
    dataset_id = edited["dataset"]["id"]
    call_as(people["pic"], "satudata_submit", id=dataset_id)
    approved = call_as(people["curator"], "satudata_approve", id=dataset_id)
    assert approved["event"]["action"] == "approve_revision"
    assert approved["pending_revision"] is False

    shown = call_as(None, "package_show", id=dataset_id)
    assert MARKER in shown["title"]
    assert edited["new_resource"]["id"] in [r["id"] for r in shown["resources"]]
    assert call_as(None, "resource_show", id=edited["new_resource"]["id"])
    assert search_names(None, q=MARKER) == [edited["dataset"]["name"]]
    assert not call_as(people["curator"], "satudata_revision_changes", id=dataset_id)["fields"]


def test_a_returned_edit_stays_unpublished_and_can_be_fixed(people, edited):
    dataset_id = edited["dataset"]["id"]
    call_as(people["pic"], "satudata_submit", id=dataset_id)
    returned = call_as(people["curator"], "satudata_return", id=dataset_id,
                       note="Judul jangan memakai kata asing.")
    assert returned["event"]["action"] == "return_revision"
    assert returned["satudata_status"] == "terbit"
    assert call_as(None, "package_show", id=dataset_id)["title"] == "Jumlah posyandu aktif"

    call_as(people["pic"], "package_patch", id=dataset_id, title="Jumlah posyandu aktif 2025")
    call_as(people["pic"], "satudata_submit", id=dataset_id)
    call_as(people["curator"], "satudata_approve", id=dataset_id)
    assert call_as(None, "package_show", id=dataset_id)["title"] == "Jumlah posyandu aktif 2025"


def test_nothing_to_submit_without_an_edit(people, published):
    with pytest.raises(tk.ValidationError, match="belum ada perubahan"):
        call_as(people["pic"], "satudata_submit", id=published["id"])


def test_the_file_of_a_published_resource_cannot_be_replaced(app, people, published,
                                                             create_with_upload):
    resource = published["resources"][0]
    with pytest.raises(tk.ValidationError, match="tidak dapat diganti"):
        create_with_upload("rw,jumlah\n1,999\n", "data.csv", id=resource["id"],
                           package_id=published["id"], action="resource_update",
                           context={"user": people["pic"]["name"]})
    download = app.get(f"/dataset/{published['id']}/resource/{resource['id']}/download/data.csv")
    assert download.body == "rw,jumlah\n1,5\n"
    # Its description may change (held for review like any edit).
    call_as(people["pic"], "resource_patch", id=resource["id"], description="Data Januari")
    assert call_as(None, "resource_show", id=resource["id"]).get("description", "") != "Data Januari"


def test_a_pic_cannot_delete_published_data(people, published):
    with pytest.raises(tk.NotAuthorized):
        call_as(people["pic"], "resource_delete", id=published["resources"][0]["id"])
    with pytest.raises(tk.NotAuthorized):
        call_as(people["pic"], "package_delete", id=published["id"])
    assert call_as(None, "package_show", id=published["id"])["resources"]


def test_a_withdrawn_and_republished_dataset_shows_its_new_version(people, edited):
    dataset_id = edited["dataset"]["id"]
    call_as(people["curator"], "satudata_withdraw", id=dataset_id, note="Data keliru.")
    with pytest.raises(tk.NotAuthorized):
        call_as(None, "package_show", id=dataset_id)
    call_as(people["pic"], "satudata_submit", id=dataset_id)
    call_as(people["curator"], "satudata_approve", id=dataset_id)
    assert MARKER in call_as(None, "package_show", id=dataset_id)["title"]


def _page(app, user, url):
    token = call_as(user, "api_token_create", user=user["name"], name="web")["token"]
    page = app.get(url, headers={"Authorization": token})
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_the_pic_sees_the_unsubmitted_edit_and_can_submit_it_from_the_page(app, people, edited):
    name = edited["dataset"]["name"]
    page = _page(app, people["pic"], f"/dataset/{name}")
    assert "Perubahan belum diajukan" in page
    assert f"Februari {MARKER}" in page
    assert "Ajukan perubahan" in page
    worklist = call_as(people["pic"], "satudata_pic_worklist")
    assert [(i["name"], i["revision"]) for i in worklist] == [(name, "belum_diajukan")]
    assert "Perubahan belum diajukan" in _page(app, people["pic"], "/dashboard/")


def test_the_curator_decides_from_the_page_seeing_the_changes(app, people, edited):
    name = edited["dataset"]["name"]
    call_as(people["pic"], "satudata_submit", id=edited["dataset"]["id"])
    queue = _page(app, people["curator"], "/tinjauan")
    assert "Judul" in queue and f"Februari {MARKER}" in queue
    page = _page(app, people["curator"], f"/dataset/{name}")
    assert "Perubahan menunggu persetujuan kurator" in page
    assert "Setujui perubahan" in page and "Kembalikan perubahan" in page
    assert f"Jumlah posyandu aktif {MARKER}" in page

    call_as(people["curator"], "satudata_return", id=edited["dataset"]["id"],
            note="Lampirkan data Maret juga.")
    worklist = call_as(people["pic"], "satudata_pic_worklist")
    assert [(i["revision"], i["note"]) for i in worklist] == [
        ("dikembalikan", "Lampirkan data Maret juga.")]
    assert "Lampirkan data Maret juga." in _page(app, people["pic"], f"/dataset/{name}")
