"""Auth for the city map: published points are public."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.logic.auth.outcome import callers, dataset_of, outcome
from ckanext.satudata.translation import N_
from ckanext.satudata.workflow import roles

__all__ = ["satudata_map_points", "satudata_map_clusters", "satudata_point_edit"]


@tk.auth_allow_anonymous_access
def satudata_map_points(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    # Only published layers are served (see map_points), so anyone may ask.
    return {"success": True}


@tk.auth_allow_anonymous_access
def satudata_map_clusters(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    # Only published layers are counted (see map_clusters), so anyone may ask.
    return {"success": True}


@callers(N_("PIC kelurahan pemilik lapisan titik, dan kurator."))
def satudata_point_edit(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """The point entry page of a point layer ("Tambah / pindahkan titik")
    and its save: the PIC of the layer's kelurahan, or a curator."""
    package = dataset_of(data_dict)
    user = context.get("user")
    allowed = (package is not None and package.type == "peta-titik"
               and package.state != "deleted"
               and (roles.is_pic(user, package.owner_org) or roles.is_curator(user)))
    return outcome(allowed, N_("Hanya PIC kelurahan pemilik lapisan titik dan kurator yang "
                               "dapat menambah atau memindahkan titik."))
