"""Numbers as PICs write them in tables: 1234, 12.345 and 1.234,5
(Indonesian: dot for thousands, comma for decimals), 1,234.5 and 1.5
(English), 1 234, 45%. Plain Python.

The same text can mean two numbers: ``1.234`` is 1234 in Indonesian and
1.234 in English (``1,234`` the other way round). Which one is decided by
the *style* a value is read in:

* ID — Indonesian: a ``;``-separated file (what Excel writes in the
  Indonesian locale) or a workbook's text cell;
* EN — English;
* None — not known: a spelling that reads two ways is *ambiguous*, and a
  table reader asks the PIC instead of guessing (NumberSense: a column's
  other values often tell, e.g. ``12,5`` or ``1.234,5`` elsewhere).

The decimal and group symbols of each style are Babel's (CLDR) locale data.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Hashable

from babel.numbers import get_decimal_symbol, get_group_symbol

ID, EN = "id", "en"
STYLES = (ID, EN)
#: The (decimal symbol, group symbol) of each style, from the locale data.
SYMBOLS = {style: (get_decimal_symbol(style), get_group_symbol(style)) for style in STYLES}

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_PLAIN = re.compile(r"^-?\d+$")


def _grouped(decimal: str, group: str) -> re.Pattern[str]:
    """1.234.567 or 1.234,5: groups of three digits, an optional decimal part."""
    d, g = re.escape(decimal), re.escape(group)
    return re.compile(rf"^-?[1-9]\d{{0,2}}(?:{g}\d{{3}})+(?:{d}\d+)?$")


def _decimal(decimal: str) -> re.Pattern[str]:
    return re.compile(rf"^-?\d*{re.escape(decimal)}\d+$")


_GROUPED = {style: _grouped(*SYMBOLS[style]) for style in STYLES}
_DECIMAL = {style: _decimal(SYMBOLS[style][0]) for style in STYLES}
#: One separator after one to three digits (no leading zero) and before
#: three: a group in one style, a decimal point in the other.
_TWO_WAYS = re.compile(r"^-?[1-9]\d{0,2}[.,]\d{3}$")


@dataclass(frozen=True)
class NumberReading:
    """What a cell says as a number. `value` None: no number (empty, text,
    or ambiguous). `clue`: ID or EN when the spelling shows its style
    (``12,5``, ``1.234,5``, ``1,234.5``, ``1.5``). `ambiguous`: the text
    reads as `thousands` or as `fraction` and no style was given."""

    value: float | None
    clue: str | None = None
    ambiguous: bool = False
    thousands: float | None = None
    fraction: float | None = None


_NOTHING = NumberReading(None)


def _finite(number: float) -> float | None:
    return number if math.isfinite(number) else None


def _as_float(text: str, style: str) -> float | None:
    """`text` (digits and the symbols of `style`) as a number."""
    decimal, group = SYMBOLS[style]
    try:
        return _finite(float(text.replace(group, "").replace(decimal, ".")))
    except ValueError:
        return None


def read_number(value: object, style: str | None = None) -> NumberReading:
    """Reads a cell as a number in `style` (ID, EN or None: unknown).
    Spreadsheet numbers are numbers as they are; text is read as written."""
    if isinstance(value, bool) or value is None:
        return _NOTHING
    if isinstance(value, (int, float)):
        return NumberReading(_finite(float(value)))
    text = _SPACES.sub("", str(value)).replace("\u2212", "-").rstrip("%")
    if text.startswith("+"):
        text = text[1:]
    if not text:
        return _NOTHING
    if _PLAIN.match(text):
        return NumberReading(_finite(float(text)))
    if _TWO_WAYS.match(text):
        separator = "." if "." in text else ","
        readers = {ID: "," == separator, EN: "." == separator}  # style: separator is decimal
        thousands = _finite(float(text.replace(separator, "")))
        fraction = _finite(float(text.replace(separator, ".")))
        if style in readers:
            return NumberReading(fraction if readers[style] else thousands)
        return NumberReading(None, ambiguous=True, thousands=thousands, fraction=fraction)
    for clue in STYLES:
        if _GROUPED[clue].match(text) or _DECIMAL[clue].match(text):
            return NumberReading(_as_float(text, clue), clue=clue)
    return _NOTHING


def parse_number(value: object, style: str | None = None) -> float | None:
    """The number in a cell, or None for an empty or non-numeric cell ("-",
    "n/a", text). Without a `style`, a value that reads two ways is read
    with its separator as a decimal point (1.234 as 1.234, 1,234 as 1.234):
    for single values typed in a form; tables are read with NumberSense."""
    reading = read_number(value, style)
    if reading.ambiguous:
        return reading.fraction
    return reading.value


class NumberSense:
    """Reads the numbers of a table column by column. A column's style is
    the one its values show (``12,5`` elsewhere in the column: ID), else
    the file's (`style`: ID for a ``;``-separated file or a workbook), else
    the one the file's other columns show; a value that still reads two
    ways is ambiguous. learn() feeds the clues of values seen ahead."""

    def __init__(self, style: str | None = None):
        self.style = style
        self._clues: dict[Hashable, dict[str, int]] = {}

    def learn(self, column: Hashable, value: object) -> NumberReading:
        """Reads `value` without a style and counts the style it shows."""
        reading = read_number(value, None)
        if reading.clue:
            counts = self._clues.setdefault(column, {ID: 0, EN: 0})
            counts[reading.clue] += 1
        return reading

    def style_of(self, column: Hashable) -> str | None:
        own = self._single_style(self._clues.get(column))
        if own or self.style:
            return own or self.style
        total = {style: sum(c[style] for c in self._clues.values()) for style in STYLES}
        return self._single_style(total)

    @staticmethod
    def _single_style(counts: dict[str, int] | None) -> str | None:
        if not counts:
            return None
        shown = [style for style in STYLES if counts[style]]
        return shown[0] if len(shown) == 1 else None

    def read(self, column: Hashable, value: object) -> NumberReading:
        """Reads `value` of `column` in the column's style (and learns its clue)."""
        reading = self.learn(column, value)
        if not reading.ambiguous:
            return reading
        return read_number(value, self.style_of(column))


def number_text(number: float, style: str) -> str:
    """`number` written in `style` without groups (1234.5 as "1234,5" in ID),
    for messages that show the two readings of a value."""
    text = ("%.6f" % number).rstrip("0").rstrip(".") if not float(number).is_integer() \
        else str(int(number))
    return text.replace(".", SYMBOLS[style][0])


__all__ = ["EN", "ID", "NumberReading", "NumberSense", "SYMBOLS", "number_text",
           "parse_number", "read_number"]
