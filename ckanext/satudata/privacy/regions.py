"""The Kemendagri region codes that the region part of a NIK or No. KK may hold.

The list ships as ``reference/data/kode-wilayah-kabupaten-kota.csv`` (provinces and
kabupaten/kota, current and historical codes, see the comment on its first
line). It is read once, on first use.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ckanext.satudata.reference import DATA_DIR

REGION_FILE = Path(DATA_DIR) / "kode-wilayah-kabupaten-kota.csv"


@dataclass(frozen=True)
class Region:
    """One row of the code list: `code` as Kemendagri writes it ("35.71"),
    `kind` provinsi, kabupaten or kota, `current` False for a code that is no
    longer in force but still appears in NIKs issued under it."""

    code: str
    name: str
    kind: str
    current: bool


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    """Returns every region of the shipped code list, in file order."""
    with open(REGION_FILE, encoding="utf-8", newline="") as source:
        lines = (line for line in source if not line.startswith("#"))
        return tuple(
            Region(row["kode"], row["nama"], row["jenis"], row["berlaku"] == "ya")
            for row in csv.DictReader(lines))


@lru_cache(maxsize=1)
def regency_prefixes() -> frozenset[str]:
    """Returns the 4-digit prefixes (province + kabupaten/kota, "3571") that a
    NIK or No. KK may start with: every kabupaten/kota code, current or not."""
    return frozenset(region.code.replace(".", "") for region in regions() if region.kind != "provinsi")


def is_regency_prefix(digits: str) -> bool:
    """Returns True when the first four characters of `digits` are the code of
    a kabupaten or kota that exists or existed."""
    return digits[:4] in regency_prefixes()
