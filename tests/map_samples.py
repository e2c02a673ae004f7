"""Point layers for the map tests: sample points and the `make_layer` fixture."""
from __future__ import annotations

import json

import pytest

import ckan.tests.helpers as helpers

from tests.conftest import call_as

BALOWERTI = "35.71.02.1002"   # Kecamatan Kota
BANDAR_LOR = "35.71.01.1001"  # Kecamatan Mojoroto

POSYANDU = [
    ((112.0170, -7.8130), {"nama": "Posyandu Mawar", "strata": "madya", "rw": "1",
                           "alamat": "Jl. Mawar 1", "jumlah_kader": 5}),
    ((112.0185, -7.8145), {"nama": "Posyandu Melati", "strata": "purnama", "rw": "2",
                           "alamat": "Jl. Melati 2"}),
]
RT = [
    ((112.0160, -7.8120), {"rt": "1", "rw": "1", "ketua": "Budi Santoso", "jumlah_kk": 40}),
    ((112.0150, -7.8110), {"rt": "2", "rw": "1", "ketua": "Siti Aminah"}),
    ((112.0140, -7.8100), {"rt": "3", "rw": "1", "ketua": "Agus Salim"}),
]


def geojson(points):
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": properties,
         "geometry": {"type": "Point", "coordinates": list(position)}}
        for position, properties in points]})


def shifted(points, dlon, dlat):
    return [((lon + dlon, lat + dlat), properties) for (lon, lat), properties in points]


@pytest.fixture
def make_layer(reference_organizations, sysadmin, create_with_upload):
    """make_layer(slug, kind, points, name=None) creates a point layer of
    kelurahan `slug` with one GeoJSON file (a draft)."""
    def make(slug, kind, points, name=None):
        dataset = call_as(sysadmin, "package_create", **{
            "type": "peta-titik", "owner_org": f"kelurahan-{slug}",
            "name": name or f"{kind}-{slug}", "title": f"{kind} {slug}",
            "jenis_titik": kind, "tahun": "2026", "produsen": f"Kelurahan {slug}",
            "klasifikasi_akses": "terbuka"})
        create_with_upload(geojson(points), f"{kind}.geojson", package_id=dataset["id"],
                           context={"user": sysadmin["name"]})
        return helpers.call_action("package_show", id=dataset["id"])
    return make
