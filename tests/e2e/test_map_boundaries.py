"""The kelurahan borders on the city map (/peta) in Debian's Chromium: the
demo's approximate boundaries are drawn (one outline per kelurahan, below the
points), with the "batas perkiraan, bukan batas resmi" notice and the
kelurahan labels at the polygons' representative points. Screenshot to
test-artifacts/."""
from __future__ import annotations

import pytest

import ckan.model as model

from ckanext.satudata.maps import boundary_layer

pytestmark = pytest.mark.browser


def test_the_city_map_draws_the_46_approximate_kelurahan_borders(
        portal, new_page, reference_organizations, artifacts):
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
    assert errors == []
