"""Schemas and translations live at the repository root and reach CKAN from
an editable install and from a built wheel alike."""
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

import ckanext.satudata

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE_DIR = os.path.dirname(ckanext.satudata.__file__)


def _root_files(folder, suffixes):
    found = []
    for dirpath, _dirs, files in os.walk(os.path.join(REPO, folder)):
        for name in files:
            if name.endswith(suffixes):
                found.append(os.path.relpath(os.path.join(dirpath, name), REPO))
    return sorted(found)


SCHEMAS = _root_files("schemas", (".yaml",))
CATALOGUES = _root_files("i18n", (".po", ".mo"))


def test_there_are_schemas_and_catalogues_to_package():
    assert "schemas/organisasi.yaml" in SCHEMAS
    assert "schemas/statistik_sektoral.yaml" in SCHEMAS
    assert "i18n/en/LC_MESSAGES/ckanext-satudata.mo" in CATALOGUES


def test_editable_install_sees_the_root_schemas_and_translations():
    for relative in SCHEMAS + CATALOGUES:
        with open(os.path.join(PACKAGE_DIR, relative), "rb") as packaged, \
                open(os.path.join(REPO, relative), "rb") as root:
            assert packaged.read() == root.read(), relative


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    # Build from a copy of the tracked files: a build in the working tree
    # would leave build/ and a stale *.egg-info there, which the editable
    # install would then pick up.
    source = tmp_path_factory.mktemp("source") / "ckanext-satudata"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, check=True,
                             capture_output=True).stdout.decode().split("\0")
    for relative in filter(None, tracked):
        origin, target = os.path.join(REPO, relative), source / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if os.path.islink(origin):
            os.symlink(os.readlink(origin), target)
        elif os.path.isfile(origin):
            shutil.copy2(origin, target)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
         "--no-build-isolation", "--wheel-dir", str(out), str(source)],
        check=True, cwd=str(out))
    [built] = list(out.glob("ckanext_satudata-*.whl"))
    return zipfile.ZipFile(built)


def test_wheel_contains_schemas_translations_and_reference_data(wheel):
    names = set(wheel.namelist())
    expected = ["ckanext/satudata/" + relative for relative in SCHEMAS + CATALOGUES]
    expected += ["ckanext/satudata/reference/data/wilayah-kota-kediri.csv",
                 "ckanext/satudata/config_declaration.yaml",
                 "ckanext/satudata/plugin.py"]
    missing = [name for name in expected if name not in names]
    assert not missing


def test_wheel_files_are_the_root_files(wheel):
    for relative in SCHEMAS + CATALOGUES:
        with open(os.path.join(REPO, relative), "rb") as root:
            assert wheel.read("ckanext/satudata/" + relative) == root.read(), relative


def test_wheel_declares_the_ckan_plugin(wheel):
    [entry_points] = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "satudata = ckanext.satudata.plugin:SatuDataPlugin" in text


#: Top-level modules that CKAN 2.12 itself brings (its requirements.txt):
#: the extension may import them without declaring them.
CKAN_PROVIDES = {"ckan", "ckanext", "sqlalchemy", "alembic", "flask", "flask_babel", "babel",
                 "werkzeug", "markupsafe", "jinja2", "click", "rq", "redis", "psycopg2",
                 "requests", "yaml", "dateutil", "pytz", "simplejson", "magic", "sqlparse"}


def _third_party_imports() -> dict[str, str]:
    """Every top-level module the package imports (at any depth, lazily
    too) that is neither the standard library nor the package: module ->
    one file importing it."""
    import ast
    found: dict[str, str] = {}
    for dirpath, _dirs, files in os.walk(PACKAGE_DIR):
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as source:
                tree = ast.parse(source.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    top = module.split(".")[0]
                    if top not in sys.stdlib_module_names:
                        found.setdefault(top, os.path.relpath(path, REPO))
    return found


def _requirement_names(requirements) -> set[str]:
    import re
    return {re.split(r"[ ;<>=!~\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")
            for requirement in requirements}


def test_wheel_declares_what_the_extension_imports_beyond_ckan(wheel):
    """`pip install` of the wheel into a plain CKAN brings what the
    extension imports: every third-party import is CKAN's own or declared
    in install_requires (the demo's mail sink in the `demo` extra)."""
    from importlib.metadata import packages_distributions
    [metadata] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    lines = wheel.read(metadata).decode().splitlines()
    required = _requirement_names(line.split(":", 1)[1].strip() for line in lines
                                  if line.startswith("Requires-Dist:") and "extra ==" not in line)
    extras = {line.split('extra == "')[1].rstrip('"'): line for line in lines
              if line.startswith("Requires-Dist:") and "extra ==" in line}
    assert {"demo", "production"} <= set(extras)
    assert "aiosmtpd" in _requirement_names([extras["demo"].split(":", 1)[1].strip()])
    distributions = packages_distributions()
    undeclared = {}
    for module, where in _third_party_imports().items():
        if module in CKAN_PROVIDES:
            continue
        names = _requirement_names(distributions.get(module, [module]))
        if module == "aiosmtpd":
            assert where.startswith("ckanext/satudata/demo/"), where
            continue
        if not names & required:
            undeclared[module] = where
    assert not undeclared
    # the CKAN plugins the configuration loads come with the wheel too
    assert {"ckanext-scheming", "ckanext-spatial", "ckanext-geoview",
            "ckanext-xloader"} <= required
