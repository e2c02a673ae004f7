"""Plain-Python reading and checking of map point layer files (peta-titik).

Nothing in this package imports CKAN at module level; see points.py.
"""
from ckanext.satudata.geo.kinds import KINDS, Attribute, PointKind
from ckanext.satudata.geo.points import (
    KOTA_KEDIRI_BBOX, Point, PointFileError, RowError, ValidationReport,
    bbox_polygon, iter_points, template_csv, validate_point_file)

__all__ = [
    "KINDS", "KOTA_KEDIRI_BBOX", "Attribute", "Point", "PointFileError", "PointKind",
    "RowError", "ValidationReport", "bbox_polygon", "iter_points", "template_csv",
    "validate_point_file",
]
