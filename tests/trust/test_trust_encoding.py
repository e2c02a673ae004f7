"""Output encoding: text that people type into the portal (titles, units,
kelurahan names in tables, point attributes, notes of reviews and access
requests, their names) is shown as text on every page and cannot run as
script; every CSV the portal writes neutralises spreadsheet formulas; every
response carries the security headers; no page asks a third party for an
avatar."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

import ckanext.satudata
from ckanext.satudata.tabular.csv_output import safe_cell, writer as csv_writer
from ckanext.satudata.site import portal_today
from ckanext.satudata.web.page_json import script_json
from tests.helpers import call_as, statistik_sektoral
from tests.map_samples import geojson

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

PACKAGE = Path(ckanext.satudata.__file__).resolve().parent
BALOWERTI = "35.71.02.1002"
BANDAR_LOR = "35.71.01.1001"


def payload(field: str) -> str:
    """Text that runs script wherever it is written into HTML unescaped:
    closes a script element, a quoted attribute and a tag."""
    return (f'</script><script>alert("{field}")</script>"\'>'
            f'<img src=x onerror=alert("{field}")>')


#: What escaped text can never contain.
RAW = re.compile(r'<script>alert\("|<img src=x onerror', re.IGNORECASE)


def raw_payloads(html: str) -> list[str]:
    """The fields whose payload appears unescaped in `html`."""
    found = []
    for match in RAW.finditer(html):
        field = re.match(r'[^"]*"([^"\\]+)', html[match.start():match.start() + 200])
        found.append(field.group(1) if field else html[match.start():match.start() + 60])
    return sorted(set(found))


def table_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


# -- the one path for JSON in pages, and for CSV cells ------------------------------------

def test_json_in_a_page_cannot_close_its_script_element():
    value = {"unit": "</script><script>x</script>", "name": "a & b > c 'd'\u2028\u2029"}
    text = str(script_json(value))
    for character in "<>&'\u2028\u2029":
        assert character not in text
    import json
    assert json.loads(text) == value


@pytest.mark.parametrize("value, written", [
    ("=1+1", "'=1+1"), ("+62 812", "'+62 812"), ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("-5", "-5"), ("+5", "+5"), ("-7.8166", "-7.8166"), ("-7,8166", "-7,8166"), ("-1e-3", "-1e-3"),
    (-5, -5), (-7.8166, -7.8166), (None, None), ("Balowerti", "Balowerti"), ("", ""),
    ("a=1", "a=1"), ("-", "'-"), ("- catatan", "'- catatan"),
])
def test_a_csv_cell_that_a_spreadsheet_would_run_is_prefixed(value, written):
    assert safe_cell(value) == written


def test_the_csv_writer_neutralises_every_cell():
    out = io.StringIO()
    csv_writer(out).writerows([["=1+1", -5, "-5", "teks"]])
    assert out.getvalue() == "'=1+1,-5,-5,teks\n"


def formula_cells(text: str) -> list[str]:
    """The cells of a CSV that a spreadsheet would evaluate."""
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row
            if safe_cell(cell) != cell]


# -- no |safe, no hand-made Markup ------------------------------------------------------

#: Expressions that may be marked safe in a template: none. JSON for a
#: script element goes through h.satudata_json (page_json.script_json).
SAFE_ALLOWED: set[str] = set()
#: Python modules that may build Markup themselves.
MARKUP_ALLOWED = {"page_json.py"}


def test_no_template_marks_text_safe_outside_the_allow_list():
    offending = []
    for template in sorted((PACKAGE / "templates").rglob("*.html")):
        for number, line in enumerate(template.read_text().splitlines(), start=1):
            for match in re.finditer(r"\{\{\s*(.*?)\s*\|\s*safe\b", line):
                if match.group(1) not in SAFE_ALLOWED:
                    offending.append(f"{template.relative_to(PACKAGE)}:{number}: {line.strip()}")
            if re.search(r"h\.literal\(|\bMarkup\(|autoescape\s+false", line):
                offending.append(f"{template.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offending == []


def test_no_module_builds_markup_or_writes_json_into_a_template_by_hand():
    offending = []
    for module in sorted(PACKAGE.rglob("*.py")):
        if module.name in MARKUP_ALLOWED:
            continue
        text = module.read_text()
        for pattern in (r"\bMarkup\(", r"\bliteral\(", r"tk\.literal\b", r"h\.literal\b"):
            if re.search(pattern, text):
                offending.append(f"{module.relative_to(PACKAGE)}: {pattern}")
    for view in sorted((PACKAGE / "views").glob("*.py")):
        for number, line in enumerate(view.read_text().splitlines(), start=1):
            if "json.dumps" in line and "Response(" not in line:
                offending.append(f"{view.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offending == []


# -- a portal full of hostile text --------------------------------------------------------

@pytest.fixture
def poisoned(reference_organizations, sysadmin, create_with_upload):
    """Every kind of page filled with payloads: a published statistic (its
    fields, its resource, the kelurahan names of its table), a published
    profile, a published point layer (point attributes), a restricted
    statistic with an access request (its fields and the decision), a
    dataset under review and one returned with a note; the planner's name
    is a payload too."""
    pic = factories.User(fullname=payload("pic_fullname"))
    curator = factories.User(fullname=payload("curator_fullname"))
    # No picture of their own: the header shows the default avatar.
    planner = factories.User(fullname=payload("planner_fullname"), image_url="")
    for user, org in ((pic, "kelurahan-balowerti"), (curator, "diskominfo")):
        call_as(sysadmin, "organization_member_create", id=org, username=user["name"],
                role="editor")

    def upload(dataset, content, filename, **fields):
        return create_with_upload(content, filename, package_id=dataset["id"],
                                  context={"user": pic["name"]}, **fields)

    def publish(dataset):
        call_as(pic, "satudata_submit", id=dataset["id"])
        return call_as(curator, "satudata_approve", id=dataset["id"])

    text_fields = {name: payload(name) for name in (
        "title", "notes", "konsep", "definisi", "satuan", "ukuran", "rumus", "interpretasi",
        "periode_referensi", "produsen")}
    statistic = call_as(pic, "package_create", **statistik_sektoral(
        "kelurahan-balowerti", name="statistik-beracun", **text_fields))
    upload(statistic, table_csv([
        ["kode_wilayah", "nama_wilayah", "periode", "indikator", "nilai", "satuan"],
        # (an RW of Balowerti: a name other than the code's passes the validation
        # report; a change in points may be negative)
        [BALOWERTI, "RW 01 " + payload("nama_wilayah"), "2024", payload("indikator"), "5",
         "poin"],
        [BALOWERTI, "RW 01 " + payload("nama_wilayah"), "2025", payload("indikator"), "-5",
         "poin"],
    ]), "tabel.csv", name=payload("resource_name"), description=payload("resource_description"))
    publish(statistic)

    profile = call_as(pic, "package_create", **{
        "type": "profil-kelurahan", "owner_org": "kelurahan-balowerti",
        "name": "profil-beracun", "title": payload("profile_title"),
        "notes": payload("profile_notes"), "tahun": "2025", "penduduk_laki_laki": "3000",
        "penduduk_perempuan": "3100", "jumlah_kk": "2000", "jumlah_rw": "6", "jumlah_rt": "30",
        "luas_km2": "1.2", "batas_utara": payload("batas_utara"),
        "batas_selatan": payload("batas_selatan"), "batas_timur": payload("batas_timur"),
        "batas_barat": payload("batas_barat"), "produsen": payload("profile_produsen"),
        "klasifikasi_akses": "terbuka"})
    publish(profile)

    layer = call_as(pic, "package_create", **{
        "type": "peta-titik", "owner_org": "kelurahan-balowerti", "name": "posyandu-beracun",
        "title": payload("layer_title"), "notes": payload("layer_notes"),
        "jenis_titik": "posyandu", "tahun": "2025", "produsen": payload("layer_produsen"),
        "klasifikasi_akses": "terbuka"})
    upload(layer, geojson([((112.0170, -7.8130), {
        "nama": payload("point_nama"), "strata": "madya", "rw": "1",
        "alamat": payload("point_alamat")})]), "posyandu.geojson",
        name=payload("layer_resource_name"))
    publish(layer)

    restricted = call_as(pic, "package_create", **statistik_sektoral(
        "kelurahan-balowerti", name="statistik-terbatas-beracun", klasifikasi_akses="terbatas",
        title=payload("restricted_title")))
    resource = upload(restricted, "rw,jumlah\n1,5\n", "rw.csv", name=payload("restricted_resource"))
    publish(restricted)
    import datetime
    today = portal_today()
    request = call_as(planner, "satudata_access_request_create", **{
        "package_id": restricted["id"], "institution": payload("institution"),
        "position": payload("position"), "purpose": payload("purpose") + " untuk RKPD 2027.",
        "resources": [resource["id"]], "method": "unduh",
        "data_returned": payload("data_returned"),
        "start_date": today.isoformat(),
        "end_date": (today + datetime.timedelta(days=30)).isoformat()})

    submitted = call_as(pic, "package_create", **statistik_sektoral(
        "kelurahan-balowerti", name="statistik-diajukan-beracun",
        title=payload("submitted_title"), notes=payload("submitted_notes")))
    upload(submitted, "rw,jumlah\n1,5\n", "data.csv")
    call_as(pic, "satudata_submit", id=submitted["id"])

    returned = call_as(pic, "package_create", **statistik_sektoral(
        "kelurahan-balowerti", name="statistik-dikembalikan-beracun",
        title=payload("returned_title")))
    upload(returned, "rw,jumlah\n1,5\n", "data.csv")
    call_as(pic, "satudata_submit", id=returned["id"])
    call_as(curator, "satudata_return", id=returned["id"], note=payload("return_note"))

    def token(user):
        return {"Authorization": call_as(user, "api_token_create", user=user["name"],
                                         name="web")["token"]}
    return {
        "people": {"pic": pic, "curator": curator, "planner": planner, "anonymous": None},
        "headers": {"pic": token(pic), "curator": token(curator), "planner": token(planner),
                    "anonymous": {}},
        "statistic": helpers.call_action("package_show", id=statistic["id"]),
        "profile": helpers.call_action("package_show", id=profile["id"]),
        "layer": helpers.call_action("package_show", id=layer["id"]),
        "restricted": helpers.call_action("package_show", id=restricted["id"]),
        "submitted": submitted, "returned": returned, "request": request,
    }


def pages(poisoned) -> list[tuple[str, str]]:
    """(who, url) of every page that shows what people typed."""
    statistic, profile, layer = poisoned["statistic"], poisoned["profile"], poisoned["layer"]
    restricted, request = poisoned["restricted"], poisoned["request"]
    public = ["/", "/dataset/", "/dataset/?q=beracun", "/statistik", "/statistik?q=script",
              "/statistik/perbandingan-kelurahan", "/peta", "/peta?kelurahan=" + BALOWERTI,
              "/kelurahan/balowerti", "/kelengkapan/ringkasan", "/organization/kelurahan-balowerti"]
    for dataset in (statistic, profile, layer, restricted):
        public.append(f"/{dataset['type']}/{dataset['name']}")
        for resource in dataset["resources"]:
            public.append(f"/{dataset['type']}/{dataset['name']}/resource/{resource['id']}")
    indicator = helpers.call_action("satudata_indicator_list")
    keys = [i["key"] for s in indicator["sectors"] for i in s["indicators"]]
    assert keys, "the poisoned statistic is no indicator"
    public += [f"/statistik/{key}" for key in keys]
    signed_in = [
        ("pic", "/dashboard/"), ("pic", "/dataset/statistik-diajukan-beracun"),
        ("pic", "/statistik-sektoral/statistik-dikembalikan-beracun"),
        ("pic", f"/statistik-sektoral/{statistic['name']}"),
        ("curator", "/tinjauan"), ("curator", "/kelengkapan"), ("curator", "/akses"),
        ("curator", f"/akses/{request['id']}"),
        ("curator", "/statistik-sektoral/statistik-diajukan-beracun"),
        ("curator", "/statistik-sektoral/statistik-dikembalikan-beracun"),
        ("planner", "/akses/saya"), ("planner", f"/akses/{request['id']}"),
        ("planner", "/dashboard/"), ("planner", f"/statistik-sektoral/{restricted['name']}"),
        ("planner", f"/dataset/{restricted['name']}/akses/ajukan"),
    ]
    return [("anonymous", url) for url in public] + signed_in


def test_no_page_shows_typed_text_unescaped(app, poisoned):
    leaks = {}
    for who, url in pages(poisoned):
        response = app.get(url, headers=poisoned["headers"][who])
        assert response.status_code == 200, f"{who} {url}: {response.status_code}"
        found = raw_payloads(response.get_data(as_text=True))
        if found:
            leaks[f"{who} {url}"] = found
    assert leaks == {}


def test_the_statistic_page_shows_the_typed_unit_and_kelurahan_name_as_text(app, poisoned):
    html = app.get("/statistik/statistik-beracun").get_data(as_text=True)
    assert "&lt;/script&gt;&lt;script&gt;alert(&#34;satuan&#34;)" in html
    # The chart's figures keep the text, escaped for the script element.
    assert '\\u003c/script\\u003e\\u003cscript\\u003ealert(\\"satuan\\")' in html


# -- CSV files ------------------------------------------------------------------------------

@pytest.fixture
def formulas(reference_organizations, sysadmin, create_with_upload):
    """Published data whose text cells are spreadsheet formulas."""
    def publish(dataset):
        call_as(sysadmin, "satudata_submit", id=dataset["id"])
        return call_as(sysadmin, "satudata_approve", id=dataset["id"])

    statistic = call_as(sysadmin, "package_create", **statistik_sektoral(
        "kelurahan-balowerti", name="statistik-rumus",
        title='=HYPERLINK("http://contoh.test","klik")', satuan="+cmd|' /C calc'!A0"))
    create_with_upload(table_csv([
        ["kode_wilayah", "nama_wilayah", "periode", "indikator", "nilai", "satuan"],
        # (an area by name only: the validation report checks a name against its
        # code; a change in points may be negative)
        ["", "@SUM(1+1)*cmd|' /C calc'!A0", "2024", "x", "5", "poin"],
        ["", "@SUM(1+1)*cmd|' /C calc'!A0", "2025", "x", "-5", "poin"],
    ]), "tabel.csv", package_id=statistic["id"], context={"user": sysadmin["name"]},
        name="=1+1")
    publish(statistic)
    layer = call_as(sysadmin, "package_create", **{
        "type": "peta-titik", "owner_org": "kelurahan-balowerti", "name": "posyandu-rumus",
        "title": "-2+3+cmd|' /C calc'!A0", "jenis_titik": "posyandu", "tahun": "2025",
        "produsen": "Kelurahan Balowerti", "klasifikasi_akses": "terbuka"})
    create_with_upload(geojson([((112.0170, -7.8130), {
        "nama": "=1+1", "strata": "madya", "rw": "1", "alamat": "\t=2+2"})]),
        "posyandu.geojson", package_id=layer["id"], context={"user": sysadmin["name"]})
    publish(layer)
    profile = call_as(sysadmin, "package_create", **{
        "type": "profil-kelurahan", "owner_org": "kelurahan-balowerti",
        "name": "profil-rumus", "title": "@cmd", "tahun": str(portal_today().year), "penduduk_laki_laki": "3000",
        "penduduk_perempuan": "3100", "jumlah_kk": "2000", "jumlah_rw": "6", "jumlah_rt": "30",
        "luas_km2": "1.2", "produsen": "Kelurahan Balowerti", "klasifikasi_akses": "terbuka"})
    publish(profile)
    curator = factories.User()
    call_as(sysadmin, "organization_member_create", id="diskominfo",
            username=curator["name"], role="editor")
    return {"statistic": statistic, "layer": layer, "profile": profile,
            "curator": {"Authorization": call_as(
                curator, "api_token_create", user=curator["name"], name="web")["token"]}}


def csv_of(app, url: str, **kwargs) -> str:
    response = app.get(url, **kwargs)
    assert response.status_code == 200, url
    return response.get_data(as_text=True).lstrip("\ufeff")


def every_csv(app, formulas) -> dict[str, str]:
    """Every CSV the portal writes from people's text, by where it comes from."""
    indicator = helpers.call_action("satudata_indicator_list")
    [key] = [i["key"] for s in indicator["sectors"] for i in s["indicators"]]
    archive = zipfile.ZipFile(io.BytesIO(app.get(
        "/dataset/unduh.zip", query_string={"q": "rumus"}).get_data()))
    return {
        "statistik": csv_of(app, f"/statistik/{key}/unduh.csv"),
        "perbandingan": csv_of(app, "/statistik/perbandingan-kelurahan/unduh.csv"),
        "peta": csv_of(app, "/peta/unduh.csv"),
        "daftar-isi": archive.read("daftar-isi.csv").decode("utf-8-sig"),
        "kelengkapan": csv_of(app, "/kelengkapan.csv", headers=formulas["curator"]),
    }


def test_no_csv_holds_a_formula_a_spreadsheet_would_run(app, formulas):
    files = every_csv(app, formulas)
    assert {name: formula_cells(text) for name, text in files.items()} == {
        name: [] for name in files}
    # The text is still there, as text; numbers stay numbers.
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in files["statistik"]
    assert "'=HYPERLINK" in files["statistik"] and "'+cmd|" in files["statistik"]
    rows = list(csv.DictReader(io.StringIO(files["statistik"])))
    assert sorted(r["nilai"] for r in rows) == ["-5", "5"]
    peta = list(csv.DictReader(io.StringIO(files["peta"])))
    # (the point reader trims the tab)
    assert [(r["nama"], r["alamat"]) for r in peta] == [("'=1+1", "'=2+2")]
    assert float(peta[0]["latitude"]) == pytest.approx(-7.8130)
    assert "'=HYPERLINK" in files["daftar-isi"] and "'=1+1" in files["daftar-isi"]
    assert "'@cmd" in files["kelengkapan"]


def test_every_csv_writer_of_the_portal_is_the_safe_one():
    """A new CSV writer written with csv.writer directly fails here."""
    offending = []
    for module in sorted(PACKAGE.rglob("*.py")):
        if module.name == "csv_output.py":
            continue
        for number, line in enumerate(module.read_text().splitlines(), start=1):
            if re.search(r"csv\.(writer|DictWriter)\(", line):
                offending.append(f"{module.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offending == []


# -- headers and avatars ------------------------------------------------------------------

def _script_src(policy: str) -> list[str]:
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    return directives["script-src"].split()


@pytest.mark.parametrize("url", ["/", "/dataset/", "/statistik", "/peta", "/user/login",
                                 "/api/3/action/status_show", "/tidak-ada"])
def test_every_response_carries_the_security_headers(app, url):
    response = app.get(url)
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert _script_src(policy) == ["'self'"]
    assert "https://tile.openstreetmap.org" in policy.split("img-src")[1].split(";")[0]


def test_pages_of_ckan_that_need_inline_scripts_get_them_and_only_those(app, poisoned):
    """The resource form (CKAN's upload field has onclick handlers) may run
    inline scripts; a map preview runs its one inline script by nonce."""
    layer, headers = poisoned["layer"], poisoned["headers"]["pic"]
    form = app.get(f"/peta-titik/{layer['name']}/resource/new", headers=headers)
    assert "'unsafe-inline'" in _script_src(form.headers["Content-Security-Policy"])
    [view] = helpers.call_action("resource_view_list", id=layer["resources"][0]["id"])
    preview = app.get(f"/dataset/{layer['name']}/resource/{layer['resources'][0]['id']}"
                      f"/view/{view['id']}")
    sources = _script_src(preview.headers["Content-Security-Policy"])
    [nonce] = [s for s in sources if s.startswith("'nonce-")]
    assert "'unsafe-inline'" not in sources
    assert f'<script nonce="{nonce[7:-1]}">' in preview.get_data(as_text=True)


def test_the_header_shows_a_local_avatar_not_a_gravatar(app, poisoned):
    html = app.get("/dataset/", headers=poisoned["headers"]["planner"]).get_data(as_text=True)
    assert "gravatar.com" not in html
    assert "/base/images/placeholder-user.png" in html
