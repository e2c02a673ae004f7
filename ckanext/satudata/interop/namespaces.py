"""The portal's own vocabularies as RDF (plain Python: rdflib, no CKAN).

* ``<site>/ns/urusan``: the SKOS concept scheme of the government affairs
  (``bidang_urusan``), the ``dcat:theme`` of every statistic; each concept is
  ``<site>/ns/urusan#<code>`` (``vocabulary.urusan_concept``);
* ``<site>/ns/satudata``: the small ``satudata:`` vocabulary, the properties
  carrying the Satu Data fields other vocabularies have no term for
  (``vocabulary.SATUDATA_LITERALS``), each ``<site>/ns/satudata#<term>``.

The labels come from the dataset schema (the glue reads it), so the pages,
the files and the forms say the same.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SKOS

from ckanext.satudata.interop import vocabulary

#: ``.<suffix>`` -> (rdflib format, media type).
FORMATS = {
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("xml", "application/rdf+xml"),
    "jsonld": ("json-ld", "application/ld+json"),
}
MEDIA_TYPES = {media_type: suffix for suffix, (_fmt, media_type) in FORMATS.items()}

SCHEME_TITLES = {"id": "Bidang urusan pemerintahan", "en": "Government affairs"}
VOCABULARY_TITLES = {"id": "Kosakata Satu Data", "en": "Satu Data vocabulary"}


@dataclass(frozen=True)
class Concept:
    """One urusan: its code (the field's value) and labels by language."""

    code: str
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Term:
    """One ``satudata:`` property: its name, the dataset field it carries,
    and its labels and definitions by language."""

    name: str
    field_name: str
    labels: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)


def label(labels: dict[str, str], lang: str, default: str = "") -> str:
    """The label in `lang`, else in Indonesian, else `default`."""
    return labels.get(lang) or labels.get("id") or default


def urusan_graph(site_url: str, concepts: list[Concept]) -> Graph:
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)
    scheme = URIRef(vocabulary.urusan_scheme(site_url))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    for lang, title in SCHEME_TITLES.items():
        graph.add((scheme, SKOS.prefLabel, Literal(title, lang=lang)))
        graph.add((scheme, DCTERMS.title, Literal(title, lang=lang)))
    for concept in concepts:
        node = URIRef(vocabulary.urusan_concept(site_url, concept.code))
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, SKOS.notation, Literal(concept.code)))
        graph.add((node, SKOS.inScheme, scheme))
        graph.add((node, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, node))
        for lang, text in concept.labels.items():
            graph.add((node, SKOS.prefLabel, Literal(text, lang=lang)))
    return graph


def satudata_graph(site_url: str, terms: list[Term]) -> Graph:
    graph = Graph()
    namespace = Namespace(vocabulary.namespace(site_url))
    graph.bind("satudata", namespace)
    graph.bind("dcat", DCAT)
    graph.bind("owl", OWL)
    ontology = URIRef(namespace_document(site_url))
    graph.add((ontology, RDF.type, OWL.Ontology))
    for lang, title in VOCABULARY_TITLES.items():
        graph.add((ontology, DCTERMS.title, Literal(title, lang=lang)))
        graph.add((ontology, RDFS.label, Literal(title, lang=lang)))
    for term in terms:
        node = namespace[term.name]
        graph.add((node, RDF.type, RDF.Property))
        graph.add((node, RDF.type, OWL.DatatypeProperty))
        graph.add((node, RDFS.isDefinedBy, ontology))
        graph.add((node, RDFS.domain, DCAT.Dataset))
        graph.add((node, RDFS.range, RDFS.Literal))
        for lang, text in term.labels.items():
            graph.add((node, RDFS.label, Literal(text, lang=lang)))
        for lang, text in term.comments.items():
            graph.add((node, RDFS.comment, Literal(text, lang=lang)))
    return graph


def namespace_document(site_url: str) -> str:
    """The address of the ``satudata:`` vocabulary's document (the
    namespace without its ``#``)."""
    return vocabulary.namespace(site_url).rstrip("#")


def serialize(graph: Graph, suffix: str) -> bytes:
    fmt, _media_type = FORMATS[suffix]
    data = graph.serialize(format=fmt)
    return data.encode("utf-8") if isinstance(data, str) else data
