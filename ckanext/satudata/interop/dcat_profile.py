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

import json
from typing import Any

from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

import ckan.plugins.toolkit as tk
from ckanext.dcat.profiles import EuropeanDCATAP3Profile, SchemaOrgProfile
from ckanext.dcat.profiles.base import GEOJSON_IMT, GSP, SCHEMA, CleanedURIRef
from ckanext.dcat.utils import resource_uri

from ckanext.satudata import config, reference
from ckanext.satudata.interop import spatial, vocabulary
from ckanext.satudata.maps import boundary_layer


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
