"""xloader's load errors, told to the PIC in Indonesian.

xloader's background job writes its error messages in English (it runs
outside any request, so nothing is translated). The status shown to the PIC
goes through `indonesian()`: known messages get a specific Indonesian text,
anything else a general one, and the technical detail is kept.
"""
from __future__ import annotations

import re

from ckanext.satudata.translation import N_, _


_EXTRA_VALUES = (r"(?:A row|Row (?P<row>\d+)) has more values than the (?P<columns>\d+) "
                 r"column\(s\) in the header\. The extra value is: '(?P<value>.*?)'\..*")

KNOWN = (
    (re.compile(r"^The file could not be read as a table\..*\(Technical details: (?P<details>.*)\)\s*$",
                re.S),
     N_("Berkas tidak dapat dibaca sebagai tabel. Biasanya berkas tidak benar-benar "
        "berformat seperti namanya (misalnya .xls lama yang diganti namanya menjadi "
        ".xlsx), kosong, atau rusak. Buka berkas, simpan ulang sebagai .xlsx atau .csv "
        "dengan baris pertama berisi judul setiap kolom, lalu unggah lagi. "
        "(Rincian teknis: {details})")),
    (re.compile("^" + _EXTRA_VALUES + "$", re.S),
     N_("Sebuah baris berisi lebih banyak nilai daripada {columns} kolom pada baris "
        "judul (nilai berlebih: '{value}'). Biasanya sebuah nilai memuat koma atau tanda "
        "petik tanpa diapit tanda petik ganda. Perbaiki berkas lalu unggah lagi.")),
    (re.compile(r"^No entries found - nothing to load$"),
     N_("Berkas tidak berisi baris data; tidak ada yang dimuat.")),
    (re.compile(r"^Error during the load into PostgreSQL: (?P<details>.*)$", re.S),
     N_("Data gagal dimuat ke basis data. (Rincian teknis: {details})")),
    (re.compile(r"^Could not create the database table: (?P<details>.*)$", re.S),
     N_("Tabel tidak dapat dibuat; periksa nama kolom pada baris judul. "
        "(Rincian teknis: {details})")),
    (re.compile(r"^Validation error writing rows to db: (?P<details>.*)$", re.S),
     N_("Sebagian baris tidak sesuai dengan jenis kolomnya. (Rincian teknis: {details})")),
    (re.compile(r"^(?:Job|Connection) timed out after (?P<seconds>\d+)s$"),
     N_("Pemuatan melebihi batas waktu ({seconds} detik). Coba lagi nanti atau bagi "
        "berkas menjadi beberapa bagian.")),
    (re.compile(r"^Only http, https, and ftp resources may be fetched\.$"),
     N_("Hanya berkas yang diunggah atau tautan http/https/ftp yang dapat dimuat.")),
)

GENERAL = N_("Tabel tidak dapat dimuat ke DataStore. Pastikan berkas berupa CSV atau "
             "XLSX dengan baris judul, lalu unggah lagi. (Rincian teknis: {details})")


def indonesian(message: str) -> str:
    """The Indonesian text (in the current locale) for an xloader error."""
    text = (message or "").strip()
    for pattern, template in KNOWN:
        match = pattern.match(text)
        if match:
            return _(template).format(**{k: v or "" for k, v in match.groupdict().items()})
    return _(GENERAL).format(details=text)


def translate_status(status: dict) -> dict:
    """xloader_status's result with its error message in Indonesian; the
    original is kept as `original_message`."""
    error = status.get("error")
    if isinstance(error, dict) and error.get("message"):
        status["error"] = dict(error, message=indonesian(str(error["message"])),
                               original_message=error["message"])
    elif isinstance(error, str) and error:
        status["error"] = {"message": indonesian(error), "original_message": error}
    return status
