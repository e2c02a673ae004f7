"""An indicator of the catalogue kept by the walidata, in plain Python.

The fields follow BPS's metadata of indicators (MS-Ind) and carry the names
of the `statistik-sektoral` schema's fields, so that a statistic's metadata
can be filled from, and compared with, its indicator: ``kode`` is the
dataset's ``kode_indikator``; bidang_urusan, konsep, definisi, satuan,
ukuran, rumus, interpretasi, frekuensi and tingkat_penyajian are the
dataset's fields of the same name (the choice fields take the schema's
values). Beside them: ``nama``, ``kolom`` (the columns expected in the
statistic's table), ``wajib`` (required of every kelurahan) and ``aktif``.

A change of any *definition* field (the MS-Ind fields, the name and the
columns) makes a new version of the indicator; ``wajib`` and ``aktif`` are
the walidata's decisions about it, not its definition.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from ckanext.satudata.completeness.items import INDICATOR_CODE
from ckanext.satudata.translation import N_

#: The dataset fields an indicator defines (compared with a submission).
DATASET_FIELDS = ("bidang_urusan", "konsep", "definisi", "satuan", "ukuran", "rumus",
                  "interpretasi", "frekuensi", "tingkat_penyajian")

#: What a change makes a new version of.
DEFINITION_FIELDS = ("nama",) + DATASET_FIELDS + ("kolom",)

#: Fields whose value is one of the schema's choices.
CHOICE_FIELDS = ("bidang_urusan", "frekuensi", "tingkat_penyajian")

#: Text fields and their longest length.
TEXT_LIMITS = {"nama": 200, "bidang_urusan": 100, "konsep": 4000, "definisi": 4000,
               "satuan": 100, "ukuran": 100, "rumus": 2000, "interpretasi": 4000,
               "frekuensi": 100, "tingkat_penyajian": 100}

#: Every field of an indicator as the actions show it (besides versi, diubah).
FIELDS = ("kode",) + DEFINITION_FIELDS + ("wajib", "aktif")

COLUMN_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
MAX_COLUMNS = 50

#: Field labels (msgids), in display order.
LABELS = {
    "kode": N_("Kode indikator"),
    "nama": N_("Nama indikator"),
    "bidang_urusan": N_("Bidang urusan"),
    "konsep": N_("Konsep"),
    "definisi": N_("Definisi"),
    "satuan": N_("Satuan"),
    "ukuran": N_("Ukuran"),
    "rumus": N_("Rumus / metode penghitungan"),
    "interpretasi": N_("Cara membaca (interpretasi)"),
    "frekuensi": N_("Frekuensi pemutakhiran"),
    "tingkat_penyajian": N_("Tingkat penyajian"),
    "kolom": N_("Kolom tabel"),
    "wajib": N_("Wajib bagi setiap kelurahan"),
    "aktif": N_("Aktif"),
}

REQUIRED = N_("Wajib diisi.")
BAD_CODE = N_("Kode hanya boleh berisi huruf kecil, angka dan tanda hubung "
              "(paling banyak 100 karakter).")
TOO_LONG = N_("Terlalu panjang.")
NOT_A_CHOICE = N_("Pilihan tidak dikenal.")
BAD_COLUMN = N_("Nama kolom hanya boleh berisi huruf kecil, angka dan garis bawah, "
                "diawali huruf.")
TOO_MANY_COLUMNS = N_("Terlalu banyak kolom.")
NOT_TEXT = N_("Harus berupa teks.")
NOT_BOOLEAN = N_("Harus berupa ya atau tidak.")

_TRUE = ("true", "1", "yes", "on", "ya")
_FALSE = ("false", "0", "no", "off", "tidak", "")


def columns(value: Any) -> list[str] | None:
    """The expected columns from a list, or from text separated by commas,
    spaces or lines; None when it is neither."""
    if value is None:
        return []
    if isinstance(value, str):
        value = re.split(r"[\s,;]+", value)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        return None
    found: list[str] = []
    for name in value:
        name = name.strip().lower()
        if name and name not in found:
            found.append(name)
    return found


def _boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, (str, int)) and str(value).strip().lower() in _TRUE + _FALSE:
        return str(value).strip().lower() in _TRUE
    return None


def clean(data: Mapping[str, Any], choices: Mapping[str, Iterable[str]],
          partial: Mapping[str, Any] | None = None
          ) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The indicator `data` describes, and the errors ({field: [msgid]}).

    With `partial` (the indicator as it is), fields missing from `data` keep
    their current value; without it, missing fields are empty (``aktif``
    true). `choices` gives the allowed values of each choice field."""
    result: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    base = dict(partial or {})
    for name in FIELDS:
        if name in data and data[name] is not None:
            raw = data[name]
        elif name in base:
            raw = base[name]
        else:
            raw = True if name == "aktif" else None
        if name == "kolom":
            value = columns(raw)
            if value is None:
                errors[name] = [NOT_TEXT]
            elif len(value) > MAX_COLUMNS:
                errors[name] = [TOO_MANY_COLUMNS]
            elif not all(COLUMN_NAME.match(column) for column in value):
                errors[name] = [BAD_COLUMN]
            result[name] = value or []
            continue
        if name in ("wajib", "aktif"):
            flag = _boolean(raw)
            if flag is None:
                errors[name] = [NOT_BOOLEAN]
            result[name] = bool(flag)
            continue
        if raw is not None and not isinstance(raw, str):
            errors[name] = [NOT_TEXT]
            result[name] = ""
            continue
        text = (raw or "").strip()
        result[name] = text
        if name == "kode":
            if not text:
                errors[name] = [REQUIRED]
            elif not INDICATOR_CODE.match(text):
                errors[name] = [BAD_CODE]
        elif name == "nama" and not text:
            errors[name] = [REQUIRED]
        elif len(text) > TEXT_LIMITS[name]:
            errors[name] = [TOO_LONG]
        elif name in CHOICE_FIELDS and text and text not in set(choices.get(name) or ()):
            errors[name] = [NOT_A_CHOICE]
    return result, errors


def definition(indicator: Mapping[str, Any]) -> dict[str, Any]:
    """The definition fields of an indicator (what a version records)."""
    return {name: (list(indicator.get(name) or []) if name == "kolom"
                   else indicator.get(name) or "")
            for name in DEFINITION_FIELDS}


def definition_changed(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    return definition(old) != definition(new)


def _same(a: Any, b: Any) -> bool:
    return " ".join(str(a or "").split()) == " ".join(str(b or "").split())


def differences(indicator: Mapping[str, Any], dataset: Mapping[str, Any]
                ) -> list[dict[str, str]]:
    """The dataset fields where `dataset` differs from `indicator`, in the
    schema's order: [{field, katalog, dataset}] (values as written; spaces
    and line breaks do not count as a difference)."""
    return [{"field": name, "katalog": indicator.get(name) or "",
             "dataset": dataset.get(name) or ""}
            for name in DATASET_FIELDS
            if not _same(indicator.get(name), dataset.get(name))]


def matches(indicator: Mapping[str, Any], dataset: Mapping[str, Any]) -> bool:
    return not differences(indicator, dataset)


def search_text(indicator: Mapping[str, Any]) -> str:
    """What a search `q` is matched with (lowercase)."""
    return " ".join(str(indicator.get(name) or "")
                    for name in ("kode", "nama", "konsep", "definisi")).lower()
