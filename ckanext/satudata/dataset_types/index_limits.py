"""What the search index can hold.

Solr refuses a whole dataset when one untokenized value (a resource's
format or name, a title's sort copy, an extra) is longer than 32,766 bytes;
CKAN then answers 500 to whatever action indexed it (an edit, a
withdrawal), after that action's change is saved. The schemas refuse such
values at entry; a dataset that holds one anyway (stored before the limits,
or written around the API) is indexed with the value cut, so that it stays
findable and the workflow keeps working.
"""
from __future__ import annotations

from typing import Any

#: Below Lucene's limit for one term (32,766 bytes in UTF-8).
MAX_TERM_BYTES = 32_000

#: Stored as JSON, never indexed as terms: kept whole.
_STORED = ("data_dict", "validated_data_dict")


def _bounded(value: Any) -> Any:
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        if len(encoded) > MAX_TERM_BYTES:
            return encoded[:MAX_TERM_BYTES].decode("utf-8", "ignore")
        return value
    if isinstance(value, list):
        return [_bounded(item) for item in value]
    return value


def bounded(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """The index document with every indexed text at most MAX_TERM_BYTES."""
    return {key: value if key in _STORED else _bounded(value)
            for key, value in pkg_dict.items()}
