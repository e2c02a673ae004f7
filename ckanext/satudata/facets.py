"""Search facets: kecamatan (from the kelurahan that owns the dataset) and,
for signed-in users, the review state."""
from __future__ import annotations

from collections import OrderedDict

import ckan.model as model
import ckan.plugins.toolkit as tk


def kecamatan_of(owner_org: str | None) -> str | None:
    organization = model.Group.get(owner_org) if owner_org else None
    return organization.extras.get("kecamatan") if organization else None


def dataset_facets(facets_dict: OrderedDict) -> OrderedDict:
    """Kecamatan first, next to the organisations; the state only for
    signed-in users (the public sees published datasets only)."""
    ordered = OrderedDict()
    ordered["kecamatan"] = tk._("Kecamatan")
    ordered.update(facets_dict)
    if tk.current_user.is_authenticated:
        ordered["satudata_status"] = tk._("Status")
    return ordered
