"""Downloadable CSV templates: the expected columns and one example row, for
each dataset type and each kind of map point."""
from __future__ import annotations

import io

from ckanext.satudata.tabular import csv_output
from ckanext.satudata.maps import KINDS, template_csv

# Tables uploaded to `statistik-sektoral`: one value per area and period.
STATISTIK_COLUMNS = [
    ("kode_wilayah", "35.71.02.1002"),
    ("nama_wilayah", "Balowerti"),
    ("periode", "2026-01"),
    ("indikator", "Jumlah posyandu aktif"),
    ("nilai", "7"),
    ("satuan", "unit"),
]

# Tables uploaded to `profil-kelurahan`: the profile's figures, one row.
PROFIL_COLUMNS = [
    ("kode_wilayah", "35.71.02.1002"),
    ("nama_kelurahan", "Balowerti"),
    ("tahun", "2026"),
    ("penduduk_laki_laki", "3120"),
    ("penduduk_perempuan", "3254"),
    ("jumlah_kk", "2011"),
    ("jumlah_rw", "6"),
    ("jumlah_rt", "31"),
    ("luas_km2", "0.91"),
    ("jumlah_posyandu", "7"),
    ("jumlah_pos_kamling", "12"),
    ("jumlah_sekolah", "4"),
    ("jumlah_fasilitas_kesehatan", "2"),
    ("jumlah_tempat_ibadah", "9"),
    ("jumlah_pasar", "1"),
]

DATASET_TABLES = {
    "statistik-sektoral": STATISTIK_COLUMNS,
    "profil-kelurahan": PROFIL_COLUMNS,
}


def _table(columns: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = csv_output.writer(out)
    writer.writerow([name for name, _example in columns])
    writer.writerow([example for _name, example in columns])
    return out.getvalue()


def template_names() -> list[str]:
    return list(DATASET_TABLES) + list(KINDS)


def csv_template(name: str) -> str | None:
    """The CSV template called `name` (a dataset type or a point kind)."""
    if name in DATASET_TABLES:
        return _table(DATASET_TABLES[name])
    if name in KINDS:
        return template_csv(name)
    return None
