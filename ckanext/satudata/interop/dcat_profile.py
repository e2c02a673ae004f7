"""The Satu Data profiles of ckanext-dcat:

* ``satudata`` (``ckanext.dcat.rdf.profiles``): DCAT-AP 3 and what the Satu
  Data fields mean (see ``vocabulary`` and README, "DCAT");
* ``satudata_schemaorg`` (``ckanext.dcat.structured_data.profiles``):
  schema.org for the JSON-LD of dataset pages.

ckanext-dcat builds its profiles for the scheming type ``dataset``, which
this portal does not have (its types are statistik-sektoral, peta-titik and
profil-kelurahan): both profiles read the schema of each dataset's own type.

It only describes the dataset dicts ckanext-dcat hands it, which come from
``package_show`` / ``package_search`` as the visitor: what the visitor may
not see never reaches it. A restricted (``terbatas``) dataset keeps its
metadata but its distributions point to the access-request page and carry
no download address.
"""
from __future__ import annotations

import contextvars
import hashlib
import json
from typing import Any, Callable

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

import ckan.plugins.toolkit as tk
from ckanext.dcat.profiles import EuropeanDCATAP3Profile, SchemaOrgProfile
from ckanext.dcat.profiles.base import GEOJSON_IMT, GSP, SCHEMA, CleanedURIRef
from ckanext.dcat.logic import _pagination_info, _search_ckan_datasets
from ckanext.dcat.processors import RDFSerializer
from ckanext.dcat.utils import resource_uri

from ckanext.satudata import config, reference, site
from ckanext.satudata.interop import spatial, vocabulary
from ckanext.satudata.maps import boundary_layer
from ckanext.satudata.model import Boundary


#: The dataset type of the sectoral statistics (an indicator's datasets).
STATISTIC_TYPE = "statistik-sektoral"


def _site_url() -> str:
    return (tk.config.get("ckan.site_url") or "").rstrip("/")


def _area_bounds() -> dict[str, spatial.Bounds]:
    """Kemendagri code -> box of every kelurahan and of the city: from the
    boundaries in use when some are loaded, else from the shipped
    approximate boundaries (kelurahan) and the configured city box."""
    index = boundary_layer.current_index()
    if index is not None:
        found = {code: spatial.rounded(polygon.bounds)
                 for code, polygon in zip(index.codes, index.polygons)}
        city = spatial.union(found.values())
    else:
        found = dict(spatial.approximate_bounds())
        city = spatial.rounded(config.city_bbox())
    if city is not None:
        found[vocabulary.CITY_CODE] = city
    return found


def _schema_types() -> list[str]:
    try:
        return list(tk.get_action("scheming_dataset_schema_list")({}, {}))
    except KeyError:  # no scheming
        return []


class _PortalSchemas:
    """Builds the profile with a dataset type the portal has, and reads the
    schema of each dataset's own type when describing it."""

    def __init__(self, graph: Any, dataset_type: str = "dataset",
                 compatibility_mode: bool = False) -> None:
        types = _schema_types()
        if types and dataset_type not in types:
            dataset_type = types[0]
        super().__init__(graph, dataset_type=dataset_type,  # type: ignore[call-arg]
                         compatibility_mode=compatibility_mode)

    #: The areas' boxes, read once per serialisation (a catalogue page
    #: describes many datasets).
    _bounds: dict[str, spatial.Bounds] | None = None

    def _bounds_of(self, code: str) -> spatial.Bounds | None:
        if self._bounds is None:
            self._bounds = _area_bounds()
        return self._bounds.get(code)

    def _use_schema_of(self, dataset_dict: dict[str, Any]) -> None:
        if dataset_dict.get("type") in _schema_types():
            self._dataset_schema = tk.get_action("scheming_dataset_schema_show")(
                {}, {"type": dataset_dict["type"]})


class SatuDataSchemaOrgProfile(_PortalSchemas, SchemaOrgProfile):
    """schema.org Dataset (the JSON-LD in dataset pages), with the
    kelurahan as spatialCoverage, the year as temporalCoverage and the
    producer as creator."""

    #: The access-request page of the restricted dataset being described
    #: (None for open data): its distributions point there, not to files.
    _request_page: str | None = None

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        self._use_schema_of(dataset_dict)
        self._request_page = (
            _request_page(dataset_dict)
            if vocabulary.is_restricted(dataset_dict.get("klasifikasi_akses")) else None)
        super().graph_from_dataset(dataset_dict, dataset_ref)
        code, name, _uri = _area(dataset_dict)
        place = BNode()
        self.g.add((dataset_ref, SCHEMA.spatialCoverage, place))
        self.g.add((place, RDF.type, SCHEMA.Place))
        self.g.add((place, SCHEMA.name, Literal(name)))
        self.g.add((place, SCHEMA.identifier, Literal(code)))
        bounds = self._bounds_of(code)
        if bounds is not None:
            shape = BNode()
            self.g.add((place, SCHEMA.geo, shape))
            self.g.add((shape, RDF.type, SCHEMA.GeoShape))
            self.g.add((shape, SCHEMA.box, Literal(spatial.schema_org_box(bounds))))
        period = vocabulary.year_period(dataset_dict.get("tahun"))
        if period is not None:
            self.g.add((dataset_ref, SCHEMA.temporalCoverage,
                        Literal(f"{period[0].isoformat()}/{period[1].isoformat()}")))
        produsen = (dataset_dict.get("produsen") or "").strip()
        if produsen and not list(self.g.objects(dataset_ref, SCHEMA.creator)):
            creator = BNode()
            self.g.add((dataset_ref, SCHEMA.creator, creator))
            self.g.add((creator, RDF.type, SCHEMA.Organization))
            self.g.add((creator, SCHEMA.name, Literal(produsen)))


    def _distribution_url_graph(self, distribution: Any, resource_dict: dict[str, Any]) -> None:
        if self._request_page is not None:
            self.g.add((distribution, SCHEMA.url, Literal(self._request_page)))
            return
        super()._distribution_url_graph(distribution, resource_dict)


def _request_page(dataset_dict: dict[str, Any]) -> str:
    """Where the data of a restricted dataset is asked for."""
    return f"{_site_url()}/dataset/{dataset_dict['name']}/akses/ajukan"


def _area(dataset_dict: dict[str, Any]) -> tuple[str, str, str | None]:
    """(Kemendagri code, name, page) of the dataset's kelurahan, else of the city."""
    organization = dataset_dict.get("organization") or {}
    kelurahan = reference.by_organization_name(organization.get("name") or "")
    if kelurahan is None:
        return vocabulary.CITY_CODE, vocabulary.CITY_NAME, None
    return kelurahan.kode, kelurahan.title, f"{_site_url()}/kelurahan/{kelurahan.slug}"


class SatuDataProfile(_PortalSchemas, EuropeanDCATAP3Profile):
    """Satu Data fields on top of the DCAT-AP 3 profile."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urusan_labels: dict[str, dict[str, dict[str, str]]] = {}

    # -- serialisation -------------------------------------------------
    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        self._use_schema_of(dataset_dict)
        super().graph_from_dataset(dataset_dict, dataset_ref)
        site_url = _site_url()
        satudata = Namespace(vocabulary.namespace(site_url))
        self.g.bind("satudata", satudata)
        self._frequency(dataset_dict, dataset_ref)
        self._access_rights(dataset_dict, dataset_ref)
        self._theme(dataset_dict, dataset_ref, site_url)
        self._spatial_coverage(dataset_dict, dataset_ref, site_url)
        self._temporal(dataset_dict, dataset_ref)
        self._agents(dataset_dict, dataset_ref)
        for field, term in vocabulary.SATUDATA_LITERALS.items():
            value = dataset_dict.get(field)
            if value not in (None, ""):
                self.g.add((dataset_ref, satudata[term], Literal(str(value), lang="id")))
        if vocabulary.is_restricted(dataset_dict.get("klasifikasi_akses")):
            self._distributions_by_request(dataset_dict)
        elif dataset_dict.get("type") == STATISTIC_TYPE:
            self._indicator_exports(dataset_dict, dataset_ref, site_url)

    def _last_catalog_modification(self) -> str | None:
        """The catalogue's dct:modified: the newest public dataset's
        metadata_modified, known from the page's own search on its first
        page (the same order), else searched as an anonymous visitor.
        (ckanext-dcat searches with ignore_auth, which would date the
        catalogue by an unpublished draft's last change.)"""
        known = _LATEST_MODIFICATION.get()
        if known is not None:
            return known
        found = tk.get_action("package_search")(
            {"user": "", "ignore_auth": False},
            {"sort": "metadata_modified desc", "rows": 1})["results"]
        return found[0]["metadata_modified"] if found else None

    def graph_from_catalog(self, catalog_dict: dict[str, Any], catalog_ref: Any) -> None:
        super().graph_from_catalog(catalog_dict, catalog_ref)
        site_url = _site_url()
        scheme = URIRef(vocabulary.urusan_scheme(site_url))
        self.g.add((scheme, RDF.type, SKOS.ConceptScheme))
        self.g.add((scheme, SKOS.prefLabel, Literal("Bidang urusan pemerintahan", lang="id")))
        self.g.add((scheme, SKOS.prefLabel, Literal("Government affairs", lang="en")))
        self.g.add((catalog_ref, DCAT.themeTaxonomy, scheme))

    # -- the fields ----------------------------------------------------
    def _replace(self, subject: Any, predicate: Any, value: Any) -> None:
        self.g.remove((subject, predicate, None))
        self.g.add((subject, predicate, value))

    def _frequency(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        uri = vocabulary.frequency_uri(dataset_dict.get("frekuensi"))
        if uri:
            self._replace(dataset_ref, DCTERMS.accrualPeriodicity, URIRef(uri))

    def _access_rights(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        uri = vocabulary.access_rights_uri(dataset_dict.get("klasifikasi_akses"))
        if uri:
            self._replace(dataset_ref, DCTERMS.accessRights, URIRef(uri))

    def _theme(self, dataset_dict: dict[str, Any], dataset_ref: Any, site_url: str) -> None:
        value = dataset_dict.get("bidang_urusan")
        if not value:
            return
        concept = URIRef(vocabulary.urusan_concept(site_url, value))
        self.g.add((dataset_ref, DCAT.theme, concept))
        self.g.add((concept, RDF.type, SKOS.Concept))
        self.g.add((concept, SKOS.notation, Literal(value)))
        self.g.add((concept, SKOS.inScheme, URIRef(vocabulary.urusan_scheme(site_url))))
        labels = self._urusan_choice_labels(dataset_dict.get("type") or "dataset").get(value, {})
        for lang, label in labels.items():
            self.g.add((concept, SKOS.prefLabel, Literal(label, lang=lang)))

    def _urusan_choice_labels(self, dataset_type: str) -> dict[str, dict[str, str]]:
        """{value: {lang: label}} of the `bidang_urusan` choices of the type's schema."""
        if dataset_type not in self._urusan_labels:
            labels: dict[str, dict[str, str]] = {}
            try:
                schema = tk.get_action("scheming_dataset_schema_show")(
                    {"ignore_auth": True}, {"type": dataset_type})
            except (KeyError, tk.ObjectNotFound):
                schema = {}
            for field in schema.get("dataset_fields", []):
                if field.get("field_name") == "bidang_urusan":
                    for choice in field.get("choices", []):
                        label = choice.get("label")
                        labels[choice["value"]] = label if isinstance(label, dict) else {
                            "id": str(label or choice["value"])}
            self._urusan_labels[dataset_type] = labels
        return self._urusan_labels[dataset_type]

    def _spatial_coverage(self, dataset_dict: dict[str, Any], dataset_ref: Any,
                          site_url: str) -> None:
        code, name, page = _area(dataset_dict)
        location = URIRef(page) if page else BNode()
        self.g.add((dataset_ref, DCTERMS.spatial, location))
        self.g.add((location, RDF.type, DCTERMS.Location))
        self.g.add((location, DCTERMS.identifier, Literal(code)))
        self.g.add((location, SKOS.prefLabel, Literal(name, lang="id")))
        bounds = self._bounds_of(code)
        if bounds is not None:
            self.g.add((location, DCAT.bbox, Literal(spatial.bbox_wkt(bounds),
                                                     datatype=GSP.wktLiteral)))
            self.g.add((location, DCAT.bbox, Literal(json.dumps(spatial.bbox_geojson(bounds)),
                                                     datatype=URIRef(GEOJSON_IMT))))
        point = spatial.reference_points().get(code)
        if point is not None:
            self.g.add((location, DCAT.centroid, Literal(spatial.point_wkt(point),
                                                         datatype=GSP.wktLiteral)))
            self.g.add((location, DCAT.centroid, Literal(
                json.dumps(spatial.point_geojson(point)), datatype=URIRef(GEOJSON_IMT))))

    def _temporal(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        period = vocabulary.year_period(dataset_dict.get("tahun"))
        if period is None:
            return
        start, end = period
        node = BNode()
        self.g.add((dataset_ref, DCTERMS.temporal, node))
        self.g.add((node, RDF.type, DCTERMS.PeriodOfTime))
        self.g.add((node, DCAT.startDate, Literal(start.isoformat(), datatype=XSD.date)))
        self.g.add((node, DCAT.endDate, Literal(end.isoformat(), datatype=XSD.date)))
        if dataset_dict.get("periode_referensi"):
            self.g.add((node, SKOS.prefLabel, Literal(
                f"{dataset_dict['periode_referensi']} {start.year}", lang="id")))

    def _agents(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        organization = dataset_dict.get("organization") or {}
        kelurahan = reference.by_organization_name(organization.get("name") or "")
        for publisher in self.g.objects(dataset_ref, DCTERMS.publisher):
            self.g.add((publisher, RDF.type, FOAF.Organization))
            if kelurahan is not None:
                self.g.add((publisher, DCTERMS.identifier, Literal(kelurahan.kode)))
        produsen = (dataset_dict.get("produsen") or "").strip()
        if produsen:
            creator = BNode()
            self._replace(dataset_ref, DCTERMS.creator, creator)
            self.g.add((creator, RDF.type, FOAF.Organization))
            self.g.add((creator, RDF.type, FOAF.Agent))
            self.g.add((creator, FOAF.name, Literal(produsen)))

    def _indicator_exports(self, dataset_dict: dict[str, Any], dataset_ref: Any,
                           site_url: str) -> None:
        """The indicator's series in JSON-stat and SDMX-CSV, as two more
        distributions of an open statistic."""
        key = dataset_dict.get("kode_indikator") or dataset_dict["name"]
        urls = vocabulary.indicator_export_urls(site_url, key)
        licenses = {license_ for existing in self.g.objects(dataset_ref, DCAT.distribution)
                    for license_ in self.g.objects(existing, DCTERMS.license)}
        for url, (_suffix, titles, media_type, file_type, standard) in zip(
                urls, vocabulary.INDICATOR_EXPORTS):
            distribution = URIRef(url)
            self.g.add((dataset_ref, DCAT.distribution, distribution))
            self.g.add((distribution, RDF.type, DCAT.Distribution))
            for lang, title in titles.items():
                self.g.add((distribution, DCTERMS.title, Literal(title, lang=lang)))
            self.g.add((distribution, DCAT.accessURL, distribution))
            self.g.add((distribution, DCAT.downloadURL, distribution))
            self.g.add((distribution, DCAT.mediaType,
                        URIRef(vocabulary.IANA_MEDIA_TYPES + media_type)))
            self.g.add((distribution, DCTERMS.format,
                        URIRef(vocabulary.FILE_TYPE_AUTHORITY + file_type)))
            self.g.add((distribution, DCTERMS.conformsTo, URIRef(standard)))
            for license_ in licenses:
                self.g.add((distribution, DCTERMS.license, license_))

    def _distributions_by_request(self, dataset_dict: dict[str, Any]) -> None:
        """The data of a restricted dataset is given on request: each
        distribution points to the access-request page, never to a file."""
        request_page = URIRef(_request_page(dataset_dict))
        for resource in dataset_dict.get("resources", []):
            distribution = CleanedURIRef(resource_uri(resource))
            self.g.remove((distribution, DCAT.downloadURL, None))
            self._replace(distribution, DCAT.accessURL, request_page)


# -- the catalogue in Turtle, page by page ------------------------------------
#
# ckanext-dcat builds one graph of the whole page (catalogue and 100 datasets)
# and serialises it with rdflib's Turtle writer, about 25 ms per dataset: a
# page of /catalog.ttl took 30 times the `package_search` that feeds it.
# Turtle allows a document to be the catalogue's part followed by each
# dataset's own Turtle (prefixes may be declared anywhere), so each dataset
# is described and serialised alone, and kept in Redis under a digest of
# everything its description is made of (the dataset dict as the caller's
# search returned it, the site's address, the boundaries in use and the
# profile's version): a changed dataset, a held edit's published version or
# another caller's view of it is another key, and a key gives only what that
# very dict produced. Without Redis every dataset is described afresh.

#: Changes the cache keys: raise it when the profile's output changes.
PROFILE_VERSION = "1"
#: How long a dataset's Turtle is kept (seconds).
CACHE_SECONDS = 7 * 24 * 3600
#: How long the public catalogue's own triples are kept (seconds); every
#: publication and withdrawal forgets them at once.
CATALOG_SECONDS = 300
_CACHE_PREFIX = "satudata:dcat:ttl:"
_JSON_LD_PREFIX = "satudata:dcat:jsonld:"
#: The newest metadata_modified of the catalogue when the page's search
#: already says it (see SatuDataProfile._last_catalog_modification).
_LATEST_MODIFICATION: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "satudata_dcat_latest_modification", default=None)


def _boundary_version() -> str:
    try:
        return str(Boundary.current_version() or "")
    except Exception:  # the table not migrated yet
        return ""


def _split_prefixes(turtle: str) -> tuple[list[tuple[str, str]], str]:
    """([(prefix, line)], the rest) of a Turtle document rdflib wrote: its
    ``@prefix`` lines come first."""
    prefixes = []
    lines = turtle.splitlines(keepends=True)
    position = 0
    for position, line in enumerate(lines):
        if line.startswith("@prefix "):
            prefixes.append((line.split()[1], line))
        elif line.strip():
            break
    else:
        position = len(lines)
    return prefixes, "".join(lines[position:])


class _Serializer(RDFSerializer):
    """ckanext-dcat's serializer, its profile classes looked up once per
    process (ckanext-dcat reads the entry points for every serializer)."""

    _loaded: dict[tuple[str, ...], list[Any]] = {}

    def _load_profiles(self, profile_names: list[str]) -> list[Any]:
        key = tuple(profile_names)
        if key not in self._loaded:
            self._loaded[key] = super()._load_profiles(profile_names)
        return self._loaded[key]

    def turtle(self) -> str:
        output = self.g.serialize(format="turtle")
        return output if isinstance(output, str) else output.decode("utf-8")


def _dataset_turtle(serializer: _Serializer, dataset_dict: dict[str, Any]) -> tuple[str, str]:
    """(dataset URI, Turtle of the dataset alone)."""
    serializer.g = Graph()
    dataset_ref = serializer.graph_from_dataset(dataset_dict)
    return str(dataset_ref), serializer.turtle()


def _cache_salt(profiles: Any) -> str:
    return "\x1f".join((PROFILE_VERSION, _site_url(), _boundary_version(),
                        json.dumps(profiles)))


def _cache_key(salt: str, dataset_dict: dict[str, Any], prefix: str = _CACHE_PREFIX) -> str:
    return prefix + hashlib.blake2b(
        (salt + json.dumps(dataset_dict, sort_keys=True, default=str)).encode("utf-8"),
        digest_size=20).hexdigest()


def dataset_json_ld(dataset_dict: dict[str, Any]) -> dict[str, Any]:
    """The schema.org JSON-LD document of a dataset page, as ckanext-dcat's
    ``structured_data`` helper makes it (the profiles of
    ``ckanext.dcat.structured_data.profiles``); the page writes it with
    ``h.satudata_json``. Kept in Redis for CACHE_SECONDS under a digest of
    the dict as the visitor sees it (another view of the dataset is another
    key), so a page shown again is not described again; the profile classes
    are looked up once per process."""
    profiles = tk.config.get("ckanext.dcat.structured_data.profiles") or ["schemaorg"]
    redis = site.redis_connection()
    key = _cache_key(_cache_salt(profiles), dataset_dict, prefix=_JSON_LD_PREFIX)
    kept = redis.get(key) if redis is not None else None
    if kept is not None:
        return json.loads(kept)
    serializer = _Serializer(profiles=profiles)
    text = serializer.serialize_dataset(dataset_dict, _format="jsonld")
    text = text if isinstance(text, str) else text.decode("utf-8")
    if redis is not None:
        redis.set(key, text.encode("utf-8"), ex=CACHE_SECONDS)
    return json.loads(text)


def _published_pointer(package_id: str) -> str:
    return f"{_CACHE_PREFIX}published:{package_id}"


def _keep_published(redis: Any, salt: str, dataset_dict: dict[str, Any],
                    previous_key: bytes | None) -> str:
    """Keeps the Turtle of a published dataset as the public sees it, with
    no expiry (unlike other callers' views, kept for CACHE_SECONDS), and
    forgets the Turtle its previous public version was kept under: one
    entry per published dataset. Returns the key."""
    key = _cache_key(salt, dataset_dict)
    uri, turtle = _dataset_turtle(_Serializer(profiles=None), dataset_dict)
    pipeline = redis.pipeline()
    pipeline.set(key, f"{uri}\n{turtle}".encode("utf-8"))
    pipeline.set(_published_pointer(dataset_dict["id"]), key)
    pipeline.delete(_catalog_key(salt))
    if previous_key and previous_key.decode("utf-8") != key:
        pipeline.delete(previous_key)
    pipeline.execute()
    return key


def describe_published(package_id: str) -> None:
    """Keeps the Turtle of a dataset whose public version just changed, as
    an anonymous visitor's catalogue page finds it, so that no
    ``/catalog.ttl`` page describes it afresh. Without Redis, or when the
    dataset is not found, nothing is kept."""
    redis = site.redis_connection()
    if redis is None:
        return
    found = _search_ckan_datasets({"user": "", "ignore_auth": False},
                                  {"fq": f'id:"{package_id}"'})["results"]
    if not found:
        forget_published(package_id)
        return
    _keep_published(redis, _cache_salt(None), found[0],
                    redis.get(_published_pointer(package_id)))


def forget_published(package_id: str) -> None:
    """The dataset is no longer public: its kept Turtle goes."""
    redis = site.redis_connection()
    if redis is None:
        return
    pointer = _published_pointer(package_id)
    key = redis.get(pointer)
    redis.delete(*([pointer, key] if key else [pointer]))
    _forget_public_catalogue(redis)


def describe_all_published(progress: Callable[[int, int], None] | None = None
                           ) -> tuple[int, int]:
    """Keeps the Turtle of every published dataset not kept yet (a portal
    upgraded from a version that did not keep it, Redis emptied, the
    profile's version raised): the public catalogue, page by page
    (``ckanext.dcat.datasets_per_page``).
    Returns (datasets seen, datasets described)."""
    redis = site.redis_connection()
    if redis is None:
        return 0, 0
    salt = _cache_salt(None)
    seen = described = 0
    page = 1
    while True:
        query = _search_ckan_datasets({"user": "", "ignore_auth": False},
                                      {"page": page})
        datasets = query["results"]
        if not datasets:
            break
        keys = [_cache_key(salt, d) for d in datasets]
        kept = redis.mget(keys)
        pointers = redis.mget([_published_pointer(d["id"]) for d in datasets])
        for dataset_dict, key, hit, previous in zip(datasets, keys, kept, pointers):
            if hit is None or (previous or b"").decode("utf-8") != key:
                _keep_published(redis, salt, dataset_dict, previous)
                described += 1
        seen += len(datasets)
        if progress is not None:
            progress(seen, query["count"])
        page += 1
    return seen, described


def _catalog_key(salt: str) -> str:
    return _CACHE_PREFIX + "catalog:" + hashlib.blake2b(
        salt.encode("utf-8"), digest_size=20).hexdigest()


def _forget_public_catalogue(redis: Any) -> None:
    """The public catalogue's own triples (its dct:modified) change with
    every publication and withdrawal."""
    redis.delete(_catalog_key(_cache_salt(None)))


def _catalogue_turtle(serializer: _Serializer, redis: Any, salt: str, public: bool,
                      latest_modification: str | None) -> tuple[URIRef, str]:
    """(catalogue URI, Turtle of the catalogue's own triples). The public
    one (an anonymous visitor's: the same on every page) is kept for
    CATALOG_SECONDS and forgotten at every publication and withdrawal;
    anyone else's is built for the request."""
    key = _catalog_key(salt) if public and redis is not None else None
    if key is not None:
        try:
            hit = redis.get(key)
        except Exception:  # Redis down: build it
            hit, key = None, None
        if hit is not None:
            uri, _sep, turtle = hit.decode("utf-8").partition("\n")
            return URIRef(uri), turtle
    serializer.g = Graph()
    token = _LATEST_MODIFICATION.set(latest_modification)
    try:
        catalog_ref = serializer.graph_from_catalog({})
    finally:
        _LATEST_MODIFICATION.reset(token)
    turtle = serializer.turtle()
    if key is not None:
        try:
            redis.setex(key, CATALOG_SECONDS, f"{catalog_ref}\n{turtle}".encode("utf-8"))
        except Exception:  # Redis down: nothing kept
            pass
    return catalog_ref, turtle


def _one_document(documents: list[str]) -> str:
    """Turtle documents as one, with one set of prefixes at the top: a
    document's @prefix line is left out when the prefix already means the
    same there, and kept where it is (a redefinition, valid Turtle) when it
    means something else."""
    declared: dict[str, str] = {}
    current: dict[str, str] = {}
    body = []
    for turtle in documents:
        prefixes, rest = _split_prefixes(turtle)
        inline = []
        for name, line in prefixes:
            if name not in declared:
                declared[name] = current[name] = line
            elif current[name] != line:
                inline.append(line)
                current[name] = line
        body.append("".join(inline) + rest)
    return "".join(declared.values()) + "\n" + "\n".join(body)


def catalog_turtle_page(context: dict[str, Any], data_dict: dict[str, Any]) -> str:
    """One page of ``/catalog.ttl``: the same datasets and triples as
    ckanext-dcat's ``dcat_catalog_show`` (the caller's ``package_search``,
    the catalogue, its ``dcat:dataset`` links and the Hydra paging), written
    as the catalogue's Turtle followed by each dataset's (kept in Redis)."""
    query = _search_ckan_datasets(context, data_dict)
    datasets = query["results"]
    profiles = data_dict.get("profiles")
    serializer = _Serializer(profiles=profiles)
    salt = _cache_salt(profiles)
    redis = site.redis_connection()
    unfiltered_first_page = (str(data_dict.get("page") or "1") == "1" and not any(
        data_dict.get(k) for k in ("q", "fq", "modified_since")))
    public = not context.get("user") and not context.get("ignore_auth")
    catalog_ref, catalogue = _catalogue_turtle(
        serializer, redis, salt, public,
        datasets[0]["metadata_modified"] if unfiltered_first_page and datasets else None)
    serializer.g = Graph()
    serializer._add_pagination_triples(_pagination_info(query, data_dict))
    paging = serializer.turtle()

    keys = [_cache_key(salt, d) for d in datasets]
    cached: list[Any] = [None] * len(keys)
    if redis is not None and keys:
        try:
            cached = redis.mget(keys)
        except Exception:  # Redis down: describe afresh
            redis = None
    links: list[str] = []
    parts: list[str] = []
    fresh: dict[str, str] = {}
    for dataset_dict, key, hit in zip(datasets, keys, cached):
        if hit is not None:
            uri, _sep, turtle = hit.decode("utf-8").partition("\n")
        else:
            uri, turtle = _dataset_turtle(serializer, dataset_dict)
            fresh[key] = f"{uri}\n{turtle}"
        links.append(f"{catalog_ref.n3()} {DCAT.dataset.n3()} {URIRef(uri).n3()} .\n")
        parts.append(turtle)
    if redis is not None and fresh:
        try:
            pipeline = redis.pipeline()
            for key, value in fresh.items():
                pipeline.setex(key, CACHE_SECONDS, value.encode("utf-8"))
            pipeline.execute()
        except Exception:  # Redis down: nothing kept
            pass
    return _one_document([catalogue, paging, "".join(links)] + parts)
