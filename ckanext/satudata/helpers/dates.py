"""Dates in the user's language and the portal's time zone.

CKAN's `render_datetime` shows a date with its time in an English pattern
("November 23, 2026, 23:20 (WIB)") whatever the language; in Indonesian a
date with its time reads "23 November 2026, 23.20 (WIB)".
"""
from __future__ import annotations

import datetime
from typing import Any, Optional

import flask_babel

import ckan.plugins.toolkit as tk

from ckanext.satudata import site

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
