"""Uploads kept in another storage than CKAN's default (issue #15, item 2):
CKAN 2.12's file storages (`ckan.files.storage.<name>.*`, here the resources'
storage in memory, or on disk under another root than `ckan.storage_path`).
Every reader of uploaded files goes through CKAN's uploader, so the whole
path works the same: upload → personal-data scan (at once and by the
background job) → publication → the city map's points → the indicator's
values → the ZIP download."""
from __future__ import annotations

import csv
import io
import os
import zipfile

import pytest

import ckan.plugins.toolkit as tk
from ckan.lib import files

from ckanext.satudata import site
from ckanext.satudata.privacy import guard
from tests.helpers import call_as, publish, statistik_sektoral
from tests.map_samples import geojson_of, point_layer

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

STATISTIC = ("kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan\n"
             "35.71.02.1002,Balowerti,2024,Posyandu aktif,6,unit\n"
             "35.71.02.1002,Balowerti,2025,Posyandu aktif,1234,unit\n")
MEMBERS = "nama_kepala_keluarga,nik,rw\nWarga Satu,3571024107850001,1\n"
POINTS = [(112.0170, -7.8130), (112.0185, -7.8145), (112.0160, -7.8120)]


@pytest.fixture(params=["memory", "fs-elsewhere"])
def storage(request, ckan_config, reset_storages, tmp_path):
    """The resources' storage, configured as a site would (CKAN reads the
    options at start-up: the storages are collected again)."""
    # overwrite_existing: a resource's new file replaces the old one under
    # the same location (without it CKAN's storages refuse the replacement).
    options = {"ckan.files.storage.resources.type": "file_keeper:memory",
               "ckan.files.storage.resources.overwrite_existing": "true"}
    if request.param == "fs-elsewhere":
        options.update({"ckan.files.storage.resources.type": "file_keeper:fs",
                        "ckan.files.storage.resources.path": str(tmp_path / "berkas"),
                        "ckan.files.storage.resources.initialize": "true"})
    saved = {key: ckan_config.get(key) for key in options}
    ckan_config.update(options)
    reset_storages()
    yield files.get_storage("resources")
    for key, value in saved.items():
        if value is None:
            ckan_config.pop(key, None)
        else:
            ckan_config[key] = value
    reset_storages()


def _stored_locations(store):
    return sorted(store.scan())


@pytest.mark.ckan_config("ckanext.satudata.privacy.sync_max_bytes", 200)
@pytest.mark.usefixtures("clean_queues")
def test_upload_scan_publish_map_statistics_and_zip_through_another_storage(
        app, storage, people, kelurahan_balowerti, upload, create_with_upload):
    pic = people["pic"]
    before = _stored_locations(storage)

    # A statistic of Balowerti, and a member list with a NIK uploaded by mistake.
    dataset = call_as(pic, "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="posyandu-aktif", title="Posyandu aktif",
        ukuran="jumlah"))
    table = upload(dataset, STATISTIC, "posyandu.csv")
    members = upload(dataset, MEMBERS * 5, "anggota.csv")  # larger: the background job

    # The files are in the configured storage, none on CKAN's default disk.
    assert len(_stored_locations(storage)) == len(before) + 2
    default_root = os.path.join(tk.config["ckan.storage_path"], "resources")
    for resource in (table, members):
        rid = resource["id"]
        assert not os.path.exists(os.path.join(default_root, rid[:3], rid[3:6], rid[6:]))
    assert site.uploaded_path(table) is None
    assert site.uploaded_size(table) == len(STATISTIC.encode())

    # Scanned: the small file at once, the larger one by its job.
    scan = call_as(pic, "satudata_privacy_scan_show", id=table["id"])
    assert (scan["status"], scan["findings"]) == ("selesai", [])
    assert call_as(pic, "satudata_privacy_scan_show", id=members["id"])["status"] == "menunggu"
    guard.run_scan_job(members["id"])  # what the worker runs
    scan = call_as(pic, "satudata_privacy_scan_show", id=members["id"])
    assert scan["status"] == "selesai", scan["error"]
    assert ("nik", "nik") in [(f["kind"], f["column"]) for f in scan["findings"]]
    with pytest.raises(tk.ValidationError, match="kolom nik"):
        call_as(pic, "satudata_submit", id=dataset["id"])
    call_as(pic, "resource_delete", id=members["id"])

    # A point layer of the same kelurahan.
    layer = call_as(pic, "package_create", **point_layer(kelurahan_balowerti["id"]))
    points = create_with_upload(geojson_of("posyandu", POINTS), "posyandu.geojson",
                                package_id=layer["id"], context={"user": pic["name"]})
    guard.run_scan_job(points["id"])
    scan = call_as(pic, "satudata_privacy_scan_show", id=points["id"])
    assert (scan["status"], scan["findings"]) == ("selesai", []), scan

    # Published by the curator.
    publish(pic, dataset, people["curator"])
    publish(pic, layer, people["curator"])

    # The city map shows the points.
    collection = app.get("/peta/titik.geojson").json
    assert collection["count"] == 3
    assert sorted(tuple(f["geometry"]["coordinates"]) for f in collection["features"]) == \
        sorted(POINTS)

    # The indicator's values, from the stored table.
    rows = list(csv.DictReader(io.StringIO(
        app.get("/statistik/posyandu-aktif/unduh.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["periode"], r["nilai"]) for r in rows] == [("2024", "6"), ("2025", "1234")]
    page = app.get("/statistik/posyandu-aktif").get_data(as_text=True)
    assert "1.234" in page

    # The ZIP of a search holds the stored files, byte for byte.
    response = app.get("/dataset/unduh.zip", query_string={"q": "name:posyandu-aktif"})
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == ["daftar-isi.csv", "posyandu-aktif/posyandu.csv"]
    assert archive.read("posyandu-aktif/posyandu.csv").decode() == STATISTIC
    assert "tidak ditemukan" not in archive.read("daftar-isi.csv").decode("utf-8-sig")


def test_a_new_file_of_the_same_name_and_size_is_scanned_again(
        storage, people, dataset, upload, create_with_upload):
    """A file storage keeps no modification time: the scan tells files
    apart by their content's hash, so a replaced file is never taken for
    the one already scanned."""
    clean, with_nik = "abc,rw\nWarga Satu Dua T,1\n", "nik,rw\n3571024107850001,1\n"
    assert len(clean) == len(with_nik)
    resource = upload(dataset, clean, "warga.csv")
    assert call_as(people["pic"], "satudata_privacy_scan_show",
                   id=resource["id"])["findings"] == []

    create_with_upload(with_nik, "warga.csv", action="resource_update", id=resource["id"],
                       package_id=dataset["id"], name="warga.csv", format="CSV",
                       context={"user": people["pic"]["name"]})

    scan = call_as(people["pic"], "satudata_privacy_scan_show", id=resource["id"])
    assert "nik" in [finding["kind"] for finding in scan["findings"]]
