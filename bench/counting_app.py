"""A CKAN web application for benchmarks (gunicorn `counting_app:application`,
configuration in the CKAN_INI environment variable) that tells, in the
response header X-Bench-SQL, how many SQL statements the request ran on
CKAN's engine. Used by bench/vs_ckan.py for the portal and plain CKAN alike;
one sync worker per server, so one request at a time per process."""
from __future__ import annotations

import os

from sqlalchemy import event

from ckan.cli import load_config
from ckan.config.middleware import make_app

_app = make_app(load_config(os.environ["CKAN_INI"]))

import ckan.model as model  # noqa: E402  (the engine exists once the app is made)

_count = [0]


@event.listens_for(model.meta.engine, "before_cursor_execute")
def _counted(*_args, **_kwargs) -> None:
    _count[0] += 1


def application(environ, start_response):
    _count[0] = 0

    def start_counted(status, headers, exc_info=None):
        return start_response(status, list(headers) + [("X-Bench-SQL", str(_count[0]))],
                              exc_info)

    return _app(environ, start_counted)
