"""Fixtures of the workflow tests.

test_states.py is pure and also runs without CKAN's pytest plugin (see
tests/conftest.py).
"""
from __future__ import annotations

import pytest


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
