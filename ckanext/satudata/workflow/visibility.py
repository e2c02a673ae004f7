"""Only published (`terbit`) datasets are public.

Every other state is visible to the members of the owning kelurahan and to
the curators. Expressed as CKAN permission labels, so search, the API,
feeds, activity and anything built on package_search obey it, and checked
again by the chained auth functions for single datasets and resources.

A page asks these questions for the same user and dataset many times (CKAN
asks for the user's labels on every package_show and resource_show auth):
the answers are remembered for the current request (``site.per_request``).
"""
from __future__ import annotations

from typing import Any

import ckan.model as model

from ckanext.satudata import site
from ckanext.satudata.workflow import roles
from ckanext.satudata.model import DatasetStatus
from ckanext.satudata.workflow.states import is_public

CURATOR_LABEL = "satudata-curator"


def dataset_labels(package: model.Package) -> list[str]:
    if package.private:
        return _owner_labels(package)
    if is_public(DatasetStatus.state_of(package.id)):
        return ["public"]
    return unpublished_labels(package)


def unpublished_labels(package: model.Package) -> list[str]:
    """Who may see the dataset while unpublished (or an unapproved edit of
    it): its kelurahan and the curators."""
    return [CURATOR_LABEL] + _owner_labels(package)


def _owner_labels(package: model.Package) -> list[str]:
    if package.owner_org:
        return [f"member-{package.owner_org}"]
    return [f"creator-{package.creator_user_id}"]


def user_labels(user: model.User | None) -> list[str]:
    if user is None:
        return ["public"]
    return list(site.remembered(("visibility.user_labels", user.id, user.name),
                                lambda: tuple(_user_labels(user))))


def _user_labels(user: model.User) -> list[str]:
    labels = ["public", f"creator-{user.id}"]
    labels.extend(f"member-{org_id}" for org_id in roles.member_organization_ids(user.name))
    if roles.is_curator(user.name):
        labels.append(CURATOR_LABEL)
    return labels


def can_see(user_name: str | None, package: model.Package) -> bool:
    if not package.id:  # not stored yet
        return _can_see(user_name, package)
    return site.remembered(("visibility.can_see", user_name, package.id),
                           lambda: _can_see(user_name, package))


def _can_see(user_name: str | None, package: model.Package) -> bool:
    user = model.User.get(user_name) if user_name else None
    if user is not None and user.sysadmin:
        return True
    return bool(set(dataset_labels(package)) & set(user_labels(user)))


def can_see_unpublished(user_name: str | None, package: model.Package) -> bool:
    """Whether the user sees the dataset's unpublished state and edits: a
    member of the owning kelurahan, a curator or a sysadmin."""
    if not user_name:
        return False
    if not package.id:  # not stored yet
        return _can_see_unpublished(user_name, package)
    return site.remembered(("visibility.can_see_unpublished", user_name, package.id),
                           lambda: _can_see_unpublished(user_name, package))


def _can_see_unpublished(user_name: str, package: model.Package) -> bool:
    user = model.User.get(user_name)
    if user is None:
        return False
    if user.sysadmin or roles.is_curator(user.name):
        return True
    return bool(package.owner_org) and package.owner_org in roles.member_organization_ids(user.name)


def package_of(data_dict: dict[str, Any], resource: bool = False) -> model.Package | None:
    """The package a package_show/resource_show-like call is about."""
    if resource:
        resource_obj = model.Resource.get(data_dict.get("id") or data_dict.get("resource_id") or "")
        return resource_obj.package if resource_obj is not None else None
    return model.Package.get(data_dict.get("id") or data_dict.get("name_or_id") or "")
