"""Two web instances serving the same portal (issue #15, item 6): two
gunicorn processes (deploy/gunicorn.conf.py, deploy/wsgi.py, one worker
each, as two hosts behind one nginx upstream would run them) on this test
run's configuration. What a curator publishes or withdraws through one is
what the other serves at once: the city map's GeoJSON (cached per process,
keyed by the map's version in the database), the kelurahan boundaries
(their index and layer cached per process, keyed by the stored version) and
the statistics page; a visitor signed in through one is signed in on the
other (the session is a cookie signed with the shared secret)."""
from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as ckan_helpers

from ckanext.satudata.maps import boundary_layer
from tests.helpers import (call_as, gunicorn_ini, publish, start_gunicorn, statistik_sektoral,
                           stop_gunicorn)
from tests.map_samples import POSYANDU, shifted

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

BOOT_SECONDS = 180


class Instance:
    def __init__(self, port: int, process: subprocess.Popen, log: Path):
        self.port, self.process, self.log = port, process, log

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}",
                                         headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def action(self, name: str, token: str, **data) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/3/action/{name}", method="POST",
            data=json.dumps(data).encode(),
            headers={"Authorization": token, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.load(answer)["result"]

    def ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError("gunicorn stopped:\n"
                                 + self.log.read_text(errors="replace")[-3000:])
        try:
            return self.get("/api/3/action/status_show")[0] == 200
        except OSError:
            return False

    def points(self, etag: str | None = None) -> tuple[int, str, list[str]]:
        """/peta/titik.geojson: status, ETag and the names of the points."""
        status, headers, body = self.get("/peta/titik.geojson",
                                         {"If-None-Match": etag} if etag else {})
        names = sorted(f["properties"]["name"] for f in json.loads(body)["features"]) \
            if status == 200 else []
        return status, headers.get("ETag"), names


@pytest.fixture(scope="module")
def instances(request, tmp_path_factory):
    """Two gunicorn processes, one worker each, on the databases and Solr of
    --ckan-ini (started once for the module; each test's clean_db empties
    the database under them, as a restore would)."""
    tmp_path = tmp_path_factory.mktemp("instances")
    ini = gunicorn_ini(request.config.getoption("--ckan-ini"), tmp_path)
    started = []
    try:
        for name in ("a", "b"):
            log = tmp_path / f"gunicorn-{name}.log"
            process, port = start_gunicorn(ini, log, workers=1)
            started.append(Instance(port, process, log))
        deadline = time.monotonic() + BOOT_SECONDS
        while not all(instance.ready() for instance in started):
            assert time.monotonic() < deadline, "gunicorn not answering"
            time.sleep(0.2)
        yield started
    finally:
        for instance in started:
            stop_gunicorn(instance.process)


TABLE = ("kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan\n"
         "35.71.02.1002,Balowerti,2024,{what},6,unit\n"
         "35.71.02.1002,Balowerti,2025,{what},9,unit\n")


def _statistic(sysadmin, create_with_upload, name: str, title: str) -> dict:
    """A draft statistic of Balowerti with one uploaded table."""
    dataset = call_as(sysadmin, "package_create", **statistik_sektoral(
        ckan_helpers.call_action("organization_show", id="kelurahan-balowerti")["id"],
        name=name, title=title))
    create_with_upload(TABLE.format(what=title), "data.csv", package_id=dataset["id"],
                       context={"user": sysadmin["name"]})
    return dataset


def _boundaries(shift: float = 0.0) -> str:
    """The demo's kelurahan boundaries, every polygon moved `shift` degrees east."""
    with open(boundary_layer.DEMO_FILE, encoding="utf-8") as handle:
        collection = json.load(handle)
    for feature in collection["features"]:
        geometry = feature["geometry"]
        rings = geometry["coordinates"] if geometry["type"] == "Polygon" else [
            ring for polygon in geometry["coordinates"] for ring in polygon]
        for ring in rings:
            for point in ring:
                point[0] += shift
    return json.dumps(collection)


def _first_longitude(instance: Instance, etag: str | None = None) -> tuple[int, str, float]:
    """/peta/batas.geojson: status, ETag and the first longitude drawn."""
    status, headers, body = instance.get("/peta/batas.geojson",
                                         {"If-None-Match": etag} if etag else {})
    if status != 200:
        return status, headers.get("ETag"), 0.0
    geometry = json.loads(body)["features"][0]["geometry"]
    ring = geometry["coordinates"][0] if geometry["type"] == "Polygon" \
        else geometry["coordinates"][0][0]
    return status, headers.get("ETag"), ring[0][0]


def test_what_is_published_through_one_instance_the_other_serves_at_once(
        instances, make_layer, sysadmin, create_with_upload):
    a, b = instances
    assert a.process.pid != b.process.pid
    token = call_as(sysadmin, "api_token_create", user=sysadmin["name"], name="t")["token"]
    publish(sysadmin, make_layer("balowerti", "posyandu", POSYANDU))
    publish(sysadmin, _statistic(sysadmin, create_with_upload, "posyandu-aktif",
                                 "Posyandu aktif"))

    # both processes build and keep their own answers
    for instance in (a, b):
        status, etag, names = instance.points()
        assert (status, names) == (200, ["Posyandu Mawar", "Posyandu Melati"])
        assert instance.points(etag)[0] == 304
        page = instance.get("/statistik")[2].decode()
        assert "Posyandu aktif" in page and "Kader posyandu" not in page
    _, old_etag, _ = b.points()

    # a curator publishes through instance a
    layer = make_layer("bandar-lor", "posyandu", [
        (position, dict(properties, nama=properties["nama"] + " Bandar Lor"))
        for position, properties in shifted(POSYANDU, -0.02, 0.007)])
    statistic = _statistic(sysadmin, create_with_upload, "kader-posyandu", "Kader posyandu")
    for dataset in (layer, statistic):
        a.action("satudata_submit", token, id=dataset["id"])
        assert a.action("satudata_approve", token, id=dataset["id"])["satudata_status"] == "terbit"

    # instance b serves it at once: its cached map is not reused
    status, new_etag, names = b.points(old_etag)
    assert status == 200 and new_etag != old_etag
    assert names == ["Posyandu Mawar", "Posyandu Mawar Bandar Lor", "Posyandu Melati",
                     "Posyandu Melati Bandar Lor"]
    page = b.get("/statistik")[2].decode()
    assert "Posyandu aktif" in page and "Kader posyandu" in page

    # and a withdrawal through b is what a serves
    b.action("satudata_withdraw", token, id=layer["id"], note="Titik salah tempat.")
    status, _, names = a.points(new_etag)
    assert (status, names) == (200, ["Posyandu Mawar", "Posyandu Melati"])
    assert b.points()[2] == ["Posyandu Mawar", "Posyandu Melati"]


def test_boundaries_approved_through_one_instance_are_drawn_by_the_other(
        instances, reference_organizations, sysadmin, create_with_upload):
    a, b = instances
    token = call_as(sysadmin, "api_token_create", user=sysadmin["name"], name="t")["token"]
    dataset = call_as(sysadmin, "package_create", **{
        "type": "batas-wilayah", "name": "batas-kelurahan-2026",
        "owner_org": ckan_helpers.call_action("organization_show", id="diskominfo")["id"],
        "title": "Batas kelurahan Kota Kediri 2026", "tahun": "2026",
        "sumber_batas": "Bagian Tata Pemerintahan", "batas_resmi": "ya"})
    create_with_upload(_boundaries(), "batas.geojson", package_id=dataset["id"],
                       context={"user": sysadmin["name"]})
    publish(sysadmin, dataset)
    drawn = {}
    for instance in (a, b):  # each process builds and keeps its own layer
        status, etag, longitude = _first_longitude(instance)
        assert status == 200 and _first_longitude(instance, etag)[0] == 304
        drawn[instance.port] = (etag, longitude)
    assert drawn[a.port] == drawn[b.port]
    old_etag, old_longitude = drawn[a.port]

    # a new version, approved through b
    create_with_upload(_boundaries(shift=0.0002), "batas-baru.geojson",
                       package_id=dataset["id"], context={"user": sysadmin["name"]})
    b.action("satudata_submit", token, id=dataset["id"])
    b.action("satudata_approve", token, id=dataset["id"])

    status, etag, longitude = _first_longitude(a, old_etag)
    assert status == 200 and etag != old_etag
    assert round(longitude - old_longitude, 5) == 0.0002


class _Stay(urllib.request.HTTPRedirectHandler):
    """Redirects are not followed (they name the configured site_url)."""

    def redirect_request(self, *args, **kwargs):
        return None


def _open(browser, url: str, data: bytes | None = None) -> tuple[int, str, str]:
    """status, Location and page of `url`, redirects not followed."""
    try:
        with browser.open(url, data=data, timeout=60) as answer:
            return answer.status, "", answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", ""), error.read().decode()


def test_a_sign_in_through_one_instance_holds_on_the_other(instances):
    a, b = instances
    user = factories.User(password="Kata-sandi-uji-123")
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _Stay())
    dashboard = f"http://127.0.0.1:{b.port}/dashboard/datasets"
    status, location, _ = _open(browser, dashboard)
    assert status == 302 and "/user/login" in location

    _, _, form = _open(browser, f"http://127.0.0.1:{a.port}/user/login")
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', form).group(1)
    status, location, _ = _open(browser, f"http://127.0.0.1:{a.port}/user/login", urlencode({
        "login": user["name"], "password": "Kata-sandi-uji-123", "_csrf_token": csrf}).encode())
    assert status == 302 and "/user/login" not in location

    status, _, page = _open(browser, dashboard)
    assert status == 200 and user["name"] in page
