"""Kelurahan boundaries: reading a boundary file, checking it, and locating
points in it.

Plain Python (shapely, and pyproj/pyshp when installed), no CKAN import.

* `read_boundary_file(data, filename)` reads a GeoJSON FeatureCollection of
  Polygon/MultiPolygon features, or a zipped Shapefile, into a `RawLayer`;
* `check_boundaries(layer, reference, bbox)` returns a `BoundaryReport`: the
  problems found (every code of the reference list exactly once, valid
  geometry, no overlap between neighbours beyond a small area, inside the
  expected region, reprojected to WGS 84 when the file says it is in
  another CRS) and, when there is no error, the 46 geometries by code;
* `BoundaryIndex(geometries)` is built once per boundary version: `locate`
  finds the kelurahan of a point, `check_point` checks that a point lies in
  the kelurahan it is declared in, and `check_points` does the same for
  many points at once (vectorised).

Messages are Indonesian source texts marked `N_` with their parameters;
`Problem.text()` translates and fills them where they are shown.
"""
from __future__ import annotations

import io
import json
import math
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from ckanext.satudata.reference import current as current_region
from ckanext.satudata.translation import N_, _

#: Property names under which a feature's Kemendagri code is accepted (compared
#: case-insensitively), in order of preference.
CODE_PROPERTIES = ("kode_wilayah", "kode_kemendagri", "kode_kelurahan", "kdepum",
                   "kode", "kd_kel", "kode_kel")

#: Overlap between two kelurahan tolerated (square metres): slivers of
#: digitising, not a shared area.
OVERLAP_TOLERANCE_M2 = 100.0
#: Margin around the city's bbox within which every polygon must lie (degrees, ~2 km).
REGION_MARGIN_DEG = 0.02
#: Distance to the border of the declared kelurahan within which a point outside
#: it is only a warning (metres).
BORDER_TOLERANCE_M = 50.0

WGS84_NAMES = {"EPSG:4326", "OGC:CRS84", "CRS84", "WGS84", "WGS 84"}

ERROR = "error"
WARNING = "warning"

_DEG_LAT_M = 110_574.0
_DEG_LON_M_EQUATOR = 111_320.0


# --- reports ---------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One problem of a boundary file. `message` is an `N_`-marked Indonesian
    template filled with `params`; `feature` is the 1-based position of the
    feature concerned (None for the whole file), `kode` its code if known."""

    code: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
    feature: int | None = None
    kode: str | None = None
    severity: str = ERROR

    def text(self) -> str:
        """The message in the user's language, filled in."""
        return _(self.message).format(**self.params)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.text(), "feature": self.feature,
                "kode": self.kode, "severity": self.severity}


class BoundaryFileError(ValueError):
    """A problem that stops the reading of a boundary file."""

    def __init__(self, problem: Problem):
        super().__init__(problem.text())
        self.problem = problem


@dataclass
class RawFeature:
    position: int
    properties: dict[str, Any]
    geometry: dict[str, Any] | None


@dataclass
class RawLayer:
    """The features of a boundary file as read, and the CRS it names (None
    when it names none)."""

    features: list[RawFeature]
    crs: str | None = None


@dataclass
class BoundaryReport:
    problems: list[Problem]
    #: code -> WGS 84 polygonal geometry, for every feature that could be read
    geometries: dict[str, BaseGeometry]
    #: the CRS the file was reprojected from, or None
    reprojected_from: str | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def by_code(self, code: str) -> list[Problem]:
        return [p for p in self.problems if p.code == code]


# --- reading ---------------------------------------------------------------

def read_boundary_file(data: bytes | str, filename: str = "") -> RawLayer:
    """Reads a GeoJSON FeatureCollection or a zipped Shapefile (by content:
    a zip archive is a Shapefile). Raises BoundaryFileError when unreadable."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if raw[:4] == b"PK\x03\x04":
        return read_shapefile_zip(raw)
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise BoundaryFileError(Problem("unreadable", N_(
            'Berkas "{name}" bukan GeoJSON yang sah maupun Shapefile dalam zip.'),
            {"name": filename or "?"})) from None
    return read_geojson(document)


def read_geojson(document: Any) -> RawLayer:
    """Reads a parsed GeoJSON FeatureCollection."""
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection" \
            or not isinstance(document.get("features"), list):
        raise BoundaryFileError(Problem("not_feature_collection", N_(
            "Berkas batas wilayah harus berupa GeoJSON FeatureCollection.")))
    features = []
    for position, feature in enumerate(document["features"], start=1):
        if not isinstance(feature, dict):
            feature = {}
        properties = feature.get("properties")
        features.append(RawFeature(position, properties if isinstance(properties, dict) else {},
                                   feature.get("geometry")))
    return RawLayer(features, _crs_name(document.get("crs")))


def _crs_name(member: Any) -> str | None:
    """The CRS named by a GeoJSON (2008) `crs` member, as "EPSG:n" when it is
    an EPSG code; None when absent."""
    if not isinstance(member, dict):
        return None
    name = (member.get("properties") or {}).get("name") if member.get("type") == "name" else None
    if not isinstance(name, str):
        return None
    match = re.search(r"EPSG:{1,2}(?:[\d.]*:)?(\d+)$", name.strip(), re.IGNORECASE)
    if match:
        return f"EPSG:{match.group(1)}"
    if name.upper().endswith("CRS84"):
        return "OGC:CRS84"
    return name.strip()


def read_shapefile_zip(data: bytes) -> RawLayer:
    """Reads the first Shapefile (.shp, .shx, .dbf and optional .prj) of a zip."""
    try:
        import shapefile  # pyshp
    except ImportError:  # pragma: no cover - pyshp is in the install list
        raise BoundaryFileError(Problem("shapefile_unsupported", N_(
            "Shapefile belum dapat dibaca di server ini; kirim batas wilayah sebagai GeoJSON."))) from None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = {name.lower(): name for name in archive.namelist()
                 if not name.startswith("__MACOSX")}
        shp = next((n for n in sorted(names) if n.endswith(".shp")), None)
        if shp is None:
            raise BoundaryFileError(Problem("shapefile_incomplete", N_(
                "Arsip zip tidak berisi berkas .shp.")))
        stem = shp[:-4]
        missing = [ext for ext in (".shx", ".dbf") if stem + ext not in names]
        if missing:
            raise BoundaryFileError(Problem("shapefile_incomplete", N_(
                "Shapefile dalam zip tidak lengkap: berkas {missing} tidak ada."),
                {"missing": ", ".join(missing)}))

        def part(ext: str) -> io.BytesIO:
            return io.BytesIO(archive.read(names[stem + ext]))

        crs = None
        if stem + ".prj" in names:
            crs = _crs_from_wkt(archive.read(names[stem + ".prj"]).decode("utf-8", "replace"))
        cpg = names.get(stem + ".cpg")
        encoding = archive.read(cpg).decode("ascii", "replace").strip() if cpg else "utf-8"
        reader = shapefile.Reader(shp=part(".shp"), shx=part(".shx"), dbf=part(".dbf"),
                                  encoding=encoding or "utf-8", encodingErrors="replace")
        features = [RawFeature(position, dict(record.record.as_dict()),
                               record.shape.__geo_interface__ if record.shape.shapeType else None)
                    for position, record in enumerate(reader.iterShapeRecords(), start=1)]
    except BoundaryFileError:
        raise
    except Exception as error:  # zipfile/pyshp raise many kinds
        raise BoundaryFileError(Problem("unreadable", N_(
            "Shapefile dalam zip tidak dapat dibaca: {error}"), {"error": str(error)[:200]})) from None
    return RawLayer(features, crs)


def _crs_from_wkt(wkt: str) -> str:
    """The CRS of a .prj file, as "EPSG:n" when pyproj recognises it."""
    try:
        from pyproj import CRS
        crs = CRS.from_wkt(wkt)
        epsg = crs.to_epsg(min_confidence=70)
        return f"EPSG:{epsg}" if epsg else wkt
    except Exception:
        return wkt


# --- checking --------------------------------------------------------------

def feature_code(properties: Mapping[str, Any]) -> str | None:
    """The Kemendagri code of a feature: the first of CODE_PROPERTIES present
    (any case); "3571011001" is written "35.71.01.1001"."""
    lowered = {str(key).lower(): value for key, value in properties.items()}
    for name in CODE_PROPERTIES:
        value = lowered.get(name)
        if value is None or not str(value).strip():
            continue
        text = str(value).strip()
        if re.fullmatch(r"\d{10}", text):
            text = f"{text[:2]}.{text[2:4]}.{text[4:6]}.{text[6:]}"
        return text
    return None


def _is_wgs84(crs: str | None) -> bool:
    return crs is None or crs.upper() in WGS84_NAMES


def _transformer(crs: str):
    """A pyproj transformer from `crs` to WGS 84 (lon, lat); raises
    BoundaryFileError when pyproj is missing or does not know the CRS."""
    try:
        from pyproj import Transformer
    except ImportError:
        raise BoundaryFileError(Problem("crs_unsupported", N_(
            "Berkas memakai sistem koordinat {crs}, bukan WGS 84 (EPSG:4326), dan server ini "
            "tidak dapat mengubahnya; ekspor ulang berkas dalam WGS 84."), {"crs": crs})) from None
    try:
        return Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    except Exception:
        raise BoundaryFileError(Problem("crs_unknown", N_(
            "Sistem koordinat berkas ({crs}) tidak dikenali; ekspor ulang berkas dalam "
            "WGS 84 (EPSG:4326)."), {"crs": crs[:120]})) from None


def _reproject(geometry: BaseGeometry, transformer) -> BaseGeometry:
    return shapely.transform(geometry, lambda xy: np.column_stack(
        transformer.transform(xy[:, 0], xy[:, 1])))


def _looks_projected(geometries: Iterable[BaseGeometry]) -> bool:
    for geometry in geometries:
        min_x, min_y, max_x, max_y = geometry.bounds
        if max(abs(min_x), abs(max_x)) > 180 or max(abs(min_y), abs(max_y)) > 90:
            return True
    return False


def _guess_utm(geometries: list[BaseGeometry], bbox: Sequence[float]) -> str | None:
    """For coordinates in metres with no CRS named: the UTM zone of the
    city's bbox, when the points fall into the bbox that way."""
    min_lon, min_lat, max_lon, max_lat = bbox
    centre_lon, centre_lat = (min_lon + max_lon) / 2, (min_lat + max_lat) / 2
    zone = int((centre_lon + 180) // 6) + 1
    crs = f"EPSG:{(32700 if centre_lat < 0 else 32600) + zone}"
    try:
        transformer = _transformer(crs)
    except BoundaryFileError:
        return None
    union = shapely.box(*shapely.total_bounds(geometries))
    moved = _reproject(union, transformer)
    return crs if _expanded(bbox, REGION_MARGIN_DEG).contains(moved) else None


def _expanded(bbox: Sequence[float], margin: float) -> BaseGeometry:
    min_lon, min_lat, max_lon, max_lat = bbox
    return shapely.box(min_lon - margin, min_lat - margin, max_lon + margin, max_lat + margin)


def metre_scale(latitude: float) -> tuple[float, float]:
    """Metres per degree of longitude and latitude around `latitude`."""
    return _DEG_LON_M_EQUATOR * math.cos(math.radians(latitude)), _DEG_LAT_M


def _to_metres(geometry: BaseGeometry, origin: tuple[float, float]) -> BaseGeometry:
    """The geometry in a local equirectangular frame (metres) around `origin`
    (precise to well under 1 % across a city)."""
    kx, ky = metre_scale(origin[1])
    return shapely.transform(geometry, lambda xy: (xy - origin) * (kx, ky))


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """The polygonal part of a make_valid result (lines and points dropped)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in shapely.get_parts(geometry) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _where(reason: str) -> str:
    """"Self-intersection[112.01 -7.81]" -> "112.01 -7.81" (empty if none)."""
    match = re.search(r"\[([^\]]+)\]", reason)
    if not match:
        return ""
    try:
        x, y = (float(v) for v in match.group(1).split()[:2])
    except ValueError:
        return match.group(1)
    return f"{y:.5f}, {x:.5f}"


def check_boundaries(layer: RawLayer, reference: Mapping[str, str],
                     bbox: Sequence[float], *,
                     overlap_tolerance_m2: float = OVERLAP_TOLERANCE_M2,
                     region_margin: float = REGION_MARGIN_DEG) -> BoundaryReport:
    """Checks the features of `layer` against `reference` (code -> kelurahan
    name) and the city's `bbox` (min_lon, min_lat, max_lon, max_lat).

    Raises BoundaryFileError only for a file that cannot be used at all (an
    unknown or unsupported CRS); every other problem is in the report."""
    problems: list[Problem] = []

    def name_of(kode: str | None) -> str:
        return reference.get(kode or "", kode or "?")

    # 1. geometries as given
    read: list[tuple[RawFeature, str | None, BaseGeometry]] = []
    for feature in layer.features:
        kode = feature_code(feature.properties)
        if kode is None:
            problems.append(Problem("missing_code", N_(
                "Fitur ke-{feature}: kode wilayah Kemendagri tidak ada (isi properti "
                "kode_wilayah, mis. 35.71.02.1002)."), {"feature": feature.position},
                feature.position))
        geometry = None
        kind = (feature.geometry or {}).get("type") if isinstance(feature.geometry, dict) else None
        if kind in ("Polygon", "MultiPolygon"):
            try:
                geometry = shape(feature.geometry)
            except Exception:
                geometry = None
        if geometry is None or geometry.is_empty:
            problems.append(Problem("geometry_type", N_(
                "Fitur ke-{feature} ({name}): geometri harus Polygon atau MultiPolygon, "
                "bukan {kind}."), {"feature": feature.position, "name": name_of(kode),
                                   "kind": kind or "kosong"}, feature.position, kode))
            continue
        read.append((feature, kode, geometry))

    # 2. the CRS
    reprojected_from = None
    crs = layer.crs
    if _is_wgs84(crs) and _looks_projected(g for _f, _k, g in read):
        guessed = _guess_utm([g for _f, _k, g in read], bbox)
        if guessed is None:
            raise BoundaryFileError(Problem("crs_not_degrees", N_(
                "Koordinat berkas bukan derajat (lintang/bujur) dan berkas tidak menyebut "
                "sistem koordinatnya; ekspor ulang dalam WGS 84 (EPSG:4326).")))
        crs = guessed
        problems.append(Problem("crs_guessed", N_(
            "Berkas tidak menyebut sistem koordinatnya; koordinatnya dalam meter dan dibaca "
            "sebagai {crs} (UTM), lalu diubah ke WGS 84. Periksa hasilnya di peta."),
            {"crs": crs}, severity=WARNING))
    if not _is_wgs84(crs):
        transformer = _transformer(crs)
        read = [(f, k, _reproject(g, transformer)) for f, k, g in read]
        reprojected_from = crs

    # 3. codes: unknown, duplicate, missing
    positions: dict[str, list[int]] = {}
    for feature, kode, _geometry in read:
        if kode is None:
            continue
        if kode not in reference:
            problems.append(Problem("unknown_code", N_(
                'Fitur ke-{feature}: kode "{kode}" bukan kode {jenis} {region}.'),
                {"feature": feature.position, "kode": kode, "region": current_region().title,
                 "jenis": current_region().jenis_plural},
                feature.position, kode))
            continue
        positions.setdefault(kode, []).append(feature.position)
    for kode, where in positions.items():
        if len(where) > 1:
            problems.append(Problem("duplicate_code", N_(
                "Kelurahan {name} ({kode}) muncul {count} kali (fitur ke-{features}); "
                "setiap kelurahan harus tepat satu fitur."),
                {"name": name_of(kode), "kode": kode, "count": len(where),
                 "features": ", ".join(str(p) for p in where)}, where[1], kode))
    for kode, nama in reference.items():
        if kode not in positions:
            problems.append(Problem("missing_kelurahan", N_(
                "Kelurahan {name} ({kode}) tidak ada dalam berkas."),
                {"name": nama, "kode": kode}, None, kode))

    # 4. validity and region
    region = _expanded(bbox, region_margin)
    checked: list[tuple[RawFeature, str | None, BaseGeometry]] = []
    for feature, kode, geometry in read:
        params = {"feature": feature.position, "name": name_of(kode)}
        if not geometry.is_valid:
            reason = shapely.is_valid_reason(geometry)
            problems.append(Problem("invalid_geometry", N_(
                "Fitur ke-{feature} ({name}): geometri tidak sah ({reason}) di sekitar "
                "lintang, bujur {where}; perbaiki batasnya (mis. garis yang memotong dirinya sendiri)."),
                dict(params, reason=reason.split("[")[0], where=_where(reason) or "?"),
                feature.position, kode))
            geometry = _polygonal(shapely.make_valid(geometry))
            if geometry.is_empty:
                continue
        if not region.contains(geometry):
            centre = geometry.representative_point()
            problems.append(Problem("outside_region", N_(
                "Fitur ke-{feature} ({name}) berada (sebagian) di luar wilayah {region} "
                "(sekitar lintang {lat}, bujur {lon})."),
                dict(params, lat=f"{centre.y:.5f}", lon=f"{centre.x:.5f}",
                     region=current_region().title), feature.position, kode))
        checked.append((feature, kode, geometry))

    # 5. overlaps between neighbours (candidate pairs from an STRtree)
    if len(checked) > 1:
        origin = ((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2)
        metric = [_to_metres(g, origin) for _f, _k, g in checked]
        tree = shapely.STRtree(metric)
        left, right = tree.query(metric, predicate="intersects")
        for i, j in zip(left.tolist(), right.tolist()):
            if i >= j:
                continue
            area = shapely.intersection(metric[i], metric[j]).area
            if area > overlap_tolerance_m2:
                fi, ki = checked[i][0], checked[i][1]
                fj, kj = checked[j][0], checked[j][1]
                problems.append(Problem("overlap", N_(
                    "Fitur ke-{feature} ({name}) dan fitur ke-{other} ({other_name}) saling "
                    "tumpang tindih seluas {area} m²."),
                    {"feature": fi.position, "name": name_of(ki), "other": fj.position,
                     "other_name": name_of(kj), "area": f"{area:,.0f}".replace(",", ".")},
                    fi.position, ki))

    geometries = {kode: geometry for _f, kode, geometry in checked
                  if kode in reference and len(positions.get(kode, ())) == 1}
    return BoundaryReport(problems, geometries, reprojected_from)


def geometries_of(report: BoundaryReport) -> dict[str, BaseGeometry]:
    """The geometries of a report without error (raises ValueError otherwise)."""
    if not report.ok:
        raise ValueError("boundary layer has errors")
    return report.geometries


# --- locating points -------------------------------------------------------

OK = "ok"


@dataclass(frozen=True)
class PointCheck:
    """The outcome of checking a point against its declared kelurahan:
    `status` is "ok", "warning" or "error"; `found` the code of the kelurahan
    the point lies in (None outside every one); `distance_m` the distance to
    the declared kelurahan (0 inside)."""

    status: str
    declared: str
    found: str | None
    distance_m: float
    message: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        return _(self.message).format(**self.params) if self.message else ""


class BoundaryIndex:
    """The kelurahan polygons of one boundary version, indexed once.

    `geometries` maps code -> WGS 84 polygon; `names` code -> name (for
    messages). Distances are measured in a local metric frame around the
    polygons' centre."""

    def __init__(self, geometries: Mapping[str, BaseGeometry],
                 names: Mapping[str, str] | None = None):
        self.codes = list(geometries)
        self.names = dict(names or {})
        self.polygons = np.array([geometries[c] for c in self.codes], dtype=object)
        self._position = {code: i for i, code in enumerate(self.codes)}
        for polygon in self.polygons:
            shapely.prepare(polygon)
        self.tree = shapely.STRtree(self.polygons)
        min_x, min_y, max_x, max_y = shapely.total_bounds(self.polygons)
        self.origin = ((min_x + max_x) / 2, (min_y + max_y) / 2)
        self.scale = metre_scale(self.origin[1])
        self.metric = np.array([_to_metres(g, self.origin) for g in self.polygons], dtype=object)
        self.metric_tree = shapely.STRtree(self.metric)

    def name(self, code: str | None) -> str:
        return self.names.get(code or "", code or "?")

    def outline(self) -> BaseGeometry:
        """The union of every kelurahan: the city's outline."""
        return shapely.union_all(self.polygons)

    def _metric_points(self, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        kx, ky = self.scale
        return shapely.points((lons - self.origin[0]) * kx, (lats - self.origin[1]) * ky)

    def locate_many(self, lons: Sequence[float], lats: Sequence[float],
                    tolerance_m: float = 0.0) -> np.ndarray:
        """The index into `codes` of the kelurahan containing each point (-1
        for none); with a tolerance, a point outside every kelurahan takes the
        nearest one within `tolerance_m` metres."""
        lons = np.asarray(lons, dtype=float)
        lats = np.asarray(lats, dtype=float)
        found = np.full(len(lons), -1, dtype=np.intp)
        points = shapely.points(lons, lats)
        which, polygon = self.tree.query(points, predicate="intersects")
        # a point on a shared border matches two polygons: keep the first
        found[which[::-1]] = polygon[::-1]
        if tolerance_m > 0:
            missing = np.flatnonzero(found < 0)
            if len(missing):
                metric = self._metric_points(lons[missing], lats[missing])
                which, polygon = self.metric_tree.query_nearest(
                    metric, max_distance=tolerance_m, all_matches=False)
                found[missing[which]] = polygon
        return found

    def locate(self, lon: float, lat: float, tolerance_m: float = 0.0) -> str | None:
        """The code of the kelurahan containing (lon, lat), or of the nearest
        one within `tolerance_m` metres; None when there is none."""
        index = int(self.locate_many([lon], [lat], tolerance_m)[0])
        return self.codes[index] if index >= 0 else None

    def check_points(self, lons: Sequence[float], lats: Sequence[float],
                     declared: Sequence[str], tolerance_m: float = BORDER_TOLERANCE_M
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Vectorised check of points against their declared kelurahan codes.

        Returns (status, found, distance_m): status 0 = inside the declared
        kelurahan, 1 = outside but within `tolerance_m` of its border
        (warning), 2 = farther (error), 3 = declared code unknown; found the
        index into `codes` of the kelurahan containing the point (-1 none);
        distance_m the distance to the declared kelurahan (0 inside, NaN when
        the code is unknown)."""
        lons = np.asarray(lons, dtype=float)
        lats = np.asarray(lats, dtype=float)
        wanted = np.array([self._position.get(code, -1) for code in declared], dtype=np.intp)
        status = np.full(len(lons), 3, dtype=np.int8)
        distance = np.full(len(lons), np.nan)
        known = wanted >= 0
        inside = np.zeros(len(lons), dtype=bool)
        idx = np.flatnonzero(known)
        # intersects_xy (inside or on the border) on each declared polygon,
        # prepared: a point is only tested against the kelurahan it claims
        order = idx[np.argsort(wanted[idx], kind="stable")]
        codes_sorted = wanted[order]
        bounds = np.flatnonzero(np.diff(codes_sorted)) + 1
        for group in np.split(order, bounds):
            if not len(group):
                continue
            polygon = self.polygons[wanted[group[0]]]
            inside[group] = shapely.intersects_xy(polygon, lons[group], lats[group])
        status[known & inside] = 0
        distance[known & inside] = 0.0
        outside = np.flatnonzero(known & ~inside)
        found = np.full(len(lons), -1, dtype=np.intp)
        if len(outside):
            metric = self._metric_points(lons[outside], lats[outside])
            distance[outside] = shapely.distance(self.metric[wanted[outside]], metric)
            status[outside] = np.where(distance[outside] <= tolerance_m, 1, 2)
            found[outside] = self.locate_many(lons[outside], lats[outside])
        found[known & inside] = wanted[known & inside]
        return status, found, distance

    def check_point(self, lon: float, lat: float, declared: str,
                    tolerance_m: float = BORDER_TOLERANCE_M) -> PointCheck:
        """Checks one point declared in kelurahan `declared`: inside is ok;
        within `tolerance_m` of its border a warning; else an error naming the
        kelurahan the point fell in."""
        status, found, distance = self.check_points([lon], [lat], [declared], tolerance_m)
        state = int(status[0])
        found_code = self.codes[int(found[0])] if found[0] >= 0 else None
        metres = float(distance[0])
        params = {"name": self.name(declared), "found": self.name(found_code),
                  "distance": f"{metres:,.0f}".replace(",", ".") if not math.isnan(metres) else "",
                  "tolerance": f"{tolerance_m:,.0f}".replace(",", "."),
                  "region": current_region().title, "jenis": current_region().jenis_plural}
        if state == 0:
            return PointCheck(OK, declared, found_code, 0.0)
        if state == 3:
            return PointCheck(ERROR, declared, found_code, metres, N_(
                'Kode kelurahan "{kode}" tidak dikenal.'), {"kode": declared})
        if state == 1:
            return PointCheck(WARNING, declared, found_code, metres, N_(
                "Titik berada {distance} m di luar batas Kelurahan {name} (masih dalam "
                "toleransi {tolerance} m); periksa letaknya."), params)
        if found_code is None:
            return PointCheck(ERROR, declared, None, metres, N_(
                "Titik berada di luar semua {jenis} {region}, {distance} m dari "
                "Kelurahan {name}."), params)
        return PointCheck(ERROR, declared, found_code, metres, N_(
            "Titik berada di Kelurahan {found}, bukan {name} ({distance} m dari batas "
            "Kelurahan {name})."), params)


def row_message(row: int, check: PointCheck) -> str:
    """The message of a point check for data row `row` of a point layer."""
    return _("Baris {row}: {problem}").format(row=row, problem=check.text())


def feature_collection(geometries: Mapping[str, BaseGeometry], names: Mapping[str, str],
                       extra: Mapping[str, Any] | None = None, decimals: int = 5) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the kelurahan, coordinates rounded to
    `decimals`, each with kode_wilayah, nama_wilayah and the `extra` properties."""
    features = []
    for kode, geometry in geometries.items():
        rounded = shapely.set_precision(geometry, 10 ** -decimals)
        features.append({
            "type": "Feature",
            "properties": dict({"kode_wilayah": kode, "nama_wilayah": names.get(kode, kode)},
                               **(extra or {})),
            "geometry": json.loads(shapely.to_geojson(rounded)),
        })
    return {"type": "FeatureCollection", "features": features}
