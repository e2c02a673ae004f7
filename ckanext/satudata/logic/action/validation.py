"""Actions of the validation report of uploaded tables (see
ckanext.satudata.statistics.reports)."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.logic import params
from ckanext.satudata.model import ValidationReport
from ckanext.satudata.statistics import reports

__all__ = ["satudata_validation_show"]


@tk.side_effect_free
@params.reads(id=params.identifier)
def satudata_validation_show(context, data_dict):
    """The validation report of an uploaded table, or of every table of a
    dataset. The owning kelurahan's members and curators.

    :param id: a resource's id (its report), or a dataset's id or name (the
        reports of its uploaded tables).
    :returns: for a resource, ``{resource_id, name, validated, checked_at,
        rows, counts: {error, warning, question}, errors, warnings,
        questions, more}``: each problem ``{severity, code, row, column,
        value, message, params}`` (row 1 is the header; at most 50 of each
        severity are listed, ``more`` counts the rest); for a dataset,
        ``{package_id, counts, resources: [report, ...]}``.
    """
    reference = data_dict["id"]
    resource = model.Resource.get(reference)
    if resource is not None and resource.state != "deleted":
        tk.check_access("satudata_validation_show", context, {"id": reference})
        resource_dict = tk.get_action("resource_show")({"ignore_auth": True}, {"id": resource.id})
        return reports.report_dict(ValidationReport.get(resource.id), resource_dict)
    package = model.Package.get(reference)
    if package is None or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Sumber data atau dataset tidak ditemukan."))
    tk.check_access("satudata_validation_show", context, {"id": package.id})
    package_dict = tk.get_action("package_show")({"ignore_auth": True}, {"id": package.id})
    return reports.dataset_reports(package_dict)
