"""Update frequencies and when a dataset becomes overdue.

Plain Python. A dataset is overdue when it has not been updated for more
than one period of its frequency, counted in calendar months: a monthly
dataset last updated on 15 January is on time up to and including
15 February and overdue from 16 February. A period that ends on a day the
month does not have ends on the month's last day (31 January + one month =
28 or 29 February).

The codes are the choices of the `frekuensi` field of the
`statistik-sektoral` schema (the test suite checks that the two agree).
"""
from __future__ import annotations

import calendar
import datetime

from ckanext.satudata.translation import N_

BULANAN = "bulanan"
TRIWULANAN = "triwulanan"
SEMESTERAN = "semesteran"
TAHUNAN = "tahunan"
LIMA_TAHUNAN = "lima-tahunan"
TIDAK_TETAP = "tidak-tetap"

#: Length of one period in calendar months; None: no fixed period, never overdue.
PERIOD_MONTHS: dict[str, int | None] = {
    BULANAN: 1,
    TRIWULANAN: 3,
    SEMESTERAN: 6,
    TAHUNAN: 12,
    LIMA_TAHUNAN: 60,
    TIDAK_TETAP: None,
}

FREQUENCIES: tuple[str, ...] = tuple(PERIOD_MONTHS)

FREQUENCY_LABELS_ID: dict[str, str] = {
    BULANAN: N_("Bulanan"),
    TRIWULANAN: N_("Triwulanan"),
    SEMESTERAN: N_("Semesteran"),
    TAHUNAN: N_("Tahunan"),
    LIMA_TAHUNAN: N_("Lima tahunan"),
    TIDAK_TETAP: N_("Tidak tetap"),
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by `months` calendar months, clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(last_update: datetime.date, frequency: str | None) -> datetime.date | None:
    """The last day on which a dataset updated on `last_update` is still on
    time; None for an irregular or unknown frequency."""
    months = PERIOD_MONTHS.get(frequency or "")
    if months is None:
        return None
    return add_months(last_update, months)


def is_overdue(last_update: datetime.date, frequency: str | None,
               today: datetime.date) -> bool:
    """Whether a dataset of `frequency` last updated on `last_update` is
    overdue on `today` (more than one whole period has passed)."""
    due = due_date(last_update, frequency)
    return due is not None and today > due


def known_frequency(frequency: str | None) -> bool:
    return (frequency or "") in PERIOD_MONTHS
