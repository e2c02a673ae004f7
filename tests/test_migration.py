"""The extension's Alembic migrations: `ckan db upgrade` creates the workflow
tables as the model declares them, and `ckan db downgrade -p satudata`
removes them again."""
from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.script import ScriptDirectory
from alembic.migration import MigrationContext

import ckan.model as model
from ckan.cli.cli import ckan as ckan_command

import ckanext.satudata.model  # noqa: F401  (the tables, in CKAN's metadata)

TABLES = {"satudata_dataset_status", "satudata_review_event"}
VERSION_TABLE = "satudata_alembic_version"
MIGRATIONS = Path(ckanext.satudata.model.__file__).parents[1] / "migration" / "satudata"
# The newest revision: the chain is linear, so it has exactly one head.
HEAD = ScriptDirectory(str(MIGRATIONS)).get_current_head()

pytestmark = pytest.mark.usefixtures("with_plugins", "satudata_db")


@pytest.fixture
def satudata_db(clean_db):
    """A clean database with the extension's tables (clean_db migrates them)."""


def _inspect():
    model.Session.remove()
    return sa.inspect(model.meta.engine)


def _current_revision():
    with model.meta.engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def test_upgrade_creates_the_tables():
    inspector = _inspect()
    assert TABLES <= set(inspector.get_table_names())
    assert _current_revision() == HEAD

    status = {c["name"]: c for c in inspector.get_columns("satudata_dataset_status")}
    assert set(status) == {"package_id", "state", "version", "updated",
                           "has_pending_revision", "published_snapshot"}
    assert str(status["published_snapshot"]["type"]) == "JSONB"
    assert not status["state"]["nullable"] and not status["version"]["nullable"]
    assert inspector.get_pk_constraint("satudata_dataset_status")["constrained_columns"] == [
        "package_id"]
    assert [i["column_names"] for i in inspector.get_indexes("satudata_dataset_status")] == [
        ["state"]]

    events = {c["name"]: c for c in inspector.get_columns("satudata_review_event")}
    assert set(events) == {"id", "package_id", "actor_id", "action", "from_state",
                           "to_state", "note", "created", "decision_key"}
    assert events["actor_id"]["nullable"] and events["note"]["nullable"]
    assert [u["column_names"] for u in inspector.get_unique_constraints(
        "satudata_review_event")] == [["package_id", "decision_key"]]
    assert ["package_id", "created"] in [
        i["column_names"] for i in inspector.get_indexes("satudata_review_event")]

    foreign_keys = {
        (table, fk["constrained_columns"][0]): (fk["referred_table"], fk["options"].get("ondelete"))
        for table in TABLES for fk in inspector.get_foreign_keys(table)}
    assert foreign_keys == {
        ("satudata_dataset_status", "package_id"): ("package", "CASCADE"),
        ("satudata_review_event", "package_id"): ("package", "CASCADE"),
        ("satudata_review_event", "actor_id"): ("user", "SET NULL"),
    }


def test_the_model_matches_the_migration():
    def ours(obj, name, type_, reflected, compare_to):
        return type_ != "table" or (name in TABLES)

    model.Session.remove()
    with model.meta.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_object": ours, "compare_type": True, "compare_server_default": True})
        assert compare_metadata(context, model.meta.metadata) == []


def test_downgrade_and_upgrade_round_trip_with_the_cli(cli):
    model.Session.remove()
    result = cli.invoke(ckan_command, ["db", "downgrade", "-p", "satudata"])
    assert result.exit_code == 0, result.output
    tables = set(_inspect().get_table_names())
    assert not TABLES & tables
    assert VERSION_TABLE in tables and _current_revision() is None
    assert "package" in tables  # CKAN's own tables are untouched

    result = cli.invoke(ckan_command, ["db", "upgrade", "-p", "satudata"])
    assert result.exit_code == 0, result.output
    assert TABLES <= set(_inspect().get_table_names())
    assert _current_revision() == HEAD


def test_the_migrations_are_applied_by_a_plain_db_upgrade(cli, migrate_db_for):
    migrate_db_for("satudata", "base", False)
    model.Session.remove()
    assert not TABLES & set(_inspect().get_table_names())

    result = cli.invoke(ckan_command, ["db", "pending-migrations"])
    assert result.exit_code == 0, result.output
    assert "unapplied migrations for satudata" in result.output

    result = cli.invoke(ckan_command, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert TABLES <= set(_inspect().get_table_names())
