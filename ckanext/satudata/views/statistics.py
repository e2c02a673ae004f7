"""Open statistics in the browser, through the API actions:

* ``GET /statistik``: published indicators grouped by sector
  (``satudata_indicator_list``);
* ``GET /statistik/<key>``: one indicator: metadata, latest value, chart of
  its series, comparison across kelurahan, downloads
  (``satudata_indicator_series``); ``/statistik/<key>/unduh.csv`` its
  figures as CSV;
* ``GET /statistik/perbandingan-kelurahan?tahun=&kabupaten=&kecamatan=&q=``:
  the profiles of the desa/kelurahan of the region side by side, 100 a page,
  filtered by kabupaten/kota and kecamatan (codes) or name
  (``satudata_kelurahan_comparison``); ``.../unduh.csv`` the same table
  (all pages, the same filters) as CSV, streamed;
* ``GET /statistik/<key>/peta.geojson?periode=``: the thematic map of one
  period (default the latest): the kelurahan boundaries with each one's
  value, quantile class, rank and page, and the legend;
  ``/statistik/perbandingan-kelurahan/peta.geojson?kolom=&tahun=`` the same
  for one column of the comparison.
"""
from __future__ import annotations

import io
from typing import Any, Iterator

from flask import Blueprint, Response, jsonify, stream_with_context

import ckan.plugins.toolkit as tk
from ckan.lib.pagination import Page

from ckanext.satudata import reference, site
from ckanext.satudata.statistics import indicators, thematic_maps
from ckanext.satudata.tabular import csv_output

statistics = Blueprint("satudata_statistics", __name__)

# Charts switch from bars to a line above this many periods.
LINE_CHART_FROM = 6
# Statistics without an indicator code listed per sector on /statistik, and
# per page once a sector is chosen.
LISTED_PER_SECTOR, PAGE_SIZE = 10, 50


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
    """The indicators by sector: every indicator with a code, and the first
    statistics without one in each sector (a sector chosen: all of them,
    page by page)."""
    sector = tk.request.args.get("bidang_urusan", "")
    q = tk.request.args.get("q", "")
    page = tk.h.get_page_number(tk.request.args)
    listed = PAGE_SIZE if sector else LISTED_PER_SECTOR
    try:
        result = tk.get_action("satudata_indicator_list")(site.user_context(), {
            "bidang_urusan": sector, "q": q, "limit": listed, "offset": (page - 1) * listed})
    except tk.ValidationError:
        return tk.abort(400, tk._("Parameter pencarian indikator tidak valid."))
    all_sectors = result["sectors"] if not sector and not q else tk.get_action(
        "satudata_indicator_list")(site.user_context(), {"limit": 0})["sectors"]
    pager = None
    standalone = sum(s["standalone"] for s in result["sectors"])
    if sector and standalone > listed:
        pager = Page(collection=[], page=page, items_per_page=listed,
                          item_count=standalone, presliced_list=True,
                          url=lambda page, **_: tk.url_for(
                              "satudata_statistics.index", bidang_urusan=sector,
                              q=q or None, page=page))
    return tk.render("satudata/statistics/index.html", {
        "result": result, "sector": sector, "q": q, "pager": pager,
        "sector_choices": [(s["bidang_urusan"], s["label"], s["count"])
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


#: The filters of the comparison, as the page, its map and its CSV read them.
COMPARISON_FILTERS = ("tahun", "kabupaten", "kecamatan", "q")
COMPARISON_PAGE = 100
#: Rows asked at once while an export streams the whole comparison.
EXPORT_BATCH = 1000


def _comparison_filters(args) -> dict[str, str]:
    return {name: args.get(name, "") for name in COMPARISON_FILTERS if args.get(name, "")}


def _comparison(filters: dict[str, str], **paging: int) -> dict[str, Any]:
    """The comparison of `filters`; a wrong year is ignored (the latest), a
    wrong area raises ValidationError (the caller answers 409)."""
    try:
        return tk.get_action("satudata_kelurahan_comparison")(
            site.user_context(), dict(filters, **paging))
    except tk.ValidationError as error:
        if set(error.error_dict) - {"tahun"}:
            raise
        return tk.get_action("satudata_kelurahan_comparison")(
            site.user_context(), dict({k: v for k, v in filters.items() if k != "tahun"},
                                      **paging))


def _area_error(error: tk.ValidationError) -> str:
    return " ".join(str(m) for messages in error.error_dict.values() for m in messages)


def _whole_comparison(filters: dict[str, str]) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The first batch of the comparison (its columns, year, totals) and
    all its rows, asked batch by batch while they are consumed."""
    first = _comparison(filters, limit=EXPORT_BATCH, offset=0)

    def rows() -> Iterator[dict[str, Any]]:
        table, offset = first, 0
        while True:
            yield from table["rows"]
            offset += EXPORT_BATCH
            if offset >= table["kelurahan"]:
                return
            table = _comparison(dict(filters, tahun=first["tahun"]),
                                limit=EXPORT_BATCH, offset=offset)
    return first, rows()


@statistics.route("/statistik/perbandingan-kelurahan")
def kelurahan_comparison() -> str | tuple[str, int]:
    filters = _comparison_filters(tk.request.args)
    page = tk.h.get_page_number(tk.request.args)
    region = reference.current()
    error, status = "", 200
    try:
        table = _comparison(filters, limit=COMPARISON_PAGE,
                            offset=(page - 1) * COMPARISON_PAGE)
    except tk.ValidationError as failure:
        error, status = _area_error(failure), 409
        filters = {k: v for k, v in filters.items() if k == "tahun"}
        table = _comparison(filters, limit=COMPARISON_PAGE, offset=0)
    with_data = [r for r in table["rows"] if r["dataset"]]
    chart = {
        "type": "bar", "horizontal": True,
        "labels": [r["nama"] for r in with_data],
        "series": [{"label": c["label"], "data": [r["values"][c["name"]] for r in with_data]}
                   for c in table["columns"]],
        "unit": "",
    }
    pager = None
    if table["kelurahan"] > COMPARISON_PAGE:
        pager = Page(collection=[], page=page, items_per_page=COMPARISON_PAGE,
                          item_count=table["kelurahan"], presliced_list=True,
                          url=lambda page, **_: tk.url_for(
                              "satudata_statistics.kelurahan_comparison", page=page,
                              **filters))
    kabupaten = table["kabupaten"]
    return tk.render("satudata/statistics/kelurahan_comparison.html", {
        "table": table, "chart": chart, "pager": pager, "error": error,
        "filters": filters, "region_title": region.title,
        "jenis_plural": region.jenis_plural,
        "kabupaten_choices": [(a.kode, a.title) for a in region.regencies]
        if len(region.regencies) > 1 else [],
        "kecamatan_choices": region.kecamatan_choices(kabupaten),
        "kecamatan_value": (table["kecamatan"] or {}).get("kode", ""),
        # one map per column, drawn when the user chooses the column
        "thematic_map": thematic_maps.module_config("") if with_data else None,
        "map_choices": [(c["label"], tk.url_for(
            "satudata_statistics.kelurahan_comparison_map", kolom=c["name"],
            **dict(filters, tahun=table["tahun"])))
            for c in table["columns"]]}), status


@statistics.route("/statistik/perbandingan-kelurahan/peta.geojson")
def kelurahan_comparison_map() -> Response:
    """The thematic map of one column of the comparison (``kolom``) in one
    year (``tahun``, default the latest), of the desa/kelurahan of the same
    filters as the page (``kabupaten``, ``kecamatan``, ``q``)."""
    try:
        table, rows = _whole_comparison(_comparison_filters(tk.request.args))
    except tk.ValidationError as error:
        return tk.abort(409, _area_error(error))
    name = tk.request.args.get("kolom", "")
    column = next((c for c in table["columns"] if c["name"] == name), None)
    if column is None:
        return tk.abort(404, tk._("Kolom perbandingan tidak dikenal."))
    values = thematic_maps.values_of_reference(
        {row["kode_wilayah"]: row["values"][name] for row in rows})
    return jsonify(thematic_maps.answer(
        values, kolom=name, judul=column["label"], periode=table["tahun"] or None,
        periode_label=table["tahun"] or None, satuan=""))


@statistics.route("/statistik/perbandingan-kelurahan/unduh.csv")
def kelurahan_comparison_csv() -> Response:
    """The whole comparison of the page's filters as CSV, streamed."""
    try:
        table, rows = _whole_comparison(_comparison_filters(tk.request.args))
    except tk.ValidationError as error:
        return tk.abort(409, _area_error(error))
    columns = table["columns"]

    def lines() -> Iterator[bytes]:
        out = io.StringIO()
        writer = csv_output.writer(out)
        writer.writerow(["kode_wilayah", "nama_kelurahan", "kode_kecamatan", "kecamatan",
                         "kode_kabupaten", "kabupaten", "tahun", "dataset"]
                        + [c["name"] for c in columns])
        yield "\ufeff".encode("utf-8")
        for row in rows:
            writer.writerow([row["kode_wilayah"], row["nama"], row["kode_kecamatan"],
                             row["kecamatan"], row["kode_kabupaten"], row["kabupaten"],
                             table["tahun"], row["dataset"] or ""]
                            + [_number(row["values"][c["name"]]) for c in columns])
            if out.tell() > 64_000:
                yield out.getvalue().encode("utf-8")
                out.seek(0)
                out.truncate()
        yield out.getvalue().encode("utf-8")

    filename = f"perbandingan-kelurahan-{table['tahun'] or 'kosong'}.csv"
    return Response(stream_with_context(lines()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
