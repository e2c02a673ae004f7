"""The portal's health, for monitoring tools (`/sehat` shows the same)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.health import glue
from ckanext.satudata.translation import _

__all__ = ["satudata_health"]


@tk.side_effect_free
def satudata_health(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Whether the portal's services work: PostgreSQL, the DataStore, Solr,
    Redis, the RQ worker (last heartbeat, queued jobs, the oldest job's
    wait), failed jobs and the free space of the storage disk.

    Anyone may call it; the answer holds levels, short reasons in the
    user's language and figures, never an address, host name or error text.
    Each check is bounded by ``ckanext.satudata.health.timeout``.

    :params: none
    :returns: ``{"status": "ok"|"peringatan"|"gagal", "bermasalah": [names],
        "komponen": {name: {"status", "alasan"?, figures...}}}``.
    """
    tk.check_access("satudata_health", context, data_dict)
    return glue.report().as_dict(translate=_)
