"""/sitemap.xml and /robots.txt: search engines find the published
datasets, kelurahan pages and indicators, and nothing unpublished."""
from __future__ import annotations

import importlib
import xml.etree.ElementTree as ET

import pytest

import ckan.plugins.toolkit as tk

from tests.helpers import call_as, datasets_in_every_state, publish, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

# The module (the package exports its blueprint under the same name).
sitemap_view = importlib.import_module("ckanext.satudata.views.sitemap")

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SECRET = "namarahasiajingga"


def locations(app, url="/sitemap.xml") -> list[str]:
    response = app.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.get_data())
    assert root.tag == "{%s}urlset" % NS["s"]
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


@pytest.fixture
def portal(people, kelurahan_balowerti, create_with_upload):
    """A published statistic with a table (an indicator), and one dataset
    in each unpublished state, each named with the secret word."""
    return datasets_in_every_state(
        people, kelurahan_balowerti, create_with_upload, SECRET,
        held_edit={"name": f"disunting-{SECRET}"},
        rows="kode_wilayah,nama_wilayah,periode,nilai\n35.71.02.1002,Balowerti,2025,5\n")


def test_the_sitemap_lists_published_datasets_kelurahan_and_indicators(app, portal):
    site_url = tk.config.get("ckan.site_url").rstrip("/")
    urls = locations(app)
    assert all(url.startswith(site_url + "/") for url in urls)
    assert f"{site_url}/statistik-sektoral/posyandu-terbit" in urls
    assert f"{site_url}/statistik-sektoral/balita-terbatas" in urls  # its metadata is public
    assert f"{site_url}/statistik/posyandu-terbit" in urls
    assert f"{site_url}/kelurahan/balowerti" in urls
    assert f"{site_url}/statistik" in urls and f"{site_url}/api/referensi" in urls
    assert len(urls) == len(set(urls))


def test_nothing_unpublished_is_in_the_sitemap(app, portal):
    body = app.get("/sitemap.xml").get_data(as_text=True)
    assert SECRET not in body
    # The held edit renamed the dataset: the public keeps its published name.
    assert "/statistik-sektoral/posyandu-disunting" in body


def test_a_large_sitemap_is_an_index_of_pages(app, portal, monkeypatch):
    everything = locations(app)
    monkeypatch.setattr(sitemap_view, "MAX_URLS", 3)
    root = ET.fromstring(app.get("/sitemap.xml").get_data())
    assert root.tag == "{%s}sitemapindex" % NS["s"]
    pages = [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]
    assert len(pages) == -(-len(everything) // 3)
    site_url = tk.config.get("ckan.site_url").rstrip("/")
    paged = []
    for page in pages:
        assert page.startswith(site_url)
        urls = locations(app, page[len(site_url):])
        assert 0 < len(urls) <= 3
        paged.extend(urls)
    assert paged == everything
    assert app.get(f"/sitemap-{len(pages) + 1}.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_off_forms_and_the_api(app):
    response = app.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    lines = response.get_data(as_text=True).splitlines()
    site_url = tk.config.get("ckan.site_url").rstrip("/")
    assert f"Sitemap: {site_url}/sitemap.xml" in lines
    assert lines[0] == "User-agent: *"
    for rule in ("Disallow: /dataset/new", "Disallow: /user/", "Disallow: /api/",
                 "Allow: /api/referensi", "Disallow: /en/user/"):
        assert rule in lines, rule
    assert "Disallow: /" not in lines


def test_the_sitemap_lists_a_dataset_once_it_is_published(app, people, kelurahan_balowerti):
    dataset = call_as(people["pic"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name="profil-baru"))
    assert not any(url.endswith("/profil-baru") for url in locations(app))
    publish(people["pic"], dataset, people["curator"])
    assert any(url.endswith("/statistik-sektoral/profil-baru") for url in locations(app))
