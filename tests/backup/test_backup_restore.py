"""Backups that restore (issue #15 item 3): `ckan satudata cadangan buat`
writes one archive (both databases, the uploaded files, a manifest with
checksums); `pulihkan` puts it back on an empty installation, whose API then
answers exactly as the backed-up portal did, and refuses a damaged archive
or an installation that already holds data, changing nothing."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import site
from ckanext.satudata.backup import glue as backup
from ckanext.satudata.backup import manifest as backup_manifest
from ckanext.satudata.cli import satudata as satudata_cli
from tests.helpers import (approve, ask, call_as, datasets_in_every_state, download_url,
                           publish, statistik_sektoral)
from tests.map_samples import POSYANDU, geojson, point_layer

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

SECRET = "cadanganrahasia"
BALOWERTI = "35.71.02.1002"
ROWS = (f"kode_wilayah,nama_wilayah,periode,nilai\n{BALOWERTI},Balowerti,2024,4\n"
        f"{BALOWERTI},Balowerti,2025,5\n")


# -- an installation of its own ----------------------------------------------------

def _datastore_tables() -> list[str]:
    engine = sa.create_engine(tk.config["ckan.datastore.write_url"], poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename NOT LIKE '\\_%' ORDER BY 1")).scalars().all()
    finally:
        engine.dispose()


def _drop_datastore_tables() -> None:
    engine = sa.create_engine(tk.config["ckan.datastore.write_url"], poolclass=NullPool)
    try:
        with engine.begin() as conn:
            for name in conn.execute(sa.text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename NOT LIKE '\\_%'")).scalars().all():
                conn.execute(sa.text(f'DROP TABLE "{name}" CASCADE'))
    finally:
        engine.dispose()


@pytest.fixture
def storage(tmp_path, ckan_config, monkeypatch):
    """This test's own ckan.storage_path (the shared test storage holds
    every other test's uploads)."""
    path = tmp_path / "storage"
    path.mkdir()
    monkeypatch.setitem(ckan_config, "ckan.storage_path", str(path))
    _drop_datastore_tables()
    return path


@pytest.fixture
def wipe(storage, reset_db, migrate_db_for, reset_index):
    """wipe(): this installation as a fresh one (`ckan db init` and the
    migrations, nothing else): empty databases, no files, no index."""
    def empty():
        model.Session.remove()
        reset_db()
        migrate_db_for("activity")
        migrate_db_for("satudata")
        _drop_datastore_tables()
        shutil.rmtree(storage)
        storage.mkdir()
        reset_index()
        model.Session.remove()
    return empty


# -- the portal ----------------------------------------------------------------------

@pytest.fixture
def portal(storage, people, kelurahan_balowerti, create_with_upload, sysadmin, app, tokens):
    """Datasets in every review state (one with a held edit), a restricted
    table in the DataStore with a planner's grant and its logged uses, a
    published point layer on the map and a published statistic."""
    made = datasets_in_every_state(
        people, kelurahan_balowerti, create_with_upload, SECRET,
        held_edit={"title": f"Judul {SECRET}"}, rows=ROWS)
    restricted = call_as(people["pic"], "package_show", id=made["restricted"]["id"])
    table = restricted["resources"][0]
    call_as(sysadmin, "datastore_create", resource_id=table["id"], force=True,
            fields=[{"id": "kode_wilayah", "type": "text"}, {"id": "nilai", "type": "int"}],
            records=[{"kode_wilayah": BALOWERTI, "nilai": 4},
                     {"kode_wilayah": BALOWERTI, "nilai": 5}])
    grant = {"dataset": restricted, "resources": restricted["resources"]}
    request = ask(people, grant)
    approve(people, request)
    refused = ask(people, grant, who="other_pic")
    call_as(people["curator"], "satudata_access_request_decide", id=refused["id"],
            decision="ditolak", reason="Bukan untuk kelurahan lain.")
    assert app.get(download_url(grant), headers=tokens["planner"]).status_code == 200
    call_as(people["planner"], "datastore_search", resource_id=table["id"])

    layer = call_as(sysadmin, "package_create", **point_layer(kelurahan_balowerti["id"]))
    create_with_upload(geojson(POSYANDU), "posyandu.geojson", package_id=layer["id"],
                       context={"user": sysadmin["name"]})
    publish(sysadmin, layer)

    statistic = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="jumlah-posyandu-balowerti",
        title="Jumlah posyandu Balowerti", ukuran="jumlah"))
    create_with_upload(ROWS, "posyandu.csv", package_id=statistic["id"],
                       context={"user": people["pic"]["name"]})
    publish(people["pic"], statistic, people["curator"])

    names = [made["published"]["name"], made["restricted"]["name"], made["held"]["name"]]
    names += [d["name"] for d in made["unpublished"]] + [layer["name"], statistic["name"]]
    return {"names": names, "held": made["held"]["name"], "request": request["id"],
            "table": table["id"], "layer": layer["name"]}


def _answer(actor, action, **params):
    try:
        return call_as(actor, action, **params)
    except tk.NotAuthorized:
        return "tidak berwenang"
    except tk.ObjectNotFound:
        return "tidak ditemukan"


def _file_checksums() -> dict[str, str]:
    sums = {}
    for resource in model.Session.query(model.Resource).filter(
            model.Resource.url_type == "upload"):
        with site.open_uploaded({"id": resource.id, "url_type": "upload",
                                 "url": resource.url}) as stored:
            sums[resource.id] = hashlib.sha256(stored.read()).hexdigest()
    model.Session.remove()
    return sums


def what_the_portal_answers(people, portal) -> dict:
    """Everything the API answers about the portal, to the people who see it."""
    pic, curator, planner = people["pic"], people["curator"], people["planner"]
    seen = {}
    for name in portal["names"]:
        for who in ("pic", "curator", "planner", "anonymous"):
            seen[f"package_show {name} {who}"] = _answer(people[who], "package_show", id=name)
        seen[f"history {name}"] = _answer(curator, "satudata_review_history", id=name)
    for who in ("pic", "curator", "anonymous"):
        seen[f"search {who}"] = call_as(people[who], "package_search", q="*:*",
                                        sort="name asc", rows=100,
                                        **{"facet.field": '["organization", "tags"]'})
        seen[f"search {SECRET} {who}"] = call_as(people[who], "package_search", q=SECRET)
    seen["revision changes"] = call_as(curator, "satudata_revision_changes", id=portal["held"])
    seen["review queue"] = call_as(curator, "satudata_review_queue")
    seen["worklist"] = call_as(pic, "satudata_pic_worklist")
    seen["access requests"] = call_as(curator, "satudata_access_request_list")
    seen["access request"] = call_as(curator, "satudata_access_request_show",
                                     id=portal["request"])
    seen["my access requests"] = call_as(planner, "satudata_access_request_list")
    seen["datastore"] = call_as(pic, "datastore_search", resource_id=portal["table"])
    points = call_as(None, "satudata_map_points")
    seen["map points"] = json.loads(points.encoded_json)  # a LazyJSONObject
    seen["indicators"] = call_as(None, "satudata_indicator_list")
    seen["statistics summary"] = call_as(None, "satudata_statistics_summary")
    seen["kelurahan"] = call_as(None, "satudata_kelurahan_list")
    seen["completeness"] = call_as(curator, "satudata_completeness")
    seen["completeness summary"] = call_as(None, "satudata_completeness_summary")
    seen["files"] = _file_checksums()
    model.Session.remove()
    return json.loads(json.dumps(seen, sort_keys=True, default=str))


def test_a_backup_restored_on_an_empty_installation_answers_identically(
        portal, people, wipe, tmp_path, cli, capsys):
    before = what_the_portal_answers(people, portal)
    assert before["files"] and len(before["map points"]["features"]) == 2
    assert before["indicators"]["count"] >= 1 and before["access request"]["usage"]
    assert before[f"package_show draf-{SECRET} anonymous"] == "tidak berwenang"
    assert before["search anonymous"]["count"] == 5  # published, restricted, held, layer, statistic
    assert before[f"search {SECRET} curator"]["count"] == 4  # the unpublished ones
    assert before[f"search {SECRET} anonymous"]["count"] == 0
    assert before["datastore"]["records"] and before["access request"]["usage"]
    folder = tmp_path / "cadangan"

    made = cli.invoke(satudata_cli, ["cadangan", "buat", "--ke", str(folder)])

    assert made.exit_code == 0, made.output
    [archive] = os.listdir(folder)
    assert backup_manifest.archive_time(archive) is not None
    with tarfile.open(folder / archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert {"databases/main.dump", "databases/datastore.dump"} <= set(names)
    assert "satudata_review_event" in manifest["databases"]["main"]["extension_tables"]
    assert manifest["versions"]["ckan"] == "2.12.0"
    assert manifest["versions"]["postgresql"].startswith("15")
    assert manifest["site_url"] == tk.config["ckan.site_url"]
    uploads = [m for m in manifest["members"] if m["name"].startswith("files/lokal/resources/")]
    assert sorted(m["sha256"] for m in uploads) == sorted(before["files"].values())

    # Not onto an installation that holds data.
    with pytest.raises(backup.BackupError, match="tidak kosong"):
        backup.restore(str(folder / archive), print)

    wipe()
    assert call_as(None, "package_search")["count"] == 0 and _datastore_tables() == []
    capsys.readouterr()

    backup.restore(str(folder / archive), print)

    progress = capsys.readouterr().out
    for line in ("Arsip utuh", "Memulihkan basis data utama", "Memulihkan basis data DataStore",
                 "Memulihkan berkas unggahan", "Membangun ulang indeks pencarian",
                 "Pemulihan selesai"):
        assert line in progress
    after = what_the_portal_answers(people, portal)
    assert sorted(after) == sorted(before)
    for key in before:
        assert after[key] == before[key], key


def _archive_of_a_small_portal(people, kelurahan_balowerti, create_with_upload, folder):
    dataset = call_as(people["pic"], "package_create",
                      **statistik_sektoral(kelurahan_balowerti["id"]))
    create_with_upload(ROWS, "data.csv", package_id=dataset["id"],
                       context={"user": people["pic"]["name"]})
    return backup.create(str(folder), lambda line: None)


def test_a_damaged_archive_is_refused_and_nothing_is_touched(
        storage, people, kelurahan_balowerti, create_with_upload, wipe, tmp_path, cli):
    path = _archive_of_a_small_portal(people, kelurahan_balowerti, create_with_upload,
                                      tmp_path / "cadangan")
    wipe()
    with tarfile.open(path) as tar:
        upload = next(m for m in tar.getmembers() if m.name.startswith("files/"))
    with open(path, "r+b") as damaged:  # one byte of an uploaded file changed
        damaged.seek(upload.offset_data)
        first = damaged.read(1)
        damaged.seek(upload.offset_data)
        damaged.write(bytes([first[0] ^ 0x20]))

    refused = cli.invoke(satudata_cli, ["cadangan", "pulihkan", path])

    assert refused.exit_code != 0
    assert "Arsip cadangan rusak; tidak ada yang diubah" in refused.output
    assert f"{upload.name}: checksum SHA-256 tidak cocok" in refused.output
    assert call_as(None, "package_search")["count"] == 0
    assert backup.installation_contents() == []

    truncated = tmp_path / "terpotong.tar"
    truncated.write_bytes(open(path, "rb").read()[:upload.offset_data + 3])
    refused = cli.invoke(satudata_cli, ["cadangan", "pulihkan", str(truncated)])
    assert refused.exit_code != 0 and "Arsip cadangan rusak" in refused.output
    assert backup.installation_contents() == []


def test_retention_keeps_the_newest_archives(tmp_path, cli):
    folder = tmp_path / "cadangan"
    folder.mkdir()
    names = [f"satudata-cadangan-2026120{day}T013000Z.tar" for day in range(1, 6)]
    for name in names + ["catatan.txt", "satudata-cadangan-20261209T013000Z.tar.part"]:
        (folder / name).write_bytes(b"x")

    pruned = cli.invoke(satudata_cli, ["cadangan", "buang-lama", "--simpan", "2",
                                       "--di", str(folder)])

    assert pruned.exit_code == 0, pruned.output
    assert sorted(os.listdir(folder)) == sorted(
        names[-2:] + ["catatan.txt", "satudata-cadangan-20261209T013000Z.tar.part"])
    assert "Cadangan lama dihapus: satudata-cadangan-20261201T013000Z.tar" in pruned.output


@pytest.fixture
def other_storage(storage, ckan_config, reset_storages, tmp_path):
    """The resources' files in a file-keeper storage of their own (CKAN 2.12's
    `ckan.files.storage.<name>.*`), not under ckan.storage_path."""
    from ckan.lib import files

    options = {"ckan.files.storage.resources.type": "file_keeper:fs",
               "ckan.files.storage.resources.path": str(tmp_path / "berkas"),
               "ckan.files.storage.resources.initialize": "true"}
    saved = {key: ckan_config.get(key) for key in options}
    ckan_config.update(options)
    reset_storages()
    yield tmp_path / "berkas"
    for key, value in saved.items():
        if value is None:
            ckan_config.pop(key, None)
        else:
            ckan_config[key] = value
    reset_storages()
    assert files  # the files API is what the fixture configures


def test_files_kept_in_another_storage_are_backed_up_and_restored(
        other_storage, people, kelurahan_balowerti, create_with_upload, wipe, tmp_path):
    path = _archive_of_a_small_portal(people, kelurahan_balowerti, create_with_upload,
                                      tmp_path / "cadangan")
    before = _file_checksums()
    assert len(before) == 1 and any(other_storage.rglob("*"))
    with tarfile.open(path) as tar:
        assert [n for n in tar.getnames() if n.startswith("files/")] == [
            f"files/resources/{rid[:3]}/{rid[3:6]}/{rid[6:]}" for rid in before]

    wipe()
    shutil.rmtree(other_storage)
    other_storage.mkdir()
    backup.restore(path, lambda line: None)

    assert _file_checksums() == before


def test_overwriting_an_installation_that_holds_data_takes_timpa(
        storage, people, kelurahan_balowerti, create_with_upload, tmp_path, cli):
    path = _archive_of_a_small_portal(people, kelurahan_balowerti, create_with_upload,
                                      tmp_path / "cadangan")
    later = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="dibuat-sesudah-cadangan"))
    model.Session.remove()

    refused = cli.invoke(satudata_cli, ["cadangan", "pulihkan", path])
    assert refused.exit_code != 0
    assert "Instalasi tujuan tidak kosong (2 dataset, 1 berkas unggahan)" in refused.output
    assert call_as(people["pic"], "package_show", id=later["id"])["name"] == later["name"]

    restored = cli.invoke(satudata_cli, ["cadangan", "pulihkan", "--timpa", path])

    assert restored.exit_code == 0, restored.output
    assert "Menimpa instalasi yang berisi 2 dataset, 1 berkas unggahan." in restored.output
    with pytest.raises(tk.ObjectNotFound):
        call_as(people["pic"], "package_show", id=later["id"])
    assert [d["name"] for d in call_as(people["pic"], "package_search",
                                       include_drafts=True)["results"]] == [
        "jumlah-posyandu-aktif"]
