"""E-mail about review decisions, through CKAN's mailer (smtp.* settings).

Curators hear of each submission; the kelurahan's PICs hear of each
decision, with the curator's note. Mail is sent after the transition is
committed, and a failing mail server is only logged: it never blocks or
undoes a decision.
"""
from __future__ import annotations

import logging

import ckan.lib.mailer as mailer
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import roles
from ckanext.satudata.workflow import states

log = logging.getLogger(__name__)
_ = tk._


def _members(organization_id: str | None, capacities: tuple[str, ...]) -> list[model.User]:
    if not organization_id:
        return []
    rows = (model.Session.query(model.User)
            .join(model.Member, model.Member.table_id == model.User.id)
            .filter(model.Member.group_id == organization_id,
                    model.Member.table_name == "user",
                    model.Member.state == "active",
                    model.Member.capacity.in_(capacities),
                    model.User.state == "active"))
    return [user for user in rows if user.email]


def curators() -> list[model.User]:
    organization = roles.curator_organization()
    return _members(organization.id if organization else None,
                    ("admin", "editor", "member"))


def pics(package: model.Package) -> list[model.User]:
    return _members(package.owner_org, ("admin", "editor"))


def _dataset_url(package: model.Package) -> str:
    return tk.url_for(f"{package.type}.read", id=package.name, _external=True)


def _message(package: model.Package, action: str, note: str | None,
             actor: model.User | None) -> tuple[str, str]:
    organization = model.Group.get(package.owner_org) if package.owner_org else None
    who = actor.display_name if actor else _("Sistem")
    kelurahan = organization.title if organization else ""
    subjects = {
        states.SUBMIT: _("[Satu Data] Diajukan untuk ditinjau: {title}"),
        states.APPROVE: _("[Satu Data] Diterbitkan: {title}"),
        states.RETURN: _("[Satu Data] Dikembalikan untuk diperbaiki: {title}"),
        states.WITHDRAW: _("[Satu Data] Ditarik dari publikasi: {title}"),
        states.SUBMIT_REVISION: _("[Satu Data] Perubahan diajukan untuk ditinjau: {title}"),
        states.APPROVE_REVISION: _("[Satu Data] Perubahan diterbitkan: {title}"),
        states.RETURN_REVISION: _("[Satu Data] Perubahan dikembalikan untuk diperbaiki: {title}"),
    }
    subject = subjects[action].format(title=package.title)
    lines = [
        _("Dataset: {title}").format(title=package.title),
        _("Kelurahan: {kelurahan}").format(kelurahan=kelurahan),
        _("Oleh: {who}").format(who=who),
    ]
    if note:
        lines.append(_("Catatan: {note}").format(note=note))
    lines += ["", _dataset_url(package)]
    return subject, "\n".join(lines)


def transition_made(package: model.Package, action: str, note: str | None,
                    actor: model.User | None) -> int:
    """Send the e-mail for a committed transition; returns how many were sent."""
    if action in (states.SUBMIT, states.SUBMIT_REVISION):
        recipients = curators()
    elif action in (states.APPROVE, states.RETURN, states.WITHDRAW,
                    states.APPROVE_REVISION, states.RETURN_REVISION):
        recipients = pics(package)
    else:
        return 0
    subject, body = _message(package, action, note, actor)
    sent = 0
    for user in recipients:
        try:
            mailer.mail_user(user, subject, body)
            sent += 1
        except Exception:  # the decision stands whatever the mail server does
            log.warning("Could not e-mail %s about %s of %s", user.name, action,
                        package.name, exc_info=True)
    return sent
