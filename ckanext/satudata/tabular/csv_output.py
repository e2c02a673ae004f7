"""The one way the portal writes CSV: cells a spreadsheet would run as a
formula are neutralised (OWASP "CSV injection").

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return (a spreadsheet reads ``=HYPERLINK(...)``, ``-2+3+cmd|...`` or
``@SUM(...)`` as a formula) is written with a leading ``'``, which
spreadsheets show as text and do not evaluate.

Numbers stay numbers: a cell holding a Python int or float, and a text cell
that is just a number (``-5``, ``+62``, ``-7.8166``, ``-7,8166`` with a
decimal comma, ``1e-3``), is written unchanged, so a negative change or a
southern latitude is still a number in the spreadsheet. Only text that is
not a plain number is prefixed. The prefix is part of the cell's text: a
program reading the CSV sees ``'=1+1``, never the formula.
"""
from __future__ import annotations

import csv
import re
from typing import Any, Iterable

#: First characters that make a spreadsheet evaluate a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: A plain number, with a decimal point or comma and an exponent.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """`value` as it may go into a CSV cell: formula text prefixed with
    ``'``; numbers, None and harmless text unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) \
            and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer's writerow/writerows, with every cell through safe_cell."""

    def __init__(self, out: Any, **options: Any) -> None:
        options.setdefault("lineterminator", "\n")
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: Any, **options: Any) -> SafeWriter:
    """A CSV writer on `out` (options as csv.writer; lines end with "\\n"
    unless told) whose cells are neutralised by safe_cell."""
    return SafeWriter(out, **options)
