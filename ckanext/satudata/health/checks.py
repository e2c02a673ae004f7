"""The portal's health: each service checked by a callable, all of them at
once, each bounded by the same deadline (plain Python).

A check is a callable with no argument that returns a dict of figures
(numbers only: a queue's length, the free megabytes) or raises `Problem`
with a short Indonesian reason. Any other exception, and a check that has
not answered by the deadline, counts as an error with a fixed reason: an
exception's own text may hold a URL, a password or a host name, and the
answer is public.

Levels: ``ok``; ``peringatan`` (the portal serves its pages and API, but
something a monitoring tool should show needs attention, e.g. no RQ
worker while no job waits) and ``gagal`` (something does not work). The
overall level is the worst one; ``/sehat`` answers 503 only for ``gagal``.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from ckanext.satudata.translation import N_

OK = "ok"
WARNING = "peringatan"
ERROR = "gagal"
_RANK = {OK: 0, WARNING: 1, ERROR: 2}

#: Reasons kept as constants: translated where they are shown.
UNREACHABLE = N_("tidak dapat dihubungi")
TIMED_OUT = N_("tidak menjawab tepat waktu")


class Problem(Exception):
    """What a check raises when its service is not well: a short reason in
    Indonesian (marked with N_), the level, and the figures it did read."""

    def __init__(self, reason: str, level: str = ERROR,
                 figures: Mapping[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.level = level
        self.figures = dict(figures or {})


@dataclass(frozen=True)
class Result:
    name: str
    level: str
    reason: str = ""
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    results: tuple[Result, ...]

    @property
    def level(self) -> str:
        return max((r.level for r in self.results), key=_RANK.__getitem__, default=OK)

    @property
    def healthy(self) -> bool:
        """False only when something does not work (``gagal``)."""
        return self.level != ERROR

    def not_ok(self) -> list[Result]:
        return [r for r in self.results if r.level != OK]

    def as_dict(self, translate: Callable[[str], str] = lambda text: text) -> dict[str, Any]:
        components = {}
        for result in self.results:
            entry: dict[str, Any] = {"status": result.level}
            if result.reason:
                entry["alasan"] = translate(result.reason)
            entry.update(result.figures)
            components[result.name] = entry
        return {
            "status": self.level,
            "bermasalah": [r.name for r in self.not_ok()],
            "komponen": components,
        }


def _run_one(check: Callable[[], Mapping[str, Any] | None]) -> Result:
    try:
        figures = check() or {}
    except Problem as problem:
        return Result("", problem.level, problem.reason, problem.figures)
    except Exception:  # noqa: BLE001 - the reason is fixed; the caller logs
        return Result("", ERROR, UNREACHABLE)
    return Result("", OK, "", dict(figures) if isinstance(figures, Mapping) else {})


def run_checks(checks: Mapping[str, Callable[[], Mapping[str, Any] | None]],
               timeout: float,
               on_exception: Callable[[str, BaseException], None] | None = None,
               clock: Callable[[], float] = time.monotonic) -> Report:
    """Run every check in its own (daemon) thread and wait at most `timeout`
    seconds in all. A check still running then is reported as timed out
    and left to finish on its own; the answer does not wait for it.
    `on_exception(name, error)` is told of unexpected exceptions (for the
    log, never for the answer)."""
    outcomes: dict[str, Result] = {}
    lock = threading.Lock()

    def worker(name: str, check: Callable[[], Any]) -> None:
        def reporting_check() -> Any:
            try:
                return check()
            except Problem:
                raise
            except Exception as error:
                if on_exception is not None:
                    on_exception(name, error)
                raise
        result = _run_one(reporting_check)
        with lock:
            outcomes[name] = result

    threads = []
    for name, check in checks.items():
        thread = threading.Thread(target=worker, args=(name, check),
                                  name=f"satudata-health-{name}", daemon=True)
        thread.start()
        threads.append(thread)
    deadline = clock() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - clock()))
    with lock:
        done = dict(outcomes)
    results = []
    for name in checks:
        result = done.get(name)
        if result is None:
            results.append(Result(name, ERROR, TIMED_OUT))
        else:
            results.append(Result(name, result.level, result.reason, result.figures))
    return Report(tuple(results))


# -- judgements on figures (the glue reads the figures from the services) ----

NO_WORKER = N_("tidak ada worker yang aktif")
NO_WORKER_JOBS_WAITING = N_("tidak ada worker yang aktif, sementara ada tugas menunggu")
WORKER_SILENT = N_("worker tidak memberi tanda hidup")
JOB_WAITING_TOO_LONG = N_("tugas tertua menunggu terlalu lama")
JOBS_FAILED = N_("ada tugas yang gagal")
DISK_LOW = N_("ruang disk penyimpanan hampir habis")
WORK_PUT_OFF = N_("ada pekerjaan yang tertunda menunggu Solr atau Redis pulih")


def judge_worker(heartbeats_age: list[float], queued: int, oldest_age: float | None,
                 max_silence: float, max_wait: float) -> dict[str, Any]:
    """The RQ workers and the queue, from the age (seconds) of each live
    worker's last heartbeat, the number of queued jobs and the age of the
    oldest one. No live worker is an error when jobs wait (nothing will run
    them), a warning when none waits (the next upload will wait)."""
    figures: dict[str, Any] = {
        "worker_aktif": len(heartbeats_age),
        "detak_terakhir_detik": round(min(heartbeats_age)) if heartbeats_age else None,
        "antrean": queued,
        "tugas_tertua_detik": round(oldest_age) if oldest_age is not None else None,
    }
    alive = [age for age in heartbeats_age if age <= max_silence]
    if not heartbeats_age:
        if queued:
            raise Problem(NO_WORKER_JOBS_WAITING, ERROR, figures)
        raise Problem(NO_WORKER, WARNING, figures)
    if not alive:
        raise Problem(WORKER_SILENT, ERROR, figures)
    if oldest_age is not None and oldest_age > max_wait:
        raise Problem(JOB_WAITING_TOO_LONG, ERROR, figures)
    return figures


def judge_failed_jobs(failed: int) -> dict[str, Any]:
    """Failed jobs stay in RQ's registry until someone looks: a warning."""
    figures = {"jumlah": failed}
    if failed:
        raise Problem(JOBS_FAILED, WARNING, figures)
    return figures


def judge_put_off(pending: int) -> dict[str, Any]:
    """Work put off while Solr or Redis was down (indexing, jobs to queue):
    a warning; `ckan satudata kerjakan-tertunda` does it once they are back."""
    figures = {"jumlah": pending}
    if pending:
        raise Problem(WORK_PUT_OFF, WARNING, figures)
    return figures


def judge_disk(free_bytes: int, total_bytes: int, min_free_mb: int) -> dict[str, Any]:
    free_mb = free_bytes // (1024 * 1024)
    figures = {"bebas_mb": free_mb,
               "bebas_persen": round(100 * free_bytes / total_bytes, 1) if total_bytes else None}
    if free_mb < min_free_mb:
        raise Problem(DISK_LOW, ERROR, figures)
    return figures
