"""The points of published map layers: extracted once, served from the table.

When a `peta-titik` dataset is published, or an approved edit of it lands
(``publication.published``), its files are read once and every valid point
is written to ``satudata_map_point`` with its GeoJSON already serialised;
when it is withdrawn (``publication.unpublished``) its points are deleted.
The map, its API (``satudata_map_points``) and its downloads read only these
tables, never the files.

Files are read from CKAN's storage (``site_files.open_uploaded``).
Resources given as a link are not fetched: a point layer accepts only
uploaded files (``point_layers.check_upload``), so a link can only be an old
or hand-made resource; it is skipped and counted in the layer's
``skipped_resources``, like an upload whose file cannot be read.

Reading is defensive twice over: only layers whose dataset is active, not
private and in the `terbit` state are ever served (a join on every query),
so a missed hook can hide points but never publish a draft.
"""
from ckanext.satudata.map_points.extraction import INSERT_BATCH, extract, insert_points, remove
from ckanext.satudata.map_points.params import parse_filters
from ckanext.satudata.map_points.query import (
    Filters, attribute_names, counts_by_kind, feature_collection, iter_rows,
    kelurahan_places, layer_counts, version)

__all__ = [
    "INSERT_BATCH", "Filters", "attribute_names", "counts_by_kind", "extract",
    "feature_collection", "insert_points", "iter_rows", "kelurahan_places",
    "layer_counts", "parse_filters", "remove", "version",
]
