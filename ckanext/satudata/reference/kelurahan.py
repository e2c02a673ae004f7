"""The shipped reference list of kelurahan in Kota Kediri.

Plain Python, no CKAN imports: the CLI loader, the validators and the
templates all read the list from here, so there is one source of truth
(`data/wilayah-kota-kediri.csv`, Kemendagri and BPS codes).
"""
from __future__ import annotations

import csv
import functools
import os
import re
import unicodedata
from dataclasses import dataclass

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")
WILAYAH_CSV = os.path.join(DATA_DIR, "wilayah-kota-kediri.csv")

KODE_KELURAHAN_PATTERN = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")

# Spellings seen in other sources, accepted on input and mapped to the
# official name.
NAME_VARIANTS = {
    "setono pande": "Setonopande",
    "ringin anom": "Ringinanom",
    "setono gedong": "Setonogedong",
    "kampungdalem": "Kampung Dalem",
    "banjar mlati": "Banjarmlati",
}

ORGANIZATION_PREFIX = "kelurahan-"


@dataclass(frozen=True)
class Kelurahan:
    kode: str
    nama: str
    kode_bps: str
    kode_kecamatan: str
    nama_kecamatan: str
    kode_bps_kecamatan: str

    @property
    def slug(self) -> str:
        return slugify(self.nama)

    @property
    def organization_name(self) -> str:
        return ORGANIZATION_PREFIX + self.slug

    @property
    def title(self) -> str:
        return f"Kelurahan {self.nama}"


def slugify(text: str) -> str:
    """`Kampung Dalem` -> `kampung-dalem` (lowercase ASCII, hyphens)."""
    ascii_text = (unicodedata.normalize("NFKD", text)
                  .encode("ascii", "ignore").decode("ascii"))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@functools.lru_cache(maxsize=1)
def all_kelurahan() -> tuple[Kelurahan, ...]:
    with open(WILAYAH_CSV, encoding="utf-8", newline="") as handle:
        return tuple(
            Kelurahan(
                kode=row["kode_kelurahan"],
                nama=row["nama_kelurahan"],
                kode_bps=row["kode_bps_kelurahan"],
                kode_kecamatan=row["kode_kecamatan"],
                nama_kecamatan=row["nama_kecamatan"],
                kode_bps_kecamatan=row["kode_bps_kecamatan"],
            )
            for row in csv.DictReader(handle)
        )


@functools.lru_cache(maxsize=1)
def _by_code() -> dict[str, Kelurahan]:
    return {k.kode: k for k in all_kelurahan()}


def by_code(kode: str) -> Kelurahan | None:
    return _by_code().get((kode or "").strip())


def by_organization_name(name: str) -> Kelurahan | None:
    for kelurahan in all_kelurahan():
        if kelurahan.organization_name == name:
            return kelurahan
    return None


def by_name(name: str) -> Kelurahan | None:
    """Find a kelurahan by its name, accepting the known spelling variants."""
    wanted = " ".join((name or "").lower().split())
    wanted = NAME_VARIANTS.get(wanted, wanted).lower()
    for kelurahan in all_kelurahan():
        if kelurahan.nama.lower() == wanted:
            return kelurahan
    return None


def kecamatan_names() -> list[str]:
    return sorted({k.nama_kecamatan for k in all_kelurahan()})
