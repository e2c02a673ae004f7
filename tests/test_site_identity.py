"""The portal shows the city's own name, logo and favicon, and a signed-in
page asks no third party for anything (no avatar from gravatar.com)."""
from __future__ import annotations

import re

import pytest

import ckan.tests.factories as factories

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def test_the_home_page_shows_the_city_name_logo_and_favicon(app):
    page = app.get("/").get_data(as_text=True)
    assert "Satu Data Kota Kediri" in page
    assert 'src="/satudata/logo-kota-kediri.svg"' in page
    assert re.search(r'<link rel="shortcut icon" href="/satudata/favicon.svg"', page)
    for path in ("/satudata/logo-kota-kediri.svg", "/satudata/favicon.svg"):
        response = app.get(path)
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("image/svg+xml")
        assert b"<svg" in response.get_data()


@pytest.mark.ckan_config("ckan.site_logo", "/satudata/favicon.svg")
def test_the_logo_is_configurable(app):
    assert 'src="/satudata/favicon.svg"' in app.get("/").get_data(as_text=True)


def test_signed_in_pages_fetch_no_avatar_from_a_third_party(app):
    # No picture of their own (CKAN's factory would give one): the case
    # where CKAN falls back to gravatar.com unless it is disabled.
    user = factories.UserWithToken(email="pic@kedirikota.example", image_url="")
    headers = {"Authorization": user["token"]}
    for url in ("/dashboard/datasets", f"/user/{user['name']}", "/"):
        response = app.get(url, headers=headers)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert user["name"] in page, url            # signed in: the header names the user
        assert "gravatar" not in page.lower(), url
        assert not re.findall(r'<img[^>]+src="(?:https?:)?//', page), url


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.06")
def test_the_site_title_names_the_configured_region(app, make_app):
    """`ckan.site_title = Satu Data {wilayah}`: another kabupaten's portal
    is titled with its own name from its first start."""
    page = make_app().get("/").get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "Satu Data Kabupaten Kediri" in title
    assert "Kota Kediri" not in title and "{wilayah}" not in page
