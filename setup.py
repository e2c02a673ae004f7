"""Packaging for ckanext-satudata.

`schemas/` and `i18n/` live at the repository root, where the people who
edit them look for them. `ckanext/satudata/schemas` and
`ckanext/satudata/i18n` are symlinks to them, so CKAN finds both through the
package in an editable install, and setuptools copies the real files into
the wheel.
"""
from setuptools import find_namespace_packages, setup

setup(
    name="ckanext-satudata",
    version="0.1.0",
    description="Portal Satu Data kota untuk CKAN: kelurahan mengunggah, "
                "Diskominfo mengkurasi dan menerbitkan.",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="AGPL-3.0-or-later",
    python_requires=">=3.10",
    packages=find_namespace_packages(include=["ckanext", "ckanext.*"]),
    include_package_data=False,
    package_data={
        "ckanext.satudata": [
            "config_declaration.yaml",
            "schemas/*.yaml",
            "schemas/*.json",
            "i18n/*/LC_MESSAGES/*.po",
            "i18n/*/LC_MESSAGES/*.mo",
            "i18n/*.pot",
            "reference/data/*.csv",
            "reference/data/*.geojson",
            # idn-area-data's lists, when scripts/assets.sh has copied them
            "reference/data/idn-area-data/*",
            "templates/**/*.html",
            "templates/*.html",
            "assets/**/*",
            "public/**/*",
            "migration/satudata/alembic.ini",
            "migration/satudata/script.py.mako",
        ],
    },
    # What the extension imports beyond CKAN itself (CKAN's wheel declares
    # none of its own dependencies: they come from CKAN's requirements.txt,
    # see scripts/setup.sh). tests/test_packaging.py checks this list
    # against the imports.
    install_requires=[
        "ckanext-scheming",
        "ckanext-spatial",
        "ckanext-geoview",
        "ckanext-xloader",
        # DCAT endpoints and the Satu Data profile (interop/dcat_profile.py)
        "ckanext-dcat",
        "rdflib",
        "openpyxl",
        "ijson",
        "charset-normalizer",
        # kelurahan boundaries (maps/boundaries.py): geometry, reprojection,
        # zipped Shapefiles
        "shapely",
        "numpy",
        "pyproj",
        "pyshp",
    ],
    extras_require={
        # the demo's mail sink (ckanext/satudata/demo/mailsink.py)
        "demo": ["aiosmtpd"],
        # the production profile (deploy/, scripts/prod.sh)
        "production": ["gunicorn", "supervisor"],
    },
    zip_safe=False,
    entry_points={
        "ckan.plugins": [
            "satudata = ckanext.satudata.plugin:SatuDataPlugin",
            "satudata_point_view = ckanext.satudata.plugin:PointLayerViewPlugin",
        ],
        "ckan.rdf.profiles": [
            "satudata = ckanext.satudata.interop.dcat_profile:SatuDataProfile",
            "satudata_schemaorg = ckanext.satudata.interop.dcat_profile:SatuDataSchemaOrgProfile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
