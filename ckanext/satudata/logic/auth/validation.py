"""Auth of the validation report: the owning kelurahan and the curators,
like the dataset's unpublished state (never an anonymous visitor)."""
from __future__ import annotations

import ckan.model as model

from ckanext.satudata.logic.auth.outcome import callers, outcome
from ckanext.satudata.translation import N_
from ckanext.satudata.workflow import visibility

__all__ = ["satudata_validation_show"]


def _package(data_dict):
    reference = data_dict.get("id") if isinstance(data_dict.get("id"), str) else ""
    resource = model.Resource.get(reference) if reference else None
    if resource is not None:
        return resource.package
    return model.Package.get(reference) if reference else None


@callers(N_("Kelurahan pemilik dataset dan kurator."))
def satudata_validation_show(context, data_dict):
    package = _package(data_dict)
    return outcome(
        package is not None and visibility.can_see_unpublished(context.get("user"), package),
        N_("Hanya kelurahan pemilik dataset dan kurator yang dapat melihat laporan "
           "pemeriksaan tabel."))
