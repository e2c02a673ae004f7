"""``satudata_search_download``: which files the ZIP of a dataset search
holds for the caller (planned by ``downloads.planner``)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.downloads import planner
from ckanext.satudata.logic import params

__all__ = ["satudata_search_download"]


@tk.side_effect_free
@params.reads(q=params.text, fq=params.text, sort=params.text, extras=params.text_dict)
def satudata_search_download(context: dict[str, Any], data_dict: dict[str, Any]
                             ) -> dict[str, Any]:
    """Which files the ZIP download of a dataset search holds for the caller
    (the ZIP itself is streamed by ``/dataset/unduh.zip?<search params>``).

    Anyone may call it; each caller gets only what they may see: published
    datasets (for the public), resources passing ``resource_show`` (the data
    of restricted datasets only for their kelurahan, the curators and
    holders of a valid grant for file downloads), and only files stored in
    the portal (links are listed, not packed). Listing files here logs
    nothing; the ZIP logs each file it packs under a grant. A search
    finding more than ``ckanext.satudata.download_zip_max_datasets``
    datasets is refused (ValidationError).

    :param q: search text, as package_search's (e.g. ``posyandu``).
    :param fq: filter query, as package_search's.
    :param sort: sort order, as package_search's.
    :param extras: extra search parameters, as package_search's.
    :returns: ``{count, limit, size, files: [{dataset, resource_id, name,
        format, berkas (the name in the ZIP, or null), size, keterangan}]}``.
    """
    tk.check_access("satudata_search_download", context, data_dict)
    found = planner.search(context, q=data_dict.get("q") or "", fq=data_dict.get("fq") or "",
                   extras=data_dict.get("extras") or {}, sort=data_dict.get("sort"))
    files = list(planner.planned_files(found))
    return {
        "count": found.count, "limit": found.limit,
        "size": sum(f.size or 0 for f in files if f.arcname),
        "files": [{"dataset": f.dataset["name"], "resource_id": f.resource["id"],
                   "name": planner.resource_name(f.resource), "format": f.resource.get("format") or "",
                   "berkas": f.arcname, "size": f.size, "keterangan": f.note}
                  for f in files],
    }
