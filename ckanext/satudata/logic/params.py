"""Reading action parameters the way every action of the portal reads them.

An action's parameters come from the web API as JSON: any of them may be a
list, a dict, a number, true or null where the action expects text. Each
reader here takes one parameter, returns it in the type the action works
with, and refuses anything else with a ValidationError naming the
parameter in Indonesian (a 409 with a message, never a 500).

Actions declare what they read with ``@params.reads(...)``, so that the
wrong values are refused before the action's code runs::

    @params.reads(id=params.identifier, note=params.text(max_length=4000))
    def satudata_submit(context, data_dict): ...
"""
from __future__ import annotations

import datetime
import functools
import json
from typing import Any, Callable, Optional

import ckan.plugins.toolkit as tk

#: The largest whole number a limit or an offset may be (PostgreSQL's
#: integer; beyond it the database refuses the query).
MAX_INT = 2 ** 31 - 1

#: The longest id or name CKAN stores (dataset, resource, organisation and
#: user names are at most 100 characters; ids are 36).
MAX_ID_LENGTH = 100

#: The longest short text parameter (a filter, a search, a choice).
MAX_TEXT_LENGTH = 1000

_TRUE = ("true", "1", "yes", "on", "ya")
_FALSE = ("false", "0", "no", "off", "tidak")

Reader = Callable[[dict[str, Any], str], Any]


def _invalid(key: str, message: str) -> tk.ValidationError:
    return tk.ValidationError({key: [message]})


def _absent(raw: Any) -> bool:
    return raw is None or raw is tk.missing or (isinstance(raw, str) and not raw.strip())


def non_negative_int(data_dict: dict[str, Any], key: str,
                     maximum: int = MAX_INT) -> Optional[int]:
    """``data_dict[key]`` as a whole number from 0 to `maximum`; None when
    absent or empty. Anything else is a ValidationError naming the parameter."""
    raw = data_dict.get(key)
    if _absent(raw):
        return None
    value = -1
    if not isinstance(raw, (bool, float, list, dict)):
        try:
            value = int(str(raw).strip())
        except ValueError:
            pass
    if value < 0:
        raise _invalid(key, tk._(
            "{name} harus berupa bilangan bulat tidak negatif.").format(name=key))
    if value > maximum:
        raise _invalid(key, tk._("{name} paling besar {maximum}.").format(
            name=key, maximum=maximum))
    return value


def text(data_dict: dict[str, Any] | None = None, key: str | None = None, *,
         max_length: int = MAX_TEXT_LENGTH, required: bool = False,
         strip: bool = True) -> Any:
    """``data_dict[key]`` as text without surrounding spaces ("" when absent),
    at most `max_length` characters; with ``strip=False`` kept as given
    (content such as a description, whose spaces are the user's).

    Called without a dict, returns a reader with these settings:
    ``params.text(max_length=4000)``."""
    if data_dict is None:
        return functools.partial(text, max_length=max_length, required=required,
                                 strip=strip)
    raw = data_dict.get(key)
    if _absent(raw):
        if required:
            raise _invalid(key, tk._("{name} wajib diisi.").format(name=key))
        return ""
    if not isinstance(raw, str):
        raise _invalid(key, tk._("{name} harus berupa teks.").format(name=key))
    value = raw.strip() if strip else raw
    if len(value) > max_length:
        raise _invalid(key, tk._(
            "{name} terlalu panjang (paling banyak {limit} karakter).").format(
                name=key, limit=max_length))
    return value


def identifier(data_dict: dict[str, Any], key: str) -> str:
    """A required id or name (of a dataset, resource, request...)."""
    value = text(data_dict, key, max_length=MAX_ID_LENGTH * 10, required=True)
    if len(value) > MAX_ID_LENGTH:
        raise _invalid(key, tk._("{name} tidak dikenal.").format(name=key))
    return value


def optional_identifier(data_dict: dict[str, Any], key: str) -> str:
    """An id or name that may be left out ("" then)."""
    if _absent(data_dict.get(key)):
        return ""
    return identifier(data_dict, key)


def boolean(data_dict: dict[str, Any] | None = None, key: str | None = None, *,
            default: bool = False) -> Any:
    """true/false (also "1"/"0", "yes"/"no", "ya"/"tidak"); `default` when
    absent. Without a dict, returns a reader: ``params.boolean(default=True)``."""
    if data_dict is None:
        return functools.partial(boolean, default=default)
    raw = data_dict.get(key)
    if _absent(raw):
        return default
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (str, int)) and str(raw).strip().lower() in _TRUE + _FALSE:
        return str(raw).strip().lower() in _TRUE
    raise _invalid(key, tk._("{name} harus berupa true atau false.").format(name=key))


def date(data_dict: dict[str, Any], key: str) -> Optional[datetime.date]:
    """A date written YYYY-MM-DD; None when absent."""
    raw = data_dict.get(key)
    if _absent(raw):
        return None
    if isinstance(raw, datetime.date):
        return raw
    try:
        if not isinstance(raw, str):
            raise ValueError(raw)
        return datetime.date.fromisoformat(raw.strip())
    except ValueError:
        raise _invalid(key, tk._(
            "{name} harus berupa tanggal berformat TTTT-BB-HH, misalnya 2026-11-23."
        ).format(name=key))


def text_list(data_dict: dict[str, Any] | None = None, key: str | None = None, *,
              max_items: int = 1000, max_length: int = MAX_TEXT_LENGTH) -> Any:
    """A list of texts, given as a JSON list, as a JSON list written as text,
    or as comma-separated text; [] when absent. Without a dict, returns a
    reader with these settings."""
    if data_dict is None:
        return functools.partial(text_list, max_items=max_items, max_length=max_length)
    raw = data_dict.get(key)
    if _absent(raw):
        return []
    if isinstance(raw, str):
        stripped = raw.strip()
        if stripped.startswith("["):
            try:
                raw = json.loads(stripped)
            except ValueError:
                raw = None
        else:
            raw = [part for part in stripped.split(",")]
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise _invalid(key, tk._("{name} harus berupa daftar teks.").format(name=key))
    values = [item.strip() for item in raw if item.strip()]
    if len(values) > max_items or any(len(item) > max_length for item in values):
        raise _invalid(key, tk._("{name} terlalu panjang.").format(name=key))
    return values


def text_or_text_list(data_dict: dict[str, Any], key: str) -> Any:
    """A text, or a list of texts, kept as given (core's resource_search
    `query`); "" when absent."""
    raw = data_dict.get(key)
    if isinstance(raw, list):
        return text_list(data_dict, key)
    return text(data_dict, key)


def json_list(data_dict: dict[str, Any], key: str) -> Any:
    """A JSON list, or a text holding one (the DataStore parses it), kept as
    given; None when absent."""
    raw = data_dict.get(key)
    if raw is None or isinstance(raw, (list, str)):
        return raw
    raise _invalid(key, tk._("{name} harus berupa daftar.").format(name=key))


def text_dict(data_dict: dict[str, Any], key: str) -> dict[str, Any]:
    """A JSON object (or {} when absent) whose values are texts, numbers or
    true/false (e.g. package_search's `extras`)."""
    raw = data_dict.get(key)
    if _absent(raw):
        return {}
    if not isinstance(raw, dict) or not all(
            isinstance(k, str) and isinstance(v, (str, int, float, bool))
            for k, v in raw.items()):
        raise _invalid(key, tk._(
            "{name} harus berupa objek JSON berisi teks.").format(name=key))
    return raw


def reads(**readers: Reader) -> Callable:
    """Decorate an action: each named parameter is read by its reader
    before the action runs (the action gets the values read); every
    refused parameter is reported at once."""
    def decorate(action: Callable) -> Callable:
        @functools.wraps(action)
        def wrapper(*args: Any) -> Any:
            *before, data_dict = args
            data_dict = dict(data_dict or {})
            errors: dict[str, list[str]] = {}
            for key, reader in readers.items():
                try:
                    value = reader(data_dict, key)
                except tk.ValidationError as error:
                    for name, messages in error.error_dict.items():
                        errors.setdefault(name, []).extend(messages)
                    continue
                if value is None:
                    data_dict.pop(key, None)  # absent or empty: the action's default
                elif not _absent(data_dict.get(key)) or value not in ("", [], {}):
                    data_dict[key] = value  # (an absent value is left as given)
            if errors:
                raise tk.ValidationError(errors)
            return action(*before, data_dict)
        # What the API reference lists as the action's parameters and types.
        wrapper.satudata_params = dict(readers)  # type: ignore[attr-defined]
        return wrapper
    return decorate
