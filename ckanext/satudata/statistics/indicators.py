"""Open statistics: the figures of published statistics, and the indicators
they make.

Where the figures come from (decided here, once):

* When a `statistik-sektoral` dataset is published, or an approved edit of
  it lands (``publication.published``), the tables of its public version are
  read once into ``satudata_indicator_value``; when it is withdrawn
  (``publication.unpublished``) its values are deleted. The statistics
  pages and ``satudata_indicator_series`` read only that table.
* An uploaded table (CSV or XLSX, recognised by its content, not its name
  or declared format) is read from CKAN's storage (the file the curator
  approved), not from the DataStore: xloader fills the DataStore later, in a
  background job that may not have run (or may have failed) when the
  dataset is published. A resource given as a link is read from the
  DataStore when xloader loaded it, else skipped.
* Only open (`terbuka`) datasets contribute values: a restricted
  (`terbatas`) statistic shows its metadata, its data is for approved
  requests only.
* Reading is defensive twice over: the datasets come from package_search as
  the caller with ``+satudata_status:terbit`` (permission labels apply), and
  their values are read joined again on the published, active, public
  package.

An *indicator* is either the datasets that share a ``kode_indikator`` (a
statistic every kelurahan publishes, e.g. ``balita-ditimbang``; named in
``ckanext.satudata.required_statistics``), or one dataset on its own (its
name is the key), e.g. a city-wide table with a row per kelurahan.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Iterator

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by, array_agg

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import config
from ckanext.satudata import kept
from ckanext.satudata import site
from ckanext.satudata.catalogue import glue as catalogue
from ckanext.satudata.model import DatasetStatus, IndicatorValue, dataset_status_table
from ckanext.satudata.model import indicator_value_table as values_table
from ckanext.satudata.model.indicator import IndicatorSource
from ckanext.satudata.model import versions
from ckanext.satudata.statistics import (
    Observation, TableResult, parse_period, read_observations, table_rows)
from ckanext.satudata.workflow.states import TERBIT

log = logging.getLogger(__name__)

DATASET_TYPE = "statistik-sektoral"
OPEN = "terbuka"
SEARCH_PAGE = 1000
DATASTORE_PAGE = 10_000


# --- writing: at publication ------------------------------------------------

def _datastore_rows(resource_id: str) -> Iterator[list[Any]]:
    """Rows of a DataStore table (header first), page by page."""
    offset, header = 0, None
    while True:
        page = tk.get_action("datastore_search")(site.site_context(), {
            "resource_id": resource_id, "limit": DATASTORE_PAGE, "offset": offset,
            "records_format": "lists", "sort": "_id"})
        fields = [f["id"] for f in page["fields"]]
        if header is None:
            header = [name for name in fields if name != "_id"]
            yield header
        keep = [i for i, name in enumerate(fields) if name != "_id"]
        for record in page["records"]:
            yield [record[i] for i in keep]
        if len(page["records"]) < DATASTORE_PAGE:
            return
        offset += DATASTORE_PAGE


def read_resource(resource: dict[str, Any]) -> TableResult | None:
    """The observations of one table resource, or None when it is not a
    table this portal can read."""
    if site.is_upload(resource):
        with site.open_uploaded(resource) as stored:
            rows = table_rows(stored)
            if rows is not None:
                return read_observations(rows)
    if resource.get("datastore_active"):
        return read_observations(_datastore_rows(resource["id"]))
    return None


def _rows_of(resource: dict[str, Any], sources: list[dict[str, Any]]
             ) -> Iterator[dict[str, Any]]:
    """The values of one resource; what its reading gave is added to `sources`."""
    try:
        result = read_resource(resource)
    except Exception as error:  # a bad file never blocks a publication
        log.warning("statistics: resource %s not read: %s", resource.get("id"), error)
        return
    if result is None or not result.readable:
        return
    sources.append({"resource_id": resource["id"], "value_count": len(result.observations),
                    "skipped_rows": result.skipped_rows, "truncated": result.truncated})
    for observation in result.observations:
        yield {"resource_id": resource["id"], "row": observation.row,
               "kode_wilayah": observation.kode_wilayah,
               "nama_wilayah": observation.nama_wilayah,
               "periode": observation.periode.code, "indikator": observation.indikator,
               "nilai": observation.nilai}


def extract(package_id: str, public_dataset: dict[str, Any]) -> int:
    """Replace the values of `package_id` by those of `public_dataset` (the
    dataset as the public sees it); returns how many. Not a statistic, or
    not open: no values."""
    rows: Iterator[dict[str, Any]] = iter(())
    sources: list[dict[str, Any]] = []
    if (public_dataset.get("type") == DATASET_TYPE
            and (public_dataset.get("klasifikasi_akses") or OPEN) == OPEN):
        rows = (row for resource in public_dataset.get("resources") or []
                for row in _rows_of(resource, sources))
    count = IndicatorValue.replace(package_id, rows)
    IndicatorSource.replace(package_id, sources)
    model.Session.commit()
    return count


def remove(package_id: str) -> None:
    IndicatorValue.remove(package_id)
    IndicatorSource.remove(package_id)
    model.Session.commit()


def published_version(package_id: str) -> dict[str, Any]:
    """The dataset as the public sees it: the approved snapshot while an edit
    waits for review, else the dataset itself."""
    status = DatasetStatus.get(package_id)
    snapshot = status.published_snapshot if status else None
    if snapshot and "custom" in snapshot:
        return snapshot["custom"]
    return tk.get_action("package_show")(dict(site.site_context(), use_cache=False),
                                         {"id": package_id})


def extract_all() -> dict[str, int]:
    """Extract the values of every published statistic again (after an
    upgrade, or data published before the table existed)."""
    package = model.package_table
    ids = model.Session.execute(
        sa.select(package.c.id)
        .join(dataset_status_table, dataset_status_table.c.package_id == package.c.id)
        .where(package.c.type == DATASET_TYPE, package.c.state == "active",
               dataset_status_table.c.state == TERBIT)).scalars().all()
    values = 0
    for package_id in ids:
        values += extract(package_id, published_version(package_id))
    return {"datasets": len(ids), "values": values}


# --- reading ----------------------------------------------------------------

def indicator_key(dataset: dict[str, Any]) -> str:
    return dataset.get("kode_indikator") or dataset["name"]


def required_statistic_names() -> dict[str, str]:
    """{indicator code: name} of the indicators of the catalogue and of the
    configured required statistics: the datasets naming one in
    `kode_indikator` are grouped under its name."""
    try:
        names = {s.code: s.name for s in config.required_statistics()}
    except ValueError:
        names = {}
    names.update(catalogue.names())
    return names


def search_published(context: dict[str, Any], fq: str = "", q: str = "",
                     sort: str = "metadata_modified asc") -> list[dict[str, Any]]:
    """Every published statistic the caller may see (permission labels),
    matching `fq`/`q`."""
    results: list[dict[str, Any]] = []
    query = {
        "q": q, "fq": f"+dataset_type:{DATASET_TYPE} +satudata_status:{TERBIT} {fq}".strip(),
        "rows": SEARCH_PAGE, "sort": sort, "include_private": False,
    }
    while True:
        page = tk.get_action("package_search")(
            {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")},
            dict(query, start=len(results)))
        results.extend(page["results"])
        if len(results) >= page["count"] or not page["results"]:
            return results


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def datasets_of(context: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The published datasets of the indicator `key` the caller may see,
    oldest first: those with that kode_indikator, else the dataset named
    `key`."""
    datasets = search_published(context, fq=f"+kode_indikator:{quoted(key)}")
    if datasets:
        return datasets
    return [d for d in search_published(context, fq=f"+name:{quoted(key)}")
            if d["name"] == key]


def published_observations(package_ids: list[str]) -> list[Observation]:
    """The values of these datasets, in the given order of the datasets (the
    caller passes the oldest first: later ones replace earlier ones), only
    while they are published, active and public."""
    if not package_ids:
        return []
    package = model.package_table
    rows = model.Session.execute(
        sa.select(values_table.c.package_id, values_table.c.kode_wilayah,
                  values_table.c.nama_wilayah, values_table.c.periode,
                  values_table.c.indikator, values_table.c.nilai, values_table.c.row)
        .join(package, package.c.id == values_table.c.package_id)
        .join(dataset_status_table, dataset_status_table.c.package_id == package.c.id)
        .where(values_table.c.package_id.in_(package_ids), package.c.state == "active",
               package.c.private.is_(False), dataset_status_table.c.state == TERBIT)
        .order_by(values_table.c.resource_id, values_table.c.row)).all()
    order = {package_id: n for n, package_id in enumerate(package_ids)}
    rows.sort(key=lambda r: order[r.package_id])
    return [Observation(r.kode_wilayah, r.nama_wilayah, parse_period(r.periode), r.nilai,
                        r.indikator, r.row) for r in rows]


def value_counts(package_ids: list[str]) -> dict[str, int]:
    """{package_id: number of stored values} (for the indicator list)."""
    if not package_ids:
        return {}
    return dict(model.Session.execute(
        sa.select(values_table.c.package_id, sa.func.count())
        .where(values_table.c.package_id.in_(package_ids))
        .group_by(values_table.c.package_id)).all())


@dataclass
class Indicator:
    """An indicator as listed: its key, name and the datasets it is made of
    (oldest first; the newest gives the metadata)."""
    key: str
    title: str
    datasets: list[dict[str, Any]] = field(default_factory=list)

    @property
    def metadata(self) -> dict[str, Any]:
        return self.datasets[-1]


def group(datasets: list[dict[str, Any]]) -> list[Indicator]:
    """Group published datasets (oldest first) into indicators."""
    names = required_statistic_names()
    indicators: dict[str, Indicator] = {}
    for dataset in datasets:
        key = indicator_key(dataset)
        indicator = indicators.get(key)
        if indicator is None:
            title = names.get(key) if dataset.get("kode_indikator") else None
            indicator = indicators[key] = Indicator(key, title or "")
        indicator.datasets.append(dataset)
    shared = [i for i in indicators.values() if not i.title and len(i.datasets) > 1]
    table_names = IndicatorValue.indicator_names(
        [d["id"] for i in shared for d in i.datasets])
    for indicator in indicators.values():
        if not indicator.title:
            named = [table_names[d["id"]] for d in indicator.datasets if d["id"] in table_names]
            indicator.title = (named[-1] if named and len(indicator.datasets) > 1
                               else indicator.metadata.get("title") or indicator.key)
    return list(indicators.values())


# --- sources: where each figure comes from ----------------------------------

def source_counts(package_ids: list[str]) -> dict[str, dict[str, Any]]:
    """{resource_id: {package_id, value_count, skipped_rows, truncated}} of
    the tables read at the publication of these datasets."""
    return IndicatorSource.of_packages(package_ids)


def period_sources(package_ids: list[str], periode: str) -> dict[str, tuple[str, str]]:
    """{area key (Observation.area_key): (package_id, resource_id)} of the
    value of each area in `periode` among these datasets, while they are
    published, active and public: the table the figure comes from (the
    datasets in the given order, a later value replacing an earlier one as
    in published_observations)."""
    if not package_ids:
        return {}
    package = model.package_table
    rows = model.Session.execute(
        sa.select(values_table.c.package_id, values_table.c.resource_id,
                  values_table.c.kode_wilayah, values_table.c.nama_wilayah)
        .distinct()
        .join(package, package.c.id == values_table.c.package_id)
        .join(dataset_status_table, dataset_status_table.c.package_id == package.c.id)
        .where(values_table.c.package_id.in_(package_ids), values_table.c.periode == periode,
               package.c.state == "active", package.c.private.is_(False),
               dataset_status_table.c.state == TERBIT)).all()
    order = {package_id: n for n, package_id in enumerate(package_ids)}
    return {row.kode_wilayah or row.nama_wilayah.strip().lower(): (row.package_id,
                                                                   row.resource_id)
            for row in sorted(rows, key=lambda r: (order[r.package_id], r.resource_id))}


# --- the indicator list: a few SQL queries, whatever the number of datasets --

#: The fields of a statistic the list reads (as the public sees them).
LIST_FIELDS = ("title", "bidang_urusan", "satuan", "frekuensi", "tingkat_penyajian",
               "tahun", "kode_indikator")
#: The fields `q` searches besides those.
SEARCH_FIELDS = ("name", "title", "notes", "konsep", "definisi", "kode_indikator")


def _public(name: str):
    """The column expression of a dataset field as the public sees it: the
    published version's while an edit waits for review (the version search
    and package_show give the public), else the live one; "" when empty."""
    package, snapshot = model.package_table, dataset_status_table.c.published_snapshot
    live = {"name": package.c.name, "title": package.c.title, "notes": package.c.notes,
            "owner_org": package.c.owner_org}.get(name, package.c.extras[name].astext)
    return sa.func.coalesce(
        sa.case((snapshot.has_key("custom"), snapshot[("custom", name)].astext), else_=live),
        "")


def _public_modified():
    package, snapshot = model.package_table, dataset_status_table.c.published_snapshot
    return sa.case(
        (snapshot.has_key("custom"),
         sa.cast(snapshot[("custom", "metadata_modified")].astext, sa.DateTime)),
        else_=package.c.metadata_modified)


def _published(dataset_type: str, *columns):
    """SELECT `columns` FROM the published, active, public datasets of
    `dataset_type` (the visibility of published_observations)."""
    package, status = model.package_table, dataset_status_table
    return (sa.select(*columns)
            .select_from(package.join(status, status.c.package_id == package.c.id))
            .where(package.c.type == dataset_type, package.c.state == "active",
                   package.c.private.is_(False), status.c.state == TERBIT))


def _published_statistics(sector: str = "", q: str = "", ids: list[str] | None = None):
    """Every published statistic (of `sector`, matching `q`, among `ids`) as
    a subquery: id, name, modified, has_values and LIST_FIELDS (as the
    public sees them)."""
    package = model.package_table
    sources = IndicatorSource.__table__
    # IN (a hashed subquery), not EXISTS: one pass over the sources, not one per dataset
    has_values = package.c.id.in_(
        sa.select(sources.c.package_id).where(sources.c.value_count > 0))
    query = _published(DATASET_TYPE, package.c.id, _public("name").label("name"),
                       _public_modified().label("modified"), has_values.label("has_values"),
                       *[_public(name).label(name) for name in LIST_FIELDS])
    if ids is not None:
        query = query.where(package.c.id.in_(ids))
    if sector:
        query = query.where(_public("bidang_urusan") == sector)
    if q:
        pattern = "%" + "".join("\\" + c if c in "%_\\" else c for c in q) + "%"
        matches = [_public(name).ilike(pattern, escape="\\") for name in SEARCH_FIELDS]
        named = [code for code, name in required_statistic_names().items()
                 if q.lower() in (name or "").lower()]
        if named:
            matches.append(_public("kode_indikator").in_(named))
        query = query.where(sa.or_(*matches))
    return query.subquery("statistik")


def _newest_id(stats, *first):
    """The id of the newest statistic of a group (among those `first` puts first)."""
    return array_agg(aggregate_order_by(stats.c.id, *first, stats.c.modified.desc()))[1]


# The indicator list is grouped over every published statistic (half a
# second at 100,000): it is kept in this process, per question, until the
# statistics change: a transition, an edit of a statistic, the values read
# at publication, the catalogue (``versions.datasets_version`` watches their
# tables) or the required statistics of the configuration do.


def _list_version() -> tuple:
    return versions.datasets_version() + (
        tk.config.get("ckanext.satudata.required_statistics"),)


_kept_until_changed = kept.kept_until_changed(_list_version, size=64)


@_kept_until_changed
def indicator_groups(sector: str = "", q: str = "") -> tuple[list[dict[str, Any]],
                                                              dict[str, int]]:
    """([the indicators made of the statistics sharing a kode_indikator],
    {bidang_urusan: number of statistics without one}) of the published
    statistics: [{key, title, bidang_urusan, satuan, frekuensi,
    tingkat_penyajian, datasets, years, has_values}], the newest statistic
    giving the metadata. One pass over the statistics, one query for the
    metadata of the newest of each indicator, and one for the names of the
    shared codes the catalogue does not name."""
    stats = _published_statistics(sector, q)
    standalone_sector = sa.case((stats.c.kode_indikator == "", stats.c.bidang_urusan),
                                else_="")
    rows = model.Session.execute(
        sa.select(stats.c.kode_indikator.label("key"), standalone_sector.label("sector"),
                  sa.func.count().label("datasets"),
                  sa.func.array_agg(sa.distinct(stats.c.tahun)).label("years"),
                  sa.func.bool_or(stats.c.has_values).label("has_values"),
                  _newest_id(stats).label("newest"),
                  # the newest statistic with values: its table names a shared indicator
                  _newest_id(stats, stats.c.has_values.desc()).label("named_by"))
        .group_by(stats.c.kode_indikator, standalone_sector)).all()
    counts = {row.sector: row.datasets for row in rows if not row.key}
    coded = [row for row in rows if row.key]
    names = required_statistic_names()
    newest = _published_statistics(ids=[row.newest for row in coded])
    metadata = {row.id: row for row in model.Session.execute(sa.select(newest)).all()}
    table_names = IndicatorValue.indicator_names(
        [row.named_by for row in coded if row.key not in names and row.datasets > 1])
    indicators = []
    for row in coded:
        meta = metadata[row.newest]
        indicators.append({
            "key": row.key,
            "title": names.get(row.key) or (table_names.get(row.named_by)
                                            if row.datasets > 1 else None)
            or meta.title or row.key,
            "bidang_urusan": meta.bidang_urusan, "satuan": meta.satuan,
            "frekuensi": meta.frekuensi, "tingkat_penyajian": meta.tingkat_penyajian,
            "datasets": row.datasets, "years": sorted(y for y in row.years if y),
            "has_values": bool(row.has_values)})
    return indicators, counts


@_kept_until_changed
def standalone_statistics(sector: str = "", q: str = "", limit: int = 50, offset: int = 0
                          ) -> list[dict[str, Any]]:
    """The published statistics without a kode_indikator (each is its own
    indicator, its name the key), by title: in each sector the `limit`
    after the first `offset` (one query)."""
    if limit <= 0:
        return []
    stats = _published_statistics(sector, q)
    position = sa.func.row_number().over(
        partition_by=stats.c.bidang_urusan,
        order_by=(sa.func.lower(sa.func.nullif(stats.c.title, "")), stats.c.name)
    ).label("position")
    ranked = (sa.select(stats, position).where(stats.c.kode_indikator == "")
              .subquery("bernomor"))
    rows = model.Session.execute(
        sa.select(ranked).where(ranked.c.position > offset,
                                ranked.c.position <= offset + limit)
        .order_by(ranked.c.bidang_urusan, ranked.c.position)).all()
    return [{"key": row.name, "title": row.title or row.name,
             "bidang_urusan": row.bidang_urusan, "satuan": row.satuan,
             "frekuensi": row.frekuensi, "tingkat_penyajian": row.tingkat_penyajian,
             "datasets": 1, "years": [row.tahun] if row.tahun else [],
             "has_values": bool(row.has_values)} for row in rows]


# --- the yearly profiles of the desa/kelurahan ---------------------------------

PROFILE_TYPE = "profil-kelurahan"


def profile_years() -> list[str]:
    """The years with a published profile, the latest first."""
    tahun = _public("tahun")
    years = model.Session.execute(
        _published(PROFILE_TYPE, tahun).distinct()).scalars().all()
    return sorted((y for y in years if y.isdigit() and len(y) == 4), reverse=True)


def published_profiles(year: str, fields: list[str],
                       organizations: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """{organisation name: {name, and `fields`}} of the published profiles
    of `year` (of `organizations` only, when given), as the public sees them;
    of two profiles of one organisation, the newer (one query)."""
    group = model.group_table
    query = (_published(PROFILE_TYPE, _public("name").label("name"),
                        group.c.name.label("owner"),
                        *[_public(name).label(name) for name in fields])
             .join(group, group.c.id == _public("owner_org"))
             .where(_public("tahun") == year)
             .order_by(_public_modified()))
    if organizations is not None:
        query = query.where(group.c.name.in_(organizations))
    profiles: dict[str, dict[str, Any]] = {}
    for row in model.Session.execute(query).mappings():
        profiles[row["owner"]] = {"name": row["name"], **{name: row[name] for name in fields}}
    return profiles
