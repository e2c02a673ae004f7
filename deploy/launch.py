"""How the production profile's gunicorn is started from Python (the load
benchmark, the tests of the production profile): the same configuration
(deploy/gunicorn.conf.py) and application (deploy/wsgi.py) as the systemd
and supervisor units, bound where the caller says. Run the command with the
repository root as working directory."""
from __future__ import annotations

import sys
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent


def gunicorn(ini: str | Path, bind: str, workers: int) -> tuple[list[str], dict[str, str]]:
    """(command, environment) that serve `ini` with `workers` sync workers
    on `bind` (host:port); add the environment to os.environ."""
    command = [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py"),
               "deploy.wsgi:application"]
    environment = {"CKAN_INI": str(ini), "SATUDATA_WEB_BIND": bind,
                   "SATUDATA_WEB_WORKERS": str(workers)}
    return command, environment
