"""Core's dataset actions, adjusted for published versions (see
ckanext.satudata.published_version)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.satudata import activity, published_version

__all__ = ["resource_show", "activity_create"]


@tk.side_effect_free
@tk.chained_action
def resource_show(up_func, context, data_dict):
    """Core's resource_show; callers who may not see an unapproved edit get
    the resource as published."""
    return published_version.resource_for(context, up_func(context, data_dict))


@tk.chained_action
def activity_create(up_func, context, data_dict):
    """The activity plugin's activity_create; the activity of an edit of a
    published dataset is visible to its kelurahan and the curators only."""
    activity.label_activity(context, data_dict)
    return up_func(context, data_dict)
