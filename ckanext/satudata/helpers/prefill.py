"""Template helpers of the forms filled in from the catalogue, and of the
PIC's gaps (what is missing, overdue or returned, each a link to its form)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import site
from ckanext.satudata.completeness import dashboard
from ckanext.satudata.completeness import matrix as completeness
from ckanext.satudata.dataset_types import catalogue_form, prefill
from ckanext.satudata.model import completeness as reads

__all__ = ["satudata_catalogue_lock", "satudata_pic_gaps", "satudata_gap_url",
           "satudata_frequency_label"]


def satudata_frequency_label(frequency: str | None) -> str:
    """"Bulanan" for ``bulanan`` (in the user's language)."""
    return dashboard.frequency_label(frequency)


def satudata_catalogue_lock(data: dict[str, Any] | None, dataset_type: str | None
                            ) -> dict[str, Any] | None:
    """On the form of a statistic of a catalogue indicator: {"fields": the
    names shown read-only, "indicator": the catalogue's entry}; None for
    any other form (every field editable)."""
    if dataset_type != catalogue_form.STATISTIC_TYPE or not data:
        return None
    entry = catalogue_form.indicator(data.get("kode_indikator"))
    if entry is None:
        return None
    return {"fields": prefill.locked_fields(entry), "indicator": entry}


def satudata_gap_url(item: dict[str, Any], organization: str,
                     cell: dict[str, Any]) -> str | None:
    """The link of a gap cell of the completeness dashboard (see
    catalogue_form.gap_url); None for a cell that is no gap."""
    if not (cell["state"] in ("none", "dikembalikan") or cell["overdue"]):
        return None
    return catalogue_form.gap_url(item["kind"], item["key"], organization,
                                  cell.get("dataset"), cell["state"])


def satudata_pic_gaps() -> list[dict[str, Any]]:
    """The signed-in PIC's gaps, per kelurahan: [{"title", "organization",
    "gaps": [{"label", "state", "state_label", "overdue", "url", "dataset"}]}]."""
    user_name = site.current_user_name()
    if not user_name:
        return []
    kelurahan = catalogue_form.pic_kelurahan(user_name)
    if not kelurahan:
        return []
    today = site.portal_today()
    items = dashboard.required_items(today.year)
    names = {group.name for group, _ in kelurahan}
    rows = [row for row in dashboard.kelurahan_rows() if row.organization in names]
    records = reads.records(sorted(names), items)
    matrix = completeness.build_matrix(rows, items, records, today, site.portal_timezone())
    result = []
    for row in matrix:
        gaps = []
        for item in items:
            cell = row.cells[item.code]
            if not catalogue_form.is_gap(cell):
                continue
            record = cell.record
            dataset = ({"type": record.type, "name": record.name, "title": record.title}
                       if record else None)
            state = completeness.OVERDUE if cell.overdue and cell.state != "dikembalikan" \
                else cell.state
            gaps.append({
                "label": item.display_label(tk._), "state": state,
                "state_label": dashboard.state_label(state),
                "url": catalogue_form.gap_url(item.kind, item.key, row.kelurahan.organization,
                                              dataset, cell.state),
                "dataset": dataset,
            })
        if gaps:
            result.append({"title": row.kelurahan.title,
                           "organization": row.kelurahan.organization, "gaps": gaps})
    return result
