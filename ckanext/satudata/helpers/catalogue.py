"""Template helpers of the indicator catalogue."""
from __future__ import annotations

from typing import Any, Optional

from ckanext.satudata import site
from ckanext.satudata.catalogue import definitions, glue
from ckanext.satudata.workflow import roles

__all__ = ["satudata_catalogue_comparison", "satudata_catalogue_labels"]


def satudata_catalogue_comparison(pkg_dict: dict[str, Any]) -> Optional[dict[str, Any]]:
    """For the review panel of a `statistik-sektoral` dataset, to its
    kelurahan's PICs and the curators: how its metadata stands against its
    catalogue indicator (``glue.comparison``), plus ``published_with``
    (the indicator at the version the dataset was published with, or None).
    None for anyone else and for other types."""
    user_name = site.current_user_name()
    if not (roles.is_curator(user_name) or roles.is_pic(user_name, pkg_dict.get("owner_org"))):
        return None
    found = glue.comparison(pkg_dict)
    if found is not None:
        found["published_with"] = glue.published_with(pkg_dict["id"])
    return found


def satudata_catalogue_labels() -> dict[str, str]:
    """{field: label msgid} of an indicator's fields, in display order."""
    return dict(definitions.LABELS)
