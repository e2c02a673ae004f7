"""PostgreSQL restarted under load (issue #15, item 5): the web recovers
without a restart of its own. A restart closes every connection the web
processes keep in their pools; the test closes them the same way
(`pg_terminate_backend`) on this test run's own databases only, never the
shared server's other databases, and the next requests succeed because
pooled connections are checked before use (`sqlalchemy.pool_pre_ping`, in
the production and test profiles)."""
from __future__ import annotations

import configparser
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

import ckan.model as model
import ckan.plugins.toolkit as tk

from tests.helpers import call_as, publish

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

ROOT = Path(__file__).resolve().parents[2]


def _terminate_connections_to(*urls: str) -> int:
    """Ends every other session of the user of each of `urls` on its
    database (as a restart would); returns how many were ended."""
    ended = 0
    for url in urls:
        engine = sa.create_engine(url, poolclass=NullPool)
        try:
            with engine.begin() as connection:
                ended += connection.execute(sa.text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND usename = current_user "
                    "AND pid <> pg_backend_pid()")).scalar()
        finally:
            engine.dispose()
    return ended


def test_the_production_and_test_profiles_check_pooled_connections():
    for profile in ("config/production.ini", "test.ini"):
        parser = configparser.RawConfigParser(strict=False)
        parser.read(ROOT / profile)
        assert parser.get("app:main", "sqlalchemy.pool_pre_ping") == "true", profile
    assert tk.asbool(tk.config["sqlalchemy.pool_pre_ping"])


def test_a_pooled_connection_is_really_broken_by_the_termination():
    """The control: without the check before use, the next query fails."""
    engine = sa.create_engine(tk.config["sqlalchemy.url"], pool_pre_ping=False, pool_size=1)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        assert _terminate_connections_to(tk.config["sqlalchemy.url"]) >= 1
        with pytest.raises(sa.exc.OperationalError):
            with engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
    finally:
        engine.dispose()


def test_the_web_answers_again_after_postgresql_dropped_every_connection(
        app, people, draft, restricted):
    publish(people["pic"], draft, people["curator"])
    pages = ["/dataset/", f"/dataset/{draft['name']}", "/api/3/action/package_search",
             f"/api/3/action/datastore_search?resource_id={restricted['resources'][0]['id']}"]
    token = call_as(people["curator"], "api_token_create", user=people["curator"]["name"],
                    name="db")["token"]
    for url in pages:  # the pools hold connections to both databases
        assert app.get(url, headers={"Authorization": token}).status_code == 200, url
    model.Session.remove()  # what the end of each request does

    ended = _terminate_connections_to(tk.config["sqlalchemy.url"],
                                      tk.config["ckan.datastore.write_url"],
                                      tk.config["ckan.datastore.read_url"])
    assert ended >= 3

    for url in pages:
        response = app.get(url, headers={"Authorization": token})
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:500])
    health = app.get("/sehat").json
    assert health["komponen"]["postgresql"]["status"] == "ok"
    assert health["komponen"]["datastore"]["status"] == "ok"
