"""What follows a change of a dataset's public version.

The workflow actions call these after a transition is committed: when a
dataset is published or an approved edit of it lands (`published`), and
when it is withdrawn (`unpublished`). Whatever the portal derives from
published data only (for example the map points) is kept up to date here,
never by re-reading files per request.
"""
from __future__ import annotations

import logging
from typing import Any

import ckan.model as model

from ckanext.satudata import indicators, map_points

log = logging.getLogger(__name__)


def published(package_id: str, public_dataset: dict[str, Any]) -> None:
    """`public_dataset` is the dataset as the public now sees it (the
    package_show dict of the approved version, resources included)."""
    # The decision is committed already: a map that cannot be updated is
    # logged, never turned into a failed approval.
    try:
        map_points.extract(package_id, public_dataset)
    except Exception:
        model.Session.rollback()
        log.exception("map points of dataset %s not updated", package_id)
    try:
        indicators.extract(package_id, public_dataset)
    except Exception:
        model.Session.rollback()
        log.exception("statistics of dataset %s not updated", package_id)


def unpublished(package_id: str) -> None:
    """The dataset is no longer public."""
    try:
        map_points.remove(package_id)
    except Exception:
        model.Session.rollback()
        log.exception("map points of dataset %s not removed", package_id)
    try:
        indicators.remove(package_id)
    except Exception:
        model.Session.rollback()
        log.exception("statistics of dataset %s not removed", package_id)
