"""What changed between two versions of a point layer: the points added,
moved, changed (attributes) and removed, as the curator reviews them.

Plain Python (no CKAN imports). A version is a list of GeoJSON Feature dicts
(Point geometry, ``properties``). Points are matched by their identifying
attributes (``nama``; for a layer of RT, ``rt`` and ``rw``): the same name
in both versions is the same point. Several points with one name are paired
in file order; points without a name are matched only at the same spot.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from ckanext.satudata.translation import N_, _

ADDED = "added"
MOVED = "moved"
CHANGED = "changed"
REMOVED = "removed"

MOVE_TOLERANCE_M = 0.5
"""A point that moved less than this many metres stays where it was."""

_METRES_PER_DEGREE = 111_320.0

#: (change, text when first, text after another part) of the summary line.
_SUMMARY_TEXTS = (
    (ADDED, N_("{n} titik ditambah"), N_("{n} ditambah")),
    (MOVED, N_("{n} titik dipindah"), N_("{n} dipindah")),
    (CHANGED, N_("{n} titik diubah isiannya"), N_("{n} diubah isiannya")),
    (REMOVED, N_("{n} titik dihapus"), N_("{n} dihapus")),
)

Position = tuple[float, float]  # (lon, lat)


@dataclass(frozen=True)
class PointChange:
    """One point that differs: its name, where it was and where it is now
    (None when added / removed), the attributes whose values changed."""

    change: str
    name: str
    before: Position | None = None
    after: Position | None = None
    attributes: tuple[str, ...] = ()
    distance_m: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"change": self.change, "name": self.name,
                "before": list(self.before) if self.before else None,
                "after": list(self.after) if self.after else None,
                "attributes": list(self.attributes),
                "distance_m": None if self.distance_m is None else round(self.distance_m, 1)}


@dataclass(frozen=True)
class PointChanges:
    """Every point that differs, and how many stayed as they were."""

    changes: tuple[PointChange, ...] = ()
    unchanged: int = 0

    def __bool__(self) -> bool:
        return bool(self.changes)

    def count(self, change: str) -> int:
        return sum(1 for item in self.changes if item.change == change)

    def summary(self) -> str:
        """One Indonesian line: "3 titik ditambah, 1 dipindah, 1 dihapus"
        (the first part names the points)."""
        parts = []
        for change, first, other in _SUMMARY_TEXTS:
            number = self.count(change)
            if number:
                parts.append(_(other if parts else first).format(n=number))
        if not parts:
            return _("Tidak ada titik yang berubah.")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {"summary": self.summary(), "unchanged": self.unchanged,
                "added": self.count(ADDED), "moved": self.count(MOVED),
                "changed": self.count(CHANGED), "removed": self.count(REMOVED),
                "changes": [item.as_dict() for item in self.changes]}


def distance_m(a: Position, b: Position) -> float:
    """The distance in metres between two (lon, lat) positions (a plane
    approximation, exact enough within a city)."""
    mean_lat = math.radians((a[1] + b[1]) / 2)
    dx = (b[0] - a[0]) * _METRES_PER_DEGREE * math.cos(mean_lat)
    dy = (b[1] - a[1]) * _METRES_PER_DEGREE
    return math.hypot(dx, dy)


def key_attributes(kind: str | None) -> tuple[str, ...]:
    """The attributes that name a point of `kind`: ``rt`` and ``rw`` for a
    layer of RT, ``nama`` for every other kind."""
    return ("rw", "rt") if kind == "rt" else ("nama",)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split()).casefold()


def point_key(properties: Mapping[str, Any], attributes: Sequence[str]) -> str | None:
    """The identity of a point: its identifying attributes' values joined
    (case and spacing ignored), or None when they are all empty."""
    values = [_text(properties.get(name)) for name in attributes]
    if not any(values):
        return None
    return "\x1f".join(values)


def point_name(properties: Mapping[str, Any], attributes: Sequence[str]) -> str:
    """What the review calls the point."""
    if tuple(attributes) == ("rw", "rt"):
        rt, rw = properties.get("rt"), properties.get("rw")
        if rt not in (None, ""):
            return f"RT {rt} / RW {rw}" if rw not in (None, "") else f"RT {rt}"
    values = [str(properties.get(name)) for name in attributes
              if properties.get(name) not in (None, "")]
    return " ".join(values) or _("(tanpa nama)")


def _position(feature: Mapping[str, Any]) -> Position:
    coordinates = (feature.get("geometry") or {}).get("coordinates") or [None, None]
    return float(coordinates[0]), float(coordinates[1])


def _properties(feature: Mapping[str, Any]) -> dict[str, Any]:
    return dict(feature.get("properties") or {})


def _changed_attributes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[str, ...]:
    names = list(before) + [name for name in after if name not in before]
    return tuple(name for name in names if _text(before.get(name)) != _text(after.get(name)))


def diff_points(before: Iterable[Mapping[str, Any]], after: Iterable[Mapping[str, Any]],
                kind: str | None = None, *,
                attributes: Sequence[str] | None = None,
                tolerance_m: float = MOVE_TOLERANCE_M) -> PointChanges:
    """The changes from the `before` features to the `after` features.

    Points are matched by `attributes` (default: key_attributes(kind)).
    Changes are listed in `after` order (added, moved, changed), then the
    removed points in `before` order. A matched point that moved more than
    `tolerance_m` is MOVED (even if its attributes changed too, listed in
    its `attributes`); one that stayed but whose attributes differ CHANGED.
    """
    names = tuple(attributes) if attributes is not None else key_attributes(kind)
    old = [(_position(f), _properties(f)) for f in before]
    new = [(_position(f), _properties(f)) for f in after]

    waiting: dict[Any, list[int]] = {}
    for index, (position, properties) in enumerate(old):
        key = point_key(properties, names)
        # Nameless points are matched only at the same spot.
        identity = key if key is not None else ("@", round(position[0], 6),
                                                round(position[1], 6))
        waiting.setdefault(identity, []).append(index)

    matched: set[int] = set()
    changes: list[PointChange] = []
    unchanged = 0
    for position, properties in new:
        key = point_key(properties, names)
        identity = key if key is not None else ("@", round(position[0], 6),
                                                round(position[1], 6))
        name = point_name(properties, names)
        queue = waiting.get(identity)
        if not queue:
            changes.append(PointChange(ADDED, name, after=position))
            continue
        index = queue.pop(0)
        matched.add(index)
        old_position, old_properties = old[index]
        moved = distance_m(old_position, position)
        differing = _changed_attributes(old_properties, properties)
        if moved > tolerance_m:
            changes.append(PointChange(MOVED, name, old_position, position, differing, moved))
        elif differing:
            changes.append(PointChange(CHANGED, name, old_position, position, differing))
        else:
            unchanged += 1
    for index, (position, properties) in enumerate(old):
        if index not in matched:
            changes.append(PointChange(REMOVED, point_name(properties, names), before=position))
    return PointChanges(tuple(changes), unchanged)
