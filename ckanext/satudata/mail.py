"""E-mail about review decisions and access requests, through CKAN's
mailer (smtp.* settings).

Curators hear of each submission; the kelurahan's PICs hear of each
decision, with the curator's note. Curators hear of each access request
for restricted data; its requester hears of the decision and of a
revocation. Mail is sent after the change is committed, and a failing
mail server is only logged: it never blocks or undoes a decision.
"""
from __future__ import annotations

import logging

import babel.dates
import flask
import flask_babel

import ckan.lib.mailer as mailer
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.workflow import roles
from ckanext.satudata.access import rules
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


# -- Access requests for restricted data --------------------------------------

def _send(recipients: list[model.User], subject: str, body: str, what: str) -> int:
    sent = 0
    for user in recipients:
        try:
            mailer.mail_user(user, subject, body)
            sent += 1
        except Exception:  # the request or decision stands whatever the mail server does
            log.warning("Could not e-mail %s about %s", user.name, what, exc_info=True)
    return sent


def _long_date(day) -> str:
    """A date as "1 Desember 2026" in the language of the request, or the
    portal's default language outside a request (jobs, the CLI)."""
    locale = (flask_babel.get_locale() if flask.has_request_context() else None) \
        or tk.config.get("ckan.locale_default") or "id"
    return babel.dates.format_date(day, "long", locale=str(locale))


def _access_lines(request) -> list[str]:
    package = model.Package.get(request.package_id)
    requester = model.User.get(request.requester_id)
    period = "{} – {}".format(_long_date(request.start_date), _long_date(request.end_date))
    return [
        _("Dataset: {title}").format(title=package.title if package else request.package_id),
        _("Pemohon: {who} ({institution})").format(
            who=requester.display_name if requester else "", institution=request.institution),
        _("Cara akses: {method}").format(
            method=_(rules.METHOD_LABELS_ID.get(request.method, request.method))),
        _("Jangka waktu: {period}").format(period=period),
    ]


def _request_url(request) -> str:
    return tk.url_for("satudata_access.read", id=request.id, _external=True)


def access_request_created(request) -> int:
    """Curators hear of a new access request; returns how many mails went."""
    package = model.Package.get(request.package_id)
    subject = _("[Satu Data] Permintaan akses data terbatas: {title}").format(
        title=package.title if package else request.package_id)
    lines = _access_lines(request) + [
        _("Tujuan: {purpose}").format(purpose=request.purpose), "", _request_url(request)]
    return _send(curators(), subject, "\n".join(lines), f"access request {request.id}")


def access_request_decided(request) -> int:
    """The requester hears of the curator's decision (with the reason of a
    refusal, or the period granted)."""
    package = model.Package.get(request.package_id)
    title = package.title if package else request.package_id
    if request.state == rules.DISETUJUI:
        subject = _("[Satu Data] Permintaan akses disetujui: {title}").format(title=title)
        note = _("Catatan kurator: {note}") if request.decision_note else None
    else:
        subject = _("[Satu Data] Permintaan akses ditolak: {title}").format(title=title)
        note = _("Alasan: {note}")
    lines = _access_lines(request)
    if note:
        lines.append(note.format(note=request.decision_note or ""))
    lines += ["", _request_url(request)]
    requester = model.User.get(request.requester_id)
    recipients = [requester] if requester is not None and requester.email else []
    return _send(recipients, subject, "\n".join(lines), f"decision on {request.id}")


def access_request_revoked(request) -> int:
    """The requester hears that their grant was revoked, and why."""
    package = model.Package.get(request.package_id)
    subject = _("[Satu Data] Izin akses dicabut: {title}").format(
        title=package.title if package else request.package_id)
    lines = _access_lines(request) + [
        _("Alasan: {note}").format(note=request.revoke_reason or ""), "", _request_url(request)]
    requester = model.User.get(request.requester_id)
    recipients = [requester] if requester is not None and requester.email else []
    return _send(recipients, subject, "\n".join(lines), f"revocation of {request.id}")
