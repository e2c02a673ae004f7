"""Who a user is for the workflow: a curator, or the PIC of a kelurahan.

Curators are sysadmins and members of the curator organisation
(`ckanext.satudata.curator_organization`, Diskominfo). The PIC of a dataset
is an editor or admin of the organisation that owns it.

Every answer is remembered for the current request (``site.per_request``):
a page asks them dozens of times, and CKAN's membership check for a user
who is not a curator walks the whole member table.
"""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model

from ckanext.satudata import config
from ckanext.satudata import site
from ckanext.satudata.workflow.states import ROLE_CURATOR, ROLE_PIC


def _user(user_name: str | None) -> model.User | None:
    return model.User.get(user_name) if user_name else None


def curator_organization() -> model.Group | None:
    return model.Group.get(config.curator_organization())


@site.per_request
def is_curator(user_name: str | None) -> bool:
    user = _user(user_name)
    if user is None:
        return False
    if user.sysadmin:
        return True
    curators = curator_organization()
    return curators is not None and authz.has_user_permission_for_group_or_org(
        curators.id, user.name, "read")


@site.per_request
def is_pic(user_name: str | None, owner_org: str | None) -> bool:
    user = _user(user_name)
    if user is None or not owner_org:
        return False
    return user.sysadmin or authz.has_user_permission_for_group_or_org(
        owner_org, user.name, "update_dataset")


def roles_for(user_name: str | None, owner_org: str | None) -> set[str]:
    roles = set()
    if is_pic(user_name, owner_org):
        roles.add(ROLE_PIC)
    if is_curator(user_name):
        roles.add(ROLE_CURATOR)
    return roles


def member_organization_ids(user_name: str | None) -> list[str]:
    return list(_member_organization_ids(user_name))


@site.per_request
def _member_organization_ids(user_name: str | None) -> tuple[str, ...]:
    user = _user(user_name)
    if user is None:
        return ()
    return tuple(group.id for group in user.get_groups("organization"))
