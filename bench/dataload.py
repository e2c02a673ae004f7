"""The one SQL loader of the benchmarks: organisations, datasets, map points,
indicator values, and their search index.

The benches need thousands of datasets (100,000 for the province of issue
#21); creating them through the actions would take hours, so their rows are
written straight into CKAN's tables and the portal's (package, member,
resource, review status; map layers and points as a publication writes them;
indicator values as the publication of a statistic writes them), then the
datasets are indexed in Solr the way CKAN does (`index_update_package`),
with the commit deferred to the end and the progress printed. A later run
with the same plan finds the rows and the index in place and reuses them; an
interrupted indexing resumes where it stopped.

CKAN must be loaded (`make_app`) on a private test configuration before any
function here is called: the rows go to the database of that configuration.

    from dataload import Plan, load
    plan = Plan(prefix="vs-ckan-", datasets=5000)
    loaded = load(plan)          # organisations, datasets, points, index

Used by bench/load.py, bench/vs_ckan.py and bench/province.py.
"""
from __future__ import annotations

import datetime
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

BATCH = 5000
#: Of every 20 datasets, the states of the unpublished ones (the others are
#: published), when a plan asks for unpublished datasets.
UNPUBLISHED = {18: "draf", 19: "diajukan"}
FREQUENCIES = ("bulanan", "triwulanan", "semesteran", "tahunan")
URUSAN = ("kesehatan", "pendidikan", "sosial", "kependudukan", "perhubungan")
#: The kode_indikator of the statistics of a plan with indicators (a
#: statistic every desa publishes); every tenth statistic has none.
INDICATOR_KEYS = ("balita-ditimbang", "posyandu-aktif", "ibu-hamil-kek", "penduduk-miskin",
                  "rumah-layak-huni", "anak-putus-sekolah", "lansia", "jamban-sehat")
NOW = datetime.datetime(2026, 11, 30, 8, 0)


@dataclass
class Plan:
    """What to load. `datasets` published statistics (with `resources`
    resources each) over the desa/kelurahan organisations, the first of them
    `first_organization` when given; with `unpublished`, one draft and one
    submitted dataset beside every 18 published; `portal=False` writes plain
    CKAN datasets (type `dataset`, no extras, no review status)."""
    prefix: str
    datasets: int
    resources: int = 3
    portal: bool = True
    unpublished: bool = False
    first_organization: str = ""
    #: kode_indikator from INDICATOR_KEYS, a restricted statistic in 20,
    #: varied years, frequencies and sectors (else the vs_ckan rows).
    varied: bool = False
    #: Values in satudata_indicator_value for each open published statistic.
    indicator_values: bool = False
    #: Map points in published point layers (one layer per desa/kelurahan).
    points: int = 0
    seed: int = 19


@dataclass
class Loaded:
    organizations: dict[str, str]
    published: list[str] = field(default_factory=list)  # names, first ones first
    layers: int = 0
    points: int = 0


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _insert(table: Any, rows: list[dict[str, Any]]) -> None:
    import ckan.model as model
    for start in range(0, len(rows), BATCH):
        if rows[start:start + BATCH]:
            model.Session.execute(table.insert(), rows[start:start + BATCH])


# -- organisations ----------------------------------------------------------------

def organizations(portal: bool = True) -> dict[str, str]:
    """The organisations of the configured region (`reference.current()`)
    and the city's (Diskominfo, producer agencies), inserted with SQL when
    missing; {name: id} of every active organisation. The portal's
    organisations carry the schema's extras (`kelurahan_organization`), a
    plain CKAN's only their name, title and description."""
    import ckan.model as model
    from ckanext.satudata import reference
    from ckanext.satudata.reference.organizations import (
        city_organizations, kelurahan_organization)

    existing = {name for (name,) in model.Session.query(model.Group.name)}
    wanted = [kelurahan_organization(k) for k in reference.current().kelurahan]
    wanted += list(city_organizations())
    rng = random.Random(21)
    rows = []
    for organization in wanted:
        if organization["name"] in existing:
            continue
        extras = {key: str(value) for key, value in organization.items()
                  if key not in ("name", "title", "description") and value not in (None, "")}
        rows.append({
            "id": str(uuid.UUID(int=rng.getrandbits(128))),
            "name": organization["name"], "title": organization["title"],
            "description": organization.get("description") or "",
            "type": "organization", "is_organization": True, "image_url": "",
            "approval_status": "approved", "state": "active", "created": NOW,
            "extras": extras if portal else {}})
    if rows:
        started = time.perf_counter()
        _insert(model.group_table, rows)
        model.Session.commit()
        _say(f"organisations: {len(rows)} inserted in {time.perf_counter() - started:.1f} s")
    return {group.name: group.id for group in model.Session.query(model.Group).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active")}


def _owners(plan: Plan, organizations: dict[str, str]) -> list[str]:
    """The desa/kelurahan organisations in the order datasets go to them."""
    from ckanext.satudata import reference
    names = sorted(k.organization_name for k in reference.current().kelurahan
                   if k.organization_name in organizations)
    if plan.first_organization in names:
        names.remove(plan.first_organization)
        names.insert(0, plan.first_organization)
    return names


# -- datasets ---------------------------------------------------------------------

def _state(plan: Plan, n: int) -> str:
    return UNPUBLISHED.get(n % 20, "terbit") if plan.unpublished else "terbit"


def dataset_name(plan: Plan, n: int) -> str:
    state = _state(plan, n)
    return f"{plan.prefix}{n:06d}" if state == "terbit" else f"{plan.prefix}{state}-{n:06d}"


def _count_all(plan: Plan) -> int:
    """How many rows the plan writes for `plan.datasets` published ones."""
    if not plan.unpublished:
        return plan.datasets
    full, rest = divmod(plan.datasets, 18)
    return full * 20 + rest


def _dataset_rows(plan: Plan, organizations: dict[str, str], owners: list[str],
                  start: int, stop: int) -> dict[str, list[dict[str, Any]]]:
    """The rows of datasets start..stop-1 (a generator seeded per dataset, so
    both sides of vs_ckan get the same ids whatever the chunking)."""
    from ckanext.satudata import reference
    rows: dict[str, list[dict[str, Any]]] = {
        "package": [], "member": [], "resource": [], "status": [], "value": [], "source": []}
    region = reference.current()
    for n in range(start, stop):
        rng = random.Random(plan.seed * 1_000_003 + n)
        org_name = owners[n % len(owners)]
        kelurahan = region.by_organization_name(org_name)
        place = kelurahan.nama if kelurahan else org_name
        state = _state(plan, n)
        package_id = str(uuid.UUID(int=rng.getrandbits(128)))
        # with microseconds, as CKAN's own timestamps have them: package_show
        # then finds the dataset in the search index as it does in a portal
        # (its cache compares the timestamps to the millisecond)
        modified = NOW - datetime.timedelta(minutes=n, microseconds=-(1000 + n * 7919 % 998_000))
        restricted = plan.varied and n % 20 == 7
        extras: dict[str, str] = {}
        if plan.portal:
            extras = {
                "bidang_urusan": "kesehatan", "konsep": "Posyandu aktif",
                "definisi": "Posyandu yang buka setiap bulan.", "satuan": "unit",
                "tahun": "2026", "frekuensi": "bulanan", "tingkat_penyajian": "kelurahan",
                "produsen": org_name, "klasifikasi_akses": "terbuka"}
            if plan.varied:
                extras.update({
                    "bidang_urusan": URUSAN[n % len(URUSAN)], "tahun": str(2020 + n % 7),
                    "frekuensi": FREQUENCIES[n % len(FREQUENCIES)],
                    "periode_referensi": "Januari–Desember",
                    "klasifikasi_akses": "terbatas" if restricted else "terbuka"})
                if n % 10:
                    extras["kode_indikator"] = INDICATOR_KEYS[n % len(INDICATOR_KEYS)]
        rows["package"].append({
            "id": package_id, "name": dataset_name(plan, n),
            "title": f"Jumlah posyandu aktif {n} {place}",
            "notes": "Jumlah posyandu aktif per bulan di kelurahan.",
            "type": "statistik-sektoral" if plan.portal else "dataset",
            "owner_org": organizations[org_name], "state": "active", "private": False,
            "license_id": "cc-by", "metadata_created": modified,
            "metadata_modified": modified, "extras": extras})
        if plan.portal:
            rows["status"].append({"package_id": package_id, "state": state, "version": 1,
                                   "updated": modified, "has_pending_revision": False})
        rows["member"].append({"id": str(uuid.UUID(int=rng.getrandbits(128))),
                               "table_id": package_id, "table_name": "package",
                               "group_id": organizations[org_name],
                               "capacity": "organization", "state": "active"})
        resource_ids = []
        for position in range(plan.resources):
            resource_ids.append(str(uuid.UUID(int=rng.getrandbits(128))))
            rows["resource"].append({
                "id": resource_ids[-1], "package_id": package_id,
                "url": f"https://data.example.invalid/{n}/posyandu-{position}.csv",
                "name": f"Posyandu bulan {position + 1}", "format": "CSV",
                "description": "", "position": position, "state": "active",
                "created": modified, "metadata_modified": modified, "extras": {}})
        if (plan.indicator_values and plan.portal and state == "terbit" and not restricted
                and resource_ids and kelurahan is not None):
            for row, periode in enumerate(("2024", "2025"), start=1):
                rows["value"].append({
                    "package_id": package_id, "resource_id": resource_ids[0], "row": row,
                    "kode_wilayah": kelurahan.kode, "nama_wilayah": kelurahan.nama,
                    "periode": periode, "indikator": "Posyandu aktif",
                    "nilai": float(rng.randint(1, 40))})
            rows["source"].append({"package_id": package_id, "resource_id": resource_ids[0],
                                   "value_count": 2, "skipped_rows": 0, "truncated": False})
    return rows


def _delete_packages(ids: list[str]) -> None:
    """The rows of these packages (their status, map and indicator rows go
    with the package: ON DELETE CASCADE)."""
    import ckan.model as model
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        for table, column in ((model.resource_table, "package_id"),
                              (model.member_table, "table_id"),
                              (model.package_table, "id")):
            model.Session.execute(table.delete().where(table.c[column].in_(chunk)))
    model.Session.commit()


def _grown_from(plan: Plan, found: int, total: int) -> int:
    """How many of the plan's rows are already there when the database holds
    the first `found` of them, fewer than `total` (a smaller run of the same
    plan, bench/scale.py): the rest are added; else 0 (all written again)."""
    import ckan.model as model
    if 0 < found < total and model.Package.get(dataset_name(plan, found - 1)) is not None:
        _say(f"datasets: {found:,} of {total:,} there, adding the rest")
        return found
    return 0


def datasets(plan: Plan, organizations: dict[str, str]) -> list[str]:
    """Inserts the plan's datasets unless they are all there; returns the
    names of the published ones."""
    import ckan.model as model
    from ckanext.satudata.model import dataset_status_table
    from ckanext.satudata.model.indicator import indicator_source_table, indicator_value_table

    total = _count_all(plan)
    ours = model.Session.query(model.Package.id).filter(
        model.Package.name.like(plan.prefix + "%"),
        ~model.Package.name.like(plan.prefix + "peta-%"))
    if ours.count() != total or (total and model.Package.get(dataset_name(plan, total - 1))
                                 is None):
        started = time.perf_counter()
        first = _grown_from(plan, ours.count(), total)
        old = [] if first else [row.id for row in ours]
        if old:
            _delete_packages(old)
            _say(f"datasets: {len(old)} old ones of {plan.prefix}* removed")
        owners = _owners(plan, organizations)
        if not owners:
            raise SystemExit("no desa/kelurahan organisation to own the datasets")
        tables = {"package": model.package_table, "member": model.member_table,
                  "resource": model.resource_table}
        if plan.portal:
            tables.update({"status": dataset_status_table, "value": indicator_value_table,
                           "source": indicator_source_table})
        for start in range(first, total, BATCH):
            rows = _dataset_rows(plan, organizations, owners, start, min(total, start + BATCH))
            for key, table in tables.items():
                _insert(table, rows[key])
            model.Session.commit()
            done = min(total, start + BATCH)
            elapsed = time.perf_counter() - started
            _say(f"datasets: {done:,}/{total:,} inserted ({elapsed:.0f} s)")
    return [dataset_name(plan, n) for n in range(total) if _state(plan, n) == "terbit"]


# -- map points -------------------------------------------------------------------

def _cell_centres(bbox: tuple[float, float, float, float], count: int
                  ) -> list[tuple[float, float, float, float]]:
    """(lon, lat, half width, half height) of `count` cells of a grid over
    `bbox`, row by row (desa of one kecamatan side by side)."""
    min_lon, min_lat, max_lon, max_lat = bbox
    columns = max(1, round((count * (max_lon - min_lon) / (max_lat - min_lat)) ** 0.5))
    rows = -(-count // columns)
    width, height = (max_lon - min_lon) / columns, (max_lat - min_lat) / rows
    return [(min_lon + (0.5 + n % columns) * width, max_lat - (0.5 + n // columns) * height,
             0.45 * width, 0.45 * height) for n in range(count)]


def point_attributes(kind: str, row: int) -> dict[str, str]:
    """The attributes of a bench point: the upload template's examples, a
    name and an RT number of its own."""
    from ckanext.satudata.maps import KINDS
    attributes = {a.name: a.example for a in KINDS[kind].attributes
                  if a.example and not a.name.endswith("kelurahan")}
    if "nama" in attributes:
        attributes["nama"] = f"{KINDS[kind].label_id} {row}"
    if "rt" in attributes:
        attributes["rt"] = str(row % 20 + 1)
    return attributes


def points(plan: Plan, organizations: dict[str, str]) -> tuple[int, int]:
    """One published point layer per desa/kelurahan (kinds in turn) holding
    `plan.points` points in all, spread over a grid of the configured
    extent (`ckanext.satudata.city_bbox`), written as a publication writes
    them (maps.extraction.insert_points); (layers, points)."""
    import ckan.model as model
    from sqlalchemy import func
    from ckanext.satudata import config, reference
    from ckanext.satudata.maps import KINDS
    from ckanext.satudata.maps import extraction
    from ckanext.satudata.maps.features import LayerInfo, display_name
    from ckanext.satudata.model import dataset_status_table, map_layer_table

    prefix = plan.prefix + "peta-"
    region = reference.current()
    kelurahan = [k for k in region.kelurahan if k.organization_name in organizations]
    layers = len(kelurahan) if plan.points else 0
    ours = model.Session.query(model.Package.id).filter(model.Package.name.like(prefix + "%"))
    found_layers, found_points = model.Session.query(
        func.count(map_layer_table.c.id), func.coalesce(func.sum(map_layer_table.c.point_count), 0)
    ).filter(map_layer_table.c.name.like(prefix + "%")).one()
    if ours.count() == layers and found_layers == layers and found_points == plan.points:
        return layers, plan.points
    old = [row.id for row in ours]
    if old:
        _delete_packages(old)
        _say(f"map: {len(old)} old layers of {prefix}* removed")
    if not plan.points:
        return 0, 0
    started = time.perf_counter()
    kinds = list(KINDS)
    per_layer = [plan.points // layers] * layers
    for n in range(plan.points - sum(per_layer)):
        per_layer[n] += 1
    cells = _cell_centres(config.city_bbox(), layers)
    rng = random.Random(plan.seed)
    written = 0
    for n, (k, count, cell) in enumerate(zip(kelurahan, per_layer, cells)):
        kind = kinds[n % len(kinds)]
        package_id = str(uuid.UUID(int=rng.getrandbits(128)))
        name = f"{prefix}{n:05d}"
        title = f"{KINDS[kind].label_id} {k.title} (uji beban)"
        organization_id = organizations[k.organization_name]
        model.Session.execute(model.package_table.insert(), [{
            "id": package_id, "name": name, "title": title, "notes": "",
            "type": "peta-titik", "owner_org": organization_id, "state": "active",
            "private": False, "license_id": "cc-by", "metadata_created": NOW,
            "metadata_modified": NOW,
            "extras": {"jenis_titik": kind, "tahun": "2026", "produsen": k.title,
                       "klasifikasi_akses": "terbuka"}}])
        model.Session.execute(model.member_table.insert(), [{
            "id": str(uuid.UUID(int=rng.getrandbits(128))), "table_id": package_id,
            "table_name": "package", "group_id": organization_id,
            "capacity": "organization", "state": "active"}])
        model.Session.execute(dataset_status_table.insert(), [{
            "package_id": package_id, "state": "terbit", "version": 1, "updated": NOW,
            "has_pending_revision": False}])
        layer_id = model.Session.execute(map_layer_table.insert().values(
            package_id=package_id, name=name, title=title, kind=kind,
            organization_id=organization_id, kelurahan=k.kode, kecamatan=k.nama_kecamatan,
            point_count=count, skipped_resources=0, extracted=NOW
        ).returning(map_layer_table.c.id)).scalar_one()
        info = LayerInfo(kind, name, k.kode, k.nama, k.nama_kecamatan)
        lon, lat, half_width, half_height = cell
        batch = []
        for row in range(1, count + 1):
            attributes = point_attributes(kind, row)
            batch.append({
                "layer_id": layer_id, "resource_id": package_id, "row": row, "kind": kind,
                "kelurahan": k.kode, "kecamatan": k.nama_kecamatan,
                "lon": round(lon + rng.uniform(-half_width, half_width), 6),
                "lat": round(lat + rng.uniform(-half_height, half_height), 6),
                "name": display_name(kind, attributes), "properties": attributes})
            if len(batch) == extraction.INSERT_BATCH:
                extraction.insert_points(model.Session, batch, info)
                batch = []
        if batch:
            extraction.insert_points(model.Session, batch, info)
        written += count
        if (n + 1) % 500 == 0 or n + 1 == layers:
            model.Session.commit()
            _say(f"map: {n + 1:,}/{layers:,} layers, {written:,} points "
                 f"({time.perf_counter() - started:.0f} s)")
    model.Session.commit()
    return layers, plan.points


# -- the search index -----------------------------------------------------------

def _indexed_ids(prefix: str) -> set[str]:
    """The ids of the documents of this site whose name starts with `prefix`."""
    import ckan.plugins.toolkit as tk
    from ckan.lib.search.common import make_connection
    connection = make_connection()
    query = f'+site_id:"{tk.config.get("ckan.site_id")}" +name:{prefix}*'
    found: set[str] = set()
    start = 0
    while True:
        answer = connection.search(q=query, fl="id", rows=50_000, start=start)
        found.update(doc["id"] for doc in answer.docs)
        start += 50_000
        if start >= answer.hits:
            return found


class _SolrBatch:
    """Stands for CKAN's Solr connection while indexing: keeps the documents
    and sends them `size` at a time (one HTTP request instead of one per
    dataset); `flush()` sends the rest."""

    def __init__(self, size: int = 500):
        from ckan.lib.search import common
        self.size, self.docs, self._connect = size, [], common.make_connection

    def add(self, docs: list[dict[str, Any]], commit: bool = False, **_kwargs: Any) -> None:
        self.docs.extend(docs)
        if len(self.docs) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.docs:
            self._connect().add(docs=self.docs, commit=False)
            self.docs = []

    def commit(self, **kwargs: Any) -> None:
        self.flush()
        self._connect().commit(**kwargs)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.datetime) else value


class _Clones:
    """package_show's two dicts of a dataset (default and custom schema,
    as `index_update_package` makes them), made from those of an earlier
    dataset of the same shape (type, review state, extras but `produsen`,
    number of resources) with this one's own rows put in: its id, name,
    title, dates, organisation, extras and resources. package_show runs once
    per shape (and for a few datasets more, to check the copies are what it
    gives); the index then runs as CKAN's does (`before_dataset_index`,
    permission labels) on the copy."""

    VARYING = ("produsen",)

    def __init__(self):
        import ckan.model as model
        self.templates: dict[tuple, tuple[dict, dict]] = {}
        self.checks: dict[tuple, int] = {}
        self.groups = {row.id: {c: getattr(row, c) for c in model.group_table.c.keys()}
                       for row in model.Session.query(model.Group)}

    def _shape(self, package: Any, state: str, resources: list[Any]) -> tuple:
        extras = {k: v for k, v in (package.extras or {}).items() if k not in self.VARYING}
        return (package.type, state, tuple(sorted(extras.items())), len(resources))

    def _fill(self, data: dict[str, Any], package: Any, resources: list[Any]) -> None:
        for key in ("id", "name", "title", "notes", "owner_org", "metadata_created",
                    "metadata_modified", "license_id", "state", "private"):
            if key in data:
                data[key] = _iso(getattr(package, key))
        organization = data.get("organization")
        group = self.groups.get(package.owner_org)
        if isinstance(organization, dict) and group is not None:
            for key in list(organization):
                if key in group and key != "extras":
                    organization[key] = _iso(group[key])
        for key, value in (package.extras or {}).items():
            if key in data:
                data[key] = value
        for extra in data.get("extras") or []:
            if isinstance(extra, dict) and extra.get("key") in (package.extras or {}):
                extra["value"] = package.extras[extra["key"]]
        for shown, row in zip(data.get("resources") or [], resources):
            for key in list(shown):
                if key in row.__table__.c and key != "extras":
                    shown[key] = _iso(getattr(row, key))

    def both(self, context: dict, package: Any, state: str, resources: list[Any]
             ) -> tuple[dict, dict]:
        import copy
        import json
        from ckan import logic
        shape = self._shape(package, state, resources)
        template = self.templates.get(shape)
        if template is None or self.checks.get(shape, 0) < 3:
            real = logic.package_show_default_and_custom_schemas(dict(context), package.id)
            if template is None:
                self.templates[shape] = real
                self.checks[shape] = 0
                return real
            self.checks[shape] += 1
            made = tuple(copy.deepcopy(d) for d in template)
            for data in made:
                self._fill(data, package, resources)
            for got, want in zip(made, real):
                if json.dumps(got, sort_keys=True, default=str) != json.dumps(
                        want, sort_keys=True, default=str):
                    keys = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
                    raise RuntimeError(f"a copied dataset differs from package_show's "
                                       f"({package.name}): {keys}")
            return real
        made = tuple(copy.deepcopy(d) for d in template)
        for data in made:
            self._fill(data, package, resources)
        return made[0], made[1]


def index(prefix: str, copies: bool = True) -> int:
    """Indexes every package named `prefix`* that the search index lacks,
    the way CKAN does (`index_update_package_dicts` with package_show's two
    dicts; with `copies`, those dicts are copies of a checked one of the same
    shape, see _Clones), the documents sent to Solr 500 at a time, one
    commit at the end (and one every 20,000, so that an interrupted run keeps
    its progress); prints the progress. Returns how many were indexed."""
    import ckan.lib.search as search
    import ckan.lib.search.index as search_index
    import ckan.logic as logic
    import ckan.model as model
    from ckanext.satudata.model import dataset_status_table

    wanted = [row.id for row in model.Session.query(model.Package.id).filter(
        model.Package.name.like(prefix + "%")).order_by(model.Package.name)]
    indexed = _indexed_ids(prefix)
    stale = sorted(indexed - set(wanted))
    if stale:  # documents of packages removed by an earlier load
        import ckan.plugins.toolkit as tk
        from ckan.lib.search.common import make_connection
        site_id = tk.config.get("ckan.site_id")
        for start in range(0, len(stale), 500):
            ids = " OR ".join(f'"{i}"' for i in stale[start:start + 500])
            make_connection().delete(q=f'+site_id:"{site_id}" +id:({ids})', commit=False)
        search.commit()
        _say(f"index: {len(stale):,} documents of removed datasets deleted")
    missing = [package_id for package_id in wanted if package_id not in indexed]
    if not missing:
        return 0
    started = time.perf_counter()
    context = {"ignore_auth": True}
    clones = _Clones() if copies else None
    batch = _SolrBatch()
    real_connection = search_index.make_connection
    search_index.make_connection = lambda *args, **kwargs: batch
    try:
        for chunk_start in range(0, len(missing), 1000):
            chunk = missing[chunk_start:chunk_start + 1000]
            packages = {p.id: p for p in model.Session.query(model.Package).filter(
                model.Package.id.in_(chunk))}
            states = dict(model.Session.execute(
                dataset_status_table.select().with_only_columns(
                    dataset_status_table.c.package_id, dataset_status_table.c.state
                ).where(dataset_status_table.c.package_id.in_(chunk))).all())
            resources: dict[str, list[Any]] = {}
            for resource in model.Session.query(model.Resource).filter(
                    model.Resource.package_id.in_(chunk),
                    model.Resource.state == "active").order_by(model.Resource.position):
                resources.setdefault(resource.package_id, []).append(resource)
            for package_id in chunk:
                if clones is None:
                    both = logic.package_show_default_and_custom_schemas(dict(context),
                                                                         package_id)
                else:
                    both = clones.both(context, packages[package_id],
                                       states.get(package_id, "draf"),
                                       resources.get(package_id, []))
                logic.index_update_package_dicts(both, True)
            batch.flush()
            model.Session.remove()  # the session's identity map stays small
            done = chunk_start + len(chunk)
            elapsed = time.perf_counter() - started
            rate = done / elapsed
            _say(f"index: {done:,}/{len(missing):,} ({rate:.0f}/s, "
                 f"{(len(missing) - done) / rate / 60:.0f} min left)")
            if done % 20_000 == 0:
                search.commit()
    finally:
        search_index.make_connection = real_connection
    search.commit()
    return len(missing)


def load(plan: Plan) -> Loaded:
    """Everything of the plan: organisations, datasets, points, the index."""
    found = organizations(plan.portal)
    loaded = Loaded(found, datasets(plan, found))
    if plan.portal:
        loaded.layers, loaded.points = points(plan, found)
    index(plan.prefix)
    return loaded
