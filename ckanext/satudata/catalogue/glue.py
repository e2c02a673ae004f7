"""The indicator catalogue for the rest of the portal (CKAN glue).

* the indicator as the actions show it (`public`);
* the required statistics when the catalogue has entries
  (`required_statistics`, read by ``config.required_statistics``);
* the catalogue version a dataset is published with (`record_publication`,
  called by ``workflow.publication``), and the comparison of a submission
  with its indicator (`comparison`, for the review panel);
* the seeding from the configured required statistics and the demo's
  statistics (`seed`).
"""
from __future__ import annotations

import datetime
import logging
from typing import Any, Iterable, Mapping, Optional

from ckanext.satudata import site
from ckanext.satudata.catalogue import definitions, store
from ckanext.satudata.completeness.items import RequiredStatistic
from ckanext.satudata.dataset_types import facets

log = logging.getLogger(__name__)

DATASET_TYPE = "statistik-sektoral"


def choice_labels() -> dict[str, dict[str, str]]:
    """{field: {value: label}} of the choice fields, from the schema."""
    return {name: facets.choice_labels(DATASET_TYPE, name)
            for name in definitions.CHOICE_FIELDS}


def _iso(moment: datetime.datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def public(indicator: Mapping[str, Any], version: Optional[Mapping[str, Any]] = None
           ) -> dict[str, Any]:
    """The indicator as the actions show it; with `version` (a row of the
    version table), its definition at that version."""
    shown = {name: indicator[name] for name in definitions.FIELDS}
    if version is not None:
        shown.update(definitions.definition(version["definisi"]))
        shown["versi"] = int(version["versi"])
        shown["diubah"] = _iso(version["dibuat"])
    else:
        shown["versi"] = int(indicator["versi"])
        shown["diubah"] = _iso(indicator["diubah"])
    shown["kolom"] = [str(column) for column in shown["kolom"] or []]
    shown["wajib"] = bool(shown["wajib"])
    shown["aktif"] = bool(shown["aktif"])
    return shown


def required_statistics() -> Optional[list[RequiredStatistic]]:
    """The active required (`wajib`) indicators of the catalogue, oldest
    first, or None while the catalogue is empty (the configured option then
    applies)."""
    kept = _required()
    return None if kept is None else list(kept)


@site.per_request
def _required() -> Optional[tuple[RequiredStatistic, ...]]:
    indicators = store.all_indicators(active_only=False)
    if not indicators:
        return None
    wanted = [i for i in indicators if i["wajib"] and i["aktif"]]
    wanted.sort(key=lambda i: (i["dibuat"], i["kode"]))
    return tuple(RequiredStatistic(i["kode"], i["nama"]) for i in wanted)


def names(active_only: bool = False) -> dict[str, str]:
    """{kode: nama} of every indicator of the catalogue (`active_only`: of
    those still in use)."""
    return dict(_names(active_only))


@site.per_request
def _names(active_only: bool) -> tuple[tuple[str, str], ...]:
    return tuple((i["kode"], i["nama"]) for i in store.all_indicators(active_only))


# --- publication ---------------------------------------------------------------

def record_publication(package_id: str, dataset: Mapping[str, Any]) -> None:
    """Record the catalogue version `dataset` (its public version) is
    published with. A dataset already recorded for the same indicator keeps
    its version unless its metadata now matches the current definition
    (an approved edit that adopted it); a later change of the catalogue
    never rewrites it. The caller commits."""
    kode = (dataset.get("kode_indikator") or "").strip()
    indicator = store.get(kode) if kode else None
    if indicator is None:
        store.forget(package_id)
        return
    previous = store.recorded([package_id]).get(package_id)
    if previous and previous["kode"] == kode and previous["versi"] != indicator["versi"] \
            and not definitions.matches(indicator, dataset):
        return
    if previous and previous["kode"] == kode and previous["versi"] == indicator["versi"]:
        return
    store.record(package_id, kode, indicator["versi"])


def published_with(package_id: str) -> Optional[dict[str, Any]]:
    """The indicator definition a published dataset was published with
    (``public`` at the recorded version), or None."""
    found = store.recorded([package_id]).get(package_id)
    if not found:
        return None
    indicator = store.get(found["kode"])
    version = store.version(found["kode"], found["versi"]) if indicator else None
    return public(indicator, version) if version else None


# --- the curator's comparison ------------------------------------------------

def comparison(dataset: Mapping[str, Any]) -> Optional[dict[str, Any]]:
    """How a `statistik-sektoral` submission stands against the catalogue:
    None for another type; else {"kode", "indicator" (public dict or None),
    "outside" (true when the statistic names no indicator of the
    catalogue, or an inactive one), "differences" ([{field, label,
    katalog, dataset}] with choice values shown by their labels)}."""
    if dataset.get("type") != DATASET_TYPE:
        return None
    kode = (dataset.get("kode_indikator") or "").strip()
    indicator = store.get(kode) if kode else None
    if indicator is None:
        return {"kode": kode, "indicator": None, "outside": True, "differences": []}
    labels = choice_labels()
    differences = []
    for difference in definitions.differences(indicator, dataset):
        name = difference["field"]
        shown = dict(difference, label=definitions.LABELS[name])
        if name in labels:
            shown["katalog"] = labels[name].get(shown["katalog"], shown["katalog"])
            shown["dataset"] = labels[name].get(shown["dataset"], shown["dataset"])
        differences.append(shown)
    return {"kode": kode, "indicator": public(indicator),
            "outside": not indicator["aktif"], "differences": differences}


# --- seeding -------------------------------------------------------------------

def seed(user_name: str | None, configured: Iterable[RequiredStatistic],
         examples: Iterable[Mapping[str, Any]] = ()) -> dict[str, list[str]]:
    """Create the indicators that are missing: one per configured required
    statistic (wajib), and the `examples` (indicator dicts, e.g. the demo's
    statistics); an example whose code is configured gives its definition
    and stays wajib. Existing indicators are left as the curators made them.
    Returns {"created": [kode...], "unchanged": [kode...]}. The caller commits."""
    wanted: dict[str, dict[str, Any]] = {}
    for statistic in configured:
        wanted[statistic.code] = {"kode": statistic.code, "nama": statistic.name,
                                  "wajib": True}
    for example in examples:
        kode = example["kode"]
        wanted[kode] = dict(example, wajib=bool(example.get("wajib"))
                            or kode in wanted)
    allowed = {name: list(labels) for name, labels in choice_labels().items()}
    result: dict[str, list[str]] = {"created": [], "unchanged": []}
    for kode, data in wanted.items():
        if store.get(kode) is not None:
            result["unchanged"].append(kode)
            continue
        indicator, errors = definitions.clean(data, allowed)
        if errors:
            raise ValueError(f"indicator {kode!r}: {errors}")
        store.create(indicator, user_name, "muat-katalog")
        result["created"].append(kode)
    return result
