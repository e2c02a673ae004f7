"""What follows a change of a dataset's public version.

The workflow actions call these after a transition is committed: when a
dataset is published or an approved edit of it lands (`published`), and
when it is withdrawn (`unpublished`). Whatever the portal derives from
published data only (for example the map points) is kept up to date here,
never by re-reading files per request.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

import ckan.model as model

from ckanext.satudata.catalogue import glue as catalogue
from ckanext.satudata.interop import dcat_profile
from ckanext.satudata.maps import boundary_datasets
from ckanext.satudata.maps import extraction as map_extraction
from ckanext.satudata.statistics import indicators

log = logging.getLogger(__name__)


def _each(package_id: str, steps: list[tuple[str, Callable[[], Any]]]) -> None:
    """Runs each step on its own: the decision is committed already, so a
    step that fails (say, a map that cannot be updated) is rolled back and
    logged, never turned into a failed decision, and the others still run."""
    for what, step in steps:
        try:
            step()
            model.Session.commit()
        except Exception:
            model.Session.rollback()
            log.exception("%s of dataset %s not updated", what, package_id)


def published(package_id: str, public_dataset: dict[str, Any]) -> None:
    """`public_dataset` is the dataset as the public now sees it (the
    package_show dict of the approved version, resources included)."""
    _each(package_id, [
        ("map points", lambda: map_extraction.extract(package_id, public_dataset)),
        ("statistics", lambda: indicators.extract(package_id, public_dataset)),
        ("boundaries", lambda: boundary_datasets.published(package_id, public_dataset)),
        ("catalogue Turtle", lambda: dcat_profile.describe_published(package_id)),
        ("catalogue version",
         lambda: catalogue.record_publication(package_id, public_dataset)),
    ])


def unpublished(package_id: str) -> None:
    """The dataset is no longer public."""
    _each(package_id, [
        ("map points", lambda: map_extraction.remove(package_id)),
        ("statistics", lambda: indicators.remove(package_id)),
        ("boundaries", lambda: boundary_datasets.unpublished(package_id)),
        ("catalogue Turtle", lambda: dcat_profile.forget_published(package_id)),
    ])


def refresh_all() -> int:
    """Derive again, for every published dataset, what the portal derives
    from its public version (map points, statistics), and keep a published
    version for datasets published before versions were kept. For an
    upgraded portal, or after a change in how points or figures are read.
    Returns how many datasets were refreshed."""
    # Imported here: published_version imports the search index machinery.
    import ckan.lib.search as search

    from ckanext.satudata.workflow import published_version
    from ckanext.satudata.model import DatasetStatus
    from ckanext.satudata.workflow import states

    package_ids = [package_id for (package_id,) in (
        model.Session.query(DatasetStatus.package_id)
        .join(model.Package, model.Package.id == DatasetStatus.package_id)
        .filter(DatasetStatus.state.in_(states.PUBLIC_STATES),
                model.Package.state == "active"))]
    for package_id in package_ids:
        if published_version.snapshot_of(package_id) is None:
            status = DatasetStatus.get(package_id)
            status.published_snapshot = published_version.capture(package_id)
            model.Session.commit()
            search.rebuild(package_id)
        published(package_id, published_version.snapshot_of(package_id)["custom"])
    return len(package_ids)
