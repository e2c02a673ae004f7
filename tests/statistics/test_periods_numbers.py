"""Periods and numbers as PICs write them in a statistic's table. Pure."""
from __future__ import annotations

import datetime

import pytest

from ckanext.satudata.statistics import Period, parse_number, parse_period
from ckanext.satudata.statistics.numbers import EN, ID, SYMBOLS, NumberSense, read_number
from ckanext.satudata.statistics.periods import MONTH, QUARTER, SEMESTER, YEAR


@pytest.mark.parametrize("text, expected", [
    ("2025", Period(2025)),
    (2025, Period(2025)),
    (2025.0, Period(2025)),
    ("2025-01", Period(2025, MONTH, 1)),
    ("2025/1", Period(2025, MONTH, 1)),
    ("202512", Period(2025, MONTH, 12)),
    ("03/2025", Period(2025, MONTH, 3)),
    ("Januari 2025", Period(2025, MONTH, 1)),
    ("agustus 2024", Period(2024, MONTH, 8)),
    ("2025-01-31", Period(2025, MONTH, 1)),
    (datetime.date(2025, 7, 1), Period(2025, MONTH, 7)),
    ("2025-T2", Period(2025, QUARTER, 2)),
    ("2025 Q4", Period(2025, QUARTER, 4)),
    ("2025 TW 1", Period(2025, QUARTER, 1)),
    ("2025-S1", Period(2025, SEMESTER, 1)),
    ("2025 semester 2", Period(2025, SEMESTER, 2)),
])
def test_periods_are_read_as_written(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["", None, "kemarin", "2025-13", "2025-T5", "12345", "1800"])
def test_what_is_not_a_period_is_refused(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_periods_have_one_spelling_and_sort_in_time():
    written = ["2025-12", "2024", "2025-02", "2025-1", "2023"]
    periods = sorted((parse_period(p) for p in written), key=lambda p: p.sort_key)
    assert [p.code for p in periods] == ["2023", "2024", "2025-01", "2025-02", "2025-12"]
    assert Period(2025, QUARTER, 3).code == "2025-T3"
    assert Period(2025, SEMESTER, 2).code == "2025-S2"
    assert Period(2025, YEAR).code == "2025"


@pytest.mark.parametrize("text, expected", [
    ("7", 7.0), (12, 12.0), ("12.5", 12.5), ("12,5", 12.5), ("1.234,5", 1234.5),
    ("1,234.5", 1234.5), ("1.234.567", 1234567.0), ("1 234", 1234.0), ("45%", 45.0),
    ("-3", -3.0), ("1,234,567", 1234567.0),
])
def test_numbers_in_indonesian_and_csv_style(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "-", "n/a", None, "tujuh", True, float("nan")])
def test_cells_without_a_number(text):
    assert parse_number(text) is None


# --- numbers that read two ways ------------------------------------------------------

def test_the_indonesian_symbols_come_from_the_locale_data():
    assert SYMBOLS[ID] == (",", ".") and SYMBOLS[EN] == (".", ",")


@pytest.mark.parametrize("text, indonesian, english", [
    ("12.345", 12345.0, 12.345), ("1.234", 1234.0, 1.234), ("-1.234", -1234.0, -1.234),
    ("1,234", 1.234, 1234.0), ("12,5", 12.5, 12.5), ("1.5", 1.5, 1.5),
    ("1.234,5", 1234.5, 1234.5), ("1,234.5", 1234.5, 1234.5), ("0.125", 0.125, 0.125),
    ("1.234.567", 1234567.0, 1234567.0), ("12.345%", 12345.0, 12.345), ("1234.567", 1234.567, 1234.567),
])
def test_a_number_is_read_in_the_style_of_its_file(text, indonesian, english):
    assert read_number(text, ID).value == indonesian
    assert read_number(text, EN).value == english


@pytest.mark.parametrize("text, thousands, fraction", [
    ("12.345", 12345.0, 12.345), ("1,234", 1234.0, 1.234), ("999.000", 999000.0, 999.0)])
def test_without_a_style_a_number_that_reads_two_ways_is_ambiguous(text, thousands, fraction):
    reading = read_number(text)
    assert reading.value is None and reading.ambiguous
    assert (reading.thousands, reading.fraction) == (thousands, fraction)


@pytest.mark.parametrize("text, clue", [
    ("12,5", ID), ("1.234,5", ID), ("1.234.567", ID), ("1.5", EN), ("1,234.5", EN),
    ("1,234,567", EN), ("1234", None), ("1.234", None)])
def test_some_spellings_show_their_style(text, clue):
    assert read_number(text).clue == clue


def test_a_column_takes_the_style_its_values_show_else_the_files_else_none():
    sense = NumberSense()
    assert sense.read("a", "1.234").ambiguous
    sense.learn("a", "12,5")
    assert sense.read("a", "1.234").value == 1234.0
    sense.learn("b", "0.5")
    assert sense.read("b", "1.234").value == 1.234
    sense.learn("b", "0,5")   # the column disagrees with itself: no style
    assert sense.read("b", "1.234").ambiguous
    assert NumberSense(ID).read("b", "1.234").value == 1234.0
    assert sense.read("c", 1.234).value == 1.234   # a spreadsheet number is a number
