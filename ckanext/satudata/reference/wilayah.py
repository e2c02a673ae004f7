"""The portal's region (``ckanext.satudata.wilayah``): one or more
kabupaten/kota, or a whole province, and their kecamatan and desa/kelurahan.

Plain Python, no CKAN imports. Where the lists come from:

* provinces and kabupaten/kota: ``data/kode-wilayah-kabupaten-kota.csv``
  (shipped; Kepmendagri 2025), so any code can be checked without npm;
* kecamatan and desa/kelurahan: the CSVs of the npm package
  ``idn-area-data`` (ODbL), which ``scripts/assets.sh`` copies into
  ``data/idn-area-data/`` after ``npm ci`` (not in git; packaged into the
  wheel when present). Without that copy only the shipped list of Kota
  Kediri (``data/wilayah-kota-kediri.csv``) is available, so the default
  region works from a bare wheel;
* BPS codes: the shipped Kota Kediri list, merged by Kemendagri code (empty
  elsewhere).

A `Region` is built once per process for each configured set of codes;
every lookup in it is a dictionary.
"""
from __future__ import annotations

import csv
import functools
import os
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from ckanext.satudata.translation import _

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")
#: The shipped list of the default region, with BPS codes.
WILAYAH_CSV = os.path.join(DATA_DIR, "wilayah-kota-kediri.csv")
#: Provinces and kabupaten/kota (shipped).
AREAS_CSV = os.path.join(DATA_DIR, "kode-wilayah-kabupaten-kota.csv")
#: The copy of idn-area-data's CSVs made by scripts/assets.sh.
IDN_AREA_DIR = os.path.join(DATA_DIR, "idn-area-data")

DEFAULT_WILAYAH = ("35.71",)
#: The kabupaten/kota the shipped list covers.
SHIPPED_REGENCIES = frozenset({"35.71"})

PROVINCE_CODE = re.compile(r"^\d{2}$")
REGENCY_CODE = re.compile(r"^\d{2}\.\d{2}$")
KECAMATAN_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
KODE_KELURAHAN_PATTERN = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


class WilayahError(ValueError):
    """The configured region is malformed, unknown or has no list here."""


@dataclass(frozen=True)
class Area:
    """A province or a kabupaten/kota: `nama` as the list writes it
    ("Kediri"), `jenis` provinsi, kabupaten or kota."""
    kode: str
    nama: str
    jenis: str

    @property
    def title(self) -> str:
        """"Kabupaten Kediri", "Kota Kediri", "Provinsi Jawa Timur"."""
        return f"{self.jenis.capitalize()} {self.nama}"


@dataclass(frozen=True)
class Kecamatan:
    kode: str
    nama: str
    kode_bps: str
    kode_kabupaten: str
    nama_kabupaten: str

    @property
    def title(self) -> str:
        return f"Kecamatan {self.nama}"


@dataclass(frozen=True)
class Village:
    """One row of a desa/kelurahan source: codes and names only."""
    kode: str
    nama: str
    kode_kecamatan: str


def parse_wilayah(text: str | None) -> tuple[str, ...]:
    """``"35.71"``, ``"35.06 35.71"``, ``"35.06, 35.71"`` or ``"35"`` ->
    the codes, sorted, each once; empty -> the default (Kota Kediri).
    Raises WilayahError for a code that is neither a province's nor a
    kabupaten/kota's."""
    codes = [c for c in re.split(r"[\s,;]+", text or "") if c]
    if not codes:
        return DEFAULT_WILAYAH
    bad = [c for c in codes if not (PROVINCE_CODE.match(c) or REGENCY_CODE.match(c))]
    if bad:
        raise WilayahError(_(
            "ckanext.satudata.wilayah: {codes} bukan kode provinsi (35) atau "
            "kabupaten/kota (35.71).").format(codes=", ".join(bad)))
    return tuple(sorted(set(codes)))


@functools.lru_cache(maxsize=1)
def areas() -> dict[str, Area]:
    """The provinces and kabupaten/kota in force, by code."""
    with open(AREAS_CSV, encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {row["kode"]: Area(row["kode"], row["nama"], row["jenis"])
                for row in csv.DictReader(lines) if row["berlaku"] == "ya"}


def regencies_of(codes: Iterable[str]) -> tuple[Area, ...]:
    """The kabupaten/kota named by `codes` (a province: all of its own)."""
    known = areas()
    found: dict[str, Area] = {}
    for kode in codes:
        area = known.get(kode)
        if area is None:
            raise WilayahError(_(
                "ckanext.satudata.wilayah: kode wilayah {kode} tidak dikenal.").format(kode=kode))
        if area.jenis == "provinsi":
            found.update((k, a) for k, a in known.items()
                         if a.jenis != "provinsi" and k.startswith(kode + "."))
        else:
            found[kode] = area
    return tuple(found[k] for k in sorted(found))


def idn_area_available() -> bool:
    return os.path.exists(os.path.join(IDN_AREA_DIR, "villages.csv"))


def check(codes: Iterable[str]) -> None:
    """Raises WilayahError when `codes` name an unknown region or one whose
    desa/kelurahan list is not available here (cheap: reads no list)."""
    missing = sorted({a.kode for a in regencies_of(codes)} - SHIPPED_REGENCIES)
    if missing and not idn_area_available():
        raise WilayahError(_(
            "Daftar desa/kelurahan untuk {codes} tidak tersedia: jalankan "
            "scripts/assets.sh (paket npm idn-area-data).").format(codes=", ".join(missing)))


def _rows(path: str) -> Iterator[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


@functools.lru_cache(maxsize=1)
def _shipped() -> tuple[dict[str, str], ...]:
    return tuple(_rows(WILAYAH_CSV))


def bps_codes() -> dict[str, str]:
    """Kemendagri code -> BPS code, of the kecamatan and desa/kelurahan the
    project has them for (the shipped list)."""
    codes = {}
    for row in _shipped():
        codes[row["kode_kecamatan"]] = row["kode_bps_kecamatan"]
        codes[row["kode_kelurahan"]] = row["kode_bps_kelurahan"]
    return codes


def read_sources(regency_codes: Iterable[str], idn_area_dir: str | None = None
                 ) -> tuple[dict[str, str], list[Village]]:
    """({kecamatan code: name}, [Village]) of the kabupaten/kota
    `regency_codes`, from idn-area-data's CSVs in `idn_area_dir` (default:
    the copy in the package) when present, else from the shipped list.
    Raises WilayahError when neither covers every one of them."""
    wanted = set(regency_codes)
    directory = idn_area_dir or IDN_AREA_DIR
    if os.path.exists(os.path.join(directory, "villages.csv")):
        kecamatan = {row["code"]: row["name"]
                     for row in _rows(os.path.join(directory, "districts.csv"))
                     if row["regency_code"] in wanted}
        villages = [Village(row["code"], row["name"], row["district_code"])
                    for row in _rows(os.path.join(directory, "villages.csv"))
                    if row["code"][:5] in wanted]
        return kecamatan, villages
    missing = sorted(wanted - SHIPPED_REGENCIES)
    if missing:
        raise WilayahError(_(
            "Daftar desa/kelurahan untuk {codes} tidak tersedia: jalankan "
            "scripts/assets.sh (paket npm idn-area-data).").format(codes=", ".join(missing)))
    kecamatan = {row["kode_kecamatan"]: row["nama_kecamatan"] for row in _shipped()}
    villages = [Village(row["kode_kelurahan"], row["nama_kelurahan"], row["kode_kecamatan"])
                for row in _shipped()]
    return kecamatan, villages


def join_titles(titles: list[str]) -> str:
    """["A"] -> "A"; ["A", "B", "C"] -> "A, B dan C"."""
    if len(titles) <= 1:
        return "".join(titles)
    return ", ".join(titles[:-1]) + " dan " + titles[-1]
