"""What search engines read: ``GET /sitemap.xml`` and ``GET /robots.txt``.

The sitemap lists the public pages, the page of every kelurahan whose
organisation exists, every published statistics indicator
(``satudata_indicator_list``) and every published dataset
(``package_search`` with ``+satudata_status:terbit``), each asked as the
anonymous visitor, so nothing unpublished can be in it. Above 50,000
addresses (the sitemap protocol's limit) ``/sitemap.xml`` is a sitemap
index of ``/sitemap-<n>.xml`` pages. Addresses are absolute, from
``ckan.site_url``.
"""
from __future__ import annotations

import math
from typing import Any, Iterator
from xml.sax.saxutils import escape

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.satudata import reference
from ckanext.satudata.dataset_types.facets import PUBLISHED_DATE
from ckanext.satudata.workflow.states import TERBIT

sitemap = Blueprint("satudata_sitemap", __name__)

#: The sitemap protocol's limit of addresses per file.
MAX_URLS = 50_000
SEARCH_PAGE = 1000
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: Public pages with no data of their own in the address.
PAGES = ("home.index", "dataset.search", "satudata_statistics.index",
         "satudata_statistics.kelurahan_comparison", "satudata_maps.index",
         "satudata_completeness.summary", "satudata_api_reference.index")
#: What robots should not crawl: forms, accounts, the action API, the
#: review and access-request pages (behind a sign-in anyway).
DISALLOW = ("/dataset/new", "/dataset/baru", "/dataset/edit/", "/dataset/unduh.zip", "/user/",
            "/dashboard", "/api/", "/tinjauan", "/akses", "/ckan-admin")
ALLOW = ("/api/referensi",)

Url = tuple[str, str]  # (address, last modification or "")


def _anonymous() -> dict[str, Any]:
    return {"user": "", "ignore_auth": False}


def _site_url() -> str:
    return (tk.config.get("ckan.site_url") or "").rstrip("/")


def _absolute(endpoint: str, **values: Any) -> str:
    return _site_url() + tk.url_for(endpoint, **values)


def _page_urls() -> list[Url]:
    urls = []
    for endpoint in PAGES:
        try:
            urls.append((_absolute(endpoint), ""))
        except Exception:  # noqa: BLE001 - a page of a plugin not loaded
            continue
    return urls


def _kelurahan_urls() -> list[Url]:
    organizations = set(tk.get_action("organization_list")(_anonymous(), {"all_fields": False}))
    return [(_absolute("satudata_kelurahan.read", name=k.slug), "")
            for k in reference.all_kelurahan() if k.organization_name in organizations]


def _indicator_urls() -> list[Url]:
    result = tk.get_action("satudata_indicator_list")(_anonymous(), {})
    return [(_absolute("satudata_statistics.indicator", key=indicator["key"]), "")
            for sector in result["sectors"] for indicator in sector["indicators"]]


def _fixed_urls() -> list[Url]:
    return _page_urls() + _kelurahan_urls() + _indicator_urls()


def _dataset_query() -> dict[str, Any]:
    return {"q": "*:*", "fq": f"+satudata_status:{TERBIT}", "include_private": False,
            "sort": "name asc", "fl": f"name,dataset_type,{PUBLISHED_DATE}"}


def _dataset_count() -> int:
    return tk.get_action("package_search")(_anonymous(), dict(_dataset_query(), rows=0))["count"]


def _dataset_urls(start: int, count: int) -> Iterator[Url]:
    """`count` published datasets from the `start`th, by name."""
    done = 0
    while done < count:
        page = tk.get_action("package_search")(_anonymous(), dict(
            _dataset_query(), start=start + done, rows=min(SEARCH_PAGE, count - done)))
        results = page["results"]
        for dataset in results:
            yield (_absolute(f"{dataset['dataset_type']}.read", id=dataset["name"]),
                   (dataset.get(PUBLISHED_DATE) or "")[:10])
        if not results:
            return
        done += len(results)


def _urlset(urls: Iterator[Url]) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<urlset xmlns="{XMLNS}">\n'
    for address, modified in urls:
        lastmod = f"<lastmod>{escape(modified)}</lastmod>" if modified else ""
        yield f"<url><loc>{escape(address)}</loc>{lastmod}</url>\n"
    yield "</urlset>\n"


def _xml(parts: Iterator[str]) -> Response:
    return Response("".join(parts).encode("utf-8"), mimetype="application/xml")


def _page(number: int, fixed: list[Url], total: int) -> Iterator[Url]:
    """The addresses of sitemap page `number` (from 1): the fixed ones first,
    then the datasets."""
    first, last = (number - 1) * MAX_URLS, min(number * MAX_URLS, total)
    yield from fixed[first:last]
    start = max(0, first - len(fixed))
    count = last - max(first, len(fixed))
    if count > 0:
        yield from _dataset_urls(start, count)


@sitemap.route("/sitemap.xml")
def index() -> Response:
    fixed = _fixed_urls()
    total = len(fixed) + _dataset_count()
    if total <= MAX_URLS:
        return _xml(_urlset(_page(1, fixed, total)))
    pages = math.ceil(total / MAX_URLS)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<sitemapindex xmlns="{XMLNS}">\n']
    parts += [f"<sitemap><loc>{escape(_absolute('satudata_sitemap.page', number=n))}</loc>"
              "</sitemap>\n" for n in range(1, pages + 1)]
    parts.append("</sitemapindex>\n")
    return _xml(iter(parts))


@sitemap.route("/sitemap-<int:number>.xml")
def page(number: int) -> Response:
    fixed = _fixed_urls()
    total = len(fixed) + _dataset_count()
    if number < 1 or (number - 1) * MAX_URLS >= max(total, 1):
        return tk.abort(404, tk._("Halaman peta situs tidak ditemukan."))
    return _xml(_urlset(_page(number, fixed, total)))


@sitemap.route("/robots.txt")
def robots() -> Response:
    locales = [locale for locale in (tk.config.get("ckan.locales_offered") or [])
               if locale != tk.config.get("ckan.locale_default")]
    prefixes = [""] + [f"/{locale}" for locale in locales]
    lines = ["User-agent: *"]
    lines += [f"Allow: {prefix}{path}" for prefix in prefixes for path in ALLOW]
    lines += [f"Disallow: {prefix}{path}" for prefix in prefixes for path in DISALLOW]
    lines += ["Allow: /", "", f"Sitemap: {_absolute('satudata_sitemap.index')}", ""]
    return Response("\n".join(lines).encode("utf-8"), mimetype="text/plain")
