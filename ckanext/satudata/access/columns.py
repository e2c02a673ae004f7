"""The DataStore query of a caller whose grant covers some columns only,
built from an allow-list, as plain Python (no CKAN).

A grant limited to some columns must never give the others, by any query
form. Rather than look for the dangerous parts of a ``datastore_search``
request (a full-text search reads every column through ``_full_text``; a
filter or sort on a hidden column answers questions about its values), the
query that reaches the DataStore is *built* here from what the grant allows:

* ``fields``: granted columns only (default: all of them, in the table's
  order), plus ``_id``;
* ``filters``: conditions on granted columns (and ``_id``) only;
* ``sort``: granted columns (and ``_id``) only, rebuilt in a canonical form;
* ``limit``, ``offset``, ``records_format``, ``include_total``,
  ``include_next_page``: passed on (the DataStore checks their values).

Anything else is refused with a reason: a text search (``q`` in any form,
``full_text``), ``distinct``, and every parameter this module does not know
(a parameter the DataStore adds later is refused until someone decides what
it reads). The options that only shape a text search (``plain``,
``language``) and the DataStore's ignored ``total_estimation_threshold``
are dropped: without a search they do nothing, and CKAN's table preview
always sends them.

The structure of ``filters`` is checked for every caller
(``check_filters``): the DataStore's filter language is nested (``$and``,
``$or``, operators per column) and some malformed shapes make it fail with
a server error instead of a refusal.

Messages are Indonesian msgids marked with ``N_``; callers translate them
(``AccessRuleError.render``).
"""
from __future__ import annotations

import json
import re
from typing import Any, Collection, Iterable, Mapping, Sequence

from ckanext.satudata.access.rules import AccessRuleError, Problem
from ckanext.satudata.translation import N_

ROW_ID = "_id"

#: Name the table searched; the caller resolves them to one resource id.
IDENTITY: tuple[str, ...] = ("resource_id", "id")
#: Passed on unchanged: they read no column.
PASSED: tuple[str, ...] = ("limit", "offset", "records_format", "include_total",
                           "include_next_page")
#: Built from the granted columns.
COLUMN_PARAMETERS: tuple[str, ...] = ("fields", "filters", "sort")
#: Only shape a text search (refused) or are ignored by the DataStore: dropped.
INERT: tuple[str, ...] = ("plain", "language", "total_estimation_threshold")
#: A text search reads every column (``_full_text``): refused unless empty.
SEARCH: tuple[str, ...] = ("q", "full_text")
DISTINCT = "distinct"

#: Every parameter this module has decided about; any other is refused.
CLASSIFIED: frozenset[str] = frozenset(
    IDENTITY + PASSED + COLUMN_PARAMETERS + INERT + SEARCH + (DISTINCT,))

#: The DataStore's filter language (ckanext/datastore/filters.py).
FILTER_COMBINATORS: frozenset[str] = frozenset({"$and", "$or"})
FILTER_OPERATORS: frozenset[str] = frozenset({"eq", "in", "gt", "gte", "lt", "lte"})
FILTER_MAX_DEPTH = 10

_SORT_CLAUSE = re.compile(
    r"^\s*(?P<field>.+?)(?:\s+(?P<direction>asc|desc))?"
    r"(?:\s+nulls\s+(?P<nulls>first|last))?\s*$", re.IGNORECASE | re.DOTALL)
_FALSE_WORDS = frozenset({"", "false", "f", "0", "no", "n", "off"})

OUTSIDE_GRANT = N_(
    "Izin akses Anda hanya mencakup kolom: {columns}. Kolom lain tidak dapat "
    "dibaca, disaring, atau diurutkan.")
SEARCH_REFUSED = N_(
    "Pencarian teks (q, full_text) tidak tersedia untuk izin akses yang hanya "
    "mencakup kolom tertentu; saring data dengan filters pada kolom yang "
    "diizinkan: {columns}.")
DISTINCT_REFUSED = N_(
    "Parameter distinct tidak tersedia untuk izin akses yang hanya mencakup "
    "kolom tertentu.")
UNKNOWN_PARAMETER = N_(
    "Parameter ini tidak tersedia untuk izin akses yang hanya mencakup kolom "
    "tertentu. Yang tersedia: fields, filters, sort, limit, offset, "
    "records_format, include_total.")
FIELDS_FORMAT = N_("Isi fields dengan daftar nama kolom.")
SORT_FORMAT = N_("Isi sort dengan nama kolom, boleh diikuti asc atau desc.")
FILTERS_FORMAT = N_(
    "Isi filters dengan objek JSON berisi nama kolom dan nilai yang dicari "
    "(atau daftar objek seperti itu).")
FILTERS_OPERATOR = N_(
    "Operator filters tidak dikenal; gunakan $and atau $or untuk menggabungkan "
    "syarat, dan eq, in, gt, gte, lt, atau lte untuk satu kolom.")
FILTERS_TOO_DEEP = N_("Filters bersarang terlalu dalam.")


class _Problems:
    """Problems collected by parameter name, each message once."""

    def __init__(self) -> None:
        self.found: dict[str, list[Problem]] = {}

    def add(self, name: str, message_id: str, **params: Any) -> None:
        problem = Problem(message_id, params)
        found = self.found.setdefault(name, [])
        if problem not in found:
            found.append(problem)

    def raise_if_any(self) -> None:
        if self.found:
            raise AccessRuleError(self.found)


# -- filters ------------------------------------------------------------------------

def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _parsed_filters(value: Any, problems: _Problems) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            problems.add("filters", FILTERS_FORMAT)
            return None
    return value


def _column_condition(column: str, condition: Any, allowed: Collection[str] | None,
                      problems: _Problems, columns_text: str) -> None:
    """One column's condition: a value, a list of values (any of them), or
    ``{operator: value}``; the column must be allowed."""
    if allowed is not None and column not in allowed:
        problems.add("filters", OUTSIDE_GRANT, columns=columns_text)
    conditions = condition if isinstance(condition, list) else [condition]
    for item in conditions:
        if _scalar(item):
            continue
        if not isinstance(item, dict) or not item:
            problems.add("filters", FILTERS_FORMAT)
            continue
        for operator, operand in item.items():
            if operator not in FILTER_OPERATORS:
                problems.add("filters", FILTERS_OPERATOR)
            elif operator == "in":
                if not isinstance(operand, list) or not all(_scalar(v) for v in operand):
                    problems.add("filters", FILTERS_FORMAT)
            elif not _scalar(operand):
                problems.add("filters", FILTERS_FORMAT)


def _walk_filters(node: Any, depth: int, allowed: Collection[str] | None,
                  problems: _Problems, columns_text: str) -> None:
    if depth > FILTER_MAX_DEPTH:
        problems.add("filters", FILTERS_TOO_DEEP)
        return
    if isinstance(node, list):
        for item in node:
            if isinstance(item, dict):
                _walk_filters(item, depth + 1, allowed, problems, columns_text)
            else:
                problems.add("filters", FILTERS_FORMAT)
        return
    if not isinstance(node, dict):
        problems.add("filters", FILTERS_FORMAT)
        return
    for key, value in node.items():
        if not isinstance(key, str):
            problems.add("filters", FILTERS_FORMAT)
        elif key in FILTER_COMBINATORS:
            if isinstance(value, list):
                _walk_filters(value, depth + 1, allowed, problems, columns_text)
            else:
                problems.add("filters", FILTERS_FORMAT)
        elif key.startswith("$$"):
            # The DataStore's escape for a column whose name starts with "$".
            _column_condition(key[1:], value, allowed, problems, columns_text)
        elif key.startswith("$"):
            problems.add("filters", FILTERS_OPERATOR)
        else:
            _column_condition(key, value, allowed, problems, columns_text)


def _filters(value: Any, allowed: Collection[str] | None, problems: _Problems,
             columns_text: str = "") -> Any:
    parsed = _parsed_filters(value, problems)
    if parsed in (None, "", {}, []):
        return parsed
    _walk_filters(parsed, 0, allowed, problems, columns_text)
    return parsed


def check_filters(value: Any) -> Any:
    """The DataStore `filters` parameter, parsed (JSON text is read) and
    checked for shape; raises AccessRuleError when the DataStore could not
    take it. Any column name is accepted here."""
    problems = _Problems()
    parsed = _filters(value, None, problems)
    problems.raise_if_any()
    return parsed


# -- fields, sort ---------------------------------------------------------------------

def _unquoted(name: str) -> str:
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        return name[1:-1]
    return name


def _items(value: Any, name: str, message_id: str, problems: _Problems) -> list[str]:
    """A list of texts from a comma separated text or a list of texts, as
    the DataStore reads them."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in value.split(",") if part.strip()]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return [part for part in value if part.strip()]
    problems.add(name, message_id)
    return []


def _fields(value: Any, allowed: Collection[str], problems: _Problems,
            columns_text: str) -> list[str]:
    names = [_unquoted(part) for part in _items(value, "fields", FIELDS_FORMAT, problems)]
    if any(name not in allowed for name in names):
        problems.add("fields", OUTSIDE_GRANT, columns=columns_text)
    return list(dict.fromkeys(names))


def _sort(value: Any, allowed: Collection[str], problems: _Problems,
          columns_text: str) -> list[str]:
    clauses = []
    for part in _items(value, "sort", SORT_FORMAT, problems):
        match = _SORT_CLAUSE.match(part)
        if match is None:
            problems.add("sort", SORT_FORMAT)
            continue
        field = _unquoted(match.group("field"))
        if field not in allowed:
            problems.add("sort", OUTSIDE_GRANT, columns=columns_text)
            continue
        # Rebuilt, quoted: the DataStore reads back exactly this column.
        clause = f'"{field}" {(match.group("direction") or "asc").lower()}'
        if match.group("nulls"):
            clause += f' nulls {match.group("nulls").lower()}'
        clauses.append(clause)
    return clauses


# -- the query --------------------------------------------------------------------------

def _empty_search(value: Any) -> bool:
    if value is None or value == {} or value == "":
        return True
    if isinstance(value, str) and value.strip() == "{}":
        return True
    return False


def _true(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in _FALSE_WORDS
    return bool(value)


def granted_columns(granted: Iterable[str],
                    table_columns: Sequence[str] | None = None) -> list[str]:
    """The granted columns that the table has, in the table's order (in
    the grant's order when the table's columns are not known)."""
    granted = [c for c in granted if c != ROW_ID]
    if table_columns is None:
        return list(dict.fromkeys(granted))
    wanted = set(granted)
    return [c for c in table_columns if c in wanted and c != ROW_ID]


def build_query(data: Mapping[str, Any], resource_id: str, granted: Sequence[str],
                table_columns: Sequence[str] | None = None) -> dict[str, Any]:
    """The ``datastore_search`` parameters for a caller granted `granted`
    columns of the table `resource_id` (whose columns are `table_columns`,
    when known), built from the caller's `data`. Raises AccessRuleError
    with every refused parameter."""
    columns = granted_columns(granted, table_columns)
    allowed = frozenset((ROW_ID, *columns))
    columns_text = ", ".join(columns)
    problems = _Problems()
    query: dict[str, Any] = {"resource_id": resource_id}
    for key, value in data.items():
        if key in IDENTITY or key in INERT:
            continue
        if key in PASSED:
            query[key] = value
        elif key == "fields":
            query["fields"] = _fields(value, allowed, problems, columns_text)
        elif key == "filters":
            filters = _filters(value, allowed, problems, columns_text)
            if filters not in (None, "", {}, []):
                query["filters"] = filters
        elif key == "sort":
            sort = _sort(value, allowed, problems, columns_text)
            if sort:
                query["sort"] = sort
        elif key in SEARCH:
            if not _empty_search(value):
                problems.add(key, SEARCH_REFUSED, columns=columns_text)
        elif key == DISTINCT:
            if _true(value):
                problems.add(key, DISTINCT_REFUSED)
        else:
            problems.add(str(key)[:100], UNKNOWN_PARAMETER)
    problems.raise_if_any()
    if not query.get("fields"):
        query["fields"] = [ROW_ID, *columns]
    return query
