"""`ckan satudata segarkan-terbit`: what the portal derives from published
data is built again for datasets published before it existed (an upgraded
portal), without touching drafts."""
from __future__ import annotations

import pytest

import ckan.model as model
import ckan.tests.helpers as helpers

from ckanext.satudata.workflow import publication
from ckanext.satudata.model import DatasetStatus, MapLayer, MapPoint
from tests.helpers import call_as, publish
from tests.map_samples import POSYANDU, RT

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def _points() -> int:
    return helpers.call_action("satudata_map_points", context={"user": ""})["features"].__len__()


def test_published_layers_get_their_points_and_a_published_version_again(
        make_layer, sysadmin):  # noqa: F811
    layer = make_layer("balowerti", "posyandu", POSYANDU)
    publish(sysadmin, layer)
    draft = make_layer("balowerti", "rt", RT)
    # As an older version left it: no published version kept, no points.
    model.Session.query(MapPoint).delete()
    model.Session.query(MapLayer).delete()
    DatasetStatus.get(layer["id"]).published_snapshot = None
    model.Session.commit()
    assert _points() == 0

    assert publication.refresh_all() == 1

    assert _points() == len(POSYANDU)
    assert DatasetStatus.get(layer["id"]).published_snapshot is not None
    assert DatasetStatus.get(draft["id"]) is None or \
        DatasetStatus.get(draft["id"]).published_snapshot is None
    call_as(None, "package_show", id=layer["id"])
