"""Reminder e-mails to the PICs (`ckan satudata ingatkan`, run by cron).

Each PIC (editor or admin of the organisation of a desa/kelurahan of the
configured region) gets one digest of their desa/kelurahan's overdue and missing required data and of the datasets a
curator returned to them, through CKAN's mailer. A digest sent is recorded
(``satudata_reminder``, one row per user and day) in the same transaction
that claims it, committed only once the mail server took the message: a
second run on the same day sends nothing new, and a mail that failed is
tried again by the next run.
"""
from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any, Callable

import flask_babel

import ckan.lib.mailer as mailer
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import reference
from ckanext.satudata.completeness import digest as digests
from ckanext.satudata.completeness import dashboard
from ckanext.satudata.dataset_types import catalogue_form
from ckanext.satudata.model import Reminder
from ckanext.satudata.model import completeness as reads

log = logging.getLogger(__name__)


@dataclass
class PicDigest:
    """The digest of one PIC, ready to send."""

    user: model.User
    kelurahan: list[digests.KelurahanDigest] = field(default_factory=list)
    subject: str = ""
    body: str = ""

    @property
    def items(self) -> int:
        return sum(digests.counts(self.kelurahan))


@dataclass
class Outcome:
    sent: int = 0
    already_sent: int = 0
    without_email: int = 0
    failed: int = 0


def _format_date(day: datetime.date) -> str:
    return flask_babel.format_date(day, "long")


def _dataset_url(type_: str, name: str) -> str:
    return tk.url_for(f"{type_}.read", id=name, _external=True)


def _form_url(item: Any, row: Any) -> str | None:
    """The prefilled form delivering `item` for the row's kelurahan."""
    return catalogue_form.gap_url(item.kind, item.key, row.kelurahan.organization,
                                  _external=True)


def prepare(today: datetime.date) -> list[PicDigest]:
    """The digest of every PIC of a desa/kelurahan of the configured region
    with something to do on `today`, by user name. Three queries whatever
    the number of desa/kelurahan and datasets; only the desa/kelurahan
    that have a PIC are read (a province has thousands)."""
    members = reads.pic_members([k.organization for k in dashboard.kelurahan_rows()])
    if not members:
        return []
    items, rows = dashboard.build(today, organizations={name for _, name in members})
    names = [row.kelurahan.organization for row in rows]
    returned = [digests.ReturnedDataset(d["organization"], d["title"], d["note"],
                                        _dataset_url(d["type"], d["name"]))
                for d in reads.returned_datasets(names)]
    by_organization = {
        row.kelurahan.organization: digests.kelurahan_digest(
            row, items, returned, lambda record: _dataset_url(record.type, record.name),
            tk._, _form_url)
        for row in rows}
    reminders: dict[str, PicDigest] = {}
    for user, organization in members:
        digest = by_organization[organization]
        if digest.empty:
            continue
        reminders.setdefault(user.id, PicDigest(user)).kelurahan.append(digest)
    dashboard_url = tk.url_for("dashboard.datasets", _external=True)
    jenis = reference.current().jenis_plural
    for reminder in reminders.values():
        reminder.subject, reminder.body = digests.render(
            reminder.user.display_name, reminder.kelurahan, today, tk._, _format_date,
            dashboard_url, jenis)
    return sorted(reminders.values(), key=lambda r: r.user.name)


def send(today: datetime.date, echo: Callable[[str], None] = print,
         dry_run: bool = False) -> Outcome:
    """Send the digests of `today`; `echo` gets one line per PIC. With
    `dry_run`, print what would be sent, send and record nothing."""
    outcome = Outcome()
    for reminder in prepare(today):
        user = reminder.user
        if not user.email:
            outcome.without_email += 1
            echo(f"Dilewati {user.name}: tidak memiliki alamat email.")
            continue
        if dry_run:
            if Reminder.sent(model.Session, user.id, today):
                outcome.already_sent += 1
                echo(f"Sudah dikirim hari ini ke {user.name}; tidak dikirim lagi.")
                continue
            outcome.sent += 1
            echo(f"Akan dikirim ke {user.name} <{user.email}> ({reminder.items} butir):")
            echo(f"Subjek: {reminder.subject}")
            echo(reminder.body)
            echo("")
            continue
        if not Reminder.claim(model.Session, user.id, today, reminder.items):
            model.Session.rollback()
            outcome.already_sent += 1
            echo(f"Sudah dikirim hari ini ke {user.name}; tidak dikirim lagi.")
            continue
        try:
            mailer.mail_user(user, reminder.subject, reminder.body)
        except Exception as error:  # the claim is undone: the next run tries again
            model.Session.rollback()
            outcome.failed += 1
            log.warning("Reminder to %s failed", user.name, exc_info=True)
            echo(f"Gagal mengirim ke {user.name} <{user.email}>: {error}")
            continue
        model.Session.commit()
        outcome.sent += 1
        echo(f"Terkirim ke {user.name} <{user.email}>: {reminder.items} butir.")
    return outcome
