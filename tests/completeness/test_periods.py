"""When a dataset is overdue: one whole period of its frequency, counted in
calendar months, may pass; one day more is overdue."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from ckanext.satudata.completeness.periods import (
    FREQUENCIES, add_months, due_date, is_overdue)

D = datetime.date
SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "statistik_sektoral.yaml"


@pytest.mark.parametrize("frequency, updated, last_on_time", [
    ("bulanan", D(2026, 1, 15), D(2026, 2, 15)),
    ("bulanan", D(2026, 1, 31), D(2026, 2, 28)),      # February has no 31st
    ("bulanan", D(2028, 1, 31), D(2028, 2, 29)),      # leap year
    ("bulanan", D(2026, 12, 10), D(2027, 1, 10)),     # across the year
    ("bulanan", D(2026, 3, 31), D(2026, 4, 30)),
    ("triwulanan", D(2026, 11, 30), D(2027, 2, 28)),
    ("semesteran", D(2026, 8, 31), D(2027, 2, 28)),
    ("tahunan", D(2024, 2, 29), D(2025, 2, 28)),
    ("tahunan", D(2026, 7, 1), D(2027, 7, 1)),
    ("lima-tahunan", D(2026, 5, 20), D(2031, 5, 20)),
])
def test_exactly_one_period_is_on_time_and_one_day_more_is_overdue(
        frequency, updated, last_on_time):
    assert due_date(updated, frequency) == last_on_time
    assert not is_overdue(updated, frequency, last_on_time)
    assert is_overdue(updated, frequency, last_on_time + datetime.timedelta(days=1))


def test_a_monthly_dataset_updated_today_is_on_time():
    assert not is_overdue(D(2026, 5, 5), "bulanan", D(2026, 5, 5))


@pytest.mark.parametrize("frequency", ["tidak-tetap", "", None, "mingguan"])
def test_irregular_or_unknown_frequencies_are_never_overdue(frequency):
    assert due_date(D(2000, 1, 1), frequency) is None
    assert not is_overdue(D(2000, 1, 1), frequency, D(2026, 1, 1))


@pytest.mark.parametrize("months, expected", [
    (0, D(2026, 1, 31)), (1, D(2026, 2, 28)), (13, D(2027, 2, 28)),
    (-1, D(2025, 12, 31)), (-2, D(2025, 11, 30)),
])
def test_add_months_clamps_to_the_end_of_the_month(months, expected):
    assert add_months(D(2026, 1, 31), months) == expected


def test_every_frequency_of_the_schema_has_a_period():
    fields = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))["dataset_fields"]
    [frekuensi] = [f for f in fields if f["field_name"] == "frekuensi"]
    assert [choice["value"] for choice in frekuensi["choices"]] == list(FREQUENCIES)
