"""Numbers as PICs write them in tables: 1234, 1234.5, 1.234,5 (Indonesian),
12,5, 1 234, 45%."""
from __future__ import annotations

import math
import re

_GROUPED_DOTS = re.compile(r"^-?\d{1,3}(\.\d{3}){2,}$")   # 1.234.567
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_number(value: object) -> float | None:
    """The number in a cell, or None for an empty or non-numeric cell
    ("-", "n/a", text). A single dot is a decimal point (1.5, CSV style);
    a comma alone or after dots is the Indonesian decimal comma."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return number if math.isfinite(number) else None
    text = _SPACES.sub("", str(value)).rstrip("%")
    if not text:
        return None
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):      # 1.234,5
            text = text.replace(".", "").replace(",", ".")
        else:                                      # 1,234.5
            text = text.replace(",", "")
    elif "," in text:
        if text.count(",") > 1:                    # 1,234,567
            text = text.replace(",", "")
        else:                                      # 12,5
            text = text.replace(",", ".")
    elif _GROUPED_DOTS.match(text):                # 1.234.567
        text = text.replace(".", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None
