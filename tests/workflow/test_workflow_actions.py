"""The publishing workflow through the action API: PIC submits, curator
decides; nothing unpublished reaches anyone else."""
import pytest

import ckan.plugins.toolkit as tk

from tests.helpers import call_as, publish, search_names, statistik_sektoral


pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_a_new_dataset_is_a_draft(draft):
    assert draft["satudata_status"] == "draf"


@pytest.mark.parametrize("who", ["anonymous", "planner", "other_pic"])
def test_a_draft_is_hidden_from_everyone_but_its_kelurahan_and_curators(people, draft, who):
    with pytest.raises(tk.NotAuthorized):
        call_as(people[who], "package_show", id=draft["id"])
    with pytest.raises(tk.NotAuthorized):
        call_as(people[who], "resource_show", id=draft["resources"][0]["id"])
    assert search_names(people[who], q="posyandu") == []


@pytest.mark.parametrize("who", ["pic", "curator"])
def test_a_draft_is_visible_to_its_kelurahan_and_curators(people, draft, who):
    assert call_as(people[who], "package_show", id=draft["id"])["name"] == draft["name"]
    assert search_names(people[who], q="posyandu") == [draft["name"]]


def test_a_draft_file_cannot_be_downloaded_anonymously(app, draft):
    response = app.get(draft["resources"][0]["url"], status=403)
    assert "rw,jumlah" not in response.get_data(as_text=True)


def test_pic_submits_and_curator_publishes_for_everyone(people, draft, app):
    submitted = call_as(people["pic"], "satudata_submit", id=draft["id"])
    assert submitted["satudata_status"] == "diajukan"
    assert search_names(None, q="posyandu") == []

    approved = call_as(people["curator"], "satudata_approve", id=draft["id"])

    assert approved["satudata_status"] == "terbit"
    assert call_as(None, "package_show", id=draft["id"])["satudata_status"] == "terbit"
    assert search_names(None, q="posyandu") == [draft["name"]]
    assert app.get(draft["resources"][0]["url"]).get_data(as_text=True) == "rw,jumlah\n1,5\n"


@pytest.mark.parametrize("who", ["other_pic", "planner", "curator", "anonymous"])
def test_only_the_owning_pic_submits(people, draft, who):
    with pytest.raises(tk.NotAuthorized):
        call_as(people[who], "satudata_submit", id=draft["id"])


@pytest.mark.parametrize("action", ["satudata_approve", "satudata_return", "satudata_withdraw"])
@pytest.mark.parametrize("who", ["pic", "other_pic", "planner", "anonymous"])
def test_only_curators_decide(people, draft, action, who):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    with pytest.raises(tk.NotAuthorized):
        call_as(people[who], action, id=draft["id"], note="catatan")


def test_returning_needs_a_note_and_shows_it_in_the_history(people, draft):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    with pytest.raises(tk.ValidationError):
        call_as(people["curator"], "satudata_return", id=draft["id"])

    returned = call_as(people["curator"], "satudata_return", id=draft["id"],
                       note="Satuan belum diisi dengan benar.")

    assert returned["satudata_status"] == "dikembalikan"
    history = call_as(people["pic"], "satudata_review_history", id=draft["id"])
    assert [(e["from_state"], e["to_state"]) for e in history] == [
        ("draf", "diajukan"), ("diajukan", "dikembalikan")]
    assert history[-1]["note"] == "Satuan belum diisi dengan benar."
    assert history[-1]["actor"] == people["curator"]["name"]
    # Returned is not public, and the PIC may submit again.
    assert search_names(None, q="posyandu") == []
    assert call_as(people["pic"], "satudata_submit", id=draft["id"])["satudata_status"] == "diajukan"


def test_withdrawing_hides_a_published_dataset_again(people, draft):
    publish(people["pic"], draft, people["curator"])
    with pytest.raises(tk.ValidationError):
        call_as(people["curator"], "satudata_withdraw", id=draft["id"])

    call_as(people["curator"], "satudata_withdraw", id=draft["id"], note="Data keliru.")

    with pytest.raises(tk.NotAuthorized):
        call_as(None, "package_show", id=draft["id"])
    assert search_names(None, q="posyandu") == []


def test_a_closed_dataset_cannot_be_submitted(people, kelurahan_balowerti):
    closed = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="data-tertutup", klasifikasi_akses="tertutup"))
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["pic"], "satudata_submit", id=closed["id"])
    assert "tertutup" in refused.value.error_dict["klasifikasi_akses"][0]


def test_a_stale_decision_is_reported_not_applied(people, draft):
    submitted = call_as(people["pic"], "satudata_submit", id=draft["id"])
    call_as(people["curator"], "satudata_approve", id=draft["id"],
            expected_version=submitted["version"])

    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["curator"], "satudata_return", id=draft["id"], note="Tunggu.",
                expected_version=submitted["version"])

    assert "baru saja diputuskan" in refused.value.error_dict["satudata_status"][0]
    history = call_as(people["curator"], "satudata_review_history", id=draft["id"])
    assert [e["action"] for e in history] == ["submit", "approve"]


def test_review_queue_lists_submissions_oldest_first_for_curators(
        people, draft, kelurahan_balowerti):
    second = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="posyandu-kedua"))
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    call_as(people["pic"], "satudata_submit", id=second["id"])

    queue = call_as(people["curator"], "satudata_review_queue")

    assert [item["name"] for item in queue] == [draft["name"], "posyandu-kedua"]
    assert queue[0]["organization"] == "kelurahan-balowerti"
    assert queue[0]["type"] == "statistik-sektoral"
    for who in ("pic", "planner", "anonymous"):
        with pytest.raises(tk.NotAuthorized):
            call_as(people[who], "satudata_review_queue")


def test_a_draft_table_cannot_be_queried_through_the_datastore(people, draft):
    table = call_as(people["pic"], "datastore_create", force=True,
                    resource={"package_id": draft["id"], "name": "Tabel"},
                    records=[{"rw": 1, "jumlah": 5}])
    with pytest.raises(tk.NotAuthorized):
        call_as(None, "datastore_search", resource_id=table["resource_id"])
    publish(people["pic"], draft, people["curator"])
    assert call_as(None, "datastore_search", resource_id=table["resource_id"])["total"] == 1
