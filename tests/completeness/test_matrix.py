"""The completeness matrix from a set of datasets: cell states, overdue,
filters, the share complete per kecamatan."""
from __future__ import annotations

import datetime

import pytest

from ckanext.satudata.completeness.items import (
    RequiredStatistic, item_for, item_index, parse_required_statistics, required_items)
from ckanext.satudata.completeness.matrix import (
    NONE, Kelurahan, Record, build_matrix, by_kabupaten, cell_for, city_total, filter_rows,
    local_date, page_of, select_kelurahan, summarize, summarize_records)

TODAY = datetime.date(2026, 11, 23)
JAKARTA = datetime.timezone(datetime.timedelta(hours=7))
BALOWERTI = Kelurahan("kelurahan-balowerti", "Kelurahan Balowerti", "Kota")
POJOK = Kelurahan("kelurahan-pojok", "Kelurahan Pojok", "Mojoroto")
BANDAR_LOR = Kelurahan("kelurahan-bandar-lor", "Kelurahan Bandar Lor", "Mojoroto")
STATISTICS = [RequiredStatistic("balita-ditimbang", "Balita ditimbang")]
ITEMS = required_items(2026, STATISTICS)
CODES = [item.code for item in ITEMS]


def record(kind: str, state: str = "terbit", modified=datetime.datetime(2026, 11, 1),
           organization: str = BALOWERTI.organization, name: str | None = None, **extras):
    types = {"profil": "profil-kelurahan", "titik": "peta-titik",
             "statistik": "statistik-sektoral"}
    return Record(package_id=name or f"{kind}-{state}-{modified:%Y%m%d}",
                  name=name or f"{kind}-{state}", title=f"Judul {kind}",
                  type=types[kind], organization=organization, state=state,
                  modified=modified, extras=extras)


def profile(**kw):
    return record("profil", tahun="2026", **kw)


def posyandu(**kw):
    return record("titik", jenis_titik="posyandu", **kw)


def statistic(frekuensi="bulanan", **kw):
    return record("statistik", kode_indikator="balita-ditimbang", frekuensi=frekuensi, **kw)


def test_the_columns_are_the_profile_the_four_layers_and_the_statistics():
    assert CODES == ["profil", "titik-kantor-kelurahan", "titik-posyandu",
                     "titik-pos-kamling", "titik-rt", "statistik-balita-ditimbang"]
    assert ITEMS[0].display_label() == "Profil kelurahan 2026"
    assert ITEMS[-1].display_label(lambda text: "X") == "Balita ditimbang"


def test_which_dataset_delivers_which_item():
    index = item_index(ITEMS)
    assert item_for("profil-kelurahan", {"tahun": "2026"}, index) == "profil"
    assert item_for("profil-kelurahan", {"tahun": "2025"}, index) is None  # last year's
    assert item_for("peta-titik", {"jenis_titik": "rt"}, index) == "titik-rt"
    assert item_for("statistik-sektoral", {"kode_indikator": "balita-ditimbang"},
                    index) == "statistik-balita-ditimbang"
    assert item_for("statistik-sektoral", {"kode_indikator": "lain"}, index) is None
    assert item_for("statistik-sektoral", {}, index) is None
    assert item_for("dataset", {"tahun": "2026"}, index) is None


def test_an_item_without_a_dataset_is_none_and_not_overdue():
    cell = cell_for(ITEMS[0], [], TODAY)
    assert (cell.state, cell.updated, cell.overdue, cell.complete, cell.missing) == (
        NONE, None, False, False, True)


@pytest.mark.parametrize("states, expected", [
    (["draf"], "draf"),
    (["draf", "diajukan"], "diajukan"),
    (["dikembalikan", "draf"], "dikembalikan"),
    (["ditarik", "draf"], "draf"),
    (["ditarik"], "ditarik"),
    (["draf", "terbit", "diajukan"], "terbit"),
])
def test_the_cell_shows_the_most_advanced_state(states, expected):
    records = [posyandu(state=s, name=f"p{n}") for n, s in enumerate(states)]
    cell = cell_for(ITEMS[2], records, TODAY)
    assert cell.state == expected
    assert cell.count == len(states)


def test_between_two_datasets_in_one_state_the_latest_counts():
    old = posyandu(name="lama", modified=datetime.datetime(2025, 1, 1))
    new = posyandu(name="baru", modified=datetime.datetime(2026, 10, 1))
    cell = cell_for(ITEMS[2], [new, old], TODAY)
    assert cell.record.name == "baru" and not cell.overdue


def test_a_monthly_statistic_one_month_old_is_on_time_one_day_more_overdue():
    on_time = statistic(modified=datetime.datetime(2026, 10, 23, 9))
    late = statistic(modified=datetime.datetime(2026, 10, 22, 9))
    assert not cell_for(ITEMS[-1], [on_time], TODAY).overdue
    cell = cell_for(ITEMS[-1], [late], TODAY)
    assert cell.overdue and not cell.complete
    assert (cell.frequency, cell.updated, cell.due) == (
        "bulanan", datetime.date(2026, 10, 22), datetime.date(2026, 11, 22))


def test_the_dataset_frequency_wins_over_the_item_default():
    yearly = statistic(frekuensi="tahunan", modified=datetime.datetime(2026, 1, 2))
    assert cell_for(ITEMS[-1], [yearly], TODAY).complete
    unknown = statistic(frekuensi="", modified=datetime.datetime(2026, 1, 2))
    assert cell_for(ITEMS[-1], [unknown], TODAY).frequency == "tahunan"
    irregular = statistic(frekuensi="tidak-tetap", modified=datetime.datetime(2001, 1, 2))
    assert cell_for(ITEMS[-1], [irregular], TODAY).complete


def test_point_layers_use_the_configured_frequency():
    items = required_items(2026, [], point_layer_frequency="semesteran")
    layer = posyandu(modified=datetime.datetime(2026, 5, 22))
    assert cell_for(items[2], [layer], TODAY).overdue
    with pytest.raises(ValueError):
        required_items(2026, [], point_layer_frequency="mingguan")


def test_the_last_update_is_a_date_in_the_portal_time_zone():
    # 20.00 UTC on 22 October is 03.00 on 23 October in Kediri (UTC+7).
    late_evening = statistic(modified=datetime.datetime(2026, 10, 22, 20))
    assert local_date(late_evening.modified, JAKARTA) == datetime.date(2026, 10, 23)
    assert not cell_for(ITEMS[-1], [late_evening], TODAY, JAKARTA).overdue
    assert cell_for(ITEMS[-1], [late_evening], TODAY).overdue


def _rows():
    records = [
        profile(), posyandu(), statistic(modified=datetime.datetime(2026, 9, 1)),
        posyandu(organization=POJOK.organization, state="diajukan"),
        record("titik", organization="dinas-kesehatan", jenis_titik="rt"),
    ]
    return build_matrix([BALOWERTI, POJOK, BANDAR_LOR], ITEMS, records, TODAY)


def test_the_matrix_has_one_row_per_kelurahan_and_one_cell_per_item():
    rows = _rows()
    assert [row.kelurahan for row in rows] == [BALOWERTI, POJOK, BANDAR_LOR]
    assert all(list(row.cells) == CODES for row in rows)
    balowerti, pojok, bandar_lor = rows
    assert {code: cell.state for code, cell in balowerti.cells.items()} == {
        "profil": "terbit", "titik-kantor-kelurahan": NONE, "titik-posyandu": "terbit",
        "titik-pos-kamling": NONE, "titik-rt": NONE, "statistik-balita-ditimbang": "terbit"}
    assert (balowerti.complete, balowerti.overdue, balowerti.missing) == (2, 1, 3)
    assert pojok.cells["titik-posyandu"].state == "diajukan"
    assert bandar_lor.missing == len(ITEMS)


@pytest.mark.parametrize("kecamatan, state, expected", [
    ("", "", ["Kelurahan Balowerti", "Kelurahan Pojok", "Kelurahan Bandar Lor"]),
    ("mojoroto", "", ["Kelurahan Pojok", "Kelurahan Bandar Lor"]),
    ("", "diajukan", ["Kelurahan Pojok"]),
    ("", "terlambat", ["Kelurahan Balowerti"]),
    ("", "terbit", ["Kelurahan Balowerti"]),
    ("Kota", "none", ["Kelurahan Balowerti"]),
    ("", "ditarik", []),
])
def test_filters_by_kecamatan_and_state(kecamatan, state, expected):
    assert [row.kelurahan.title for row in filter_rows(_rows(), kecamatan, state)] == expected


def test_an_unknown_state_filter_is_refused():
    with pytest.raises(ValueError):
        filter_rows(_rows(), state_filter="hilang")


def test_share_complete_per_kecamatan():
    summaries = summarize(_rows())
    assert [(s.kecamatan, s.kelurahan, s.required, s.complete) for s in summaries] == [
        ("Kota", 1, 6, 2), ("Mojoroto", 2, 12, 0)]
    assert summaries[0].share == pytest.approx(2 / 6)
    total = city_total(summaries)
    assert (total.kelurahan, total.required, total.complete) == (3, 18, 2)
    assert city_total([]).share == 0.0


def test_the_summary_from_the_published_records_alone_is_the_matrix_summary():
    records = [
        profile(), posyandu(), statistic(modified=datetime.datetime(2026, 9, 1)),
        profile(state="draf", modified=datetime.datetime(2026, 11, 20)),
        posyandu(organization=POJOK.organization, state="diajukan"),
        posyandu(organization=POJOK.organization, modified=datetime.datetime(2024, 1, 1)),
        record("titik", organization="dinas-kesehatan", jenis_titik="rt"),
    ]
    kelurahan = [BALOWERTI, POJOK, BANDAR_LOR]
    assert summarize_records(kelurahan, ITEMS, records, TODAY) == summarize(
        build_matrix(kelurahan, ITEMS, records, TODAY))


# Two kecamatan called Wates, in two kabupaten.
WATES_BLITAR = Kelurahan("desa-a", "Desa Ampel", "Wates", "35.05.20.2001", "35.05.20", "35.05",
                         "Kabupaten Blitar", "Wates (Kabupaten Blitar)")
WATES_KEDIRI = Kelurahan("desa-b", "Desa Bobang", "Wates", "35.06.06.2001", "35.06.06",
                         "35.06", "Kabupaten Kediri", "Wates (Kabupaten Kediri)")
KANDAT = Kelurahan("desa-c", "Desa Cendono", "Kandat", "35.06.07.2001", "35.06.07", "35.06",
                   "Kabupaten Kediri", "Kandat")


def test_kecamatan_sharing_a_name_are_summarized_apart_by_code():
    rows = build_matrix([WATES_BLITAR, WATES_KEDIRI, KANDAT], ITEMS,
                        [profile(organization="desa-b")], TODAY)
    summaries = summarize(rows)
    assert [(s.kode_kecamatan, s.label, s.complete) for s in summaries] == [
        ("35.05.20", "Wates (Kabupaten Blitar)", 0), ("35.06.07", "Kandat", 0),
        ("35.06.06", "Wates (Kabupaten Kediri)", 1)]
    assert [(s.kode_kabupaten, s.kabupaten, s.kelurahan, s.complete)
            for s in by_kabupaten(summaries)] == [
        ("35.05", "Kabupaten Blitar", 1, 0), ("35.06", "Kabupaten Kediri", 2, 1)]
    assert [row.kelurahan.title for row in filter_rows(rows, "35.06.06")] == ["Desa Bobang"]


def test_the_desa_are_chosen_by_kabupaten_kecamatan_code_and_name_then_paged():
    everyone = [WATES_BLITAR, WATES_KEDIRI, KANDAT]
    assert select_kelurahan(everyone, kabupaten="35.06") == [WATES_KEDIRI, KANDAT]
    assert select_kelurahan(everyone, kecamatan="35.05.20") == [WATES_BLITAR]
    assert select_kelurahan(everyone, query="  CENDONO ") == [KANDAT]
    assert select_kelurahan(everyone, kabupaten="35.05", query="cendono") == []
    assert page_of(everyone, 2, 2) == [KANDAT] and page_of(everyone, 3, 2) == []


def test_required_statistics_from_the_configuration():
    text = """
        # kode nama
        balita-ditimbang Balita ditimbang di posyandu
        penduduk-miskin
    """
    assert parse_required_statistics(text) == [
        RequiredStatistic("balita-ditimbang", "Balita ditimbang di posyandu"),
        RequiredStatistic("penduduk-miskin", "penduduk-miskin")]
    assert parse_required_statistics("") == []
    with pytest.raises(ValueError, match="bad indicator code"):
        parse_required_statistics("Balita_Ditimbang Balita")
    with pytest.raises(ValueError, match="twice"):
        parse_required_statistics("a A\na lagi")
