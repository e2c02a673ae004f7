"""The package's layout keeps its promises (README, "Where things are"):
plain-Python cores import nothing from CKAN, action modules are reached only
through CKAN's action registry, views do not borrow from one another, and
test modules share fixtures through conftest.py and tests/helpers.py only.

Every module is enumerated from the source tree: a new module is checked
without anyone listing it.
"""
from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import ckanext.satudata

PACKAGE = Path(ckanext.satudata.__file__).resolve().parent
TESTS = Path(__file__).resolve().parent
PACKAGE_NAME = "ckanext.satudata"

#: The CKAN layers and the modules that exist to talk to CKAN: everything
#: else is a plain-Python core.
CKAN_LAYERS = ("logic", "views", "helpers", "model", "migration", "web")
CKAN_ROOT_MODULES = {"plugin", "cli", "site", "config", "mail"}

#: The CKAN glue inside the feature folders (beside the feature's pure core).
GLUE = {
    "access.grants",
    "backup.glue",
    "catalogue.glue", "catalogue.store",
    "completeness.dashboard", "completeness.reminders",
    "dataset_types.catalogue_form", "dataset_types.facets", "dataset_types.field_labels",
    "demo.sample_data",
    "downloads.planner",
    "health.glue",
    "interop.dcat_profile",
    "maps.boundary_datasets", "maps.boundary_layer", "maps.editing", "maps.extraction",
    "maps.filters", "maps.layers", "maps.page", "maps.query",
    "privacy.guard",
    "statistics.indicators", "statistics.reports", "statistics.thematic_maps",
    "workflow.activity", "workflow.catch_up", "workflow.gate", "workflow.publication",
    "workflow.published_version", "workflow.roles", "workflow.visibility",
}

#: What a plain-Python core may not import.
FORBIDDEN = ("ckan", "flask", "flask_babel", "werkzeug", "sqlalchemy")


def _modules() -> dict[str, Path]:
    """Every module of the package by its dotted name relative to the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).with_suffix("")
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        found[".".join(parts)] = path
    return found


def _is_core(name: str) -> bool:
    top = name.split(".")[0]
    return bool(name) and top not in CKAN_LAYERS and name not in CKAN_ROOT_MODULES \
        and name not in GLUE


def _package_of(path: Path) -> str:
    if path.is_relative_to(PACKAGE):
        return ".".join((PACKAGE_NAME,) + path.relative_to(PACKAGE).parent.parts)
    return ".".join(("tests",) + path.relative_to(TESTS).parent.parts)


def _imports(path: Path) -> list[tuple[str, int]]:
    """(absolute module, line) of every import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _package_of(path)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.append((base, node.lineno))
            found += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return found


def test_the_layout_is_what_the_tests_below_check():
    """The enumeration sees the package: its feature folders, its glue."""
    modules = _modules()
    assert "workflow.states" in modules and "privacy.scanner" in modules
    assert sorted(GLUE - set(modules)) == []
    assert sum(_is_core(name) for name in modules) > 40


def test_plain_python_cores_import_nothing_from_ckan():
    """Each core is imported in a fresh interpreter where CKAN, Flask and
    SQLAlchemy cannot be imported: a core that needs them fails here."""
    cores = [f"{PACKAGE_NAME}.{name}" for name in _modules() if _is_core(name)]
    script = (
        "import importlib, importlib.abc, json, sys\n"
        f"FORBIDDEN = {FORBIDDEN!r}\n"
        "class Refuse(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        top = name.split('.')[0]\n"
        "        other_extension = name.startswith('ckanext.') and not name.startswith("
        f"'{PACKAGE_NAME}')\n"
        "        if top in FORBIDDEN or other_extension:\n"
        "            raise ImportError('plain-Python core imports ' + name)\n"
        "sys.meta_path.insert(0, Refuse())\n"
        "failed = {}\n"
        "for name in json.loads(sys.argv[1]):\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as error:\n"
        "        failed[name] = repr(error)\n"
        "print(json.dumps(failed))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, json.dumps(cores)],
                            capture_output=True, text=True, timeout=300, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {}


def test_action_modules_are_reached_only_through_the_action_registry():
    """Views, helpers, the CLI and the features call actions with
    tk.get_action; what actions share lives in the feature folders."""
    offenders = []
    for name, path in _modules().items():
        if name == "logic.action" or name.startswith("logic.action."):
            continue
        offenders += [f"{name}:{line} imports {target}" for target, line in _imports(path)
                      if target == f"{PACKAGE_NAME}.logic.action"
                      or target.startswith(f"{PACKAGE_NAME}.logic.action.")]
    # Tests may read the registry (logic.action's __all__), not an action module.
    for path in sorted(TESTS.rglob("*.py")):
        offenders += [f"tests/{path.relative_to(TESTS)}:{line} imports {target}"
                      for target, line in _imports(path)
                      if target.startswith(f"{PACKAGE_NAME}.logic.action.")
                      and target.rsplit(".", 1)[0] != f"{PACKAGE_NAME}.logic"
                      and target != f"{PACKAGE_NAME}.logic.action.__all__"]
    assert offenders == []


def test_action_modules_hold_actions_only():
    """Every public function of a logic/action module is an action it
    registers (in its ``__all__``); what is not an action is private to the
    module or lives in the feature's folder."""
    offenders = []
    for name, path in _modules().items():
        if not name.startswith("logic.action."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        registered = set()
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                    getattr(target, "id", "") == "__all__" for target in node.targets):
                registered = {element.value for element in node.value.elts}
        offenders += [f"{name}.{node.name}" for node in tree.body
                      if isinstance(node, (ast.FunctionDef, ast.ClassDef))
                      and not node.name.startswith("_") and node.name not in registered]
    assert offenders == []


def test_views_and_helpers_do_not_borrow_from_other_views():
    offenders = []
    for name, path in _modules().items():
        if not (name.startswith("views.") or name == "helpers" or name.startswith("helpers.")):
            continue
        offenders += [f"{name}:{line} imports {target}" for target, line in _imports(path)
                      if target.startswith(f"{PACKAGE_NAME}.views.")
                      and name != "views"]  # views/__init__ gathers the blueprints
    assert offenders == []


def test_test_modules_share_fixtures_only_through_conftest_and_helpers():
    """A test module never imports another test module."""
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        offenders += [f"tests/{path.relative_to(TESTS)}:{line} imports {target}"
                      for target, line in _imports(path)
                      if target.startswith("tests.")
                      and target.split(".")[-1].startswith("test_")]
    assert offenders == []


def test_the_date_is_always_the_portals():
    """Today is the portal's (site.portal_today, in its time zone): a
    machine's date.today() is already tomorrow or still yesterday in Kediri
    for seven hours of every day, so a test or a check using it fails at
    night or every December 31st."""
    pattern = re.compile(r"\bdate\.today\(\)")
    roots = [PACKAGE, Path(__file__).resolve().parent]
    offenders = sorted(str(path) for root in roots for path in root.rglob("*.py")
                       if path.name != "test_layout.py" and pattern.search(path.read_text()))
    assert offenders == []
