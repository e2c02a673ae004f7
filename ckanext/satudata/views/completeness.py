"""Completeness of the kelurahan's data in the browser.

* ``GET /kelengkapan``: the curators' dashboard, kelurahan × required data,
  filtered by kecamatan and state (others are sent to the summary);
* ``GET /kelengkapan.csv``: the same cells as a CSV file (curators);
* ``GET /kelengkapan/ringkasan``: the public summary, the share of the
  required data each kecamatan has published.

All three go through the API actions ``satudata_completeness`` and
``satudata_completeness_summary``.
"""
from __future__ import annotations

import io
from typing import Any, Callable

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.satudata import site
from ckanext.satudata import reference
from ckanext.satudata.tabular import csv_output
from ckanext.satudata.completeness.matrix import FILTERS
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


def _params() -> dict[str, str]:
    args = tk.request.args
    return {"kecamatan": (args.get("kecamatan") or "").strip(),
            "state": (args.get("state") or "").strip()}


def _matrix(params: dict[str, str]) -> dict[str, Any]:
    """The action's answer; unknown filter values are dropped rather than
    refused, so a stale link still opens the page."""
    context = site.user_context()
    try:
        return tk.get_action("satudata_completeness")(context, params)
    except tk.ValidationError as error:
        for key in error.error_dict:
            params[key] = ""
        return tk.get_action("satudata_completeness")(context, params)


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
    try:
        result = _matrix(params)
    except tk.NotAuthorized:
        return tk.redirect_to("satudata_completeness.summary")
    _display_cells(result, params["state"])
    return tk.render("satudata/completeness.html", {
        "result": result,
        "kecamatan": params["kecamatan"],
        "state": params["state"],
        "kecamatan_choices": reference.kecamatan_names(),
        "state_choices": [{"value": value, "label": state_label(value)} for value in FILTERS],
        "cell_classes": CELL_CLASSES,
        "csv_url": tk.url_for("satudata_completeness.export",
                              **{k: v for k, v in params.items() if v}),
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
    """The dashboard's cells as CSV, with the same filters (curators)."""
    params = _params()
    try:
        result = _matrix(params)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Dasbor kelengkapan data hanya dapat dibuka oleh kurator."))
    out = io.StringIO()
    writer = csv_output.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(result, params["state"]))
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition":
            f'attachment; filename="kelengkapan-{result["tanggal"]}.csv"'})


@completeness.route("/kelengkapan/ringkasan")
def summary() -> str:
    """The share of the required data each kecamatan has published."""
    result = tk.get_action("satudata_completeness_summary")(site.user_context(), {})
    return tk.render("satudata/completeness_summary.html", {"result": result})
