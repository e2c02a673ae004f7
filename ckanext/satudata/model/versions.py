"""The version of the datasets, for answers kept until they change
(``ckanext.satudata.kept``): a counter in Redis moved when a write to the
datasets, their review states, the organisations or their members, the
statistics' values or the indicator catalogue is committed on CKAN's
database (any statement that is not a read and names one of ``WATCHED``,
whoever runs it: actions, jobs, the CLI). Writes made outside CKAN
(``psql``) are seen within ``STALE_SECONDS``.
"""
from __future__ import annotations

import logging
import re
import time
from typing import Any

import sqlalchemy

from ckanext.satudata import site

log = logging.getLogger(__name__)

#: Tables whose committed writes move `datasets_version`.
WATCHED = ("package", "satudata_dataset_status", "group", "member",
           # what the indicator list of /statistik is made of
           "satudata_indicator_value", "satudata_indicator_source",
           "satudata_indicator_catalog", "satudata_indicator_catalog_version",
           "satudata_indicator_catalog_dataset")
#: At most this long, a write made outside CKAN goes unseen.
STALE_SECONDS = 600
_REDIS_KEY = "satudata:datasets-version"
_WATCHED_WORDS = re.compile(r'\b(?:%s)\b' % "|".join(WATCHED), re.IGNORECASE)
_PENDING = "satudata_watched_write"
_local_writes = [0]


def _note_write(conn: Any, cursor: Any, statement: str, parameters: Any,
                context: Any, executemany: bool) -> None:
    if not site.is_read_statement(statement) and _WATCHED_WORDS.search(statement):
        conn.info[_PENDING] = True


def _after_commit(conn: Any) -> None:
    # A connection the database dropped is never asked (asking would try
    # to reconnect inside its rollback: SQLAlchemy refuses).
    if conn.invalidated or not conn.info.pop(_PENDING, False):
        return
    _local_writes[0] += 1
    redis = site.redis_connection()
    if redis is not None:
        try:
            redis.incr(_REDIS_KEY)
        except Exception:  # noqa: BLE001 - Redis down: other processes see it late
            log.warning("Could not move %s in Redis", _REDIS_KEY, exc_info=True)


def _after_rollback(conn: Any, *args: Any) -> None:
    if not conn.invalidated:
        conn.info.pop(_PENDING, None)


for _event, _listener in (("before_cursor_execute", _note_write),
                          ("commit", _after_commit),
                          ("rollback", _after_rollback)):
    if not sqlalchemy.event.contains(sqlalchemy.engine.Engine, _event, _listener):
        sqlalchemy.event.listen(sqlalchemy.engine.Engine, _event, _listener)


def datasets_version() -> tuple:
    """Moves when a write to a ``WATCHED`` table is committed (in any process, through
    Redis; in this one, at once), and every STALE_SECONDS. Without Redis,
    a value that never repeats: nothing is kept."""
    redis = site.redis_connection()
    try:
        shared = redis.get(_REDIS_KEY) if redis is not None else None
    except Exception:  # noqa: BLE001 - Redis down: keep nothing
        redis = None
    if redis is None:
        return (object(),)
    return (shared, _local_writes[0], int(time.time() // STALE_SECONDS))
