"""The one way a page embeds JSON in its HTML.

Inside ``<script type="application/json">`` the browser does not decode
entities, so Jinja's HTML escaping cannot be used, and text such as
``</script><script>...`` in a unit or a kelurahan name would end the
element and run. script_json writes JSON whose ``<``, ``>``, ``&`` and
``'`` are ``\\u003c``-style escapes (and U+2028/U+2029 too, which end a
line in older JavaScript): the text can never close the element or start a
tag, and ``JSON.parse`` gives back the original strings.

In an attribute (``data-module-config="..."``) JSON is plain text that
Jinja escapes (``h.dump_json``); script_json is for element content only.
"""
from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

_ESCAPES = {
    "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027",
    "\u2028": "\\u2028", "\u2029": "\\u2029",
}
_TABLE = str.maketrans(_ESCAPES)


def script_json(value: Any) -> Markup:
    """`value` as JSON, safe inside a ``<script>`` element of a page."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_TABLE))
