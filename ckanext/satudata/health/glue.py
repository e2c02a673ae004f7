"""The portal's services, read for the health report (checks.py judges).

Each check opens what it needs with the health timeout (Redis, Solr) or is
bounded by the report's deadline (PostgreSQL); none of them puts anything
from the service (a URL, a host name, an error's text) in the answer. An
unexpected error is logged here, with its text, for the administrator.
"""
from __future__ import annotations

import datetime
import functools
import logging
import os
import shutil
from typing import Any, Callable, Mapping

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata.health import checks

log = logging.getLogger(__name__)

Clock = Callable[[], datetime.datetime]


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _client_timeout() -> float:
    """The clients' own timeout: a little under the report's deadline, so
    that a service that accepts but does not answer is reported as such."""
    return 0.8 * config.health_timeout()


def _timed_out(error: BaseException | None) -> bool:
    import redis
    import requests
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, (TimeoutError, requests.exceptions.Timeout,
                              redis.exceptions.TimeoutError)):
            return True
        error = error.__cause__ or error.__context__
    return False


def _bounded(check: Callable[..., Any]) -> Callable[..., Any]:
    """A client's timeout becomes the fixed reason "did not answer in time"."""
    @functools.wraps(check)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        try:
            return check(*args, **kwargs)
        except checks.Problem:
            raise
        except Exception as error:
            if _timed_out(error):
                log.warning("Health check %s: no answer in time: %s", check.__name__, error)
                raise checks.Problem(checks.TIMED_OUT) from error
            raise
    return bounded


def _select_one(engine: Any) -> None:
    import sqlalchemy as sa
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1")).scalar()


def check_postgresql() -> dict[str, Any]:
    from ckan import model
    _select_one(model.meta.engine)
    return {}


def check_datastore() -> dict[str, Any]:
    from ckanext.datastore.backend.postgres import get_read_engine
    _select_one(get_read_engine())
    return {}


@_bounded
def check_solr() -> dict[str, Any]:
    from ckan.lib.search.common import make_connection
    connection = make_connection(decode_dates=False)
    connection.timeout = _client_timeout()
    connection.search(q="*:*", rows=0)
    return {}


def _redis() -> Any:
    import redis
    timeout = _client_timeout()
    return redis.Redis.from_url(tk.config.get("ckan.redis.url"), socket_timeout=timeout,
                                socket_connect_timeout=timeout)


@_bounded
def check_redis() -> dict[str, Any]:
    connection = _redis()
    try:
        connection.ping()
    finally:
        connection.close()
    return {}


def _portal_queues(connection: Any) -> list[Any]:
    """The RQ queues of this portal (CKAN prefixes them with the site id)."""
    import rq
    from ckan.lib.jobs import add_queue_name_prefix
    prefix = add_queue_name_prefix("")
    names = {queue.name for queue in rq.Queue.all(connection=connection)
             if queue.name.startswith(prefix)}
    names.add(add_queue_name_prefix("default"))
    return [rq.Queue(name, connection=connection) for name in sorted(names)]


@_bounded
def check_worker(now: Clock = _utcnow) -> dict[str, Any]:
    """The live workers of this portal's queues (RQ keeps each registered
    with its last heartbeat, and forgets it once its key expires), the jobs
    waiting and the age of the oldest."""
    import rq
    connection = _redis()
    try:
        queues = _portal_queues(connection)
        names = {queue.name for queue in queues}
        current = now()
        ages = [(current - worker.last_heartbeat).total_seconds()
                for worker in rq.Worker.all(connection=connection)
                if worker.last_heartbeat is not None and names & set(worker.queue_names())]
        queued, oldest = 0, None
        for queue in queues:
            queued += queue.count
            for job_id in queue.get_job_ids(0, 0):
                job = queue.fetch_job(job_id)
                if job is not None and job.enqueued_at is not None:
                    age = (current - job.enqueued_at.replace(
                        tzinfo=job.enqueued_at.tzinfo or datetime.timezone.utc)).total_seconds()
                    oldest = age if oldest is None else max(oldest, age)
    finally:
        connection.close()
    return checks.judge_worker(ages, queued, oldest, config.health_worker_max_silence(),
                               config.health_queue_max_wait())


@_bounded
def check_failed_jobs() -> dict[str, Any]:
    connection = _redis()
    try:
        failed = sum(queue.failed_job_registry.count for queue in _portal_queues(connection))
    finally:
        connection.close()
    return checks.judge_failed_jobs(failed)


@_bounded
def check_put_off() -> dict[str, Any]:
    from ckan import model
    from ckanext.satudata.workflow import catch_up
    with model.meta.engine.connect() as connection:
        pending = connection.execute(catch_up.pending_query()).scalar()
    return checks.judge_put_off(pending)


def check_disk() -> dict[str, Any]:
    # CKAN creates the folder at the first upload: until then, the disk
    # that will hold it.
    path = os.path.abspath(tk.config.get("ckan.storage_path"))
    while not os.path.isdir(path) and os.path.dirname(path) != path:
        path = os.path.dirname(path)
    usage = shutil.disk_usage(path)
    return checks.judge_disk(usage.free, usage.total, config.health_min_free_disk_mb())


def default_checks(now: Clock = _utcnow) -> dict[str, Callable[[], Mapping[str, Any] | None]]:
    """Every check of this portal, by the name shown in the report.
    DataStore only when its plugin is on; the disk only with local storage."""
    found: dict[str, Callable[[], Mapping[str, Any] | None]] = {
        "postgresql": check_postgresql}
    if p.plugin_loaded("datastore"):
        found["datastore"] = check_datastore
    found.update({
        "solr": check_solr,
        "redis": check_redis,
        "worker": lambda: check_worker(now),
        "tugas_gagal": check_failed_jobs,
        "tertunda": check_put_off,
    })
    if tk.config.get("ckan.storage_path"):
        found["disk"] = check_disk
    return found


def _log_exception(name: str, error: BaseException) -> None:
    log.warning("Health check %s failed: %s: %s", name, type(error).__name__, error)


#: Replaced by tests that inject their own checks (see tests/health).
checks_factory: Callable[[], Mapping[str, Callable[[], Any]]] = default_checks


def report() -> checks.Report:
    """The health of every service, within the configured timeout."""
    return checks.run_checks(checks_factory(), config.health_timeout(),
                             on_exception=_log_exception)
