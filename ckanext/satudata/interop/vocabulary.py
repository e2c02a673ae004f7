"""What the Satu Data field values mean in the standard vocabularies other
catalogues read (plain Python, no CKAN).

* ``frekuensi`` -> the EU Publications Office frequency authority table
  (``dct:accrualPeriodicity``);
* ``klasifikasi_akses`` -> the EU access-right authority table
  (``dct:accessRights``);
* ``tahun`` -> a calendar year as a period (``dct:temporal``);
* the portal's own terms (``satuan``, ``konsep``, ``definisi``, ...) -> the
  small ``satudata:`` vocabulary documented in README ("DCAT").
"""
from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

from ckanext.satudata import reference

FREQUENCY_AUTHORITY = "http://publications.europa.eu/resource/authority/frequency/"
ACCESS_RIGHT_AUTHORITY = "http://publications.europa.eu/resource/authority/access-right/"

FREQUENCIES = {
    "bulanan": "MONTHLY",
    "triwulanan": "QUARTERLY",
    "semesteran": "BIANNUAL",
    "tahunan": "ANNUAL",
    "lima-tahunan": "QUINQUENNIAL",
    "tidak-tetap": "IRREG",
}

ACCESS_RIGHTS = {
    "terbuka": "PUBLIC",
    "terbatas": "RESTRICTED",
    "tertutup": "NON_PUBLIC",
}

#: Where the portal's own terms and concept schemes live, relative to the
#: site's address (the namespace follows the portal that publishes it).
SATUDATA_NAMESPACE_PATH = "/ns/satudata#"
URUSAN_SCHEME_PATH = "/ns/urusan"

#: Dataset fields carried as literals of the ``satudata:`` vocabulary.
SATUDATA_LITERALS = {
    "konsep": "konsep",
    "definisi": "definisi",
    "satuan": "satuan",
    "ukuran": "ukuran",
    "rumus": "rumus",
    "interpretasi": "interpretasi",
    "periode_referensi": "periodeReferensi",
    "kode_indikator": "kodeIndikator",
    "tingkat_penyajian": "tingkatPenyajian",
    "cakupan": "cakupan",
}

def region_area() -> tuple[str, str]:
    """(Kemendagri code, name) of the configured region
    (``ckanext.satudata.wilayah``) every desa/kelurahan lies in, for the
    datasets of a regional agency: ("35.71", "Kota Kediri"), ("35",
    "Provinsi Jawa Timur"); several kabupaten/kota give their codes joined
    by a space ("35.05 35.06", "Kabupaten Blitar dan Kabupaten Kediri")."""
    region = reference.current()
    return " ".join(region.codes), region.title


def __getattr__(name: str) -> Any:
    """``CITY_CODE`` and ``CITY_NAME``: the configured region's (see
    region_area), read when asked, as the region may change with the
    configuration."""
    if name == "CITY_CODE":
        return region_area()[0]
    if name == "CITY_NAME":
        return region_area()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def frequency_uri(frekuensi: str | None) -> str | None:
    code = FREQUENCIES.get((frekuensi or "").strip())
    return FREQUENCY_AUTHORITY + code if code else None


def access_rights_uri(klasifikasi: str | None) -> str | None:
    code = ACCESS_RIGHTS.get((klasifikasi or "").strip())
    return ACCESS_RIGHT_AUTHORITY + code if code else None


def is_restricted(klasifikasi: str | None) -> bool:
    """Whether the data (not the metadata) is only given on request."""
    return (klasifikasi or "").strip() in ("terbatas", "tertutup")


def year_period(tahun: object) -> tuple[datetime.date, datetime.date] | None:
    """``2025`` -> (2025-01-01, 2025-12-31); None for anything not a year."""
    try:
        year = int(str(tahun).strip())
    except (TypeError, ValueError):
        return None
    if not 1900 <= year <= 2999:
        return None
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def namespace(site_url: str) -> str:
    return site_url.rstrip("/") + SATUDATA_NAMESPACE_PATH


def urusan_scheme(site_url: str) -> str:
    return site_url.rstrip("/") + URUSAN_SCHEME_PATH


def urusan_concept(site_url: str, bidang_urusan: str) -> str:
    return f"{urusan_scheme(site_url)}#{bidang_urusan}"


#: The EU file-type authority table (``dct:format``) and IANA media types
#: (``dcat:mediaType``).
FILE_TYPE_AUTHORITY = "http://publications.europa.eu/resource/authority/file-type/"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

#: The statistical formats of an indicator's series (``/statistik/<key>.json``
#: and ``.csv``, statistics/exports.py), offered as distributions of each
#: open statistik-sektoral dataset: (suffix, titles, media type, file type,
#: the standard it conforms to).
INDICATOR_EXPORTS = (
    (".json", {"id": "Seri indikator (JSON-stat 2.0)", "en": "Indicator series (JSON-stat 2.0)"},
     "application/json", "JSON", "https://json-stat.org/format/"),
    (".csv", {"id": "Seri indikator (SDMX-CSV 2.0)", "en": "Indicator series (SDMX-CSV 2.0)"},
     "application/vnd.sdmx.data+csv", "CSV", "https://github.com/sdmx-twg/sdmx-csv"),
)


def indicator_export_urls(site_url: str, key: str) -> list[str]:
    """The addresses of an indicator's series in the statistical formats."""
    return [f"{site_url.rstrip('/')}/statistik/{quote(key, safe='')}{suffix}"
            for suffix, *_rest in INDICATOR_EXPORTS]
