"""The classes, ranks and legend of an indicator's thematic map. Pure."""
from __future__ import annotations

from ckanext.satudata.statistics.choropleth import (
    NO_DATA_COLOR, PALETTE, class_ends, classify, indonesian_number)

TEN = {f"35.71.01.10{n:02d}": value for n, value in enumerate(
    [12.5, 3, 7, 1500, 40, 22, 9, 61, 88, 1000], start=1)}


def legend(result):
    return [(c.index, c.lower, c.upper, c.count, c.label) for c in result.classes]


def test_ten_values_make_five_classes_of_two_with_indonesian_bounds():
    result = classify(TEN)
    assert legend(result) == [
        (1, 3, 7, 2, "3 – 7"),
        (2, 9, 12.5, 2, "9 – 12,5"),
        (3, 22, 40, 2, "22 – 40"),
        (4, 61, 88, 2, "61 – 88"),
        (5, 1000, 1500, 2, "1.000 – 1.500"),
    ]
    assert [c.color for c in result.classes] == list(PALETTE)
    highest = result.areas["35.71.01.1004"]
    assert (highest.value, highest.index, highest.rank) == (1500, 5, 1)
    lowest = result.areas["35.71.01.1002"]
    assert (lowest.index, lowest.rank, lowest.color) == (1, 10, PALETTE[0])
    assert result.areas["35.71.01.1001"].rank == 7   # 12,5: seventh highest


def test_ties_share_a_rank_and_a_class_and_merge_classes():
    values = {"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1, "g": 2, "h": 3, "i": 4, "j": 5}
    result = classify(values)
    assert legend(result) == [(1, 1, 1, 6, "1"), (2, 2, 3, 2, "2 – 3"), (3, 4, 5, 2, "4 – 5")]
    assert {result.areas[k].rank for k in "abcdef"} == {5}
    assert {result.areas[k].index for k in "abcdef"} == {1}
    assert [result.areas[k].rank for k in "jihg"] == [1, 2, 3, 4]
    # three classes still run from the lightest to the darkest colour
    assert [c.color for c in result.classes] == [PALETTE[0], PALETTE[2], PALETTE[4]]


def test_fewer_distinct_values_than_classes_give_one_class_each():
    result = classify({"a": 10, "b": 20, "c": 10})
    assert legend(result) == [(1, 10, 10, 2, "10"), (2, 20, 20, 1, "20")]
    assert (result.areas["b"].rank, result.areas["a"].rank, result.areas["c"].rank) == (1, 2, 2)


def test_a_single_value_is_one_class_ranked_first():
    result = classify({"a": 0.25})
    assert legend(result) == [(1, 0.25, 0.25, 1, "0,25")]
    assert (result.areas["a"].index, result.areas["a"].rank) == (1, 1)


def test_all_equal_values_are_one_class():
    result = classify({k: 7 for k in "abcd"})
    assert legend(result) == [(1, 7, 7, 4, "7")]
    assert {a.rank for a in result.areas.values()} == {1}


def test_kelurahan_without_a_value_have_no_data():
    result = classify({"a": 5, "b": 6}, areas=["a", "b", "c", "d"])
    assert result.no_data == ["c", "d"]
    missing = result.areas["c"]
    assert (missing.value, missing.index, missing.rank, missing.color) == (
        None, None, None, NO_DATA_COLOR)
    assert sum(c.count for c in result.classes) == 2


def test_no_values_at_all_give_no_classes():
    result = classify({}, areas=["a"])
    assert result.classes == [] and result.no_data == ["a"]
    assert class_ends([]) == []


def test_numbers_are_written_indonesian_style():
    assert indonesian_number(1234.5) == "1.234,5"
    assert indonesian_number(12345) == "12.345"
    assert indonesian_number(0.333333) == "0,33"
