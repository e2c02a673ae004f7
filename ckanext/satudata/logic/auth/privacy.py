"""Auth of the personal-data guard: findings for the kelurahan and the
curators; overrides for the curators."""
from __future__ import annotations

import ckan.model as model

from ckanext.satudata.logic.auth.outcome import callers, curators_only, outcome
from ckanext.satudata.translation import N_
from ckanext.satudata.workflow import visibility

__all__ = ["satudata_privacy_scan_show", "satudata_privacy_override"]

def _package_of_resource(data_dict):
    resource = model.Resource.get(data_dict.get("id") or "")
    return resource.package if resource is not None else None


@callers(N_("Kelurahan pemilik dataset dan kurator."))
def satudata_privacy_scan_show(context, data_dict):
    package = _package_of_resource(data_dict)
    return outcome(
        package is not None and visibility.can_see_unpublished(context.get("user"), package),
        N_("Hanya kelurahan pemilik dataset dan kurator yang dapat melihat hasil "
           "pemeriksaan data pribadi."))


satudata_privacy_override = curators_only(N_(
    "Hanya kurator Diskominfo yang dapat mengesampingkan temuan data pribadi."))
