"""The extension's options (config_declaration.yaml), each read and parsed
in one place.

CKAN has already converted the declared types (int) when these run; what
needs more parsing (the city's extent, the list of required statistics) is
parsed once per distinct text and kept, so a page that asks a hundred times
parses once, and a test that changes an option gets the new value.
"""
from __future__ import annotations

import functools
from typing import Any, Callable

import ckan.plugins.toolkit as tk

from ckanext.satudata.completeness.items import RequiredStatistic, parse_required_statistics
from ckanext.satudata.maps.points import KOTA_KEDIRI_BBOX
from ckanext.satudata.reference.wilayah import parse_wilayah


@functools.lru_cache(maxsize=64)
def _parse_once(parse: Callable[[Any], Any], raw: Any) -> Any:
    return parse(raw)


def _parsed(key: str, parse: Callable[[Any], Any]) -> Any:
    raw = tk.config.get(key)
    return _parse_once(parse, raw)


def curator_organization() -> str:
    """The name of the curators' organisation (Diskominfo)."""
    return tk.config.get("ckanext.satudata.curator_organization")


#: The extent of the whole of Indonesia (min_lon, min_lat, max_lon,
#: max_lat): the region's extent when it is not Kota Kediri, no
#: ``ckanext.satudata.city_bbox`` is set and no boundaries are loaded.
INDONESIA_BBOX = (94.7, -11.2, 141.2, 6.3)

_boundary_extent: dict[str, Any] = {"index": None, "bbox": None}


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if not text or not text.strip():
        return None
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in text.split())
    return (min_lon, min_lat, max_lon, max_lat)


def _extent_of_boundaries() -> tuple[float, float, float, float] | None:
    """The extent of the boundaries in use, None without any."""
    import shapely   # here: the boundary layer reads this module's options
    from ckanext.satudata.maps import boundary_layer
    index = boundary_layer.current_index()
    if index is None or not index.polygons:
        return None
    if _boundary_extent["index"] is not index:
        bounds = tuple(round(float(v), 5) for v in shapely.total_bounds(index.polygons))
        _boundary_extent.update(index=index, bbox=bounds)
    return _boundary_extent["bbox"]


def wilayah() -> tuple[str, ...]:
    """The portal's region: kabupaten/kota codes ("35.71") or a province
    code ("35"), sorted. Raises reference.WilayahError when malformed."""
    return _parsed("ckanext.satudata.wilayah", parse_wilayah)


def city_bbox() -> tuple[float, float, float, float]:
    """The region's extent (min_lon, min_lat, max_lon, max_lat): the option
    when set; else Kota Kediri's box when the region is Kota Kediri (the
    default); else the extent of the boundaries in use; else the whole of
    Indonesia (see config_declaration.yaml)."""
    configured = _parsed("ckanext.satudata.city_bbox", _bbox)
    if configured is not None:
        return configured
    if wilayah() == ("35.71",):
        return KOTA_KEDIRI_BBOX
    return _extent_of_boundaries() or INDONESIA_BBOX


def boundary_tolerance_m() -> int:
    """Metres outside its kelurahan's border within which a point is only a warning."""
    return tk.config.get("ckanext.satudata.boundary_tolerance_m")


def geolocation_max_accuracy_m() -> int:
    """The largest accuracy radius (metres) of a phone position accepted on
    the point entry page."""
    return tk.config.get("ckanext.satudata.geolocation_max_accuracy_m")


def map_tile_url() -> str:
    return tk.config.get("ckanext.satudata.map.tile_url") or ""


def map_tile_attribution() -> str:
    return tk.config.get("ckanext.satudata.map.tile_attribution") or ""


def map_cluster_threshold() -> int:
    """Above this many matching points the map is served as clusters
    computed in the database (and the points API answers a page)."""
    return tk.config.get("ckanext.satudata.map_cluster_threshold")


def download_zip_max_datasets() -> int:
    return tk.config.get("ckanext.satudata.download_zip_max_datasets")


def required_statistics() -> list[RequiredStatistic]:
    """The statistics every kelurahan must deliver: the active indicators
    marked `wajib` in the indicator catalogue once the catalogue has
    entries, else the option. Raises ValueError when the option is read and
    malformed (a bad code, a code given twice)."""
    # Imported here: the catalogue's glue reads the schemas, which read this module.
    from ckanext.satudata.catalogue import glue as catalogue
    kept = catalogue.required_statistics()
    if kept is not None:
        return kept
    return list(_parsed("ckanext.satudata.required_statistics", _statistics))


def _statistics(text: str | None) -> tuple[RequiredStatistic, ...]:
    return tuple(parse_required_statistics(text))


def point_layer_frequency() -> str:
    return tk.config.get("ckanext.satudata.point_layer_frequency")


def access_max_days() -> int:
    """The longest period an access grant may run, in days."""
    return tk.config.get("ckanext.satudata.access.max_days")


def privacy_sync_max_bytes() -> int:
    """Files up to this size are scanned for personal data at upload."""
    return tk.config.get("ckanext.satudata.privacy.sync_max_bytes")


def scan_timeout_minutes() -> int:
    """After this long, a scan still waiting is queued again."""
    return tk.config.get("ckanext.satudata.scan_timeout_minutes")


def default_locale() -> str:
    return tk.config.get("ckan.locale_default") or "id"


def health_timeout() -> float:
    """Seconds the health report (/sehat) waits for all its checks."""
    return float(tk.config.get("ckanext.satudata.health.timeout"))


def health_min_free_disk_mb() -> int:
    return tk.config.get("ckanext.satudata.health.min_free_disk_mb")


def health_worker_max_silence() -> int:
    return tk.config.get("ckanext.satudata.health.worker_max_silence")


def health_queue_max_wait() -> int:
    return tk.config.get("ckanext.satudata.health.queue_max_wait")


def xloader_debug_badges() -> bool:
    """xloader's own option: a badge for every load state, not only waiting,
    running or failed loads."""
    return tk.asbool(tk.config.get("ckanext.xloader.debug_badges", False))
