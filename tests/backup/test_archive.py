"""The backup archive's plain core: names sort by time, retention keeps the
newest, and the check finds every change to a member (plain Python)."""
from __future__ import annotations

import datetime
import io
import json
import tarfile

import pytest

from ckanext.satudata.backup import archive, manifest
from ckanext.satudata.backup.manifest import DamagedArchive

MOMENT = datetime.datetime(2026, 12, 7, 16, 15, tzinfo=datetime.timezone.utc)


def test_the_archive_name_carries_its_time_in_utc():
    jakarta = datetime.timezone(datetime.timedelta(hours=7))
    name = manifest.archive_name(MOMENT.astimezone(jakarta))
    assert name == "satudata-cadangan-20261207T161500Z.tar"
    assert manifest.archive_time(name) == MOMENT
    assert manifest.archive_time(name + ".part") is None
    assert manifest.archive_time("satudata-cadangan-20261399T000000Z.tar") is None


def test_retention_removes_the_oldest_of_our_archives_only():
    names = [manifest.archive_name(MOMENT - datetime.timedelta(days=d)) for d in range(5)]
    others = ["catatan.txt", names[0] + ".part"]
    removed = manifest.archives_to_remove(others + names, keep=3)
    assert removed == sorted(names[3:])
    assert manifest.archives_to_remove(names, keep=9) == []
    with pytest.raises(ValueError):
        manifest.archives_to_remove(names, keep=0)


def _write(tmp_path, members: dict[str, bytes]):
    path = str(tmp_path / manifest.archive_name(MOMENT))
    with archive.Writer(path) as writer:
        for name, data in members.items():
            writer.add_stream(name, io.BytesIO(data), len(data))
        writer.finish(manifest.build(
            created_at=MOMENT, site_url="http://data.example", site_id="satudata",
            versions={"ckan": "2.12.0"}, databases={}, files={}, members=writer.members))
    return path


def test_a_whole_archive_passes_its_check(tmp_path):
    path = _write(tmp_path, {manifest.MAIN_DUMP: b"dump", "files/lokal/resources/a": b"1,2\n"})
    found, problems = archive.verify(path)
    assert problems == []
    assert found["created_at"] == "2026-12-07T16:15:00Z"
    assert [m["name"] for m in found["members"]] == [manifest.MAIN_DUMP,
                                                       "files/lokal/resources/a"]


def test_a_changed_missing_or_extra_member_is_named(tmp_path):
    path = _write(tmp_path, {manifest.MAIN_DUMP: b"dump", "files/lokal/resources/a": b"1,2\n"})
    with tarfile.open(path) as tar:
        kept = json.load(tar.extractfile(manifest.MANIFEST_NAME))
    found = {manifest.MAIN_DUMP: (kept["members"][0]["sha256"], 4),
             "files/lokal/resources/a": ("0" * 64, 4), "files/lokal/resources/b": ("1", 1)}
    assert manifest.problems(kept, found) == [
        "files/lokal/resources/a: checksum SHA-256 tidak cocok",
        "files/lokal/resources/b: tidak tercatat di manifest"]
    del found[manifest.MAIN_DUMP]
    assert manifest.problems(kept, found)[0] == f"{manifest.MAIN_DUMP}: tidak ada di arsip"


def test_an_archive_without_a_manifest_or_cut_short_is_damaged(tmp_path):
    path = _write(tmp_path, {manifest.MAIN_DUMP: b"dump" * 1000})
    data = open(path, "rb").read()
    (tmp_path / "cut.tar").write_bytes(data[:3000])
    with pytest.raises(DamagedArchive):
        archive.verify(str(tmp_path / "cut.tar"))
    with pytest.raises(DamagedArchive, match="bukan arsip cadangan"):
        manifest.read(json.dumps({"format": "lain"}).encode())
    with pytest.raises(DamagedArchive, match="tidak ditemukan"):
        archive.verify(str(tmp_path / "tidak-ada.tar"))


def test_a_failed_backup_leaves_no_file(tmp_path):
    path = str(tmp_path / manifest.archive_name(MOMENT))
    with pytest.raises(OSError):
        with archive.Writer(path) as writer:
            writer.add_stream(manifest.MAIN_DUMP, io.BytesIO(b"short"), 99)
    assert list(tmp_path.iterdir()) == []


class _Trickle(io.RawIOBase):
    """A stream that gives at most 3 bytes per read, as a storage's may."""

    def __init__(self, data: bytes):
        self._data = data

    def readable(self):
        return True

    def readinto(self, buffer):
        size = min(3, len(buffer), len(self._data))
        buffer[:size], self._data = self._data[:size], self._data[size:]
        return size


def test_a_stream_that_reads_short_is_archived_whole(tmp_path):
    data = bytes(range(256)) * 50
    path = str(tmp_path / manifest.archive_name(MOMENT))
    with archive.Writer(path) as writer:
        writer.add_stream("files/resources/abc", _Trickle(data), len(data))
        writer.finish(manifest.build(
            created_at=MOMENT, site_url="", site_id="", versions={}, databases={},
            files={}, members=writer.members))
    with tarfile.open(path) as tar:
        assert tar.extractfile("files/resources/abc").read() == data
    assert archive.verify(path)[1] == [manifest.MAIN_DUMP + ": tidak tercatat di manifest"]
