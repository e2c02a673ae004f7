"""Fixtures of the workflow tests.

test_states.py is pure and also runs without CKAN's pytest plugin
(``pytest -p no:ckan -p no:ckan_fixtures tests/workflow``); the modules
listed in NEEDS_CKAN are then left out.
"""
from __future__ import annotations

import pytest

NEEDS_CKAN = {"test_transitions.py"}


def pytest_ignore_collect(collection_path, config):
    if collection_path.name in NEEDS_CKAN and not config.pluginmanager.has_plugin("ckan"):
        return True
    return None


@pytest.fixture
def satudata_db(clean_db):
    """A clean database with the extension's tables (clean_db migrates them)."""


@pytest.fixture
def make_dataset(satudata_db, sysadmin, kelurahan_balowerti):
    """Creates `statistik-sektoral` datasets of Kelurahan Balowerti; returns
    the package dicts."""
    from tests.helpers import call_as, statistik_sektoral

    def make(name: str = "jumlah-posyandu-aktif") -> dict:
        return call_as(sysadmin, "package_create",
                       **statistik_sektoral(kelurahan_balowerti["id"], name=name))

    return make
