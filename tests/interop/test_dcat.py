"""DCAT (ckanext-dcat with the Satu Data profile): other catalogues read the
published datasets with their Satu Data fields in standard vocabularies, and
nothing unpublished. Skipped when the `dcat` plugin is not enabled."""
from __future__ import annotations

import json

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories

from ckanext.satudata import config
from ckanext.satudata.maps import boundary_layer
from tests.helpers import call_as, datasets_in_every_state, publish, statistik_sektoral

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


def _geo_literals(graph, node, predicate):
    """{datatype's last part: value} of a location's geometry literals."""
    return {str(o.datatype).rsplit("/", 1)[-1].rsplit("#", 1)[-1]: str(o)
            for o in graph.objects(node, predicate)}


def _box_of_wkt(text):
    coordinates = [tuple(float(v) for v in pair.split())
                   for pair in text.removeprefix("POLYGON((").removesuffix("))").split(",")]
    lons, lats = [c[0] for c in coordinates], [c[1] for c in coordinates]
    return min(lons), min(lats), max(lons), max(lats)


def test_the_kelurahan_of_a_dataset_comes_with_its_box_and_centre(app, portal):
    graph = graph_of(app, "/dataset/posyandu-terbit.ttl")
    spatial = graph.value(dataset_node(graph, "posyandu-terbit"), DCTERMS.spatial)
    assert (spatial, RDF.type, DCTERMS.Location) in graph
    bbox = _geo_literals(graph, spatial, DCAT.bbox)
    # Without boundaries loaded: the box of the shipped approximate boundary.
    west, south, east, north = _box_of_wkt(bbox["wktLiteral"])
    assert (west, south, east, north) == (112.01357, -7.81687, 112.02444, -7.80667)
    geojson = json.loads(bbox["vnd.geo+json"])
    assert geojson["type"] == "Polygon"
    assert min(c[0] for c in geojson["coordinates"][0]) == west
    centre = _geo_literals(graph, spatial, DCAT.centroid)["wktLiteral"]
    lon, lat = (float(v) for v in centre.removeprefix("POINT(").removesuffix(")").split())
    assert west < lon < east and south < lat < north


@pytest.fixture
def balowerti_boundary_shrunk():
    """The demo boundaries loaded, with Balowerti's polygon halved about
    its centre: its box then differs from the shipped approximation."""
    with open(boundary_layer.DEMO_FILE, encoding="utf-8") as handle:
        collection = json.load(handle)
    [feature] = [f for f in collection["features"]
                 if f["properties"]["kode_wilayah"] == BALOWERTI_CODE]
    ring = feature["geometry"]["coordinates"][0]
    cx = sum(p[0] for p in ring[:-1]) / (len(ring) - 1)
    cy = sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
    feature["geometry"]["coordinates"][0] = [
        [round(cx + (x - cx) / 2, 6), round(cy + (y - cy) / 2, 6)] for x, y in ring]
    report = boundary_layer.load(json.dumps(collection).encode(), "batas.geojson", resmi=True)
    assert report.ok, [p.text() for p in report.errors]
    model.Session.commit()
    xs = [p[0] for p in feature["geometry"]["coordinates"][0]]
    ys = [p[1] for p in feature["geometry"]["coordinates"][0]]
    return round(min(xs), 5), round(min(ys), 5), round(max(xs), 5), round(max(ys), 5)


def test_loaded_boundaries_give_the_box_in_dcat_and_schema_org(
        app, portal, balowerti_boundary_shrunk):
    graph = graph_of(app, "/dataset/posyandu-terbit.ttl")
    spatial = graph.value(dataset_node(graph, "posyandu-terbit"), DCTERMS.spatial)
    box = _box_of_wkt(_geo_literals(graph, spatial, DCAT.bbox)["wktLiteral"])
    assert box == pytest.approx(balowerti_boundary_shrunk, abs=1e-5)
    if "structured_data" in tk.config.get("ckan.plugins"):
        html = app.get("/statistik-sektoral/posyandu-terbit").get_data(as_text=True)
        start = html.index('<script type="application/ld+json">') + len(
            '<script type="application/ld+json">')
        document = json.loads(html[start:html.index("</script>", start)])
        nodes = {node["@id"]: node for node in document["@graph"]}
        [dataset] = [n for n in document["@graph"] if n.get("@type") == "schema:Dataset"]
        place = nodes[dataset["schema:spatialCoverage"]["@id"]]
        shape = nodes[place["schema:geo"]["@id"]]
        assert shape["@type"] == "schema:GeoShape"
        south, west, north, east = (float(v) for v in shape["schema:box"].split())
        assert (west, south, east, north) == pytest.approx(balowerti_boundary_shrunk, abs=1e-5)


def test_a_city_agency_dataset_covers_the_city(app, people, sysadmin, create_with_upload):
    dinkes = factories.Organization(name="dinkes", title="Dinas Kesehatan",
                                    jenis_organisasi="produsen")
    dataset = call_as(sysadmin, "package_create", **statistik_sektoral(
        dinkes["id"], name="imunisasi-kota", title="Data imunisasi-kota",
        produsen="Dinas Kesehatan"))
    create_with_upload(ROWS, "data.csv", package_id=dataset["id"],
                       context={"user": sysadmin["name"]})
    publish(sysadmin, dataset)
    graph = graph_of(app, "/dataset/imunisasi-kota.ttl")
    spatial = graph.value(dataset_node(graph, "imunisasi-kota"), DCTERMS.spatial)
    assert str(graph.value(spatial, DCTERMS.identifier)) == "35.71"
    box = _box_of_wkt(_geo_literals(graph, spatial, DCAT.bbox)["wktLiteral"])
    assert box == pytest.approx(config.city_bbox(), abs=1e-5)


def test_an_open_statistic_offers_its_indicator_series_as_distributions(app, portal):
    graph = graph_of(app, "/dataset/posyandu-terbit.ttl")
    node = dataset_node(graph, "posyandu-terbit")
    urls = {str(graph.value(d, DCAT.downloadURL)): d for d in graph.objects(node, DCAT.distribution)
            if graph.value(d, DCAT.downloadURL) is not None}
    [jsonstat] = [d for url, d in urls.items() if url.endswith("/statistik/posyandu-terbit.json")]
    [sdmx] = [d for url, d in urls.items() if url.endswith("/statistik/posyandu-terbit.csv")]
    assert str(graph.value(jsonstat, DCTERMS.conformsTo)) == "https://json-stat.org/format/"
    assert str(graph.value(sdmx, DCAT.mediaType)).endswith("application/vnd.sdmx.data+csv")
    # The addresses answer, with the series.
    for url in urls:
        if "/statistik/" in url:
            path = url[url.index("/statistik/"):]
            assert app.get(path).status_code == 200, path
    # A restricted statistic's series have no values: not offered.
    restricted = graph_of(app, "/dataset/balita-terbatas.ttl")
    assert "/statistik/" not in restricted.serialize(format="turtle")


def test_the_turtle_catalogue_says_what_ckanext_dcat_says(app, portal):
    """/catalog.ttl is written dataset by dataset (each kept in Redis): the
    same graph as ckanext-dcat's own whole-page serialisation."""
    from rdflib.compare import isomorphic
    from ckanext.dcat.logic import dcat_catalog_show as whole_page
    ours = graph_of(app, "/catalog.ttl")
    again = graph_of(app, "/catalog.ttl")  # from the kept Turtle
    with app.flask_app.test_request_context("/catalog.ttl"):
        expected = rdflib.Graph().parse(
            data=whole_page({"user": ""}, {"format": "ttl"}), format="turtle")
    assert len(list(expected.subjects(RDF.type, DCAT.Dataset))) == 3
    assert isomorphic(ours, expected)
    assert isomorphic(again, expected)


def _catalogue_modified(app, url):
    graph = graph_of(app, url)
    [catalogue] = graph.subjects(RDF.type, DCAT.Catalog)
    return str(graph.value(catalogue, DCTERMS.modified))


def test_an_approved_edit_reaches_the_turtle_catalogue(app, people, portal):
    before = app.get("/catalog.ttl").get_data(as_text=True)
    assert "Data posyandu-disunting" in before and SECRET not in before
    publish(people["pic"], portal["held"], people["curator"])
    after = app.get("/catalog.ttl").get_data(as_text=True)
    assert f"Judul {SECRET}" in after and "Data posyandu-disunting" not in after
    rdflib.Graph().parse(data=after, format="turtle")


def test_the_catalogues_modified_date_follows_a_withdrawal_at_once(app, people, portal):
    """The catalogue's own triples are kept for every page: its dct:modified
    (the newest public dataset's, never a draft's or a held edit's) still
    changes with the next publication or withdrawal."""
    def newest_public():
        return call_as(None, "package_search", sort="metadata_modified desc",
                       rows=1)["results"][0]

    newest = newest_public()
    assert _catalogue_modified(app, "/catalog.ttl?page=2") == newest["metadata_modified"]
    call_as(people["curator"], "satudata_withdraw", id=newest["id"], note="Salah.")
    now_newest = newest_public()
    assert now_newest["id"] != newest["id"]
    assert _catalogue_modified(app, "/catalog.ttl?page=2") == now_newest["metadata_modified"]


def test_published_datasets_are_described_before_the_catalogue_is_asked(
        app, portal, monkeypatch):
    """Each publication keeps its dataset's Turtle: the first /catalog.ttl
    page after it describes no dataset afresh, and says the same as
    ckanext-dcat's own serialisation."""
    from rdflib.compare import isomorphic
    from ckanext.dcat.logic import dcat_catalog_show as whole_page
    from ckanext.satudata.interop import dcat_profile

    def described_afresh(*args):
        raise AssertionError("a published dataset was described afresh")

    monkeypatch.setattr(dcat_profile, "_dataset_turtle", described_afresh)
    ours = graph_of(app, "/catalog.ttl")
    with app.flask_app.test_request_context("/catalog.ttl"):
        expected = rdflib.Graph().parse(
            data=whole_page({"user": ""}, {"format": "ttl"}), format="turtle")
    assert len(list(ours.subjects(RDF.type, DCAT.Dataset))) == 3
    assert isomorphic(ours, expected)


def test_each_published_dataset_keeps_one_turtle_which_its_withdrawal_removes(
        app, cli, people, portal, monkeypatch):
    """What the catalogue keeps per published dataset does not expire and is
    replaced, not added to, by a new public version; a withdrawal removes
    it; a portal that lost it (upgraded, Redis emptied) gets it back with
    `ckan satudata siapkan-katalog`, after which no catalogue page
    describes a dataset afresh."""
    from ckan.lib.redis import connect_to_redis
    from ckanext.satudata.cli import satudata as satudata_cli
    from ckanext.satudata.interop import dcat_profile

    redis = connect_to_redis()

    def kept(dataset):
        key = redis.get(dcat_profile._published_pointer(dataset["id"]))
        return key.decode() if key and redis.exists(key) else None

    published = [portal["published"], portal["restricted"], portal["held"]]
    keys = [kept(d) for d in published]
    assert all(keys) and all(redis.ttl(key) == -1 for key in keys)
    assert all(kept(d) is None for d in portal["unpublished"])

    publish(people["pic"], portal["held"], people["curator"])   # its held edit lands
    assert kept(portal["held"]) not in (None, keys[2]) and not redis.exists(keys[2])

    call_as(people["curator"], "satudata_withdraw", id=portal["published"]["id"], note="Salah.")
    assert kept(portal["published"]) is None and not redis.exists(keys[0])

    for dataset in (portal["restricted"], portal["held"]):    # as before an upgrade
        redis.delete(kept(dataset), dcat_profile._published_pointer(dataset["id"]))
    result = cli.invoke(satudata_cli, ["siapkan-katalog"])
    assert result.exit_code == 0, result.output
    assert "Katalog DCAT: 2 dari 2 dataset terbit disiapkan." in result.output
    assert kept(portal["restricted"]) and kept(portal["held"])

    def described_afresh(*args):
        raise AssertionError("a published dataset was described afresh")

    monkeypatch.setattr(dcat_profile, "_dataset_turtle", described_afresh)
    graph = graph_of(app, "/catalog.ttl")
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 2
    again = cli.invoke(satudata_cli, ["siapkan-katalog"])
    assert "Katalog DCAT: 0 dari 2 dataset terbit disiapkan." in again.output
