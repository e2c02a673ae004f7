"""Recognising NIK and No. KK numbers in table cells.

Both are 16 digits: the 6-digit code of the issuing region (province 2 +
kabupaten/kota 2 + kecamatan 2), a date DDMMYY and a 4-digit serial. In a NIK
the date is the birth date, with 40 added to the day for women; in a No. KK it
is the issue date. A value counts as a population number when

- its first four digits are a kabupaten/kota code that exists or existed
  (regions.py) and the kecamatan part is not 00, and
- its date part is a real date: month 01-12, day 01 up to the month's length,
  or that plus 40; 29 February only in years divisible by four (the century is
  not written, and 2000 was a leap year).

The serial is not checked: a spreadsheet keeps 15 significant digits, so a
NIK typed as a number comes back with its last digit replaced (3571...0012
stored as 3571...0010, its serial possibly 0000). The first 12 digits, the only
ones checked, survive. For the same reason a value in scientific notation
("3.57101230390E+15", as a CSV saved from a spreadsheet writes it) is checked
when its mantissa keeps at least 12 digits, and ignored when it keeps fewer
("3.57101E+15" still holds the region but no longer the date: the number in
the file identifies nobody).

Separators accepted inside a number: space, dot and dash (3571 0123 0390
0012, 35.71.01.230390.0012, 3571-01-230390-0012, 3.571.012.303.900.012 as a
spreadsheet with Indonesian number format writes it). The fast screening of a
CSV (scanner.py) relies on exactly this set.
"""
from __future__ import annotations

import math
import re
from typing import Any, Iterator

from ckanext.satudata.privacy.regions import regency_prefixes

PREFIXES = regency_prefixes()

DIGITS = 16
_SEPARATORS = str.maketrans("", "", " .-")
_FLOAT_TEXT = re.compile(r"([0-9]{16})[.,]0+")
_SCIENTIFIC = re.compile(r"([1-9])[.,]([0-9]+)[eE]\+?0?15")
_EMBEDDED = re.compile(r"(?<![0-9])(?<![0-9][ .\-])[0-9](?:[ .\-]?[0-9]){15}(?![ .\-]?[0-9])")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
VALID_DAY_MONTH = frozenset(
    f"{day + offset:02d}{month:02d}"
    for month, days in enumerate(_MONTH_DAYS, start=1)
    for day in range(1, days + 1)
    for offset in (0, 40))
LEAP_DAY = frozenset({"2902", "6902"})


def identifier_digits(value: Any) -> str | None:
    """Returns the 16 digits of `value` when it has the shape of a NIK or No.
    KK (a 16-digit number, possibly with separators, as text or as a number
    from a spreadsheet), else None. Digits a spreadsheet lost are zeros."""
    if isinstance(value, str):
        return _text_digits(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if 10 ** 15 <= value < 10 ** 16 else None
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and 1e15 <= value < 1e16:
            return "%d" % value
    return None


def _text_digits(value: str) -> str | None:
    text = value.strip().strip("'\"")
    if len(text) == DIGITS and text.isdigit() and text.isascii():
        return text
    if len(text) < 11:
        return None
    compact = text.translate(_SEPARATORS)
    if len(compact) == DIGITS and compact.isdigit() and compact.isascii():
        return compact
    match = _FLOAT_TEXT.fullmatch(text)
    if match:
        return match.group(1)
    match = _SCIENTIFIC.fullmatch(text)
    if match:
        mantissa = match.group(1) + match.group(2)
        if len(mantissa) >= 12:
            return (mantissa + "0" * DIGITS)[:DIGITS]
    return None


def embedded_digits(text: str) -> Iterator[str]:
    """Yields the 16-digit numbers written inside a longer text ("NIK:
    3571012303900012, ..."), separators removed."""
    for match in _EMBEDDED.finditer(text):
        yield match.group(0).translate(_SEPARATORS)


def is_population_number(digits: str) -> bool:
    """Returns True when 16 digits are a plausible NIK or No. KK: a known
    kabupaten/kota, a kecamatan part other than 00, a real date (day + 40
    allowed). Call with the result of identifier_digits()."""
    if digits[:4] not in PREFIXES or digits[4:6] == "00":
        return False
    day_month = digits[6:10]
    if day_month not in VALID_DAY_MONTH:
        return False
    return day_month not in LEAP_DAY or int(digits[10:12]) % 4 == 0


def is_nik(value: Any) -> bool:
    """Returns True when `value` (text or number) is a plausible NIK."""
    digits = identifier_digits(value)
    return digits is not None and is_population_number(digits)


def is_kk(value: Any) -> bool:
    """Returns True when `value` (text or number) is a plausible No. KK: as a
    NIK, but the date is an issue date, never with 40 added to the day."""
    digits = identifier_digits(value)
    return digits is not None and is_population_number(digits) and int(digits[6:8]) <= 31


def is_womans_nik(digits: str) -> bool:
    """Returns True when the day part carries the +40 of a woman's NIK (which
    no No. KK has)."""
    return digits[6:8] > "40"


_DIGITS_TO_ZERO = str.maketrans("123456789", "000000000", " .-")
_SIXTEEN_ZEROS = "0" * DIGITS


def digit_runs(text: str) -> int:
    """Returns how many runs of sixteen digits `text` holds once spaces, dots
    and dashes are removed: the measure of the CSV screening (readers.py)."""
    return text.translate(_DIGITS_TO_ZERO).count(_SIXTEEN_ZEROS)
