"""Real clients of the portal: another CKAN harvests it, ckanapi dumps it.

The portal is served over HTTP by `ckan run` (a process of its own on the
test database). The other catalogue is a plain CKAN 2.12 with ckanext-harvest
and ckanext-dcat (tests/interop/harvest_client.py, on the database made by
`scripts/db.sh harvest [NAME]`), harvesting through ckanext-harvest's real
gather, fetch and import stages with two sources: ckanext-dcat's RDF harvester
on /catalog.ttl and ckanext-harvest's CKAN harvester on the action API.

What each client can do, as found here (ckanext-harvest 1.6.3, ckanext-dcat
2.4.4, ckanapi 4.11):

* the DCAT harvester keeps, as extras, the Satu Data fields that the portal
  maps to standard terms (frequency, access rights, theme, publisher, the
  kelurahan, the period), takes an approved edit on the next harvest and
  deletes a dataset that left the catalogue;
* the CKAN harvester copies title, description, licence and resources (the
  portal's own fields are dropped by a plain CKAN's schema: they need the same
  ckanext-scheming schema on the harvesting side), takes an approved edit on
  the next harvest, but never deletes anything: a withdrawn dataset is no
  longer given to it, and its old copy stays on the harvesting side until
  someone removes it there;
* ckanapi's dump reads the portal's package_list and package_show.

None of them ever receives a draft, a submitted, a returned or a withdrawn
dataset, nor an edit before it is approved.
"""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.helpers import call_as, datasets_in_every_state, free_port

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CLIENT = Path(__file__).with_name("harvest_client.py")
READY_DEADLINE = 60    # seconds for `ckan run` to answer
HARVEST_DEADLINE = 180  # seconds for one harvest of both sources

SECRET = "rahasiaungukelabu"
NOTES = "Jumlah posyandu yang aktif di kelurahan."
EDITED_TITLE = "Jumlah posyandu aktif (disetujui)"
EDITED_NOTES = "Jumlah posyandu yang aktif di kelurahan, setelah pemutakhiran."
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/"
ROWS = "kode_wilayah,nama_wilayah,periode,nilai\n35.71.02.1002,Balowerti,2025,5\n"
PUBLISHED = {"posyandu-terbit", "balita-terbatas", "posyandu-disunting"}


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as e:
        return f"(no log: {e})"


@dataclasses.dataclass
class Server:
    """The portal served by `ckan run` on the test database (started on
    first use, after clean_db has made the tables)."""
    ini: Path
    log: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> str:
        if self.process is None:
            with open(self.log, "wb") as out:
                self.process = subprocess.Popen(
                    [str(BIN / "ckan"), "-c", str(self.ini), "run", "--host", "127.0.0.1",
                     "--port", str(self.port), "--disable-reloader", "--threaded"],
                    cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            self._wait_until_ready()
        return self.url

    def _wait_until_ready(self) -> None:
        deadline, last_error = time.monotonic() + READY_DEADLINE, "no attempt"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"`ckan run` exited with {self.process.returncode}; "
                            f"{self.log}:\n{_tail(self.log)}", pytrace=False)
            try:
                response = requests.get(self.url + "/api/3/action/status_show", timeout=5)
                if response.ok:
                    return
                last_error = f"HTTP {response.status_code}"
            except requests.RequestException as e:
                last_error = repr(e)
            time.sleep(0.25)  # waiting for the server to listen, nothing else
        pytest.fail(f"`ckan run` did not answer within {READY_DEADLINE}s ({last_error}); "
                    f"{self.log}:\n{_tail(self.log)}", pytrace=False)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(pytestconfig, tmp_path_factory):
    test_ini = Path(pytestconfig.getoption("ckan_ini")).resolve()
    port = free_port()
    tmp = tmp_path_factory.mktemp("harvested-portal")
    ini = tmp / "portal.ini"
    ini.write_text(f"[app:main]\nuse = config:{test_ini}\n"
                   f"ckan.site_url = http://127.0.0.1:{port}\n")
    served = Server(ini=ini, log=tmp / "portal.log", port=port)
    yield served
    served.stop()


@pytest.fixture(scope="module")
def harvester_ini(pytestconfig) -> Path:
    """The other catalogue's configuration: var/test-harvest.ini beside
    test.ini, var/NAME-harvest.ini beside var/NAME.ini; made by
    `scripts/db.sh harvest [NAME]` when it is missing."""
    test_ini = Path(pytestconfig.getoption("ckan_ini")).resolve()
    name = "test" if test_ini == ROOT / "test.ini" else test_ini.stem
    ini = ROOT / "var" / f"{name}-harvest.ini"
    if not ini.exists():
        made = subprocess.run(
            ["bash", str(ROOT / "scripts" / "db.sh"), "harvest"] + ([] if name == "test" else [name]),
            cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if made.returncode != 0 or not ini.exists():
            pytest.fail(f"scripts/db.sh harvest {'' if name == 'test' else name} failed:\n"
                        f"{made.stdout}{made.stderr}", pytrace=False)
    return ini


@pytest.fixture
def harvest(harvester_ini, tmp_path):
    """Harvest the portal at `url` once with both sources (`fresh`: from an
    empty harvester); returns the client's report (see harvest_client.py)."""
    def run(url: str, fresh: bool = False) -> dict:
        output = tmp_path / f"harvest-{time.monotonic_ns()}.json"
        try:
            done = subprocess.run(
                [sys.executable, str(CLIENT), str(harvester_ini), url, str(output)]
                + (["--fresh"] if fresh else []),
                cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                timeout=HARVEST_DEADLINE)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the harvest took more than {HARVEST_DEADLINE}s", pytrace=False)
        if done.returncode != 0:
            start = done.stderr.rfind("Traceback")
            pytest.fail(f"the harvester failed ({done.returncode}):\n"
                        f"{done.stderr[start:] if start >= 0 else done.stderr[-6000:]}",
                        pytrace=False)
        report = json.loads(output.read_text(encoding="utf-8"))
        for source, result in report.items():
            assert result["job"]["errors"] == [], (source, result["job"]["errors"])
        return report
    return run


@pytest.fixture
def portal(server, people, kelurahan_balowerti, create_with_upload, ckan_config,
           monkeypatch):
    """Every review state on the portal, then the portal served over HTTP.
    This process indexes the datasets, so it takes the served portal's
    address (the files' addresses in the index are built from it)."""
    monkeypatch.setitem(ckan_config, "ckan.site_url", server.url)
    datasets = datasets_in_every_state(
        people, kelurahan_balowerti, create_with_upload, SECRET,
        held_edit={"title": EDITED_TITLE, "notes": EDITED_NOTES}, rows=ROWS)
    datasets["url"] = server.start()
    return datasets


def active(report: dict, source: str) -> dict:
    """The harvested datasets of `source` that are not deleted, by title."""
    return {d["title"]: d for d in report[source]["datasets"] if d["state"] == "active"}


def extras(dataset: dict) -> dict:
    return {e["key"]: e["value"] for e in dataset.get("extras", [])}


@pytest.fixture
def dump(portal, people, tmp_path):
    """`ckanapi dump datasets` against the served portal as `who` (every
    dataset when no name is given), asking for private, draft and deleted
    ones too; returns the dumped datasets by name."""
    def run(who: str, *names: str) -> dict:
        output = tmp_path / f"dump-{time.monotonic_ns()}.jsonl"
        command = [str(BIN / "ckanapi"), "dump", "datasets", *(names or ["--all"]),
                   "-O", str(output), "-p", "1", "-q", "-r", portal["url"],
                   "--include-private", "--include-drafts", "--include-deleted"]
        if people[who]:
            command += ["-a", call_as(people[who], "api_token_create",
                                      user=people[who]["name"], name="ckanapi")["token"]]
        # (ckanapi starts its workers as `ckanapi` from the PATH)
        environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=environment,
                              stdin=subprocess.DEVNULL, timeout=120)
        assert done.returncode == 0, done.stderr[-4000:]
        return {d["name"]: d for d in map(json.loads, output.read_text("utf-8").splitlines())}
    return run


def test_real_clients_get_exactly_the_published_statistics(people, portal, harvest, dump):
    first = harvest(portal["url"], fresh=True)
    titles = {f"Data {name}" for name in PUBLISHED}
    dcat, ckan = active(first, "dcat_rdf"), active(first, "ckan")
    assert set(dcat) == titles
    assert set(ckan) == titles
    # Nothing unpublished, and not the held edit: in no field of any record.
    record = json.dumps(first, ensure_ascii=False)
    assert SECRET not in record and EDITED_TITLE not in record and EDITED_NOTES not in record

    # DCAT: the Satu Data fields in standard vocabularies, kept as extras.
    terbit = dcat["Data posyandu-terbit"]
    assert terbit["notes"] == NOTES
    assert extras(terbit)["frequency"] == FREQUENCY + "ANNUAL"
    assert extras(terbit)["access_rights"] == ACCESS_RIGHT + "PUBLIC"
    assert extras(terbit)["theme"].endswith('/ns/urusan#kesehatan"]')
    assert extras(terbit)["publisher_name"] == "Kelurahan Balowerti"
    assert extras(terbit)["spatial_uri"] == portal["url"] + "/kelurahan/balowerti"
    assert (extras(terbit)["temporal_start"], extras(terbit)["temporal_end"]) == (
        "2025-01-01", "2025-12-31")
    assert "data.csv" in [r["url"].rsplit("/", 1)[-1] for r in terbit["resources"]]
    restricted = dcat["Data balita-terbatas"]
    assert extras(restricted)["access_rights"] == ACCESS_RIGHT + "RESTRICTED"
    assert restricted["resources"]
    for resource in restricted["resources"]:
        assert "/download/" not in resource["url"]
        assert resource["url"].endswith("/dataset/balita-terbatas/akses/ajukan")

    # CKAN: the same datasets (same ids and names), description and files.
    by_name = {d["name"]: d for d in ckan.values()}
    assert set(by_name) == PUBLISHED
    assert by_name["posyandu-terbit"]["id"] == portal["published"]["id"]
    assert by_name["posyandu-terbit"]["notes"] == NOTES
    assert by_name["posyandu-terbit"]["license_id"] == portal["published"]["license_id"]
    [resource] = by_name["posyandu-terbit"]["resources"]
    assert resource["url"].startswith(portal["url"] + "/")
    assert resource["url"].endswith("/download/data.csv")

    # ckanapi, anonymous or signed in without a role: the same three, with
    # the portal's own fields; asked for by name, the unpublished ones give
    # nothing.
    for who in ("anonymous", "planner"):
        dumped = dump(who)
        assert set(dumped) == PUBLISHED
        assert dumped["posyandu-terbit"]["frekuensi"] == "tahunan"
        assert dumped["balita-terbatas"]["klasifikasi_akses"] == "terbatas"
        assert dumped["posyandu-disunting"]["title"] == "Data posyandu-disunting"
        text = json.dumps(dumped, ensure_ascii=False)
        assert SECRET not in text and EDITED_TITLE not in text
    assert dump("planner", *(d["name"] for d in portal["unpublished"])) == {}

    # The curator approves the held edit and withdraws the first statistic.
    held, withdrawn = portal["held"], portal["published"]
    call_as(people["pic"], "satudata_submit", id=held["id"])
    call_as(people["curator"], "satudata_approve", id=held["id"])
    call_as(people["curator"], "satudata_withdraw", id=withdrawn["id"], note="Data salah.")

    second = harvest(portal["url"])
    assert SECRET not in json.dumps(second, ensure_ascii=False)
    # DCAT: the approved edit arrives; the withdrawn statistic is deleted.
    dcat = active(second, "dcat_rdf")
    assert set(dcat) == {EDITED_TITLE, "Data balita-terbatas"}
    assert dcat[EDITED_TITLE]["notes"] == EDITED_NOTES
    [gone] = [d for d in second["dcat_rdf"]["datasets"] if d["state"] == "deleted"]
    assert gone["title"] == "Data posyandu-terbit"
    # CKAN: the approved edit arrives; the portal no longer gives it the
    # withdrawn statistic (the CKAN harvester deletes nothing: its old copy
    # stays, unchanged).
    ckan = {d["name"]: d for d in second["ckan"]["datasets"]}
    assert ckan["posyandu-disunting"]["title"] == EDITED_TITLE
    assert ckan["posyandu-disunting"]["notes"] == EDITED_NOTES
    assert withdrawn["id"] not in second["ckan"]["job"]["guids"]
    assert held["id"] in second["ckan"]["job"]["guids"]
    assert ckan["posyandu-terbit"]["title"] == "Data posyandu-terbit"
    # ckanapi: the approved edit, without the withdrawn statistic.
    dumped = dump("anonymous")
    assert set(dumped) == PUBLISHED - {"posyandu-terbit"}
    assert dumped["posyandu-disunting"]["title"] == EDITED_TITLE
    assert dump("anonymous", "posyandu-terbit") == {}
