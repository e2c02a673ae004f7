"""Wiring of ckanext-satudata: which CKAN interfaces, pointing at modules."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultPermissionLabels, DefaultTranslation

# Importing the model puts the extension's tables in CKAN's metadata, so
# `ckan db check` and the test database reset know them.
import ckanext.satudata.model  # noqa: F401
from ckanext.satudata.dataset_types import facets
from ckanext.satudata.access import grants
from ckanext.satudata.dataset_types import index_limits
from ckanext.satudata.maps import boundary_datasets
from ckanext.satudata.maps import layers as point_layers
from ckanext.satudata.privacy import guard as privacy_guard
from ckanext.satudata.statistics import reports as table_reports
from ckanext.satudata.workflow import catch_up, published_version
from ckanext.satudata.web import assets as web_assets
from ckanext.satudata.web import security_headers
from ckanext.satudata.web import guard as view_guard
from ckanext.satudata.workflow import visibility
from ckanext.satudata.logic import validators
from ckanext.satudata.model import DatasetStatus
from ckanext.satudata import config as satudata_config, reference
from ckanext.satudata import site


#: {config key: (its text with placeholders, every text it was filled in as)}.
_SITE_TEXTS: dict[str, tuple[str, set[str]]] = {}


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.validators
@tk.blanket.helpers
@tk.blanket.cli
@tk.blanket.blueprints
@tk.blanket.config_declarations
class SatuDataPlugin(p.SingletonPlugin, DefaultTranslation, DefaultPermissionLabels):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IPermissionLabels)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.ISignal)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "satudata")
        # The npm libraries' own files (Leaflet's control images) are
        # served, so that cssrewrite can point their CSS at them.
        tk.add_public_directory(config, "assets/vendor")
        # The city's logo and favicon (ckan.site_logo, ckan.favicon).
        tk.add_public_directory(config, "public")
        # The reference lists answer for the configured region; a region
        # that is malformed, unknown or without its list stops the start.
        reference.wilayah.check(reference.parse_wilayah(config.get("ckanext.satudata.wilayah")))
        reference.use_configuration(satudata_config.wilayah)
        # The site's title and description may name the region ({wilayah}).
        for key in ("ckan.site_title", "ckan.site_description"):
            template, filled = _SITE_TEXTS.get(key, ("", set()))
            value = config.get(key) or ""
            if value in filled:       # loaded again (another region in a test)
                value = template
            if "{" in value:
                config[key] = reference.current().fill_text(value)
                _SITE_TEXTS[key] = (value, filled | {config[key]})
        # A change saved while Solr is down is indexed later (catch_up);
        # pooled connections outlive a PostgreSQL restart.
        catch_up.install()
        site.check_pooled_connections()

    # IMiddleware: security headers on every response (security_headers.py),
    # pages that obey the API's refusals (view_guard.py), assets built once (assets.py)

    def make_middleware(self, app, config):
        return web_assets.register(view_guard.register(security_headers.register(app)))

    # IResourceController: point files are checked before CKAN stores them

    def before_resource_create(self, context, resource):
        validators.check_resource_texts(resource)
        point_layers.check_upload(resource)
        boundary_datasets.check_upload(resource)

    def before_resource_update(self, context, current, resource):
        validators.check_resource_texts(resource)
        published_version.check_file_kept(current, resource)
        point_layers.check_upload(resource, current)
        boundary_datasets.check_upload(resource, current)

    # ... and scanned for personal data once stored; tables are validated

    def after_resource_create(self, context, resource):
        privacy_guard.resource_saved(resource)
        table_reports.resource_saved(resource)

    def after_resource_update(self, context, resource):
        privacy_guard.resource_saved(resource)
        table_reports.resource_saved(resource)

    # IPackageController: the workflow state travels with the dataset

    def create(self, entity):
        # Who sees a dataset follows its review state (visibility.py), not
        # CKAN's private flag, which would hide it from the curators too.
        entity.private = False

    def edit(self, entity):
        entity.private = False

    def after_dataset_show(self, context, pkg_dict):
        state = DatasetStatus.state_of(pkg_dict["id"])
        published_version.show_for(context, pkg_dict)
        pkg_dict["satudata_status"] = state

    def before_dataset_index(self, pkg_dict):
        # A published dataset is indexed as published, whatever its edits.
        pkg_dict = published_version.index_document(pkg_dict)
        pkg_dict["satudata_status"] = DatasetStatus.state_of(pkg_dict["id"])
        return index_limits.bounded(facets.index_fields(pkg_dict))

    def after_dataset_search(self, search_results, search_params):
        return facets.label_facet_items(search_results)

    # IPermissionLabels: only published datasets are public

    def get_dataset_labels(self, dataset_obj):
        return visibility.dataset_labels(dataset_obj)

    def get_user_dataset_labels(self, user_obj):
        return visibility.user_labels(user_obj)

    # IFacets

    def dataset_facets(self, facets_dict, package_type):
        return facets.dataset_facets(facets_dict)

    # ISignal: downloads of restricted data under a grant are logged

    def get_signal_subscriptions(self):
        return {tk.signals.resource_download: [grants.download_sent]}


class PointLayerViewPlugin(p.SingletonPlugin):
    """Map preview of a point layer's CSV file (GeoJSON files use geoview's
    own view). Reuses geoview's Leaflet preview, fed with the CSV converted
    to GeoJSON by the `satudata_points` blueprint."""
    p.implements(p.IResourceView, inherit=True)

    def info(self):
        return {"name": "satudata_point_view", "title": tk._("Peta titik"),
                "icon": "map-marker", "iframed": True, "default_title": tk._("Peta")}

    def can_view(self, data_dict):
        return (data_dict["package"].get("type") == point_layers.DATASET_TYPE
                and (data_dict["resource"].get("format") or "").lower() == "csv"
                and data_dict["resource"].get("url_type") == "upload")

    def view_template(self, context, data_dict):
        return "dataviewer/geojson.html"

    def setup_template_variables(self, context, data_dict):
        data_dict["resource"]["url"] = tk.url_for(
            "satudata_points.layer_geojson", id=data_dict["package"]["id"],
            resource_id=data_dict["resource"]["id"])
