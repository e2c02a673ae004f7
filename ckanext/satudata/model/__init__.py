"""The extension's own tables, in CKAN's metadata (``ckan.model.base.BaseModel``).

Importing this package registers the tables; they are created by the
extension's Alembic migrations (``ckan db upgrade``), never by
``metadata.create_all``.
"""
from ckanext.satudata.model.access import (
    AccessRequest, AccessRequestResource, AccessUsage, access_request_resource_table,
    access_request_table, access_usage_table)
from ckanext.satudata.model.boundary import Boundary, boundary_table
from ckanext.satudata.model.indicator import IndicatorValue, indicator_value_table
from ckanext.satudata.model.map_point import (
    MapLayer, MapPoint, map_layer_table, map_point_table)
from ckanext.satudata.model.privacy_scan import PrivacyScan, privacy_scan_table
from ckanext.satudata.model.reminder import Reminder, reminder_table
from ckanext.satudata.model.review import ReviewEvent, review_event_table
from ckanext.satudata.model.status import DatasetStatus, dataset_status_table, utcnow
from ckanext.satudata.model.validation import ValidationReport, validation_report_table
# The indicator catalogue's tables live with the feature (catalogue/store.py).
import ckanext.satudata.catalogue.store  # noqa: F401,E402

__all__ = ["DatasetStatus", "MapLayer", "MapPoint", "ReviewEvent", "dataset_status_table",
           "map_layer_table", "map_point_table", "review_event_table", "utcnow",
           "Reminder", "reminder_table", "IndicatorValue", "indicator_value_table",
           "AccessRequest", "AccessRequestResource", "AccessUsage", "access_request_table",
           "access_request_resource_table", "access_usage_table",
           "PrivacyScan", "privacy_scan_table", "ValidationReport", "validation_report_table",
           "Boundary", "boundary_table"]
