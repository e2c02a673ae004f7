"""The reminder digest of one PIC: overdue, missing and returned items.

Plain Python. The caller gives the matrix rows of the kelurahan the PIC
looks after and the kelurahan's returned datasets; `render` writes the
e-mail with the caller's gettext and date formatter, so that the text is
translated like the rest of the portal.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ckanext.satudata.completeness.items import RequiredItem
from ckanext.satudata.completeness.matrix import Record, Row
from ckanext.satudata.completeness.periods import FREQUENCY_LABELS_ID
from ckanext.satudata.translation import N_

Translate = Callable[[str], str]
FormatDate = Callable[[datetime.date], str]


@dataclass(frozen=True)
class OverdueItem:
    label: str
    title: str
    frequency: str | None
    updated: datetime.date
    due: datetime.date
    url: str


@dataclass(frozen=True)
class ReturnedDataset:
    """A dataset of a kelurahan that a curator returned to its PIC."""

    organization: str
    title: str
    note: str | None
    url: str


@dataclass
class KelurahanDigest:
    title: str
    overdue: list[OverdueItem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    returned: list[ReturnedDataset] = field(default_factory=list)
    #: The form that delivers an item, by its label (missing and overdue items).
    forms: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.missing or self.returned)


def kelurahan_digest(row: Row, items: list[RequiredItem],
                     returned: Iterable[ReturnedDataset],
                     url_for: Callable[[Record], str],
                     translate: Translate = lambda text: text,
                     form_url: Callable[[RequiredItem, Row], str | None] | None = None
                     ) -> KelurahanDigest:
    """What one kelurahan's PIC has to do, in the order of the items;
    `form_url` gives the (prefilled) form delivering an item, if any."""
    digest = KelurahanDigest(row.kelurahan.title)
    for item in items:
        cell = row.cells[item.code]
        label = item.display_label(translate)
        if cell.missing:
            digest.missing.append(label)
        elif cell.overdue and cell.record is not None:
            digest.overdue.append(OverdueItem(
                label, cell.record.title or cell.record.name, cell.frequency,
                cell.updated, cell.due, url_for(cell.record)))
        else:
            continue
        form = form_url(item, row) if form_url else None
        if form:
            digest.forms[label] = form
    digest.returned = [r for r in returned if r.organization == row.kelurahan.organization]
    return digest


def counts(digests: Iterable[KelurahanDigest]) -> tuple[int, int, int]:
    """(overdue, missing, returned) over all `digests`."""
    digests = list(digests)
    return (sum(len(d.overdue) for d in digests), sum(len(d.missing) for d in digests),
            sum(len(d.returned) for d in digests))


def render(recipient: str, digests: Iterable[KelurahanDigest], today: datetime.date,
           translate: Translate = lambda text: text,
           format_date: FormatDate = lambda day: day.isoformat(),
           dashboard_url: str = "", jenis: str = "kelurahan") -> tuple[str, str]:
    """The e-mail (subject, body) for `recipient` (a display name); the
    empty digests are left out. `jenis`: what the region's list holds
    ("kelurahan", "desa", "desa/kelurahan")."""
    _ = translate
    digests = [d for d in digests if not d.empty]
    overdue, missing, returned = counts(digests)
    subject = _(N_("[Satu Data] Pengingat: {overdue} terlambat, {missing} belum ada, "
                   "{returned} dikembalikan")).format(
        overdue=overdue, missing=missing, returned=returned)
    if jenis == "kelurahan":
        opening = _(N_("Berikut data kelurahan Anda yang perlu ditindaklanjuti per {date}."))
    else:
        opening = _(N_("Berikut data {jenis} Anda yang perlu ditindaklanjuti per {date}."))
    lines = [_(N_("Yth. {name},")).format(name=recipient), "",
             opening.format(jenis=jenis, date=format_date(today))]
    for digest in digests:
        lines += ["", digest.title, "=" * len(digest.title)]
        if digest.overdue:
            lines += ["", _(N_("Terlambat diperbarui:"))]
            for item in digest.overdue:
                frequency = _(FREQUENCY_LABELS_ID.get(item.frequency or "", item.frequency or ""))
                lines.append("- " + _(N_(
                    "{item}: {title} ({frequency}; terakhir diperbarui {updated}, "
                    "seharusnya paling lambat {due})")).format(
                    item=item.label, title=item.title, frequency=frequency,
                    updated=format_date(item.updated), due=format_date(item.due)))
                lines.append("  " + item.url)
                if item.label in digest.forms:
                    lines.append("  " + _(N_("Kirim data terbaru: {url}")).format(
                        url=digest.forms[item.label]))
        if digest.missing:
            lines += ["", _(N_("Belum ada:"))]
            for label in digest.missing:
                lines.append("- " + label)
                if label in digest.forms:
                    lines.append("  " + _(N_("Kirim sekarang: {url}")).format(
                        url=digest.forms[label]))
        if digest.returned:
            lines += ["", _(N_("Dikembalikan oleh kurator:"))]
            for dataset in digest.returned:
                lines.append("- " + dataset.title)
                if dataset.note:
                    lines.append("  " + _(N_("Catatan: {note}")).format(note=dataset.note))
                lines.append("  " + dataset.url)
    lines += ["", _(N_("Pesan ini dikirim otomatis oleh portal Satu Data, paling banyak "
                       "sekali sehari."))]
    if dashboard_url:
        lines.append(dashboard_url)
    return subject, "\n".join(lines)
