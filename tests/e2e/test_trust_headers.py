"""The portal's Content-Security-Policy in Debian's Chromium: the pages a
visitor opens (home, search, dataset, resource with its table and map
previews, the city map, a statistic) run without a single policy violation,
and no page asks another origin for anything (no Gravatar avatar for a
signed-in user, no font or script from a CDN). Text typed as a table cell
or point attribute that would run script does not run."""
from __future__ import annotations

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from ckanext.satudata.web.security_headers import tile_source
from tests.helpers import call_as, publish, statistik_sektoral
from tests.e2e.accounts import PASSWORD, log_in
from tests.map_samples import geojson

pytestmark = pytest.mark.browser

BALOWERTI = "35.71.02.1002"
#: Sets window.__xss when it runs; shown as text when it does not.
HOSTILE = '<img src=x onerror="window.__xss=1">'


def publish_data(sysadmin, create_with_upload, run_jobs, point_name):
    """A published statistic whose table is in the DataStore (table
    preview; one cell is HOSTILE) and a published point layer (map
    preview) with one point called `point_name`."""
    statistic = call_as(sysadmin, "package_create", **statistik_sektoral(
        "kelurahan-balowerti", name="jumlah-posyandu-balowerti",
        title="Jumlah posyandu Balowerti"))
    table = create_with_upload(
        "kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan\n"
        f"{BALOWERTI},Balowerti,2024,Jumlah posyandu,6,unit\n"
        # (an RW of Balowerti: a name other than the code's passes the table check)
        f'{BALOWERTI},"RW 01 {HOSTILE.replace(chr(34), chr(34) * 2)}",2025,Jumlah posyandu,7,unit\n',
        "posyandu.csv", package_id=statistic["id"], context={"user": sysadmin["name"]})
    run_jobs()
    publish(sysadmin, statistic)
    layer = call_as(sysadmin, "package_create", **{
        "type": "peta-titik", "owner_org": "kelurahan-balowerti", "name": "posyandu-balowerti",
        "title": "Posyandu Balowerti", "jenis_titik": "posyandu", "tahun": "2025",
        "produsen": "Kelurahan Balowerti", "klasifikasi_akses": "terbuka"})
    points = create_with_upload(geojson([((112.0170, -7.8130), {
        "nama": point_name, "strata": "madya", "rw": "1", "alamat": "Jl. Mawar 1"})]),
        "posyandu.geojson", package_id=layer["id"], context={"user": sysadmin["name"]})
    publish(sysadmin, layer)
    return {"statistic": statistic, "table": table, "layer": layer, "points": points}


def known_violation(message) -> bool:
    """CKAN 2.12's DataTables view calls ``setTimeout(initFilterObserver(),
    100)``: it hands setTimeout the function's result (undefined), which
    the browser would evaluate as a string; the policy refuses that
    evaluation, which does nothing anyway."""
    return "'unsafe-eval'" in message.text \
        and message.location["url"].endswith("_datatablesview.js")


@pytest.fixture
def watched_page(new_page, portal):
    """A page that records policy violations and JavaScript errors (in the
    page and its preview frames) and every request to another origin."""
    page = new_page()
    page.problems = []
    page.on("console", lambda message: message.type == "error"
            and ("Content Security Policy" in message.text
                 or "Content-Security-Policy" in message.text)
            and not known_violation(message)
            and page.problems.append(f"CSP: {message.text} at {message.location['url']}"))
    page.on("pageerror", lambda error: page.problems.append(f"JS: {error}"))
    # The map's tile server (configured, allowed by the policy) is the one
    # other origin a page may ask; new_page aborts those requests.
    allowed = (portal.url + "/", "data:", "blob:", tile_source() + "/")
    page.on("request", lambda request: not request.url.startswith(allowed)
            and page.problems.append(f"other origin: {request.url}"))
    return page


def test_the_visitors_pages_keep_the_policy_and_ask_no_one_else(
        watched_page, portal, reference_organizations, sysadmin, create_with_upload, run_jobs):
    page = watched_page
    published = publish_data(sysadmin, create_with_upload, run_jobs, "Posyandu Mawar")
    statistic, layer = published["statistic"], published["layer"]
    table_view = next(v for v in helpers.call_action(
        "resource_view_list", id=published["table"]["id"]) if v["view_type"] == "datatables_view")
    map_view = next(v for v in helpers.call_action(
        "resource_view_list", id=published["points"]["id"]) if v["view_type"] == "geojson_view")

    for path in ("/", "/dataset/", "/dataset/?q=posyandu", f"/dataset/{statistic['name']}",
                 "/statistik", f"/statistik/{statistic['name']}", "/peta"):
        response = page.goto(portal(path))
        assert "script-src 'self';" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")

    # The table preview: the hostile cell is shown, not run.
    page.goto(portal(f"/dataset/{statistic['name']}/resource/{published['table']['id']}"
                     f"?view_id={table_view['id']}"))
    frame = page.frame_locator("iframe").first
    frame.locator("#dtprv tbody tr").first.wait_for()
    frame.get_by_text("Balowerti", exact=True).wait_for()
    frame.get_by_text("RW 01 " + HOSTILE, exact=True).wait_for()
    page.wait_for_load_state("networkidle")

    # The map preview (its one inline script runs by nonce): a point's popup.
    page.goto(portal(f"/dataset/{layer['name']}/resource/{published['points']['id']}"
                     f"?view_id={map_view['id']}"))
    frame = page.frame_locator("iframe").first
    frame.locator(".leaflet-marker-icon, .leaflet-interactive").first.click()
    frame.locator(".leaflet-popup-content", has_text="Posyandu Mawar").wait_for()
    page.wait_for_load_state("networkidle")

    assert all(not f.evaluate("() => window.__xss === 1") for f in page.frames)
    assert page.problems == []


def test_a_signed_in_user_gets_a_local_avatar(watched_page, portal):
    user = factories.User(password=PASSWORD, image_url="")
    page = watched_page
    log_in(page, portal, user["name"])
    page.goto(portal("/dataset/"))
    avatar = page.locator(".account img.user-image")
    assert "/base/images/placeholder-user.png" in avatar.get_attribute("src")
    assert avatar.evaluate("image => image.complete && image.naturalWidth > 0")
    assert page.problems == []


def test_a_point_attribute_is_shown_as_text_in_the_map_preview(
        watched_page, portal, reference_organizations, sysadmin, create_with_upload, run_jobs):
    """CKAN's map preview writes point attributes into its popup as HTML;
    the portal escapes them first (assets/previews/geojson-escape.js), so a
    name with markup is shown as the text it is and nothing runs."""
    page = watched_page
    published = publish_data(sysadmin, create_with_upload, run_jobs, HOSTILE)
    layer = published["layer"]
    map_view = next(v for v in helpers.call_action(
        "resource_view_list", id=published["points"]["id"]) if v["view_type"] == "geojson_view")
    page.goto(portal(f"/dataset/{layer['name']}/resource/{published['points']['id']}"
                     f"?view_id={map_view['id']}"))
    frame = page.frame_locator("iframe").first
    frame.locator(".leaflet-marker-icon, .leaflet-interactive").first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    assert HOSTILE in popup.inner_text()
    assert popup.locator("img").count() == 0
    page.wait_for_load_state("networkidle")
    assert all(not f.evaluate("() => window.__xss === 1") for f in page.frames)
    assert page.problems == []
