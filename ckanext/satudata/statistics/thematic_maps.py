"""Thematic maps (choropleths) as the pages serve them: the answer of a map
(the kelurahan boundaries with each one's value, class, rank and page, and
the legend) and what the drawing script needs (assets/statistics/
choropleth-layer.js). Glue shared by the statistics views (an indicator's map,
the comparison page's map per column) and the city map's thematic layer."""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk

from ckanext.satudata import config, reference
from ckanext.satudata.maps import boundary_layer
from ckanext.satudata.statistics import choropleth


def texts() -> dict[str, str]:
    """The drawing script's texts in the page's language."""
    return {"rank": tk._("peringkat {rank} dari {count}"),
            "noData": tk._("tidak ada data"),
            "loadFailed": tk._("Peta tematik tidak dapat dimuat. Muat ulang halaman.")}


def values_of_reference(values: dict[str, Optional[float]]) -> dict[str, float]:
    """{kode_wilayah: value} of the kelurahan of the reference list that have one."""
    return {kode: value for kode, value in values.items()
            if value is not None and reference.by_code(kode)}


def module_config(url: str) -> Optional[dict[str, Any]]:
    """The configuration of a thematic map module (assets/statistics/
    thematic-map.js) drawing `url` (empty: drawn on request), or None when no
    boundaries are loaded."""
    boundary = boundary_layer.map_layer()
    if boundary is None:
        return None
    return {"url": url, "extent": boundary["extent"], "official": boundary["official"],
            "tileUrl": config.map_tile_url(), "tileAttribution": config.map_tile_attribution(),
            "texts": texts()}


def answer(values: dict[str, float], **about: Any) -> dict[str, Any]:
    """The thematic map of `values` ({kode_wilayah: value}) as GeoJSON: a
    feature per kelurahan boundary with kode_wilayah, nama_wilayah, nilai
    (null: no data), nilai_teks, kelas, peringkat, warna and url (its page);
    the legend (classes and "tidak ada data"), `dengan_nilai`, `batas`:
    false when no boundaries are loaded (no features), `batas_resmi`, and
    `about` (title, unit, period of the map) as given."""
    boundary = boundary_layer.map_layer()
    features = boundary["features"]["features"] if boundary else []
    result = choropleth.classify(values, [f["properties"]["kode_wilayah"] for f in features],
                                 number=tk.h.satudata_number)
    collection: list[dict[str, Any]] = []
    for feature in features:
        kode = feature["properties"]["kode_wilayah"]
        area = result.areas[kode]
        found = reference.by_code(kode)
        collection.append({"type": "Feature", "geometry": feature["geometry"], "properties": {
            "kode_wilayah": kode, "nama_wilayah": feature["properties"]["nama_wilayah"],
            "nilai": area.value,
            "nilai_teks": tk.h.satudata_number(area.value) if area.value is not None else "",
            "kelas": area.index, "peringkat": area.rank, "warna": area.color,
            "url": tk.url_for("satudata_kelurahan.read", name=found.slug) if found else None}})
    legend = [{"kelas": c.index, "batas_bawah": c.lower, "batas_atas": c.upper,
               "jumlah": c.count, "warna": c.color, "label": c.label} for c in result.classes]
    if result.no_data:
        legend.append({"kelas": None, "jumlah": len(result.no_data),
                       "warna": choropleth.NO_DATA_COLOR, "label": tk._("tidak ada data")})
    return {"type": "FeatureCollection", "features": collection, "legend": legend,
            **about, "dengan_nilai": len(values),
            "batas": boundary is not None, "batas_resmi": bool(boundary and boundary["official"])}
