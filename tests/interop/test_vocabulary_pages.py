"""The portal's own vocabularies, which its DCAT output names: the concept
scheme of the government affairs (``/ns/urusan``, the ``dcat:theme`` of every
statistic) and the ``satudata:`` properties (``/ns/satudata``), each an
Indonesian page for people and RDF for programs, public."""
from __future__ import annotations

import urllib.parse

import pytest
import rdflib
from rdflib.namespace import DCAT, OWL, RDF, SKOS

import ckan.plugins.toolkit as tk

from tests.helpers import call_as, publish, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

RDF_MEDIA = {"text/turtle": "turtle", "application/rdf+xml": "xml",
             "application/ld+json": "json-ld"}
SUFFIXES = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}
SECRET = "rahasiaungukelabu"


def parsed(response, fmt):
    assert response.status_code == 200
    graph = rdflib.Graph()
    graph.parse(data=response.get_data(as_text=True), format=fmt)
    return graph


def test_the_urusan_page_lists_every_concept_with_its_address(app):
    response = app.get("/ns/urusan")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Bidang urusan pemerintahan" in html
    assert 'id="kesehatan"' in html and "Kesehatan" in html
    assert "/ns/urusan#kesehatan" in html
    assert 'id="pemberdayaan-masyarakat"' in html
    assert "Pemberdayaan masyarakat dan desa/kelurahan" in html
    # Links to the RDF files.
    assert "/ns/urusan.ttl" in html and "/ns/urusan.jsonld" in html
    english = app.get("/en/ns/urusan").get_data(as_text=True)
    assert "Government affairs" in english and "Health" in english


@pytest.mark.parametrize("how", ["suffix", "accept"])
@pytest.mark.parametrize("media_type", sorted(RDF_MEDIA))
def test_the_urusan_scheme_as_rdf(app, how, media_type):
    fmt = RDF_MEDIA[media_type]
    if how == "suffix":
        [suffix] = [s for s, f in SUFFIXES.items() if f == fmt]
        response = app.get(f"/ns/urusan.{suffix}")
    else:
        response = app.get("/ns/urusan", headers={"Accept": media_type})
    assert response.headers["Content-Type"].startswith(media_type)
    graph = parsed(response, fmt)
    [scheme] = graph.subjects(RDF.type, SKOS.ConceptScheme)
    assert str(scheme).endswith("/ns/urusan")
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 16
    [health] = [c for c in concepts if str(c).endswith("/ns/urusan#kesehatan")]
    assert (health, SKOS.inScheme, scheme) in graph
    assert rdflib.Literal("Kesehatan", lang="id") in set(graph.objects(health, SKOS.prefLabel))
    assert rdflib.Literal("Health", lang="en") in set(graph.objects(health, SKOS.prefLabel))


def test_a_concept_address_sends_to_its_place_on_the_page(app):
    response = app.get("/ns/urusan/kesehatan", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/ns/urusan#kesehatan")
    assert app.get("/ns/urusan/bukan-urusan", follow_redirects=False).status_code == 404
    assert app.get("/ns/urusan.csv").status_code == 404


def test_the_satudata_vocabulary_defines_its_terms(app):
    html = app.get("/ns/satudata").get_data(as_text=True)
    assert "Kosakata Satu Data" in html
    assert 'id="konsep"' in html and "satudata:konsep" in html
    assert "Satuan angka dalam tabel" in html
    graph = parsed(app.get("/ns/satudata", headers={"Accept": "text/turtle"}), "turtle")
    [ontology] = graph.subjects(RDF.type, OWL.Ontology)
    assert str(ontology).endswith("/ns/satudata")
    terms = {str(t).rsplit("#", 1)[-1] for t in graph.subjects(RDF.type, RDF.Property)}
    assert {"konsep", "definisi", "satuan", "periodeReferensi"} <= terms
    [satuan] = [t for t in graph.subjects(RDF.type, RDF.Property) if str(t).endswith("#satuan")]
    assert rdflib.Literal("Unit", lang="en") in set(graph.objects(satuan, rdflib.RDFS.label))


@pytest.fixture
def dcat_enabled():
    if "dcat" not in tk.config.get("ckan.plugins"):
        pytest.skip("the dcat plugin is not enabled")


def test_the_themes_and_terms_of_the_dcat_output_resolve_to_these_vocabularies(
        app, dcat_enabled, people, kelurahan_balowerti, create_with_upload):
    dataset = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="posyandu-terbit", bidang_urusan="pendidikan"))
    create_with_upload("kode_wilayah,nama_wilayah,periode,nilai\n"
                       "35.71.02.1002,Balowerti,2025,5\n", "data.csv",
                       package_id=dataset["id"], context={"user": people["pic"]["name"]})
    publish(people["pic"], dataset, people["curator"])
    draft = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name=f"draf-{SECRET}", bidang_urusan="sosial"))
    assert draft["name"]
    catalog = parsed(app.get("/catalog.ttl"), "turtle")
    themes = set(catalog.objects(None, DCAT.theme))
    assert {str(t).rsplit("#", 1)[-1] for t in themes} == {"pendidikan"}
    assert SECRET not in catalog.serialize(format="turtle")
    for theme in themes:
        document = urllib.parse.urlsplit(str(theme))
        scheme = parsed(app.get(document.path, headers={"Accept": "text/turtle"}), "turtle")
        assert (theme, RDF.type, SKOS.Concept) in scheme
        assert set(catalog.objects(theme, SKOS.prefLabel)) <= set(
            scheme.objects(theme, SKOS.prefLabel))
    used = {p for p in catalog.predicates() if "/ns/satudata#" in str(p)}
    assert used
    vocabulary = parsed(app.get("/ns/satudata.ttl"), "turtle")
    for term in used:
        assert (term, RDF.type, RDF.Property) in vocabulary, term
