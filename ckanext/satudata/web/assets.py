"""Asset addresses without a build check on every page.

CKAN's webassets environment asks, for every ``{% asset %}`` of every page,
whether each bundle's sources changed since it was built: a ``stat`` of
every source file and cache lookups, about 3 ms of a page. Unless
``ckan.webassets.debug`` is on, the portal builds every bundle once, when a
process serves its first request, and then gives their addresses as built:
a changed JavaScript or CSS file needs a restart, as a changed template or
Python file does. If a bundle cannot be built, the check stays on.
"""
from __future__ import annotations

import logging
import threading

import ckan.plugins.toolkit as tk
from ckan.lib import webassets_tools

log = logging.getLogger(__name__)
_lock = threading.Lock()


def build_once() -> None:
    """Flask before_request: the first request of the environment builds
    every bundle and turns the per-page build check off."""
    environment = webassets_tools.env
    if environment is None or not environment.auto_build or environment.debug:
        return
    with _lock:
        if not environment.auto_build:
            return
        for bundle in environment:
            try:
                bundle.urls()
            except Exception:  # noqa: BLE001 - any failure: keep CKAN's checks
                log.exception("Asset bundle %s could not be built; assets are checked "
                              "on every page", bundle)
                return
        environment.auto_build = False


def register(app):
    """Adds the one-time build to the Flask `app`, unless debugging assets."""
    if not tk.asbool(tk.config.get("ckan.webassets.debug")):
        app.before_request(build_once)
    return app
