"""An indicator's figures for statistical tools, from the same published
figures as its page (``satudata_indicator_series`` as the visitor):

* ``GET /statistik/<key>.json``: JSON-stat 2.0 (``satudata_indicator_jsonstat``);
* ``GET /statistik/<key>.csv``: SDMX-CSV 2.0, dataflow
  ``SATUDATA:DF_INDIKATOR(1.0)`` (see ``statistics/exports.py``).

The portal's own vocabularies, which its DCAT output names (public, no data):

* ``GET /ns/urusan``: the concept scheme of the government affairs (the
  ``dcat:theme`` of each statistic), an HTML page or, by content negotiation
  or ``/ns/urusan.ttl|.rdf|.jsonld``, RDF; ``/ns/urusan/<code>`` sends to the
  concept on the page (``/ns/urusan#<code>``, the concept's URI);
* ``GET /ns/satudata``: the ``satudata:`` properties, likewise.
"""
from __future__ import annotations

import io
import json

from typing import Any

from flask import Blueprint, Response, redirect, request

import ckan.plugins.toolkit as tk

from ckanext.satudata import site
from ckanext.satudata.interop import namespaces, vocabulary
from ckanext.satudata.statistics import exports
from ckanext.satudata.tabular import csv_output

interop = Blueprint("satudata_interop", __name__)


def _not_found() -> Response:
    return tk.abort(404, tk._("Indikator tidak ditemukan."))


@interop.route("/statistik/<key>.json")
def indicator_jsonstat(key: str) -> Response:
    try:
        dataset = tk.get_action("satudata_indicator_jsonstat")(site.user_context(), {"id": key})
    except (tk.ObjectNotFound, tk.ValidationError):
        return _not_found()
    return Response(json.dumps(dataset, ensure_ascii=False, indent=1).encode("utf-8"),
                    mimetype="application/json", headers={"Access-Control-Allow-Origin": "*"})


@interop.route("/statistik/<key>.csv")
def indicator_sdmx(key: str) -> Response:
    try:
        series = tk.get_action("satudata_indicator_series")(site.user_context(), {"id": key})
    except (tk.ObjectNotFound, tk.ValidationError):
        return _not_found()
    out = io.StringIO()
    csv_output.writer(out).writerows(exports.sdmx_rows(series))
    return Response(out.getvalue().encode("utf-8"), content_type=exports.SDMX_MEDIA_TYPE,
                    headers={"Content-Disposition":
                             f'attachment; filename="{series["key"]}.sdmx.csv"',
                             "Access-Control-Allow-Origin": "*"})



# --- the portal's vocabularies ---------------------------------------------

#: The dataset type whose schema holds the urusan choices and the fields of
#: the ``satudata:`` terms.
_STATISTIC_TYPE = "statistik-sektoral"


def _site_url() -> str:
    return (tk.config.get("ckan.site_url") or "").rstrip("/")


def _statistic_fields() -> dict[str, dict[str, Any]]:
    try:
        schema = tk.get_action("scheming_dataset_schema_show")(
            {"ignore_auth": True}, {"type": _STATISTIC_TYPE})
    except (KeyError, tk.ObjectNotFound):
        return {}
    return {f["field_name"]: f for f in schema.get("dataset_fields", [])}


def _by_language(value: Any, default: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        return {lang: str(text) for lang, text in value.items() if text}
    return {"id": str(value)} if value else ({"id": default} if default else {})


def _concepts() -> list[namespaces.Concept]:
    field = _statistic_fields().get("bidang_urusan") or {}
    return [namespaces.Concept(choice["value"], _by_language(choice.get("label"),
                                                             choice["value"]))
            for choice in field.get("choices", [])]


def _terms() -> list[namespaces.Term]:
    fields = _statistic_fields()
    terms = []
    for field_name, name in vocabulary.SATUDATA_LITERALS.items():
        field = fields.get(field_name) or {}
        terms.append(namespaces.Term(
            name, field_name, _by_language(field.get("label"), field_name),
            _by_language(field.get("help_text"))))
    return terms


def _requested_format(suffix: str | None) -> str | None:
    """The RDF format asked for (by suffix, else by the Accept header), or
    None for the HTML page."""
    if suffix is not None:
        if suffix not in namespaces.FORMATS:
            tk.abort(404, tk._("Halaman tidak ditemukan."))
        return suffix
    best = request.accept_mimetypes.best_match(["text/html", *namespaces.MEDIA_TYPES])
    return namespaces.MEDIA_TYPES.get(best or "text/html")


def _rdf(graph: Any, suffix: str) -> Response:
    _fmt, media_type = namespaces.FORMATS[suffix]
    return Response(namespaces.serialize(graph, suffix),
                    content_type=f"{media_type}; charset=utf-8",
                    headers={"Access-Control-Allow-Origin": "*", "Vary": "Accept"})


def _formats(endpoint: str) -> list[dict[str, str]]:
    names = {"ttl": "Turtle", "rdf": "RDF/XML", "jsonld": "JSON-LD"}
    return [{"name": names[suffix], "url": tk.url_for(endpoint, suffix=suffix)}
            for suffix in namespaces.FORMATS]


def _vocabulary(suffix: str | None, graph: Any, template: str, page: Any) -> Any:
    """A published vocabulary: RDF when asked for (suffix or Accept), else
    its page in the user's language. `graph` and `page(lang)` make them."""
    fmt = _requested_format(suffix)
    if fmt is not None:
        return _rdf(graph(), fmt)
    response = Response(tk.render(template, page(tk.h.lang())))
    response.headers["Vary"] = "Accept"
    return response


@interop.route("/ns/urusan")
@interop.route("/ns/urusan.<suffix>")
def urusan_scheme(suffix: str | None = None) -> Any:
    site_url = _site_url()
    concepts = _concepts()
    return _vocabulary(
        suffix, lambda: namespaces.urusan_graph(site_url, concepts), "satudata/ns/urusan.html",
        lambda lang: {
            "scheme_uri": vocabulary.urusan_scheme(site_url),
            "title": namespaces.label(namespaces.SCHEME_TITLES, lang),
            "concepts": [{"code": c.code, "uri": vocabulary.urusan_concept(site_url, c.code),
                          "label": namespaces.label(c.labels, lang, c.code),
                          "labels": c.labels} for c in concepts],
            "formats": _formats("satudata_interop.urusan_scheme"),
        })


@interop.route("/ns/urusan/<code>")
def urusan_concept(code: str) -> Any:
    """A concept's own address sends to its place on the scheme's page."""
    if code not in {c.code for c in _concepts()}:
        return tk.abort(404, tk._("Bidang urusan tidak ditemukan."))
    return redirect(f"{tk.url_for('satudata_interop.urusan_scheme')}#{code}", code=303)


@interop.route("/ns/satudata")
@interop.route("/ns/satudata.<suffix>")
def satudata_vocabulary(suffix: str | None = None) -> Any:
    site_url = _site_url()
    terms = _terms()
    return _vocabulary(
        suffix, lambda: namespaces.satudata_graph(site_url, terms), "satudata/ns/satudata.html",
        lambda lang: {
            "namespace": vocabulary.namespace(site_url),
            "title": namespaces.label(namespaces.VOCABULARY_TITLES, lang),
            "terms": [{"name": t.name, "field": t.field_name,
                       "uri": vocabulary.namespace(site_url) + t.name,
                       "label": namespaces.label(t.labels, lang, t.name),
                       "comment": namespaces.label(t.comments, lang)} for t in terms],
            "formats": _formats("satudata_interop.satudata_vocabulary"),
        })
