"""Downloading the datasets of a search together, as one ZIP.

Which files the ZIP of a search holds for the caller: planned here, told
by ``satudata_search_download`` and streamed by the `/dataset/unduh.zip`
view (views/downloads.py). What the caller may have is decided file by file:

* datasets come from package_search as the caller (permission labels: the
  public gets published datasets only, in their published version);
* each resource passes CKAN's ``resource_show`` auth for the caller (which
  the portal narrows to published and approved resources, and the data of
  a restricted (`terbatas`) dataset to its kelurahan, the curators and
  holders of a grant valid now; see ``grants``);
* under a grant, only a grant for downloading whole files gives the file,
  and each file packed is logged as a download under that grant;
* only files in the portal's storage (CKAN's uploader: local disk or
  another file storage) are packed, read through ``site.stream_uploaded``; a resource given as a
  link is listed in the table of contents (daftar-isi.csv, the ZIP's last
  file) with its address.

The search runs before the first byte is sent (a search finding too many
datasets is refused with a message); the files are checked one by one as
the ZIP is written.
"""
from __future__ import annotations

import datetime
import io
import logging
import posixpath
from dataclasses import dataclass, field
from typing import Any, Iterator
from urllib.parse import urlencode, urlparse

import ckan.lib.search as ckan_search
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata.tabular import csv_output
from ckanext.satudata.access import grants
from ckanext.satudata import site
from ckanext.satudata.access import rules
from ckanext.satudata.downloads import Entry, safe_name, unique_name

log = logging.getLogger(__name__)

MANIFEST = "daftar-isi.csv"
RESTRICTED = "terbatas"
MANIFEST_COLUMNS = ("dataset", "judul", "organisasi", "halaman_dataset", "sumber_data",
                    "format", "berkas", "url", "keterangan")


@dataclass
class PlannedFile:
    dataset: dict[str, Any]
    resource: dict[str, Any]
    arcname: str | None = None      # the file's name in the ZIP, when packed
    size: int | None = None         # the stored file's size, when packed
    note: str = ""


@dataclass
class Search:
    """The datasets a search found for the caller (at most the limit)."""
    user_name: str | None
    count: int
    limit: int
    datasets: list[dict[str, Any]] = field(default_factory=list)


def max_datasets() -> int:
    return config.download_zip_max_datasets()


def _may_show(user_name: str | None, resource_id: str) -> bool:
    try:
        tk.check_access("resource_show", {"user": user_name or ""}, {"id": resource_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def resource_name(resource: dict[str, Any]) -> str:
    return (resource.get("name") or posixpath.basename(urlparse(resource.get("url") or "").path)
            or resource["id"])


def _file_name(resource: dict[str, Any]) -> str:
    name = posixpath.basename(urlparse(resource.get("url") or "").path)
    if not name:
        name = resource.get("name") or resource["id"]
        fmt = (resource.get("format") or "").lower()
        if fmt and not name.lower().endswith("." + fmt):
            name = f"{name}.{fmt}"
    return safe_name(name)


def _grant_refusal(user_name: str | None, resource_id: str, record: bool) -> str | None:
    """Restricted data read under a grant: why the grant does not give the
    file (a grant for the API or some columns), or None; with `record`, the
    use is logged like any download under a grant (a use that cannot be
    logged is not served)."""
    grant = grants.grant_in_use(user_name, resource_id)
    if grant is None:
        return None
    problem = rules.file_download_refusal(grant.method, grant.columns)
    if problem is not None:
        return problem.render(tk._)
    if not record:
        return None
    try:
        grants.record_use(user_name, resource_id, grants.CHANNEL_DOWNLOAD)
    except Exception:
        model.Session.rollback()
        log.exception("ZIP download of %s by %s under a grant not logged",
                      resource_id, user_name)
        return tk._("Unduhan tidak dapat dicatat saat ini; silakan coba lagi nanti.")
    return None


def _plan_resource(user_name: str | None, dataset: dict[str, Any],
                   resource: dict[str, Any], folder: str, used: set[str],
                   record: bool) -> PlannedFile:
    planned = PlannedFile(dataset, resource)
    if not _may_show(user_name, resource["id"]):
        planned.note = (tk._("Data terbatas: ajukan permohonan akses.")
                        if dataset.get("klasifikasi_akses") == RESTRICTED
                        else tk._("Tidak tersedia untuk Anda."))
    elif resource.get("url_type") != "upload":
        planned.note = tk._("Tautan ke sumber lain: unduh dari alamatnya.")
    else:
        size = site.uploaded_size(resource)
        if size is None:
            planned.note = tk._("Berkas tidak ditemukan di penyimpanan portal.")
        else:
            planned.note = _grant_refusal(user_name, resource["id"], record) or ""
            if not planned.note:
                planned.size = size
                planned.arcname = unique_name(f"{folder}/{_file_name(resource)}", used)
    return planned


def search(context: dict[str, Any], q: str = "", fq: str = "",
           extras: dict[str, Any] | None = None, sort: str | None = None) -> Search:
    """The datasets this search finds for the caller. Raises ValidationError
    when it finds more than the limit
    (``ckanext.satudata.download_zip_max_datasets``)."""
    limit = max_datasets()
    user_name = context.get("user")
    try:
        result = tk.get_action("package_search")(
            {"user": user_name, "auth_user_obj": context.get("auth_user_obj")},
            {"q": q, "fq": fq, "extras": extras or {}, "sort": sort or None, "rows": limit,
             "include_private": tk.config.get("ckan.search.default_include_private")})
    except (ckan_search.SearchError, tk.ValidationError):
        # Solr's own words (in English, quoting the query) are no help to the user.
        raise tk.ValidationError({"q": [tk._(
            "Pencarian ini tidak dapat dijalankan; periksa kata kunci, filter dan "
            "urutannya.")]})
    if result["count"] > limit:
        raise tk.ValidationError({"rows": [tk._(
            "Pencarian ini menemukan {count} dataset, sedangkan unduhan ZIP dibatasi "
            "{limit} dataset. Persempit pencarian dengan filter.").format(
                count=tk.h.localised_number(result["count"]),
                limit=tk.h.localised_number(limit))]})
    return Search(user_name, result["count"], limit, result["results"])


def planned_files(found: Search, record: bool = False) -> Iterator[PlannedFile]:
    """Each resource of the datasets found, with whether and under which
    name the ZIP holds it; checked one by one as the ZIP is written, so its
    first bytes leave before the last file is checked. `record`: log each
    file packed under a grant (the ZIP does, a listing does not)."""
    used: set[str] = {MANIFEST}
    for dataset in found.datasets:
        folder = unique_name(safe_name(dataset["name"], "dataset"), used)
        for resource in dataset.get("resources") or []:
            yield _plan_resource(found.user_name, dataset, resource, folder, used, record)


def manifest_row(planned: PlannedFile) -> list[str]:
    """The file's row in the ZIP's table of contents (MANIFEST_COLUMNS)."""
    dataset = planned.dataset
    return [dataset["name"], dataset.get("title") or "",
            (dataset.get("organization") or {}).get("title") or "",
            tk.url_for(f"{dataset['type']}.read", id=dataset["name"], _external=True),
            resource_name(planned.resource), planned.resource.get("format") or "",
            planned.arcname or "", planned.resource.get("url") or "", planned.note]


def _modified(resource: dict[str, Any]) -> float | None:
    """When the resource's file was last uploaded (a file storage keeps no
    modification time of its own)."""
    stamp = resource.get("last_modified") or resource.get("created")
    try:
        moment = datetime.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.timestamp()


def _entry(planned: PlannedFile) -> Entry:
    """A packed file, read from CKAN's storage (local or not) as the ZIP is
    written."""
    resource = planned.resource
    return Entry(planned.arcname or "", open=lambda: site.stream_uploaded(resource),
                 size=planned.size, mtime=_modified(resource))


def zip_entries(found: Search) -> Iterator[Entry]:
    """The ZIP's files, then its table of contents (every resource, packed
    or not, with the reason when not)."""
    out = io.StringIO()
    writer = csv_output.writer(out)
    writer.writerow(MANIFEST_COLUMNS)
    for planned in planned_files(found, record=True):
        writer.writerow(manifest_row(planned))
        if planned.arcname:
            yield _entry(planned)
    yield Entry(MANIFEST, data=out.getvalue().encode("utf-8-sig"))


def zip_url(args) -> str:
    """The ZIP of the search shown with these parameters."""
    params = [(k, v) for k, v in args.items(multi=True) if k != "page"]
    return tk.url_for("satudata_downloads.search_zip") + (
        "?" + urlencode(params) if params else "")
