"""Open statistics for statistical tools: an indicator as JSON-stat 2.0
(``/statistik/<key>.json`` serves the same). Built from
``satudata_indicator_series`` as the caller, so only published, open
figures are ever in it (see ``ckanext.satudata.statistics.exports``)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.interop import dcat_profile
from ckanext.satudata.logic import params
from ckanext.satudata.statistics import exports

__all__ = ["satudata_indicator_jsonstat", "dcat_catalog_show"]


@tk.side_effect_free
@params.reads(id=params.identifier)
def satudata_indicator_jsonstat(context: dict[str, Any], data_dict: dict[str, Any]
                                ) -> dict[str, Any]:
    """One indicator's figures as a JSON-stat 2.0 dataset, for statistical
    and charting tools.

    Only published, open datasets the caller may see contribute (a
    restricted statistic gives its metadata and no values).

    :param id: the indicator: a ``kode_indikator`` shared by the kelurahan's
        datasets, or the name of a statistik-sektoral dataset
        (e.g. ``balita-ditimbang``).
    :returns: ``{version: "2.0", class: "dataset", label, source, id:
        ["wilayah", "periode"], size, role, dimension: {wilayah, periode},
        value: [number or null], status: {index: "m"}, href, link,
        extension: {satudata: {indikator, satuan, agregasi, metadata,
        dataset: [{name, title, url}], sdmx_dataflow}}}``; the values in
        row-major order (wilayah first). Raises NotFound for an unknown or
        unpublished indicator.
    """
    tk.check_access("satudata_indicator_jsonstat", context, data_dict)
    series = tk.get_action("satudata_indicator_series")(
        {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")},
        {"id": data_dict["id"]})
    key = series["key"]
    links = {
        "text/html": series["url"],
        "text/csv": tk.url_for("satudata_interop.indicator_sdmx", key=key, _external=True),
    }
    dataset = exports.jsonstat(series, links, labels={
        "wilayah": tk._("Wilayah"), "periode": tk._("Periode"),
        "missing": tk._("tidak ada data")})
    dataset["href"] = tk.url_for("satudata_interop.indicator_jsonstat", key=key, _external=True)
    return dataset


#: The formats ckanext-dcat writes, by their endpoint and rdflib names.
RDF_FORMATS = ("ttl", "turtle", "rdf", "xml", "pretty-xml", "n3", "nt", "jsonld", "json-ld")


def _rdf_format(data_dict: dict[str, Any], key: str) -> str:
    value = params.text(data_dict, key, max_length=20)
    if value and value not in RDF_FORMATS:
        raise tk.ValidationError({key: [tk._("Format tidak dikenal: pilih salah satu dari "
                                             "{formats}.").format(formats=", ".join(RDF_FORMATS))]})
    return value


@tk.side_effect_free
@tk.chained_action
@params.reads(format=_rdf_format, page=params.non_negative_int, q=params.text,
              fq=params.text, modified_since=params.text(max_length=50))
def dcat_catalog_show(original_action: Any, context: dict[str, Any],
                      data_dict: dict[str, Any]) -> Any:
    """ckanext-dcat's catalogue page (``/catalog.ttl|.rdf|.jsonld``); in
    Turtle, the same triples written dataset by dataset with each dataset's
    Turtle kept in Redis (``interop.dcat_profile.catalog_turtle_page``):
    a page costs about what its ``package_search`` does. Its parameters
    are read first, so that a wrong value is a 409 with a message.

    :param format: ``ttl``, ``rdf`` (``xml``), ``n3`` or ``jsonld``.
    :param page: the page, from 1.
    :param q: search text; ``fq``: a search filter.
    :param modified_since: only datasets changed since this ISO-8601 date.
    """
    if (data_dict.get("format") or "") in ("ttl", "turtle"):
        tk.check_access("dcat_catalog_show", context, data_dict)
        return dcat_profile.catalog_turtle_page(context, data_dict)
    return original_action(context, data_dict)
