"""Planners download the datasets of a search together, as one ZIP: it holds
only what that user may see."""
from __future__ import annotations

import csv
import io
import zipfile

import pytest

import ckan.plugins.toolkit as tk

from tests.helpers import call_as, publish, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def datasets(people, sysadmin, kelurahan_balowerti, kelurahan_bandar_lor, create_with_upload):
    """Balowerti: a published statistic with two files and a link, a draft;
    Bandar Lor: a published restricted statistic and a published one of
    another sector."""
    def make(owner, name, files, published=True, **fields):
        dataset = call_as(sysadmin, "package_create",
                          **statistik_sektoral(owner["id"], name=name, **fields))
        for filename, content in files:
            create_with_upload(content, filename, package_id=dataset["id"],
                               context={"user": sysadmin["name"]})
        if published:
            publish(sysadmin, dataset)
        return call_as(sysadmin, "package_show", id=dataset["id"])

    published = make(kelurahan_balowerti, "posyandu-balowerti",
                     [("posyandu-2024.csv", "periode,nilai\n2024,6\n"),
                      ("posyandu-2025.csv", "periode,nilai\n2025,7\n")], published=False)
    call_as(sysadmin, "resource_create", package_id=published["id"], name="Sumber BPS",
            url="https://kedirikota.bps.go.id/tabel.html", format="HTML")
    publish(sysadmin, published)
    return {
        "published": call_as(sysadmin, "package_show", id=published["id"]),
        "draft": make(kelurahan_balowerti, "draf-balowerti",
                      [("draf.csv", "periode,nilai\n2025,1\n")], published=False),
        "restricted": make(kelurahan_bandar_lor, "terbatas-bandar-lor",
                           [("terbatas.csv", "periode,nilai\n2025,2\n")],
                           klasifikasi_akses="terbatas"),
        "education": make(kelurahan_bandar_lor, "sekolah-bandar-lor",
                          [("sekolah.csv", "periode,nilai\n2025,3\n")],
                          bidang_urusan="pendidikan"),
    }


def headers_of(user):
    if user is None:
        return {}
    token = call_as(user, "api_token_create", user=user["name"], name="zip")["token"]
    return {"Authorization": token}


def download(app, user=None, **params):
    response = app.get("/dataset/unduh.zip", query_string=params, headers=headers_of(user))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.headers["Content-Type"] == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.is_streamed
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert archive.testzip() is None
    return archive


def manifest(archive):
    text = archive.read("daftar-isi.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_public_gets_the_published_open_files_and_a_table_of_contents(app, datasets):
    archive = download(app)
    assert sorted(archive.namelist()) == [
        "daftar-isi.csv", "posyandu-balowerti/posyandu-2024.csv",
        "posyandu-balowerti/posyandu-2025.csv", "sekolah-bandar-lor/sekolah.csv"]
    assert archive.read("posyandu-balowerti/posyandu-2025.csv") == b"periode,nilai\n2025,7\n"
    rows = {(r["dataset"], r["sumber_data"]): r for r in manifest(archive)}
    assert "draf-balowerti" not in {dataset for dataset, _ in rows}
    link = rows[("posyandu-balowerti", "Sumber BPS")]
    assert link["berkas"] == "" and link["url"] == "https://kedirikota.bps.go.id/tabel.html"
    assert "Tautan" in link["keterangan"]
    restricted = rows[("terbatas-bandar-lor", "terbatas.csv")]
    assert restricted["berkas"] == "" and "terbatas" in restricted["keterangan"].lower()
    assert rows[("posyandu-balowerti", "posyandu-2024.csv")]["berkas"] == \
        "posyandu-balowerti/posyandu-2024.csv"


def test_the_zip_follows_the_search_filters(app, datasets):
    archive = download(app, bidang_urusan="pendidikan")
    assert sorted(archive.namelist()) == ["daftar-isi.csv", "sekolah-bandar-lor/sekolah.csv"]
    archive = download(app, organization="kelurahan-balowerti")
    assert "sekolah-bandar-lor/sekolah.csv" not in archive.namelist()
    assert "posyandu-balowerti/posyandu-2024.csv" in archive.namelist()


def test_a_pic_also_gets_its_own_drafts_but_not_others_restricted_data(app, datasets, people):
    names = download(app, people["pic"]).namelist()
    assert "draf-balowerti/draf.csv" in names
    assert "terbatas-bandar-lor/terbatas.csv" not in names
    names = download(app, people["other_pic"]).namelist()
    assert "draf-balowerti/draf.csv" not in names
    assert "terbatas-bandar-lor/terbatas.csv" in names      # their own kelurahan's data


def test_a_file_added_to_a_published_dataset_waits_for_approval(
        app, datasets, people, create_with_upload):
    create_with_upload("periode,nilai\n2026,8\n", "posyandu-2026.csv",
                       package_id=datasets["published"]["id"],
                       context={"user": people["pic"]["name"]})
    # Search (and so the ZIP) holds the published version until approval.
    assert "posyandu-balowerti/posyandu-2026.csv" not in download(app).namelist()


@pytest.mark.ckan_config("ckanext.satudata.download_zip_max_datasets", 2)
def test_a_search_finding_too_many_datasets_is_sent_back_to_narrow_it(app, datasets):
    response = app.get("/dataset/unduh.zip", query_string={"q": ""}, follow_redirects=False)
    assert response.status_code == 302
    assert "/dataset/" in response.headers["Location"]
    page = app.get(response.headers["Location"]).get_data(as_text=True)
    assert "dibatasi 2 dataset" in page
    with pytest.raises(tk.ValidationError):
        call_as(None, "satudata_search_download")
    assert len(download(app, bidang_urusan="pendidikan").namelist()) == 2


def test_the_api_tells_which_files_the_zip_holds(datasets):
    result = call_as(None, "satudata_search_download", fq='bidang_urusan:"kesehatan"')
    assert result["count"] == 2
    packed = {(f["dataset"], f["berkas"]) for f in result["files"] if f["berkas"]}
    assert packed == {("posyandu-balowerti", "posyandu-balowerti/posyandu-2024.csv"),
                      ("posyandu-balowerti", "posyandu-balowerti/posyandu-2025.csv")}
    assert result["size"] == 2 * len("periode,nilai\n2024,6\n")


def test_the_search_page_offers_the_zip_of_what_it_shows(app, datasets):
    page = app.get("/dataset/", query_string={"bidang_urusan": "pendidikan"}).get_data(
        as_text=True)
    assert "/dataset/unduh.zip?bidang_urusan=pendidikan" in page
    assert "Unduh 1 dataset sekaligus (ZIP)" in page
