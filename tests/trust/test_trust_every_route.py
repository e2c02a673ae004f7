"""Deny by default, over every page and download: every GET route of every
blueprint the running portal has (Flask's url_map: core, DataStore,
xloader, activity, scheming's dataset types, satudata and any plugin added
later) is requested by anonymous, a PIC of another kelurahan and a planner,
with the route's variables filled from a draft, from a published dataset's
unapproved edit and from a restricted (`terbatas`) dataset's rows. None of
their words may appear (in the page, a redirect's address or a file, ZIPs
unpacked) and no request may end in a 500. See tests/trust/world.py.
"""
from __future__ import annotations

import io
import json
import re
import urllib.parse
import zipfile
from typing import Any, Iterator

import pytest

import ckan.tests.helpers as helpers

from tests.trust import world as trust_world
from tests.helpers import call_as
from tests.trust.world import ORG, OUTSIDERS, WORDS

# Routes not requested, each with the reason.
EXEMPT_ROUTES: dict[str, str] = {
    "static": "files of the public directories (no data)",
    "webassets.index": "bundled CSS and JavaScript (no data)",
    "user.logout": "signs the caller out (nothing to read)",
    "util.primer": "CKAN's style guide for developers: a fixed template, no data "
                   "(core's template fails for signed-in users)",
    "util.custom_form_fields": "CKAN's form-field samples for developers: a fixed "
                               "template, no data",
    "satudata_health.index": "the health report: levels, short reasons and counts, no "
                             "data (tests/health); it answers 503 by design when a service "
                             "fails, e.g. jobs queued while no worker runs here",
}

# Leaks in other helpers' areas still open: the case is expected to fail,
# strictly, so that fixing it makes the test say so.
KNOWN_LEAKS: dict[str, str] = {}

_VARIABLE = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")
OTHER_TYPE_PREFIXES = ("/peta-titik/", "/profil-kelurahan/")


def _subjects(world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What fills a dataset route's variables: the draft, the published
    dataset with an unapproved edit (its new resource, and its published
    resource whose description was edited) and the restricted dataset's
    rows."""
    return {
        "draft": {"dataset": world["draft"]["name"], "resources": [
                      (world["draft_resource"]["id"], world["views"]["draft"])],
                  "activity": world["activities"]["draft"],
                  "tag": WORDS["tag"], "q": WORDS["title"]},
        "held": {"dataset": world["held"]["name"], "resources": [
                     (world["held_new_resource"]["id"], world["views"]["held"]),
                     (world["held_resource"]["id"], world["views"]["held_published"])],
                 "activity": world["activities"]["held"],
                 "tag": WORDS["held_tag"], "q": WORDS["held"]},
        "restricted": {"dataset": world["restricted"]["name"], "resources": [
                           (world["restricted_resource"]["id"], world["views"]["restricted"])],
                       "activity": world["activities"]["restricted"],
                       "tag": "posyandu", "q": WORDS["restricted"]},
    }


def _value(rule: str, variable: str, converter: str | None, args: str | None,
           subject: dict[str, Any], resource: tuple[str, str], world: dict[str, Any]) -> str:
    """The value of one variable of a route, for a subject and one of its
    resources (id, view id)."""
    if converter == "int":
        minimum = re.search(r"min=(\d+)", args or "")
        return minimum.group(1) if minimum else "1"
    resource, view = resource
    by_name = {
        "resource_id": resource,
        "activity_id": subject["activity"],
        "view_id": view,
        "resource_view_id": view,
        "filename": "tabel.csv",
        "logic_function": "package_show",
        "lang": "id",
        "fmt": "csv",
        "_format": "ttl",
        "key": subject["dataset"],
        "name": ORG,
        "storage_name": "resources",
        "location": f"{resource[:3]}/{resource[3:6]}/{resource[6:]}",
        "path": f"dataset/{subject['dataset']}",
        "token": subject["dataset"],
    }
    if variable != "id":
        return by_name.get(variable, subject["dataset"])
    if "/changes/" in rule:
        return subject["activity"]
    if rule.startswith(("/organization/", "/group/", "/feeds/organization/", "/feeds/group/")):
        return ORG
    if rule.startswith("/feeds/tag/"):
        return subject["tag"]
    if rule.startswith(("/user/", "/dashboard/")):
        return world["people"]["pic"]["name"]
    if rule.startswith("/file/"):
        return resource
    return subject["dataset"]


def requests_of(rule, world) -> Iterator[tuple[str, list[str]]]:
    """(url, values put in it): for each subject (and each of its resources,
    when the route names one); a route of another dataset type than the
    subjects' (all `statistik-sektoral`) for the draft only; a route that
    names no dataset once; a route without variables for the draft, with a
    search for its words."""
    urls: dict[str, list[str]] = {}
    subjects = list(_subjects(world).values())
    if rule.rule.startswith(OTHER_TYPE_PREFIXES) or not rule.arguments:
        subjects = subjects[:1]
    for subject in subjects:
        resources = subject["resources"] if "resource_id" in rule.arguments or (
            "resource_view_id" in rule.arguments) else subject["resources"][:1]
        for resource in resources:
            asked: list[str] = []

            def fill(match: re.Match) -> str:
                value = _value(rule.rule, match["name"], match["converter"], match["args"],
                               subject, resource, world)
                asked.append(value)
                return urllib.parse.quote(value, safe="/")

            url = _VARIABLE.sub(fill, rule.rule)
            if not rule.arguments:
                query = {"q": subject["q"], "tags": subject["tag"], "id": subject["dataset"],
                         "resource_id": resource[0], "new_id": subject["activity"],
                         "old_id": subject["activity"]}
                url = f"{url}?{urllib.parse.urlencode(query)}"
                asked.extend(query.values())
            urls.setdefault(url, asked)
    yield from urls.items()


def _text(response) -> str:
    """What the response shows: its body (a ZIP's member names and
    contents), and where it redirects to."""
    body = response.get_data()
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"\n".join(name.encode() + b"\n" + archive.read(name)
                              for name in archive.namelist())
    return body.decode("utf-8", "replace") + "\n" + response.headers.get("Location", "")


def problems_of(endpoint: str, app, world) -> list[str]:
    found = []
    rules = [rule for rule in app.flask_app.url_map.iter_rules()
             if rule.endpoint == endpoint and "GET" in (rule.methods or ())]
    for rule in rules:
        for url, asked in requests_of(rule, world):
            for who in OUTSIDERS:
                headers = {"Authorization": world["tokens"][who]} if who != "anonymous" else {}
                try:
                    response = app.get(url, headers=headers, follow_redirects=False)
                except Exception as error:  # noqa: BLE001 - the test client re-raises
                    found.append(f"{who} GET {url} -> {type(error).__name__}: {error}")
                    continue
                if response.status_code >= 500:
                    found.append(f"{who} GET {url} -> {response.status_code}")
                    continue
                # A refusal may name what was asked for by its id.
                leaked = trust_world.leaked_in_text(_text(response), asked, world,
                                                    ids=response.status_code < 400)
                if leaked:
                    found.append(f"{who} GET {url} ({response.status_code}) -> "
                                 f"{', '.join(leaked)}")
    return found


@pytest.fixture(scope="module")
def world(world):
    """The shared world (conftest.py), with the latest activity and the first
    view of each hidden dataset and resource."""
    sysadmin = world["people"]["sysadmin"]

    def latest_activity(dataset) -> str:
        return call_as(sysadmin, "package_activity_list", id=dataset["id"], limit=1)[0]["id"]

    def first_view(resource) -> str:
        views = call_as(sysadmin, "resource_view_list", id=resource["id"])
        return views[0]["id"] if views else resource["id"]

    world["activities"] = {key: latest_activity(world[key])
                           for key in ("draft", "held", "restricted")}
    world["views"] = {"draft": first_view(world["draft_resource"]),
                      "held": first_view(world["held_new_resource"]),
                      "held_published": first_view(world["held_resource"]),
                      "restricted": first_view(world["restricted_resource"])}
    return world


@pytest.fixture(scope="module")
def app(world):
    """One app for the module (the plugins are loaded by `world`)."""
    return helpers._get_test_app()


def _endpoints() -> list[str]:
    """Every endpoint of the running portal with a GET route. The routes
    exist once the plugins are loaded, so an app is made at collection (the
    CKAN pytest plugin unloads the plugins again before the tests run)."""
    trust_world.load_plugins()
    try:
        rules = helpers._get_test_app().flask_app.url_map.iter_rules()
        return sorted({rule.endpoint for rule in rules if "GET" in (rule.methods or ())})
    finally:
        trust_world.unload_plugins()


def _cases() -> list[Any]:
    return [pytest.param(endpoint, marks=pytest.mark.xfail(strict=True,
                                                           reason=KNOWN_LEAKS[endpoint]))
            if endpoint in KNOWN_LEAKS else endpoint
            for endpoint in _endpoints() if endpoint not in EXEMPT_ROUTES]


@pytest.mark.parametrize("endpoint", _cases())
def test_no_page_gives_outsiders_unpublished_data_or_a_500(app, world, endpoint):
    problems = problems_of(endpoint, app, world)
    assert not problems, "\n".join(problems)


def test_the_outsiders_do_see_published_pages(app, world):
    """The requests above reach pages: the published version of the held
    dataset is shown to anonymous."""
    page = app.get(f"/dataset/{world['held']['name']}")
    assert page.status_code == 200
    assert "Jumlah kader posyandu" in page.get_data(as_text=True)


@pytest.mark.parametrize("view", ["draft", "restricted"])
def test_the_table_preview_gives_outsiders_no_rows(app, world, view):
    """The table preview reads rows by POST (CKAN's datatables view)."""
    view_id = world["views"][view]
    requests = {
        f"/datatables/ajax/{view_id}": {
            "draw": "1", "search[value]": "", "start": "0", "length": "10",
            "order[0][column]": "0", "order[0][dir]": "asc"},
        f"/datatables/filtered-download/{view_id}": {
            "params": json.dumps({"draw": "1", "search": {"value": ""}, "start": 0,
                                  "length": 10, "columns": [], "order": []}),
            "format": "csv"},
    }
    problems = []
    for url, form in requests.items():
        for who in OUTSIDERS:
            headers = {"Authorization": world["tokens"][who]} if who != "anonymous" else {}
            response = app.post(url, data=form, headers=headers)
            leaked = trust_world.leaked_in_text(_text(response), [view_id], world,
                                                ids=response.status_code < 400)
            if response.status_code >= 500 or leaked:
                problems.append(f"{who} POST {url} ({response.status_code}) {leaked}")
    assert not problems, "\n".join(problems)


def test_the_kelurahan_reads_its_draft_table_in_the_preview(app, world):
    """The request above reaches the rows when allowed (it is not refused
    for a malformed form)."""
    headers = {"Authorization": world["tokens"]["pic"]}
    response = app.post(f"/datatables/ajax/{world['views']['draft']}", headers=headers, data={
        "draw": "1", "search[value]": "", "start": "0", "length": "10",
        "order[0][column]": "0", "order[0][dir]": "asc"})
    assert response.status_code == 200
    assert WORDS["datastore"] in response.get_data(as_text=True)
