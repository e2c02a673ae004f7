"""What the portal knows of where it runs: who is asking (the current user,
the site user's context for the portal's own work), the portal's today in
its time zone, and the stored files of uploaded resources.

The stored file of an uploaded resource: this is the one place that asks
CKAN's uploader where it is, for every reader in the portal (personal-data
scan, point layers, statistics, the map, ZIP downloads). CKAN keeps an
upload under the resource id, without the file name's extension: what a
file is comes from its content (``tabular.kinds``), never from its name or
declared format.
"""
from __future__ import annotations

import contextlib
import datetime
import functools
import io
import os
import re
import shutil
import tempfile
from typing import IO, Any, Callable, Iterator, Optional, TypeVar

import sqlalchemy
import sqlalchemy.engine
import sqlalchemy.event
from flask import g, has_request_context, request

import ckan.lib.uploader as uploader
import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata.tabular import kinds as file_kinds

_SPOOL_IN_MEMORY = 1 << 20
_T = TypeVar("_T")


# -- Who is asking ------------------------------------------------------------

def current_user_name() -> str:
    """The signed-in user's name, or "" for a visitor (and outside a request)."""
    try:
        user = tk.current_user
        return user.name if user and user.is_authenticated else ""
    except (AttributeError, RuntimeError):  # no request
        return ""


def user_context(**extra: Any) -> dict[str, Any]:
    """An action context acting as the current user (a visitor: "")."""
    return {"user": current_user_name(), **extra}


def redis_connection() -> Any:
    """CKAN's Redis connection, or None where none is configured (callers
    then keep nothing)."""
    try:
        from ckan.lib.redis import connect_to_redis
        return connect_to_redis()
    except Exception:  # noqa: BLE001 - no Redis configured
        return None


def site_user() -> dict[str, Any]:
    """CKAN's site user (name, id), for the portal's own work."""
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})


def site_context(acting: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """An action context for the portal's own work: the site user (`acting`,
    when the caller already has it), with no authorization check. Only for
    work no visitor asked for directly."""
    return {"user": (acting or site_user())["name"], "ignore_auth": True, **extra}


def language() -> str:
    """The user's language; the portal's default outside a web request (API
    calls from the CLI, jobs, the tests)."""
    if has_request_context():
        return tk.h.lang() or config.default_locale()
    return config.default_locale()


# -- Remembered for one request ---------------------------------------------------

_MEMO = "satudata_memo"
_MEMO_METHODS = frozenset({"GET", "HEAD"})
_WRITE_WORDS = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)


def _request_memo(create: bool = True) -> Optional[dict[tuple[Any, ...], Any]]:
    """The memo of the current request, or None where nothing is remembered.
    Kept in ``flask.g`` beside the request it belongs to: a new request (or
    a new application context) starts with an empty memo, even where one
    of them is reused."""
    if not has_request_context() or request.method not in _MEMO_METHODS:
        return None
    this_request = request._get_current_object()  # type: ignore[attr-defined]
    kept = g.get(_MEMO)
    if kept is not None and kept[0] is this_request:
        return kept[1]
    if not create:
        return None
    memo: dict[tuple[Any, ...], Any] = {}
    setattr(g, _MEMO, (this_request, memo))
    return memo


def remembering() -> bool:
    """Whether answers are remembered here (a GET or HEAD web request)."""
    return _request_memo() is not None


def remembered(key: tuple[Any, ...], compute: Callable[[], _T]) -> _T:
    """`compute()`, remembered under `key` for the rest of the current
    request (see ``per_request``)."""
    memo = _request_memo()
    if memo is None:
        return compute()
    key = (current_user_name(),) + key
    try:
        return memo[key]
    except KeyError:
        value = memo[key] = compute()
        return value


def per_request(function: Callable[..., _T]) -> Callable[..., _T]:
    """Decorator: the function's answer is remembered for the current web
    request, keyed by the signed-in user's name, the function and its
    arguments (which must be hashable: user names, ids).

    The rule, kept simple so that no value is ever stale or seen by
    another user:

    * only while serving a GET or HEAD request (pages and reads of the
      API); in POST requests (forms, actions that change something), in
      the CLI, jobs and plain action calls outside a request, the function
      runs every time;
    * the memo lives in ``flask.g`` tied to the request object, so it dies
      with the request; nothing is kept at module level, across requests
      or across users;
    * any write to the database in the request (any statement on any
      engine that is not a SELECT), and the rollback of a connection that
      wrote, empties the memo, so a state or membership changed in the
      request is read again.

    Values are shared by the callers of the request: return immutable
    values (strings, tuples, booleans), or values the callers do not
    modify.
    """
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def remembering(*args: Any, **kwargs: Any) -> _T:
        key = (name, args, tuple(sorted(kwargs.items()))) if kwargs else (name, args)
        return remembered(key, lambda: function(*args, **kwargs))

    remembering.computed = function  # type: ignore[attr-defined]
    return remembering


def forget_request_memo() -> None:
    """Empties the current request's memo (nothing outside a request)."""
    memo = _request_memo(create=False)
    if memo:
        memo.clear()


def is_read_statement(statement: str) -> bool:
    """Whether an SQL statement only reads (a SELECT, or a WITH query that
    writes nothing)."""
    head = statement.lstrip()[:6].upper()
    if head == "SELECT":
        return True
    return head[:4] == "WITH" and _WRITE_WORDS.search(statement) is None


_WROTE = "satudata_wrote"


def _forget_on_write(conn: Any, cursor: Any, statement: str, parameters: Any,
                     context: Any, executemany: bool) -> None:
    if not is_read_statement(statement):
        conn.info[_WROTE] = True
        forget_request_memo()


def _forget_on_rollback(conn: Any, *args: Any) -> None:
    # Only a rollback of a write matters: what was remembered after the
    # write may be undone. (Closing a connection that only read rolls back
    # too: xloader does it for every status it reads.) A connection the
    # database dropped (a restart) is not asked: asking would try to
    # reconnect in the middle of its rollback.
    if conn.invalidated:
        forget_request_memo()
    elif conn.info.pop(_WROTE, False):
        forget_request_memo()


def _committed(conn: Any) -> None:
    if not conn.invalidated:
        conn.info.pop(_WROTE, None)


for _event, _listener in (("before_cursor_execute", _forget_on_write),
                          ("rollback", _forget_on_rollback),
                          ("rollback_savepoint", _forget_on_rollback),
                          ("commit", _committed)):
    if not sqlalchemy.event.contains(sqlalchemy.engine.Engine, _event, _listener):
        sqlalchemy.event.listen(sqlalchemy.engine.Engine, _event, _listener)


# -- Connections that outlive a database restart ----------------------------------

_checked_xloader_engine: Any = None


def check_pooled_connections() -> None:
    """CKAN's engines (the site's database, the DataStore) check a pooled
    connection before using it (``sqlalchemy.pool_pre_ping``, in the
    production and test profiles), so the web answers again at once after
    PostgreSQL was restarted. xloader makes the engine of its jobs' table
    without that check: after a restart every dataset page with a file (its
    DataStore badge asks xloader) would fail once per pooled connection.
    xloader is given an engine that checks (made once per process, from
    xloader's own setting)."""
    global _checked_xloader_engine
    try:
        from ckanext.xloader import db as xloader_db
    except ImportError:
        return
    if xloader_db.ENGINE is not None and xloader_db.ENGINE is _checked_xloader_engine:
        return
    url = tk.config.get("ckanext.xloader.jobs_db.uri")
    if not url:
        return
    if xloader_db.ENGINE is not None:
        xloader_db.ENGINE.dispose()
    xloader_db.ENGINE = _checked_xloader_engine = sqlalchemy.create_engine(
        url, pool_pre_ping=True)


# -- The portal's time --------------------------------------------------------

def portal_timezone() -> datetime.tzinfo:
    """The portal's time zone: ``ckan.display_timezone`` as CKAN reads it
    ("server" is the machine's own zone)."""
    return tk.h.get_display_timezone()


def now() -> datetime.datetime:
    """The current time (aware, UTC); tests move it with monkeypatch."""
    return datetime.datetime.now(datetime.timezone.utc)


def day_of(moment: Optional[datetime.datetime] = None) -> datetime.date:
    """The calendar day of `moment` (default: now) in the portal's time
    zone; a naive `moment` is UTC, CKAN's convention."""
    moment = moment or now()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(portal_timezone()).date()


def portal_today() -> datetime.date:
    """Today's date in the portal's time zone."""
    return day_of(None)


# -- Stored files of uploads --------------------------------------------------


def is_upload(resource: dict[str, Any]) -> bool:
    return resource.get("url_type") == "upload"


def _storage(upload: Any) -> Any:
    """The file-keeper storage of CKAN's newer uploader, or None for the
    classic one (files under ckan.storage_path)."""
    storage = getattr(upload, "storage", None)
    return storage if storage is not None and hasattr(storage, "stream") else None


def uploaded_path(resource: dict[str, Any]) -> Optional[str]:
    """The local path of an uploaded resource's file (it may not exist), or
    None: not an upload, or kept in a storage without local paths."""
    if not is_upload(resource):
        return None
    upload = uploader.get_resource_uploader(dict(resource))
    if _storage(upload) is not None:
        return None
    path = upload.get_path(resource["id"])
    return os.fspath(path) if path else None


def uploaded_size(resource: dict[str, Any]) -> Optional[int]:
    """The size in bytes of an uploaded resource's file, or None when there is none."""
    if not is_upload(resource):
        return None
    upload = uploader.get_resource_uploader(dict(resource))
    storage = _storage(upload)
    try:
        if storage is not None:
            return storage.size(upload.get_path(resource["id"]))
        return os.path.getsize(upload.get_path(resource["id"]))
    except Exception:  # missing file, or a storage that cannot tell
        return None


def _location(upload: Any, resource: dict[str, Any]) -> Any:
    return upload.get_path(resource["id"])


def uploaded_signature(resource: dict[str, Any]) -> Optional[str]:
    """What tells one stored file of a resource from the next (for the
    personal-data scan's fingerprint), or None when there is no file: size
    and modification time in local storage, size and content hash in a
    file storage (which has no modification time)."""
    if not is_upload(resource):
        return None
    upload = uploader.get_resource_uploader(dict(resource))
    storage = _storage(upload)
    try:
        if storage is None:
            stat = os.stat(_location(upload, resource))
            return f"{stat.st_size}:{int(stat.st_mtime)}"
        location = _location(upload, resource)
        data = storage.analyze(location)
        return f"{data.size}:{data.hash}" if data.hash else str(data.size)
    except Exception:  # missing file, or a storage that cannot tell
        return None


class _ChunkReader(io.RawIOBase):
    """A storage's stream of chunks as a binary file, read forwards."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = iter(chunks)
        self._left = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._left:
            try:
                self._left = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._left))
        buffer[:size] = self._left[:size]
        self._left = self._left[size:]
        return size

    def close(self) -> None:
        closing = getattr(self._chunks, "close", None)
        if closing is not None:
            closing()
        super().close()


@contextlib.contextmanager
def stream_uploaded(resource: dict[str, Any]) -> Iterator[IO[bytes]]:
    """Opens the stored file of an uploaded resource for reading forwards
    (binary, not seekable in a file storage: for copying it whole, e.g. into
    a ZIP), closed on exit. Raises FileNotFoundError when the resource is
    not an upload or its file is missing."""
    if not is_upload(resource):
        raise FileNotFoundError(f"resource {resource.get('id')} is not an upload")
    upload = uploader.get_resource_uploader(dict(resource))
    location = _location(upload, resource)
    storage = _storage(upload)
    if storage is None:
        with open(location, "rb") as stored:
            yield stored
        return
    from ckan.lib import files

    try:
        data = files.FileData(files.Location(location), size=storage.size(location))
        chunks = storage.stream(data)
    except files.exc.FilesError as error:
        raise FileNotFoundError(str(error)) from None
    with io.BufferedReader(_ChunkReader(chunks), _SPOOL_IN_MEMORY // 16) as stored:
        yield stored  # type: ignore[misc]


@contextlib.contextmanager
def open_uploaded(resource: dict[str, Any]) -> Iterator[IO[bytes]]:
    """Opens the stored file of an uploaded resource for reading: binary and
    seekable (a workbook is read by seeking), closed on exit. Raises
    FileNotFoundError when the resource is not an upload or its file is
    missing."""
    with stream_uploaded(resource) as stored:
        if stored.seekable():
            yield stored
            return
        # A storage stream is read once, forwards: keep a seekable copy.
        with tempfile.SpooledTemporaryFile(_SPOOL_IN_MEMORY) as copy:
            shutil.copyfileobj(stored, copy, _SPOOL_IN_MEMORY // 16)
            copy.seek(0)
            yield copy  # type: ignore[misc]


def kind_of_stream(stream: IO[bytes]) -> str:
    """The kind (``file_kinds``) of an open binary stream from its current
    position; the position is kept."""
    position = stream.tell()
    head = stream.read(file_kinds.HEAD_SIZE)
    try:
        return file_kinds.kind_of(head, stream)
    finally:
        stream.seek(position)


def uploaded_kind(resource: dict[str, Any]) -> Optional[str]:
    """The kind of an uploaded resource's file by its content, or None when
    there is no file."""
    try:
        with open_uploaded(resource) as stored:
            return kind_of_stream(stored)
    except OSError:
        return None

