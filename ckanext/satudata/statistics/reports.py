"""The validation report of every uploaded table, in the portal (the checks
themselves: ``statistics/validation.py``).

* Each file uploaded to a resource of a dataset type with a table schema
  (`statistik-sektoral`, `profil-kelurahan`) is checked when it is stored,
  at the point the personal-data scan runs, synchronously (the checks read
  at most ``validation.MAX_ROWS`` rows). One report per resource, replaced
  when a new file is uploaded; a file that is not a table (PDF, GeoJSON)
  has none.
* The PIC sees the report on the resource and dataset pages right after the
  upload, the curator in the review panel; ``satudata_validation_show``
  gives it to the owning kelurahan and the curators.
* A dataset with errors in one of its tables cannot be submitted: the
  submission checks every table again (a changed file, frequency or unit
  gives a new report). Warnings and questions do not block.
"""
from __future__ import annotations

import functools
import logging
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import site
from ckanext.satudata.model import ValidationReport, indicator_value_table, utcnow
from ckanext.satudata.privacy import guard as privacy_guard
from ckanext.satudata.reference import kelurahan as reference
from ckanext.satudata.statistics import validation
from ckanext.satudata.statistics.periods import parse_period
from ckanext.satudata.statistics.tables import read_observations, table_rows
from ckanext.satudata.tabular import table_schemas
from ckanext.satudata.translation import N_

log = logging.getLogger(__name__)

STATISTIK = "statistik-sektoral"


def regions() -> validation.Regions:
    """The desa/kelurahan of the configured region, their kecamatan, their
    kabupaten/kota and (a province configured) the province; built once per
    region."""
    return _regions_of(reference.current())


@functools.lru_cache(maxsize=8)
def _regions_of(region: reference.Region) -> validation.Regions:
    province = region.codes[0] if len(region.codes) == 1 and "." not in region.codes[0] else ""
    return validation.regions_of(region.kelurahan, region.title, province)


def schema_of(dataset_type: Optional[str]) -> Optional[table_schemas.TableSchema]:
    return table_schemas.DATASET_SCHEMAS.get(dataset_type or "")


def is_validated(resource: dict[str, Any], dataset_type: Optional[str]) -> bool:
    """Whether the resource's file gets a report: an upload to a dataset
    type that has a table schema."""
    return site.is_upload(resource) and schema_of(dataset_type) is not None


def _inputs(package: dict[str, Any]) -> dict[str, str]:
    """What of the dataset the report depends on, beside the file."""
    return {"frekuensi": package.get("frekuensi") or "", "satuan": package.get("satuan") or ""}


def _previous(package_id: str) -> dict[tuple[str, str], list[tuple[Any, float]]]:
    """The values of this dataset published before, for the jump warnings."""
    values = indicator_value_table
    previous: dict[tuple[str, str], list[tuple[Any, float]]] = {}
    rows = model.Session.execute(
        sa.select(values.c.kode_wilayah, values.c.nama_wilayah, values.c.periode,
                  values.c.indikator, values.c.nilai)
        .where(values.c.package_id == package_id)).all()
    areas = regions()
    for row in rows:
        try:
            periode = parse_period(row.periode)
        except ValueError:
            continue
        key = row.kode_wilayah or areas.kode_of_name(row.nama_wilayah) \
            or validation.name_key(row.nama_wilayah)
        previous.setdefault((key, (row.indikator or "").lower()), []).append(
            (periode, row.nilai))
    return previous


def _read(stored, dataset_type: str) -> dict[str, Any]:
    """What the shared statistics reader makes of a statistic's table: its
    problems with the rows it cannot read, and the value of every other row
    (the checks then read numbers the way the published figures are read)."""
    if dataset_type != STATISTIK:
        return {}
    table = table_rows(stored)
    if table is None:
        return {}
    try:
        result = read_observations(table)
    finally:
        getattr(table, "close", lambda: None)()
        stored.seek(0)
    return {"reading_problems": list(getattr(result, "problems", None) or []),
            "reading_counts": dict(getattr(result, "problem_counts", None) or {}),
            "values": {observation.row: observation.nilai
                       for observation in result.observations}}


def _failed(message: str) -> validation.Report:
    report = validation.Report()
    report.add(validation.Problem(validation.ERROR, "unreadable", message))
    return report


def check(resource: dict[str, Any], package: dict[str, Any]) -> Optional[ValidationReport]:
    """Check the resource's file now and keep the report (committed); None
    (and no report kept) when the file is not a table."""
    schema = schema_of(package.get("type"))
    if schema is None:
        return None
    inputs = _inputs(package)
    try:
        with site.open_uploaded(resource) as stored:
            read = _read(stored, package["type"])
            table = table_rows(stored)
            if table is None:
                report = None
            else:
                try:
                    report = validation.validate(
                        table, schema, regions(), frekuensi=inputs["frekuensi"],
                        satuan=inputs["satuan"], previous=_previous(package["id"]), **read)
                finally:
                    getattr(table, "close", lambda: None)()
    except OSError:
        log.warning("Could not read the file of resource %s", resource["id"], exc_info=True)
        report = _failed(N_("Berkas tidak dapat dibaca; unggah ulang berkasnya."))
    except Exception:
        log.exception("Validation of resource %s failed", resource["id"])
        report = _failed(N_("Pemeriksaan tabel gagal karena kesalahan sistem; coba unggah "
                            "ulang atau hubungi admin portal."))
    stored_report = ValidationReport.get(resource["id"])
    if report is None:
        if stored_report is not None:
            model.Session.delete(stored_report)
            model.Session.commit()
        return None
    if stored_report is None:
        stored_report = ValidationReport(resource_id=resource["id"],
                                         package_id=resource["package_id"])
        model.Session.add(stored_report)
    stored_report.fingerprint = privacy_guard.fingerprint(resource)
    stored_report.report = dict(report.to_dict(), inputs=inputs)
    stored_report.errors = report.counts[validation.ERROR]
    stored_report.warnings = report.counts[validation.WARNING]
    stored_report.questions = report.counts[validation.QUESTION]
    stored_report.checked = utcnow()
    model.Session.commit()
    return stored_report


def _package(package_id: str) -> Optional[dict[str, Any]]:
    try:
        return tk.get_action("package_show")({"ignore_auth": True, "use_cache": False},
                                             {"id": package_id})
    except tk.ObjectNotFound:
        return None


def _is_current(stored: Optional[ValidationReport], resource: dict[str, Any],
                package: dict[str, Any]) -> bool:
    return (stored is not None and stored.fingerprint == privacy_guard.fingerprint(resource)
            and (stored.report or {}).get("inputs") == _inputs(package))


def resource_saved(resource: dict[str, Any]) -> None:
    """After a resource is created or updated: check its file if it is new
    (a report of another file is dropped)."""
    package = model.Package.get(resource.get("package_id") or "")
    stored = ValidationReport.get(resource["id"])
    if package is None or not is_validated(resource, package.type):
        if stored is not None:  # the upload was replaced by a link
            model.Session.delete(stored)
            model.Session.commit()
        return
    if stored is not None and stored.fingerprint == privacy_guard.fingerprint(resource):
        return  # metadata changed, not the file
    package_dict = _package(package.id)
    if package_dict is not None:
        check(resource, package_dict)


def current_reports(package_id: str) -> list[tuple[dict[str, Any], ValidationReport]]:
    """(resource, report) of every table of the dataset, checked again when
    the file or the dataset's frequency or unit changed since."""
    package = _package(package_id)
    if package is None or schema_of(package.get("type")) is None:
        return []
    reports = []
    for resource in package.get("resources") or []:
        if not is_validated(resource, package["type"]):
            continue
        stored = ValidationReport.get(resource["id"])
        if not _is_current(stored, resource, package):
            stored = check(resource, package)
        if stored is not None:
            reports.append((resource, stored))
    return reports


def refuse_submission_with_errors(package_id: str) -> None:
    """A ValidationError when a table of the dataset has errors, naming how
    many and where."""
    with_errors = [(resource, stored) for resource, stored in current_reports(package_id)
                   if stored.errors]
    if not with_errors:
        return
    total = sum(stored.errors for _resource, stored in with_errors)
    messages = [tk._(
        "Dataset ini tidak dapat diajukan: tabelnya berisi {count} kesalahan. Perbaiki "
        "berkasnya sesuai laporan pemeriksaan, lalu unggah ulang.").format(count=total)]
    messages += [tk._("{resource}: {count} kesalahan.").format(
        resource=privacy_guard.display_name(resource), count=stored.errors)
        for resource, stored in with_errors]
    raise tk.ValidationError({"validasi": messages})


def report_dict(stored: Optional[ValidationReport], resource: dict[str, Any]
                ) -> dict[str, Any]:
    """The report of a resource for the API and the pages (messages rendered
    in the reader's language): ``{resource_id, name, validated, checked_at,
    rows, counts, errors, warnings, questions, more}``; ``more``: how many
    of each severity are counted but not listed."""
    base = {"resource_id": resource["id"], "name": privacy_guard.display_name(resource)}
    if stored is None:
        return dict(base, validated=False, checked_at=None, rows=0,
                    counts=dict.fromkeys(validation.SEVERITIES, 0),
                    errors=[], warnings=[], questions=[],
                    more=dict.fromkeys(validation.SEVERITIES, 0))
    report = validation.Report.from_dict(stored.report or {})

    def listed(severity):
        return [dict(problem.to_dict(), message=problem.render(tk._))
                for problem in report.of(severity)]

    return dict(base, validated=True, checked_at=stored.checked.isoformat(), rows=report.rows,
                schema=report.schema, counts=dict(report.counts),
                errors=listed(validation.ERROR), warnings=listed(validation.WARNING),
                questions=listed(validation.QUESTION),
                more={severity: report.more(severity) for severity in validation.SEVERITIES})


# -- template helpers -------------------------------------------------------------

def satudata_validation_report(resource: dict[str, Any]) -> Optional[dict[str, Any]]:
    """Template helper: the report of `resource` for the current user, or
    None when there is none or they may not see it."""
    if not tk.current_user.is_authenticated or not site.is_upload(resource):
        return None
    try:
        report = tk.get_action("satudata_validation_show")(
            site.user_context(), {"id": resource["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None
    return report if report.get("validated") else None


def dataset_reports(package_dict: dict[str, Any]) -> dict[str, Any]:
    """The reports of a dataset's uploaded tables, from its live dict:
    ``{package_id, counts, resources: [report, ...]}`` (one query)."""
    tables = [resource for resource in package_dict.get("resources") or []
              if is_validated(resource, package_dict.get("type"))]
    stored = {report.resource_id: report for report in ValidationReport.for_resources(
        [resource["id"] for resource in tables])} if tables else {}
    results = [report_dict(stored.get(resource["id"]), resource) for resource in tables]
    counts = {severity: sum(r["counts"].get(severity, 0) for r in results)
              for severity in ("error", "warning", "question")}
    return {"package_id": package_dict["id"], "counts": counts, "resources": results}


def satudata_validation_summary(pkg_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """Template helper: the reports of the dataset's tables that found
    something, for the current user (empty when they may not see them).
    `pkg_dict` is the page's dataset, live for those who may see the
    reports (its kelurahan and the curators)."""
    if not tk.current_user.is_authenticated or schema_of(pkg_dict.get("type")) is None:
        return []
    try:
        tk.check_access("satudata_validation_show", site.user_context(), {"id": pkg_dict["id"]})
    except tk.NotAuthorized:
        return []
    return [report for report in dataset_reports(pkg_dict)["resources"]
            if any(report["counts"].values())]
