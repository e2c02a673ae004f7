"""The PIC's dashboard lists the kelurahan's unpublished datasets, returned
ones first with the curator's note."""
import pytest

import ckan.plugins.toolkit as tk

from tests.helpers import call_as, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_returned_datasets_come_first_with_the_note(people, draft, kelurahan_balowerti):
    other = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="draf-kedua"))
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    call_as(people["curator"], "satudata_return", id=draft["id"], note="Lengkapi definisi.")

    worklist = call_as(people["pic"], "satudata_pic_worklist")

    assert [(i["name"], i["satudata_status"]) for i in worklist] == [
        (draft["name"], "dikembalikan"), (other["name"], "draf")]
    assert worklist[0]["note"] == "Lengkapi definisi."
    assert worklist[1]["note"] is None


def test_published_datasets_and_other_kelurahan_are_not_listed(people, draft):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    call_as(people["curator"], "satudata_approve", id=draft["id"])

    assert call_as(people["pic"], "satudata_pic_worklist") == []
    assert call_as(people["other_pic"], "satudata_pic_worklist") == []
    assert call_as(people["planner"], "satudata_pic_worklist") == []
    with pytest.raises(tk.NotAuthorized):
        call_as(None, "satudata_pic_worklist")


def test_the_dashboard_shows_the_worklist(people, draft, app):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    call_as(people["curator"], "satudata_return", id=draft["id"], note="Satuan salah.")
    token = call_as(people["pic"], "api_token_create", user=people["pic"]["name"],
                    name="t")["token"]

    page = app.get("/dashboard/", headers={"Authorization": token}).get_data(as_text=True)

    assert "Data kelurahan Anda yang belum terbit" in page
    assert "Satuan salah." in page
    assert draft["title"] in page
