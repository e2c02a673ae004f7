"""Template helpers of the open statistics and the downloads: numbers, the home summary, the search ZIP."""
from __future__ import annotations

from typing import Any

import flask_babel

import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata import site
from ckanext.satudata.downloads import planner

__all__ = [
    "satudata_number",
    "satudata_home_summary",
    "satudata_search_zip",
]


def satudata_number(value: float | int | str | None, decimals: int | None = None) -> str:
    """A number in the user's language, e.g. 1.234,5 in Indonesian; with
    `decimals`, exactly that many digits after the decimal comma (else up
    to two, none for whole numbers). Empty for None."""
    if value is None or value == "":
        return ""
    number = float(value)
    if decimals is None:
        pattern = "#,##0" if number.is_integer() else "#,##0.##"
    else:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return flask_babel.format_decimal(number, format=pattern)


def satudata_home_summary() -> dict[str, Any]:
    """The home page's counts of published datasets (see
    satudata_statistics_summary), for the current user."""
    return tk.get_action("satudata_statistics_summary")(site.user_context(), {})


def satudata_search_zip(item_count: int) -> dict[str, Any]:
    """The ZIP download of the current search: {url, limit, allowed}."""
    limit = config.download_zip_max_datasets()
    return {"url": planner.zip_url(tk.request.args), "limit": limit,
            "allowed": 0 < item_count <= limit}
