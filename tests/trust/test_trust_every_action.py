"""Deny by default, over every action CKAN has registered.

Every action the running portal offers (core, DataStore, xloader, spatial,
scheming, activity, satudata and any plugin added later) is classified in
ACTIONS below; an action nobody classified fails the test by name. Every
read action is then called by those who may see nothing unpublished —
anonymous, a PIC of another kelurahan, a planner without a grant — with the
ids, names and words of a draft, of an unapproved edit of a published
dataset and of the rows of a restricted (`terbatas`) dataset, in each
parameter the action documents and in the parameters common to CKAN's
actions. None of the words may come back (a refusal is fine). See
tests/trust/world.py for the data.
"""
from __future__ import annotations

import functools
import re
from typing import Any, Iterator

import pytest

import ckan.logic
import ckan.model as model
import ckan.plugins.toolkit as tk

from tests.trust import world as trust_world
from tests.helpers import call_as
from tests.trust.world import OUTSIDERS, WORDS

READ = "read"
READ_PRIVILEGED = "read: sysadmins, curators or the user themselves only"
WRITE = "write"

# Every registered action. `read`: called below by the outsiders with every
# handle and word. `write`: changes data, not called here (what a write an
# outsider may make — following a dataset — brings into their lists is
# read back through the read actions: trust_world follows the draft).
ACTIONS: dict[str, str] = {
    # -- core: datasets, resources, views
    "package_show": READ,
    "package_search": READ,
    "package_list": READ,
    "package_autocomplete": READ,
    "current_package_list_with_resources": READ,
    "package_relationships_list": READ,
    "package_collaborator_list": READ_PRIVILEGED,
    "package_collaborator_list_for_user": READ_PRIVILEGED,
    "resource_show": READ,
    "resource_search": READ,
    "resource_view_show": READ,
    "resource_view_list": READ,
    "format_autocomplete": READ,
    "license_list": READ,
    "package_create": WRITE,
    "package_update": WRITE,
    "package_patch": WRITE,
    "package_revise": WRITE,
    "package_delete": WRITE,
    "dataset_purge": WRITE,
    "package_owner_org_update": WRITE,
    "package_resource_reorder": WRITE,
    "package_relationship_create": WRITE,
    "package_relationship_update": WRITE,
    "package_relationship_delete": WRITE,
    "package_collaborator_create": WRITE,
    "package_collaborator_delete": WRITE,
    "package_create_default_resource_views": WRITE,
    "resource_create": WRITE,
    "resource_update": WRITE,
    "resource_patch": WRITE,
    "resource_delete": WRITE,
    "resource_create_default_resource_views": WRITE,
    "resource_view_create": WRITE,
    "resource_view_update": WRITE,
    "resource_view_delete": WRITE,
    "resource_view_clear": WRITE,
    "resource_view_reorder": WRITE,
    "bulk_update_delete": WRITE,
    "bulk_update_private": WRITE,
    "bulk_update_public": WRITE,
    # -- core: tags and vocabularies
    "tag_show": READ,
    "tag_list": READ,
    "tag_search": READ,
    "tag_autocomplete": READ,
    "vocabulary_list": READ,
    "vocabulary_show": READ,
    "tag_create": WRITE,
    "tag_delete": WRITE,
    "vocabulary_create": WRITE,
    "vocabulary_update": WRITE,
    "vocabulary_delete": WRITE,
    # -- core: organisations, groups, members
    "organization_show": READ,
    "organization_list": READ,
    "organization_list_for_user": READ,
    "organization_autocomplete": READ,
    "group_show": READ,
    "group_list": READ,
    "group_list_authz": READ,
    "group_autocomplete": READ,
    "group_package_show": READ,
    "member_list": READ,
    "member_roles_list": READ,
    "organization_create": WRITE,
    "organization_update": WRITE,
    "organization_patch": WRITE,
    "organization_delete": WRITE,
    "organization_purge": WRITE,
    "organization_member_create": WRITE,
    "organization_member_delete": WRITE,
    "group_create": WRITE,
    "group_update": WRITE,
    "group_patch": WRITE,
    "group_delete": WRITE,
    "group_purge": WRITE,
    "group_member_create": WRITE,
    "group_member_delete": WRITE,
    "member_create": WRITE,
    "member_delete": WRITE,
    # -- core: users, tokens, following
    "user_show": READ,
    "user_list": READ,
    "user_autocomplete": READ,
    "api_token_list": READ_PRIVILEGED,
    "am_following_dataset": READ,
    "am_following_group": READ,
    "am_following_user": READ,
    "followee_count": READ,
    "followee_list": READ,
    "dataset_followee_count": READ,
    "dataset_followee_list": READ,
    "dataset_follower_count": READ,
    "dataset_follower_list": READ,
    "group_followee_count": READ,
    "group_followee_list": READ,
    "group_follower_count": READ,
    "group_follower_list": READ,
    "organization_followee_count": READ,
    "organization_followee_list": READ,
    "organization_follower_count": READ,
    "organization_follower_list": READ,
    "user_followee_count": READ,
    "user_followee_list": READ,
    "user_follower_count": READ,
    "user_follower_list": READ,
    "user_create": WRITE,
    "user_update": WRITE,
    "user_patch": WRITE,
    "user_delete": WRITE,
    "user_invite": WRITE,
    "api_token_create": WRITE,
    "api_token_revoke": WRITE,
    "follow_dataset": WRITE,
    "follow_group": WRITE,
    "follow_user": WRITE,
    "unfollow_dataset": WRITE,
    "unfollow_group": WRITE,
    "unfollow_user": WRITE,
    # -- core: site, configuration, jobs, files, translations
    "status_show": READ,
    "help_show": READ,
    "get_site_user": READ_PRIVILEGED,
    "config_option_list": READ_PRIVILEGED,
    "config_option_show": READ_PRIVILEGED,
    "job_list": READ_PRIVILEGED,
    "job_show": READ_PRIVILEGED,
    "task_status_show": READ_PRIVILEGED,
    "term_translation_show": READ,
    "file_show": READ,
    "file_owner_scan": READ,
    "config_option_update": WRITE,
    "job_cancel": WRITE,
    "job_clear": WRITE,
    "task_status_update": WRITE,
    "task_status_update_many": WRITE,
    "task_status_delete": WRITE,
    "term_translation_update": WRITE,
    "term_translation_update_many": WRITE,
    "file_create": WRITE,
    "file_register": WRITE,
    "file_rename": WRITE,
    "file_pin": WRITE,
    "file_unpin": WRITE,
    "file_delete": WRITE,
    "file_ownership_transfer": WRITE,
    # -- activity
    "package_activity_list": READ,
    "organization_activity_list": READ,
    "group_activity_list": READ,
    "user_activity_list": READ,
    "recently_changed_packages_activity_list": READ,
    "dashboard_activity_list": READ,
    "dashboard_new_activities_count": READ,
    "activity_show": READ,
    "activity_data_show": READ,
    "activity_diff": READ,
    "activity_create": WRITE,
    "activity_delete": WRITE,
    "activity_delete_all": WRITE,
    "activity_delete_counts": WRITE,
    "dashboard_mark_activities_old": WRITE,
    "send_email_notifications": WRITE,
    # -- DataStore and xloader
    "datastore_search": READ,
    "datastore_info": READ,
    "xloader_status": READ,
    "datastore_create": WRITE,
    "datastore_upsert": WRITE,
    "datastore_delete": WRITE,
    "datastore_records_delete": WRITE,
    "datastore_function_create": WRITE,
    "datastore_function_delete": WRITE,
    "datastore_run_triggers": WRITE,
    "xloader_submit": WRITE,
    "xloader_hook": WRITE,
    # -- scheming
    "scheming_dataset_schema_list": READ,
    "scheming_dataset_schema_show": READ,
    "scheming_organization_schema_list": READ,
    "scheming_organization_schema_show": READ,
    # -- dcat (the catalogue's two need a request: they are called through
    # their routes by test_trust_every_route.py and test_leaks.py)
    "dcat_dataset_show": READ,
    "dcat_catalog_show": READ,
    "dcat_catalog_search": READ,
    # -- satudata
    "satudata_review_queue": READ_PRIVILEGED,
    "satudata_review_history": READ,
    "satudata_revision_changes": READ,
    "satudata_pic_worklist": READ,
    "satudata_completeness": READ_PRIVILEGED,
    "satudata_completeness_summary": READ,
    "satudata_kelurahan_list": READ,
    "satudata_health": READ,
    "satudata_map_points": READ,
    "satudata_map_clusters": READ,
    "satudata_indicator_list": READ,
    "satudata_indicator_series": READ,
    "satudata_indicator_jsonstat": READ,
    "satudata_kelurahan_comparison": READ,
    "satudata_statistics_summary": READ,
    "satudata_search_download": READ,
    "satudata_access_request_list": READ,
    "satudata_access_request_show": READ,
    "satudata_privacy_scan_show": READ,
    "satudata_validation_show": READ,
    "satudata_indicator_catalog_list": READ,
    "satudata_indicator_catalog_show": READ,
    "satudata_submit": WRITE,
    "satudata_unsubmit": WRITE,
    "satudata_approve": WRITE,
    "satudata_return": WRITE,
    "satudata_withdraw": WRITE,
    "satudata_indicator_extract": WRITE,
    "satudata_access_request_create": WRITE,
    "satudata_access_request_decide": WRITE,
    "satudata_access_request_revoke": WRITE,
    "satudata_privacy_override": WRITE,
    "satudata_reference_organizations_load": WRITE,
    "satudata_indicator_catalog_create": WRITE,
    "satudata_indicator_catalog_update": WRITE,
    "satudata_indicator_catalog_delete": WRITE,
}

# Leaks in other helpers' areas still open: the case is expected to fail,
# strictly, so that fixing it makes the test say so.
KNOWN_LEAKS: dict[str, str] = {}

# Parameters that widen what a read returns: set whenever the action has them.
WIDENING = ("include_datasets", "all_fields", "include_private", "include_drafts",
            "include_extras", "include_users", "include_groups", "include_tags",
            "include_followers", "include_dataset_count", "include_data",
            "include_plugin_extras", "include_member_count", "include_num_followers")
# Parameters whose value is a search, not an id or name.
SEARCH_PARAMS = ("q", "query", "fq", "terms", "term", "search", "text", "filters")
# Tried on every action, documented or not.
COMMON_HANDLE_PARAMS = ("id", "name_or_id", "name", "resource_id", "package_id", "tag",
                        "user", "user_id", "group_id", "org_id", "object")
COMMON_SEARCH_PARAMS = ("q", "query", "fq", "terms")
# Named in the extensions' docstrings for what to read.
HANDLE_PARAMS = ("package", "resource", "dataset", "organization", "group", "tags",
                 "requester", "kelurahan", "key", "username", "user_name")
# Not worth an id or a word: paging, sorting, formats.
IGNORED_PARAMS = {"limit", "offset", "rows", "start", "page", "sort", "order_by", "format",
                  "true", "false", "none", "null", "context", "data_dict"}


def registered_actions() -> dict[str, Any]:
    """Every action the running portal has, by name. CKAN offers no public
    listing: tk.get_action fills this registry from core's action modules
    and every IActions plugin loaded on first use."""
    tk.get_action("package_show")
    return dict(ckan.logic._actions)


def _implementations(action) -> Iterator[Any]:
    """The functions behind a registered action: the chained ones, then the
    one they chain to."""
    function = getattr(action, "__wrapped__", action)
    while function is not None:
        if isinstance(function, functools.partial):
            yield function.func
            function = function.args[0] if function.args else None
        else:
            yield function
            function = getattr(function, "__wrapped__", None)


def documented_params(action) -> set[str]:
    """The parameters named in the action's docstrings (`:param x:` of core,
    ``x`` before the "Returns" part of the extensions')."""
    names: set[str] = set()
    for function in _implementations(action):
        doc = function.__doc__ or ""
        names.update(re.findall(r":param\s+(?:[\w\[\], ]+\s+)?(\w+):", doc))
        before_returns = re.split(r"\n\s*(?:Returns|:returns)", doc, maxsplit=1)[0]
        names.update(re.findall(r"``([a-z_][a-z0-9_.]*)``", before_returns))
    return {name for name in names if name not in IGNORED_PARAMS}


def _handle_param(name: str) -> bool:
    """A parameter naming what to read (an id or a name)."""
    return name in COMMON_HANDLE_PARAMS or name in HANDLE_PARAMS or name.endswith("_id")


def leaks_of(name: str, world) -> list[str]:
    """Call the read action as each outsider: once with nothing but the
    widening parameters; for each handle, once with every id-like parameter
    (documented or common) set to it, and, if that is refused, once per
    documented id-like parameter; for each search, once per documented
    search parameter (or once with all the common ones). Returns the leaks
    found."""
    action = registered_actions()[name]
    documented = documented_params(action)
    widening = {param: True for param in WIDENING if param in documented}
    id_params = sorted({p for p in documented if _handle_param(p)} | set(COMMON_HANDLE_PARAMS))
    own_id_params = sorted(p for p in documented if _handle_param(p))
    own_search_params = sorted(p for p in documented if p in SEARCH_PARAMS)

    # (data_dict, the ones to try instead when it is refused)
    plans: list[tuple[dict[str, Any], list[dict[str, Any]]]] = [(dict(widening), [])]
    for value in trust_world.handles(world):
        plans.append(({**widening, **{p: value for p in id_params}},
                      [{**widening, p: value} for p in own_id_params]))
    for value in trust_world.queries():
        if own_search_params:
            plans.extend(({**widening, p: value}, []) for p in own_search_params)
        else:
            plans.append(({**widening, **{p: value for p in COMMON_SEARCH_PARAMS}}, []))

    found = []
    for who in OUTSIDERS:
        def leaks(data_dict: dict[str, Any]) -> list[str] | None:
            """None: refused."""
            try:
                result = call_as(world["people"][who], name, **data_dict)
            except Exception:  # noqa: BLE001 - refused (bad input is the fuzz test's)
                model.Session.rollback()
                return None
            return trust_world.leaked_in_result(result, data_dict.values(), world)

        for data_dict, instead in plans:
            outcomes = [(data_dict, leaks(data_dict))]
            if outcomes[0][1] is None:
                outcomes = [(single, leaks(single)) for single in instead]
            found.extend(f"{who} {name}({asked}) -> {', '.join(leaked)}"
                         for asked, leaked in outcomes if leaked)
    return found


def test_every_registered_action_is_classified(world):
    registered = registered_actions()
    unclassified = sorted(set(registered) - set(ACTIONS))
    assert not unclassified, (
        f"Registered actions nobody classified: {unclassified}. Classify each in ACTIONS "
        "(tests/trust/test_trust_every_action.py): a read is then called by outsiders with "
        "unpublished data's ids and words.")
    assert sorted(set(ACTIONS) - set(registered)) == [], "ACTIONS lists actions that are gone"
    readable_by_get = sorted(name for name, action in registered.items()
                             if getattr(action, "side_effect_free", False)
                             and ACTIONS[name] == WRITE)
    assert readable_by_get == [], "side-effect-free (GET) actions classified as writes"


def _read_actions() -> list[Any]:
    return [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_LEAKS[name]))
            if name in KNOWN_LEAKS else name
            for name, kind in sorted(ACTIONS.items()) if kind != WRITE]


@pytest.mark.parametrize("name", _read_actions())
def test_no_read_action_gives_outsiders_unpublished_data(world, name):
    leaks = leaks_of(name, world)
    assert not leaks, "\n".join(leaks)


def test_the_outsiders_do_get_published_data(world):
    """The calls above reach data (they are not all refused for a wrong
    parameter): the published version of the held dataset is found."""
    planner = world["people"]["planner"]
    assert call_as(planner, "package_show", id=world["held"]["id"])["title"] == (
        "Jumlah kader posyandu")
    assert call_as(None, "package_search", q="kader")["count"] == 1
    assert WORDS["tag"] not in str(call_as(None, "tag_list"))


# -- Finding 2: tag_show --------------------------------------------------------

@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("tag", [WORDS["tag"], WORDS["held_tag"]])
def test_a_tag_only_unpublished_data_carries_is_not_found(world, who, tag):
    """The draft's tag, and a tag added by an edit not yet approved."""
    for include_datasets in (True, False):
        with pytest.raises(tk.ObjectNotFound):
            call_as(world["people"][who], "tag_show", id=tag, include_datasets=include_datasets)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_a_tag_lists_only_the_published_datasets(world, who):
    shown = call_as(world["people"][who], "tag_show", id="posyandu", include_datasets=True)
    assert [(d["name"], d["title"]) for d in shown["packages"]] == [
        ("jumlah-kader-posyandu", "Jumlah kader posyandu")]


@pytest.mark.parametrize("who", ["pic", "curator"])
def test_the_kelurahan_and_curators_find_the_draft_by_its_tag(world, who):
    shown = call_as(world["people"][who], "tag_show", id=WORDS["tag"], include_datasets=True)
    assert [d["name"] for d in shown["packages"]] == [world["draft"]["name"]]
