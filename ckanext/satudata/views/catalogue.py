"""`/katalog-indikator`: the indicator catalogue kept by the walidata. Anyone
reads the list and an indicator's definition with its versions; curators
add and change indicators (the forms post to the catalogue's actions)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, request

import ckan.plugins.toolkit as tk

from ckanext.satudata import site
from ckanext.satudata.catalogue import definitions, glue, store
from ckanext.satudata.web import forms
from ckanext.satudata.workflow import roles

catalogue = Blueprint("satudata_catalogue", __name__)

_NOT_FOUND = "Indikator tidak ditemukan di katalog."
_NOT_ALLOWED = "Hanya kurator yang dapat mengubah katalog indikator."

FORM_FIELDS = definitions.DEFINITION_FIELDS


def _is_curator() -> bool:
    return roles.is_curator(site.current_user_name())


@catalogue.route("/katalog-indikator")
def index() -> str:
    filters = {"bidang_urusan": request.args.get("bidang_urusan", ""),
               "q": request.args.get("q", "")}
    try:
        indicators = tk.get_action("satudata_indicator_catalog_list")(
            site.user_context(), dict(filters, semua=_is_curator()))
    except tk.ValidationError:
        indicators = []
    return tk.render("satudata/catalogue/index.html", {
        "indicators": indicators, "filters": filters, "labels": glue.choice_labels(),
        "is_curator": _is_curator()})


def _show(kode: str) -> dict[str, Any]:
    try:
        return tk.get_action("satudata_indicator_catalog_show")(site.user_context(),
                                                                {"kode": kode})
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._(_NOT_FOUND))


@catalogue.route("/katalog-indikator/<kode>")
def read(kode: str) -> str:
    indicator = _show(kode)
    curator = _is_curator()
    history = [{"versi": v["versi"], "dibuat": v["dibuat"], "catatan": v["catatan"],
                "user_name": v["user_name"] if curator else None,
                "definisi": definitions.definition(v["definisi"])}
               for v in store.versions(indicator["kode"])]
    return tk.render("satudata/catalogue/read.html", {
        "indicator": indicator, "history": history, "labels": glue.choice_labels(),
        "field_labels": definitions.LABELS, "is_curator": curator})


def _form_data() -> dict[str, Any]:
    data: dict[str, Any] = {name: request.form.get(name, "") for name in FORM_FIELDS}
    data["kolom"] = request.form.get("kolom", "")
    data["wajib"] = request.form.get("wajib") == "ya"
    data["catatan"] = request.form.get("catatan", "")
    return data


def _render_form(indicator: dict[str, Any], errors: dict[str, list[str]],
                 new: bool) -> str:
    shown = dict(indicator)
    if isinstance(shown.get("kolom"), list):
        shown["kolom"] = ", ".join(shown["kolom"])
    return tk.render("satudata/catalogue/form.html", {
        "indicator": shown, "errors": errors, "new": new, "labels": glue.choice_labels(),
        "field_labels": definitions.LABELS})


def _save(action: str, data: dict[str, Any], new: bool) -> Any:
    try:
        saved = tk.get_action(action)(site.user_context(), data)
    except tk.NotAuthorized:
        return tk.abort(403, tk._(_NOT_ALLOWED))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._(_NOT_FOUND))
    except tk.ValidationError as error:
        return _render_form(data, forms.field_errors(error), new)
    tk.h.flash_success(tk._("Katalog indikator disimpan."))
    return tk.redirect_to("satudata_catalogue.read", kode=saved["kode"])


@catalogue.route("/katalog-indikator/baru", methods=["GET", "POST"])
def new() -> Any:
    if not _is_curator():
        return tk.abort(403, tk._(_NOT_ALLOWED))
    if request.method == "POST":
        data = _form_data()
        data["kode"] = request.form.get("kode", "")
        return _save("satudata_indicator_catalog_create", data, True)
    return _render_form({"kode": "", "kolom": []}, {}, True)


@catalogue.route("/katalog-indikator/<kode>/ubah", methods=["GET", "POST"])
def edit(kode: str) -> Any:
    if not _is_curator():
        return tk.abort(403, tk._(_NOT_ALLOWED))
    indicator = _show(kode)
    if request.method == "POST":
        data = dict(_form_data(), kode=indicator["kode"],
                    aktif=request.form.get("aktif") == "ya")
        return _save("satudata_indicator_catalog_update", data, False)
    return _render_form(indicator, {}, False)
