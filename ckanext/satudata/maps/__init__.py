"""Map point layers (peta-titik): reading and checking their files, and serving
their published points.

The reading and checking (coordinates, errors, features, kinds, points,
readers, sources) is plain Python: nothing there imports CKAN, so it can be
used and unit-tested without a CKAN application. The glue (layers,
extraction, filters, query) works with CKAN and the extension's tables.

The points of published map layers are extracted once and served from the table.

When a `peta-titik` dataset is published, or an approved edit of it lands
(``publication.published``), its files are read once and every valid point
is written to ``satudata_map_point`` with its GeoJSON already serialised;
when it is withdrawn (``publication.unpublished``) its points are deleted.
The map, its API (``satudata_map_points``) and its downloads read only these
tables, never the files.

Files are read from CKAN's storage (``site.open_uploaded``).
Resources given as a link are not fetched: a point layer accepts only
uploaded files (``layers.check_upload``), so a link can only be an old
or hand-made resource; it is skipped and counted in the layer's
``skipped_resources``, like an upload whose file cannot be read.

Reading is defensive twice over: only layers whose dataset is active, not
private and in the `terbit` state are ever served (a join on every query),
so a missed hook can hide points but never publish a draft.

This package exports only the plain-Python part.
"""
from ckanext.satudata.maps.kinds import KINDS, Attribute, PointKind
from ckanext.satudata.maps.points import (
    KOTA_KEDIRI_BBOX, Point, PointFileError, RowError, ValidationReport,
    bbox_polygon, iter_points, template_csv, validate_point_file)

__all__ = [
    "KINDS", "KOTA_KEDIRI_BBOX", "Attribute", "Point", "PointFileError", "PointKind",
    "RowError", "ValidationReport", "bbox_polygon", "iter_points", "template_csv",
    "validate_point_file",
]
