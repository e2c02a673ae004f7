import pytest

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk

REQUIRED_PLUGINS = [
    "satudata", "scheming_datasets", "scheming_organizations",
    "spatial_metadata", "spatial_query", "geojson_view", "datastore",
    "xloader", "activity",
]


@pytest.mark.usefixtures("with_plugins")
def test_satudata_loads_with_the_stack_plugins():
    for name in REQUIRED_PLUGINS:
        assert plugins.plugin_loaded(name), name


@pytest.mark.usefixtures("with_plugins")
def test_dataset_types_and_organisation_schema_come_from_schemas_dir():
    dataset_types = tk.get_action("scheming_dataset_schema_list")({}, {})
    assert "statistik-sektoral" in dataset_types
    org_schema = tk.get_action("scheming_organization_schema_show")(
        {}, {"type": "organization"})
    field_names = [f["field_name"] for f in org_schema["fields"]]
    assert "kode_wilayah" in field_names
    assert "kecamatan" in field_names


@pytest.mark.usefixtures("with_plugins")
def test_default_locale_is_indonesian(ckan_config):
    assert ckan_config["ckan.locale_default"] == "id"
    assert "en" in ckan_config["ckan.locales_offered"]
