"""The reference organisations every Satu Data portal starts with.

The desa/kelurahan of the configured region come from the reference list; the curator
organisation (Diskominfo) and a few producer agencies from
`data/organisasi-kota.csv`. Loading them is idempotent: an organisation that
already matches is left alone, so loading twice changes nothing.
"""
from __future__ import annotations

import csv
import os
from typing import Any, Iterator

from ckanext.satudata import reference

CITY_ORGANIZATIONS_CSV = os.path.join(reference.DATA_DIR, "organisasi-kota.csv")


def kelurahan_organization(kelurahan: reference.Kelurahan) -> dict[str, Any]:
    return {
        "name": kelurahan.organization_name,
        "title": kelurahan.title,
        "jenis_organisasi": "kelurahan",
        "kode_wilayah": kelurahan.kode,
        "kode_bps": kelurahan.kode_bps,
        "kode_kecamatan": kelurahan.kode_kecamatan,
        "kecamatan": kelurahan.nama_kecamatan,
        "kode_kabupaten": kelurahan.kode_kabupaten,
        "kabupaten": kelurahan.nama_kabupaten,
        "description": (
            f"{kelurahan.title}, Kecamatan {kelurahan.nama_kecamatan}, "
            f"{kelurahan.nama_kabupaten}. Kode Kemendagri {kelurahan.kode}"
            + (f", kode BPS {kelurahan.kode_bps}." if kelurahan.kode_bps else ".")),
    }


def city_organizations() -> Iterator[dict[str, Any]]:
    """The curator and the producer agencies, named for the configured
    region (``{wilayah}`` in the list: "Dinas Kesehatan Kota Kediri")."""
    region = reference.current()
    with open(CITY_ORGANIZATIONS_CSV, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {key: region.fill_text(value) for key, value in row.items()}


def reference_organizations() -> list[dict[str, Any]]:
    """Every organisation the portal needs, as organization_create dicts."""
    return ([kelurahan_organization(k) for k in reference.all_kelurahan()]
            + list(city_organizations()))


def changed_fields(existing: dict[str, Any], wanted: dict[str, Any]
                   ) -> dict[str, Any]:
    """The fields of `wanted` whose value differs in `existing`."""
    return {key: value for key, value in wanted.items()
            if (existing.get(key) or "") != (value or "")}
