"""The validation report of a statistic's table, checked in plain Python
(the report through the API and the pages: test_validation_portal.py)."""
from __future__ import annotations

import io

from ckanext.satudata.reference.kelurahan import all_kelurahan
from ckanext.satudata.statistics import csv_rows
from ckanext.satudata.statistics import validation
from ckanext.satudata.statistics.periods import Period
from ckanext.satudata.statistics.validation import ERROR, QUESTION, WARNING
from ckanext.satudata.tabular.table_schemas import PROFIL_KELURAHAN, STATISTIK_SEKTORAL

KEDIRI = validation.regions_of(all_kelurahan(), "Kota Kediri")
HEADER = "kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan\n"


def report_of(text, schema=STATISTIK_SEKTORAL, regions=KEDIRI, **options):
    rows = list(csv_rows(io.BytesIO(text.encode("utf-8"))))
    return validation.validate(rows, schema, regions, **options)


def found(report, severity=None):
    return sorted(((p.row, p.column, p.code) for p in report.problems
                   if severity is None or p.severity == severity),
                  key=lambda item: (item[0] or 0, item[1] or ""))


def test_a_clean_table_has_no_problems():
    report = report_of(HEADER + "35.71.02.1002,Balowerti,2025,Posyandu,7,unit\n"
                                "35.71.01.1001,Kelurahan bandar  lor,2025,Posyandu,5,unit\n"
                                "35.71.02.1002,BALOWERTI,2024,Posyandu,6,unit\n",
                       frekuensi="tahunan")
    assert report.problems == [] and report.rows == 3 and report.errors == 0


def test_two_bad_rows_and_a_duplicate_by_row_and_column():
    report = report_of(HEADER + "35.71.02.1002,Balowerti,2025,Posyandu,7,unit\n"
                                "35.71.02.1002,Balowerti,2024,Posyandu,lima,unit\n"
                                "35.71.99.9999,Entah,2025,Posyandu,3,unit\n"
                                "35.71.02.1002,Balowerti,2025,Posyandu,8,unit\n",
                       frekuensi="tahunan")
    assert found(report) == [(3, "nilai", "not_a_number"), (4, "kode_wilayah", "unknown_kode"),
                             (5, None, "duplicate")]
    assert report.errors == 3
    bad_number = report.problems[0]
    assert bad_number.render() == 'Nilai "lima" bukan angka.' and bad_number.value == "lima"
    assert report.problems[2].render() == "Baris ini mengulang wilayah dan periode baris 2."


def test_names_must_match_their_code_and_codes_may_lack_dots():
    report = report_of(HEADER + "3571021002,Kel. Balowerti,2025,,7,unit\n"
                                "35.71.02.1002,Pojok,2024,,7,unit\n"
                                "35.71.02.1006,setono pande,2024,,7,unit\n")
    [mismatch] = report.problems
    assert (mismatch.row, mismatch.column, mismatch.code) == (3, "nama_wilayah", "name_mismatch")
    assert "seharusnya Balowerti" in mismatch.render()


def test_periods_follow_the_frequency():
    text = HEADER + "35.71.02.1002,Balowerti,2025-01,,7,unit\n35.71.02.1002,Balowerti,2025,,7,unit\n" \
        "35.71.02.1002,Balowerti,kemarin,,7,unit\n"
    assert found(report_of(text, frekuensi="bulanan")) == [
        (3, "periode", "period_frequency"), (4, "periode", "period_unreadable")]
    assert found(report_of(text, frekuensi="tahunan")) == [
        (2, "periode", "period_finer"), (4, "periode", "period_unreadable")]
    assert found(report_of(text, frekuensi="tahunan"), ERROR) == [
        (4, "periode", "period_unreadable")]
    assert found(report_of(text, frekuensi="tidak-tetap")) == [(4, "periode", "period_unreadable")]


def test_negative_counts_are_errors_percentages_over_100_questions():
    report = report_of(HEADER + "35.71.02.1002,Balowerti,2025,A,-3,jiwa\n"
                                "35.71.02.1002,Balowerti,2025,B,120,persen\n"
                                "35.71.02.1002,Balowerti,2025,C,-2.5,\n",
                       frekuensi="tahunan", satuan="persen")
    assert found(report) == [(2, "nilai", "negative_count"), (3, "nilai", "percent_over_100")]
    assert found(report, QUESTION) == [(3, "nilai", "percent_over_100")]


def test_a_total_row_must_add_up_when_all_its_kelurahan_are_there():
    mojoroto = [k for k in all_kelurahan() if k.nama_kecamatan == "Mojoroto"]
    lines = [f"{k.kode},{k.nama},2025,Posyandu,2,unit\n" for k in mojoroto]
    good = f"35.71.01,Kecamatan Mojoroto,2025,Posyandu,{2 * len(mojoroto)},unit\n"
    bad = "35.71.01,Kecamatan Mojoroto,2025,Posyandu,5,unit\n"
    assert report_of(HEADER + "".join(lines) + good).problems == []
    report = report_of(HEADER + "".join(lines) + bad)
    assert found(report) == [(len(mojoroto) + 2, "nilai", "total_mismatch")]
    # One kelurahan missing: the total cannot be checked.
    assert report_of(HEADER + "".join(lines[1:]) + bad).problems == []
    # A "Jumlah" row of the whole city.
    city = [f"{k.kode},{k.nama},2025,Posyandu,1,unit\n" for k in all_kelurahan()]
    assert found(report_of(HEADER + "".join(city) + ",Jumlah,2025,Posyandu,45,unit\n")) == [
        (len(city) + 2, "nilai", "total_mismatch")]
    assert report_of(HEADER + "".join(city) + ",Jumlah,2025,Posyandu,46,unit\n").problems == []


def test_jumps_are_warnings_within_the_file_and_against_published_values():
    text = HEADER + "35.71.02.1002,Balowerti,2024,,10,unit\n35.71.02.1002,Balowerti,2025,,16,unit\n" \
        "35.71.01.1001,Bandar Lor,2025,,30,unit\n"
    report = report_of(text)
    assert found(report) == [(3, "nilai", "jump")] and report.errors == 0
    assert "+60 persen" in report.problems[0].render()
    previous = {("35.71.01.1001", ""): [(Period(2024), 10.0)]}
    assert found(report_of(text, previous=previous), WARNING) == [
        (3, "nilai", "jump"), (4, "nilai", "jump")]


def test_missing_columns_and_tables_that_are_not_statistics():
    report = report_of("kode_wilayah,nama_wilayah,periode\n35.71.02.1002,Balowerti,2025\n")
    assert found(report) == [(1, "nilai", "missing_column")] and report.errors == 1
    report = report_of("rw,jumlah\n1,5\n")
    assert found(report) == [(1, None, "not_template")] and report.errors == 0
    report = report_of("nama,jumlah\nPosyandu Mawar,5\n")
    assert found(report) == [(1, None, "not_template")] and report.errors == 0


def test_at_most_50_problems_of_each_severity_are_kept():
    text = HEADER + "".join(f"35.71.02.1002,Balowerti,{2000 + n},,x,unit\n" for n in range(70))
    report = report_of(text)
    assert report.counts[ERROR] == 70 and len(report.of(ERROR)) == 50 and report.more(ERROR) == 20
    again = validation.Report.from_dict(report.to_dict())
    assert again.counts == report.counts and again.of(ERROR) == report.of(ERROR)


def test_reading_problems_of_the_shared_reader_are_kept_once():
    reading = [{"row": 2, "column": "nilai", "code": "ambiguous_number", "severity": "question",
                "message": "Angka \"{value}\" bisa berarti 1,234 atau 1234.",
                "params": {"value": "1.234"}, "value": "1.234"}]
    report = report_of(HEADER + "35.71.02.1002,Balowerti,2025,,1.234,unit\n",
                       reading_problems=reading)
    assert found(report) == [(2, "nilai", "ambiguous_number")]
    # The reader lists its first problems and counts them all.
    report = report_of(HEADER + "35.71.02.1002,Balowerti,2025,,1.234,unit\n",
                       reading_problems=reading, reading_counts={"question": 75})
    assert report.counts[QUESTION] == 75 and report.more(QUESTION) == 25


def test_values_read_by_the_shared_reader_are_used():
    text = HEADER + ("35.71.02.1002,Balowerti,2024,,12.345,jiwa\n"
                     "35.71.02.1002,Balowerti,2025,,12400,jiwa\n")
    assert found(report_of(text), WARNING) == [(3, "nilai", "jump")]
    assert report_of(text, values={2: 12345.0, 3: 12400.0}).problems == []


def test_another_region_is_checked_against_its_own_list():
    other = validation.Regions(areas={"11.01.01.2001": "Lhok Bengkuang"})
    report = report_of(HEADER + "11.01.01.2001,Lhok Bengkuang,2025,,4,unit\n"
                                "35.71.02.1002,Balowerti,2025,,4,unit\n", regions=other)
    assert found(report) == [(3, "kode_wilayah", "unknown_kode")]


def test_a_profile_table_has_whole_non_negative_counts_and_a_year():
    text = ("kode_wilayah,nama_kelurahan,tahun,penduduk_laki_laki,jumlah_rw\n"
            "35.71.02.1002,Balowerti,2026-01,3120,-1\n"
            "35.71.02.1002,Balowerti,2025,3120.5,6\n")
    assert found(report_of(text, PROFIL_KELURAHAN)) == [
        (2, "jumlah_rw", "negative_count"), (2, "tahun", "period_not_year"),
        (3, "penduduk_laki_laki", "not_an_integer")]


def test_rows_per_rw_of_a_kelurahan_are_areas_of_their_own():
    report = report_of(HEADER + "35.71.02.1002,RW 01,2025,,7,unit\n"
                                "35.71.02.1002,RW 02,2025,,5,unit\n"
                                "35.71.02.1002,rw 02,2025,,5,unit\n")
    assert found(report) == [(4, None, "duplicate")]
