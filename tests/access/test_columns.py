"""The DataStore query built for a grant limited to some columns, without
CKAN: what passes, what is rebuilt, what is refused."""
import json

import pytest

from ckanext.satudata.access import columns
from ckanext.satudata.access.rules import AccessRuleError

GRANTED = ("jumlah", "rw")
TABLE = ["_id", "rw", "jumlah", "nik"]


def build(**data):
    return columns.build_query(data, "r1", GRANTED, TABLE)


def refused(**data) -> dict:
    with pytest.raises(AccessRuleError) as error:
        build(**data)
    return error.value.render()


def test_by_default_the_granted_columns_in_the_tables_order():
    assert build() == {"resource_id": "r1", "fields": ["_id", "rw", "jumlah"]}
    assert build(fields="") == build(fields=[]) == build()


def test_a_granted_column_the_table_no_longer_has_is_left_out():
    query = columns.build_query({}, "r1", ("rw", "hilang"), TABLE)
    assert query["fields"] == ["_id", "rw"]
    assert "filters" in columns.build_query({"filters": {"rw": 1}}, "r1", ("rw",), None)


def test_the_table_searched_is_the_one_given_never_the_callers():
    assert build(resource_id="lain", id="lain")["resource_id"] == "r1"


def test_fields_filters_and_sort_on_granted_columns_pass():
    query = build(fields=' rw , "jumlah"', filters=json.dumps({"rw": [1, 2]}),
                  sort='jumlah DESC, "rw" nulls first', limit=5, offset=10,
                  records_format="lists", include_total=False, include_next_page=True)
    assert query == {"resource_id": "r1", "fields": ["rw", "jumlah"],
                     "filters": {"rw": [1, 2]},
                     "sort": ['"jumlah" desc', '"rw" asc nulls first'],
                     "limit": 5, "offset": 10, "records_format": "lists",
                     "include_total": False, "include_next_page": True}


@pytest.mark.parametrize("filters", [
    {"$or": [{"rw": 1}, {"jumlah": {"gte": 3, "lt": 9}}]},
    [{"rw": 1}, {"$and": [{"jumlah": {"in": [1, 2]}}, {"_id": {"gt": 3}}]}],
    {"rw": [1, {"lte": 4}]},
])
def test_the_datastores_filter_language_on_granted_columns_passes(filters):
    assert build(filters=filters)["filters"] == filters


@pytest.mark.parametrize("data", [
    {"fields": "nik"}, {"fields": ["rw", "nik"]}, {"fields": "_full_text"},
    {"filters": {"nik": "1"}}, {"filters": {"$or": [{"rw": 1}, {"nik": "1"}]}},
    {"filters": [{"$and": [{"nik": "1"}]}]}, {"filters": {"$$nik": "1"}},
    {"filters": {"_full_text": "x"}}, {"sort": "nik"}, {"sort": ['"nik" desc']},
    {"sort": "rw, nik desc nulls last"},
])
def test_a_hidden_column_is_neither_read_nor_filtered_nor_sorted(data):
    messages = refused(**data)
    assert list(messages) == list(data)
    assert "jumlah, rw" not in str(messages) and "rw, jumlah" in str(messages)
    assert "nik" not in str(messages)


@pytest.mark.parametrize("data", [
    {"q": "x"}, {"q": {"rw": "1"}}, {"q": "{x"}, {"q": " "}, {"full_text": "x"},
    {"q": {}, "full_text": "x"},
])
def test_a_text_search_in_any_form_is_refused(data):
    assert "Pencarian teks" in " ".join(sum(refused(**data).values(), []))


def test_an_empty_search_and_the_search_options_change_nothing():
    assert build(q="", full_text=None, plain=False, language="simple",
                 total_estimation_threshold=1000, distinct=False) == build()
    assert build(q={}) == build(q="{}") == build()


@pytest.mark.parametrize("data", [
    {"distinct": True}, {"distinct": "true"}, {"tidak_dikenal": 1},
    {"filters": {"rw": {"$and": [1]}}}, {"filters": {"rw": {"like": "1%"}}},
    {"filters": {"$not": [{"rw": 1}]}}, {"filters": {"rw": {"in": 5}}},
    {"filters": "bukan json"}, {"filters": [1]}, {"filters": {"rw": {"eq": {"x": 1}}}},
    {"fields": [1]}, {"sort": {"rw": "asc"}},
])
def test_anything_else_is_refused_with_a_reason(data):
    assert refused(**data)


def test_every_filter_shape_the_datastore_cannot_take_is_refused_for_everyone():
    assert columns.check_filters('{"nik": ["1", "2"]}') == {"nik": ["1", "2"]}
    for bad in ({"nik": {"in": "1"}}, {"$foo": 1}, [[{"rw": 1}]], "[",
                {"rw": {"gt": [1]}}, {"rw": {}}):
        with pytest.raises(AccessRuleError):
            columns.check_filters(bad)
    deep = {"rw": 1}
    for _ in range(12):
        deep = {"$or": [deep]}
    with pytest.raises(AccessRuleError):
        columns.check_filters(deep)
