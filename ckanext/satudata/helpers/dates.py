"""Dates in the user's language and the portal's time zone.

CKAN's `render_datetime` shows a date with its time in an English pattern
("November 23, 2026, 23:20 (WIB)") whatever the language; in Indonesian a
date with its time reads "23 November 2026, 23.20 (WIB)".
"""
from __future__ import annotations

import datetime
import functools
from typing import Any, Optional

import babel.dates
import flask_babel

import ckan.plugins.toolkit as tk

from ckanext.satudata import site

__all__ = ["render_datetime", "satudata_datetime", "satudata_date"]

#: Babel patterns of a date with its time, by language.
DATE_TIME_PATTERNS = {"id": "d MMMM y, HH.mm (z)"}


def _as_datetime(value: Any) -> Optional[datetime.datetime]:
    if isinstance(value, str):
        try:
            value = tk.h.date_str_to_datetime(value)
        except (TypeError, ValueError):
            return None
    if not isinstance(value, datetime.datetime):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(tk.h.get_display_timezone())


@tk.chained_helper
def render_datetime(next_helper, datetime_, date_format=None, with_hours=False,
                    with_seconds=False):
    """CKAN's render_datetime, with the date and time in the order of the
    user's language."""
    pattern = DATE_TIME_PATTERNS.get(site.language())
    if pattern and with_hours and not with_seconds and not date_format:
        moment = _as_datetime(datetime_)
        if moment is not None:
            return flask_babel.format_datetime(moment, pattern)
    return next_helper(datetime_, date_format=date_format, with_hours=with_hours,
                       with_seconds=with_seconds)


def satudata_datetime(value: str | datetime.datetime | None) -> str:
    """A UTC timestamp as a date and time in the user's language and the
    portal's time zone, e.g. "23 November 2026, 22.06" in Indonesian."""
    if not value:
        return ""
    moment = tk.h.date_str_to_datetime(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return "{}, {}".format(flask_babel.format_date(moment, "long"),
                           flask_babel.format_time(moment, "short"))


def satudata_date(value: str | datetime.date | None, format: str = "long") -> str:
    """A calendar date (ISO string or date) in the user's language, e.g.
    "23 November 2026" (long) or "23 Nov 2026" (medium) in Indonesian."""
    if not value:
        return ""
    day = datetime.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return _format_date(day, format, str(flask_babel.get_locale()))


@functools.lru_cache(maxsize=8192)
def _format_date(day: datetime.date, format: str, locale: str) -> str:
    # Pages such as the completeness dashboard show hundreds of dates.
    return babel.dates.format_date(day, format, locale=locale)
