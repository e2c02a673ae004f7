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
import os
import tempfile
from typing import IO, Any, Iterator, Optional

from flask import has_request_context

import ckan.lib.uploader as uploader
import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata.tabular import kinds as file_kinds

_SPOOL_IN_MEMORY = 1 << 20


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


def site_user() -> dict[str, Any]:
    """CKAN's site user (name, id), for the portal's own work."""
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})


def site_context(**extra: Any) -> dict[str, Any]:
    """An action context for the portal's own work: the site user, with no
    authorization check. Only for work no visitor asked for directly."""
    return {"user": site_user()["name"], "ignore_auth": True, **extra}


def language() -> str:
    """The user's language; the portal's default outside a web request (API
    calls from the CLI, jobs, the tests)."""
    if has_request_context():
        return tk.h.lang() or config.default_locale()
    return config.default_locale()


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


@contextlib.contextmanager
def open_uploaded(resource: dict[str, Any]) -> Iterator[IO[bytes]]:
    """Opens the stored file of an uploaded resource for reading: binary and
    seekable (a workbook is read by seeking), closed on exit. Raises
    FileNotFoundError when the resource is not an upload or its file is
    missing."""
    if not is_upload(resource):
        raise FileNotFoundError(f"resource {resource.get('id')} is not an upload")
    upload = uploader.get_resource_uploader(dict(resource))
    location = upload.get_path(resource["id"])
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
    # A storage stream is read once, forwards: keep a seekable copy.
    with tempfile.SpooledTemporaryFile(_SPOOL_IN_MEMORY) as copy:
        for chunk in chunks:
            copy.write(chunk)
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

