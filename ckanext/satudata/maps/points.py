"""Reading and checking map point layer files (`peta-titik` datasets).

A PIC uploads the points of one kind (see KINDS) as GeoJSON, CSV or XLSX. The
file is streamed row by row; every row is checked (coordinates inside Kota Kediri,
no duplicate point, required and valid attributes). A file with any error is
refused as a whole: validate_point_file() returns a ValidationReport with the
first errors and their total count. Row numbers are 1-based data rows: for
CSV, "Baris 1" is the first line after the header (spreadsheet row 2); for
GeoJSON, the first feature.

This module is plain Python: it does not import CKAN (user-facing messages go
through geo.i18n._, which uses CKAN's gettext only when it is available).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from ckanext.satudata.tabular import csv_output
from ckanext.satudata.maps.coordinates import Area, check_position, number_text
from ckanext.satudata.maps.errors import PointFileError, RowError, file_error
from ckanext.satudata.translation import _
from ckanext.satudata.maps.kinds import (
    KINDS, PointKind, check_attribute, get_kind, missing_attribute)
from ckanext.satudata.maps.readers import RawRecord, read_csv, read_geojson, read_xlsx
from ckanext.satudata.maps.sources import (
    CSV, XLSX, OpenedSource, detect_format, open_source, reject_unreadable)

__all__ = [
    "KINDS", "KOTA_KEDIRI_BBOX", "Point", "PointFileError", "RowError",
    "ValidationReport", "bbox_polygon", "iter_points", "template_csv",
    "validate_point_file",
]

KOTA_KEDIRI_BBOX = (111.95, -7.92, 112.08, -7.74)
"""Extent of Kota Kediri: (min_lon, min_lat, max_lon, max_lat), WGS 84 degrees."""

DUPLICATE_DECIMALS = 6
"""Coordinates equal when rounded to this many decimals (about 0.1 m) are one point."""

SINGLE_POINT_PADDING = 0.0005
"""Degrees added around a zero-width extent so that it remains a polygon."""


def bbox_polygon(bbox: tuple[float, float, float, float]) -> dict[str, Any]:
    """Returns (min_lon, min_lat, max_lon, max_lat) as a GeoJSON Polygon dict,
    padded by SINGLE_POINT_PADDING degrees along a zero-width side so that a
    single point still has an area, coordinates rounded to 7 decimals."""
    min_lon, min_lat, max_lon, max_lat = bbox
    if min_lon == max_lon:
        min_lon, max_lon = min_lon - SINGLE_POINT_PADDING, max_lon + SINGLE_POINT_PADDING
    if min_lat == max_lat:
        min_lat, max_lat = min_lat - SINGLE_POINT_PADDING, max_lat + SINGLE_POINT_PADDING
    min_lon, min_lat, max_lon, max_lat = (round(value, 7) for value in
                                          (min_lon, min_lat, max_lon, max_lat))
    ring = [[min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat],
            [min_lon, max_lat], [min_lon, min_lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class Point:
    """A valid point: its data row, WGS 84 coordinates and normalised
    properties (every attribute of the kind, None when empty, plus the
    file's extra columns)."""

    row: int
    lon: float
    lat: float
    properties: dict[str, Any]

    def as_feature(self) -> dict[str, Any]:
        """Returns the point as a GeoJSON Feature dict."""
        return {"type": "Feature",
                "geometry": {"type": "Point", "coordinates": [self.lon, self.lat]},
                "properties": dict(self.properties)}


@dataclass
class ValidationReport:
    """The outcome of validate_point_file().

    `ok` is True when the file has points and no error. `point_count` counts
    the valid points, `error_count` all errors, `errors` holds only the first
    `max_errors`. `bbox` is (min_lon, min_lat, max_lon, max_lat) of the valid
    points, or None. `fmt` is "csv" or "geojson" (None if not recognised).
    """

    kind: str
    fmt: str | None = None
    ok: bool = False
    point_count: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    bbox: tuple[float, float, float, float] | None = None
    max_errors: int = field(default=20, repr=False)

    def add_error(self, error: RowError) -> None:
        """Counts `error`, keeping it when fewer than max_errors are kept."""
        self.error_count += 1
        if len(self.errors) < self.max_errors:
            self.errors.append(error)

    def add_point(self, point: Point) -> None:
        """Counts a valid point and widens the extent."""
        self.point_count += 1
        if self.bbox is None:
            self.bbox = (point.lon, point.lat, point.lon, point.lat)
        else:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            self.bbox = (min(min_lon, point.lon), min(min_lat, point.lat),
                         max(max_lon, point.lon), max(max_lat, point.lat))

    def summary(self) -> str:
        """Returns one Indonesian sentence: the point count of a valid file,
        or the error count of a refused one."""
        if self.ok:
            return _("Berkas valid: {count} titik.").format(count=self.point_count)
        if self.error_count > len(self.errors):
            return _("Berkas ditolak: {count} kesalahan ditemukan ({shown} pertama ditampilkan)."
                     ).format(count=self.error_count, shown=len(self.errors))
        return _("Berkas ditolak: {count} kesalahan ditemukan.").format(count=self.error_count)

    def spatial_geojson(self) -> dict[str, Any] | None:
        """Returns the extent of the valid points as a GeoJSON Polygon dict
        (see bbox_polygon), or None when there is no valid point. Suitable,
        once json.dumps'ed, for ckanext-spatial's `spatial` extra."""
        return None if self.bbox is None else bbox_polygon(self.bbox)

    def as_dict(self) -> dict[str, Any]:
        """Returns the report as a JSON-serialisable dict (for API responses)."""
        return {
            "ok": self.ok,
            "kind": self.kind,
            "format": self.fmt,
            "point_count": self.point_count,
            "error_count": self.error_count,
            "errors": [error.as_dict() for error in self.errors],
            "bbox": list(self.bbox) if self.bbox else None,
            "summary": self.summary(),
        }


class _RowChecker:
    """Checks raw records one by one; remembers the distinct coordinates seen
    (the only state that grows with the file)."""

    def __init__(self, kind: PointKind, area: Area):
        self.kind = kind
        self.area = area
        self.record_count = 0
        self._first_row_at: dict[tuple[float, float], int] = {}
        self._absent_columns: set[str] = set()
        self._required_names = frozenset(attribute.name for attribute in kind.required)

    def check(self, items: Iterable[RawRecord | RowError]) -> Iterator[Point | RowError]:
        """Yields a Point for each valid record and the errors of the others
        (file-level errors pass through)."""
        for item in items:
            if isinstance(item, RowError):
                if item.code == "missing_column" and item.column:
                    self._absent_columns.add(item.column)
                yield item
                continue
            self.record_count += 1
            errors = list(item.problems)
            position = self._check_position(item, errors)
            properties = self._check_attributes(item, errors) if item.properties is not None else {}
            if errors:
                yield from errors
            elif position is not None:
                yield Point(item.row, position[0], position[1], properties)

    def _check_position(self, record: RawRecord, errors: list[RowError]) -> tuple[float, float] | None:
        if record.coordinate_error is not None:
            errors.append(record.coordinate_error)
            return None
        position, error = check_position(record.row, record.lat, record.lon, self.area,
                                         record.lat_column, record.lon_column)
        if error is not None:
            errors.append(error)
            return None
        key = (round(position[0], DUPLICATE_DECIMALS), round(position[1], DUPLICATE_DECIMALS))
        first_row = self._first_row_at.setdefault(key, record.row)
        if first_row != record.row:
            errors.append(RowError(record.row, record.lat_column, _(
                "Baris {row}: titik ganda dengan baris {first} (lintang {lat}, bujur {lon})."
            ).format(row=record.row, first=first_row, lat=number_text(position[1]),
                     lon=number_text(position[0])), "duplicate_point"))
        return position

    def _check_attributes(self, record: RawRecord, errors: list[RowError]) -> dict[str, Any]:
        """Returns the normalised properties: the kind's attributes in their
        declared order, then the file's other columns."""
        raw = record.properties or {}
        properties: dict[str, Any] = {}
        for attribute in self.kind.attributes:
            value, error = check_attribute(attribute, raw.get(attribute.name), record.row)
            if error is not None:
                errors.append(error)
            elif value is None and attribute.name in self._required_names \
                    and attribute.name not in self._absent_columns:
                errors.append(missing_attribute(attribute, record.row))
            properties[attribute.name] = value
        for name, value in raw.items():
            properties.setdefault(name, value)
        return properties


def _records(opened: OpenedSource, fmt: str, kind: PointKind) -> Iterator[RawRecord | RowError]:
    if fmt == CSV:
        return read_csv(opened.stream, kind)
    if fmt == XLSX:
        return read_xlsx(opened.stream, kind)
    return read_geojson(opened.stream, kind, opened.head)


def validate_point_file(source: Any, kind: str, fmt: str | None = None, *,
                        bbox: Any = KOTA_KEDIRI_BBOX, max_errors: int = 20) -> ValidationReport:
    """Checks a point layer file of `kind` (a KINDS code).

    `source` is a path, the content as bytes, or a readable file-like object
    (binary preferred). `fmt` is "csv" or "geojson" (also "json", a leading
    dot, any case); when None it is guessed from the file name, then from the
    content. `bbox` is the accepted extent (min_lon, min_lat, max_lon,
    max_lat). Returns a ValidationReport holding at most `max_errors` errors
    and the total count. Raises ValueError for an unknown kind or an invalid
    bbox (programming errors); problems of the file are reported, not raised.
    """
    point_kind = get_kind(kind)
    area = Area.from_bbox(bbox)
    report = ValidationReport(kind=kind, max_errors=max_errors)
    checker = _RowChecker(point_kind, area)
    with open_source(source) as opened:
        try:
            reject_unreadable(opened)
            report.fmt = detect_format(fmt, opened)
            for item in checker.check(_records(opened, report.fmt, point_kind)):
                if isinstance(item, Point):
                    report.add_point(item)
                else:
                    report.add_error(item)
        except PointFileError as exc:
            report.add_error(exc.error)
        else:
            if checker.record_count == 0:
                report.add_error(file_error("no_points", _(
                    "Berkas tidak berisi titik: tidak ada baris data setelah baris judul."
                )).error)
    report.ok = report.error_count == 0 and report.point_count > 0
    return report


def iter_points(source: Any, kind: str, fmt: str | None = None, *,
                bbox: Any = KOTA_KEDIRI_BBOX) -> Iterator[Point]:
    """Yields the valid Points of a file, in file order, streaming it.

    Meant for a file that validate_point_file() accepted (read the source
    again: a consumed stream must be rewound). Invalid rows are skipped;
    a problem that stops the reading (unreadable file, wrong format, ...)
    raises PointFileError, a ValueError whose `error` is the RowError.
    """
    point_kind = get_kind(kind)
    area = Area.from_bbox(bbox)
    checker = _RowChecker(point_kind, area)
    with open_source(source) as opened:
        reject_unreadable(opened)
        resolved = detect_format(fmt, opened)
        for item in checker.check(_records(opened, resolved, point_kind)):
            if isinstance(item, Point):
                yield item


def template_csv(kind: str, delimiter: str = ",") -> str:
    """Returns a CSV template for `kind`: a header (latitude, longitude, then
    the required and the optional attributes) and one example row at a point
    in Kota Kediri. With delimiter ";" (Excel in Indonesian) the example
    coordinates use a decimal comma."""
    point_kind = get_kind(kind)
    lat, lon = "-7.8166", "112.0116"
    if delimiter != ",":
        lat, lon = lat.replace(".", ","), lon.replace(".", ",")
    buffer = io.StringIO()
    writer = csv_output.writer(buffer, delimiter=delimiter)
    writer.writerow(["latitude", "longitude"] + [a.name for a in point_kind.attributes])
    writer.writerow([lat, lon] + [a.example for a in point_kind.attributes])
    return buffer.getvalue()
