"""Wiring of ckanext-satudata: which CKAN interfaces, pointing at modules."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

# Importing the model puts the extension's tables in CKAN's metadata, so
# `ckan db check` and the test database reset know them.
import ckanext.satudata.model  # noqa: F401
from ckanext.satudata import point_layers


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.validators
@tk.blanket.helpers
@tk.blanket.cli
@tk.blanket.blueprints
@tk.blanket.config_declarations
class SatuDataPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IResourceController, inherit=True)

    # IConfigurer

    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    # IResourceController: point files are checked before CKAN stores them

    def before_resource_create(self, context, resource):
        point_layers.check_upload(resource)

    def before_resource_update(self, context, current, resource):
        point_layers.check_upload(resource, current)
