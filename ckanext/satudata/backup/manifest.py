"""The archive's name, which archives retention keeps, and the manifest:
what the archive holds, from which versions, and the checksum and size of
every member, checked before anything is restored.

Plain Python (no CKAN import).
"""
from __future__ import annotations

import datetime
import re
from typing import Any, Iterable, Mapping, Optional

from ckanext.satudata.translation import _

FORMAT = "satudata-cadangan"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
PREFIX = "satudata-cadangan-"
SUFFIX = ".tar"

MAIN_DUMP = "databases/main.dump"
DATASTORE_DUMP = "databases/datastore.dump"
FILES_PREFIX = "files/"

_TIME_FORMAT = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"^satudata-cadangan-(\d{8}T\d{6}Z)\.tar$")


class DamagedArchive(Exception):
    """The archive cannot be trusted: the message says why, in Indonesian."""


# -- names and retention -----------------------------------------------------------

def archive_name(moment: datetime.datetime) -> str:
    """The archive's file name for a backup made at `moment` (UTC), e.g.
    ``satudata-cadangan-20261207T161500Z.tar``; names sort by time."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc)
    return f"{PREFIX}{moment.strftime(_TIME_FORMAT)}{SUFFIX}"


def archive_time(name: str) -> Optional[datetime.datetime]:
    """When the archive named `name` was made (aware, UTC), or None when the
    name is not one of ours."""
    found = _NAME.match(name)
    if not found:
        return None
    try:
        moment = datetime.datetime.strptime(found.group(1), _TIME_FORMAT)
    except ValueError:
        return None
    return moment.replace(tzinfo=datetime.timezone.utc)


def archives_to_remove(names: Iterable[str], keep: int) -> list[str]:
    """Of the file `names` in a folder, the archives that retention removes
    to keep the newest `keep` (at least one): oldest first. Other files
    (not our archives, unfinished ``.part`` files) are never named."""
    if keep < 1:
        raise ValueError(_("Jumlah cadangan yang disimpan paling sedikit 1."))
    archives = sorted((archive_time(name), name) for name in names
                      if archive_time(name) is not None)
    return [name for _moment, name in archives[:-keep]]


# -- the manifest ------------------------------------------------------------------

def build(*, created_at: datetime.datetime, site_url: str, site_id: str,
          versions: Mapping[str, str], databases: Mapping[str, Any],
          files: Mapping[str, Any], members: list[dict[str, Any]]) -> dict[str, Any]:
    """The manifest of an archive. `members`: ``{"name", "sha256", "size"}``
    of every member but the manifest itself."""
    if created_at.tzinfo is not None:
        created_at = created_at.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": created_at.replace(microsecond=0).isoformat() + "Z",
        "site_url": site_url,
        "site_id": site_id,
        "versions": dict(versions),
        "databases": dict(databases),
        "files": dict(files),
        "members": sorted(members, key=lambda member: member["name"]),
    }


def read(data: bytes) -> dict[str, Any]:
    """The manifest from the bytes of ``manifest.json``; DamagedArchive when
    it is not a Satu Data backup's manifest."""
    import json

    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise DamagedArchive(_("manifest.json tidak terbaca")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DamagedArchive(_("bukan arsip cadangan portal Satu Data"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise DamagedArchive(_("format cadangan versi {version} tidak dikenal").format(
            version=manifest.get("format_version")))
    members = manifest.get("members")
    if not isinstance(members, list) or not all(
            isinstance(m, dict) and isinstance(m.get("name"), str)
            and isinstance(m.get("sha256"), str) and isinstance(m.get("size"), int)
            for m in members):
        raise DamagedArchive(_("daftar isi manifest.json tidak lengkap"))
    return manifest


def problems(manifest: Mapping[str, Any], found: Mapping[str, tuple[str, int]]) -> list[str]:
    """What is wrong with an archive whose members have the checksums and
    sizes `found` (name: (sha256, size), the manifest aside): each problem
    a sentence in Indonesian; empty when the archive is whole."""
    expected = {m["name"]: (m["sha256"], m["size"]) for m in manifest["members"]}
    wrong = []
    for name, (sha256, size) in sorted(expected.items()):
        if name not in found:
            wrong.append(_("{name}: tidak ada di arsip").format(name=name))
        elif found[name][1] != size:
            wrong.append(_("{name}: ukurannya {found} bita, seharusnya {size}").format(
                name=name, found=found[name][1], size=size))
        elif found[name][0] != sha256:
            wrong.append(_("{name}: checksum SHA-256 tidak cocok").format(name=name))
    for name in sorted(set(found) - set(expected)):
        wrong.append(_("{name}: tidak tercatat di manifest").format(name=name))
    for required in (MAIN_DUMP,):
        if required not in expected:
            wrong.append(_("{name}: tidak tercatat di manifest").format(name=required))
    return wrong
