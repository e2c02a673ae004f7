"""The prefilled forms' glue: the catalogue's indicator, the PIC's kelurahan,
the links from a gap to its form, and the catalogue's metadata kept on every
write of a catalogue statistic.

The decisions are ``dataset_types.prefill``'s; the indicator comes from the
catalogue's action ``satudata_indicator_catalog_show`` (kept by the walidata).
"""
from __future__ import annotations

import datetime
from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import reference, site
from ckanext.satudata.completeness import items as required
from ckanext.satudata.dataset_types import prefill
from ckanext.satudata.maps.kinds import KINDS
from ckanext.satudata.workflow import roles

STATISTIC_TYPE = required.STATISTIC_TYPE
POINTS_TYPE = required.POINTS_TYPE


def indicator(kode: Any) -> Optional[dict[str, Any]]:
    """The catalogue's indicator `kode` (its current version), or None when
    the catalogue does not hold it, or holds it no longer (inactive)."""
    if not isinstance(kode, str) or not required.INDICATOR_CODE.match(kode.strip()):
        return None
    try:
        entry = site.remembered(("catalogue-indicator", kode.strip()), lambda: tk.get_action(
            "satudata_indicator_catalog_show")({"ignore_auth": True}, {"kode": kode.strip()}))
    except (KeyError, tk.ObjectNotFound, tk.ValidationError):
        # KeyError: no catalogue action (the catalogue plugin is not there).
        return None
    if not isinstance(entry, dict) or entry.get("aktif") is False:
        return None
    return entry


def catalogue_indicators() -> list[dict[str, Any]]:
    """The catalogue's active indicators, by name (empty without a catalogue)."""
    try:
        result = tk.get_action("satudata_indicator_catalog_list")({"ignore_auth": True}, {})
    except KeyError:
        return []
    entries = result.get("results", result) if isinstance(result, dict) else result
    return sorted((e for e in entries or [] if isinstance(e, dict) and e.get("aktif", True)),
                  key=lambda e: (str(e.get("nama") or e.get("kode")).lower()))


# -- the PIC's kelurahan ----------------------------------------------------------

def pic_kelurahan(user_name: str) -> list[tuple[model.Group, reference.Kelurahan]]:
    """The kelurahan organisations `user_name` may add datasets to (as
    their PIC), with their entry of the reference list, by name."""
    found = []
    for organization_id in roles.member_organization_ids(user_name):
        group = model.Group.get(organization_id)
        if group is None or group.state != "active":
            continue
        kelurahan = reference.by_organization_name(group.name)
        if kelurahan is not None and roles.is_pic(user_name, group.id):
            found.append((group, kelurahan))
    return sorted(found, key=lambda pair: pair[1].nama)


def kelurahan_for(user_name: str, organization: Optional[str]
                  ) -> Optional[tuple[model.Group, reference.Kelurahan]]:
    """The kelurahan a prefilled form is for: `organization` (a name or id)
    when the user is its PIC, else the user's only or first kelurahan."""
    choices = pic_kelurahan(user_name)
    if organization:
        return next((pair for pair in choices if organization in (pair[0].name, pair[0].id)),
                    None)
    return choices[0] if choices else None


def _name_taken(name: str) -> bool:
    return model.Package.get(name) is not None


def statistic_fields(entry: dict[str, Any], group: model.Group,
                     kelurahan: reference.Kelurahan,
                     today: datetime.date) -> dict[str, str]:
    """The fields of the new statistic's form (the organisation included)."""
    fields = prefill.prefilled_fields(entry, kelurahan.nama, kelurahan.kode, today,
                                      _name_taken)
    fields["owner_org"] = group.id
    return fields


def kelurahan_fields(group: model.Group, kelurahan: reference.Kelurahan) -> dict[str, str]:
    """What a statistic of a kelurahan says of it, whatever the indicator."""
    return {"owner_org": group.id, "produsen": f"Kelurahan {kelurahan.nama}",
            "tingkat_penyajian": prefill.KELURAHAN_LEVEL, "cakupan": "kelurahan"}


def point_layer_fields(kind_code: str, group: model.Group, kelurahan: reference.Kelurahan,
                       today: datetime.date) -> Optional[dict[str, str]]:
    kind = KINDS.get(kind_code)
    if kind is None:
        return None
    fields = prefill.point_layer_fields(kind.code, kind.label_id, kelurahan.nama, today,
                                        _name_taken)
    fields["owner_org"] = group.id
    return fields


# -- links from a gap -------------------------------------------------------------

def gap_url(item_kind: str, item_key: str, organization: str,
            dataset: Optional[dict[str, Any]] = None, state: str = "",
            **url_options: Any) -> Optional[str]:
    """Where a PIC goes from a gap of the completeness matrix: a returned
    dataset's page (the curator's note and the edit button are there);
    otherwise the prefilled form of the item (a statistic of the catalogue,
    a point layer) or the profile's form; None when there is no form."""
    if dataset and state == "dikembalikan":
        return tk.url_for(f"{dataset['type']}.read", id=dataset["name"], **url_options)
    if item_kind == required.STATISTIC:
        return tk.url_for("satudata_prefill.statistic", kode=item_key,
                          organisasi=organization, **url_options)
    if item_kind == required.POINTS:
        return tk.url_for("satudata_prefill.point_layer", jenis=item_key,
                          organisasi=organization, **url_options)
    if item_kind == required.PROFILE:
        group = model.Group.get(organization)
        return tk.url_for("profil-kelurahan.new", tahun=item_key,
                          owner_org=group.id if group else organization, **url_options)
    return None


def is_gap(cell: Any) -> bool:
    """A cell the PIC has to act on: nothing yet, overdue, or returned."""
    return cell.missing or cell.overdue or cell.state == "dikembalikan"


# -- the catalogue's metadata on every write ------------------------------------

def keep_catalogue_metadata(context: dict[str, Any], data_dict: dict[str, Any],
                            package: Optional[model.Package] = None) -> None:
    """A statistic of a catalogue indicator carries the catalogue's
    metadata, whatever was sent (a PIC cannot change the concept, the
    definition … through the form or the API): on creation, and when its
    indicator changes, the catalogue's current version; otherwise the
    values it has, so that a later change of the catalogue does not rewrite
    it: an edit may keep a field as it is or adopt the catalogue's current
    value, nothing else. A statistic outside the catalogue is left as sent,
    and so are the portal's own writes and the curators' (the walidata)."""
    dataset_type = package.type if package is not None else data_dict.get("type")
    if dataset_type != STATISTIC_TYPE or context.get("ignore_auth") \
            or roles.is_curator(context.get("user")):
        return
    kode = data_dict.get("kode_indikator")
    entry = indicator(kode)
    if entry is None:
        return
    values = prefill.locked_values(entry)
    stored = dict(package.extras or {}) if package is not None else {}
    if package is not None and stored.get("kode_indikator") == values["kode_indikator"]:
        for name in prefill.locked_fields(entry)[1:]:
            sent = data_dict.get(name)
            if stored.get(name) and sent != values[name]:
                values[name] = stored[name]
    data_dict.update(values)
