"""Access requests in the browser: the notice and form of a restricted
dataset, the requester's list, the curators' list and decision page."""
from __future__ import annotations

import re

import pytest

from ckanext.satudata.model import AccessRequest
from tests.helpers import approve, ask, call_as, day, download_url, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def text(response):
    return response.get_data(as_text=True)


def form_url(restricted):
    return f"/dataset/{restricted['dataset']['name']}/akses/ajukan"


def test_anonymous_visitors_are_asked_to_sign_in(app, restricted):
    response = app.get(form_url(restricted), follow_redirects=False)
    assert response.status_code == 302
    assert "/user/login" in response.headers["Location"]


def test_the_form_lists_the_resources_and_the_maximum(app, restricted, tokens):
    page = text(app.get(form_url(restricted), headers=tokens["planner"]))
    for resource in restricted["resources"]:
        assert f'value="{resource["id"]}"' in page
    assert "Paling lama 365 hari." in page
    for label in ("Instansi", "Tujuan penggunaan data", "Cara akses",
                  "Data yang dikembalikan ke portal", "Tanggal mulai", "Tanggal selesai"):
        assert label in page


def test_a_planner_asks_through_the_form(app, people, restricted, tokens):
    resource = restricted["resources"][0]
    response = app.post(form_url(restricted), headers=tokens["planner"], data={
        "institution": "Bappeda Kota Kediri", "position": "Perencana",
        "purpose": "Analisis cakupan penimbangan balita untuk RKPD 2027.",
        "resource": [resource["id"]], f"columns-{resource['id']}": "",
        "method": "unduh", "data_returned": "Ringkasan analisis per RW.",
        "start_date": day(0), "end_date": day(7)}, follow_redirects=False)

    assert response.status_code == 302
    [request] = AccessRequest.Session.query(AccessRequest).all()
    assert response.headers["Location"].endswith(f"/akses/{request.id}")
    assert request.institution == "Bappeda Kota Kediri"
    assert request.data_returned == "Ringkasan analisis per RW."

    page = text(app.get(f"/akses/{request.id}", headers=tokens["planner"]))
    assert "Permintaan akses telah diajukan." in page
    assert "satudata-access-state-diajukan" in page
    mine = text(app.get("/akses/saya", headers=tokens["planner"]))
    assert restricted["dataset"]["title"] in mine
    dataset_page = text(app.get(f"/dataset/{restricted['dataset']['name']}",
                                headers=tokens["planner"]))
    assert "sedang menunggu keputusan kurator" in dataset_page
    dashboard = text(app.get("/dashboard/", headers=tokens["planner"]))
    assert "satudata-dashboard-access" in dashboard
    assert restricted["dataset"]["title"] in dashboard


def test_the_form_shows_what_is_wrong_and_keeps_the_input(app, restricted, tokens):
    response = app.post(form_url(restricted), headers=tokens["planner"], data={
        "institution": "Bappeda", "purpose": "singkat", "method": "unduh",
        "start_date": day(0), "end_date": day(400)})
    page = text(response)
    assert "Permintaan belum dapat diajukan" in page
    assert "Jangka waktu perjanjian paling lama 365 hari." in page
    assert "Pilih paling sedikit satu sumber data." in page
    assert 'value="Bappeda"' in page
    assert AccessRequest.Session.query(AccessRequest).count() == 0


def test_the_form_is_only_for_published_restricted_data(app, people, restricted, tokens,
                                                       kelurahan_balowerti):
    other = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="draf-lain", klasifikasi_akses="terbatas"))
    app.get(f"/dataset/{other['name']}/akses/ajukan", headers=tokens["pic"], status=403)


def test_curators_list_filter_and_decide(app, people, restricted, tokens):
    request = ask(people, restricted)
    listing = text(app.get("/akses", headers=tokens["curator"]))
    assert restricted["dataset"]["title"] in listing
    assert "Bappeda Kota Kediri" in listing
    assert restricted["dataset"]["title"] not in text(
        app.get("/akses", query_string={"state": "ditolak"}, headers=tokens["curator"]))
    app.get("/akses", headers=tokens["planner"], status=403)

    page = text(app.get(f"/akses/{request['id']}", headers=tokens["curator"]))
    assert "Keputusan kurator" in page and 'name="decision" value="disetujui"' in page
    assert "Keputusan kurator" not in text(
        app.get(f"/akses/{request['id']}", headers=tokens["planner"]))
    app.get(f"/akses/{request['id']}", headers=tokens["other_pic"], status=403)

    response = app.post(f"/akses/{request['id']}/putuskan", headers=tokens["curator"], data={
        "decision": "disetujui", "start_date": day(0), "end_date": day(7), "reason": ""},
        follow_redirects=False)
    assert response.status_code == 302
    granted = call_as(people["planner"], "satudata_access_request_show", id=request["id"])
    assert (granted["state"], granted["end_date"]) == ("disetujui", day(7))

    page = text(app.get(f"/akses/{request['id']}", headers=tokens["planner"]))
    assert "Izin akses Anda berlaku sampai" in page
    assert f"/resource/{restricted['resources'][0]['id']}/download" in page
    app.get(download_url(restricted), headers=tokens["planner"], status=200)
    page = text(app.get(f"/akses/{request['id']}", headers=tokens["curator"]))
    assert "Unduhan berkas" in page  # the log of use
    assert "Cabut izin akses" in page

    app.post(f"/akses/{request['id']}/cabut", headers=tokens["curator"],
             data={"reason": "Perjanjian berakhir lebih awal."})
    page = text(app.get(f"/akses/{request['id']}", headers=tokens["planner"]))
    assert "satudata-access-state-dicabut" in page
    assert "Perjanjian berakhir lebih awal." in page
    app.get(download_url(restricted), headers=tokens["planner"], status=403)


def test_a_refusal_without_reason_is_explained(app, people, restricted, tokens):
    request = ask(people, restricted)
    page = text(app.post(f"/akses/{request['id']}/putuskan", headers=tokens["curator"],
                         data={"decision": "ditolak", "reason": ""}))
    assert "Alasan penolakan wajib diisi." in page
    assert "satudata-access-state-diajukan" in page
    app.post(f"/akses/{request['id']}/putuskan", headers=tokens["planner"],
             data={"decision": "disetujui"}, status=403)


def test_the_header_links_the_access_pages(app, tokens):
    assert 'href="/akses/saya"' in text(app.get("/dashboard/datasets",
                                               headers=tokens["planner"]))
    assert re.search(r'href="/akses"', text(app.get("/dashboard/datasets",
                                                   headers=tokens["curator"])))


def test_a_grant_holder_sees_the_resource_page_with_its_preview(app, people, restricted,
                                                               tokens):
    approve(people, ask(people, restricted))
    dataset, resource = restricted["dataset"], restricted["resources"][0]
    page = text(app.get(f"/dataset/{dataset['id']}/resource/{resource['id']}",
                        headers=tokens["planner"]))
    assert "/download/" in page
    assert "Anda memiliki izin akses sampai" not in page  # the notice is for those without
    dataset_page = text(app.get(f"/dataset/{dataset['name']}", headers=tokens["planner"]))
    assert "Anda memiliki izin akses sampai" in dataset_page
