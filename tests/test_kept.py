"""Answers kept until the datasets change (ckanext.satudata.kept)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.tests.factories as factories

from ckanext.satudata import kept
from ckanext.satudata.model import versions

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def test_the_version_moves_on_a_committed_write_to_the_datasets_only():
    organization = factories.Organization(jenis_organisasi="produsen")
    before = versions.datasets_version()
    model.Session.execute(sa.select(model.group_table.c.id)).all()
    model.Session.commit()
    assert versions.datasets_version() == before            # a read

    model.Session.execute(sa.update(model.group_table).where(
        model.group_table.c.id == organization["id"]).values(title="Diubah"))
    model.Session.rollback()
    assert versions.datasets_version() == before            # a write undone

    model.Session.execute(sa.update(model.group_table).where(
        model.group_table.c.id == organization["id"]).values(title="Diubah"))
    model.Session.commit()
    assert versions.datasets_version() != before            # a write kept


def test_a_kept_answer_is_given_until_the_version_moves():
    version = [1]
    calls = []

    @kept.kept_until_changed(lambda: tuple(version))
    def answer(value):
        calls.append(value)
        return {"value": value}

    first = answer(3)
    first["value"] = 99                                  # the caller's copy
    assert answer(3) == {"value": 3} and calls == [3]
    version[0] = 2
    assert answer(3) == {"value": 3} and calls == [3, 3]
