"""Published points as the map and its downloads serve them: GeoJSON Feature
text and CSV rows.

A point is stored once, when its layer is published, with its Feature already
serialised, so that serving the whole city is a concatenation of stored text.
Plain Python (no CKAN imports).

Feature properties (the public API of the map, see satudata_map_points):

    kind            the layer's kind (a KINDS code)
    name            what the point is called (``nama``, or "RT 3 / RW 2")
    dataset         the name of the published dataset (URL /dataset/<name>)
    kelurahan       the Kemendagri code of the layer's kelurahan
    kecamatan       the kecamatan's name
    kelurahan_name  the kelurahan's name              (full features only)
    attributes      the point's non-empty attributes   (full features only)
"""
from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from ckanext.satudata.tabular import csv_output
from ckanext.satudata.maps.kinds import KINDS

COORDINATE_DECIMALS = 7
"""Decimals kept in served coordinates (about 1 cm)."""

CSV_BASE_COLUMNS = ("latitude", "longitude", "jenis_titik", "dataset", "kecamatan",
                    "kelurahan", "kode_wilayah")
"""The first columns of a CSV download; the attributes follow. latitude and
longitude come first so that a downloaded file can be uploaded again."""


@dataclass(frozen=True)
class LayerInfo:
    """What every point of one published layer shares."""

    kind: str
    dataset: str
    kelurahan: str | None
    kelurahan_name: str | None
    kecamatan: str | None


def display_name(kind: str, attributes: dict[str, Any]) -> str | None:
    """Returns what a point is called: its ``nama``, or for an RT without
    one "RT <rt> / RW <rw>"; None when nothing names it."""
    name = attributes.get("nama")
    if name not in (None, ""):
        return str(name)
    rt, rw = attributes.get("rt"), attributes.get("rw")
    if rt not in (None, ""):
        return f"RT {rt} / RW {rw}" if rw not in (None, "") else f"RT {rt}"
    return None


def _json_value(value: Any) -> Any:
    """A JSON-safe value: NaN and infinities become None, other non-JSON
    values (nested objects aside) their text."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    return str(value)


def published_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    """The attributes a point publishes: the non-empty ones, in file order."""
    return {key: _json_value(value) for key, value in attributes.items()
            if value not in (None, "")}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def feature_texts(point_id: int, lon: float, lat: float, layer: LayerInfo,
                  attributes: dict[str, Any]) -> tuple[str, str]:
    """Returns the point as GeoJSON Feature text: (full, brief). Both have
    the common properties; the full one also the kelurahan's name and the
    attributes (see the module docstring). `attributes` are published ones."""
    geometry = {"type": "Point", "coordinates": [round(lon, COORDINATE_DECIMALS),
                                                 round(lat, COORDINATE_DECIMALS)]}
    common = {"kind": layer.kind, "name": display_name(layer.kind, attributes),
              "dataset": layer.dataset, "kelurahan": layer.kelurahan,
              "kecamatan": layer.kecamatan}
    brief = {"type": "Feature", "id": point_id, "geometry": geometry, "properties": common}
    full = dict(brief, properties=dict(common, kelurahan_name=layer.kelurahan_name,
                                       attributes=attributes))
    return _dumps(full), _dumps(brief)


def feature_collection_text(features_text: str, count: int, **members: Any) -> str:
    """Returns a FeatureCollection's text around already serialised features
    (comma-separated), with `count` and the other foreign members given."""
    head = {"type": "FeatureCollection", "count": count}
    head.update(members)
    return _dumps(head)[:-1] + ',"features":[' + features_text + "]}"


def csv_columns(kinds: Iterable[str], extra: Iterable[str] = ()) -> list[str]:
    """Returns the header of a CSV download of points of `kinds`: the base
    columns, the attributes of the kinds in their declared order (kinds in
    KINDS order), then `extra` attribute names (sorted)."""
    columns = list(CSV_BASE_COLUMNS)
    wanted = set(kinds)
    for code, kind in KINDS.items():
        if code in wanted:
            for attribute in kind.attributes:
                if attribute.name not in columns:
                    columns.append(attribute.name)
    columns.extend(name for name in sorted(set(extra)) if name not in columns)
    return columns


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, (dict, list)):
        return _dumps(value)
    return str(value)


def csv_chunks(columns: list[str], rows: Iterable[dict[str, Any]],
               rows_per_chunk: int = 500) -> Iterator[str]:
    """Yields a UTF-8 CSV (header, then one line per row) in chunks of text.
    A row is a dict with the base columns' values and ``attributes``."""
    buffer = io.StringIO()
    writer = csv_output.writer(buffer)
    writer.writerow(columns)
    for number, row in enumerate(rows, start=1):
        attributes = row.get("attributes") or {}
        writer.writerow([_cell(row[name] if name in CSV_BASE_COLUMNS else attributes.get(name))
                         for name in columns])
        if number % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
