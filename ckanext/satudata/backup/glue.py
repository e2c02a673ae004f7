"""CKAN glue of the backups: the two databases through PostgreSQL's own
``pg_dump``/``pg_restore`` (Debian's PostgreSQL 15 client; the connection
from ``sqlalchemy.url`` and ``ckan.datastore.write_url``, the password in
the environment, never on a command line), the uploaded files through CKAN's
storage (the classic ``ckan.storage_path`` tree, or file-keeper storages),
and the search index rebuilt in this process after a restore.

Used by ``ckan satudata cadangan buat|pulihkan|buang-lama`` (cli.py).
"""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from importlib import metadata
from typing import IO, Any, Callable, Iterator

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

import ckan
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import site
from ckanext.satudata.backup import archive
from ckanext.satudata.backup import manifest as rules
from ckanext.satudata.backup.manifest import DamagedArchive
from ckanext.satudata.translation import _

Echo = Callable[[str], None]

PG_VERSION = "15"
"""The PostgreSQL whose client tools are used (scripts/lib.sh's PG_VERSION)."""
PG_BINDIR_ENV = "SATUDATA_PG_BINDIR"
"""Environment variable naming another folder of the client tools."""
RESTORE_LOCK_TIMEOUT = "60s"

#: The classic storage's folders of uploads under ckan.storage_path: the
#: resources' files, and the images of organisations, users and the site.
#: (Compiled web assets and catalogues under the same path are not data.)
LOCAL_AREAS = {"resource": "resources", "group": "storage", "user": "storage",
               "admin": "storage"}
LOCAL = "lokal"


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message is for the
    person running it, in Indonesian."""


# -- PostgreSQL's tools ------------------------------------------------------------

def pg_tool(name: str) -> str:
    """The path of PostgreSQL client program `name` (pg_dump, pg_restore):
    Debian's PostgreSQL 15 client, another folder named by
    $SATUDATA_PG_BINDIR, or the one on PATH."""
    folders = [os.environ.get(PG_BINDIR_ENV, ""), f"/usr/lib/postgresql/{PG_VERSION}/bin"]
    for folder in filter(None, folders):
        path = os.path.join(folder, name)
        if os.access(path, os.X_OK):
            return path
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(_("Program {name} tidak ditemukan: pasang paket Debian "
                        "postgresql-client-{version}.").format(name=name, version=PG_VERSION))


_LIBPQ_VARIABLES = ("PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE",
                    "PGSERVICE", "PGOPTIONS", "PGSSLMODE", "PGPASSFILE")


def libpq_environment(url: str) -> dict[str, str]:
    """The environment that connects PostgreSQL's tools to the database of
    the SQLAlchemy `url`: the password in PGPASSWORD, nothing on a command
    line."""
    parsed = sa.engine.make_url(url)
    env = {key: value for key, value in os.environ.items() if key not in _LIBPQ_VARIABLES}
    query = {key: value for key, value in parsed.query.items() if isinstance(value, str)}
    settings = {"PGHOST": parsed.host or query.get("host"),
                "PGPORT": str(parsed.port) if parsed.port else query.get("port"),
                "PGUSER": parsed.username, "PGPASSWORD": parsed.password,
                "PGDATABASE": parsed.database, "PGSSLMODE": query.get("sslmode")}
    env.update({key: value for key, value in settings.items() if value})
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> str:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except OSError as error:
        raise BackupError(_("{what} gagal: {error}").format(what=what, error=error)) from None
    if done.returncode != 0:
        detail = " ".join(done.stderr.strip().splitlines()[-5:])
        raise BackupError(_("{what} gagal: {error}").format(what=what, error=detail))
    return done.stdout


def _databases() -> dict[str, dict[str, str]]:
    """The databases to back up: role -> (SQLAlchemy url, archive member)."""
    found = {"main": {"url": tk.config["sqlalchemy.url"], "member": rules.MAIN_DUMP}}
    datastore = tk.config.get("ckan.datastore.write_url")
    if datastore:
        found["datastore"] = {"url": datastore, "member": rules.DATASTORE_DUMP}
    return found


@contextlib.contextmanager
def _engine(url: str) -> Iterator[sa.engine.Engine]:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        yield engine
    finally:
        engine.dispose()


def _scalar(url: str, statement: str) -> Any:
    with _engine(url) as engine, engine.connect() as connection:
        return connection.execute(sa.text(statement)).scalar()


def _tables(url: str, like: str) -> list[str]:
    with _engine(url) as engine, engine.connect() as connection:
        return list(connection.execute(sa.text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename LIKE :like ORDER BY tablename"), {"like": like}).scalars())


def _release_connections() -> None:
    """Ends this process's transactions and closes its pooled connections
    (CKAN's and the DataStore's), so that nothing it holds blocks
    pg_restore and nothing read before the restore is reused after it."""
    model.Session.remove()
    model.meta.engine.dispose()
    with contextlib.suppress(ImportError, AttributeError):
        from ckanext.datastore.backend import postgres as datastore_backend
        datastore_backend._dispose_engines()


# -- the stored files --------------------------------------------------------------

class _Chunks(io.RawIOBase):
    """A readable stream over an iterable of byte chunks."""

    def __init__(self, chunks: Any):
        self._chunks = iter(chunks)
        self._left = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._left:
            self._left = next(self._chunks, None)
            if self._left is None:
                self._left = b""
                return 0
        size = min(len(buffer), len(self._left))
        buffer[:size] = self._left[:size]
        self._left = self._left[size:]
        return size


class _LocalStorage:
    """The classic storage: the folders of uploads under ckan.storage_path."""

    def __init__(self, root: str, areas: set[str]):
        self.root = os.path.realpath(root)
        self.areas = sorted(areas)

    def files(self) -> Iterator[tuple[str, int, float, Callable[[], IO[bytes]]]]:
        for area in self.areas:
            for folder, subfolders, names in os.walk(os.path.join(self.root, area)):
                subfolders.sort()
                for name in sorted(names):
                    if name.endswith("~"):  # an upload being written
                        continue
                    path = os.path.join(folder, name)
                    status = os.stat(path)
                    relative = os.path.relpath(path, self.root).replace(os.sep, "/")
                    yield relative, status.st_size, status.st_mtime, \
                        (lambda path=path: open(path, "rb"))

    def _target(self, relative: str) -> str:
        path = os.path.realpath(os.path.join(self.root, relative))
        if not path.startswith(self.root + os.sep) \
                or relative.split("/")[0] not in self.areas:
            raise DamagedArchive(_("{name}: letak berkas tidak sah").format(name=relative))
        return path

    def check(self, relative: str) -> None:
        self._target(relative)

    def put(self, relative: str, stream: IO[bytes], size: int) -> None:
        path = self._target(relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + "~", "wb") as copy:
            shutil.copyfileobj(stream, copy, archive.CHUNK)
        os.replace(path + "~", path)


class _KeeperStorage:
    """A file-keeper storage of CKAN's files API (ckan.files.storage.NAME)."""

    def __init__(self, name: str, storage: Any):
        self.name = name
        self.storage = storage

    def files(self) -> Iterator[tuple[str, int, float, Callable[[], IO[bytes]]]]:
        from ckan.lib import files

        for capability in (files.Capability.SCAN, files.Capability.STREAM):
            if not self.storage.supports(capability):
                raise BackupError(_("Penyimpanan berkas '{name}' tidak dapat didaftar atau "
                                    "dibaca seluruhnya; cadangkan berkasnya dengan alat "
                                    "penyimpanan itu.").format(name=self.name))
        for location in sorted(self.storage.scan()):
            data = self.storage.analyze(files.Location(location))
            yield location, data.size, None, \
                (lambda data=data: io.BufferedReader(_Chunks(self.storage.stream(data))))

    def check(self, relative: str) -> None:
        if ".." in relative.split("/") or relative.startswith("/"):
            raise DamagedArchive(_("{name}: letak berkas tidak sah").format(name=relative))

    def put(self, relative: str, stream: IO[bytes], size: int) -> None:
        from ckan.lib import files

        self.check(relative)
        location = files.Location(relative)
        with contextlib.suppress(files.exc.MissingFileError):
            if self.storage.supports(files.Capability.REMOVE):
                self.storage.remove(files.FileData(location))
        self.storage.upload(location, files.make_upload(stream.read()))


def _storages() -> dict[str, Any]:
    """The stores of uploaded files by their name in the archive
    (``lokal`` or a file-keeper storage's name)."""
    found: dict[str, Any] = {}
    local_areas: set[str] = set()
    try:
        from ckan.lib import files
    except ImportError:  # a CKAN without the files API
        files = None  # type: ignore[assignment]
    for kind, area in LOCAL_AREAS.items():
        name = tk.config.get(f"ckan.files.default_storages.{kind}")
        if files is not None and name:
            try:
                found.setdefault(name, _KeeperStorage(name, files.get_storage(name)))
                continue
            except files.exc.UnknownStorageError:
                pass
        local_areas.add(area)
    root = tk.config.get("ckan.storage_path")
    if root and local_areas:
        if LOCAL in found:
            raise BackupError(_("Nama penyimpanan '{name}' bentrok dengan penyimpanan "
                                "lokal.").format(name=LOCAL))
        found[LOCAL] = _LocalStorage(root, local_areas)
    return found


# -- what an installation holds ------------------------------------------------------

def installation_contents() -> list[str]:
    """What the installation already holds (datasets, DataStore tables,
    uploaded files), in words; empty for an empty installation."""
    held = []
    databases = _databases()
    if _scalar(databases["main"]["url"], "SELECT to_regclass('public.package') IS NOT NULL"):
        count = _scalar(databases["main"]["url"], "SELECT count(*) FROM package")
        if count:
            held.append(_("{count} dataset").format(count=count))
    if "datastore" in databases:
        count = len([t for t in _tables(databases["datastore"]["url"], "%")
                     if not t.startswith("_")])
        if count:
            held.append(_("{count} tabel DataStore").format(count=count))
    count = sum(1 for store in _storages().values() for _file in store.files())
    if count:
        held.append(_("{count} berkas unggahan").format(count=count))
    return held


def _versions(url: str) -> dict[str, str]:
    try:
        extension = metadata.version("ckanext-satudata")
    except metadata.PackageNotFoundError:
        extension = "?"
    return {"ckan": ckan.__version__, "ckanext-satudata": extension,
            "postgresql": str(_scalar(url, "SHOW server_version")),
            "pg_dump": _run([pg_tool("pg_dump"), "--version"], dict(os.environ),
                            "pg_dump --version").strip()}


# -- backup ------------------------------------------------------------------------

def default_folder() -> str:
    """Where archives go without --ke: ``cadangan`` beside the storage folder."""
    root = tk.config.get("ckan.storage_path")
    return os.path.join(os.path.dirname(os.path.abspath(root)), "cadangan") if root \
        else os.path.abspath("cadangan")


def create(folder: str, echo: Echo) -> str:
    """Writes one archive of this installation into `folder`; its path."""
    os.makedirs(folder, exist_ok=True)
    moment = site.now()
    path = os.path.join(folder, rules.archive_name(moment))
    databases = _databases()
    storages = _storages()
    echo(_("Membuat cadangan {path}").format(path=path))
    database_notes: dict[str, Any] = {}
    files_notes: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix=".cadangan-", dir=folder) as work, \
            archive.Writer(path) as writer:
        for role, database in databases.items():
            label = _("basis data utama (CKAN dan tabel Satu Data)") if role == "main" \
                else _("basis data DataStore")
            echo(_("Menyalin {label} dengan pg_dump ...").format(label=label))
            dump = os.path.join(work, f"{role}.dump")
            env = libpq_environment(database["url"])
            _run([pg_tool("pg_dump"), "--format=custom", "--no-password", "--file", dump],
                 env, "pg_dump")
            writer.add_file(database["member"], dump)
            os.remove(dump)
            database_notes[role] = {
                "member": database["member"], "format": "pg_dump custom",
                "database": sa.engine.make_url(database["url"]).database}
        database_notes["main"]["holds"] = (
            "CKAN's tables and the extension's tables (satudata_*, with its Alembic "
            "version table satudata_alembic_version)")
        database_notes["main"]["extension_tables"] = _tables(databases["main"]["url"],
                                                             "satudata%")
        if "datastore" in database_notes:
            database_notes["datastore"]["holds"] = "the DataStore's tables of the resources"
        echo(_("Menyalin berkas unggahan ..."))
        for store_name, store in storages.items():
            count = 0
            for relative, size, mtime, opener in store.files():
                with opener() as stream:
                    writer.add_stream(f"{rules.FILES_PREFIX}{store_name}/{relative}",
                                      stream, size, mtime)
                count += 1
            files_notes[store_name] = {
                "kind": "ckan.storage_path" if store_name == LOCAL else "ckan.files storage",
                "count": count}
            echo("  " + _("{name}: {count} berkas").format(name=store_name, count=count))
        writer.finish(rules.build(
            created_at=moment, site_url=tk.config.get("ckan.site_url", ""),
            site_id=tk.config.get("ckan.site_id", ""),
            versions=_versions(databases["main"]["url"]), databases=database_notes,
            files=files_notes, members=writer.members))
    size = os.path.getsize(path)
    echo(_("Cadangan selesai: {path} ({size} MB, {count} anggota).").format(
        path=path, size=f"{size / 1e6:.1f}", count=len(writer.members) + 1))
    return path


def prune(folder: str, keep: int, echo: Echo) -> list[str]:
    """Removes the archives of `folder` but the newest `keep`; their names."""
    names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    removed = rules.archives_to_remove(names, keep)
    for name in removed:
        os.remove(os.path.join(folder, name))
        echo(_("Cadangan lama dihapus: {name}").format(name=name))
    echo(_("Cadangan disimpan: {kept} terbaru.").format(
        kept=len([n for n in names if rules.archive_time(n)]) - len(removed)))
    return removed


# -- restore -----------------------------------------------------------------------

def check(path: str, echo: Echo) -> dict[str, Any]:
    """The manifest of the archive at `path` once every member's checksum
    and size are right; BackupError naming the problems otherwise."""
    echo(_("Memeriksa arsip {path} ...").format(path=path))
    try:
        manifest, problems = archive.verify(path)
    except DamagedArchive as error:
        problems = [str(error)]
    if problems:
        shown = problems[:20] + ([_("... dan {count} lagi").format(count=len(problems) - 20)]
                                 if len(problems) > 20 else [])
        raise BackupError("\n".join(
            [_("Arsip cadangan rusak; tidak ada yang diubah:")]
            + [f"  - {problem}" for problem in shown]))
    echo(_("Arsip utuh: {count} anggota, checksum SHA-256 cocok (dibuat {created}, "
           "CKAN {ckan}, PostgreSQL {postgresql}).").format(
        count=len(manifest["members"]) + 1, created=manifest["created_at"],
        ckan=manifest["versions"].get("ckan", "?"),
        postgresql=manifest["versions"].get("postgresql", "?")))
    return manifest


def restore(path: str, echo: Echo, overwrite: bool = False) -> None:
    """Restores the archive at `path` onto this installation: checks it
    whole first, refuses an installation that holds data unless
    `overwrite`, then the databases, the files and the search index."""
    manifest = check(path, echo)
    databases = _databases()
    storages = _storages()
    dumps = {role: note["member"] for role, note in manifest["databases"].items()}
    if "datastore" in dumps and "datastore" not in databases:
        raise BackupError(_("Arsip memuat DataStore, tetapi instalasi ini tidak memakai "
                            "DataStore (ckan.datastore.write_url); tidak ada yang diubah."))
    file_members = [m["name"] for m in manifest["members"]
                    if m["name"].startswith(rules.FILES_PREFIX)]
    for name in file_members:
        store_name, _slash, relative = name[len(rules.FILES_PREFIX):].partition("/")
        if store_name not in storages:
            raise BackupError(_("Penyimpanan berkas '{name}' dari arsip tidak ada di "
                                "instalasi ini; tidak ada yang diubah.").format(
                name=store_name))
        try:
            storages[store_name].check(relative)
        except DamagedArchive as error:
            raise BackupError(_("Arsip cadangan rusak; tidak ada yang diubah:")
                              + f"\n  - {error}") from None
    if manifest["versions"].get("ckan") != ckan.__version__:
        echo(_("Peringatan: cadangan dibuat dengan CKAN {old}, instalasi ini CKAN {new}; "
               "jalankan 'ckan db upgrade' sesudahnya.").format(
            old=manifest["versions"].get("ckan"), new=ckan.__version__))

    held = installation_contents()
    if held and not overwrite:
        raise BackupError(_("Instalasi tujuan tidak kosong ({held}); tidak ada yang diubah. "
                            "Tambahkan --timpa untuk menimpanya.").format(held=", ".join(held)))
    if held:
        echo(_("Menimpa instalasi yang berisi {held}.").format(held=", ".join(held)))

    _release_connections()
    with tarfile.open(path, mode="r:") as tar, \
            tempfile.TemporaryDirectory(prefix=".pulihkan-",
                                        dir=os.path.dirname(os.path.abspath(path))) as work:
        for role in ("main", "datastore"):
            if role not in dumps:
                continue
            label = _("basis data utama (CKAN dan tabel Satu Data)") if role == "main" \
                else _("basis data DataStore")
            echo(_("Memulihkan {label} dengan pg_restore ...").format(label=label))
            dump = os.path.join(work, f"{role}.dump")
            archive.extract_to(tar, dumps[role], dump)
            env = libpq_environment(databases[role]["url"])
            env["PGOPTIONS"] = f"-c lock_timeout={RESTORE_LOCK_TIMEOUT}"
            _run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                  "--single-transaction", "--no-password", "--dbname", env["PGDATABASE"],
                  dump], env, "pg_restore")
            os.remove(dump)
        _release_connections()

        echo(_("Memulihkan berkas unggahan: {count} berkas ...").format(
            count=len(file_members)))
        for member in archive.members_under(tar, rules.FILES_PREFIX):
            store_name, _slash, relative = member.name[len(rules.FILES_PREFIX):].partition("/")
            stream = tar.extractfile(member)
            assert stream is not None
            with stream:
                storages[store_name].put(relative, stream, member.size)

    echo(_("Membangun ulang indeks pencarian ..."))
    count = rebuild_search_index()
    echo(_("Indeks pencarian: {count} dataset.").format(count=count))
    echo(_("Pemulihan selesai dari cadangan {created} ({site})."
           ).format(created=manifest["created_at"], site=manifest.get("site_url", "")))


def rebuild_search_index() -> int:
    """Indexes every dataset of the restored database again (this site's
    old entries removed first); the number of datasets."""
    from ckan.lib import search

    with contextlib.suppress(ImportError, AttributeError):
        from ckan.lib import app_globals
        app_globals.reset()
    search.rebuild(clear=True, quiet=True, defer_commit=True)
    search.commit()
    count = model.Session.query(model.Package.id).count()
    model.Session.remove()
    return count
