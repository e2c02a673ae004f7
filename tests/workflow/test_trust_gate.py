"""One gate into publication: only the Satu Data dataset types exist, the
content of a submission is frozen until a curator decides, the curator
publishes exactly the version they reviewed (scanned again), and edits of
published data never reach the public without approval (resource search,
resource views)."""
from __future__ import annotations

import os
import random

import pytest

import ckan.lib.uploader as uploader
import ckan.model as model
import ckan.plugins.toolkit as tk
import ckan.tests.helpers as helpers

from tests.helpers import call_as, publish, statistik_sektoral
from tests.privacy.generate import nik

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

RNG = random.Random(13)
WITH_NIK = "nama_kepala_keluarga,nik,rw\n" + "".join(
    f"Warga {i},{nik(RNG, region='357102')},{i % 3 + 1}\n" for i in range(5))
MARKER = "zebracorn"
FROZEN = "Tarik kembali pengajuan"


def _messages(error: tk.ValidationError) -> str:
    return " ".join(str(item) for value in error.error_dict.values()
                    for item in (value if isinstance(value, list) else [value]))


def _system():
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


# -- Finding 1: only the Satu Data types --------------------------------------

@pytest.mark.parametrize("dataset_type", [None, "dataset", "tidak-dikenal", ""])
def test_a_dataset_without_a_satu_data_type_is_refused(people, kelurahan_balowerti,
                                                        dataset_type):
    data = statistik_sektoral(kelurahan_balowerti["id"], name="data-umum")
    if dataset_type is None:
        data.pop("type")
    else:
        data["type"] = dataset_type
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["pic"], "package_create", **data)
    assert "Jenis dataset" in _messages(refused.value)
    assert model.Package.get("data-umum") is None


def _legacy_dataset(owner_org: str, name: str = "data-lama") -> model.Package:
    """A generic dataset created before the gate existed."""
    package = model.Package(name=name, title="Data lama", type="dataset",
                            owner_org=owner_org, state="active")
    model.Session.add(package)
    model.Session.commit()
    return package


def test_a_generic_dataset_cannot_be_edited_until_it_gets_a_satu_data_type(
        people, kelurahan_balowerti):
    legacy = _legacy_dataset(kelurahan_balowerti["id"])
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["pic"], "package_patch", id=legacy.id, notes="NIK warga")
    assert "Jenis dataset" in _messages(refused.value)
    with pytest.raises(tk.ValidationError):
        call_as(people["pic"], "satudata_submit", id=legacy.id)



def test_the_curators_list_generic_datasets_and_give_them_a_type(cli, people,
                                                                 kelurahan_balowerti):
    from ckanext.satudata.cli import satudata as satudata_cli

    legacy = _legacy_dataset(kelurahan_balowerti["id"], "data-lama-satu")
    call_as(people["pic"], "package_create", **statistik_sektoral(kelurahan_balowerti["id"]))

    listed = cli.invoke(satudata_cli, ["dataset-umum"])
    assert listed.exit_code == 0, listed.output
    assert "data-lama-satu" in listed.output
    assert "kelurahan-balowerti" in listed.output
    assert "jumlah-posyandu-aktif" not in listed.output

    refused = cli.invoke(satudata_cli, ["dataset-umum", "--jadikan", "dataset",
                                        "data-lama-satu"])
    assert refused.exit_code != 0 and "tidak dikenal" in refused.output

    moved = cli.invoke(satudata_cli, ["dataset-umum", "--jadikan", "statistik-sektoral",
                                      "data-lama-satu"])
    assert moved.exit_code == 0, moved.output
    assert "data-lama-satu" not in moved.output.split("kini berjenis")[-1]
    # The PIC completes the metadata in the statistics form.
    updated = call_as(people["pic"], "package_update", id=legacy.id, **statistik_sektoral(
        kelurahan_balowerti["id"], name="data-lama-satu"))
    assert updated["type"] == "statistik-sektoral"
    assert updated["satuan"] == "unit"


def test_the_generic_add_dataset_page_leads_to_the_type_chooser(app, people):
    token = call_as(people["pic"], "api_token_create", user=people["pic"]["name"],
                    name="t")["token"]
    headers = {"Authorization": token}
    for method in (app.get, app.post):
        response = method("/dataset/new", headers=headers, follow_redirects=False)
        assert response.status_code in (302, 303)
        assert response.headers["Location"].endswith("/dataset/baru")


# -- Finding 4: submission freezes the content ----------------------------------

@pytest.fixture
def submitted(people, draft):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    return call_as(people["pic"], "package_show", id=draft["id"])


@pytest.mark.parametrize("who", ["pic", "sysadmin"])
def test_a_submitted_dataset_cannot_be_changed(people, sysadmin, submitted, create_with_upload,
                                               who):
    actor = sysadmin if who == "sysadmin" else people[who]
    resource_id = submitted["resources"][0]["id"]
    attempts = {
        "package_patch": lambda: call_as(actor, "package_patch", id=submitted["id"],
                                         title=MARKER),
        "resource_create": lambda: create_with_upload(
            WITH_NIK, "kk.csv", package_id=submitted["id"],
            context={"user": actor["name"], "ignore_auth": False}),
        "resource_patch": lambda: call_as(actor, "resource_patch", id=resource_id,
                                          description=MARKER),
        "resource_delete": lambda: call_as(actor, "resource_delete", id=resource_id),
        "resource_view_create": lambda: call_as(
            actor, "resource_view_create", resource_id=resource_id,
            view_type="datatables_view", title=MARKER),
        "datastore_create": lambda: call_as(
            actor, "datastore_create", resource_id=resource_id, force=True,
            fields=[{"id": "rw"}], records=[{"rw": MARKER}]),
    }
    for name, attempt in attempts.items():
        try:
            attempt()
        except tk.ValidationError as refused:
            assert FROZEN in _messages(refused), name
        else:
            pytest.fail(f"{name} changed a submitted dataset")
    shown = call_as(people["curator"], "package_show", id=submitted["id"])
    assert shown["title"] == submitted["title"]
    assert [r["id"] for r in shown["resources"]] == [resource_id]


def test_the_pic_takes_back_a_submission_to_change_it(people, submitted):
    taken_back = call_as(people["pic"], "satudata_unsubmit", id=submitted["id"])
    assert taken_back["satudata_status"] == "draf"
    call_as(people["pic"], "package_patch", id=submitted["id"], title="Judul baru")
    for who in ("other_pic", "curator"):
        with pytest.raises(tk.NotAuthorized):
            call_as(people[who], "satudata_unsubmit", id=submitted["id"])


def test_a_submitted_edit_of_a_published_dataset_is_frozen_too(people, draft):
    publish(people["pic"], draft, people["curator"])
    call_as(people["pic"], "package_patch", id=draft["id"], title="Judul baru")
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["pic"], "package_patch", id=draft["id"], notes=MARKER)
    assert FROZEN in _messages(refused.value)


def test_the_version_reviewed_is_the_version_published(people, submitted):
    reviewed = _status_version(submitted["id"])

    call_as(people["pic"], "satudata_unsubmit", id=submitted["id"])
    call_as(people["pic"], "package_patch", id=submitted["id"], title=MARKER)
    call_as(people["pic"], "satudata_submit", id=submitted["id"])

    with pytest.raises(tk.ValidationError):
        call_as(people["curator"], "satudata_approve", id=submitted["id"],
                expected_version=reviewed)
    assert call_as(None, "package_search", q=MARKER)["count"] == 0


def _status_version(package_id: str) -> int:
    from ckanext.satudata.model import DatasetStatus
    return DatasetStatus.get(package_id).version


def test_approval_scans_the_files_being_published_again(people, submitted, create_with_upload):
    # A file that reached the dataset after submission without the PIC's
    # edit (here: the system, which the freeze lets through) is scanned by
    # the approval itself.
    create_with_upload(WITH_NIK, "kk.csv", package_id=submitted["id"], name="kk.csv",
                       format="CSV", context=_system())
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["curator"], "satudata_approve", id=submitted["id"])
    assert "kolom nik" in _messages(refused.value)
    assert call_as(people["curator"], "package_show",
                   id=submitted["id"])["satudata_status"] == "diajukan"


def test_approval_scans_a_file_changed_on_disk_after_submission(people, submitted):
    resource = submitted["resources"][0]
    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    with open(path, "w", encoding="utf-8") as stored:
        stored.write(WITH_NIK)
    os.utime(path, (1, 1))  # another file than the one scanned at submission
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["curator"], "satudata_approve", id=submitted["id"])
    assert "kolom nik" in _messages(refused.value)


def test_a_closed_classification_cannot_be_approved(people, submitted):
    helpers.call_action("package_patch", context=_system(), id=submitted["id"],
                        klasifikasi_akses="tertutup")
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["curator"], "satudata_approve", id=submitted["id"])
    assert "tertutup" in _messages(refused.value)


# -- Finding 10 (part): a bad expected_version is a 4xx --------------------------

@pytest.mark.parametrize("bad", ["abc", [1], {"a": 1}, "1.5", -1])
def test_a_malformed_expected_version_is_a_validation_error(people, submitted, bad):
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["curator"], "satudata_approve", id=submitted["id"],
                expected_version=bad)
    assert "expected_version" in refused.value.error_dict


def test_a_malformed_expected_version_through_the_api_is_400(app, people, submitted):
    token = call_as(people["curator"], "api_token_create", user=people["curator"]["name"],
                    name="t")["token"]
    response = app.post("/api/3/action/satudata_approve", headers={"Authorization": token},
                        json={"id": submitted["id"], "expected_version": "abc"})
    assert response.status_code == 409
    assert "bilangan bulat" in response.get_data(as_text=True)


def test_the_review_panel_shows_the_version_under_review(app, people, submitted):
    token = call_as(people["curator"], "api_token_create", user=people["curator"]["name"],
                    name="t")["token"]
    page = app.get(f"/dataset/{submitted['name']}", headers={"Authorization": token})
    version = _status_version(submitted["id"])
    body = page.get_data(as_text=True)
    assert f"Versi {version}" in body
    assert f'name="expected_version" value="{version}"' in body


# -- Finding 7: resource_search gives the published version ---------------------

@pytest.fixture
def published_with_edit(people, draft):
    publish(people["pic"], draft, people["curator"])
    resource_id = draft["resources"][0]["id"]
    call_as(people["pic"], "resource_patch", id=resource_id, description=MARKER)
    return resource_id


@pytest.mark.parametrize("who", ["anonymous", "planner", "other_pic"])
def test_resource_search_gives_outsiders_the_published_version(people, published_with_edit,
                                                               who):
    by_name = call_as(people[who], "resource_search", query="format:csv")
    assert [r["id"] for r in by_name["results"]] == [published_with_edit]
    assert MARKER not in str(by_name)
    by_edit = call_as(people[who], "resource_search", query=f"description:{MARKER}")
    assert by_edit["results"] == []


def test_resource_search_gives_the_kelurahan_the_edit(people, published_with_edit):
    found = call_as(people["pic"], "resource_search", query=f"description:{MARKER}")
    assert [r["id"] for r in found["results"]] == [published_with_edit]


# -- Finding 8: views of published resources are for the curators ---------------

def test_a_pic_cannot_change_the_views_of_a_published_resource(people, sysadmin, draft):
    people = dict(people, sysadmin=sysadmin)
    publish(people["pic"], draft, people["curator"])
    resource_id = draft["resources"][0]["id"]
    with pytest.raises(tk.NotAuthorized):
        call_as(people["pic"], "resource_view_create", resource_id=resource_id,
                view_type="datatables_view", title=MARKER)
    views = call_as(None, "resource_view_list", id=resource_id)
    assert MARKER not in str(views)
    if views:
        for action, data in (("resource_view_update", {"id": views[0]["id"],
                                                      "title": MARKER}),
                             ("resource_view_delete", {"id": views[0]["id"]})):
            with pytest.raises(tk.NotAuthorized):
                call_as(people["pic"], action, **data)

    created = call_as(people["sysadmin"], "resource_view_create", resource_id=resource_id,
                      view_type="datatables_view", title="Tabel")
    assert created["title"] == "Tabel"


def test_a_pic_adds_views_to_its_unpublished_resources(people, draft, create_with_upload):
    call_as(people["pic"], "resource_view_create", resource_id=draft["resources"][0]["id"],
            view_type="datatables_view", title="Tabel draf")
    publish(people["pic"], draft, people["curator"])
    added = create_with_upload("rw,jumlah\n1,7\n", "baru.csv", package_id=draft["id"],
                               context={"user": people["pic"]["name"], "ignore_auth": False})
    view = call_as(people["pic"], "resource_view_create", resource_id=added["id"],
                   view_type="datatables_view", title="Tabel baru")
    assert view["title"] == "Tabel baru"


def test_the_pic_takes_a_submission_back_from_the_dataset_page(app, people, submitted):
    token = call_as(people["pic"], "api_token_create", user=people["pic"]["name"],
                    name="t")["token"]
    headers = {"Authorization": token}
    page = app.get(f"/dataset/{submitted['name']}", headers=headers).get_data(as_text=True)
    assert "Tarik kembali pengajuan" in page
    version = _status_version(submitted["id"])

    response = app.post(f"/dataset/{submitted['name']}/tinjauan/unsubmit", headers=headers,
                        data={"expected_version": str(version)}, follow_redirects=False)

    assert response.status_code == 302
    assert call_as(people["pic"], "package_show",
                   id=submitted["id"])["satudata_status"] == "draf"
    history = call_as(people["pic"], "satudata_review_history", id=submitted["id"])
    assert history[-1]["label"] == "Pengajuan ditarik kembali oleh PIC"


def test_a_file_gone_after_submission_stops_the_approval(people, submitted):
    resource = submitted["resources"][0]
    os.remove(uploader.get_resource_uploader(resource).get_path(resource["id"]))
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["curator"], "satudata_approve", id=submitted["id"])
    assert "tidak dapat diperiksa" in _messages(refused.value)
    assert call_as(None, "package_search", q="posyandu")["count"] == 0


def test_the_generic_edit_page_leads_to_the_form_of_the_dataset_type(app, people, draft,
                                                                     kelurahan_balowerti):
    token = call_as(people["pic"], "api_token_create", user=people["pic"]["name"],
                    name="t")["token"]
    headers = {"Authorization": token}
    response = app.get(f"/dataset/edit/{draft['name']}", headers=headers,
                       follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/statistik-sektoral/edit/{draft['name']}")

    legacy = _legacy_dataset(kelurahan_balowerti["id"])
    refused = app.get(f"/dataset/edit/{legacy.name}", headers=headers)
    assert refused.status_code == 409
    assert "belum memiliki jenis Satu Data" in refused.get_data(as_text=True)
    other = call_as(people["other_pic"], "api_token_create", user=people["other_pic"]["name"],
                    name="t")["token"]
    assert app.get(f"/dataset/edit/{draft['name']}",
                   headers={"Authorization": other}).status_code == 403
