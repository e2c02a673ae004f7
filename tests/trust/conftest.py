"""The world of the whole-portal leak tests (test_trust_every_action.py,
test_trust_every_route.py): the data of tests/trust/world.py, built once per
module."""
from __future__ import annotations

import pytest

from tests.trust import world as trust_world


@pytest.fixture(scope="module")
def world(reset_db, migrate_db_for, reset_index, create_with_upload):
    """Built once for the module: the tests using it only read."""
    trust_world.load_plugins()
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("satudata")
    reset_index()
    yield trust_world.build(create_with_upload)
    trust_world.unload_plugins()
