"""Work put off while a service was down, done once it is back.

A decision of the workflow is taken in PostgreSQL; the search index (Solr)
and the background jobs (Redis) follow it. When one of them cannot be
reached the decision stands and what it could not do is recorded, never
lost:

* the re-indexing of a dataset (Solr down): a row of CKAN's `task_status`
  (task type ``satudata_tertunda``, key ``indeks_pencarian``, the dataset's
  id), written by `reindex`;
* a personal-data scan job (Redis down): the same, key
  ``pemeriksaan_data_pribadi``, the resource's id (privacy.guard);
* a DataStore load (Redis down): xloader's own task of the resource stays
  ``submitting`` (xloader logs the failed enqueue and moves on).

Any other change that CKAN indexes at once (a plain dataset edit, a new
file, a deletion, by the API, the web forms or a job) is saved the same way
when Solr cannot be reached: CKAN's package index is replaced by one
(`TolerantPackageIndex`, installed by the plugin) that records the dataset
for re-indexing in the same transaction as the change, instead of failing
the whole action with CKAN's "Search Index Error" naming Solr's address. A
person editing in the browser is told so in Indonesian. A document Solr
refuses (not an outage) is still an error.

`catch_up` does them all again; ``ckan satudata kerjakan-tertunda`` runs it,
every minute from the production profile (systemd timer, supervisor), so
the index and the queue catch up without a hand-run ``search-index rebuild``.
`/sehat` counts what is still waiting.
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime
import logging
import re
from typing import Any, Callable, Iterator

import sqlalchemy as sa

import ckan.lib.search as search
import ckan.lib.search.index as search_index
import ckan.model as model
import ckan.plugins as plugins
import ckan.plugins.toolkit as tk

from ckanext.satudata.translation import N_

log = logging.getLogger(__name__)

#: What CKAN raises when Solr cannot be reached (or refuses a document).
_INDEX_ERRORS = (search.SearchIndexError, search.SearchError)

TASK_TYPE = "satudata_tertunda"
SEARCH_INDEX = "indeks_pencarian"
PRIVACY_SCAN = "pemeriksaan_data_pribadi"

#: xloader's task of a load whose job could not be queued (or whose
#: submission is still under way: hence `settle`).
_XLOADER_STUCK_STATE = "submitting"


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def put_off(kind: str, entity_id: str, entity_type: str, error: BaseException) -> None:
    """Record that `kind` of work on `entity_id` is to be done again.
    Commits (the caller's own changes are committed already)."""
    row = (model.Session.query(model.TaskStatus)
           .filter_by(entity_id=entity_id, task_type=TASK_TYPE, key=kind).first())
    if row is None:
        row = model.TaskStatus(entity_id=entity_id, entity_type=entity_type,
                               task_type=TASK_TYPE, key=kind, value="")
        model.Session.add(row)
    row.state = "pending"
    row.error = repr(error)[:1000]
    row.last_updated = _utcnow()
    model.Session.commit()
    log.warning("%s of %s %s put off: %r", kind, entity_type, entity_id, error)


#: What a person editing in the browser is told when a change was saved but
#: the search index could not be updated.
SAVED_INDEX_PENDING = N_(
    "Perubahan telah tersimpan, tetapi mesin pencari portal sedang tidak dapat "
    "dihubungi: hasil pencarian baru akan memuat perubahan ini setelah mesin pencari "
    "pulih. Pembaruan indeks pencarian telah dicatat dan akan dikerjakan otomatis.")

_strict = contextvars.ContextVar("satudata_strict_index", default=False)


@contextlib.contextmanager
def strict_index() -> Iterator[None]:
    """Within: a search index that cannot be reached raises, as in CKAN
    (for the work that records its own failures: `reindex`, `catch_up`)."""
    token = _strict.set(True)
    try:
        yield
    finally:
        _strict.reset(token)


_UNAVAILABLE_STATUS = re.compile(r"\(HTTP (502|503|504)\)")


def _unreachable(error: BaseException) -> bool:
    """Whether an index error means Solr could not be reached (connection
    refused or timed out, or a proxy/node saying it is unavailable), rather
    than Solr refusing the document."""
    import requests.exceptions

    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (requests.exceptions.ConnectionError,
                                requests.exceptions.Timeout, ConnectionError, TimeoutError)):
            return True
        if _UNAVAILABLE_STATUS.search(str(current)):
            return True
        current = current.__cause__ or current.__context__
    return False


def _record_in_session(package_id: str, error: BaseException) -> None:
    """Record the re-indexing of `package_id` in the current transaction:
    saved with the change that needed it, undone with it."""
    with model.Session.no_autoflush:
        row = (model.Session.query(model.TaskStatus)
               .filter_by(entity_id=package_id, task_type=TASK_TYPE, key=SEARCH_INDEX)
               .first())
    if row is None:
        row = model.TaskStatus(entity_id=package_id, entity_type="package",
                               task_type=TASK_TYPE, key=SEARCH_INDEX, value="")
        model.Session.add(row)
    row.state = "pending"
    row.error = repr(error)[:1000]
    row.last_updated = _utcnow()
    log.warning("Search index of package %s put off: %r", package_id, error)
    _tell_the_editor()


def _tell_the_editor() -> None:
    """A notice on the next page of a person editing in the browser (the
    API answers with the saved dataset; monitoring sees the count on
    /sehat)."""
    from flask import g, has_request_context, request

    if not has_request_context() or request.path.startswith("/api/"):
        return
    if g.get("satudata_index_notice"):
        return
    g.satudata_index_notice = True
    try:
        tk.h.flash_notice(tk._(SAVED_INDEX_PENDING))
    except Exception:  # no session to flash into: the change stands all the same
        log.debug("index notice not flashed", exc_info=True)


class TolerantPackageIndex(search_index.PackageSearchIndex):
    """CKAN's package index; when Solr cannot be reached the dataset is
    recorded for `catch_up` instead of failing the change (outside
    `strict_index`)."""

    def _tolerate(self, pkg_dict: dict[str, Any] | None, work: Callable[[], None]) -> None:
        try:
            work()
        except search.SearchIndexError as error:
            package_id = (pkg_dict or {}).get("id")
            if _strict.get() or not package_id or not _unreachable(error):
                raise
            _record_in_session(package_id, error)

    def index_package(self, pkg_dict: dict[str, Any] | None,
                      defer_commit: bool = False) -> None:
        self._tolerate(pkg_dict, lambda: super(TolerantPackageIndex, self).index_package(
            pkg_dict, defer_commit))

    def delete_package(self, pkg_dict: dict[str, Any]) -> None:
        self._tolerate(pkg_dict, lambda: super(TolerantPackageIndex, self).delete_package(
            pkg_dict))


def install() -> None:
    """Make CKAN index datasets through `TolerantPackageIndex` (the plugin
    calls this at start-up; calling it again changes nothing)."""
    search._INDICES["package"] = TolerantPackageIndex


def reindex(package_id: str) -> bool:
    """Index the dataset as it is now. When the search index cannot be
    reached the dataset is recorded for `catch_up` (False): a decision
    already committed is never turned into an error."""
    try:
        with strict_index():
            search.rebuild(package_id)
    except _INDEX_ERRORS as error:
        model.Session.rollback()
        put_off(SEARCH_INDEX, package_id, "package", error)
        return False
    return True


def pending_query(settle: datetime.timedelta = datetime.timedelta(minutes=1)) -> Any:
    """A SQL count of the work waiting for a service to come back (for
    `/sehat`, which runs it on its own connection)."""
    tasks = model.task_status_table
    resources = model.resource_table
    put_off_work = sa.select(sa.func.count()).select_from(tasks).where(
        tasks.c.task_type == TASK_TYPE)
    packages = model.package_table
    loads = sa.select(sa.func.count()).select_from(
        tasks.join(resources, resources.c.id == tasks.c.entity_id)
        .join(packages, packages.c.id == resources.c.package_id)).where(
        tasks.c.task_type == "xloader", tasks.c.key == "xloader",
        tasks.c.state == _XLOADER_STUCK_STATE, resources.c.state == "active",
        packages.c.state == "active", tasks.c.last_updated < _utcnow() - settle)
    return sa.select(put_off_work.scalar_subquery() + loads.scalar_subquery())


def pending_count(settle: datetime.timedelta = datetime.timedelta(minutes=1)) -> int:
    """How many pieces of work wait for a service to come back."""
    return model.Session.execute(pending_query(settle)).scalar()


def _pending(kind: str) -> list[model.TaskStatus]:
    return (model.Session.query(model.TaskStatus)
            .filter_by(task_type=TASK_TYPE, key=kind)
            .order_by(model.TaskStatus.last_updated).all())


def _stuck_loads(settled_before: datetime.datetime | None):
    query = (model.Session.query(model.TaskStatus)
             .join(model.Resource, model.Resource.id == model.TaskStatus.entity_id)
             .join(model.Package, model.Package.id == model.Resource.package_id)
             .filter(model.TaskStatus.task_type == "xloader",
                     model.TaskStatus.key == "xloader",
                     model.TaskStatus.state == _XLOADER_STUCK_STATE,
                     model.Resource.state == "active", model.Package.state == "active"))
    if settled_before is not None:
        query = query.filter(model.TaskStatus.last_updated < settled_before)
    return query


def _redo(kind: str, work: Callable[[str], None], unreachable: tuple) -> tuple[int, int]:
    """Do `work` on every recorded entity of `kind`, oldest first; stops at
    the first failure (the service is still down). (done, left)."""
    rows = _pending(kind)
    done = 0
    for row in rows:
        entity_id, recorded = row.entity_id, row.last_updated
        try:
            work(entity_id)
        except unreachable as error:
            model.Session.rollback()
            log.warning("%s of %s still put off: %r", kind, entity_id, error)
            break
        # Only the record seen: one written meanwhile is work still to do.
        (model.Session.query(model.TaskStatus)
         .filter_by(id=row.id, last_updated=recorded)
         .delete(synchronize_session=False))
        model.Session.commit()
        done += 1
    return done, len(rows) - done


def _index_again(package_id: str) -> None:
    with strict_index():
        if model.Package.get(package_id) is None:
            search.clear(package_id)  # purged meanwhile: out of the index
        else:
            search.rebuild(package_id)


def _queue_scan(resource_id: str) -> None:
    from ckanext.satudata.privacy import guard
    tk.enqueue_job(guard.run_scan_job, [resource_id],
                   title=f"Pemeriksaan data pribadi {resource_id}")


def _redis_errors() -> tuple:
    import redis.exceptions
    return (redis.exceptions.RedisError, OSError)


def _load_again(settle: datetime.timedelta) -> tuple[int, int]:
    from ckanext.satudata import site
    resource_ids = [task.entity_id for task in _stuck_loads(_utcnow() - settle)]
    done = 0
    for resource_id in resource_ids:
        # False: not queued (Redis still down, logged by xloader); each one
        # is tried, a refused connection answers at once.
        try:
            done += bool(tk.get_action("xloader_submit")(site.site_context(),
                                                         {"resource_id": resource_id}))
        except Exception:  # one resource's trouble does not stop the others
            model.Session.rollback()
            log.exception("DataStore load of resource %s not queued again", resource_id)
    return done, len(resource_ids) - done


def catch_up(settle: datetime.timedelta = datetime.timedelta(minutes=1)) -> dict[str, Any]:
    """Do again what was put off: index the recorded datasets, queue the
    recorded scans and the DataStore loads whose job was never queued (and
    whose task is older than `settle`, so a submission under way is left
    alone). Returns ``{kind: {"done": n, "left": n}}``."""
    result = {}
    for kind, work, unreachable in (
            (SEARCH_INDEX, _index_again, _INDEX_ERRORS),
            (PRIVACY_SCAN, _queue_scan, _redis_errors())):
        done, left = _redo(kind, work, unreachable)
        result[kind] = {"done": done, "left": left}
    if plugins.plugin_loaded("xloader"):
        done, left = _load_again(settle)
        result["xloader"] = {"done": done, "left": left}
    return result
