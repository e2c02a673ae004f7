"""Template helpers of the DataStore loading (xloader), asked once per page."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata import site

__all__ = ["xloader_badge"]

#: The load states xloader shows a badge for (the others only with
#: ``ckanext.xloader.debug_badges``).
_BADGE_STATES = frozenset({"submitting", "pending", "running", "running_but_viewable", "error"})


@site.per_request
def _load_states(package_id: str) -> dict[str, str]:
    """{resource id: xloader's load state} for every resource of a dataset,
    in one query (xloader asks once per resource, with its own user lookup)."""
    rows = model.Session.query(model.TaskStatus.entity_id, model.TaskStatus.state).join(
        model.Resource, model.Resource.id == model.TaskStatus.entity_id).filter(
        model.Resource.package_id == package_id,
        model.TaskStatus.task_type == "xloader",
        model.TaskStatus.key == "xloader")
    return dict(rows.all())


@tk.chained_helper
def xloader_badge(next_helper: Any, resource: dict[str, Any]) -> str:
    """xloader's badge, drawn by xloader only when it shows something: a
    load waiting, running or failed (or every state with debug badges)."""
    if not config.xloader_debug_badges():
        state = _load_states(resource.get("package_id") or "").get(resource.get("id") or "")
        if state not in _BADGE_STATES:
            return ""
    return next_helper(resource)
