"""Blueprints of ckanext-satudata, one module per area."""
from ckanext.satudata.views.access import access
from ckanext.satudata.views.api_reference import api_reference
from ckanext.satudata.views.catalogue import catalogue
from ckanext.satudata.views.completeness import completeness
from ckanext.satudata.views.datasets import datasets
from ckanext.satudata.views.kelurahan import kelurahan
from ckanext.satudata.views.maps import maps
from ckanext.satudata.views.downloads import downloads
from ckanext.satudata.views.health import health
from ckanext.satudata.views.interop import interop
from ckanext.satudata.views.point_editing import point_editing
from ckanext.satudata.views.points import points
from ckanext.satudata.views.prefill import prefill
from ckanext.satudata.views.privacy import privacy
from ckanext.satudata.views.review import review
from ckanext.satudata.views.sitemap import sitemap
from ckanext.satudata.views.statistics import statistics
from ckanext.satudata.views.templates import templates

__all__ = ["access", "api_reference", "catalogue", "completeness", "datasets", "downloads", "health",
           "interop", "kelurahan", "maps", "point_editing", "points", "prefill", "privacy",
           "review", "sitemap", "statistics", "templates"]
