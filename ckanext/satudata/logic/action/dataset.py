"""Core's dataset actions, adjusted for published versions (see
ckanext.satudata.workflow.published_version)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.workflow import activity
from ckanext.satudata.workflow import published_version
from ckanext.satudata.workflow import visibility
from ckanext.satudata.logic import params
from ckanext.satudata.model import DatasetStatus
from ckanext.satudata.workflow import states

__all__ = ["resource_show", "activity_create", "package_list", "resource_search",
           "tag_list", "tag_autocomplete", "tag_show", "member_list"]


@tk.side_effect_free
@tk.chained_action
@params.reads(id=params.identifier)
def resource_show(up_func, context, data_dict):
    """Core's resource_show; callers who may not see an unapproved edit get
    the resource as published."""
    return published_version.resource_for(context, up_func(context, data_dict))


@tk.chained_action
@params.reads(object_id=params.optional_identifier, user_id=params.optional_identifier)
def activity_create(up_func, context, data_dict):
    """The activity plugin's activity_create; the activity of an edit of a
    published dataset is visible to its kelurahan and the curators only; a
    table preview's activity is recorded only for a resource the public sees
    (see activity.withheld)."""
    activity.label_activity(context, data_dict)
    if activity.withheld(data_dict):
        tk.check_access("activity_create", context, data_dict)
        return None
    return up_func(context, data_dict)


# -- Core's lists read straight from the database: published data only -------

def _sees_everything(context: dict[str, Any]) -> bool:
    return bool(context.get("ignore_auth")) or authz.is_sysadmin(context.get("user"))


@tk.side_effect_free
@tk.chained_action
@params.reads(limit=params.non_negative_int, offset=params.non_negative_int)
def package_list(up_func, context, data_dict):
    """The names of the published datasets (core lists every public one,
    drafts included). Same parameters as core: ``limit``, ``offset``."""
    tk.check_access("package_list", context, data_dict)
    limit = data_dict.get("limit")
    offset = data_dict.get("offset")
    query = (select(model.Package.name)
             .join(DatasetStatus, DatasetStatus.package_id == model.Package.id)
             .where(model.Package.state == "active",
                    model.Package.private.is_(False),
                    DatasetStatus.state.in_(states.PUBLIC_STATES))
             .order_by(model.Package.name))
    if limit:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return list(model.Session.scalars(query))


@tk.side_effect_free
@tk.chained_action
@params.reads(query=params.text_or_text_list, fields=params.text_dict,
              order_by=params.text, limit=params.non_negative_int,
              offset=params.non_negative_int)
def resource_search(up_func, context, data_dict):
    """Core's resource_search, without the resources the caller may not see
    (of unpublished datasets, or added to a published one and not approved).
    Callers who may not see an unapproved edit get the published version of
    each resource, found only when that version matches the query."""
    result = up_func(context, data_dict)
    if _sees_everything(context) or not isinstance(result.get("results"), list):
        return result
    user_name = context.get("user")
    terms = _search_terms(data_dict.get("query"))
    visible = []
    for resource in result["results"]:
        package = model.Package.get(resource.get("package_id") or "")
        if package is None or not visibility.can_see(user_name, package):
            continue
        if published_version.resource_hidden_from(user_name, package, resource["id"]):
            continue
        shown = published_version.resource_for(context, resource)
        if shown is not resource and not _still_matches(terms, resource, shown):
            continue  # it matched an edit the caller may not see
        visible.append(shown)
    return dict(result, results=visible, count=len(visible))


def _search_terms(query: Any) -> dict[str, str]:
    """resource_search's ``field:term`` pairs (core has validated them)."""
    pairs = [query] if isinstance(query, str) else query if isinstance(query, list) else []
    return dict(pair.split(":", 1) for pair in pairs if isinstance(pair, str) and ":" in pair)


def _still_matches(terms: dict[str, str], live: dict[str, Any],
                   published: dict[str, Any]) -> bool:
    """Whether the published version of a resource matches the terms the
    live one matched: a field the edit did not change matches as before; a
    changed one must hold the term (as core compares: a case-insensitive
    substring, the start for `hash`)."""
    for field, term in terms.items():
        before, now = published.get(field), live.get(field)
        if before == now:
            continue
        value, wanted = str(before if before is not None else "").lower(), term.lower()
        if not (value.startswith(wanted) if field == "hash" else wanted in value):
            return False
    return True


def _visible_tag_names(context: dict[str, Any]) -> set[str]:
    found = tk.get_action("package_search")(
        {"user": context.get("user")},
        {"rows": 0, "facet.field": ["tags"], "facet.limit": -1, "include_private": True})
    return set(found.get("facets", {}).get("tags", {}))


def _visible_tags(up_func, context, data_dict) -> list[Any]:
    """Core's tag list (names, or dicts with all_fields), without the tags
    of datasets the caller may not see."""
    tags = up_func(context, data_dict)
    if _sees_everything(context) or data_dict.get("vocabulary_id"):
        return tags
    visible = _visible_tag_names(context)
    return [tag for tag in tags
            if (tag["name"] if isinstance(tag, dict) else tag) in visible]


#: What tag_list and tag_autocomplete read.
_TAG_PARAMS = dict(query=params.text, vocabulary_id=params.optional_identifier,
                   all_fields=params.boolean, limit=params.non_negative_int,
                   offset=params.non_negative_int)


@tk.side_effect_free
@tk.chained_action
@params.reads(**_TAG_PARAMS)
def tag_list(up_func, context, data_dict):
    """Core's tag_list, with only the tags of datasets the caller may see."""
    return _visible_tags(up_func, context, data_dict)


@tk.side_effect_free
@tk.chained_action
@params.reads(**_TAG_PARAMS)
def tag_autocomplete(up_func, context, data_dict):
    """Core's tag_autocomplete, with only the tags of datasets the caller may see."""
    return _visible_tags(up_func, context, data_dict)


def _tagged(context: dict[str, Any], tag: dict[str, Any], rows: int) -> dict[str, Any]:
    """The datasets carrying `tag` that the caller may see: a search made as
    the caller, so the visibility labels decide."""
    vocabulary = model.Vocabulary.get(tag["vocabulary_id"]) if tag.get("vocabulary_id") else None
    field = f"vocab_{vocabulary.name}" if vocabulary is not None else "tags"
    value = tag["name"].replace("\\", "\\\\").replace('"', '\\"')
    return tk.get_action("package_search")(
        {"user": context.get("user")},
        {"fq": f'{field}:"{value}"', "rows": rows, "include_private": True})


@tk.side_effect_free
@tk.chained_action
@params.reads(id=params.identifier, include_datasets=params.boolean,
              vocabulary_id=params.optional_identifier)
def tag_show(up_func, context, data_dict):
    """Core's tag_show, for the tags of datasets the caller may see: a tag
    only unpublished datasets carry is not found (as a tag that does not
    exist), and ``include_datasets`` lists only the datasets the caller may
    see (core lists every public one, drafts included)."""
    if _sees_everything(context):
        return up_func(context, data_dict)
    tag = up_func(context, dict(data_dict, include_datasets=False))
    with_datasets = tk.asbool(data_dict.get("include_datasets", False))
    found = _tagged(context, tag, rows=1000 if with_datasets else 0)
    if not found["count"]:
        raise tk.ObjectNotFound()
    if with_datasets:
        tag["packages"] = found["results"]
    return tag


@tk.side_effect_free
@tk.chained_action
@params.reads(id=params.identifier, object_type=params.text, capacity=params.text)
def member_list(up_func, context, data_dict):
    """Core's member_list, without the datasets the caller may not see (an
    organisation's members are every dataset it owns, drafts included)."""
    members = up_func(context, data_dict)
    if _sees_everything(context):
        return members
    user_name = context.get("user")

    def visible(member: tuple[str, str, str]) -> bool:
        if member[1] != "package":
            return True
        package = model.Package.get(member[0])
        return package is not None and visibility.can_see(user_name, package)

    return [member for member in members if visible(member)]
