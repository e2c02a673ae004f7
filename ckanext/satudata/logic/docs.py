"""The API reference (``/api/referensi``), read from the code so that it
cannot drift from it: every ``satudata_*`` action the plugins register
(IActions), its docstring, the parameters its ``@params.reads`` declares,
and who may call it (the ``callers`` its auth function declares, see
``logic/auth/outcome.py``).

The docstring convention of the actions::

    \"\"\"What the action does (the first paragraph is its summary).

    More about it.

    :param id: what the parameter is (e.g. ``balita-ditimbang``).
    :param note: ...
    :returns: what comes back.
    \"\"\"

An action that takes no parameter says ``:params: none``. Each parameter
declared with ``@params.reads`` is documented (tests/interop checks it);
its type and whether it is required come from its reader in
``logic/params.py``. A parameter the action reads in its body names its
reader in a ``:type name: date`` line (one of ``READERS``), and says
"required" first in its description when it is.
"""
from __future__ import annotations

import functools
import inspect
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Callable

import ckan.plugins as p

from ckanext.satudata.logic import params
from ckanext.satudata.logic.auth.outcome import ANYONE
from ckanext.satudata.translation import N_

PREFIX = "satudata_"
NO_PARAMS = ":params: none"

#: The type of a parameter, by the reader of logic/params.py reading it.
TYPES: dict[Callable, str] = {
    params.text: N_("teks"),
    params.identifier: N_("teks: id atau nama"),
    params.optional_identifier: N_("teks: id atau nama"),
    params.boolean: N_("true atau false"),
    params.date: N_("tanggal TTTT-BB-HH"),
    params.non_negative_int: N_("bilangan bulat, 0 atau lebih"),
    params.text_list: N_("daftar teks"),
    params.text_or_text_list: N_("teks atau daftar teks"),
    params.json_list: N_("daftar JSON"),
    params.text_dict: N_("objek JSON"),
}
UNKNOWN_TYPE = N_("nilai")
_EXAMPLES: dict[Callable, Any] = {
    params.boolean: True, params.date: "2026-01-31", params.non_negative_int: 10,
    params.text_list: ["contoh"], params.json_list: ["contoh"], params.text_dict: {},
}

READERS = {function.__name__: function for function in TYPES}

_FIELD = re.compile(
    r"^:(param\s+(?P<param>\w+)|type\s+(?P<type>\w+)|returns|params)\s*:\s?(?P<text>.*)$")
_EXAMPLE = re.compile(r"e\.g\.\s*``([^`]+)``")


@dataclass
class Param:
    name: str
    type: str                 # N_-marked
    required: bool
    description: str
    example: Any


@dataclass
class ActionDoc:
    name: str
    summary: str
    description: str
    callers: str | None       # N_-marked; None: the auth function declares nothing
    read_only: bool           # side-effect free: GET allowed
    params: list[Param] = field(default_factory=list)
    returns: str = ""
    no_params: bool = False   # says ":params: none"
    documented: dict[str, str] = field(default_factory=dict)   # :param lines
    declared: list[str] = field(default_factory=list)          # @params.reads


@dataclass
class Docstring:
    summary: str = ""
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)
    returns: str = ""
    no_params: bool = False
    types: dict[str, str] = field(default_factory=dict)   # :type lines: reader names


def _join(lines: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


def parse(doc: str | None) -> Docstring:
    """A docstring read by the convention above."""
    result = Docstring()
    prose: list[str] = []
    current: list[str] | None = None
    fields: list[tuple[str, list[str]]] = []
    for line in inspect.cleandoc(doc or "").splitlines():
        match = _FIELD.match(line.strip())
        if match:
            key = (match["param"] or (f"type {match['type']}" if match["type"] else "")
                   or line.strip()[1:].split(":")[0].strip())
            current = [match["text"]]
            fields.append((key, current))
        elif current is not None and (line.startswith(" ") or not line.strip()):
            current.append(line)
        elif current is not None:
            current = None
            prose.append(line)
        else:
            prose.append(line)
    paragraphs = [_join(part.splitlines()) for part in "\n".join(prose).split("\n\n")]
    paragraphs = [text for text in paragraphs if text]
    result.summary = paragraphs[0] if paragraphs else ""
    result.description = "\n\n".join(paragraphs[1:])
    for key, lines in fields:
        text = _join(lines)
        if key == "returns":
            result.returns = text
        elif key == "params":
            result.no_params = text.lower() == "none"
        elif key.startswith("type "):
            result.types[key[5:]] = text
        else:
            result.params[key] = text
    return result


def _reader_of(reader: Callable) -> tuple[Callable, dict[str, Any]]:
    if isinstance(reader, functools.partial):
        return reader.func, dict(reader.keywords)
    return reader, {}


def _param(name: str, reader: Callable | None, description: str, typed: str = "") -> Param:
    function, options = _reader_of(reader) if reader else (READERS.get(typed), {})
    required = (function is params.identifier or bool(options.get("required"))
                or (reader is None and description.lower().startswith("required")))
    example = _EXAMPLE.search(description)
    value = example.group(1) if example else _EXAMPLES.get(function, f"<{name}>")
    return Param(name, TYPES.get(function, UNKNOWN_TYPE), required, description, value)


def registered() -> dict[str, tuple[Callable, Callable | None]]:
    """{name: (action, auth function)} of every satudata_* action the
    loaded plugins register, by name."""
    actions: dict[str, Callable] = {}
    auth: dict[str, Callable] = {}
    for plugin in p.PluginImplementations(p.IActions):
        actions.update((name, function) for name, function in plugin.get_actions().items()
                       if name.startswith(PREFIX))
    for plugin in p.PluginImplementations(p.IAuthFunctions):
        auth.update(plugin.get_auth_functions())
    return {name: (actions[name], auth.get(name)) for name in sorted(actions)}


def document(name: str, action: Callable, auth: Callable | None) -> ActionDoc:
    doc = parse(action.__doc__)
    readers: dict[str, Callable] = getattr(action, "satudata_params", {})
    callers = getattr(auth, "satudata_callers", None)
    if callers is None and getattr(auth, "auth_allow_anonymous_access", False):
        callers = ANYONE
    names = list(readers) + [n for n in doc.params if n not in readers]
    return ActionDoc(
        name=name, summary=doc.summary, description=doc.description, callers=callers,
        read_only=bool(getattr(action, "side_effect_free", False)),
        params=[_param(n, readers.get(n), doc.params.get(n, ""), doc.types.get(n, ""))
                for n in names],
        returns=doc.returns, no_params=doc.no_params, documented=doc.params,
        declared=list(readers))


def all_actions() -> list[ActionDoc]:
    return [document(name, action, auth) for name, (action, auth) in registered().items()]


def example_request(action: ActionDoc, site_url: str) -> str:
    """How to call the action: a GET address for a read-only action, else a
    POST with a JSON body and an API token."""
    url = f"{site_url.rstrip('/')}/api/3/action/{action.name}"
    values = {param.name: param.example for param in action.params
              if param.required or not action.read_only}
    if action.read_only:
        query = urllib.parse.urlencode(
            {k: v if isinstance(v, str) else json.dumps(v) for k, v in values.items()})
        return f"GET {url}" + (f"?{query}" if query else "")
    body = json.dumps(values, ensure_ascii=False)
    return (f"POST {url}\nAuthorization: <token API>\nContent-Type: application/json\n\n"
            f"{body}")


def example_response(action: ActionDoc, site_url: str) -> str:
    """CKAN's envelope of every answer, its `result` as the docstring
    describes it."""
    help_url = f"{site_url.rstrip('/')}/api/3/action/help_show?name={action.name}"
    envelope = json.dumps({"help": help_url, "success": True, "result": "…"},
                          ensure_ascii=False, indent=1)
    return envelope
