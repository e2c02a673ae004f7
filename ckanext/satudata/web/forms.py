"""A page's form posted to an API action: the one way the views call an
action for the current user and tell the outcome.

Refusals become the pages a user expects (404 with what was not found, 403
with who may do it); a ValidationError becomes its messages, flashed or
shown beside the fields, never a stack trace.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk

from ckanext.satudata import site


def field_errors(error: tk.ValidationError) -> dict[str, list[str]]:
    """{field: [message, ...]} of a ValidationError."""
    return {name: [str(m) for m in (value if isinstance(value, (list, tuple)) else [value])]
            for name, value in (error.error_dict or {}).items()}


def error_messages(error: tk.ValidationError) -> list[str]:
    """Every message of a ValidationError, in field order; a general one
    when it has none."""
    messages = [m for values in field_errors(error).values() for m in values]
    return messages or [tk._("Tindakan tidak dapat dilakukan.")]


def flash_errors(error: tk.ValidationError) -> None:
    for message in error_messages(error):
        tk.h.flash_error(message)


def post_to_action(action: str, data_dict: dict[str, Any], not_found: str,
                   not_authorized: str) -> Optional[dict[str, Any]]:
    """`action`'s result for the current user; None when it refused the
    input (its messages flashed). Aborts with 404 (`not_found`) or 403
    (`not_authorized`)."""
    try:
        return tk.get_action(action)(site.user_context(), data_dict)
    except tk.ObjectNotFound:
        return tk.abort(404, not_found)
    except tk.NotAuthorized:
        return tk.abort(403, not_authorized)
    except tk.ValidationError as error:
        flash_errors(error)
        return None
