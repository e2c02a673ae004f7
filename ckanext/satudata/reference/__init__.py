"""Reference data of the region: the desa/kelurahan of the configured
kabupaten/kota (``ckanext.satudata.wilayah``) and the organisations every
portal starts with. Plain Python; see `wilayah.py` for the sources."""
from ckanext.satudata.reference.kelurahan import (
    DATA_DIR, KODE_KELURAHAN_PATTERN, NAME_VARIANTS, ORGANIZATION_PREFIX, WILAYAH_CSV,
    Area, Kecamatan, Kelurahan, Region, WilayahError, all_kelurahan, by_code, by_name,
    by_organization_name, by_slug, current, find_kecamatan, kecamatan_by_code,
    kecamatan_choices, kecamatan_label, kecamatan_list, kecamatan_of_parameter, kecamatan_names, kind_of_code, region, slugify, use_configuration)
from ckanext.satudata.reference.wilayah import parse_wilayah

__all__ = [
    "DATA_DIR", "KODE_KELURAHAN_PATTERN", "NAME_VARIANTS", "ORGANIZATION_PREFIX", "WILAYAH_CSV",
    "Area", "Kecamatan", "Kelurahan", "Region", "WilayahError", "all_kelurahan", "by_code",
    "by_name", "by_organization_name", "by_slug", "current", "find_kecamatan",
    "kecamatan_by_code", "kecamatan_choices", "kecamatan_label", "kecamatan_list",
    "kecamatan_of_parameter", "kecamatan_names", "kind_of_code", "parse_wilayah", "region", "slugify",
    "use_configuration",
]
