"""The classes of a thematic map (choropleth) of one indicator in one
period: each kelurahan's value put in one of up to five classes by
quantiles, its rank, and the legend. Plain Python.

Quantile classes: with n values sorted, class i of k (1 = lowest) ends at
the value at position ceil(i·n/k); ends that fall on the same value (ties)
merge, so there are fewer classes when there are fewer distinct values. Each
class's bounds in the legend are the lowest and highest value it holds.
A kelurahan without a value has no class ("tidak ada data").
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from babel.numbers import format_decimal

#: At most this many classes.
MAX_CLASSES = 5
#: A sequential palette, lightest (lowest class) to darkest.
PALETTE = ("#fde0c5", "#facba6", "#f59e72", "#e3683f", "#b2381c")
#: The colour of a kelurahan without a value (the map hatches it).
NO_DATA_COLOR = "#d9d9d9"


def indonesian_number(value: float) -> str:
    """1.234,5 (as the helper satudata_number writes in Indonesian)."""
    pattern = "#,##0" if float(value).is_integer() else "#,##0.##"
    return format_decimal(value, format=pattern, locale="id")


@dataclass(frozen=True)
class MapClass:
    """One class of the legend (index 1 = the lowest values)."""
    index: int
    lower: float
    upper: float
    count: int
    color: str
    label: str        # "lower – upper", or the value alone when they are equal


@dataclass(frozen=True)
class AreaClass:
    """One kelurahan: its value, class index (None: no data), rank (1 = the
    highest value; ties share a rank) and colour."""
    kode_wilayah: str
    value: float | None
    index: int | None
    rank: int | None
    color: str


@dataclass(frozen=True)
class Choropleth:
    classes: list[MapClass]
    areas: dict[str, AreaClass]       # every kelurahan asked for, and every valued one

    @property
    def no_data(self) -> list[str]:
        """The codes of the kelurahan without a value."""
        return [kode for kode, area in self.areas.items() if area.index is None]


def class_ends(values: Iterable[float], max_classes: int = MAX_CLASSES) -> list[float]:
    """The upper end of each quantile class, ascending (no duplicates)."""
    ordered = sorted(values)
    if not ordered:
        return []
    k = min(max_classes, len(set(ordered)))
    n = len(ordered)
    ends = [ordered[math.ceil(i * n / k) - 1] for i in range(1, k + 1)]
    return sorted(set(ends))


def palette(count: int) -> list[str]:
    """`count` colours of PALETTE spread from light to dark."""
    if count <= 0:
        return []
    if count == 1:
        return [PALETTE[len(PALETTE) // 2]]
    last = len(PALETTE) - 1
    return [PALETTE[round(i * last / (count - 1))] for i in range(count)]


def classify(values: Mapping[str, float], areas: Iterable[str] = (),
             number: Callable[[float], str] = indonesian_number,
             max_classes: int = MAX_CLASSES) -> Choropleth:
    """The classes of `values` ({kode_wilayah: value}); `areas` are the
    kelurahan on the map (those without a value get no class); `number`
    writes a bound in the legend."""
    valued = {kode: float(v) for kode, v in values.items()
              if v is not None and math.isfinite(float(v))}
    ends = class_ends(valued.values(), max_classes)
    colors = palette(len(ends))

    def index_of(value: float) -> int:
        return next(i for i, end in enumerate(ends) if value <= end) + 1

    members: dict[int, list[float]] = {}
    for value in valued.values():
        members.setdefault(index_of(value), []).append(value)
    classes = []
    for i in range(1, len(ends) + 1):
        lower, upper = min(members[i]), max(members[i])
        label = number(lower) if lower == upper else f"{number(lower)} – {number(upper)}"
        classes.append(MapClass(i, lower, upper, len(members[i]), colors[i - 1], label))

    descending = sorted(valued.values(), reverse=True)
    rank_of: dict[float, int] = {}
    for position, value in enumerate(descending, start=1):
        rank_of.setdefault(value, position)

    result: dict[str, AreaClass] = {}
    for kode in areas:
        result[kode] = AreaClass(kode, None, None, None, NO_DATA_COLOR)
    for kode, value in valued.items():
        index = index_of(value)
        result[kode] = AreaClass(kode, value, index, rank_of[value], colors[index - 1])
    return Choropleth(classes, result)
