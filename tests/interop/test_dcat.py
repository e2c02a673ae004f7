"""DCAT (ckanext-dcat with the Satu Data profile): other catalogues read the
published datasets with their Satu Data fields in standard vocabularies, and
nothing unpublished. Skipped when the `dcat` plugin is not enabled."""
from __future__ import annotations

import json

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS

import ckan.plugins.toolkit as tk

from tests.helpers import call_as, datasets_in_every_state

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

SECRET = "rahasiaungukelabu"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/"
BALOWERTI_CODE = "35.71.02.1002"
ROWS = f"kode_wilayah,nama_wilayah,periode,nilai\n{BALOWERTI_CODE},Balowerti,2025,5\n"
RDF_FORMATS = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}


@pytest.fixture(autouse=True)
def _dcat_enabled():
    if "dcat" not in tk.config.get("ckan.plugins"):
        pytest.skip("the dcat plugin is not enabled")


@pytest.fixture
def portal(people, kelurahan_balowerti, create_with_upload):
    """A published statistic, a published restricted one, and one dataset in
    each unpublished state, each named with the secret word."""
    return datasets_in_every_state(
        people, kelurahan_balowerti, create_with_upload, SECRET,
        held_edit={"title": f"Judul {SECRET}"}, rows=ROWS,
        periode_referensi="Januari–Desember")


def graph_of(app, url, fmt="ttl") -> rdflib.Graph:
    response = app.get(url)
    assert response.status_code == 200, url
    graph = rdflib.Graph()
    graph.parse(data=response.get_data(as_text=True), format=RDF_FORMATS[fmt])
    return graph


def dataset_node(graph, name):
    [node] = [s for s in graph.subjects(RDF.type, DCAT.Dataset)
              if str(graph.value(s, DCTERMS.title)) == f"Data {name}"]
    return node


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_every_output_parses_as_rdf(app, portal, fmt):
    catalog = graph_of(app, f"/catalog.{fmt}", fmt)
    assert len(list(catalog.subjects(RDF.type, DCAT.Catalog))) == 1
    assert len(list(catalog.subjects(RDF.type, DCAT.Dataset))) == 3
    for name in ("posyandu-terbit", "balita-terbatas"):
        graph = graph_of(app, f"/dataset/{name}.{fmt}", fmt)
        assert dataset_node(graph, name)


def test_a_published_statistic_carries_its_satu_data_fields(app, portal):
    graph = graph_of(app, "/dataset/posyandu-terbit.ttl")
    node = dataset_node(graph, "posyandu-terbit")
    assert graph.value(node, DCTERMS.accrualPeriodicity) == rdflib.URIRef(FREQUENCY + "ANNUAL")
    assert graph.value(node, DCTERMS.accessRights) == rdflib.URIRef(ACCESS_RIGHT + "PUBLIC")
    theme = graph.value(node, DCAT.theme)
    assert str(theme).endswith("/ns/urusan#kesehatan")
    assert rdflib.Literal("Kesehatan", lang="id") in set(graph.objects(theme, SKOS.prefLabel))
    spatial = graph.value(node, DCTERMS.spatial)
    assert str(graph.value(spatial, DCTERMS.identifier)) == BALOWERTI_CODE
    assert str(spatial).endswith("/kelurahan/balowerti")
    temporal = graph.value(node, DCTERMS.temporal)
    assert str(graph.value(temporal, DCAT.startDate)) == "2025-01-01"
    assert str(graph.value(temporal, DCAT.endDate)) == "2025-12-31"
    publisher = graph.value(node, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Organization) in graph
    assert str(graph.value(publisher, FOAF.name)) == "Kelurahan Balowerti"
    creator = graph.value(node, DCTERMS.creator)
    assert str(graph.value(creator, FOAF.name)) == "Kelurahan Balowerti"
    terms = {str(p).rsplit("#", 1)[-1]: str(o) for p, o in graph.predicate_objects(node)
             if str(p).endswith(("#satuan", "#konsep", "#definisi"))}
    assert terms == {"satuan": "unit", "konsep": "Posyandu aktif", "definisi": (
        "Posyandu yang menyelenggarakan kegiatan minimal sekali sebulan.")}
    distribution = graph.value(node, DCAT.distribution)
    assert str(graph.value(distribution, DCAT.accessURL)).endswith("/download/data.csv")


def test_a_restricted_dataset_points_to_the_access_request_page(app, portal):
    graph = graph_of(app, "/dataset/balita-terbatas.ttl")
    node = dataset_node(graph, "balita-terbatas")
    assert graph.value(node, DCTERMS.accessRights) == rdflib.URIRef(ACCESS_RIGHT + "RESTRICTED")
    distributions = list(graph.objects(node, DCAT.distribution))
    assert distributions
    for distribution in distributions:
        assert graph.value(distribution, DCAT.downloadURL) is None
        assert str(graph.value(distribution, DCAT.accessURL)).endswith(
            "/dataset/balita-terbatas/akses/ajukan")
    # The catalogue says the same of it.
    catalog = graph_of(app, "/catalog.ttl")
    node = dataset_node(catalog, "balita-terbatas")
    for distribution in catalog.objects(node, DCAT.distribution):
        assert catalog.value(distribution, DCAT.downloadURL) is None


@pytest.mark.parametrize("who", ["anonymous", "planner", "other_pic"])
def test_nothing_unpublished_goes_out(app, people, portal, who):
    environ = {}
    if who != "anonymous":
        environ["Authorization"] = call_as(
            people[who], "api_token_create", user=people[who]["name"], name="dcat")["token"]
    for fmt in RDF_FORMATS:
        response = app.get(f"/catalog.{fmt}", headers=environ)
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert SECRET not in body
        # The held edit's published version is what goes out.
        assert "Data posyandu-disunting" in body
    for dataset in portal["unpublished"]:
        for fmt in RDF_FORMATS:
            response = app.get(f"/dataset/{dataset['name']}.{fmt}", headers=environ)
            assert response.status_code in (403, 404), dataset["name"]
            # (the refusal page repeats the address asked for, not the dataset)
            assert f"Data {dataset['name']}" not in response.get_data(as_text=True)
    body = app.get("/dataset/posyandu-disunting.ttl", headers=environ).get_data(as_text=True)
    assert "Data posyandu-disunting" in body and SECRET not in body


def test_the_dataset_page_embeds_schema_org_json_ld(app, portal):
    if "structured_data" not in tk.config.get("ckan.plugins"):
        pytest.skip("the structured_data plugin is not enabled")
    html = app.get("/statistik-sektoral/posyandu-terbit").get_data(as_text=True)
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">')
    document = json.loads(html[start:html.index("</script>", start)])
    [dataset] = [node for node in document["@graph"] if node.get("@type") == "schema:Dataset"]
    assert dataset["schema:name"] == "Data posyandu-terbit"
    nodes = {node["@id"]: node for node in document["@graph"]}
    place = nodes[dataset["schema:spatialCoverage"]["@id"]]
    assert (place["schema:name"], place["schema:identifier"]) == (
        "Kelurahan Balowerti", BALOWERTI_CODE)
    assert dataset["schema:temporalCoverage"] == "2025-01-01/2025-12-31"
    assert nodes[dataset["schema:creator"]["@id"]]["schema:name"] == "Kelurahan Balowerti"
    assert dataset["schema:distribution"] and dataset["schema:license"]
