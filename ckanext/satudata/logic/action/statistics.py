"""Open statistics: indicators, their series and the kelurahan comparison
of the profiles; the counts of the home page.

Everything is computed from published data only: datasets come from
package_search as the caller with ``+satudata_status:terbit`` (permission
labels apply), figures from the values extracted at publication (see
``ckanext.satudata.statistics.indicators``). The numbers are returned as numbers; the
labels (sectors, frequencies, periods) in the caller's language.
"""
from __future__ import annotations

import datetime
import functools
from typing import Any

import babel.dates

import ckan.plugins.toolkit as tk

from ckanext.satudata import site
from ckanext.satudata import reference
from ckanext.satudata.dataset_types import facets
from ckanext.satudata.statistics import indicators
from ckanext.satudata.logic import params
from ckanext.satudata.statistics import IndicatorFigures, Period, figures, parse_period
from ckanext.satudata.statistics.periods import MONTH, QUARTER, SEMESTER
from ckanext.satudata.statistics.profiles import (
    DENSITY, TOTAL_POPULATION, Area, Column, comparison_table, totals_of, with_derived)
from ckanext.satudata.statistics.series import SUM, aggregation
from ckanext.satudata.translation import N_
from ckanext.satudata.workflow.states import TERBIT

__all__ = [
    "satudata_indicator_list",
    "satudata_indicator_series",
    "satudata_kelurahan_comparison",
    "satudata_statistics_summary",
    "satudata_indicator_extract",
]

PROFILE_TYPE = "profil-kelurahan"
DATASET_TYPES = ("statistik-sektoral", "profil-kelurahan", "peta-titik")
LATEST_DATASETS = 5
LATEST_INDICATORS = 6
#: Statistics without a kode_indikator listed per sector by default, and at most.
LISTED, MAX_LISTED = 50, 100
#: Rows of the kelurahan comparison per page by default, and at most.
COMPARED, MAX_COMPARED = 100, 1000
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
AGGREGATION_LABELS = {SUM: N_("Jumlah seluruh wilayah"),
                      "rata-rata": N_("Rata-rata wilayah")}
METADATA_FIELDS = ("bidang_urusan", "konsep", "definisi", "satuan", "ukuran", "rumus",
                   "interpretasi", "periode_referensi", "frekuensi", "tingkat_penyajian",
                   "cakupan", "klasifikasi_akses")
CHOICE_FIELDS = ("bidang_urusan", "frekuensi", "tingkat_penyajian", "cakupan",
                 "klasifikasi_akses")


def _user_context(context: dict[str, Any]) -> dict[str, Any]:
    return {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")}


# --- labels -----------------------------------------------------------------

def _period_label(period: Period) -> str:
    """"2025", "Januari 2025", "Triwulan I 2025", "Semester 2 2025"."""
    if period.kind == MONTH:
        return babel.dates.format_date(datetime.date(period.year, period.index, 1), "MMMM y",
                                       locale=site.language())
    if period.kind == QUARTER:
        return tk._("Triwulan {number} {year}").format(number=ROMAN[period.index],
                                                        year=period.year)
    if period.kind == SEMESTER:
        return tk._("Semester {number} {year}").format(number=period.index, year=period.year)
    return str(period.year)


def _period(period: Period | None) -> dict[str, str] | None:
    return {"periode": period.code, "label": _period_label(period)} if period else None


def _choice_labels() -> dict[str, dict[str, str]]:
    return {name: facets.choice_labels(indicators.DATASET_TYPE, name) for name in CHOICE_FIELDS}


def _metadata(dataset: dict[str, Any], labels: dict[str, dict[str, str]]) -> dict[str, Any]:
    metadata = {name: dataset.get(name) or "" for name in METADATA_FIELDS}
    for name in CHOICE_FIELDS:
        metadata[f"{name}_label"] = labels[name].get(metadata[name], metadata[name])
    return metadata


def _dataset_brief(dataset: dict[str, Any]) -> dict[str, Any]:
    organization = dataset.get("organization") or {}
    return {"id": dataset["id"], "name": dataset["name"], "title": dataset.get("title"),
            "tahun": dataset.get("tahun") or "", "produsen": dataset.get("produsen") or "",
            "organization": organization.get("name"),
            "organization_title": organization.get("title"),
            "klasifikasi_akses": dataset.get("klasifikasi_akses") or indicators.OPEN,
            "url": tk.url_for(f"{dataset['type']}.read", id=dataset["name"],
                              _external=True)}


def _resources(datasets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    resources = []
    for dataset in datasets:
        if (dataset.get("klasifikasi_akses") or indicators.OPEN) != indicators.OPEN:
            continue
        for resource in dataset.get("resources") or []:
            active = bool(resource.get("datastore_active"))
            resources.append({
                "id": resource["id"], "name": resource.get("name") or resource["id"],
                "format": resource.get("format") or "", "dataset": dataset["name"],
                "organization_title": (dataset.get("organization") or {}).get("title"),
                "url": resource.get("url"),
                "datastore_active": active,
                "datastore_api": tk.url_for("api.action", ver=3, logic_function="datastore_search",
                                            resource_id=resource["id"], _external=True)
                if active else None})
    return resources


def _producers(datasets: list[dict[str, Any]]) -> str:
    names: list[str] = []
    for dataset in reversed(datasets):
        name = dataset.get("produsen") or (dataset.get("organization") or {}).get("title")
        if name and name not in names:
            names.append(name)
    if len(names) > 3:
        return tk._("{count} produsen, antara lain {names}").format(
            count=len(names), names=", ".join(names[:3]))
    return ", ".join(names)


# --- indicators ---------------------------------------------------------------

@tk.side_effect_free
@params.reads(bidang_urusan=params.text, q=params.text,
              limit=functools.partial(params.non_negative_int, maximum=MAX_LISTED),
              offset=params.non_negative_int)
def satudata_indicator_list(context: dict[str, Any], data_dict: dict[str, Any]
                            ) -> dict[str, Any]:
    """The published sectoral-statistics indicators, grouped by sector.

    Anyone may call it; only published, public statistics count (read from
    the tables the publication fills, a few queries whatever the number of
    datasets). An indicator is the statistics sharing a ``kode_indikator``
    (all listed), or one statistic without one (its name is the key; at
    most ``limit`` of them listed per sector, the others counted).

    :param bidang_urusan: a sector value: only its indicators (e.g. ``kesehatan``).
    :param q: search text (e.g. ``posyandu``).
    :param limit: how many statistics without a kode_indikator to list per
        sector (default 50, at most 100; 0: only count them).
    :param offset: how many of them to skip in each sector (the next page;
        the indicators with a code are listed with the first page only).
    :returns: ``{count, limit, offset, sectors: [{bidang_urusan, label,
        count, standalone, more, indicators: [{key, title, url, satuan,
        frekuensi, frekuensi_label, tingkat_penyajian_label, datasets,
        years, has_values}]}]}``; sectors in the schema's order, indicators
        by title; ``count``: the indicators in all (of the sector),
        ``standalone``: the statistics without a kode_indikator among them,
        ``more``: those of them not listed after this page.
    """
    tk.check_access("satudata_indicator_list", context, data_dict)
    sector = (data_dict.get("bidang_urusan") or "").strip()
    q = (data_dict.get("q") or "").strip()
    limit = data_dict.get("limit")
    limit = LISTED if limit is None else limit
    offset = data_dict.get("offset") or 0
    coded, standalone_counts = indicators.indicator_groups(sector, q)
    coded_counts: dict[str, int] = {}
    for item in coded:
        coded_counts[item["bidang_urusan"]] = coded_counts.get(item["bidang_urusan"], 0) + 1
    listed = ((coded if not offset else [])
              + indicators.standalone_statistics(sector, q, limit, offset))
    labels = _choice_labels()
    by_sector: dict[str, list[dict[str, Any]]] = {
        value: [] for value in set(coded_counts) | set(standalone_counts)}
    for item in listed:
        by_sector[item["bidang_urusan"]].append({
            "key": item["key"], "title": item["title"],
            "url": tk.url_for("satudata_statistics.indicator", key=item["key"],
                              _external=True),
            "satuan": item["satuan"], "frekuensi": item["frekuensi"],
            "frekuensi_label": labels["frekuensi"].get(item["frekuensi"], item["frekuensi"]),
            "tingkat_penyajian_label": labels["tingkat_penyajian"].get(
                item["tingkat_penyajian"], item["tingkat_penyajian"]),
            "datasets": item["datasets"], "years": item["years"],
            "has_values": item["has_values"]})
    order = list(labels["bidang_urusan"])
    sectors = []
    for value, items in sorted(by_sector.items(), key=lambda kv: (
            order.index(kv[0]) if kv[0] in order else len(order), kv[0])):
        standalone = standalone_counts.get(value, 0)
        sectors.append({
            "bidang_urusan": value, "label": labels["bidang_urusan"].get(value, value),
            "count": coded_counts.get(value, 0) + standalone, "standalone": standalone,
            "more": max(0, standalone - offset - limit),
            "indicators": sorted(items, key=lambda i: i["title"].lower())})
    return {"count": sum(s["count"] for s in sectors), "limit": limit, "offset": offset,
            "sectors": sectors}


def _figures_dict(result: IndicatorFigures) -> dict[str, Any]:
    def point(p):
        return dict(_period(p.periode), nilai=p.nilai, wilayah=p.areas) if p else None

    comparison = None
    if result.comparison is not None:
        c = result.comparison
        comparison = dict(_period(c.periode), previous=_period(c.previous_periode), items=[
            {"kode_wilayah": i.kode_wilayah, "nama_wilayah": i.nama_wilayah,
             "nilai": i.nilai, "sebelumnya": i.previous, "perubahan": i.change}
            for i in c.items])
    return {
        "aggregation": result.aggregation,
        "aggregation_label": tk._(AGGREGATION_LABELS[result.aggregation]),
        "periods": [_period(p) for p in result.periods],
        "series": [point(p) for p in result.series],
        "latest": point(result.latest),
        "comparison": comparison,
        "areas": [{"kode_wilayah": a.kode_wilayah, "nama_wilayah": a.nama_wilayah,
                   "nilai": {p.code: v for p, v in sorted(a.values.items(),
                                                           key=lambda kv: kv[0].sort_key)}}
                  for a in result.areas],
    }


@tk.side_effect_free
@params.reads(id=params.identifier, periode=params.text)
def satudata_indicator_series(context: dict[str, Any], data_dict: dict[str, Any]
                              ) -> dict[str, Any]:
    """One indicator: its metadata and its figures over the periods.

    Anyone may call it; only published, open datasets the caller may see
    contribute (a restricted statistic shows its metadata, no figures).
    Raises NotFound for an unknown or unpublished indicator.

    :param id: an indicator code (the ``kode_indikator`` shared by the
        kelurahan's datasets) or the name of a statistik-sektoral dataset
        (e.g. ``balita-ditimbang``).
    :param periode: the period of the comparison across areas (default: the
        latest period; e.g. ``2025-01``).
    :returns: ``{key, title, url, metadata: {bidang_urusan, konsep,
        definisi, satuan, ukuran, rumus, interpretasi, periode_referensi,
        frekuensi, tingkat_penyajian, cakupan, klasifikasi_akses, produsen,
        and *_label of the choices}, restricted, aggregation ("jumlah": the
        areas' sum, "rata-rata": their mean), aggregation_label, periods:
        [{periode, label}], series: [{periode, label, nilai, wilayah}],
        latest, comparison: {periode, label, previous, items: [{kode_wilayah,
        nama_wilayah, nilai, sebelumnya, perubahan}]} or null (one area
        only), areas: [{kode_wilayah, nama_wilayah, nilai: {periode:
        value}}], datasets, resources: [{id, name, format, url, dataset,
        organization_title, datastore_active, datastore_api}]}``.
    """
    tk.check_access("satudata_indicator_series", context, data_dict)
    key = (tk.get_or_bust(data_dict, "id") or "").strip()
    periode = None
    if data_dict.get("periode"):
        try:
            periode = parse_period(data_dict["periode"])
        except ValueError:
            raise tk.ValidationError({"periode": [tk._(
                "Periode tidak dikenal; tulis misalnya 2025, 2025-01, 2025-T1 atau 2025-S1.")]})
    datasets = indicators.datasets_of(_user_context(context), key)
    if not datasets:
        raise tk.ObjectNotFound(tk._("Indikator tidak ditemukan."))
    [indicator] = indicators.group(datasets)
    labels = _choice_labels()
    metadata = _metadata(indicator.metadata, labels)
    metadata["produsen"] = _producers(datasets)
    open_ids = [d["id"] for d in datasets
                if (d.get("klasifikasi_akses") or indicators.OPEN) == indicators.OPEN]
    result = figures(indicators.published_observations(open_ids),
                     aggregation(metadata["ukuran"], metadata["satuan"]), periode)
    return dict(
        key=indicator.key, title=indicator.title,
        url=tk.url_for("satudata_statistics.indicator", key=indicator.key, _external=True),
        metadata=metadata, restricted=not open_ids,
        datasets=[_dataset_brief(d) for d in reversed(datasets)],
        resources=_resources(list(reversed(datasets))),
        **_figures_dict(result))


# --- kelurahan comparison of the profiles -----------------------------------

def _profile_columns() -> list[Column]:
    schema = tk.h.scheming_get_dataset_schema(PROFILE_TYPE) or {}
    columns = []
    for field in schema.get("dataset_fields") or []:
        validators = field.get("validators") or ""
        if "satudata_count" in validators or "satudata_decimal" in validators:
            label = field.get("label") or field["field_name"]
            columns.append(Column(
                field["field_name"],
                facets.language_text(label),
                decimals=2 if "satudata_decimal" in validators else 0))
    return with_derived(columns, tk._("Jumlah penduduk (jiwa)"),
                        tk._("Kepadatan penduduk (jiwa/km²)"))


def _comparison_area(data_dict: dict[str, Any]) -> tuple[
        list[reference.Kelurahan], str, reference.Kecamatan | None, str]:
    """(the desa/kelurahan of the asked area, kabupaten code, kecamatan, the
    area's title) from the ``kabupaten``, ``kecamatan`` and ``q``
    parameters; a ValidationError for an unknown kabupaten/kota or kecamatan,
    or a kecamatan name two kecamatan share."""
    region = reference.current()
    regencies = {a.kode: a for a in region.regencies}
    kabupaten = (data_dict.get("kabupaten") or "").strip()
    if kabupaten and kabupaten not in regencies:
        raise tk.ValidationError({"kabupaten": [tk._(
            "Kabupaten/kota tidak dikenal: {value}. Pakai kode kabupaten/kota wilayah ini, "
            "misalnya {example}.").format(value=kabupaten, example=region.regencies[0].kode)]})
    kecamatan = None
    if (data_dict.get("kecamatan") or "").strip():
        try:
            kecamatan = reference.kecamatan_of_parameter(data_dict["kecamatan"])
        except reference.WilayahError as error:
            raise tk.ValidationError({"kecamatan": [str(error)]})
        if kabupaten and kecamatan.kode_kabupaten != kabupaten:
            raise tk.ValidationError({"kecamatan": [tk._(
                "Kecamatan {name} ({code}) tidak berada di {kabupaten}.").format(
                    name=kecamatan.nama, code=kecamatan.kode,
                    kabupaten=regencies[kabupaten].title)]})
    if kecamatan is not None:
        kelurahan = list(region.kelurahan_of_kecamatan(kecamatan.kode))
        title = tk._("Kecamatan {name}").format(name=reference.kecamatan_label(kecamatan))
    elif kabupaten:
        kelurahan = [k for k in region.kelurahan if k.kode_kabupaten == kabupaten]
        title = regencies[kabupaten].title
    else:
        kelurahan, title = list(region.kelurahan), region.title
    q = " ".join((data_dict.get("q") or "").lower().split())
    if q:
        kelurahan = [k for k in kelurahan if q in k.nama.lower() or q in k.title.lower()]
    return kelurahan, kabupaten, kecamatan, title


@tk.side_effect_free
@params.reads(tahun=params.text, kabupaten=params.text, kecamatan=params.text, q=params.text,
              limit=functools.partial(params.non_negative_int, maximum=MAX_COMPARED),
              offset=params.non_negative_int)
def satudata_kelurahan_comparison(context: dict[str, Any], data_dict: dict[str, Any]
                                  ) -> dict[str, Any]:
    """The profiles of the desa/kelurahan of the region (or of one
    kabupaten/kota or kecamatan) for one year, side by side, a page at a time.

    Anyone may call it; only published, public profiles count.

    :param tahun: the year (default: the latest year with a published
        profile; e.g. ``2025``).
    :param kabupaten: a kabupaten/kota code of the region: only its
        desa/kelurahan (e.g. ``35.71``).
    :param kecamatan: a kecamatan code (e.g. ``35.71.02``), or a name only
        one kecamatan of the region has: only its desa/kelurahan.
    :param q: part of a desa/kelurahan name (e.g. ``balowerti``).
    :param limit: rows per page (default 100, at most 1000).
    :param offset: rows to skip (the next page).
    :returns: ``{tahun, years, wilayah, kabupaten, kecamatan: {kode, nama,
        label} or null, columns: [{name, label, decimals}], rows:
        [{kode_wilayah, nama, kecamatan, kode_kecamatan, kabupaten,
        kode_kabupaten, organization, dataset, url, values: {column: number
        or null}}], totals: {column: number or null}, by_kabupaten:
        [{kode_kabupaten, kabupaten, kelurahan, reporting, totals}],
        reporting, kelurahan, limit, offset}``: a row for every
        desa/kelurahan of the area in the reference list (empty values
        without a profile), the rows of this page only; ``totals``,
        ``reporting`` (with a profile) and ``kelurahan`` (rows in all) are
        of the whole area (``wilayah``: its name), ``by_kabupaten`` of each
        of its kabupaten/kota when it has more than one. Totals add up
        counts and recompute the density.
    """
    tk.check_access("satudata_kelurahan_comparison", context, data_dict)
    year = str(data_dict.get("tahun") or "").strip()
    if year and not (year.isdigit() and len(year) == 4):
        raise tk.ValidationError({"tahun": [tk._("Tahun harus empat angka, misalnya 2025.")]})
    kelurahan, kabupaten, kecamatan, title = _comparison_area(data_dict)
    years = indicators.profile_years()
    year = year or (years[0] if years else "")
    limit = data_dict.get("limit")
    limit = COMPARED if limit is None else limit
    offset = data_dict.get("offset") or 0
    columns = _profile_columns()
    whole_region = len(kelurahan) == len(reference.current().kelurahan)
    profiles = indicators.published_profiles(
        year, [c.name for c in columns if c.name not in (TOTAL_POPULATION, DENSITY)],
        None if whole_region else [k.organization_name for k in kelurahan]) if year else {}
    areas = [Area(k.kode, k.nama, k.nama_kecamatan, k.organization_name,
                  kode_kecamatan=k.kode_kecamatan, kode_kabupaten=k.kode_kabupaten,
                  kabupaten=k.nama_kabupaten) for k in kelurahan]
    table = comparison_table(year, areas, profiles, columns)
    by_kabupaten: dict[str, list[Any]] = {}
    for row in table.rows:
        by_kabupaten.setdefault(row.area.kode_kabupaten, []).append(row)
    return {
        "tahun": year, "years": years, "wilayah": title, "kabupaten": kabupaten,
        "kecamatan": {"kode": kecamatan.kode, "nama": kecamatan.nama,
                      "label": reference.kecamatan_label(kecamatan)} if kecamatan else None,
        "columns": [{"name": c.name, "label": c.label, "decimals": c.decimals}
                    for c in table.columns],
        "rows": [{"kode_wilayah": r.area.kode_wilayah, "nama": r.area.nama,
                  "kecamatan": r.area.kecamatan, "kode_kecamatan": r.area.kode_kecamatan,
                  "kabupaten": r.area.kabupaten, "kode_kabupaten": r.area.kode_kabupaten,
                  "organization": r.area.organization, "dataset": r.dataset,
                  "url": tk.url_for(f"{PROFILE_TYPE}.read", id=r.dataset, _external=True)
                  if r.dataset else None,
                  "values": r.values} for r in table.rows[offset:offset + limit]],
        "totals": table.totals,
        "by_kabupaten": [{"kode_kabupaten": kode, "kabupaten": rows[0].area.kabupaten,
                          "kelurahan": len(rows), "reporting": sum(1 for r in rows if r.dataset),
                          "totals": totals_of(rows, table.columns)}
                         for kode, rows in by_kabupaten.items()] if len(by_kabupaten) > 1
        else [],
        "reporting": table.reporting, "kelurahan": len(table.rows),
        "limit": limit, "offset": offset,
    }


# --- home page --------------------------------------------------------------

@tk.side_effect_free
def satudata_statistics_summary(context: dict[str, Any], data_dict: dict[str, Any]
                                ) -> dict[str, Any]:
    """What the home page counts: published datasets in total, by sector
    (bidang urusan), by kecamatan and by type, and the latest published.

    Anyone may call it; only published datasets the caller may see count
    (a PIC's drafts never do).

    :params: none
    :returns: ``{total, by_sector: [{value, label, count}], by_kecamatan:
        [{value, kode, label, kode_kabupaten, count}], by_type: [{value, label, count}], latest: [{name,
        title, type, type_label, organization_title, url}], indicators:
        [{key, title, url}]}`` (the indicators of the latest published
        statistics, at most six): sectors by count, all kecamatan of the region
        by label (zero included; ``value`` is the name, ``kode`` the code),
        the latest first.
    """
    tk.check_access("satudata_statistics_summary", context, data_dict)
    result = tk.get_action("package_search")(_user_context(context), {
        "fq": f"+satudata_status:{TERBIT}", "rows": LATEST_DATASETS,
        "sort": f"{facets.PUBLISHED_DATE} desc, metadata_modified desc",
        "facet.field": ["bidang_urusan", "kecamatan", "kode_kecamatan", "dataset_type"],
        "facet.limit": -1,
        "include_private": False})
    counts = result["facets"]
    sector_labels = facets.choice_labels(indicators.DATASET_TYPE, "bidang_urusan")
    by_sector = sorted(({"value": value, "label": sector_labels.get(value, value), "count": n}
                        for value, n in counts.get("bidang_urusan", {}).items() if n),
                       key=lambda s: (-s["count"], s["label"]))
    by_kecamatan = _by_kecamatan(counts.get("kode_kecamatan") or {},
                                 counts.get("kecamatan") or {})
    by_type = [{"value": name, "label": tk.h.satudata_dataset_type_label(name),
                "count": counts.get("dataset_type", {}).get(name, 0)}
               for name in DATASET_TYPES]
    latest = [{"name": d["name"], "title": d.get("title"), "type": d["type"],
               "type_label": tk.h.satudata_dataset_type_label(d["type"]),
               "organization_title": (d.get("organization") or {}).get("title"),
               "url": tk.url_for(f"{d['type']}.read", id=d["name"], _external=True)}
              for d in result["results"]]
    return {"total": result["count"], "by_sector": by_sector, "by_kecamatan": by_kecamatan,
            "by_type": by_type, "latest": latest, "indicators": _latest_indicators(context)}


def _by_kecamatan(by_code: dict[str, int], by_name: dict[str, int]) -> list[dict[str, Any]]:
    """Every kecamatan of the region (zero included), by code: {value (the
    name, as before), kode, label (with its kabupaten/kota where names
    repeat), kode_kabupaten, count}. Datasets indexed before the code was
    (no code facet at all) are counted by name where the name is unique."""
    region = reference.current()
    result = []
    for kecamatan in region.kecamatan:
        label = region.kecamatan_label(kecamatan)
        if by_code:
            count = by_code.get(kecamatan.kode, 0)
        else:
            count = by_name.get(kecamatan.nama, 0) if label == kecamatan.nama else 0
        result.append({"value": kecamatan.nama, "kode": kecamatan.kode, "label": label,
                       "kode_kabupaten": kecamatan.kode_kabupaten, "count": count})
    return sorted(result, key=lambda k: (k["label"].lower(), k["kode"]))


def _latest_indicators(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The indicators of the latest published statistics, newest first."""
    found = tk.get_action("package_search")(_user_context(context), {
        "fq": f"+dataset_type:{indicators.DATASET_TYPE} +satudata_status:{TERBIT}",
        "rows": LATEST_INDICATORS * 4, "include_private": False,
        "sort": f"{facets.PUBLISHED_DATE} desc, metadata_modified desc"})
    newest_first = found["results"]
    position = {dataset["id"]: n for n, dataset in enumerate(newest_first)}
    grouped = indicators.group(list(reversed(newest_first)))
    grouped.sort(key=lambda i: min(position[d["id"]] for d in i.datasets))
    return [{"key": i.key, "title": i.title,
             "url": tk.url_for("satudata_statistics.indicator", key=i.key, _external=True)}
            for i in grouped[:LATEST_INDICATORS]]


@params.reads(id=params.optional_identifier)
def satudata_indicator_extract(context: dict[str, Any], data_dict: dict[str, Any]
                               ) -> dict[str, Any]:
    """Read the tables of published statistics into the statistics again.

    Sysadmins only. Without ``id``, every published statistic (after an
    upgrade, or for data published before the statistics existed).

    :param id: a dataset: only that one.
    :returns: ``{datasets, values}``.
    """
    tk.check_access("satudata_indicator_extract", context, data_dict)
    if data_dict.get("id"):
        dataset = tk.get_action("package_show")(dict(context), {"id": data_dict["id"]})
        if dataset.get("satudata_status") != TERBIT:
            indicators.remove(dataset["id"])
            return {"datasets": 0, "values": 0}
        values = indicators.extract(dataset["id"], indicators.published_version(dataset["id"]))
        return {"datasets": 1, "values": values}
    return indicators.extract_all()
