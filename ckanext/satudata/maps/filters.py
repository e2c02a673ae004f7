"""The filters of a map request (API parameters or page URL) as Filters."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import reference
from ckanext.satudata.maps import KINDS
from ckanext.satudata.maps.coordinates import Area
from ckanext.satudata.maps.query import Filters


def _values(raw: Any) -> list[str]:
    """A parameter given as a list or as comma-separated text, as a list."""
    if raw in (None, ""):
        return []
    items = raw if isinstance(raw, (list, tuple)) else str(raw).split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def _kelurahan_code(value: str) -> str | None:
    found = reference.by_code(value) or reference.by_organization_name(value) \
        or reference.by_name(value)
    if found is None:
        organization = model.Group.get(value)
        if organization is not None:
            found = reference.by_code(organization.extras.get("kode_wilayah") or "")
    return found.kode if found is not None else None


def _bbox(raw: Any) -> Area:
    values = raw if isinstance(raw, (list, tuple)) else str(raw).split(",")
    return Area.from_bbox([float(value) for value in values])


def _point_ids(raw: Any) -> tuple[int, ...]:
    return tuple(int(value) for value in _values(raw))


def _kinds(raw: Any, errors: dict[str, list[str]]) -> tuple[str, ...]:
    kinds = _values(raw)
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        errors["kind"] = [tk._("Jenis titik tidak dikenal: {values}. Pilih dari: {choices}."
                               ).format(values=", ".join(unknown), choices=", ".join(KINDS))]
    return tuple(kinds)


def _kecamatan(raw: Any, errors: dict[str, list[str]]) -> tuple[str, ...]:
    """The kecamatan codes of the parameter (each a code, or a name only one
    kecamatan of the region has)."""
    codes, messages = [], []
    for value in _values(raw):
        try:
            codes.append(reference.kecamatan_of_parameter(value).kode)
        except reference.WilayahError as error:
            messages.append(str(error))
    if messages:
        errors["kecamatan"] = messages
    return tuple(dict.fromkeys(codes))


def _kabupaten(raw: Any, errors: dict[str, list[str]]) -> tuple[str, ...]:
    """The kabupaten/kota codes of the parameter (each one of the region's)."""
    region = reference.current()
    known = [area.kode for area in region.regencies]
    given = _values(raw)
    unknown = [value for value in given if value not in known]
    if unknown:
        errors["kabupaten"] = [tk._(
            "Kabupaten/kota tidak dikenal: {values}. Pakai kode kabupaten/kota wilayah ini: "
            "{choices}.").format(values=", ".join(unknown), choices=", ".join(known))]
    return tuple(dict.fromkeys(value for value in given if value in known))


def _kelurahan(raw: Any, errors: dict[str, list[str]]) -> tuple[str, ...]:
    codes = {value: _kelurahan_code(value) for value in _values(raw)}
    unknown = [value for value, code in codes.items() if code is None]
    if unknown:
        errors["kelurahan"] = [tk._(
            "Kelurahan tidak dikenal: {values}. Pakai kode wilayah (mis. 35.71.02.1002), "
            "nama organisasi (mis. kelurahan-balowerti) atau nama kelurahan."
        ).format(values=", ".join(unknown))]
    return tuple(code for code in codes.values() if code)


def _datasets(raw: Any) -> tuple[str, ...]:
    ids = []
    for value in _values(raw):
        package = model.Package.get(value)
        # An unknown dataset simply has no published points.
        ids.append(package.id if package is not None else value)
    return tuple(ids)


def parse_filters(data_dict: dict[str, Any]) -> Filters:
    """The filters of a request (kind, kabupaten, kecamatan, kelurahan,
    dataset, id, bbox; see satudata_map_points). Raises ValidationError naming each
    parameter that is not understood."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {
        "kinds": _kinds(data_dict.get("kind"), errors),
        "kecamatan": _kecamatan(data_dict.get("kecamatan"), errors),
        "kabupaten": _kabupaten(data_dict.get("kabupaten"), errors),
        "kelurahan": _kelurahan(data_dict.get("kelurahan"), errors),
        "datasets": _datasets(data_dict.get("dataset")),
    }
    try:
        values["ids"] = _point_ids(data_dict.get("id"))
    except ValueError:
        errors["id"] = [tk._("id harus berupa nomor titik, mis. 12 atau 12,13.")]
    if data_dict.get("bbox") not in (None, ""):
        try:
            values["bbox"] = _bbox(data_dict["bbox"])
        except (TypeError, ValueError):
            errors["bbox"] = [tk._(
                "bbox harus berupa empat angka bujur_min,lintang_min,bujur_maks,lintang_maks, "
                "mis. 111.99,-7.83,112.03,-7.80.")]
    if errors:
        raise tk.ValidationError(errors)
    return Filters(**values)
