"""How the production profile's gunicorn is started from Python (the load
benchmark, the tests of the production profile): the same configuration
(deploy/gunicorn.conf.py) and application (deploy/wsgi.py) as the systemd
and supervisor units, bound where the caller says. Run the command with the
repository root as working directory."""
from __future__ import annotations

import socket
import sys
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent


def free_port() -> int:
    """A TCP port of 127.0.0.1 free now (the system's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn(ini: str | Path, bind: str, workers: int) -> tuple[list[str], dict[str, str]]:
    """(command, environment) that serve `ini` with `workers` sync workers
    on `bind` (host:port); add the environment to os.environ."""
    command = [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py"),
               "deploy.wsgi:application"]
    environment = {"CKAN_INI": str(ini), "SATUDATA_WEB_BIND": bind,
                   "SATUDATA_WEB_WORKERS": str(workers)}
    return command, environment


#: The logging sections of a configuration file that sends warnings and
#: errors to stderr (a served configuration needs its own).
LOGGING_TO_STDERR = """
[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s
"""
