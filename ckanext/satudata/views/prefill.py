"""Forms filled in from the catalogue, for the PIC of a kelurahan.

* ``GET /tambah/statistik``: the indicators of the walidata's catalogue to
  choose from ("Tambah statistik"), and the full form for a statistic
  outside the catalogue;
* ``GET /tambah/statistik/<kode>?organisasi=<kelurahan>``: the new
  statistic's form of that indicator, filled in (the catalogue's metadata,
  shown read-only; title, period, year, producer and presentation level);
* ``GET /tambah/peta-titik/<jenis>?organisasi=<kelurahan>``: the new point
  layer's form with its kind, year and producer.

The forms are CKAN's own (``<type>.new`` fills a new form from the query);
these pages compute what to fill in and send the PIC there.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.satudata import config, site
from ckanext.satudata.dataset_types import catalogue_form

prefill = Blueprint("satudata_prefill", __name__)


def _signed_in() -> None:
    if not tk.current_user.is_authenticated:
        tk.abort(403, tk._("Masuk terlebih dahulu untuk menambah dataset."))


def _kelurahan() -> Any:
    """The PIC's kelurahan asked for (``?organisasi=``), or their first."""
    organization = (tk.request.args.get("organisasi") or "").strip()
    found = catalogue_form.kelurahan_for(site.current_user_name(), organization)
    if found is None:
        tk.abort(403, tk._("Anda bukan PIC kelurahan ini, sehingga tidak dapat menambah "
                           "datanya."))
    return found


@prefill.route("/tambah/statistik")
def choose() -> str:
    """The catalogue's indicators, each leading to its filled-in form."""
    _signed_in()
    organization = (tk.request.args.get("organisasi") or "").strip()
    kelurahan = catalogue_form.pic_kelurahan(site.current_user_name())
    query = {"organisasi": organization} if organization else {}
    indicators = [{
        "kode": entry["kode"], "nama": entry.get("nama") or entry["kode"],
        "frekuensi": entry.get("frekuensi") or "", "wajib": bool(entry.get("wajib")),
        "url": tk.url_for("satudata_prefill.statistic", kode=entry["kode"], **query),
    } for entry in catalogue_form.catalogue_indicators()]
    return tk.render("satudata/indicator_chooser.html", {
        "indicators": indicators,
        "can_add": bool(kelurahan) or tk.h.satudata_is_curator(),
        "full_form_url": tk.url_for("statistik-sektoral.new"),
    })


@prefill.route("/tambah/statistik/<kode>")
def statistic(kode: str) -> Any:
    """The filled-in form of a new statistic of the indicator `kode`."""
    _signed_in()
    entry = catalogue_form.indicator(kode)
    required = {statistic.code for statistic in config.required_statistics()}
    if entry is None and kode not in required:
        return tk.abort(404, tk._("Indikator tidak ada dalam katalog walidata."))
    group, kelurahan = _kelurahan()
    if entry is None:
        # A required statistic the catalogue does not describe (yet): the
        # full form, with what is known.
        fields = catalogue_form.kelurahan_fields(group, kelurahan)
        return tk.redirect_to(tk.url_for("statistik-sektoral.new", kode_indikator=kode,
                                         **fields))
    fields = catalogue_form.statistic_fields(entry, group, kelurahan, site.portal_today())
    return tk.redirect_to(tk.url_for("statistik-sektoral.new", **fields))


@prefill.route("/tambah/peta-titik/<jenis>")
def point_layer(jenis: str) -> Any:
    """The filled-in form of a new point layer of the kind `jenis`."""
    _signed_in()
    group, kelurahan = _kelurahan()
    fields = catalogue_form.point_layer_fields(jenis, group, kelurahan, site.portal_today())
    if fields is None:
        return tk.abort(404, tk._("Jenis titik tidak dikenal."))
    return tk.redirect_to(tk.url_for("peta-titik.new", **fields))
