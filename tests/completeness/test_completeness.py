"""The completeness dashboard through the API, the web and the reminder
command: curators see every kelurahan's cells, the public a summary of
published data only, PICs a daily digest."""
from __future__ import annotations

import datetime

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories

from ckanext.satudata.completeness.periods import add_months
from ckanext.satudata.model import DatasetStatus
from tests.completeness.samples import TODAY, YEAR, layer, profile, set_modified, statistic
from tests.helpers import call_as, publish

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

DAY = datetime.timedelta(days=1)


@pytest.fixture
def balowerti(people, kelurahan_balowerti):
    """Balowerti (kecamatan Kota): this year's profile published, the
    posyandu layer a draft, the monthly statistic submitted."""
    pic = people["pic"]
    org = kelurahan_balowerti["id"]
    datasets = {
        "profil": call_as(pic, "package_create", **profile(org, "balowerti")),
        "posyandu": call_as(pic, "package_create", **layer(org, "balowerti", "posyandu")),
        "statistik": call_as(pic, "package_create", **statistic(org, "balowerti")),
    }
    publish(people["pic"], datasets["profil"], people["curator"])
    call_as(pic, "satudata_submit", id=datasets["statistik"]["id"])
    return datasets


def row_of(result: dict, organization: str) -> dict:
    [row] = [r for r in result["kelurahan"] if r["organization"] == organization]
    return row


# -- the matrix -------------------------------------------------------------------

def test_curators_see_every_kelurahan_and_the_state_of_each_required_item(people, balowerti):
    result = call_as(people["curator"], "satudata_completeness")

    assert result["tanggal"] == TODAY.isoformat() and result["tahun"] == YEAR
    assert [item["code"] for item in result["items"]] == [
        "profil", "titik-kantor-kelurahan", "titik-posyandu", "titik-pos-kamling", "titik-rt",
        "statistik-balita-ditimbang"]
    assert result["items"][0]["label"] == f"Profil kelurahan {YEAR}"
    assert len(result["kelurahan"]) == 46
    cells = row_of(result, "kelurahan-balowerti")["cells"]
    assert {code: cell["state"] for code, cell in cells.items()} == {
        "profil": "terbit", "titik-kantor-kelurahan": "none", "titik-posyandu": "draf",
        "titik-pos-kamling": "none", "titik-rt": "none",
        "statistik-balita-ditimbang": "diajukan"}
    assert cells["profil"]["complete"] and cells["profil"]["label"] == "Terbit"
    assert cells["titik-rt"]["label"] == "Belum ada"
    assert cells["statistik-balita-ditimbang"]["dataset"]["name"] == "balita-ditimbang-balowerti"
    assert cells["statistik-balita-ditimbang"]["updated"] == TODAY.isoformat()
    assert row_of(result, "kelurahan-bandar-lor")["missing"] == 6
    kota = [s for s in result["summary"] if s["kecamatan"] == "Kota"][0]
    assert (kota["kelurahan"], kota["required"], kota["complete"]) == (17, 17 * 6, 1)


def test_a_monthly_statistic_is_overdue_one_day_after_one_calendar_month(people, balowerti):
    # Updated on 15 June of this year, so that one month and a day later is
    # still this year whatever today's date (the matrix is per calendar year).
    updated = datetime.date(YEAR, 6, 15)
    set_modified(balowerti["statistik"], datetime.datetime.combine(updated, datetime.time(5)))
    one_month = add_months(updated, 1)

    def cell(day):
        result = call_as(people["curator"], "satudata_completeness", tanggal=day.isoformat())
        return row_of(result, "kelurahan-balowerti")["cells"]["statistik-balita-ditimbang"]

    assert not cell(one_month)["overdue"]
    assert cell(one_month)["due"] == one_month.isoformat()
    late = cell(one_month + DAY)
    assert late["overdue"] and late["frequency"] == "bulanan"
    # The yearly profile is still on time then.
    result = call_as(people["curator"], "satudata_completeness",
                     tanggal=(one_month + DAY).isoformat())
    assert row_of(result, "kelurahan-balowerti")["cells"]["profil"]["complete"]


def test_last_years_profile_does_not_count_for_this_year(people, kelurahan_balowerti):
    old = call_as(people["pic"], "package_create",
                  **profile(kelurahan_balowerti["id"], "balowerti", YEAR - 1))
    publish(people["pic"], old, people["curator"])
    result = call_as(people["curator"], "satudata_completeness")
    assert row_of(result, "kelurahan-balowerti")["cells"]["profil"]["state"] == "none"


@pytest.mark.parametrize("params, expected", [
    ({"kecamatan": "kota"}, 17),
    ({"kecamatan": "Mojoroto"}, 14),
    ({"state": "diajukan"}, 1),
    ({"state": "terbit", "kecamatan": "Mojoroto"}, 0),
    ({"state": "none"}, 46),
])
def test_filters_by_kecamatan_and_state(people, balowerti, params, expected):
    result = call_as(people["curator"], "satudata_completeness", **params)
    assert len(result["kelurahan"]) == expected
    assert all(row["kecamatan"].lower() == params["kecamatan"].lower()
               for row in result["kelurahan"]) if "kecamatan" in params else True
    # The summary always covers the whole city.
    assert sum(s["kelurahan"] for s in result["summary"]) == 46


def test_the_state_filter_marks_the_matching_cells(people, balowerti):
    result = call_as(people["curator"], "satudata_completeness", state="diajukan")
    [row] = result["kelurahan"]
    assert [code for code, cell in row["cells"].items() if cell["match"]] == [
        "statistik-balita-ditimbang"]


@pytest.mark.parametrize("params, field", [
    ({"state": "hilang"}, "state"),
    ({"kecamatan": "Gotham"}, "kecamatan"),
    ({"tanggal": "23-11-2026"}, "tanggal"),
])
def test_bad_parameters_are_refused_with_a_message(people, params, field):
    with pytest.raises(tk.ValidationError) as error:
        call_as(people["curator"], "satudata_completeness", **params)
    assert field in error.value.error_dict


@pytest.mark.parametrize("who", ["pic", "planner", "anonymous"])
def test_only_curators_get_the_matrix(people, who):
    with pytest.raises(tk.NotAuthorized):
        call_as(people[who], "satudata_completeness")


def test_a_statistic_names_one_of_the_configured_indicators(people, kelurahan_balowerti):
    with pytest.raises(tk.ValidationError) as error:
        call_as(people["pic"], "package_create", **statistic(
            kelurahan_balowerti["id"], "balowerti", kode_indikator="tidak-terdaftar"))
    assert "kode_indikator" in error.value.error_dict
    other = call_as(people["pic"], "package_create", **statistic(
        kelurahan_balowerti["id"], "balowerti", kode_indikator=""))
    assert not other.get("kode_indikator")


def test_deleted_datasets_deliver_nothing(people, kelurahan_balowerti):
    org = kelurahan_balowerti["id"]
    deleted = call_as(people["pic"], "package_create", **layer(org, "balowerti", "posyandu"))
    call_as(people["pic"], "package_delete", id=deleted["id"])
    cells = row_of(call_as(people["curator"], "satudata_completeness"),
                   "kelurahan-balowerti")["cells"]
    assert cells["titik-posyandu"]["state"] == "none"


# -- the public summary -----------------------------------------------------------------

def _kota(summary: dict) -> dict:
    return [s for s in summary["summary"] if s["kecamatan"] == "Kota"][0]


@pytest.mark.parametrize("who", ["anonymous", "planner", "pic", "curator"])
def test_everyone_gets_the_summary_of_published_data_only(people, balowerti, who):
    summary = call_as(people[who], "satudata_completeness_summary")
    # Only the published profile counts; the draft and the submission do not.
    assert (_kota(summary)["complete"], _kota(summary)["required"]) == (1, 17 * 6)
    assert summary["total"]["complete"] == 1 and summary["total"]["kelurahan"] == 46
    assert summary["total"]["share"] == round(1 / (46 * 6), 4)
    assert "kelurahan" not in summary  # no per-kelurahan cells


def test_the_summary_reads_the_published_version_of_an_edited_dataset(people, balowerti):
    # An edit waiting for review changed the year of the published profile:
    # the public keeps the published version (the snapshot), which is this
    # year's profile, last modified long ago. (Edited first: once submitted,
    # an edit is frozen.)
    call_as(people["pic"], "package_patch", id=balowerti["profil"]["id"], tahun=str(YEAR + 1))
    status = DatasetStatus.get(balowerti["profil"]["id"])
    status.published_snapshot = {"default": {}, "custom": {
        "title": "Profil lama", "tahun": str(YEAR),
        "metadata_modified": datetime.datetime(YEAR - 2, 1, 1).isoformat()}}
    status.has_pending_revision = True
    model.Session.commit()

    public = call_as(None, "satudata_completeness_summary")
    assert _kota(public)["complete"] == 0  # published this year's profile, but overdue
    live = row_of(call_as(people["curator"], "satudata_completeness"), "kelurahan-balowerti")
    assert live["cells"]["profil"]["state"] == "none"  # the live edit says next year

    status = DatasetStatus.get(balowerti["profil"]["id"])
    status.published_snapshot = {"default": {}, "custom": {
        "title": "Profil", "tahun": str(YEAR), "metadata_modified": TODAY.isoformat()}}
    model.Session.commit()
    assert _kota(call_as(None, "satudata_completeness_summary"))["complete"] == 1


def test_the_kept_summary_follows_each_change_at_once(people, balowerti, sysadmin):
    """The summary is kept between requests: a publication, a withdrawal,
    a deletion and an edit made straight in the database each show on the
    next reading."""
    def complete():
        return _kota(call_as(None, "satudata_completeness_summary"))["complete"]

    assert complete() == 1 and complete() == 1    # the second one is the kept answer
    publish(people["pic"], balowerti["posyandu"], people["curator"])
    assert complete() == 2
    call_as(people["curator"], "satudata_withdraw", id=balowerti["posyandu"]["id"],
            note="Titik ganda.")
    assert complete() == 1
    model.Session.execute(sa.update(model.package_table).where(
        model.package_table.c.id == balowerti["profil"]["id"]).values(state="deleted"))
    model.Session.commit()
    assert complete() == 0


def _set_published_modified(dataset: dict, moment: datetime.datetime) -> None:
    """The dataset, and its published version, last modified at `moment`."""
    set_modified(dataset, moment)
    status = DatasetStatus.get(dataset["id"])
    snapshot = dict(status.published_snapshot or {})
    snapshot["custom"] = dict(snapshot.get("custom") or {}, metadata_modified=moment.isoformat())
    status.published_snapshot = snapshot
    model.Session.commit()


def test_the_summary_counts_what_the_matrix_shows_complete(people, balowerti, sysadmin):
    """Several published datasets per cell: the summary counts a cell as
    the matrix does, by the most recently modified one."""
    org = balowerti["profil"]["owner_org"]
    # Kantor kelurahan: an overdue layer and a later one on time; posyandu
    # (besides the draft): two published layers, both overdue.
    for kind, name, moment in (
            ("kantor-kelurahan", "kantor-lama", datetime.datetime(YEAR - 3, 1, 1)),
            ("kantor-kelurahan", "kantor-baru", datetime.datetime.combine(
                TODAY - 2 * DAY, datetime.time(12))),
            ("posyandu", "posyandu-a", datetime.datetime(YEAR - 3, 1, 1)),
            ("posyandu", "posyandu-b", datetime.datetime(YEAR - 2, 1, 1))):
        dataset = call_as(sysadmin, "package_create",
                          **layer(org, "balowerti", kind, name=name))
        publish(sysadmin, dataset)
        _set_published_modified(dataset, moment)
    # The statistic: the latest has no fixed period (never overdue); an
    # older monthly one, updated nine months ago, would be overdue.
    recent = call_as(sysadmin, "package_create", **statistic(
        org, "balowerti", name="stat-baru", frekuensi="tidak-tetap"))
    monthly = call_as(sysadmin, "package_create", **statistic(org, "balowerti", name="stat-lama"))
    for dataset, moment in ((recent, add_months(TODAY, -6)), (monthly, add_months(TODAY, -9))):
        publish(sysadmin, dataset)
        _set_published_modified(dataset, datetime.datetime.combine(moment, datetime.time(12)))
    # Pojok: the RT layer published and on time.
    pojok = factories.Organization(name="kelurahan-pojok", jenis_organisasi="kelurahan",
                                   kode_wilayah="35.71.01.1004")
    rt = call_as(sysadmin, "package_create", **layer(pojok["id"], "pojok", "rt"))
    publish(sysadmin, rt)

    matrix = call_as(people["curator"], "satudata_completeness", limit=100)
    cells = row_of(matrix, "kelurahan-balowerti")["cells"]
    assert [code for code, cell in cells.items() if cell["complete"]] == [
        "profil", "titik-kantor-kelurahan", "statistik-balita-ditimbang"]
    assert (cells["titik-posyandu"]["state"], cells["titik-posyandu"]["overdue"]) == (
        "terbit", True)
    assert row_of(matrix, "kelurahan-pojok")["complete"] == 1
    expected: dict[str, list[int]] = {}
    for row in matrix["kelurahan"]:
        counts = expected.setdefault(row["kode_kecamatan"], [0, 0, 0])
        counts[0] += 1
        counts[1] += row["required"]
        counts[2] += row["complete"]
    for summary in (call_as(None, "satudata_completeness_summary"), matrix):
        assert {s["kode_kecamatan"]: [s["kelurahan"], s["required"], s["complete"]]
                for s in summary["summary"]} == expected
        assert summary["total"]["complete"] == 4


# -- bounded queries ------------------------------------------------------------------------

class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args, **kwargs):
        self.count += 1


def _queries(action: str, actor: dict | None) -> int:
    counter = QueryCounter()
    model.Session.remove()
    sa.event.listen(model.meta.engine, "before_cursor_execute", counter)
    try:
        call_as(actor, action)
    finally:
        sa.event.remove(model.meta.engine, "before_cursor_execute", counter)
    return counter.count


def test_the_number_of_queries_does_not_grow_with_kelurahan_or_datasets(
        people, balowerti, sysadmin):
    curator = people["curator"]
    before = (_queries("satudata_completeness", curator),
              _queries("satudata_completeness_summary", None))
    for slug, kode in (("pojok", "35.71.01.1004"), ("semampir", "35.71.03.1009"),
                       ("bangsal", "35.71.02.1003")):
        org = factories.Organization(name=f"kelurahan-{slug}", jenis_organisasi="kelurahan",
                                     kode_wilayah=kode)
        for kind in ("posyandu", "rt", "pos-kamling", "kantor-kelurahan"):
            dataset = call_as(sysadmin, "package_create", **layer(org["id"], slug, kind))
            publish(sysadmin, dataset)
        call_as(sysadmin, "package_create", **profile(org["id"], slug))
        call_as(sysadmin, "package_create", **statistic(org["id"], slug))
    after = (_queries("satudata_completeness", curator),
             _queries("satudata_completeness_summary", None))
    assert after == before
    # The auth check's own lookups, then one query for the datasets of the
    # page and one for the published ones the summary counts.
    assert before[0] <= 13 and before[1] <= 3


# -- web pages and CSV ----------------------------------------------------------------------

def _get(app, url: str, user: dict | None, **kwargs):
    headers = {}
    if user is not None:
        token = call_as(user, "api_token_create", user=user["name"], name="web")["token"]
        headers["Authorization"] = token
    return app.get(url, headers=headers, **kwargs)


def test_the_curator_opens_the_dashboard_and_sees_who_is_late(app, people, balowerti):
    set_modified(balowerti["statistik"], datetime.datetime.combine(
        add_months(TODAY, -2), datetime.time(5)))

    page = _get(app, "/kelengkapan", people["curator"]).get_data(as_text=True)

    assert "Kelengkapan data kelurahan" in page
    assert "Kelurahan Balowerti" in page and "Kelurahan Bandar Lor" in page
    assert "Kecamatan Mojoroto" in page
    assert 'data-item="statistik-balita-ditimbang" data-state="diajukan" data-overdue="true"' \
        in page
    assert "Terlambat" in page and "Lengkap 1/6" in page
    assert f'href="/profil-kelurahan/{balowerti["profil"]["name"]}"' in page
    assert 'href="/kelengkapan.csv"' in page


def test_the_dashboard_filters_by_kecamatan_and_state(app, people, balowerti):
    page = _get(app, "/kelengkapan?kecamatan=Mojoroto&state=terbit", people["curator"])
    text = page.get_data(as_text=True)
    assert "Tidak ada kelurahan yang sesuai" in text
    page = _get(app, "/kelengkapan?kecamatan=Kota&state=draf", people["curator"])
    text = page.get_data(as_text=True)
    assert "Kelurahan Balowerti" in text and "Kelurahan Bandar Lor" not in text
    assert 'href="/kelengkapan.csv?kecamatan=Kota&amp;state=draf"' in text
    # A stale link with an unknown value still opens the page, unfiltered.
    assert _get(app, "/kelengkapan?state=hilang", people["curator"]).status_code == 200


def test_the_header_links_curators_to_the_dashboard(app, people):
    assert 'href="/kelengkapan"' in _get(app, "/dataset/", people["curator"]).get_data(
        as_text=True)
    assert 'href="/kelengkapan"' not in _get(app, "/dataset/", people["pic"]).get_data(
        as_text=True)


@pytest.mark.parametrize("who", ["anonymous", "pic"])
def test_others_are_sent_to_the_public_summary(app, people, balowerti, who):
    response = _get(app, "/kelengkapan", people[who], follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/kelengkapan/ringkasan")
    assert _get(app, "/kelengkapan.csv", people[who], status=403)


def test_the_public_summary_page_shows_shares_per_kecamatan_only(app, people, balowerti):
    page = _get(app, "/kelengkapan/ringkasan", None).get_data(as_text=True)
    assert "Kelengkapan data kelurahan" in page
    for kecamatan in ("Kota", "Mojoroto", "Pesantren"):
        assert f'<th scope="row">{kecamatan}</th>' in page
    assert "1 dari 102" in page  # Kota: 17 kelurahan × 6 items, one published
    assert "Balita ditimbang di posyandu" in page  # the list of required data
    assert "balita-ditimbang-balowerti" not in page and "Posyandu Balowerti" not in page


def test_the_csv_has_one_row_per_cell_with_the_filters(app, people, balowerti):
    import csv
    import io

    response = _get(app, "/kelengkapan.csv?kecamatan=Kota", people["curator"])
    assert response.headers["Content-Type"].startswith("text/csv")
    assert f"kelengkapan-{TODAY.isoformat()}.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 17 * 6
    [statistik] = [r for r in rows if r["kelurahan"] == "Kelurahan Balowerti"
                   and r["kode_data"] == "statistik-balita-ditimbang"]
    assert statistik == {
        "kecamatan": "Kota", "kelurahan": "Kelurahan Balowerti", "kode_wilayah": "35.71.02.1002",
        "kode_data": "statistik-balita-ditimbang", "data": "Balita ditimbang di posyandu",
        "status": "diajukan", "keterangan_status": "Diajukan", "terlambat": "tidak",
        "frekuensi": "bulanan", "terakhir_diperbarui": TODAY.isoformat(),
        "batas_pemutakhiran": add_months(TODAY, 1).isoformat(), "jumlah_dataset": "1",
        "dataset": "balita-ditimbang-balowerti", "judul_dataset": "Balita ditimbang Balowerti",
        "url": statistik["url"]}
    assert statistik["url"].endswith("/balita-ditimbang-balowerti")

    rows = list(csv.DictReader(io.StringIO(_get(
        app, "/kelengkapan.csv?state=draf", people["curator"]).get_data(as_text=True))))
    assert [(r["kelurahan"], r["kode_data"]) for r in rows] == [
        ("Kelurahan Balowerti", "titik-posyandu")]


def test_the_statistic_form_offers_the_required_indicators(app, people):
    page = _get(app, "/statistik-sektoral/new", people["pic"]).get_data(as_text=True)
    assert 'name="kode_indikator"' in page
    assert "Indikator katalog" in page
    assert '<option value="balita-ditimbang"' in page and "Balita ditimbang di posyandu" in page


def test_the_summary_speaks_english_under_en(app, people):
    page = _get(app, "/en/kelengkapan/ringkasan", None).get_data(as_text=True)
    assert "Completeness of kelurahan data" in page
    assert f"Kelurahan profile {YEAR}" in page and "Posyandu map" in page
    assert "Whole city" in page


def test_the_actions_answer_get_requests_of_the_api(app, people, balowerti):
    summary = _get(app, "/api/3/action/satudata_completeness_summary", None).json
    assert summary["success"] and summary["result"]["total"]["complete"] == 1
    assert _get(app, "/api/3/action/satudata_completeness", None, status=403).json[
        "success"] is False
    matrix = _get(app, "/api/3/action/satudata_completeness?kecamatan=Kota&state=draf",
                  people["curator"]).json["result"]
    assert [row["organization"] for row in matrix["kelurahan"]] == ["kelurahan-balowerti"]
