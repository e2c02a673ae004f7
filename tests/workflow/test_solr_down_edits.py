"""Any change CKAN indexes at once, made while Solr is down (issue #15,
item 5): a plain edit, a new file, a deletion. The change is saved, nobody
gets CKAN's "Search Index Error" naming Solr's address, and the search
index catches up (`ckan satudata kerjakan-tertunda`) once Solr is back.

A stopped Solr looks to CKAN like a closed port: CKAN's `solr_url` points at
a closed loopback port, then back at Solr."""
from __future__ import annotations

import json

import pysolr
import pytest

import ckan.lib.search as search
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.workflow import catch_up
from tests.helpers import call_as, free_port, search_names, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

RAW_ERRORS = ("Search Index Error", "SearchIndexError", "Solr", "127.0.0.1", "Traceback",
              "solr")


@pytest.fixture
def solr(ckan_config, monkeypatch):
    real = ckan_config["solr_url"]

    class Solr:
        closed = f"http://127.0.0.1:{free_port()}/solr/ckan"

        def stop(self):
            monkeypatch.setitem(ckan_config, "solr_url", self.closed)

        def start(self):
            monkeypatch.setitem(ckan_config, "solr_url", real)

    return Solr()


def _titles_found(actor, words):
    return [d["title"] for d in call_as(actor, "package_search", q=f'title:"{words}"',
                                        include_private=True, include_drafts=True)["results"]]


def test_a_plain_edit_by_the_api_while_solr_is_down_is_saved_and_indexed_later(
        app, people, draft, tokens, solr):
    solr.stop()

    response = app.post("/api/3/action/package_patch", headers=tokens["pic"],
                        json={"id": draft["id"], "title": "Jumlah posyandu aktif diperbarui"})

    body = response.get_data(as_text=True)
    assert response.status_code == 200, body
    assert not any(raw in body for raw in RAW_ERRORS)
    assert json.loads(body)["result"]["title"] == "Jumlah posyandu aktif diperbarui"
    # Saved in the database, and recorded for the index.
    assert model.Package.get(draft["id"]).title == "Jumlah posyandu aktif diperbarui"
    assert catch_up.pending_count() == 1

    solr.start()
    assert _titles_found(people["pic"], "diperbarui") == []
    assert catch_up.catch_up()[catch_up.SEARCH_INDEX] == {"done": 1, "left": 0}
    assert _titles_found(people["pic"], "diperbarui") == ["Jumlah posyandu aktif diperbarui"]
    assert catch_up.pending_count() == 0


def test_an_edit_that_fails_for_another_reason_records_nothing(people, draft, solr):
    solr.stop()
    with pytest.raises(tk.ValidationError):
        call_as(people["pic"], "package_patch", id=draft["id"], klasifikasi_akses="rahasia-x")
    model.Session.rollback()
    assert catch_up.pending_count() == 0
    assert model.Package.get(draft["id"]).title == draft["title"]


def test_a_file_added_and_a_dataset_deleted_while_solr_is_down(
        people, kelurahan_balowerti, dataset, upload, solr):
    draft = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="akan-dihapus"))
    solr.stop()
    resource = upload(dataset, "rw,jumlah\n1,5\n", "baru.csv")
    call_as(people["pic"], "package_delete", id=draft["id"])

    kept = call_as(people["pic"], "package_show", id=dataset["id"])
    assert [r["id"] for r in kept["resources"]] == [resource["id"]]
    assert model.Package.get(draft["id"]).state == "deleted"
    assert catch_up.pending_count() == 2

    solr.start()
    assert catch_up.catch_up()[catch_up.SEARCH_INDEX] == {"done": 2, "left": 0}
    found = call_as(people["pic"], "package_search", q=f"id:{dataset['id']}",
                    include_private=True, include_drafts=True)["results"]
    assert [r["name"] for r in found[0]["resources"]] == ["baru.csv"]
    assert draft["name"] not in search_names(people["pic"], q=f"name:{draft['name']}",
                                             include_private=True, include_drafts=True)


def test_editing_in_the_browser_while_solr_is_down_tells_the_pic_in_indonesian(
        app, people, draft, tokens, solr):
    solr.stop()
    form = {key: value for key, value in draft.items()
            if isinstance(value, str) and key not in ("id", "type", "state")}
    form.update(title="Judul baru dari formulir", save="")
    response = app.post(f"/{draft['type']}/edit/{draft['name']}", data=form,
                        headers=tokens["pic"], follow_redirects=False)

    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert not any(raw in response.get_data(as_text=True) for raw in RAW_ERRORS)
    assert model.Package.get(draft["id"]).title == "Judul baru dari formulir"
    solr.start()
    page = app.get(response.headers["Location"], headers=tokens["pic"]).get_data(as_text=True)
    assert "Perubahan telah tersimpan, tetapi mesin pencari portal" in page
    assert not any(raw in page for raw in RAW_ERRORS[:5])


def test_a_document_solr_refuses_is_still_an_error():
    refused = search.SearchIndexError("Solr returned an error: (HTTP 400): undefined field")
    try:
        try:
            raise pysolr.SolrError("Solr responded with an error (HTTP 400): undefined field")
        except pysolr.SolrError:
            raise refused
    except search.SearchIndexError as error:
        assert catch_up._unreachable(error) is False
    unavailable = search.SearchIndexError("Solr returned an error: (HTTP 503): no node")
    assert catch_up._unreachable(unavailable) is True
