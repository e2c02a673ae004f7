"""Who a user is for the workflow: a curator, or the PIC of a kelurahan.

Curators are sysadmins and members of the curator organisation
(`ckanext.satudata.curator_organization`, Diskominfo). The PIC of a dataset
is an editor or admin of the organisation that owns it.

The portal's organisations are flat (no sub-organisations), so a role is a
direct, active membership: all of a user's memberships are read in one
query (`memberships`) and remembered for the current request
(``site.per_request``), and every question below is answered from them.
CKAN's own membership check would run per question, and for a user who is
not a member it walks the organisation hierarchy through the whole member
table, a cost that grows with the number of datasets.
"""
from __future__ import annotations

from dataclasses import dataclass

import ckan.authz as authz
import ckan.model as model
from sqlalchemy import and_, select

from ckanext.satudata import config
from ckanext.satudata import site
from ckanext.satudata.workflow.states import ROLE_CURATOR, ROLE_PIC


@dataclass(frozen=True)
class Memberships:
    """A user's sysadmin flag and capacity in each group or organisation
    they are an active member of (keyed by id and by name)."""
    user_id: str
    sysadmin: bool
    capacities: tuple[tuple[str, str, str, str], ...]  # (id, name, type, capacity)

    def capacity_in(self, group: str) -> str | None:
        for group_id, name, _type, capacity in self.capacities:
            if group in (group_id, name):
                return capacity
        return None

    def may(self, group: str | None, permission: str) -> bool:
        """CKAN's permission of the user's role in `group` (id or name)."""
        if self.sysadmin:
            return True
        capacity = self.capacity_in(group) if group else None
        if capacity is None:
            return False
        granted = authz.ROLE_PERMISSIONS.get(capacity, [])
        return "admin" in granted or permission in granted

    def organization_ids(self) -> tuple[str, ...]:
        return tuple(group_id for group_id, _name, group_type, _capacity in self.capacities
                     if group_type == "organization")


@site.per_request
def memberships(user_name: str | None) -> Memberships | None:
    """The user's memberships (one query), or None for a visitor or an
    unknown name."""
    if not user_name:
        return None
    user, member, group = model.User, model.Member, model.Group
    rows = model.Session.execute(
        select(user.id, user.sysadmin, group.id, group.name, group.type, member.capacity)
        .select_from(user)
        .outerjoin(member, and_(member.table_id == user.id, member.table_name == "user",
                                member.state == "active"))
        .outerjoin(group, group.id == member.group_id)
        .where((user.name == user_name) | (user.id == user_name))).all()
    if not rows:
        return None
    return Memberships(
        user_id=rows[0][0], sysadmin=bool(rows[0][1]),
        capacities=tuple((row[2], row[3], row[4], row[5]) for row in rows if row[2]))


def curator_organization() -> model.Group | None:
    return model.Group.get(config.curator_organization())


def is_curator(user_name: str | None) -> bool:
    found = memberships(user_name)
    return found is not None and found.may(config.curator_organization(), "read")


def is_pic(user_name: str | None, owner_org: str | None) -> bool:
    found = memberships(user_name)
    return found is not None and bool(owner_org) and found.may(owner_org, "update_dataset")


def roles_for(user_name: str | None, owner_org: str | None) -> set[str]:
    roles = set()
    if is_pic(user_name, owner_org):
        roles.add(ROLE_PIC)
    if is_curator(user_name):
        roles.add(ROLE_CURATOR)
    return roles


def member_organization_ids(user_name: str | None) -> list[str]:
    found = memberships(user_name)
    return list(found.organization_ids()) if found else []
