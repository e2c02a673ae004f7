"""CKAN's "new" and "edit" forms fill themselves from the query string; a
list field written there as text (a careless link, a probe) must not break
the page (it was a 500)."""
from __future__ import annotations

import pytest

from tests.helpers import call_as

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def pic_headers(people):
    token = call_as(people["pic"], "api_token_create", user=people["pic"]["name"], name="t")
    return {"Authorization": token["token"]}


@pytest.mark.parametrize("query", ["tags=x", "tags=a,b", "resources=x", "extras=x", "groups=x"])
def test_a_list_field_in_the_address_is_dropped_and_the_form_opens(app, pic_headers, query):
    first = app.get(f"/statistik-sektoral/new?{query}&title=Balita", headers=pic_headers,
                    follow_redirects=False, status=302)
    assert first.headers["Location"].endswith("/statistik-sektoral/new?title=Balita")

    page = app.get(f"/statistik-sektoral/new?{query}&title=Balita", headers=pic_headers)

    assert page.status_code == 200
    assert 'value="Balita"' in page.body


def test_other_fields_in_the_address_still_fill_the_form(app, pic_headers):
    page = app.get("/statistik-sektoral/new?title=Balita", headers=pic_headers,
                   follow_redirects=False)
    assert page.status_code == 200 and 'value="Balita"' in page.body
