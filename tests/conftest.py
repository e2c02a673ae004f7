"""Shared fixtures. CKAN's pytest plugin provides clean_db, clean_index,
with_plugins, ckan_config, app and the factories. Plain functions shared by
the tests are in tests/helpers.py.

The tests of the plain-Python cores also run without CKAN's pytest plugin
(``pytest -o addopts= -p no:ckan -p no:ckan_fixtures tests/workflow``): the
test modules that import CKAN or the shared portal helpers are then left out.
"""
from __future__ import annotations

import ast
import email
import email.policy
import os
from pathlib import Path

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as ckan_helpers

from ckanext.satudata.demo import mailsink
from tests.helpers import call_as, dataset_with_tables, free_port, publish, statistik_sektoral
from tests.map_samples import POSYANDU, RT, geojson, shifted

#: Importing one of these makes a test module a portal test.
PORTAL_IMPORTS = ("ckan", "tests.helpers", "tests.completeness.samples", "tests.trust")


def _imports_the_portal(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        else:
            continue
        if any(name == prefix or name.startswith(prefix + ".")
               for name in names for prefix in PORTAL_IMPORTS):
            return True
    return False


def pytest_ignore_collect(collection_path, config):
    if (collection_path.suffix == ".py" and collection_path.name.startswith("test_")
            and not config.pluginmanager.has_plugin("ckan")
            and _imports_the_portal(collection_path)):
        return True
    return None


@pytest.fixture
def clean_db(reset_db, migrate_db_for, with_plugins):
    """CKAN's clean_db, plus the tables of the plugins that have their own
    migrations (activity's stream, satudata's review tables)."""
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("satudata")


@pytest.fixture
def sysadmin():
    return factories.Sysadmin()


@pytest.fixture
def reference_organizations(sysadmin):
    """The 46 kelurahan, Diskominfo and the producer agencies, loaded the
    way `make demo` loads them."""
    return ckan_helpers.call_action(
        "satudata_reference_organizations_load",
        context={"user": sysadmin["name"], "ignore_auth": False})


@pytest.fixture
def kelurahan_balowerti():
    """The organisation of Kelurahan Balowerti, as the reference loader makes it."""
    return factories.Organization(
        name="kelurahan-balowerti", title="Kelurahan Balowerti",
        jenis_organisasi="kelurahan", kode_wilayah="35.71.02.1002")


@pytest.fixture
def kelurahan_bandar_lor():
    """The organisation of Kelurahan Bandar Lor (kecamatan Mojoroto)."""
    return factories.Organization(
        name="kelurahan-bandar-lor", jenis_organisasi="kelurahan",
        kode_wilayah="35.71.01.1001")


# -- people and their data --------------------------------------------------------

@pytest.fixture
def people(sysadmin, kelurahan_balowerti, kelurahan_bandar_lor):
    """A PIC of Balowerti, a PIC of Bandar Lor, a curator (Diskominfo), a
    planner (registered, no organisation) and the anonymous visitor (None)."""
    diskominfo = factories.Organization(name="diskominfo", jenis_organisasi="kurator")
    pic, other_pic, curator, planner = (factories.User() for _ in range(4))
    for user, org in ((pic, kelurahan_balowerti), (other_pic, kelurahan_bandar_lor),
                      (curator, diskominfo)):
        call_as(sysadmin, "organization_member_create", id=org["id"],
                username=user["name"], role="editor")
    return {"pic": pic, "other_pic": other_pic, "curator": curator,
            "planner": planner, "anonymous": None}


@pytest.fixture
def tokens(people):
    """Request headers that log each person in with an API token (none for
    the anonymous visitor)."""
    return {who: ({"Authorization": call_as(user, "api_token_create", user=user["name"],
                                            name="t")["token"]} if user else {})
            for who, user in people.items()}


@pytest.fixture
def dataset(people, kelurahan_balowerti):
    """A `statistik-sektoral` draft of Balowerti, made by its PIC, without files."""
    return call_as(people["pic"], "package_create",
                   **statistik_sektoral(kelurahan_balowerti["id"]))


@pytest.fixture
def upload(people, create_with_upload):
    """upload(dataset, content, filename="data.csv") adds a CSV file as the PIC."""
    def add(dataset, content, filename="data.csv", **extra):
        return create_with_upload(content, filename, package_id=dataset["id"],
                                  name=filename, format="CSV",
                                  context={"user": people["pic"]["name"]}, **extra)
    return add


@pytest.fixture
def draft(people, kelurahan_balowerti, create_with_upload):
    """A `statistik-sektoral` draft of Balowerti with one CSV file."""
    dataset = call_as(people["pic"], "package_create",
                      **statistik_sektoral(kelurahan_balowerti["id"]))
    create_with_upload("rw,jumlah\n1,5\n", "data.csv", package_id=dataset["id"],
                       context={"user": people["pic"]["name"]})
    return call_as(people["pic"], "package_show", id=dataset["id"])


@pytest.fixture
def restricted(people, kelurahan_balowerti, create_with_upload, sysadmin):
    """A published `terbatas` statistic of Balowerti with two CSV tables,
    the first one in the DataStore."""
    return dataset_with_tables(people, kelurahan_balowerti, create_with_upload, sysadmin,
                               "balita-per-rw", "terbatas")


@pytest.fixture
def make_layer(reference_organizations, sysadmin, create_with_upload):
    """make_layer(slug, kind, points, name=None) creates a point layer of
    kelurahan `slug` with one GeoJSON file (a draft)."""
    def make(slug, kind, points, name=None):
        dataset = call_as(sysadmin, "package_create", **{
            "type": "peta-titik", "owner_org": f"kelurahan-{slug}",
            "name": name or f"{kind}-{slug}", "title": f"{kind} {slug}",
            "jenis_titik": kind, "tahun": "2026", "produsen": f"Kelurahan {slug}",
            "klasifikasi_akses": "terbuka"})
        create_with_upload(geojson(points), f"{kind}.geojson", package_id=dataset["id"],
                           context={"user": sysadmin["name"]})
        return ckan_helpers.call_action("package_show", id=dataset["id"])
    return make


@pytest.fixture
def published_map(make_layer, sysadmin):
    """7 published points (Balowerti: 2 posyandu, 3 RT; Bandar Lor in
    Mojoroto: 2 posyandu) and a draft RT layer of 3 points in Bandar Lor."""
    layers = [make_layer("balowerti", "posyandu", POSYANDU),
              make_layer("balowerti", "rt", RT),
              make_layer("bandar-lor", "posyandu", shifted(POSYANDU, -0.02, 0.007))]
    for layer in layers:
        publish(sysadmin, layer)
    make_layer("bandar-lor", "rt", shifted(RT, -0.02, 0.007))
    return layers


# -- e-mail ----------------------------------------------------------------------

@pytest.fixture
def inbox(tmp_path, ckan_config, monkeypatch):
    """A local SMTP server; returns a function reading the messages received."""
    port = free_port()
    controller = mailsink.start("127.0.0.1", port, str(tmp_path))
    monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{port}")

    def messages():
        names = sorted(n for n in os.listdir(tmp_path) if n.endswith(".eml"))
        return [email.message_from_bytes((tmp_path / n).read_bytes(),
                                         policy=email.policy.default) for n in names]

    yield messages
    controller.stop()
