"""Point layers for the map tests: sample points and point-layer datasets
(the `make_layer` fixture is in conftest.py)."""
from __future__ import annotations

import json

from ckanext.satudata.maps import template_csv

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


def point_layer(owner_org, kind="posyandu", **overrides):
    """A valid `peta-titik` dataset dict of Balowerti."""
    data = {
        "type": "peta-titik", "owner_org": owner_org,
        "name": f"{kind}-balowerti", "title": f"Titik {kind} Balowerti",
        "jenis_titik": kind, "tahun": "2026", "produsen": "Kelurahan Balowerti",
        "klasifikasi_akses": "terbuka",
    }
    data.update(overrides)
    return data


def geojson_of(kind, points):
    """GeoJSON of `points` (lon, lat), each with the example properties of
    `kind`'s template."""
    example = dict(zip(*[line.split(",") for line in template_csv(kind).splitlines()]))
    features = []
    for lon, lat in points:
        properties = {k: v for k, v in example.items() if k not in ("latitude", "longitude")}
        features.append({"type": "Feature", "properties": properties,
                         "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    return json.dumps({"type": "FeatureCollection", "features": features})
