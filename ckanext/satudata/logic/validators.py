"""Validators used by the scheming schemas (see schemas/*.yaml)."""
from __future__ import annotations

import re
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import config, reference, site

__all__ = [
    "satudata_kode_kelurahan",
    "satudata_kelurahan_required",
    "satudata_kecamatan_from_kode",
    "satudata_wilayah_from_kode",
    "satudata_year",
    "satudata_decimal",
    "satudata_latitude",
    "satudata_longitude",
    "satudata_count",
    "satudata_owner_is_kelurahan",
    "satudata_owner_is_walidata",
    "satudata_profile_unique_per_year",
    "satudata_point_layer_extent",
    "satudata_text_max",
]


_ = tk._


def satudata_kode_kelurahan(value: Any, context: dict[str, Any]) -> Any:
    """A Kemendagri desa/kelurahan code of the configured region."""
    if value in (None, "", tk.missing):
        return value
    kode = str(value).strip()
    if not reference.KODE_KELURAHAN_PATTERN.match(kode):
        raise tk.Invalid(_(
            "Kode wilayah harus berformat Kemendagri, misalnya 35.71.01.1001."))
    region = reference.current()
    if region.by_code(kode) is None:
        raise tk.Invalid(_(
            "Kode wilayah {kode} tidak ada dalam daftar {count} {jenis} "
            "{wilayah}.").format(kode=kode, count=len(region.kelurahan),
                                 jenis=region.jenis_plural, wilayah=region.title))
    return kode


def satudata_kelurahan_required(key, data, errors, context):
    """The Kemendagri code is required when the organisation is a kelurahan."""
    jenis = data.get(key[:-1] + ("jenis_organisasi",))
    value = data.get(key)
    if jenis == "kelurahan" and value in (None, "", tk.missing):
        errors[key].append(_("Kode wilayah wajib diisi untuk kelurahan."))
        raise tk.StopOnError


def satudata_kecamatan_from_kode(key, data, errors, context):
    """Fill in the kecamatan from the kelurahan code, so it always matches."""
    kode = data.get(key[:-1] + ("kode_wilayah",))
    kelurahan = reference.by_code(kode) if isinstance(kode, str) else None
    if kelurahan is not None:
        data[key] = kelurahan.nama_kecamatan


#: The organisation's fields filled from its code, and the attribute of
#: the reference list each one takes.
_FROM_KODE = {"kode_kecamatan": "kode_kecamatan", "kecamatan": "nama_kecamatan",
              "kode_kabupaten": "kode_kabupaten", "kabupaten": "nama_kabupaten"}


def satudata_wilayah_from_kode(key, data, errors, context):
    """Fill in the kecamatan's or kabupaten/kota's code or name from the
    desa/kelurahan code (the field's name says which), so it always matches."""
    kode = data.get(key[:-1] + ("kode_wilayah",))
    kelurahan = reference.by_code(kode) if isinstance(kode, str) else None
    if kelurahan is not None:
        data[key] = getattr(kelurahan, _FROM_KODE[key[-1]])


def satudata_year(value: Any, context: dict[str, Any]) -> Any:
    """A four-digit year between 1945 and next year."""
    if value in (None, "", tk.missing):
        return value
    latest = site.portal_today().year + 1
    try:
        year = int(str(value).strip())
    except ValueError:
        raise tk.Invalid(_("Tahun harus berupa angka empat digit, misalnya 2026."))
    if not 1945 <= year <= latest:
        raise tk.Invalid(_("Tahun harus di antara 1945 dan {latest}.").format(
            latest=latest))
    return str(year)


def _as_decimal(value: Any) -> float:
    """Accept both 1.5 and the Indonesian 1,5."""
    text = str(value).strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise tk.Invalid(_("Harus berupa angka, misalnya 2,5."))


def satudata_decimal(value: Any, context: dict[str, Any]) -> Any:
    """A non-negative decimal number, stored with a dot."""
    if value in (None, "", tk.missing):
        return value
    number = _as_decimal(value)
    if number < 0:
        raise tk.Invalid(_("Angka tidak boleh negatif."))
    return str(number)


def satudata_latitude(value: Any, context: dict[str, Any]) -> Any:
    if value in (None, "", tk.missing):
        return value
    number = _as_decimal(value)
    if not -90 <= number <= 90:
        raise tk.Invalid(_("Lintang harus di antara -90 dan 90 derajat."))
    return str(number)


def satudata_longitude(value: Any, context: dict[str, Any]) -> Any:
    if value in (None, "", tk.missing):
        return value
    number = _as_decimal(value)
    if not -180 <= number <= 180:
        raise tk.Invalid(_("Bujur harus di antara -180 dan 180 derajat."))
    return str(number)


_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def satudata_count(value: Any, context: dict[str, Any]) -> Any:
    """A whole number of people, households, facilities...: 0 or more.

    Accepts Indonesian thousands separators (1.234 is one thousand two
    hundred and thirty-four)."""
    if value in (None, "", tk.missing):
        return value
    text = str(value).strip().replace(" ", "")
    if _THOUSANDS.match(text):
        text = text.replace(".", "")
    if not text.isdigit():
        raise tk.Invalid(_("Harus berupa bilangan bulat 0 atau lebih, "
                           "misalnya 1.234."))
    return str(int(text))


def satudata_text_max(limit: Any):
    """A validator for a text of at most `limit` characters (numbers are
    taken as their text). In the schemas: ``satudata_text_max(100)``.

    Without it, a resource's format or name of 100,000 characters is saved,
    and then every indexing of its dataset (an edit, a withdrawal) fails."""
    limit = int(limit)

    def validator(value: Any, context: dict[str, Any]) -> Any:
        if value is None or value is tk.missing or value == "":
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise tk.Invalid(_("Harus berupa teks."))
        if len(value) > limit:
            raise tk.Invalid(_("Terlalu panjang: paling banyak {limit} karakter.").format(
                limit=limit))
        return value
    return validator


#: A resource's text fields and their limits (as in the schemas' resource
#: fields), for the check made before core reads them.
RESOURCE_TEXT_LIMITS = {"url": 2000, "name": 1000, "description": 20000, "format": 100}


def check_resource_texts(resource: dict[str, Any]) -> None:
    """Refuse a resource whose url, name, description or format is not a
    text within its limit (a number is taken as its text).

    Called before core's resource_create/resource_update touch the values:
    core guesses the format and the file type from them before the schema
    validates anything, and fails (500) on a list or a number."""
    errors: dict[str, list[str]] = {}
    for field, limit in RESOURCE_TEXT_LIMITS.items():
        if field not in resource:
            continue
        try:
            resource[field] = satudata_text_max(limit)(resource[field], {})
        except tk.Invalid as error:
            errors[field] = [error.error]
    if errors:
        raise tk.ValidationError(errors)


def _organization_kind(id_or_name: str) -> str | None:
    group = model.Group.get(id_or_name)
    if group is None or not group.is_organization:
        return None
    return group.extras.get("jenis_organisasi")


def satudata_owner_is_kelurahan(value: Any, context: dict[str, Any]) -> Any:
    """Profiles and point layers belong to a kelurahan organisation."""
    if value and _organization_kind(value) != "kelurahan":
        raise tk.Invalid(_("Data jenis ini harus dimiliki oleh organisasi "
                           "kelurahan."))
    return value


def satudata_owner_is_walidata(value: Any, context: dict[str, Any]) -> Any:
    """The city's boundaries belong to the walidata (the curators'
    organisation): only its members, the curators, may keep them."""
    group = model.Group.get(value) if value else None
    if group is not None and group.name != config.curator_organization():
        raise tk.Invalid(_("Batas wilayah dikelola walidata: pemiliknya harus "
                           "organisasi kurator ({name}).").format(
                               name=config.curator_organization()))
    return value


def satudata_profile_unique_per_year(key, data, errors, context):
    """One `profil-kelurahan` per kelurahan per year."""
    year = data.get(key)
    owner = data.get(key[:-1] + ("owner_org",))
    if errors.get(key) or not year or not owner:
        return
    group = model.Group.get(owner)
    if group is None:
        return
    this_id = data.get(key[:-1] + ("id",))
    package = context.get("package")
    if not this_id and package is not None:
        this_id = package.id
    query = (model.Session.query(model.Package.id)
             .filter(model.Package.type == "profil-kelurahan",
                     model.Package.owner_org == group.id,
                     model.Package.state != "deleted",
                     model.Package.extras["tahun"].astext == str(year).strip()))
    if this_id:
        query = query.filter(model.Package.id != this_id)
    if query.first() is not None:
        errors[key].append(_(
            "{kelurahan} sudah memiliki profil untuk tahun {tahun}. Ubah "
            "profil yang ada alih-alih membuat yang baru.").format(
                kelurahan=group.title or group.name, tahun=year))


def satudata_point_layer_extent(key, data, errors, context):
    """A point layer's `spatial` extent: the union of its files' extents."""
    from ckanext.satudata.maps.layers import EXTENT_FIELD, extent_geojson
    extents = [value for field, value in data.items()
               if len(field) == 3 and field[0] == "resources"
               and field[2] == EXTENT_FIELD and value]
    extent = extent_geojson(extents)
    if extent is not None:
        data[key] = extent
