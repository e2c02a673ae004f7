"""The ZIP of a search and restricted data: a planner gets a restricted
file only under a grant for downloading it, and that download is logged
like any other under the grant."""
from __future__ import annotations

import io
import zipfile

import pytest

from tests.helpers import approve, ask, call_as, usage

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def zip_names(app, user, **params):
    token = call_as(user, "api_token_create", user=user["name"], name="zip")["token"]
    response = app.get("/dataset/unduh.zip", query_string=params,
                       headers={"Authorization": token})
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    return sorted(archive.namelist()), archive.read("daftar-isi.csv").decode("utf-8-sig")


def test_a_restricted_file_only_under_a_grant_for_downloads_and_logged(
        app, people, restricted):
    first = restricted["resources"][0]["id"]
    names, manifest = zip_names(app, people["planner"], q="balita-per-rw")
    assert names == ["daftar-isi.csv"]
    assert manifest.count("Data terbatas: ajukan permohonan akses.") == 2

    approve(people, ask(people, restricted, resources=[first]))
    names, _ = zip_names(app, people["planner"], q="balita-per-rw")
    assert names == ["balita-per-rw/balita-per-rw-1.csv", "daftar-isi.csv"]
    assert usage() == [(people["planner"]["id"], first, "unduh")]

    # The kelurahan's own PIC has both files, and nothing is logged for it.
    names, _ = zip_names(app, people["pic"], q="balita-per-rw")
    assert len(names) == 3 and len(usage()) == 1


def test_a_grant_for_the_api_gives_no_file(app, people, restricted):
    approve(people, ask(people, restricted, method="api"))
    names, manifest = zip_names(app, people["planner"], q="balita-per-rw")
    assert names == ["daftar-isi.csv"]
    assert "datastore_search" in manifest
    assert usage() == []
