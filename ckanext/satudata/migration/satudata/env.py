"""Alembic environment of ckanext-satudata's migrations.

CKAN runs these migrations with the database URL of its config file. The
applied revision is kept in the table ``satudata_alembic_version`` — CKAN's
convention for plugins (``<plugin>_alembic_version``), which CKAN's own
migrations and ``ckan db check`` leave alone. Autogenerate compares only the
tables whose name starts with ``satudata_``.
"""
from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

from ckan.model.meta import metadata

import ckanext.satudata.model  # noqa: F401  (registers the tables in metadata)

PLUGIN = os.path.basename(os.path.dirname(os.path.abspath(__file__)))
VERSION_TABLE = f"{PLUGIN}_alembic_version"
TABLE_PREFIX = f"{PLUGIN}_"

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def include_object(obj, name, type_, reflected, compare_to):
    """Autogenerate looks only at this extension's tables."""
    if type_ == "table":
        return name.startswith(TABLE_PREFIX) and name != VERSION_TABLE
    return True


def _configure(**kwargs) -> None:
    context.configure(target_metadata=metadata, version_table=VERSION_TABLE,
                      include_object=include_object, **kwargs)


def run_migrations_offline() -> None:
    """Writes the SQL to the output instead of running it (``--sql``)."""
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Runs the migrations on the database."""
    engine = engine_from_config(config.get_section(config.config_ini_section, {}),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
