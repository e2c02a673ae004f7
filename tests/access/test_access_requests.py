"""Restricted (`terbatas`) data and access requests through the action API
and the download URLs: metadata public, data only for the kelurahan, the
curators and holders of a grant valid at access time; every use under a
grant logged; e-mails to both sides."""
from __future__ import annotations

import datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import ckan.model as model
import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories

from ckanext.satudata import site

from ckanext.satudata.model import AccessRequest
from tests.helpers import (BALITA_TABLE, approve, ask, call_as, dataset_with_tables, day,
                           download_url, publish, statistik_sektoral, usage)
from tests.map_samples import POSYANDU, RT

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

WHO = ("anonymous", "planner", "pic", "other_pic", "curator")


def can_read(people, who, restricted, index=0) -> dict[str, bool]:
    """Whether `who` gets the resource's data through each API channel."""
    resource_id = restricted["resources"][index]["id"]
    found = {}
    for action, params in (("resource_show", {"id": resource_id}),
                           ("datastore_search", {"resource_id": resource_id})):
        try:
            call_as(people[who], action, **params)
            found[action] = True
        except tk.NotAuthorized:
            found[action] = False
    return found


@pytest.fixture
def later(monkeypatch):
    """Moves the portal's clock `days` ahead (no sleeping)."""
    def move(days: int) -> None:
        moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)
        monkeypatch.setattr(site, "now", lambda: moment)
    return move


# -- The tables ------------------------------------------------------------------

def test_the_model_matches_the_migration():
    tables = {"satudata_access_request", "satudata_access_request_resource",
              "satudata_access_usage"}

    def ours(obj, name, type_, reflected, compare_to):
        table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
        return table in tables

    model.Session.remove()
    with model.meta.engine.connect() as conn:
        assert tables <= set(sa.inspect(conn).get_table_names())
        context = MigrationContext.configure(conn, opts={
            "include_object": ours, "compare_type": True})
        assert compare_metadata(context, model.meta.metadata) == []


# -- Classification drives access ----------------------------------------------------

@pytest.mark.parametrize("who", ["anonymous", "planner", "other_pic"])
def test_restricted_metadata_is_public_but_not_its_data(app, people, restricted, tokens, who):
    shown = call_as(people[who], "package_show", id=restricted["dataset"]["id"])
    assert shown["klasifikasi_akses"] == "terbatas"
    assert [r["name"] for r in shown["resources"]] == ["Tabel 1", "Tabel 2"]
    assert can_read(people, who, restricted) == {"resource_show": False,
                                                 "datastore_search": False}
    response = app.get(download_url(restricted), headers=tokens[who], status=403)
    assert "Siti" not in response.get_data(as_text=True)
    assert "Ajukan permintaan akses" in response.get_data(as_text=True)
    resource_page = app.get(f"/dataset/{restricted['dataset']['id']}/resource/"
                            f"{restricted['resources'][0]['id']}",
                            headers=tokens[who]).get_data(as_text=True)
    assert "Tabel 1" in resource_page and "Data terbatas" in resource_page
    assert "/download/" not in resource_page and "Siti" not in resource_page
    app.get(f"/datastore/dump/{restricted['resources'][0]['id']}",
            headers=tokens[who], status=404)
    page = app.get(f"/dataset/{restricted['dataset']['name']}",
                   headers=tokens[who]).get_data(as_text=True)
    assert "Data terbatas" in page
    assert "/download/" not in page  # no download link in the list of resources
    if who == "anonymous":
        assert "Masuk untuk mengajukan permintaan akses" in page
    else:
        assert "Ajukan permintaan akses" in page
        assert f"/dataset/{restricted['dataset']['name']}/akses/ajukan" in page


@pytest.mark.parametrize("who", ["pic", "curator"])
def test_the_kelurahan_and_curators_have_the_data_without_a_grant(app, people, restricted,
                                                                  tokens, who):
    assert can_read(people, who, restricted) == {"resource_show": True,
                                                 "datastore_search": True}
    assert app.get(download_url(restricted), headers=tokens[who]).get_data(
        as_text=True) == BALITA_TABLE
    assert usage() == []  # not a grant: nothing logged
    page = app.get(f"/dataset/{restricted['dataset']['name']}",
                   headers=tokens[who]).get_data(as_text=True)
    assert "sebagai kelurahan pemilik atau kurator" in page
    assert "/download/" in page


def test_open_data_is_public(app, people, kelurahan_balowerti, create_with_upload, sysadmin):
    opened = dataset_with_tables(people, kelurahan_balowerti, create_with_upload, sysadmin,
                      "balita-terbuka", "terbuka")
    assert can_read(people, "anonymous", opened) == {"resource_show": True,
                                                     "datastore_search": True}
    assert app.get(download_url(opened)).get_data(as_text=True) == BALITA_TABLE
    page = app.get(f"/dataset/{opened['dataset']['name']}").get_data(as_text=True)
    assert "Data terbatas" not in page
    with pytest.raises(tk.NotAuthorized):
        ask(people, opened)


@pytest.mark.ckan_config("ckan.datastore.sqlsearch.enabled", True)
def test_datastore_sql_never_reads_restricted_tables_of_others(people, restricted):
    resource_id = restricted["resources"][0]["id"]
    sql = f'SELECT nama_kader FROM "{resource_id}"'
    for who in ("anonymous", "planner", "other_pic"):
        with pytest.raises(tk.NotAuthorized):
            call_as(people[who], "datastore_search_sql", sql=sql)
    approve(people, ask(people, restricted))
    with pytest.raises(tk.NotAuthorized):  # a grant gives datastore_search only
        call_as(people["planner"], "datastore_search_sql", sql=sql)
    assert len(call_as(people["pic"], "datastore_search_sql", sql=sql)["records"]) == 2


# -- Who may do what ---------------------------------------------------------------------

@pytest.mark.parametrize("who, allowed", [("anonymous", False), ("planner", True),
                                          ("pic", True), ("other_pic", True),
                                          ("curator", True)])
def test_any_signed_in_user_may_ask(people, restricted, who, allowed):
    if allowed:
        assert ask(people, restricted, who=who)["state"] == "diajukan"
    else:
        with pytest.raises(tk.NotAuthorized):
            ask(people, restricted, who=who)


def test_only_published_restricted_data_can_be_asked_for(people, kelurahan_balowerti,
                                                         create_with_upload):
    draft = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="draf-terbatas", klasifikasi_akses="terbatas"))
    resource = create_with_upload(BALITA_TABLE, "t.csv", package_id=draft["id"],
                                  context={"user": people["pic"]["name"]})
    with pytest.raises(tk.NotAuthorized):
        ask(people, {"dataset": draft, "resources": [resource]})


@pytest.mark.parametrize("who, sees", [("anonymous", False), ("planner", True),
                                       ("pic", False), ("other_pic", False),
                                       ("curator", True)])
def test_a_request_is_seen_by_its_requester_and_curators(people, restricted, who, sees):
    request = ask(people, restricted)
    if sees:
        assert call_as(people[who], "satudata_access_request_show",
                       id=request["id"])["purpose"] == request["purpose"]
    else:
        with pytest.raises(tk.NotAuthorized):
            call_as(people[who], "satudata_access_request_show", id=request["id"])


def test_lists_the_requesters_own_and_curators_all(people, restricted):
    mine = ask(people, restricted)
    theirs = ask(people, restricted, who="other_pic")

    def ids(who, **params):
        return [r["id"] for r in call_as(people[who], "satudata_access_request_list",
                                         **params)["results"]]

    assert ids("planner") == [mine["id"]]
    assert ids("planner", requester=people["other_pic"]["name"]) == [mine["id"]]
    assert ids("other_pic") == [theirs["id"]]
    assert ids("pic") == []
    assert set(ids("curator")) == {mine["id"], theirs["id"]}
    assert ids("curator", requester=people["planner"]["name"]) == [mine["id"]]
    approve(people, mine)
    assert ids("curator", state="disetujui") == [mine["id"]]
    assert ids("curator", state="diajukan") == [theirs["id"]]
    with pytest.raises(tk.NotAuthorized):
        call_as(None, "satudata_access_request_list")


@pytest.mark.parametrize("who", ["anonymous", "planner", "pic", "other_pic"])
def test_only_curators_decide_and_revoke(people, restricted, who):
    request = ask(people, restricted)
    with pytest.raises(tk.NotAuthorized):
        call_as(people[who], "satudata_access_request_decide", id=request["id"],
                decision="disetujui")
    approve(people, request)
    with pytest.raises(tk.NotAuthorized):
        call_as(people[who], "satudata_access_request_revoke", id=request["id"],
                reason="Pelanggaran.")


# -- The request's content ------------------------------------------------------------------

def test_a_request_records_what_the_regulation_asks(people, restricted):
    resource = restricted["resources"][0]
    request = ask(people, restricted, data_returned="Hasil analisis stunting per RW.",
                  resources=[{"id": resource["id"], "columns": "rw, jumlah_balita"}],
                  method="api")
    shown = call_as(people["curator"], "satudata_access_request_show", id=request["id"])
    assert shown["requester"] == people["planner"]["name"]
    assert shown["institution"] == "Bappeda Kota Kediri"
    assert shown["position"] == "Perencana Ahli Muda"
    assert shown["purpose"].startswith("Penyusunan rencana kerja")
    assert shown["resources"] == [{"id": resource["id"], "name": "Tabel 1",
                                   "columns": ["rw", "jumlah_balita"]}]
    assert shown["method"] == "api"
    assert shown["data_returned"] == "Hasil analisis stunting per RW."
    assert (shown["start_date"], shown["end_date"]) == (day(0), day(30))
    assert shown["state"] == "diajukan" and shown["usage"] == []


@pytest.mark.parametrize("overrides, field", [
    ({"end_date": day(366)}, "end_date"),
    ({"start_date": day(-1)}, "start_date"),
    ({"start_date": day(5), "end_date": day(4)}, "end_date"),
    ({"resources": ["bukan-sumber-data-ini"]}, "resources"),
    ({"resources": []}, "resources"),
    ({"institution": ""}, "institution"),
    ({"purpose": "data"}, "purpose"),
    ({"method": "faks"}, "method"),
])
def test_an_incomplete_or_excessive_request_is_refused_with_a_reason(people, restricted,
                                                                      overrides, field):
    with pytest.raises(tk.ValidationError) as refused:
        ask(people, restricted, **overrides)
    assert field in refused.value.error_dict


def test_the_maximum_period_is_configurable(people, restricted, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.access.max_days", 7)
    with pytest.raises(tk.ValidationError) as refused:
        ask(people, restricted, end_date=day(8))
    assert refused.value.error_dict["end_date"] == [
        "Jangka waktu perjanjian paling lama 7 hari."]
    assert ask(people, restricted, end_date=day(7))["end_date"] == day(7)


def test_columns_must_exist_in_the_table(people, restricted):
    with pytest.raises(tk.ValidationError) as refused:
        ask(people, restricted, resources=[{"id": restricted["resources"][0]["id"],
                                            "columns": ["rw", "nik"]}])
    assert "nik" in refused.value.error_dict["resources"][0]


def test_one_pending_request_per_dataset(people, restricted):
    ask(people, restricted)
    with pytest.raises(tk.ValidationError) as refused:
        ask(people, restricted)
    assert "menunggu keputusan" in refused.value.error_dict["package_id"][0]


# -- The life of a grant ------------------------------------------------------------------------

def test_grant_lifecycle_download_query_log_and_expiry(app, people, restricted, tokens,
                                                      inbox, later):
    planner = people["planner"]
    request = ask(people, restricted, end_date=day(30))

    [to_curator] = inbox()
    assert to_curator["To"].addresses[0].addr_spec == people["curator"]["email"]
    assert "Permintaan akses data terbatas" in to_curator["Subject"]
    assert "Bappeda Kota Kediri" in to_curator.get_body().get_content()
    assert f"/akses/{request['id']}" in to_curator.get_body().get_content()
    assert can_read(people, "planner", restricted)["resource_show"] is False

    granted = approve(people, request, start_date=day(0), end_date=day(7),
                      reason="Gunakan hanya untuk RKPD.")

    assert granted["state"] == "disetujui" and granted["valid_now"]
    assert (granted["start_date"], granted["end_date"]) == (day(0), day(7))
    assert (granted["requested_end_date"]) == day(30)
    to_planner = [m for m in inbox() if m["To"].addresses[0].addr_spec == planner["email"]]
    assert len(to_planner) == 1 and "disetujui" in to_planner[0]["Subject"]
    assert "Gunakan hanya untuk RKPD." in to_planner[0].get_body().get_content()

    # The granted resource, through the download URL and the DataStore.
    assert app.get(download_url(restricted), headers=tokens["planner"]).get_data(
        as_text=True) == BALITA_TABLE
    records = call_as(planner, "datastore_search",
                      resource_id=restricted["resources"][0]["id"])["records"]
    assert [r["nama_kader"] for r in records] == ["Siti", "Rina"]
    # Only the resources asked for and granted.
    app.get(download_url(restricted, 1), headers=tokens["planner"], status=403)

    user_id = model.User.get(planner["name"]).id
    resource_id = restricted["resources"][0]["id"]
    assert usage() == [(user_id, resource_id, "unduh"), (user_id, resource_id, "datastore")]
    shown = call_as(people["curator"], "satudata_access_request_show", id=request["id"])
    assert [(u["user"], u["channel"]) for u in shown["usage"]] == [
        (planner["name"], "datastore"), (planner["name"], "unduh")]

    # Still valid on the last day, no longer the day after.
    later(7)
    assert can_read(people, "planner", restricted)["resource_show"] is True
    uses = len(usage())
    later(8)
    assert can_read(people, "planner", restricted) == {"resource_show": False,
                                                       "datastore_search": False}
    app.get(download_url(restricted), headers=tokens["planner"], status=403)
    expired = call_as(planner, "satudata_access_request_show", id=request["id"])
    assert expired["state"] == "kedaluwarsa" and not expired["valid_now"]
    assert [r["id"] for r in call_as(people["curator"], "satudata_access_request_list",
                                     state="kedaluwarsa")["results"]] == [request["id"]]
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["curator"], "satudata_access_request_revoke", id=request["id"],
                reason="Sudah selesai.")
    assert "Kedaluwarsa" in refused.value.error_dict["state"][0]
    assert len(usage()) == uses  # refused reads are not uses


def test_an_expired_grant_in_the_database_stops_working(app, people, restricted, tokens):
    request = approve(people, ask(people, restricted))
    app.get(download_url(restricted), headers=tokens["planner"], status=200)
    row = model.Session.get(AccessRequest, request["id"])
    row.end_date = site.portal_today() - datetime.timedelta(days=1)
    model.Session.commit()
    app.get(download_url(restricted), headers=tokens["planner"], status=403)


def test_a_grant_starting_later_is_not_valid_yet(people, restricted, later):
    approve(people, ask(people, restricted, start_date=day(3), end_date=day(10)))
    assert can_read(people, "planner", restricted)["resource_show"] is False
    later(3)
    assert can_read(people, "planner", restricted)["resource_show"] is True


def test_revocation_stops_a_grant_at_once(app, people, restricted, tokens, inbox):
    request = approve(people, ask(people, restricted))
    app.get(download_url(restricted), headers=tokens["planner"], status=200)

    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["curator"], "satudata_access_request_revoke", id=request["id"])
    assert "reason" in refused.value.error_dict
    revoked = call_as(people["curator"], "satudata_access_request_revoke",
                      id=request["id"], reason="Data dipakai di luar tujuan.")

    assert revoked["state"] == "dicabut"
    assert revoked["reason"] == "Data dipakai di luar tujuan."
    app.get(download_url(restricted), headers=tokens["planner"], status=403)
    assert can_read(people, "planner", restricted)["datastore_search"] is False
    [mail] = [m for m in inbox() if "dicabut" in m["Subject"]]
    assert mail["To"].addresses[0].addr_spec == people["planner"]["email"]
    assert "Data dipakai di luar tujuan." in mail.get_body().get_content()


def test_a_refused_request_gives_nothing_and_says_why(people, restricted, inbox):
    request = ask(people, restricted)
    with pytest.raises(tk.ValidationError) as refused:
        call_as(people["curator"], "satudata_access_request_decide",
                id=request["id"], decision="ditolak")
    assert refused.value.error_dict["reason"] == ["Alasan penolakan wajib diisi."]

    result = call_as(people["curator"], "satudata_access_request_decide", id=request["id"],
                     decision="ditolak", reason="Tujuan tidak memerlukan data per RW.")

    assert result["state"] == "ditolak"
    assert result["reason"] == "Tujuan tidak memerlukan data per RW."
    assert can_read(people, "planner", restricted)["resource_show"] is False
    [mail] = [m for m in inbox() if "ditolak" in m["Subject"]]
    assert "Tujuan tidak memerlukan data per RW." in mail.get_body().get_content()
    # Decided once: a second decision says so.
    with pytest.raises(tk.ValidationError) as again:
        approve(people, request)
    assert "sudah diputuskan" in again.value.error_dict["state"][0]


def test_a_curator_can_only_shorten_the_period(people, restricted):
    request = ask(people, restricted, end_date=day(10))
    with pytest.raises(tk.ValidationError) as refused:
        approve(people, request, end_date=day(11))
    assert "end_date" in refused.value.error_dict
    assert call_as(people["planner"], "satudata_access_request_show",
                   id=request["id"])["state"] == "diajukan"


def test_a_grant_of_another_user_or_dataset_gives_nothing(people, restricted,
                                                          kelurahan_balowerti,
                                                          create_with_upload, sysadmin):
    other = dataset_with_tables(people, kelurahan_balowerti, create_with_upload, sysadmin,
                     "balita-lain", "terbatas")
    approve(people, ask(people, other, who="other_pic"))
    assert can_read(people, "other_pic", other)["resource_show"] is True
    assert can_read(people, "other_pic", restricted)["resource_show"] is False
    assert can_read(people, "planner", other)["resource_show"] is False


def test_a_grant_for_some_columns_gives_only_those(app, people, restricted, tokens):
    resource_id = restricted["resources"][0]["id"]
    approve(people, ask(people, restricted, method="api", resources=[
        {"id": resource_id, "columns": ["rw", "jumlah_balita"]}]))
    planner = people["planner"]

    result = call_as(planner, "datastore_search", resource_id=resource_id)
    assert [f["id"] for f in result["fields"]] == ["_id", "rw", "jumlah_balita"]
    assert [f["id"] for f in call_as(planner, "datastore_info", id=resource_id)["fields"]] \
        == ["rw", "jumlah_balita"]
    assert all("nama_kader" not in record for record in result["records"])
    for params in ({"fields": ["nama_kader"]}, {"filters": {"nama_kader": "Siti"}},
                   {"q": "Siti"}, {"sort": "nama_kader desc"}):
        with pytest.raises(tk.ValidationError):
            call_as(planner, "datastore_search", resource_id=resource_id, **params)
    # The whole file holds every column: not for this grant.
    response = app.get(download_url(restricted), headers=tokens["planner"], status=403)
    assert "Siti" not in response.get_data(as_text=True)
    dump = app.get(f"/datastore/dump/{resource_id}", headers=tokens["planner"])
    assert dump.get_data(as_text=True).splitlines()[0].lstrip("\ufeff") \
        == "_id,rw,jumlah_balita"


def test_an_api_grant_gives_the_datastore_not_the_file(app, people, restricted, tokens):
    approve(people, ask(people, restricted, method="api"))
    assert can_read(people, "planner", restricted)["datastore_search"] is True
    app.get(download_url(restricted), headers=tokens["planner"], status=403)


def test_a_restricted_point_layer_stays_off_the_public_map(make_layer, sysadmin):
    opened = make_layer("balowerti", "posyandu", POSYANDU)
    restricted_layer = make_layer("balowerti", "rt", RT)
    call_as(sysadmin, "package_patch", id=restricted_layer["id"], klasifikasi_akses="terbatas")
    publish(sysadmin, opened)
    publish(sysadmin, restricted_layer)

    features = call_as(None, "satudata_map_points")["features"]
    assert len(features) == len(POSYANDU)
    assert {f["properties"].get("dataset") for f in features} == {opened["name"]}


def test_the_points_of_a_restricted_layer_read_under_a_grant_are_logged(app, make_layer,
                                                                       sysadmin):
    layer = make_layer("balowerti", "rt", RT)
    call_as(sysadmin, "package_patch", id=layer["id"], klasifikasi_akses="terbatas")
    publish(sysadmin, layer)
    planner = factories.User()
    token = {"Authorization": call_as(planner, "api_token_create", user=planner["name"],
                                      name="t")["token"]}
    resource_id = layer["resources"][0]["id"]
    url = f"/peta-titik/{layer['id']}/titik/{resource_id}.geojson"
    app.get(url, headers=token, status=403)

    request = call_as(planner, "satudata_access_request_create", package_id=layer["id"],
                      institution="Bappeda", purpose="Perencanaan pos ronda per RT 2027.",
                      resources=[resource_id], method="unduh", start_date=day(0),
                      end_date=day(7))
    call_as(sysadmin, "satudata_access_request_decide", id=request["id"],
            decision="disetujui")

    assert len(app.get(url, headers=token).json["features"]) == len(RT)
    assert [u[2] for u in usage()] == ["unduh"]


def test_an_edit_restricting_data_applies_at_once_one_opening_it_waits(people, restricted,
                                                                      kelurahan_balowerti,
                                                                      create_with_upload,
                                                                      sysadmin):
    opened = dataset_with_tables(people, kelurahan_balowerti, create_with_upload, sysadmin,
                      "balita-dibuka", "terbuka")
    call_as(people["pic"], "package_patch", id=opened["dataset"]["id"],
            klasifikasi_akses="terbatas")
    assert can_read(people, "anonymous", opened)["resource_show"] is False

    call_as(people["pic"], "package_patch", id=restricted["dataset"]["id"],
            klasifikasi_akses="terbuka")
    assert can_read(people, "anonymous", restricted)["resource_show"] is False
    call_as(people["pic"], "satudata_submit", id=restricted["dataset"]["id"])
    call_as(people["curator"], "satudata_approve", id=restricted["dataset"]["id"])
    assert can_read(people, "anonymous", restricted) == {"resource_show": True,
                                                         "datastore_search": True}
