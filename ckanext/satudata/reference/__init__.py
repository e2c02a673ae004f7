"""Reference data of the region: the kelurahan list and the organisations
every portal starts with. Plain Python; the lists ship in `data/`."""
from ckanext.satudata.reference.kelurahan import (
    DATA_DIR, KODE_KELURAHAN_PATTERN, NAME_VARIANTS, ORGANIZATION_PREFIX, WILAYAH_CSV,
    Kelurahan, all_kelurahan, by_code, by_name, by_organization_name, kecamatan_names, slugify)

__all__ = [
    "DATA_DIR", "KODE_KELURAHAN_PATTERN", "NAME_VARIANTS", "ORGANIZATION_PREFIX", "WILAYAH_CSV",
    "Kelurahan", "all_kelurahan", "by_code", "by_name", "by_organization_name",
    "kecamatan_names", "slugify",
]
