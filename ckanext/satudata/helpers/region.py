"""Template helpers of the configured region (``ckanext.satudata.wilayah``):
its title and size for the site's texts, and the home page's counts by
kecamatan or, in a large region, by kabupaten/kota."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import reference, site
from ckanext.satudata.workflow.states import TERBIT

__all__ = [
    "satudata_region",
    "satudata_site_text",
    "satudata_home_areas",
    "satudata_kecamatan_notice",
]

#: Up to this many kecamatan the home page lists each; above, it counts by
#: kabupaten/kota (a province has hundreds of kecamatan).
HOME_KECAMATAN_MAX = 30


def satudata_region() -> dict[str, Any]:
    """The configured region: {title ("Kota Kediri"), count (of its desa/
    kelurahan), jenis ("kelurahan", "desa" or "desa/kelurahan"),
    kecamatan_count, regencies [{kode, title}], area (how a text names
    the whole region: "kota" or "kabupaten" for one kabupaten/kota, as in
    "Peta kota", else its title)}."""
    region = reference.current()
    one = region.regencies[0] if len(region.regencies) == 1 else None
    area = one.jenis if one is not None and one.title == region.title else region.title
    return {"title": region.title, "count": len(region.kelurahan), "area": area,
            "jenis": region.jenis_plural, "kecamatan_count": len(region.kecamatan),
            "regencies": [{"kode": a.kode, "title": a.title} for a in region.regencies]}


def satudata_site_text(text: str | None) -> str:
    """A site text of the configuration (``ckan.site_intro_text``,
    ``ckan.site_about``) with its placeholders filled from the configured
    region: ``{wilayah}`` (its title), ``{jumlah}`` (how many desa/
    kelurahan) and ``{jenis}`` (kelurahan, desa or desa/kelurahan). Other
    braces are left as they are."""
    return reference.current().fill_text(text) if text else ""


def _kecamatan_entry(item: dict[str, Any]) -> dict[str, Any]:
    """One kecamatan of the summary ({value, count}, perhaps with kode and
    label) as the home page links it: by code when known, else by name."""
    kode = item.get("kode") or ""
    found = reference.kecamatan_by_code(kode) if kode else None
    if found is None and not kode:
        found, _shared = reference.find_kecamatan(item.get("value") or "")
    label = item.get("label") or (reference.kecamatan_label(found) if found else item.get("value"))
    params = {"kode_kecamatan": found.kode} if found else {"kecamatan": item.get("value")}
    return {"label": label, "count": item.get("count") or 0,
            "url": tk.url_for("dataset.search", **params)}


def _kabupaten_counts(summary: dict[str, Any]) -> dict[str, int]:
    """{kode_kabupaten: published datasets}: from the summary when it has
    them (by_kabupaten, or kecamatan with their codes), else one search."""
    if summary.get("by_kabupaten"):
        return {item.get("kode") or item.get("value"): item.get("count") or 0
                for item in summary["by_kabupaten"]}
    items = summary.get("by_kecamatan") or []
    if items and all(item.get("kode") for item in items):
        counts: dict[str, int] = {}
        for item in items:
            counts[item["kode"][:5]] = counts.get(item["kode"][:5], 0) + (item.get("count") or 0)
        return counts
    result = tk.get_action("package_search")(site.user_context(), {
        "fq": f"+satudata_status:{TERBIT}", "rows": 0, "facet.field": ["kode_kabupaten"],
        "facet.limit": -1, "include_private": False})
    return dict(result["facets"].get("kode_kabupaten") or {})


def satudata_home_areas(summary: dict[str, Any]) -> dict[str, Any]:
    """What the home page counts by area: {level: "kecamatan" or
    "kabupaten", items: [{label, count, url}]}. Each kecamatan of a small
    region (linked by code); above HOME_KECAMATAN_MAX kecamatan, each
    kabupaten/kota of the region instead."""
    region = reference.current()
    if len(region.kecamatan) <= HOME_KECAMATAN_MAX:
        return {"level": "kecamatan",
                "items": [_kecamatan_entry(item) for item in summary.get("by_kecamatan") or []]}
    counts = _kabupaten_counts(summary)
    return {"level": "kabupaten", "items": [
        {"label": area.title, "count": counts.get(area.kode, 0),
         "url": tk.url_for("dataset.search", kode_kabupaten=area.kode)}
        for area in region.regencies]}


def satudata_kecamatan_notice() -> dict[str, Any] | None:
    """What the search page says about its ``kecamatan`` parameter (a name,
    kept for older links) when it is not one kecamatan of the region:
    {message, choices: [{label, url}]} (a name two kecamatan share: the
    results hold both, and each is offered by code), or None."""
    value = (tk.request.args.get("kecamatan") or "").strip()
    if not value:
        return None
    try:
        reference.kecamatan_of_parameter(value)
        return None
    except reference.WilayahError as error:
        _found, shared = reference.find_kecamatan(value)
        args = [(k, v) for k, v in tk.request.args.items(multi=True) if k != "kecamatan"]
        return {"message": str(error), "choices": [
            {"label": reference.kecamatan_label(k),
             "url": tk.url_for(tk.request.endpoint, **{
                 **dict(args), "kode_kecamatan": k.kode})}
            for k in shared]}
