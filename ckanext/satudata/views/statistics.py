"""Open statistics in the browser, through the API actions:

* ``GET /statistik``: published indicators grouped by sector
  (``satudata_indicator_list``);
* ``GET /statistik/<key>``: one indicator: metadata, latest value, chart of
  its series, comparison across kelurahan, downloads
  (``satudata_indicator_series``); ``/statistik/<key>/unduh.csv`` its
  figures as CSV;
* ``GET /statistik/perbandingan-kelurahan?tahun=``: the profiles of the 46
  kelurahan side by side (``satudata_kelurahan_comparison``);
  ``.../unduh.csv`` the same table as CSV;
* ``GET /statistik/<key>/peta.geojson?periode=``: the thematic map of one
  period (default the latest): the kelurahan boundaries with each one's
  value, quantile class, rank and page, and the legend;
  ``/statistik/perbandingan-kelurahan/peta.geojson?kolom=&tahun=`` the same
  for one column of the comparison.
"""
from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, Response, jsonify

import ckan.plugins.toolkit as tk

from ckanext.satudata import site
from ckanext.satudata.statistics import indicators, thematic_maps
from ckanext.satudata.tabular import csv_output

statistics = Blueprint("satudata_statistics", __name__)

# Charts switch from bars to a line above this many periods.
LINE_CHART_FROM = 6


def _csv_response(rows: list[list[Any]], filename: str) -> Response:
    out = io.StringIO()
    csv_output.writer(out).writerows(rows)
    return Response(out.getvalue().encode("utf-8-sig"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _number(value: float | None) -> str:
    """A number for a CSV cell: no thousands separator, a decimal point."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(round(value, 6))


@statistics.route("/statistik")
def index() -> str:
    sector = tk.request.args.get("bidang_urusan", "")
    q = tk.request.args.get("q", "")
    result = tk.get_action("satudata_indicator_list")(
        site.user_context(), {"bidang_urusan": sector, "q": q})
    all_sectors = result["sectors"] if not sector and not q else tk.get_action(
        "satudata_indicator_list")(site.user_context(), {})["sectors"]
    return tk.render("satudata/statistics/index.html", {
        "result": result, "sector": sector, "q": q,
        "sector_choices": [(s["bidang_urusan"], s["label"], len(s["indicators"]))
                           for s in all_sectors]})


def _series_chart(series: dict[str, Any]) -> dict[str, Any]:
    points = series["series"]
    return {
        "type": "line" if len(points) > LINE_CHART_FROM else "bar",
        "labels": [p["label"] for p in points],
        "series": [{"label": series["aggregation_label"] if series["comparison"]
                    else series["title"], "data": [p["nilai"] for p in points]}],
        "unit": series["metadata"]["satuan"],
    }


def _comparison_chart(series: dict[str, Any]) -> dict[str, Any] | None:
    comparison = series["comparison"]
    if not comparison:
        return None
    return {
        "type": "bar", "horizontal": True,
        "labels": [i["nama_wilayah"] or i["kode_wilayah"] for i in comparison["items"]],
        "series": [{"label": comparison["label"], "data": [i["nilai"] for i in comparison["items"]]}],
        "unit": series["metadata"]["satuan"],
    }


def _resource_page(dataset: dict[str, Any], resource_id: str) -> str:
    return tk.url_for(f"{indicators.DATASET_TYPE}_resource.read", id=dataset["name"],
                      resource_id=resource_id)


def sources(series: dict[str, Any]) -> dict[str, Any]:
    """Where the figures of `series` come from: {tables: [{dataset_title,
    dataset_url, name, url (the resource's page), download_url, format,
    value_count, skipped_rows, truncated}], skipped_rows (in all), by_area:
    {area key: the table of the compared period's value}}. Only what the
    series gives (published datasets the caller may see, their open tables);
    by_id: the tables by resource id."""
    datasets = {d["name"]: d for d in series["datasets"]}
    open_ids = [d["id"] for d in reversed(series["datasets"])
                if d["klasifikasi_akses"] == indicators.OPEN]  # oldest first
    counts = indicators.source_counts(open_ids)
    tables, by_id = [], {}
    for resource in series["resources"]:
        dataset = datasets.get(resource["dataset"])
        if dataset is None:
            continue
        count = counts.get(resource["id"], {})
        table = by_id[resource["id"]] = {
            "dataset_title": dataset["title"] or dataset["name"], "dataset_url": dataset["url"],
            "name": resource["name"], "url": _resource_page(dataset, resource["id"]),
            "download_url": resource["url"], "format": resource["format"],
            "value_count": count.get("value_count"),
            "skipped_rows": count.get("skipped_rows") or 0,
            "truncated": bool(count.get("truncated"))}
        tables.append(table)
    by_area = {}
    if series["comparison"]:
        found = indicators.period_sources(open_ids, series["comparison"]["periode"])
        by_area = {key: by_id[resource_id] for key, (_package, resource_id) in found.items()
                   if resource_id in by_id}
    return {"tables": tables, "by_id": by_id, "by_area": by_area,
            "skipped_rows": sum(t["skipped_rows"] for t in tables)}


def area_key(item: dict[str, Any]) -> str:
    """The key of a comparison item in `sources()["by_area"]`."""
    return item["kode_wilayah"] or (item["nama_wilayah"] or "").strip().lower()


@statistics.route("/statistik/<key>")
def indicator(key: str) -> str:
    try:
        series = tk.get_action("satudata_indicator_series")(
            site.user_context(), {"id": key, "periode": tk.request.args.get("periode", "")})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Indikator tidak ditemukan."))
    except tk.ValidationError:
        series = tk.get_action("satudata_indicator_series")(site.user_context(), {"id": key})
    if series["key"] != key:
        return tk.redirect_to("satudata_statistics.indicator", key=series["key"])
    return tk.render("satudata/statistics/indicator.html", {
        "thematic_map": _thematic_map_config(series),
        "series": series,
        "series_chart": _series_chart(series),
        "comparison_chart": _comparison_chart(series),
        "sources": sources(series),
        "area_key": area_key,
    })


def _map_period(series: dict[str, Any], asked: str) -> dict[str, Any] | None:
    """The period of the thematic map: `asked` when the series has it, else the latest."""
    periods = series["periods"]
    return next((p for p in periods if p["periode"] == asked), periods[-1] if periods else None)


def _map_values(series: dict[str, Any], periode: str) -> dict[str, float]:
    """{kode_wilayah: value} of the kelurahan of the reference list in `periode`."""
    return thematic_maps.values_of_reference(
        {area["kode_wilayah"]: area["nilai"].get(periode) for area in series["areas"]})


def _thematic_map_config(series: dict[str, Any]) -> dict[str, Any] | None:
    """What the thematic map module needs (assets/statistics/thematic-map.js),
    or None without boundaries or without a value of a kelurahan."""
    period = _map_period(series, (series["comparison"] or {}).get("periode", ""))
    if period is None or not _map_values(series, period["periode"]):
        return None
    found = thematic_maps.module_config(tk.url_for(
        "satudata_statistics.indicator_map", key=series["key"], periode=period["periode"]))
    return found and dict(found, period=period["label"], unit=series["metadata"]["satuan"])


@statistics.route("/statistik/<key>/peta.geojson")
def indicator_map(key: str) -> Response:
    """The thematic map of one period as GeoJSON (statistics/thematic_maps.py
    answer), with the indicator's key and title, the period and the unit."""
    try:
        series = tk.get_action("satudata_indicator_series")(site.user_context(), {"id": key})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Indikator tidak ditemukan."))
    period = _map_period(series, tk.request.args.get("periode", ""))
    values = _map_values(series, period["periode"]) if period else {}
    return jsonify(thematic_maps.answer(
        values, indikator=series["key"], judul=series["title"],
        periode=period["periode"] if period else None,
        periode_label=period["label"] if period else None,
        satuan=series["metadata"]["satuan"]))


@statistics.route("/statistik/<key>/unduh.csv")
def indicator_csv(key: str) -> Response:
    try:
        series = tk.get_action("satudata_indicator_series")(site.user_context(), {"id": key})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Indikator tidak ditemukan."))
    unit = series["metadata"]["satuan"]
    rows: list[list[Any]] = [["kode_wilayah", "nama_wilayah", "periode", "indikator", "nilai",
                              "satuan"]]
    for area in series["areas"]:
        for periode, value in area["nilai"].items():
            rows.append([area["kode_wilayah"], area["nama_wilayah"], periode, series["title"],
                         _number(value), unit])
    return _csv_response(rows, f"{series['key']}.csv")


def _comparison(args) -> dict[str, Any]:
    try:
        return tk.get_action("satudata_kelurahan_comparison")(
            site.user_context(), {"tahun": args.get("tahun", "")})
    except tk.ValidationError:
        return tk.get_action("satudata_kelurahan_comparison")(site.user_context(), {})


@statistics.route("/statistik/perbandingan-kelurahan")
def kelurahan_comparison() -> str:
    table = _comparison(tk.request.args)
    with_data = [r for r in table["rows"] if r["dataset"]]
    chart = {
        "type": "bar", "horizontal": True,
        "labels": [r["nama"] for r in with_data],
        "series": [{"label": c["label"], "data": [r["values"][c["name"]] for r in with_data]}
                   for c in table["columns"]],
        "unit": "",
    }
    return tk.render("satudata/statistics/kelurahan_comparison.html", {
        "table": table, "chart": chart,
        # one map per column, drawn when the user chooses the column
        "thematic_map": thematic_maps.module_config("") if with_data else None,
        "map_choices": [(c["label"], tk.url_for(
            "satudata_statistics.kelurahan_comparison_map", kolom=c["name"], tahun=table["tahun"]))
            for c in table["columns"]]})


@statistics.route("/statistik/perbandingan-kelurahan/peta.geojson")
def kelurahan_comparison_map() -> Response:
    """The thematic map of one column of the comparison (``kolom``) in one
    year (``tahun``, default the latest), as an indicator's map."""
    table = _comparison(tk.request.args)
    name = tk.request.args.get("kolom", "")
    column = next((c for c in table["columns"] if c["name"] == name), None)
    if column is None:
        return tk.abort(404, tk._("Kolom perbandingan tidak dikenal."))
    values = thematic_maps.values_of_reference(
        {row["kode_wilayah"]: row["values"][name] for row in table["rows"]})
    return jsonify(thematic_maps.answer(
        values, kolom=name, judul=column["label"], periode=table["tahun"] or None,
        periode_label=table["tahun"] or None, satuan=""))


@statistics.route("/statistik/perbandingan-kelurahan/unduh.csv")
def kelurahan_comparison_csv() -> Response:
    table = _comparison(tk.request.args)
    columns = table["columns"]
    rows: list[list[Any]] = [["kode_wilayah", "nama_kelurahan", "kecamatan", "tahun", "dataset"]
                             + [c["name"] for c in columns]]
    for row in table["rows"]:
        rows.append([row["kode_wilayah"], row["nama"], row["kecamatan"], table["tahun"],
                     row["dataset"] or ""] + [_number(row["values"][c["name"]]) for c in columns])
    return _csv_response(rows, f"perbandingan-kelurahan-{table['tahun'] or 'kosong'}.csv")
