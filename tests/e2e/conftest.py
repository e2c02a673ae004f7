"""End-to-end fixtures: the real portal served by `ckan run`, and RQ jobs run
by a real `ckan jobs worker`, both on the test configuration (test.ini).

Three processes share the test databases, Solr core and Redis database:

* pytest itself (creates the data, with CKAN's fixtures: clean_db, ...);
* the live server (`live_server`, one per session), which serves pages, the
  API, uploaded files and xloader's status callbacks;
* the RQ worker (`run_jobs`), which runs the jobs queued so far and exits.

With SATUDATA_E2E_URL set (and SATUDATA_E2E_INI, the ini that server and
its worker run with, on the same databases as --ckan-ini and with a
`ckanext.xloader.api_token`), the tests use that already running portal
instead of starting `ckan run`: e.g. the production profile, nginx ->
gunicorn, served by `bench/load.py --serve` (README, "Menjalankan di
server").

They all read one temporary ini that extends test.ini with the live server's
`ckan.site_url` and a `ckanext.xloader.api_token` of the site user. The token
is created once per session; since clean_db deletes users and tokens before
every test, the function-scoped `portal` fixture registers it again (same
token id, the site user of the fresh database) so that the one string stays
valid in all three processes. `portal` also points the pytest process at the
live server (ckan.site_url, the token): xloader_submit, run in pytest when a
test creates a resource, builds the job's callback URL from them.
"""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from deploy.launch import free_port

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import api_token
import ckan.tests.helpers as helpers

from tests.e2e.visits import Visit

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CKAN = Path(sys.executable).with_name("ckan")

READY_DEADLINE = 60  # seconds for `ckan run` to answer status_show
JOBS_DEADLINE = 90   # seconds for a burst worker to empty the queue
TOKEN_NAME = "e2e-xloader"


@dataclasses.dataclass(frozen=True)
class LiveServer:
    url: str        # http://127.0.0.1:<port>, no trailing slash
    ini: Path       # the temporary ini shared by server, worker and `portal`
    token: str      # ckanext.xloader.api_token, a token of the site user
    log: Path       # the server's stdout+stderr
    process: subprocess.Popen | None  # None: a running portal (SATUDATA_E2E_URL)

    def __call__(self, path: str = "/") -> str:
        """Absolute URL of `path` on the live portal."""
        return self.url + "/" + path.lstrip("/")



def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as e:
        return f"(no log: {e})"


def _site_user() -> dict:
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})


def _create_site_user_token() -> str:
    site_user = _site_user()
    result = tk.get_action("api_token_create")(
        {"user": site_user["name"], "ignore_auth": True},
        {"user": site_user["name"], "name": TOKEN_NAME})
    return result["token"]


def _register_token(token: str) -> None:
    """Make `token` valid in the current database: after clean_db its row
    (and the site user) are gone; put the row back for the new site user."""
    jti = api_token.decode(token)["jti"]
    site_user = _site_user()
    if model.ApiToken.get(jti) is None:
        row = model.ApiToken(user_id=site_user["id"], name=TOKEN_NAME)
        row.id = jti
        model.Session.add(row)
        model.Session.commit()
    assert api_token.get_user_from_token(token, update_access_time=False).name \
        == site_user["name"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, pytestconfig) -> LiveServer:
    """The portal served by `ckan run` on a free port for the whole session.

    Returns a LiveServer (url, ini, token, log, process); calling it with a
    path gives the absolute URL. Tests normally use `portal` instead, which
    also prepares the database and the pytest process for it."""
    if not CKAN.exists():
        pytest.fail(f"{CKAN} not found: is the venv installed (make setup)?")
    if os.environ.get("SATUDATA_E2E_URL"):
        yield _running_portal(os.environ["SATUDATA_E2E_URL"].rstrip("/"))
        return
    # The configuration the suite runs on (test.ini, or a private copy
    # made by `scripts/db.sh test NAME`).
    test_ini = Path(pytestconfig.getoption("ckan_ini")).resolve()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    token = _create_site_user_token()
    tmp = tmp_path_factory.mktemp("live-server")
    ini = tmp / "live.ini"
    ini.write_text(
        "[app:main]\n"
        f"use = config:{test_ini}\n"
        f"ckan.site_url = {url}\n"
        f"ckanext.xloader.api_token = {token}\n")
    ini.chmod(0o600)
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "live-server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(CKAN), "-c", str(ini), "run", "--host", "127.0.0.1",
             "--port", str(port), "--disable-reloader", "--threaded"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL)
    server = LiveServer(url=url, ini=ini, token=token, log=log, process=process)
    try:
        _wait_until_ready(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _running_portal(url: str) -> LiveServer:
    """The portal already served at `url` with the ini SATUDATA_E2E_INI."""
    from ckan.cli import CKANConfigLoader
    if not os.environ.get("SATUDATA_E2E_INI"):
        pytest.fail("SATUDATA_E2E_URL needs SATUDATA_E2E_INI: the ini the portal at "
                    f"{url} and its worker run with", pytrace=False)
    ini = Path(os.environ["SATUDATA_E2E_INI"]).resolve()
    served = CKANConfigLoader(str(ini)).get_config()
    token = served.get("ckanext.xloader.api_token") or ""
    if served.get("ckan.site_url", "").rstrip("/") != url or not token:
        pytest.fail(f"{ini} must set ckan.site_url = {url} and ckanext.xloader.api_token",
                    pytrace=False)
    if served.get("sqlalchemy.url") != tk.config.get("sqlalchemy.url"):
        pytest.fail(f"{ini} does not use the database of --ckan-ini: the tests would not "
                    f"see what the portal at {url} writes", pytrace=False)
    # Its log is the server's own (e.g. var/log/); nothing to show here.
    server = LiveServer(url=url, ini=ini, token=token, log=Path(os.devnull), process=None)
    _wait_until_ready(server)
    return server


def _wait_until_ready(server: LiveServer) -> None:
    deadline = time.monotonic() + READY_DEADLINE
    last_error = "no attempt"
    while time.monotonic() < deadline:
        if server.process is not None and server.process.poll() is not None:
            pytest.fail(
                f"the live server exited with {server.process.returncode} "
                f"before answering; last lines of {server.log}:\n{_tail(server.log)}",
                pytrace=False)
        try:
            response = requests.get(server("/api/3/action/status_show"), timeout=5)
            if response.ok and response.json().get("success"):
                return
            last_error = f"HTTP {response.status_code}"
        except requests.RequestException as e:
            last_error = repr(e)
        time.sleep(0.25)  # waiting on readiness only
    pytest.fail(
        f"the live server did not answer {server('/api/3/action/status_show')} "
        f"within {READY_DEADLINE}s ({last_error}); last lines of "
        f"{server.log}:\n{_tail(server.log)}", pytrace=False)


def _drop_datastore_tables() -> None:
    """Drop the DataStore's resource tables (named by resource id), like
    CKAN's own clean_datastore: clean_db does not touch that database."""
    engine = sa.create_engine(tk.config["ckan.datastore.write_url"], poolclass=NullPool)
    try:
        with engine.begin() as conn:
            names = conn.execute(sa.text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
                "[0-9a-f]{4}-[0-9a-f]{12}$'")).scalars().all()
            for name in names:
                conn.execute(sa.text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))
    finally:
        engine.dispose()


@pytest.fixture
def portal(live_server, clean_db, clean_index, clean_queues, with_plugins,
           ckan_config, monkeypatch) -> LiveServer:
    """The live server, for one test: clean database, DataStore, Solr core
    and job queues; the session's xloader token valid again; and this pytest
    process using the live server's site_url and that token (both restored
    after the test)."""
    _drop_datastore_tables()
    _register_token(live_server.token)
    monkeypatch.setitem(ckan_config, "ckan.site_url", live_server.url)
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", live_server.token)
    return live_server


@pytest.fixture
def run_jobs(portal):
    """`run_jobs()` runs the background jobs queued so far with
    `ckan jobs worker --burst` (it exits when the queue is empty) and returns
    the worker's output; fails the test if the worker exits non-zero or takes
    longer than JOBS_DEADLINE seconds."""
    def run() -> str:
        try:
            done = subprocess.run(
                [str(CKAN), "-c", str(portal.ini), "jobs", "worker", "--burst"],
                cwd=ROOT, capture_output=True, text=True, timeout=JOBS_DEADLINE,
                stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as e:
            pytest.fail(f"`ckan jobs worker --burst` still running after "
                        f"{JOBS_DEADLINE}s; output:\n{e.stdout or ''}{e.stderr or ''}",
                        pytrace=False)
        output = done.stdout + done.stderr
        if done.returncode != 0:
            pytest.fail(f"`ckan jobs worker --burst` exited with "
                        f"{done.returncode}; output:\n{output}", pytrace=False)
        return output
    return run


@pytest.fixture
def artifacts() -> Path:
    """test-artifacts/ at the repo root (gitignored), for screenshots."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking",
                 "--disable-component-update", "--disable-gpu"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (headless), for the session.
    Fails (does not skip) when it is missing: `scripts/setup.sh --browser`
    installs it, and `make test` runs that."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's "
                    f"Chromium; install it with `scripts/setup.sh --browser` "
                    f"(make test does it)", pytrace=False)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_page(chromium, portal):
    """`new_page(width=1280, height=900)` opens a page in a fresh browser
    context (locale id-ID) that may only reach the live portal: any other
    request (map tiles, web fonts, ...) is aborted, so the tests never depend
    on the network. Contexts are closed after the test."""
    contexts = []

    def open_page(width: int = 1280, height: int = 900):
        context = chromium.new_context(viewport={"width": width, "height": height},
                                       locale="id-ID")
        contexts.append(context)
        context.set_default_timeout(30_000)
        context.route(lambda url: not url.startswith(portal.url + "/"),
                      lambda route: route.abort())
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def proper_names():
    """Names that stay in English by the glossary: license titles."""
    titles = [lic["title"] for lic in helpers.call_action("license_list")]
    return sorted(set(titles) | {"Open Database License"}, key=len, reverse=True)


@pytest.fixture
def visit(new_page, portal, artifacts, proper_names):
    return Visit(new_page(), portal, artifacts, proper_names)
