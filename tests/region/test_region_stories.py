"""The main stories of the portal in another region (issue 21): Kabupaten
Kediri (``ckanext.satudata.wilayah = 35.06``), and Kabupaten Blitar with
Kabupaten Kediri (``35.05 35.06``), where two kecamatan are named Wates
(35.05.20 and 35.06.06), each with a Desa Wates.

In each region the PIC of Desa Wates (Kabupaten Kediri) uploads a statistic,
a point layer and this year's profile, submits them; the curator returns
them with a note, then publishes them. A PIC of another desa (in the
two-kabupaten region: Desa Wates of Kabupaten Blitar) does the same with
hers. Then the public finds the data in search, on the desa page, on the map
filtered by the kecamatan's code, in the statistics and in the completeness
dashboard; a planner asks for restricted data and the curator grants it.

There are no official boundaries for these regions: the points are checked
against the region's extent only (``ckanext.satudata.city_bbox``, Kota
Kediri's by default, so the test sets one for the region).

The region's data is built once per region (module scope); the tests only
read it, but for the review through the pages and the access request,
which add their own datasets and requests.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories

from ckanext.satudata import reference
from ckanext.satudata.site import portal_today
from tests.helpers import (BALITA_TABLE, approve, ask, call_as, dataset_with_tables,
                           download_url, statistik_sektoral)
from tests.map_samples import POSYANDU, geojson, shifted

TODAY = portal_today()
YEAR = str(TODAY.year)
BALITA = "balita-ditimbang"   # the required statistic's indicator code (the default)

KEDIRI_WATES = "35.06.06.2005"   # Desa Wates, Kecamatan Wates, Kabupaten Kediri
BLITAR_WATES = "35.05.20.2007"   # Desa Wates, Kecamatan Wates, Kabupaten Blitar
#: A desa of Kabupaten Kediri outside Kecamatan Wates (Kecamatan Mojo).
KEDIRI_ELSEWHERE = "35.06.01.2001"

#: Where the sample posyandu go (approximately in each desa; with no
#: boundaries the portal checks the region's extent only).
POSITIONS = {KEDIRI_WATES: (112.135, -7.815), BLITAR_WATES: (112.19, -8.27),
             KEDIRI_ELSEWHERE: (111.90, -7.90)}


@dataclass(frozen=True)
class Configuration:
    wilayah: str
    #: The region's extent "min_lon min_lat max_lon max_lat" (approximate).
    bbox: str
    #: The other desa of the story: its PIC must not touch Desa Wates' data.
    other: str
    two_wates: bool


KABUPATEN_KEDIRI = Configuration("35.06", "111.80 -8.05 112.40 -7.55", KEDIRI_ELSEWHERE,
                                 two_wates=False)
BLITAR_AND_KEDIRI = Configuration("35.05 35.06", "111.80 -8.45 112.60 -7.55", BLITAR_WATES,
                                  two_wates=True)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def _slug(kode: str) -> str:
    return kode.replace(".", "")


def _statistic_rows(kode: str, nama: str, value: int) -> str:
    return ("kode_wilayah,nama_wilayah,periode,nilai\n"
            f"{kode},{nama},{TODAY.strftime('%Y-%m')},{value}\n")


def _publish_with_a_return(pic, curator, dataset, note):
    """The PIC submits, the curator returns it with `note`, the PIC submits
    again and the curator publishes it."""
    call_as(pic, "satudata_submit", id=dataset["id"])
    call_as(curator, "satudata_return", id=dataset["id"], note=note)
    call_as(pic, "satudata_submit", id=dataset["id"])
    call_as(curator, "satudata_approve", id=dataset["id"])


def _desa_data(desa, pic, curator, create_with_upload, value):
    """What the PIC of `desa` uploads and the curator publishes: the
    monthly statistic, the posyandu layer and this year's profile."""
    organization = desa.organization_name
    statistic = call_as(pic, "package_create", **statistik_sektoral(
        organization, name=f"balita-ditimbang-{_slug(desa.kode)}",
        title=f"Balita ditimbang {desa.title} ({desa.nama_kabupaten})",
        kode_indikator=BALITA, frekuensi="bulanan", tahun=YEAR, satuan="jiwa",
        produsen=desa.title))
    create_with_upload(_statistic_rows(desa.kode, desa.nama, value), "balita.csv",
                       package_id=statistic["id"], context={"user": pic["name"]})
    layer = call_as(pic, "package_create", **{
        "type": "peta-titik", "owner_org": organization,
        "name": f"posyandu-{_slug(desa.kode)}",
        "title": f"Posyandu {desa.title} ({desa.nama_kabupaten})",
        "jenis_titik": "posyandu", "tahun": YEAR, "produsen": desa.title,
        "klasifikasi_akses": "terbuka"})
    lon, lat = POSITIONS[desa.kode]
    points = shifted(POSYANDU, lon - POSYANDU[0][0][0], lat - POSYANDU[0][0][1])
    create_with_upload(geojson(points), "posyandu.geojson", package_id=layer["id"],
                       context={"user": pic["name"]})
    profile = call_as(pic, "package_create", **{
        "type": "profil-kelurahan", "owner_org": organization,
        "name": f"profil-{_slug(desa.kode)}-{YEAR}", "title": f"Profil {desa.title} {YEAR} ({desa.nama_kabupaten})",
        "tahun": YEAR, "penduduk_laki_laki": "2100", "penduduk_perempuan": "2150",
        "jumlah_kk": "1300", "jumlah_rw": "5", "jumlah_rt": "21", "luas_km2": "3,5",
        "jumlah_posyandu": str(value // 40), "produsen": desa.title,
        "klasifikasi_akses": "terbuka"})
    datasets = {"statistic": statistic, "layer": layer, "profile": profile}
    for kind, dataset in datasets.items():
        _publish_with_a_return(pic, curator, dataset, f"Lengkapi sumber data {kind}.")
    return {kind: call_as(pic, "package_show", id=d["id"]) for kind, d in datasets.items()}


def _build(configuration, sysadmin, create_with_upload):
    region = reference.current()
    wates, other = region.by_code(KEDIRI_WATES), region.by_code(configuration.other)
    diskominfo = factories.Organization(name="diskominfo", title="Diskominfo",
                                        jenis_organisasi="kurator")
    for desa in (wates, other):
        call_as(sysadmin, "organization_create", name=desa.organization_name,
                title=desa.title, jenis_organisasi="kelurahan", kode_wilayah=desa.kode)
    pic, other_pic, curator, planner = (factories.User() for _ in range(4))
    for user, organization in ((pic, wates.organization_name),
                               (other_pic, other.organization_name),
                               (curator, diskominfo["name"])):
        call_as(sysadmin, "organization_member_create", id=organization,
                username=user["name"], role="editor")
    people = {"pic": pic, "other_pic": other_pic, "curator": curator, "planner": planner,
              "anonymous": None}
    tokens = {who: ({"Authorization": call_as(user, "api_token_create", user=user["name"],
                                              name="t")["token"]} if user else {})
              for who, user in people.items()}
    return {
        "configuration": configuration, "region": region, "wates": wates, "other": other,
        "people": people, "tokens": tokens, "sysadmin": sysadmin,
        "data": _desa_data(wates, pic, curator, create_with_upload, 120),
        "other_data": _desa_data(other, other_pic, curator, create_with_upload, 80),
    }


def _settings(configuration: Configuration) -> dict[str, str]:
    return {"ckanext.satudata.wilayah": configuration.wilayah,
            "ckanext.satudata.city_bbox": configuration.bbox}


@pytest.fixture(scope="module", params=[KABUPATEN_KEDIRI, BLITAR_AND_KEDIRI],
                ids=["kabupaten-kediri", "blitar-dan-kediri"])
def story(request, reset_db, migrate_db_for, reset_index, create_with_upload):
    """The region's portal after the PICs' uploads and the curator's
    review (see the module's text)."""
    configuration = request.param
    settings = _settings(configuration)
    saved = {key: (key in tk.config, tk.config.get(key)) for key in settings}
    tk.config.update(settings)
    plugins.load_all()
    try:
        reset_db()
        migrate_db_for("activity")
        migrate_db_for("satudata")
        reset_index()
        yield _build(configuration, factories.Sysadmin(), create_with_upload)
    finally:
        plugins.unload_all()
        for key, (present, value) in saved.items():
            if present:
                tk.config[key] = value
            else:
                tk.config.pop(key, None)


@pytest.fixture(autouse=True)
def region_config(story, ckan_config, monkeypatch):
    """The region's options for each test too (CKAN's ckan_config fixture
    restores the options it found before the module's were set)."""
    for key, value in _settings(story["configuration"]).items():
        monkeypatch.setitem(ckan_config, key, value)


def _kecamatan(story, desa=None):
    return (desa or story["wates"]).kode_kecamatan


# -- upload, review, publish ----------------------------------------------------------

def test_the_curator_returned_each_upload_with_a_note_then_published_it(story):
    for kind, dataset in story["data"].items():
        history = call_as(story["people"]["pic"], "satudata_review_history", id=dataset["id"])
        assert [(event["action"], event["note"] or "") for event in history] == [
            ("submit", ""), ("return", f"Lengkapi sumber data {kind}."), ("submit", ""),
            ("approve", "")]
        assert dataset["satudata_status"] == "terbit"


def test_the_review_through_the_pages(app, story):
    """A new upload of the PIC of Desa Wates (Kabupaten Kediri): submitted
    from its page, returned with a note from the curator's queue, submitted
    again and published."""
    people, tokens, wates = story["people"], story["tokens"], story["wates"]
    dataset = call_as(people["pic"], "package_create", **statistik_sektoral(
        wates.organization_name, name="posyandu-aktif-wates", title="Posyandu aktif Wates",
        tahun=YEAR, produsen=wates.title))
    url = f"/statistik-sektoral/{dataset['name']}"

    def act(who, action, **form):
        page = text(app.get(url, headers=tokens[who]))
        version = re.search(r'name="expected_version" value="(\d+)"', page).group(1)
        response = app.post(f"/dataset/{dataset['name']}/tinjauan/{action}",
                            headers=tokens[who], data=dict(form, expected_version=version),
                            follow_redirects=False)
        assert response.status_code == 302, (action, response.status_code)

    act("pic", "submit")
    queue = text(app.get("/tinjauan", headers=tokens["curator"]))
    assert "Posyandu aktif Wates" in queue and "Desa Wates" in queue
    act("curator", "return", note="Tambahkan definisi posyandu aktif.")
    assert "Tambahkan definisi posyandu aktif." in text(app.get(url, headers=tokens["pic"]))
    act("pic", "submit")
    act("curator", "approve")
    assert call_as(None, "package_show", id=dataset["id"])["satudata_status"] == "terbit"
    assert "Posyandu aktif Wates" in text(app.get(url))


def test_the_pic_of_another_desa_cannot_touch_the_data_of_desa_wates(app, story):
    people, tokens = story["people"], story["tokens"]
    statistic = story["data"]["statistic"]
    for action, params in (("package_patch", {"id": statistic["id"], "title": "Diubah"}),
                           ("satudata_withdraw", {"id": statistic["id"], "note": "x"}),
                           ("resource_create", {"package_id": statistic["id"],
                                                "url": "http://example.com/a.csv"})):
        with pytest.raises(tk.NotAuthorized):
            call_as(people["other_pic"], action, **params)
    app.get(f"/statistik-sektoral/edit/{statistic['name']}", headers=tokens["other_pic"],
            status=403)
    # ... nor the other way round.
    other = story["other_data"]["layer"]
    with pytest.raises(tk.NotAuthorized):
        call_as(people["pic"], "package_patch", id=other["id"], title="Diubah")
    assert call_as(None, "package_show", id=statistic["id"])["title"] == statistic["title"]


# -- what the public sees ---------------------------------------------------------------

def test_the_public_finds_the_data_in_search_by_kecamatan_code(app, story):
    statistic, other = story["data"]["statistic"], story["other_data"]["statistic"]
    found = call_as(None, "package_search", q="Balita ditimbang", rows=50)
    assert {statistic["name"], other["name"]} <= {d["name"] for d in found["results"]}
    in_wates = call_as(None, "package_search", fq=f'kode_kecamatan:"{_kecamatan(story)}"',
                       rows=50)
    names = {d["name"] for d in in_wates["results"]}
    assert statistic["name"] in names and other["name"] not in names

    page = text(app.get(f"/dataset/?kode_kecamatan={_kecamatan(story)}"))
    assert statistic["title"] in page and other["title"] not in page
    if story["configuration"].two_wates:
        # The facet tells the two kecamatan Wates apart.
        page = text(app.get("/dataset/"))
        assert "Wates (Kabupaten Blitar)" in page and "Wates (Kabupaten Kediri)" in page


def test_the_desa_page_shows_its_published_data(app, story):
    wates, data = story["wates"], story["data"]
    page = text(app.get(f"/kelurahan/{wates.slug}"))
    assert "Desa Wates" in page and "Kecamatan Wates, Kabupaten Kediri" in page
    for dataset in data.values():
        assert dataset["title"] in page
    for dataset in story["other_data"].values():
        assert dataset["title"] not in page


def _point_desa(collection) -> set[str]:
    return {feature["properties"]["kelurahan"] for feature in collection["features"]}


def test_the_map_filters_by_the_kecamatan_code(app, story):
    wates, other = story["wates"], story["other"]
    in_wates = call_as(None, "satudata_map_points", kecamatan=wates.kode_kecamatan)
    assert in_wates["total"] == len(POSYANDU)
    assert _point_desa(in_wates) == {wates.kode}
    in_other = call_as(None, "satudata_map_points", kecamatan=other.kode_kecamatan)
    assert _point_desa(in_other) == {other.kode}
    everything = call_as(None, "satudata_map_points")
    assert _point_desa(everything) == {wates.kode, other.kode}

    response = app.get(f"/peta/titik.geojson?kecamatan={wates.kode_kecamatan}")
    assert {f["properties"]["kelurahan"] for f in response.json["features"]} == {wates.kode}
    page = text(app.get(f"/peta?kecamatan={wates.kode_kecamatan}"))
    assert f'<option value="{wates.kode_kecamatan}" selected>' in page


def test_the_statistics_compare_the_desa_by_code(app, story):
    wates, other = story["wates"], story["other"]
    series = call_as(None, "satudata_indicator_series", id=BALITA)
    values = {item["kode_wilayah"]: item["nilai"] for item in series["comparison"]["items"]}
    assert values == {wates.kode: 120.0, other.kode: 80.0}
    index = text(app.get("/statistik"))
    assert "Balita ditimbang di posyandu" in index

    comparison = call_as(None, "satudata_kelurahan_comparison", kecamatan=wates.kode_kecamatan)
    rows = {row["kode_wilayah"]: row for row in comparison["rows"]}
    assert set(rows) == {k.kode for k in story["region"].kelurahan_of_kecamatan(
        wates.kode_kecamatan)}
    assert rows[wates.kode]["values"]["jumlah_posyandu"] == 3
    assert comparison["reporting"] == 1

    # The home page's counts per kecamatan: by code, each Wates on its own.
    summary = call_as(None, "satudata_statistics_summary")
    by_code = {entry["kode"]: entry["count"] for entry in summary["by_kecamatan"]}
    assert by_code[wates.kode_kecamatan] >= len(story["data"])
    assert by_code[other.kode_kecamatan] == len(story["other_data"])
    if story["configuration"].two_wates:
        labels = {entry["kode"]: entry["label"] for entry in summary["by_kecamatan"]}
        assert (labels["35.05.20"], labels["35.06.06"]) == (
            "Wates (Kabupaten Blitar)", "Wates (Kabupaten Kediri)")


def test_the_completeness_dashboard_filters_by_the_kecamatan_code(app, story):
    wates, other, people = story["wates"], story["other"], story["people"]
    matrix = call_as(people["curator"], "satudata_completeness", kecamatan=wates.kode_kecamatan,
                     limit=100)
    assert {row["kode_kecamatan"] for row in matrix["kelurahan"]} == {wates.kode_kecamatan}
    assert len(matrix["kelurahan"]) == len(
        story["region"].kelurahan_of_kecamatan(wates.kode_kecamatan))
    [row] = [r for r in matrix["kelurahan"] if r["kode"] == wates.kode]
    published = {code for code, cell in row["cells"].items() if cell["state"] == "terbit"}
    assert f"statistik-{BALITA}" in published and len(published) == 3   # + profile, posyandu

    summary = call_as(None, "satudata_completeness_summary")
    complete = {entry["kode_kecamatan"]: entry["complete"] for entry in summary["summary"]}
    assert complete[wates.kode_kecamatan] >= 1 and complete[other.kode_kecamatan] >= 1

    page = text(app.get(f"/kelengkapan?kecamatan={wates.kode_kecamatan}",
                        headers=story["tokens"]["curator"]))
    assert f'href="/organization/{wates.organization_name}"' in page
    assert f'href="/organization/{other.organization_name}"' not in page
    assert app.get("/kelengkapan/ringkasan").status_code == 200


def test_a_planner_asks_for_restricted_data_and_the_curator_grants_it(app, story,
                                                                     create_with_upload):
    people, tokens, wates = story["people"], story["tokens"], story["wates"]
    restricted = dataset_with_tables(people, {"id": wates.organization_name},
                                     create_with_upload, story["sysadmin"],
                                     "balita-per-rw-wates", "terbatas")
    app.get(download_url(restricted), headers=tokens["planner"], status=403)
    request = ask(people, restricted, institution="Bappeda Kabupaten Kediri")
    assert call_as(people["curator"], "satudata_access_request_list")["count"] >= 1
    approve(people, request)
    download = app.get(download_url(restricted), headers=tokens["planner"], status=200)
    assert download.get_data(as_text=True).replace("\r\n", "\n") == BALITA_TABLE
    app.get(download_url(restricted), status=403)   # still nobody else


# -- a kecamatan name two kecamatan share ----------------------------------------------

def test_a_kecamatan_name_is_a_filter_where_it_is_unique_and_a_question_where_it_is_not(
        app, story):
    wates, people = story["wates"], story["people"]
    if not story["configuration"].two_wates:
        # In Kabupaten Kediri "Wates" is one kecamatan: the name still works.
        assert _point_desa(call_as(None, "satudata_map_points", kecamatan="Wates")) == {
            wates.kode}
        matrix = call_as(people["curator"], "satudata_completeness", kecamatan="Wates")
        assert {row["kode_kecamatan"] for row in matrix["kelurahan"]} == {"35.06.06"}
        return

    def names_both(message):
        """Whether the message asks for the code, naming both kecamatan Wates."""
        return ("Ada lebih dari satu Kecamatan Wates" in message
                and "35.05.20 (Kabupaten Blitar)" in message
                and "35.06.06 (Kabupaten Kediri)" in message)

    unclear = []
    for action, who in (("satudata_map_points", None), ("satudata_completeness", "curator"),
                        ("satudata_kelurahan_comparison", None)):
        try:
            call_as(people[who] if who else None, action, kecamatan="Wates")
            unclear.append(f"{action}: answered")
        except tk.ValidationError as error:
            if not names_both(" ".join(error.error_dict.get("kecamatan", []))):
                unclear.append(f"{action}: {error.error_dict}")
    for url, headers in (("/peta/titik.geojson?kecamatan=Wates", {}),
                         ("/kelengkapan?kecamatan=Wates", story["tokens"]["curator"]),
                         ("/peta?kecamatan=Wates", {}),
                         ("/statistik/perbandingan-kelurahan?kecamatan=Wates", {}),
                         ("/dataset/?kecamatan=Wates", {})):
        response = app.get(url, headers=headers)
        if response.status_code not in (200, 400, 409) or not names_both(text(response)):
            unclear.append(f"{url}: {response.status_code}")
    assert unclear == [], unclear
