"""An indicator's figures in the formats statistical tools read: JSON-stat
2.0 and SDMX-CSV 2.0. Plain Python: the builders take the indicator as
``satudata_indicator_series`` returns it (only published, open figures are
ever in it) and write nothing else.

JSON-stat (https://json-stat.org/format/): one ``dataset`` with two
dimensions, ``wilayah`` (role geo) × ``periode`` (role time), values in
row-major order (wilayah first), ``null`` with status ``m`` where an area
has no value for a period; the unit, the aggregation and the source
datasets in ``extension``.

SDMX-CSV 2.0 (SDMX 3.0 technical notes, section "SDMX-CSV"): one row per
observation, columns ``STRUCTURE,STRUCTURE_ID,ACTION`` then the dimensions
``INDIKATOR,WILAYAH,TIME_PERIOD``, the measure ``OBS_VALUE`` and the
attributes ``UNIT_MEASURE,NAMA_WILAYAH``. Every indicator belongs to one
dataflow, ``SATUDATA:DF_INDIKATOR(1.0)`` (agency ``SATUDATA``, the portal);
an indicator is a value of its INDIKATOR dimension (the key of its page).
Periods are written the SDMX way: ``2025``, ``2025-S1``, ``2025-Q3``,
``2025-07``.
"""
from __future__ import annotations

from typing import Any

JSONSTAT_VERSION = "2.0"
MISSING = "m"

DATAFLOW_AGENCY = "SATUDATA"
DATAFLOW_ID = "DF_INDIKATOR"
DATAFLOW_VERSION = "1.0"
DATAFLOW = f"{DATAFLOW_AGENCY}:{DATAFLOW_ID}({DATAFLOW_VERSION})"
SDMX_COLUMNS = ["STRUCTURE", "STRUCTURE_ID", "ACTION", "INDIKATOR", "WILAYAH", "TIME_PERIOD",
                "OBS_VALUE", "UNIT_MEASURE", "NAMA_WILAYAH"]
SDMX_MEDIA_TYPE = "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8"
JSONSTAT_MEDIA_TYPE = "application/json; charset=utf-8"


def area_id(area: dict[str, Any]) -> str:
    """An area's id in both formats: its Kemendagri code, else its name."""
    return area.get("kode_wilayah") or (area.get("nama_wilayah") or "").strip()


def sdmx_period(code: str) -> str:
    """The portal's period code in SDMX's spelling (quarters are Q, not T)."""
    year, _, rest = code.partition("-")
    return f"{year}-Q{rest[1:]}" if rest.startswith("T") else code


def number(value: float | None) -> str:
    """A number for a CSV cell: no thousands separator, a decimal point."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(round(value, 6))


def jsonstat(series: dict[str, Any], links: dict[str, str] | None = None,
             labels: dict[str, str] | None = None) -> dict[str, Any]:
    """The JSON-stat 2.0 dataset of one indicator. `links`: {media type: URL}
    of the same figures elsewhere (the page, SDMX-CSV); `labels`: the
    dimensions' labels in the caller's language (``wilayah``, ``periode``,
    ``missing``)."""
    labels = labels or {}
    periods = [p["periode"] for p in series.get("periods") or []]
    period_labels = {p["periode"]: p["label"] for p in series.get("periods") or []}
    areas: dict[str, dict[str, Any]] = {}
    for area in series.get("areas") or []:
        areas.setdefault(area_id(area), area)
    values: list[float | None] = []
    status: dict[str, str] = {}
    for area in areas.values():
        for periode in periods:
            value = (area.get("nilai") or {}).get(periode)
            if value is None:
                status[str(len(values))] = MISSING
            values.append(value)
    metadata = series.get("metadata") or {}
    dataset: dict[str, Any] = {
        "version": JSONSTAT_VERSION,
        "class": "dataset",
        "label": series.get("title") or series.get("key"),
        "source": metadata.get("produsen") or "",
        "id": ["wilayah", "periode"],
        "size": [len(areas), len(periods)],
        "role": {"geo": ["wilayah"], "time": ["periode"]},
        "dimension": {
            "wilayah": {"label": labels.get("wilayah", "wilayah"), "category": {
                "index": {key: n for n, key in enumerate(areas)},
                "label": {key: area.get("nama_wilayah") or key for key, area in areas.items()},
            }},
            "periode": {"label": labels.get("periode", "periode"), "category": {
                "index": {code: n for n, code in enumerate(periods)},
                "label": {code: period_labels[code] for code in periods},
            }},
        },
        "value": values,
    }
    if status:
        dataset["status"] = status
    if series.get("url"):
        dataset["href"] = series["url"]
    if links:
        dataset["link"] = {"alternate": [{"type": media_type, "href": href}
                                         for media_type, href in links.items()]}
    notes = [metadata.get(name) for name in ("definisi", "interpretasi") if metadata.get(name)]
    if notes:
        dataset["note"] = notes
    dataset["extension"] = {"satudata": {
        "indikator": series.get("key"),
        "satuan": metadata.get("satuan") or "",
        "agregasi": series.get("aggregation"),
        "agregasi_label": series.get("aggregation_label"),
        "terbatas": bool(series.get("restricted")),
        "status": {MISSING: labels.get("missing", MISSING)},
        "metadata": {name: value for name, value in metadata.items() if value},
        "dataset": [{"name": d.get("name"), "title": d.get("title"), "url": d.get("url"),
                     "organization": d.get("organization_title")}
                    for d in series.get("datasets") or []],
        "sdmx_dataflow": DATAFLOW,
    }}
    return dataset


def sdmx_rows(series: dict[str, Any]) -> list[list[str]]:
    """The SDMX-CSV 2.0 rows (header first) of one indicator: one per value
    (an area without a value in a period has no row)."""
    unit = (series.get("metadata") or {}).get("satuan") or ""
    periods = [p["periode"] for p in series.get("periods") or []]
    rows = [list(SDMX_COLUMNS)]
    for area in series.get("areas") or []:
        values = area.get("nilai") or {}
        for periode in periods:
            if values.get(periode) is None:
                continue
            rows.append(["dataflow", DATAFLOW, "I", series["key"], area_id(area),
                         sdmx_period(periode), number(values[periode]), unit,
                         area.get("nama_wilayah") or ""])
    return rows
