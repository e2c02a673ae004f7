"""The indicator catalogue kept by the walidata: list, show, create, update
and deactivate indicators (see ``ckanext.satudata.catalogue``)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.catalogue import definitions, glue, store
from ckanext.satudata.logic import params
from ckanext.satudata.translation import N_

__all__ = ["satudata_indicator_catalog_list", "satudata_indicator_catalog_show",
           "satudata_indicator_catalog_create", "satudata_indicator_catalog_update",
           "satudata_indicator_catalog_delete"]

_TEXT = params.text(max_length=4000)
_WRITE_PARAMS = dict(
    kode=params.identifier, nama=params.text(max_length=200), bidang_urusan=params.text,
    konsep=_TEXT, definisi=_TEXT, satuan=params.text, ukuran=params.text,
    rumus=_TEXT, interpretasi=_TEXT, frekuensi=params.text, tingkat_penyajian=params.text,
    kolom=params.text_list(max_items=definitions.MAX_COLUMNS, max_length=100),
    catatan=params.text(max_length=1000))


def _translated(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: [tk._(message) for message in messages]
            for name, messages in errors.items()}


def _allowed() -> dict[str, list[str]]:
    return {name: list(labels) for name, labels in glue.choice_labels().items()}


def _existing(kode: str) -> dict[str, Any]:
    indicator = store.get(kode)
    if indicator is None:
        raise tk.ObjectNotFound(tk._("Indikator tidak ditemukan di katalog."))
    return indicator


@tk.side_effect_free
@params.reads(bidang_urusan=params.text, wajib=params.boolean(default=False),
              q=params.text, semua=params.boolean(default=False))
def satudata_indicator_catalog_list(context: dict[str, Any], data_dict: dict[str, Any]
                                    ) -> list[dict[str, Any]]:
    """The indicators of the catalogue kept by the walidata, by sector then
    name.

    Anyone may call it.

    :param bidang_urusan: only the indicators of this sector (a
        ``bidang_urusan`` value of the statistik-sektoral schema, e.g.
        ``kesehatan``).
    :param wajib: true: only the indicators required of every kelurahan.
    :param q: words searched in the code, name, concept and definition.
    :param semua: true: also the deactivated indicators.
    :returns: a list of indicators, each as
        ``satudata_indicator_catalog_show`` gives it.
    """
    tk.check_access("satudata_indicator_catalog_list", context, data_dict)
    sector = data_dict.get("bidang_urusan") or ""
    words = (data_dict.get("q") or "").lower().split()
    found = []
    for indicator in store.all_indicators(active_only=not data_dict.get("semua")):
        if sector and indicator["bidang_urusan"] != sector:
            continue
        if data_dict.get("wajib") and not indicator["wajib"]:
            continue
        text = definitions.search_text(indicator)
        if any(word not in text for word in words):
            continue
        found.append(glue.public(indicator))
    return found


@tk.side_effect_free
@params.reads(kode=params.identifier, versi=params.non_negative_int)
def satudata_indicator_catalog_show(context: dict[str, Any], data_dict: dict[str, Any]
                                    ) -> dict[str, Any]:
    """One indicator of the catalogue, as it is now or at an earlier version.

    Anyone may call it.

    :param kode: the indicator's code (a statistic's ``kode_indikator``,
        e.g. ``balita-ditimbang``).
    :param versi: a version number: the definition at that version (the
        newest when left out).
    :returns: ``{kode, nama, bidang_urusan, konsep, definisi, satuan,
        ukuran, rumus, interpretasi, frekuensi, tingkat_penyajian, kolom
        (list of column names), wajib, aktif, versi, diubah (ISO date and
        time, UTC)}``.
    """
    tk.check_access("satudata_indicator_catalog_show", context, data_dict)
    indicator = _existing(data_dict["kode"])
    versi = data_dict.get("versi")
    if versi is None or versi == indicator["versi"]:
        return glue.public(indicator)
    version = store.version(indicator["kode"], versi)
    if version is None:
        raise tk.ObjectNotFound(tk._("Versi indikator tidak ditemukan."))
    return glue.public(indicator, version)


@params.reads(wajib=params.boolean(default=False), **_WRITE_PARAMS)
def satudata_indicator_catalog_create(context: dict[str, Any], data_dict: dict[str, Any]
                                      ) -> dict[str, Any]:
    """Add an indicator to the catalogue (version 1).

    Curators only.

    :param kode: required: the code, lowercase letters, digits and hyphens
        (e.g. ``balita-ditimbang``); statistics name it in ``kode_indikator``.
    :param nama: required: the indicator's name.
    :param bidang_urusan: the sector (a value of the schema's choices).
    :param konsep: the concept.
    :param definisi: the definition.
    :param satuan: the unit (e.g. ``jiwa``).
    :param ukuran: the measure (jumlah, rasio, persentase).
    :param rumus: the formula.
    :param interpretasi: how to read the number.
    :param frekuensi: how often (a value of the schema's choices, e.g. ``bulanan``).
    :param tingkat_penyajian: the level of presentation (``kota``,
        ``kecamatan``, ``kelurahan``, ``rw``).
    :param kolom: the columns expected in the table (a list, or text
        separated by commas).
    :param wajib: true: required of every kelurahan (a column of the
        completeness dashboard).
    :param catatan: a note kept with the version.
    :returns: the indicator, as ``satudata_indicator_catalog_show`` gives it.
    """
    tk.check_access("satudata_indicator_catalog_create", context, data_dict)
    indicator, errors = definitions.clean(dict(data_dict, aktif=True), _allowed())
    if not errors and store.get(indicator["kode"]) is not None:
        errors["kode"] = [N_("Kode ini sudah ada di katalog.")]
    if errors:
        raise tk.ValidationError(_translated(errors))
    store.create(indicator, context.get("user"), data_dict.get("catatan") or "")
    model.Session.commit()
    return glue.public(_existing(indicator["kode"]))


@params.reads(wajib=params.boolean(default=None), aktif=params.boolean(default=None),
              **_WRITE_PARAMS)
def satudata_indicator_catalog_update(context: dict[str, Any], data_dict: dict[str, Any]
                                      ) -> dict[str, Any]:
    """Change an indicator: the fields given replace the current ones, the
    others stay. A change of its definition (name, the MS-Ind fields,
    columns) makes a new version; published datasets keep the version they
    were published with.

    Curators only.

    :param kode: required: the indicator's code (it cannot change).
    :param nama: the indicator's name.
    :param bidang_urusan: the sector.
    :param konsep: the concept.
    :param definisi: the definition.
    :param satuan: the unit.
    :param ukuran: the measure.
    :param rumus: the formula.
    :param interpretasi: how to read the number.
    :param frekuensi: how often.
    :param tingkat_penyajian: the level of presentation.
    :param kolom: the columns expected in the table.
    :param wajib: true or false: required of every kelurahan.
    :param aktif: true or false: offered to the PICs.
    :param catatan: a note kept with the new version.
    :returns: the indicator, as ``satudata_indicator_catalog_show`` gives it.
    """
    tk.check_access("satudata_indicator_catalog_update", context, data_dict)
    current = _existing(data_dict["kode"])
    given = {name: value for name, value in data_dict.items()
             if name in definitions.FIELDS and name != "kode"}
    # An empty text given is a field emptied (the form sends every field).
    indicator, errors = definitions.clean(dict(given, kode=current["kode"]), _allowed(),
                                          partial=current)
    if errors:
        raise tk.ValidationError(_translated(errors))
    store.update(current, indicator, context.get("user"), data_dict.get("catatan") or "")
    model.Session.commit()
    return glue.public(_existing(current["kode"]))


@params.reads(kode=params.identifier)
def satudata_indicator_catalog_delete(context: dict[str, Any], data_dict: dict[str, Any]
                                      ) -> dict[str, Any]:
    """Deactivate an indicator: it is no longer offered nor required; its
    versions and the datasets that name it stay.

    Curators only.

    :param kode: required: the indicator's code.
    :returns: the indicator, as ``satudata_indicator_catalog_show`` gives it
        (``aktif`` false).
    """
    tk.check_access("satudata_indicator_catalog_delete", context, data_dict)
    current = _existing(data_dict["kode"])
    if current["aktif"]:
        store.update(current, dict(current, aktif=False), context.get("user"))
        model.Session.commit()
    return glue.public(_existing(current["kode"]))
