"""Streaming readers: turn a CSV, XLSX or GeoJSON file into raw point records.

A reader yields, in file order, RawRecord objects (one per data row or
feature, not yet checked) and RowError objects for problems of the whole file
that do not stop the reading (a personal-data column, a missing required
column). Problems that stop the reading raise PointFileError. No reader
holds more than one row in memory (a workbook's shared strings aside).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import IO, Any, Iterator

import ijson

from ckanext.satudata.maps.errors import PointFileError, RowError, file_error, shown
from ckanext.satudata.tabular import reading
from ckanext.satudata.translation import _
from ckanext.satudata.maps.kinds import (
    PointKind, clean_text, is_personal_identifier, normalise_name)

LATITUDE_NAMES = ("latitude", "lat", "lintang", "y")
LONGITUDE_NAMES = ("longitude", "lon", "lng", "long", "bujur", "x")
ACCEPTED_CRS = frozenset({
    "urn:ogc:def:crs:ogc:1.3:crs84", "urn:ogc:def:crs:epsg::4326", "epsg:4326", "crs84"})


@dataclass
class RawRecord:
    """One data row or feature as read: coordinates not yet parsed (text from
    CSV, numbers from GeoJSON), properties with normalised names.
    `coordinate_error` is set when the reader could not find coordinates at
    all (e.g. a LineString feature); `problems` lists other structural errors."""

    row: int
    lat: Any
    lon: Any
    properties: dict[str, Any] | None  # None: not a feature, attributes not checked
    lat_column: str = "latitude"
    lon_column: str = "longitude"
    coordinate_error: RowError | None = None
    problems: list[RowError] = field(default_factory=list)


def _personal_data_error(column: str, written: str) -> RowError:
    """Returns the file-level error for a personal-data column; `written` is
    the column name as the file spells it."""
    return RowError(None, column, _(
        "Kolom {name} berisi data pribadi dan tidak boleh diunggah; hapus kolom ini."
    ).format(name=shown(written.strip())), "personal_data_column")


# --- CSV -------------------------------------------------------------------

def _coordinate_column(names: list[str], aliases: tuple[str, ...], label: str) -> int:
    found = [index for index, name in enumerate(names) if name in aliases]
    if not found:
        raise file_error("no_coordinate_columns", _(
            "Kolom koordinat tidak ditemukan: baris pertama CSV harus berisi nama kolom, "
            "termasuk latitude dan longitude (atau lintang dan bujur)."))
    if len(found) > 1:
        raise file_error("ambiguous_coordinate_columns", _(
            "Ada lebih dari satu kolom {label} ({columns}); sisakan satu saja."
        ).format(label=label, columns=", ".join(names[i] for i in found)))
    return found[0]


def read_csv(stream: IO[bytes], kind: PointKind) -> Iterator[RawRecord | RowError]:
    """Yields the records of a CSV file read as the shared table reader
    decides (``tabular.reading``: encoding, delimiter `,` `;` tab or `|`,
    header row, a title line above it skipped). Data row 1 is the row after
    the header; rows with only empty cells are skipped but keep their number."""
    head = stream.read(reading.HEAD_SIZE)
    complete = len(head) < reading.HEAD_SIZE
    if not complete and b"\n" not in head and b"\r" not in head:
        raise file_error("unreadable_csv", _(
            "Baris pertama berkas terlalu panjang untuk baris judul CSV; periksa bahwa "
            "berkas ini benar-benar CSV."))
    description = reading.describe_text(head, complete)
    text = reading.decoded(stream, head, description)
    reader = reading.csv_reader(text, description, strict=True)
    try:
        rows = iter(reading.from_header(description, reader))
        header = next(rows, [])
        yield from _table_records(header, rows, kind)
    except csv.Error:
        raise file_error("unreadable_csv", _(
            "Berkas CSV tidak dapat dibaca di sekitar baris ke-{line} berkas: periksa tanda "
            "petik (\") yang tidak ditutup atau isi sel yang terlalu panjang."
        ).format(line=reader.line_num)) from None
    finally:
        text.detach()


def read_xlsx(stream: IO[bytes], kind: PointKind) -> Iterator[RawRecord | RowError]:
    """Yields the records of the first worksheet holding data of an XLSX
    workbook (the shared reader's choice), laid out as the CSV template: a
    header row, then a row per point. Cells keep their values (numbers stay
    numbers). A workbook is read by seeking: a stream that cannot seek is
    copied to a temporary file first."""
    import shutil
    import tempfile
    import zipfile

    from openpyxl.utils.exceptions import InvalidFileException

    if not stream.seekable():
        with tempfile.SpooledTemporaryFile(1 << 20) as copy:
            shutil.copyfileobj(stream, copy)
            copy.seek(0)
            yield from read_xlsx(copy, kind)  # type: ignore[arg-type]
        return
    try:
        table = reading.xlsx_table(stream)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise _unreadable_workbook() from None
    try:
        rows = iter(table)
        header = next(rows, ())
        header_text = ["" if cell is None else str(cell) for cell in header]
        yield from _table_records(header_text, (list(row) for row in rows), kind)
    except (zipfile.BadZipFile, KeyError, ValueError, IndexError):
        raise _unreadable_workbook() from None
    finally:
        table.close()


def _unreadable_workbook() -> PointFileError:
    return file_error("unreadable_xlsx", _(
        "Berkas XLSX tidak dapat dibuka; simpan ulang dari Excel atau LibreOffice sebagai "
        "Excel Workbook (.xlsx), atau sebagai \"CSV UTF-8\"."))


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _table_records(header: list[str], rows: Iterator[list[Any]],
                   kind: PointKind) -> Iterator[RawRecord | RowError]:
    """The records of a table (CSV or worksheet): `header` names the
    columns, each of `rows` is a data row (row 1 first)."""
    names = [normalise_name(cell) for cell in header]
    lat_index = _coordinate_column(names, LATITUDE_NAMES, _("lintang"))
    lon_index = _coordinate_column(names, LONGITUDE_NAMES, _("bujur"))
    columns: list[tuple[int, str]] = []
    seen: set[str] = set()
    for index, name in enumerate(names):
        if index in (lat_index, lon_index) or not name:
            continue
        if name in seen:
            yield RowError(None, name, _(
                "Kolom {name} muncul lebih dari sekali; hanya kolom pertama yang dipakai."
            ).format(name=shown(header[index].strip())), "duplicate_column")
        elif kind.attribute(name) is None and is_personal_identifier(name):
            yield _personal_data_error(name, header[index])
        else:
            columns.append((index, name))
        seen.add(name)
    for attribute in kind.required:
        if attribute.name not in seen:
            yield RowError(None, attribute.name, _(
                "Kolom wajib {name} tidak ada di baris judul."
            ).format(name=attribute.name), "missing_column")

    width = len(names)
    lat_column, lon_column = names[lat_index], names[lon_index]
    for row, cells in enumerate(rows, start=1):
        if all(map(_blank, cells)):
            continue
        problems = []
        if len(cells) > width and not all(map(_blank, cells[width:])):
            problems.append(RowError(row, None, _(
                "Baris {row}: berisi {count} kolom, lebih banyak dari {width} kolom judul; "
                "jika angka memakai koma desimal, pakai titik koma (;) sebagai pemisah kolom."
            ).format(row=row, count=len(cells), width=width), "too_many_cells"))
        count = len(cells)
        yield RawRecord(
            row=row,
            lat=cells[lat_index] if lat_index < count else "",
            lon=cells[lon_index] if lon_index < count else "",
            properties={name: clean_text(cells[i]) if i < count else None for i, name in columns},
            lat_column=lat_column, lon_column=lon_column, problems=problems)


# --- GeoJSON ---------------------------------------------------------------

class _TopLevelWatcher:
    """Passes ijson events through while checking the top level of the
    document: an object with "type": "FeatureCollection" and, if present, a
    WGS 84 "crs". Raises PointFileError as soon as something is wrong."""

    def __init__(self) -> None:
        self.type: str | None = None
        self.started = False

    def watch(self, events: Iterator[tuple[str, str, Any]]) -> Iterator[tuple[str, str, Any]]:
        for prefix, event, value in events:
            if not self.started:
                self.started = True
                if event != "start_map":
                    raise _not_feature_collection()
            elif prefix == "type" and event != "map_key":
                self.type = value
                if value != "FeatureCollection":
                    raise _not_feature_collection()
            elif prefix == "crs.properties.name" and event == "string":
                if value.strip().lower() not in ACCEPTED_CRS:
                    raise file_error("unsupported_crs", _(
                        "Berkas memakai sistem koordinat {crs}; ekspor ulang dalam WGS 84 (EPSG:4326)."
                    ).format(crs=shown(value)))
            yield prefix, event, value


def _not_feature_collection() -> PointFileError:
    return file_error("not_feature_collection", _(
        "Berkas GeoJSON harus berupa FeatureCollection yang berisi fitur Point."))


def _top_level_checked(head: bytes) -> bool:
    """Checks the top level of the document as far as its first bytes go.
    Returns True when "type": "FeatureCollection" (and any "crs") came before
    the "features" array starts, so the features can be streamed without
    watching the top level; raises PointFileError when the top level is wrong."""
    watcher = _TopLevelWatcher()
    try:
        for prefix, event, _value in watcher.watch(ijson.parse(io.BytesIO(head))):
            if prefix == "features" and event == "start_array":
                return watcher.type == "FeatureCollection"
    except ijson.JSONError:  # the head ends mid-document (or is broken): read it all
        return False
    return False


def read_geojson(stream: IO[bytes], kind: PointKind, head: bytes = b"") -> Iterator[RawRecord | RowError]:
    """Yields the records of a GeoJSON FeatureCollection, streamed feature by
    feature. Row n is the n-th feature (1-based). `head`, the first bytes of
    the stream, lets a usual file (top level first) take the fast path."""
    watcher = _TopLevelWatcher()
    names = _PropertyNames(kind)
    row = 0
    try:
        if _top_level_checked(head):
            features = ijson.items(stream, "features.item", use_float=True)
            watcher.type = "FeatureCollection"
        else:
            features = ijson.items(watcher.watch(ijson.parse(stream, use_float=True)), "features.item")
        for row, feature in enumerate(features, start=1):
            yield from _feature_record(row, feature, names)
    except (ijson.JSONError, UnicodeDecodeError) as exc:
        if isinstance(exc, UnicodeDecodeError) or "UTF8" in str(exc):
            raise file_error("not_utf8", _(
                "Berkas GeoJSON bukan teks UTF-8; ekspor ulang dengan pengodean UTF-8.")) from None
        if row:
            raise file_error("unreadable_json", _(
                "Berkas GeoJSON tidak dapat dibaca: JSON tidak valid atau terpotong setelah fitur ke-{row}."
            ).format(row=row)) from None
        raise file_error("unreadable_json", _(
            "Berkas GeoJSON tidak dapat dibaca: isinya bukan JSON yang valid.")) from None
    if watcher.type is None:
        raise _not_feature_collection()


class _PropertyNames:
    """Normalises GeoJSON property keys, remembering each key's outcome (the
    same keys repeat on every feature) and reporting each personal-data key
    once."""

    _MAX_REMEMBERED = 1000

    def __init__(self, kind: PointKind):
        self._kind = kind
        self._known: dict[str, str | None] = {}
        self._reported: set[str] = set()

    def resolve(self, key: Any) -> tuple[str | None, RowError | None]:
        """Returns (normalised name, None), or (None, error-or-None) for a
        personal-data key: the error only the first time it is seen."""
        name = self._known.get(key, "") if isinstance(key, str) else ""
        if name == "":
            name = normalise_name(str(key))
            if self._kind.attribute(name) is None and is_personal_identifier(name):
                name = None
            if len(self._known) < self._MAX_REMEMBERED:
                self._known[key] = name
        if name is not None:
            return name, None
        personal = normalise_name(str(key))
        if personal in self._reported:
            return None, None
        self._reported.add(personal)
        return None, _personal_data_error(personal, str(key))


def _feature_record(row: int, feature: Any, names: _PropertyNames) -> Iterator[RawRecord | RowError]:
    """Yields the RawRecord of one feature, preceded by a file-level error for
    each personal-data property seen for the first time."""
    if not isinstance(feature, dict) or feature.get("type", "Feature") != "Feature":
        problem = RowError(row, None, _(
            "Baris {row}: bukan objek Feature GeoJSON."
        ).format(row=row), "not_a_feature")
        yield RawRecord(row, None, None, None, coordinate_error=problem)
        return
    properties: dict[str, Any] = {}
    raw_properties = feature.get("properties") or {}
    if not isinstance(raw_properties, dict):
        raw_properties = {}
    for key, value in raw_properties.items():
        name, error = names.resolve(key)
        if error is not None:
            yield error
        if name is not None:
            properties.setdefault(name, clean_text(value))
    lon, lat, problem = _point_position(row, feature.get("geometry"))
    yield RawRecord(row, lat, lon, properties, lat_column="geometry",
                    lon_column="geometry", coordinate_error=problem)


def _point_position(row: int, geometry: Any) -> tuple[Any, Any, RowError | None]:
    """Returns (lon, lat, None) from a Point geometry (or a MultiPoint of a
    single point), or (None, None, error)."""
    if not isinstance(geometry, dict):
        return None, None, RowError(row, "geometry", _(
            "Baris {row}: fitur tidak memiliki geometri (koordinat)."
        ).format(row=row), "missing_geometry")
    geometry_type = geometry.get("type")
    position = geometry.get("coordinates")
    if geometry_type == "MultiPoint" and isinstance(position, list) and len(position) == 1:
        geometry_type, position = "Point", position[0]
    if geometry_type != "Point":
        return None, None, RowError(row, "geometry", _(
            "Baris {row}: geometri {type} bukan Point; setiap fitur harus satu titik."
        ).format(row=row, type=shown(geometry_type)), "not_a_point")
    if not isinstance(position, list) or len(position) < 2:
        return None, None, RowError(row, "geometry", _(
            "Baris {row}: koordinat Point harus berupa [bujur, lintang]."
        ).format(row=row), "invalid_coordinates")
    return position[0], position[1], None
