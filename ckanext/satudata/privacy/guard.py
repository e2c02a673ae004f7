"""The personal-data guard in the portal: when and on what the scanner runs,
where its findings are kept, and what they block.

* Every file uploaded to a resource is scanned, read as what its content is
  (``file_kinds``: CSV/text, XLSX, GeoJSON), whatever its name or declared
  format; a file the scanner cannot read (PDF, old .xls, ZIP) fails its scan
  and needs a curator's decision. It is scanned at once when
  it is small, or by a background job (``ckan jobs worker``) when it is
  larger than ``ckanext.satudata.privacy.sync_max_bytes``; the PIC sees the
  state of the scan and its findings on the resource page.
* At submission, every file of the dataset is scanned again (large files:
  their finished scan of the same file counts). A `terbuka` or `terbatas`
  dataset with findings is refused, naming resource, column, kind and number
  of rows — never a value (``privacy.render_finding``).
* A background scan still waiting or running after
  ``ckanext.satudata.scan_timeout_minutes`` was lost (Redis restarted, the
  worker died): the next submission queues it again, and so does ``ckan
  satudata pindai-ulang`` (rescan()); the resource page says which.
* A curator may override the findings of a resource, with a reason kept in
  the review history; a new file needs a new decision.
* Small cells (counts 1–4) are warnings for the curator, not a block.
"""
from __future__ import annotations

import datetime
import json
import logging
from typing import Any, Optional

import redis.exceptions

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata import privacy
from ckanext.satudata import site
from ckanext.satudata.model import PrivacyScan, utcnow
from ckanext.satudata.translation import N_
from ckanext.satudata.workflow import catch_up
from ckanext.satudata.model.privacy_scan import (
    SCAN_DONE, SCAN_FAILED, SCAN_PENDING, SCAN_RUNNING)

log = logging.getLogger(__name__)

#: Classifications whose datasets may not carry personal data when submitted.
GUARDED_CLASSIFICATIONS = ("terbuka", "terbatas")


def sync_max_bytes() -> int:
    return config.privacy_sync_max_bytes()


def scan_timeout() -> datetime.timedelta:
    return datetime.timedelta(minutes=config.scan_timeout_minutes())


def is_stale(scan: Optional[PrivacyScan], now: Optional[datetime.datetime] = None) -> bool:
    """Whether `scan` is waiting or running for longer than the timeout (or
    since an unknown time): its job was lost."""
    if scan is None or scan.status not in (SCAN_PENDING, SCAN_RUNNING):
        return False
    if scan.status_since is None:
        return True
    return (now or utcnow()) - scan.status_since > scan_timeout()


def _format_of(resource: dict[str, Any]) -> Optional[str]:
    fmt = resource.get("format") or ""
    if not fmt:
        name = (resource.get("url") or "").rsplit("/", 1)[-1]
        fmt = name.rsplit(".", 1)[-1] if "." in name else ""
    return fmt or None


def is_scanned(resource: dict[str, Any]) -> bool:
    """Whether the resource's file is scanned: every uploaded file is (what
    it is comes from its content, not from its declared format)."""
    return site.is_upload(resource)


def fingerprint(resource: dict[str, Any]) -> str:
    """Which file a scan was made of (its name, and the size and time or
    content hash CKAN's storage tells; see ``site.uploaded_signature``)."""
    signature = site.uploaded_signature(resource) or "missing"
    return f"{(resource.get('url') or '').rsplit('/', 1)[-1]}|{signature}"


def display_name(resource: dict[str, Any]) -> str:
    return resource.get("name") or (resource.get("url") or "").rsplit("/", 1)[-1] \
        or resource["id"]


def _resource_dict(resource_id: str) -> Optional[dict[str, Any]]:
    try:
        return tk.get_action("resource_show")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return None


def _row(resource: dict[str, Any]) -> PrivacyScan:
    scan = PrivacyScan.get(resource["id"])
    if scan is None:
        scan = PrivacyScan(resource_id=resource["id"], package_id=resource["package_id"],
                           fingerprint="", status=SCAN_PENDING, findings=[], warnings=[],
                           rows_scanned=0, requeued=0)
        model.Session.add(scan)
    return scan


def _same_file_or_reset(scan: PrivacyScan, resource: dict[str, Any]) -> None:
    """A new file drops the override and the count of re-queues."""
    current = fingerprint(resource)
    if scan.fingerprint != current:
        scan.override_by = scan.override_reason = scan.override_at = None
        scan.requeued = 0
    scan.fingerprint = current


def scan_now(resource: dict[str, Any]) -> PrivacyScan:
    """Scan the resource's file now and store the result (committed)."""
    scan = _row(resource)
    _same_file_or_reset(scan, resource)
    scan.status, scan.status_since = SCAN_RUNNING, utcnow()
    model.Session.commit()
    try:
        with site.open_uploaded(resource) as stored:
            result = privacy.scan_file(stored, format_hint=_format_of(resource))
    except privacy.ScanError as error:
        # Kept as message and parameters, translated when shown.
        scan.status, scan.error = SCAN_FAILED, json.dumps(
            {"message": error.message, "params": error.params}, default=str)
        scan.findings, scan.warnings, scan.rows_scanned = [], [], 0
    except OSError:
        log.warning("Could not read the file of resource %s", resource["id"], exc_info=True)
        scan.status, scan.error = SCAN_FAILED, json.dumps(
            {"message": N_("Berkas tidak dapat dibaca."), "params": {}})
        scan.findings, scan.warnings, scan.rows_scanned = [], [], 0
    except Exception:
        # Never left "berjalan": a scan that broke is a failed scan.
        log.exception("Personal-data scan of resource %s failed", resource["id"])
        scan.status, scan.error = SCAN_FAILED, json.dumps(
            {"message": N_("Pemeriksaan berkas gagal karena kesalahan sistem; coba unggah "
                           "ulang atau hubungi admin portal."), "params": {}})
        scan.findings, scan.warnings, scan.rows_scanned = [], [], 0
    else:
        scan.status, scan.error = SCAN_DONE, None
        scan.findings = [finding.to_dict() for finding in result.findings]
        scan.warnings = [finding.to_dict() for finding in result.warnings]
        scan.rows_scanned = result.rows_scanned
    scan.scanned = scan.status_since = utcnow()
    model.Session.commit()
    return scan


def run_scan_job(resource_id: str) -> None:
    """Background job: scan one resource's file."""
    resource = _resource_dict(resource_id)
    if resource is not None and is_scanned(resource):
        scan_now(resource)


def _enqueue(resource: dict[str, Any], again: bool = False) -> PrivacyScan:
    """Queue a background scan; `again`: the previous one was lost."""
    scan = _row(resource)
    _same_file_or_reset(scan, resource)
    if again:
        scan.requeued = (scan.requeued or 0) + 1
    scan.status, scan.status_since, scan.error = SCAN_PENDING, utcnow(), None
    model.Session.commit()
    try:
        tk.enqueue_job(run_scan_job, [resource["id"]],
                       title=f"Pemeriksaan data pribadi {resource['id']}")
    except (redis.exceptions.RedisError, OSError) as error:
        # Redis is down: the upload is kept, the scan queued by the catch-up.
        catch_up.put_off(catch_up.PRIVACY_SCAN, resource["id"], "resource", error)
    return scan


def _is_small(resource: dict[str, Any]) -> bool:
    size = site.uploaded_size(resource)
    return size is None or size <= sync_max_bytes()


def resource_saved(resource: dict[str, Any]) -> None:
    """After a resource is created or updated: scan its file if it is new."""
    if not is_scanned(resource):
        scan = PrivacyScan.get(resource["id"])
        if scan is not None:  # the upload was replaced by a link
            model.Session.delete(scan)
            model.Session.commit()
        return
    scan = PrivacyScan.get(resource["id"])
    if scan is not None and scan.fingerprint == fingerprint(resource) \
            and scan.status != SCAN_FAILED:
        return  # metadata changed, not the file
    if _is_small(resource):
        scan_now(resource)
    else:
        _enqueue(resource)


# -- What a submission must answer for ------------------------------------------

def _error_text(stored: Optional[str]) -> str:
    """A stored scan error in the user's language."""
    if not stored:
        return ""
    try:
        error = json.loads(stored)
        message_id = error["message"]
        return tk._(message_id).format(**error.get("params") or {})
    except (ValueError, KeyError, TypeError):
        return stored


def _findings(items: list[dict[str, Any]]) -> list[privacy.Finding]:
    return [privacy.Finding.from_dict(item) for item in items]


def submission_problems(package_id: str) -> list[str]:
    """Why the dataset may not be submitted, one message per problem (empty:
    it may). Scans again every file that can be scanned at once."""
    package = tk.get_action("package_show")({"ignore_auth": True}, {"id": package_id})
    if package.get("klasifikasi_akses") not in GUARDED_CLASSIFICATIONS:
        return []
    problems = []
    for resource in package.get("resources") or []:
        if not is_scanned(resource):
            continue
        name = display_name(resource)
        scan = PrivacyScan.get(resource["id"])
        same_file = scan is not None and scan.fingerprint == fingerprint(resource)
        if _is_small(resource):
            scan = scan_now(resource)
        elif same_file and is_stale(scan):
            _enqueue(resource, again=True)
            problems.append(tk._(
                "{resource}: pemeriksaan data pribadi sebelumnya terhenti dan telah diantrekan "
                "ulang; ajukan kembali setelah selesai.").format(resource=name))
            continue
        elif not same_file or scan.status == SCAN_FAILED:
            _enqueue(resource)
            scan = None
        if scan is None or scan.status in (SCAN_PENDING, SCAN_RUNNING):
            problems.append(tk._(
                "{resource}: pemeriksaan data pribadi masih berjalan; ajukan kembali "
                "setelah selesai.").format(resource=name))
            continue
        if scan.override_at is not None:
            continue
        if scan.status == SCAN_FAILED:
            problems.append(tk._(
                "{resource}: berkas tidak dapat diperiksa ({error}); perbaiki berkasnya "
                "atau minta kurator memeriksanya.").format(resource=name,
                                                           error=_error_text(scan.error)))
            continue
        problems.extend(privacy.render_findings(
            privacy.blocking(_findings(scan.findings)), resource=name, gettext=tk._))
    return problems


def refuse_submission_with_findings(package_id: str) -> None:
    """Raise a ValidationError listing the findings, if there are any."""
    problems = submission_problems(package_id)
    if problems:
        hint = tk._(
            "Dataset ini tidak dapat diajukan karena berisi data pribadi. Hapus "
            "kolom tersebut atau sajikan datanya secara agregat (jumlah), lalu "
            "unggah ulang berkasnya sebagai sumber data baru.")
        raise tk.ValidationError({"data_pribadi": [hint] + problems})


def scan_dict(scan: Optional[PrivacyScan], resource: dict[str, Any]) -> dict[str, Any]:
    """The scan of a resource for the API and the pages (messages rendered)."""
    if scan is None:
        return {"resource_id": resource["id"], "scanned": is_scanned(resource),
                "status": None, "findings": [], "warnings": []}
    name = display_name(resource)
    override_user = model.User.get(scan.override_by) if scan.override_by else None

    def rendered(items):
        return [dict(item, message=privacy.render_finding(
            privacy.Finding.from_dict(item), resource=name, gettext=tk._)) for item in items]

    return {
        "resource_id": scan.resource_id,
        "scanned": True,
        "status": scan.status,
        "findings": rendered(scan.findings),
        "warnings": rendered(scan.warnings),
        "rows_scanned": scan.rows_scanned,
        "error": _error_text(scan.error) or None,
        "scanned_at": scan.scanned.isoformat() if scan.scanned else None,
        # Waiting or running since when; stale: for longer than the timeout
        # (lost, queued again by the next submission); requeued: how often.
        "status_since": scan.status_since.isoformat() if scan.status_since else None,
        "stale": is_stale(scan),
        "requeued": scan.requeued or 0,
        "timeout_minutes": config.scan_timeout_minutes(),
        "override": None if scan.override_at is None else {
            "by": override_user.name if override_user else None,
            "reason": scan.override_reason,
            "at": scan.override_at.isoformat(),
        },
    }


def rescan(resource_id: Optional[str] = None, now: bool = False) -> list[tuple[str, str]]:
    """Scan again one resource (`resource_id`, whatever its state) or every
    lost scan (waiting or running for longer than the timeout): a large file
    is queued again, a small one, or any with `now`, is scanned in this
    process. Returns (resource name, new status) of each; raises
    ObjectNotFound for an unknown resource or one without an uploaded file."""
    if resource_id is not None:
        resource = _resource_dict(resource_id)
        if resource is None or not is_scanned(resource):
            raise tk.ObjectNotFound(tk._("Sumber data dengan berkas unggahan tidak ditemukan."))
        resources = [resource]
    else:
        lost = PrivacyScan.unfinished_since(utcnow() - scan_timeout())
        resources = [r for r in (_resource_dict(scan.resource_id) for scan in lost)
                     if r is not None and is_scanned(r)]
    done = []
    for resource in resources:
        previous = PrivacyScan.get(resource["id"])
        again = previous is not None and is_stale(previous)
        scan = scan_now(resource) if now or _is_small(resource) \
            else _enqueue(resource, again=again)
        done.append((display_name(resource), scan.status))
    return done


def satudata_privacy_scan(resource: dict[str, Any]) -> Optional[dict[str, Any]]:
    """Template helper: the scan of `resource` for the current user, or None
    when they may not see it (or the resource is not scanned)."""
    if not tk.current_user.is_authenticated or not is_scanned(resource):
        return None
    try:
        return tk.get_action("satudata_privacy_scan_show")(
            site.user_context(), {"id": resource["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def satudata_privacy_summary(pkg_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """Template helper: the resources of a dataset whose scan has findings or
    warnings, or is not finished, for the current user (empty when they may
    not see scans). Each: ``{resource_id, name, status, findings, warnings,
    overridden}`` (counts). One access check and one query for the whole
    dataset: its resources share the dataset's answer."""
    if not tk.current_user.is_authenticated:
        return []
    resources = [resource for resource in pkg_dict.get("resources") or []
                 if is_scanned(resource)]
    if not resources:
        return []
    try:
        tk.check_access("satudata_privacy_scan_show", site.user_context(),
                        {"id": resources[0]["id"]})
    except tk.NotAuthorized:
        return []
    scans = {scan.resource_id: scan for scan in PrivacyScan.for_package(pkg_dict["id"])}
    summary = []
    for resource in resources:
        scan = scans.get(resource["id"])
        if scan is None:
            continue
        if scan.status == SCAN_DONE and not scan.findings and not scan.warnings:
            continue
        summary.append({
            "resource_id": resource["id"], "name": display_name(resource),
            "status": scan.status, "findings": len(scan.findings),
            "warnings": len(scan.warnings), "overridden": scan.override_at is not None,
        })
    return summary
