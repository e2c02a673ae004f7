"""The kelurahan borders on the city map (/peta) in Debian's Chromium: the
demo's approximate boundaries are drawn (one outline per kelurahan, below the
points), with the "batas perkiraan, bukan batas resmi" notice and the
kelurahan labels at the polygons' representative points. Screenshot to
test-artifacts/."""
from __future__ import annotations

import pytest

import ckan.model as model

from ckanext.satudata.maps import boundary_layer
from tests.helpers import call_as, publish
from tests.map_samples import POSYANDU

pytestmark = pytest.mark.browser


def test_the_city_map_draws_the_46_approximate_kelurahan_borders(
        portal, new_page, reference_organizations, artifacts, make_layer, sysadmin):
    with open(boundary_layer.DEMO_FILE, "rb") as handle:
        assert boundary_layer.load(handle.read(), resmi=False).ok
    model.repo.commit()

    page = new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(portal("/peta"))
    page.locator('[data-module="satudata-point-map"][data-map-state="ready"]').wait_for()
    assert page.locator(".satudata-map-canvas").get_attribute("data-boundaries") == "46"
    assert page.locator(".leaflet-overlay-pane path").count() == 46
    assert page.get_by_text("adalah batas perkiraan, bukan batas resmi").is_visible()
    assert page.locator(".satudata-kelurahan-label", has_text="Balowerti").count() == 1
    page.screenshot(path=artifacts / "peta-batas-kelurahan.png", full_page=True)

    # the home page's small map and a point layer's preview draw them too
    page.goto(portal("/"))
    page.locator(".satudata-home-map .leaflet-overlay-pane path").nth(45).wait_for()
    assert page.locator(".satudata-home-map .leaflet-overlay-pane path").count() == 46
    layer = make_layer("balowerti", "posyandu", POSYANDU)
    publish(sysadmin, layer)
    resource = layer["resources"][0]
    view = call_as(sysadmin, "resource_view_list", id=resource["id"])[0]
    page.goto(portal(f"/dataset/{layer['name']}/resource/{resource['id']}/view/{view['id']}"))
    page.locator("#data-preview[data-boundaries='46']").wait_for(state="attached")
    assert page.locator(".leaflet-marker-icon").count() == len(POSYANDU)
    assert errors == []
