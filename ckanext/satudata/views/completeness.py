"""Completeness of the kelurahan's data in the browser.

* ``GET /kelengkapan``: the curators' dashboard, desa/kelurahan × required
  data, filtered by kabupaten/kota, kecamatan (code, or a name only one
  kecamatan has), name and state, one page at a time (others are sent to
  the summary);
* ``GET /kelengkapan.csv``: the same cells as a CSV file, every page
  (curators);
* ``GET /kelengkapan/ringkasan``: the public summary, the share of the
  required data each kecamatan has published (of one kabupaten/kota when
  chosen).

All three go through the API actions ``satudata_completeness`` and
``satudata_completeness_summary``.
"""
from __future__ import annotations

import io
from typing import Any, Callable

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk
from ckan.lib.pagination import Page

from ckanext.satudata import site
from ckanext.satudata import reference
from ckanext.satudata.tabular import csv_output
from ckanext.satudata.completeness.matrix import FILTERS
from ckanext.satudata.completeness import dashboard as dashboard_core
from ckanext.satudata.completeness.dashboard import frequency_label, state_label
from ckanext.satudata.dataset_types import catalogue_form

completeness = Blueprint("satudata_completeness", __name__)

#: CSS classes of the cell states (see assets/completeness.css).
CELL_CLASSES = {
    "none": "satudata-cell-none",
    "draf": "satudata-cell-draf",
    "diajukan": "satudata-cell-diajukan",
    "dikembalikan": "satudata-cell-dikembalikan",
    "terbit": "satudata-cell-terbit",
    "ditarik": "satudata-cell-ditarik",
}


#: The filters the pages pass on to the actions (and keep in their links).
FILTER_PARAMS = ("kabupaten", "kecamatan", "q", "state")


def _params() -> dict[str, Any]:
    args = tk.request.args
    return {key: (args.get(key) or "").strip() for key in FILTER_PARAMS}


def _matrix(params: dict[str, Any], **extra: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """(the action's answer, the messages of the filters refused). A
    refused filter value is dropped rather than refused, so a stale link
    still opens the page; the page says why (a kecamatan name two
    kecamatan share asks for the code)."""
    context = site.user_context()
    try:
        return tk.get_action("satudata_completeness")(context, {**params, **extra}), {}
    except tk.ValidationError as error:
        messages = {key: " ".join(str(m) for m in value) if isinstance(value, list)
                    else str(value) for key, value in error.error_dict.items()}
        for key in error.error_dict:
            params[key] = ""
        return tk.get_action("satudata_completeness")(context, {**params, **extra}), messages


def _groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of a page by kecamatan, in their order: [{label, kabupaten, rows}]."""
    groups: list[dict[str, Any]] = []
    for row in rows:
        key = row["kode_kecamatan"] or row["kecamatan"]
        if not groups or groups[-1]["key"] != key:
            groups.append({"key": key, "label": row["kecamatan_label"],
                           "kabupaten": row["kabupaten"], "rows": []})
        groups[-1]["rows"].append(row)
    return groups


def _total_label(region: reference.Region, kabupaten: str) -> str:
    """What the summary's last row covers: "Seluruh kota" (one kota),
    "Seluruh Kabupaten Kediri", "Seluruh Kabupaten Blitar dan Kabupaten
    Kediri"."""
    if kabupaten:
        titles = [a.title for a in region.regencies if a.kode == kabupaten]
        return tk._("Seluruh {wilayah}").format(wilayah=titles[0] if titles else kabupaten)
    if len(region.regencies) == 1 and region.regencies[0].jenis == "kota":
        return tk._("Seluruh kota")
    return tk._("Seluruh {wilayah}").format(wilayah=region.title)


def _summary_rows(result: dict[str, Any], kabupaten: str, endpoint: str
                  ) -> tuple[list[dict[str, Any]], bool]:
    """(the rows of the summary table, whether they are kabupaten/kota):
    the kecamatan of one kabupaten/kota; with several (none chosen), one
    row per kabupaten/kota linking to its kecamatan; then the total."""
    region = reference.current()
    by_kabupaten = not kabupaten and len(result["kabupaten"]) > 1
    if by_kabupaten:
        rows = [dict(row, name=row["kabupaten"], kode=row["kode_kabupaten"],
                     url=tk.url_for(endpoint, kabupaten=row["kode_kabupaten"]))
                for row in result["kabupaten"]]
    else:
        rows = [dict(row, name=row["label"], kode=row["kode_kecamatan"], url=None)
                for row in result["summary"]]
    rows.append(dict(result["total"], name=_total_label(region, kabupaten), kode="",
                     url=None, total=True))
    return rows, by_kabupaten


def _read_urls(**url_options: Any) -> Callable[[dict[str, Any]], str]:
    """A function giving a dataset's page URL with one url_for per dataset
    type, not per cell (dataset names are URL-safe slugs)."""
    templates: dict[str, str] = {}

    def read_url(dataset: dict[str, Any]) -> str:
        if dataset["type"] not in templates:
            templates[dataset["type"]] = tk.url_for(
                f"{dataset['type']}.read", id="DATASET-NAME", **url_options)
        return templates[dataset["type"]].replace("DATASET-NAME", dataset["name"])

    return read_url


def _display_cells(result: dict[str, Any], state_filter: str) -> None:
    """Adds to each cell what the page shows (``display``: css, text of the
    date, tooltip, link), formatting each distinct date and message once:
    the page has some 900 cells."""
    dates: dict[tuple[str, str], str] = {}

    def date(value: str, format: str) -> str:
        if (value, format) not in dates:
            dates[value, format] = tk.h.satudata_date(value, format)
        return dates[value, format]

    updated_text, due_text = tk._("diperbarui {date}"), tk._("batas {date}")
    read_url = _read_urls()
    frequencies: dict[str, str] = {}
    labels = {item["code"]: item["label"] for item in result["items"]}
    items = {item["code"]: item for item in result["items"]}
    # The rows of the viewer's own kelurahan: a gap leads to its form.
    own = {group.name for group, _ in
           catalogue_form.pic_kelurahan(site.current_user_name())}
    for row in result["kelurahan"]:
        for code, cell in row["cells"].items():
            css = [CELL_CLASSES.get(cell["state"], "")]
            if cell["overdue"]:
                css.append("satudata-cell-overdue")
            if state_filter and not cell["match"]:
                css.append("satudata-cell-dim")
            tooltip = f"{labels[code]}: {cell['label']}"
            if cell["updated"]:
                tooltip += ", " + updated_text.format(date=date(cell["updated"], "long"))
            dataset = cell["dataset"]
            if dataset and cell["frequency"]:
                frequency = cell["frequency"]
                if frequency not in frequencies:
                    frequencies[frequency] = frequency_label(frequency)
                details = [frequencies[frequency]]
                if cell["due"]:
                    details.append(due_text.format(date=date(cell["due"], "medium")))
                tooltip += " (" + ", ".join(details) + ")"
            cell["display"] = {
                "css": " ".join(css),
                "date": date(cell["updated"], "medium") if cell["updated"] else "",
                "title": tooltip,
                "url": read_url(dataset) if dataset else None,
            }
            if row["organization"] in own and (cell["state"] == "none" or cell["overdue"]):
                cell["display"]["url"] = catalogue_form.gap_url(
                    items[code]["kind"], items[code]["key"], row["organization"],
                    dataset, cell["state"])


@completeness.route("/kelengkapan")
def dashboard() -> Any:
    """The curators' dashboard; everyone else gets the public summary."""
    params = _params()
    page_number = tk.h.get_page_number(tk.request.args)
    try:
        result, errors = _matrix(params, page=page_number)
    except tk.NotAuthorized:
        return tk.redirect_to("satudata_completeness.summary")
    _display_cells(result, params["state"])
    # The refused values are gone from params: these filters are valid.
    chosen = dashboard_core.filters(params)
    kept = {key: value for key, value in params.items() if value}
    region = reference.current()
    summary_rows, by_kabupaten = _summary_rows(result, chosen.kode_kabupaten,
                                               "satudata_completeness.dashboard")
    pager = Page(collection=[], page=result["page"], items_per_page=result["limit"],
                      item_count=result["count"], presliced_list=True,
                      url=lambda page, **_: tk.url_for(
                          "satudata_completeness.dashboard", **kept, page=page))
    return tk.render("satudata/completeness.html", {
        "result": result,
        "groups": _groups(result["kelurahan"]),
        "summary_rows": summary_rows,
        "by_kabupaten": by_kabupaten,
        "pager": pager,
        "errors": errors,
        "kabupaten": params["kabupaten"],
        "kecamatan": params["kecamatan"],
        "kode_kecamatan": chosen.kode_kecamatan,
        "q": params["q"],
        "state": params["state"],
        "region_title": region.title,
        "jenis_plural": region.jenis_plural,
        "kabupaten_choices": [(a.kode, a.title) for a in region.regencies]
        if len(region.regencies) > 1 else [],
        "kecamatan_choices": reference.kecamatan_choices(params["kabupaten"]),
        "state_choices": [{"value": value, "label": state_label(value)} for value in FILTERS],
        "cell_classes": CELL_CLASSES,
        "csv_url": tk.url_for("satudata_completeness.export", **kept),
    })


CSV_COLUMNS = ("kecamatan", "kelurahan", "kode_wilayah", "kode_data", "data", "status",
               "keterangan_status", "terlambat", "frekuensi", "terakhir_diperbarui",
               "batas_pemutakhiran", "jumlah_dataset", "dataset", "judul_dataset", "url")


def csv_rows(result: dict[str, Any], state: str) -> list[list[Any]]:
    """One row per cell (only the cells passing the state filter)."""
    labels = {item["code"]: item["label"] for item in result["items"]}
    read_url = _read_urls(_external=True)
    rows = []
    for row in result["kelurahan"]:
        for code, cell in row["cells"].items():
            if state and not cell["match"]:
                continue
            dataset = cell["dataset"] or {}
            rows.append([
                row["kecamatan"], row["title"], row["kode"], code, labels[code],
                cell["state"], cell["label"], "ya" if cell["overdue"] else "tidak",
                cell["frequency"] or "", cell["updated"] or "", cell["due"] or "",
                cell["datasets"], dataset.get("name", ""), dataset.get("title", ""),
                read_url(dataset) if dataset else "",
            ])
    return rows


@completeness.route("/kelengkapan.csv")
def export() -> Any:
    """The dashboard's cells as CSV, with the same filters, every page
    (curators). A filter refused is a 409 with its message."""
    params = _params()
    context = site.user_context()
    action = tk.get_action("satudata_completeness")
    rows: list[list[Any]] = []
    page_number = 1
    try:
        while True:
            result = action(context, {**params, "page": page_number,
                                      "limit": dashboard_core.MAX_LIMIT, "summary": False})
            rows += csv_rows(result, params["state"])
            if page_number * result["limit"] >= result["count"]:
                break
            page_number += 1
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Dasbor kelengkapan data hanya dapat dibuka oleh kurator."))
    except tk.ValidationError as error:
        return tk.abort(409, " ".join(
            " ".join(str(m) for m in messages) if isinstance(messages, list) else str(messages)
            for messages in error.error_dict.values()))
    out = io.StringIO()
    writer = csv_output.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition":
            f'attachment; filename="kelengkapan-{result["tanggal"]}.csv"'})


@completeness.route("/kelengkapan/ringkasan")
def summary() -> str:
    """The share of the required data each kecamatan (of one kabupaten/kota
    when chosen) has published."""
    region = reference.current()
    kabupaten = (tk.request.args.get("kabupaten") or "").strip()
    errors: dict[str, str] = {}
    context = site.user_context()
    try:
        result = tk.get_action("satudata_completeness_summary")(
            context, {"kabupaten": kabupaten})
    except tk.ValidationError as error:
        errors = {key: " ".join(str(m) for m in value) for key, value in
                  error.error_dict.items()}
        kabupaten = ""
        result = tk.get_action("satudata_completeness_summary")(context, {})
    summary_rows, by_kabupaten = _summary_rows(result, kabupaten,
                                               "satudata_completeness.summary")
    return tk.render("satudata/completeness_summary.html", {
        "result": result, "errors": errors, "kabupaten": kabupaten,
        "summary_rows": summary_rows, "by_kabupaten": by_kabupaten,
        "region_title": region.title, "jenis_plural": region.jenis_plural,
        "kabupaten_choices": [(a.kode, a.title) for a in region.regencies]
        if len(region.regencies) > 1 else []})
