"""The rules of access requests, without CKAN."""
import datetime

import pytest

from ckanext.satudata.access import rules
from ckanext.satudata.access.rules import AccessRuleError

TODAY = datetime.date(2026, 11, 23)
MAX_DAYS = 365


def day(offset: int) -> str:
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


def request(**overrides):
    data = {
        "institution": "Bappeda Kota Kediri",
        "position": "Perencana Ahli Muda",
        "purpose": "Penyusunan rencana kerja pemerintah daerah bidang kesehatan.",
        "method": "unduh",
        "data_returned": "",
        "resources": ["r1"],
        "start_date": day(0),
        "end_date": day(7),
    }
    data.update(overrides)
    return data


def problems(error: AccessRuleError) -> dict:
    return error.render()


# --- classification ---------------------------------------------------------------

@pytest.mark.parametrize("values, expected", [
    ((), "terbuka"),
    ((None,), "terbuka"),
    (("terbuka", "terbatas"), "terbatas"),
    (("terbatas", "tertutup"), "tertutup"),
    (("terbuka", "rahasia"), "tertutup"),
])
def test_the_strictest_classification_wins(values, expected):
    assert rules.most_restrictive(*values) == expected


def test_only_open_data_is_public():
    assert not rules.data_restricted("terbuka")
    assert not rules.data_restricted(None)
    assert rules.data_restricted("terbatas")
    assert rules.data_restricted("tertutup")


# --- a new request -----------------------------------------------------------------

def test_a_complete_request_is_accepted():
    checked = rules.check_request(
        request(resources=[{"id": "r1", "columns": "rw, jumlah,rw"}, "r2"]),
        {"r1", "r2"}, TODAY, MAX_DAYS)
    assert checked.institution == "Bappeda Kota Kediri"
    assert checked.method == "unduh"
    assert checked.elements == (rules.Element("r1", ("rw", "jumlah")), rules.Element("r2"))
    assert checked.period == rules.Period(TODAY, TODAY + datetime.timedelta(days=7))
    assert checked.period.days == 7


def test_every_problem_is_reported_by_field():
    with pytest.raises(AccessRuleError) as refused:
        rules.check_request(request(institution=" ", purpose="data", method="fax",
                                    resources=[], start_date="kemarin", end_date=""),
                            {"r1"}, TODAY, MAX_DAYS)
    found = problems(refused.value)
    assert set(found) == {"institution", "purpose", "method", "resources",
                          "start_date", "end_date"}
    assert found["start_date"] == ["Isi tanggal dengan format TTTT-BB-HH."]
    assert found["end_date"] == ["Wajib diisi"]


def test_resources_must_belong_to_the_dataset():
    with pytest.raises(AccessRuleError) as refused:
        rules.check_request(request(resources=["r1", "lain"]), {"r1"}, TODAY, MAX_DAYS)
    assert list(problems(refused.value)) == ["resources"]


def test_the_period_starts_today_at_the_earliest_and_ends_after_it_starts():
    with pytest.raises(AccessRuleError) as refused:
        rules.check_request(request(start_date=day(-1)), {"r1"}, TODAY, MAX_DAYS)
    assert problems(refused.value) == {
        "start_date": ["Tanggal mulai tidak boleh sebelum hari ini."]}

    with pytest.raises(AccessRuleError) as refused:
        rules.check_request(request(start_date=day(5), end_date=day(4)), {"r1"}, TODAY, MAX_DAYS)
    assert problems(refused.value) == {
        "end_date": ["Tanggal selesai tidak boleh sebelum tanggal mulai."]}


def test_the_period_is_at_most_the_configured_maximum():
    assert rules.check_request(request(end_date=day(MAX_DAYS)), {"r1"}, TODAY,
                               MAX_DAYS).period.days == MAX_DAYS
    with pytest.raises(AccessRuleError) as refused:
        rules.check_request(request(end_date=day(MAX_DAYS + 1)), {"r1"}, TODAY, MAX_DAYS)
    assert problems(refused.value) == {
        "end_date": ["Jangka waktu perjanjian paling lama 365 hari."]}
    with pytest.raises(AccessRuleError):
        rules.check_request(request(end_date=day(31)), {"r1"}, TODAY, 30)


def test_a_one_day_agreement_is_allowed():
    assert rules.check_request(request(end_date=day(0)), {"r1"}, TODAY, MAX_DAYS).period.days == 0


@pytest.mark.parametrize("value, expected", [
    (["a", " b ", "a", ""], ("a", "b")),
    ("a\nb, c", ("a", "b", "c")),
    (None, ()),
    ("", ()),
])
def test_column_lists(value, expected):
    assert rules.parse_columns(value) == expected


# --- the period a curator grants ----------------------------------------------------

REQUESTED = rules.Period(TODAY, TODAY + datetime.timedelta(days=30))


def test_a_curator_grants_the_requested_period_or_a_shorter_one():
    assert rules.check_granted_period(REQUESTED, None, "", TODAY, MAX_DAYS) == REQUESTED
    week = rules.check_granted_period(REQUESTED, day(0), day(7), TODAY, MAX_DAYS)
    assert week == rules.Period(TODAY, TODAY + datetime.timedelta(days=7))


def test_a_curator_cannot_lengthen_the_period():
    with pytest.raises(AccessRuleError) as refused:
        rules.check_granted_period(REQUESTED, day(0), day(31), TODAY, MAX_DAYS)
    assert list(problems(refused.value)) == ["end_date"]


def test_a_grant_cannot_end_before_the_decision():
    late = TODAY + datetime.timedelta(days=40)
    with pytest.raises(AccessRuleError) as refused:
        rules.check_granted_period(REQUESTED, None, None, late, MAX_DAYS)
    assert problems(refused.value) == {
        "end_date": ["Tanggal selesai tidak boleh sebelum hari ini."]}


# --- states and transitions ------------------------------------------------------------

def test_a_grant_is_valid_on_every_day_of_its_period_and_no_other():
    start, end = TODAY, TODAY + datetime.timedelta(days=7)
    assert rules.is_valid_on("disetujui", start, end, start)
    assert rules.is_valid_on("disetujui", start, end, end)
    assert not rules.is_valid_on("disetujui", start, end, start - datetime.timedelta(days=1))
    assert not rules.is_valid_on("disetujui", start, end, end + datetime.timedelta(days=1))
    for state in ("diajukan", "ditolak", "dicabut"):
        assert not rules.is_valid_on(state, start, end, start)


def test_a_grant_past_its_end_date_is_expired():
    end = TODAY
    assert rules.effective_state("disetujui", end, TODAY) == "disetujui"
    assert rules.effective_state("disetujui", end, TODAY + datetime.timedelta(days=1)) \
        == "kedaluwarsa"
    assert rules.effective_state("dicabut", end, TODAY + datetime.timedelta(days=1)) == "dicabut"
    assert rules.effective_state("diajukan", None, TODAY) == "diajukan"


@pytest.mark.parametrize("action, state, reason, expected", [
    ("approve", "diajukan", None, "disetujui"),
    ("refuse", "diajukan", "Tujuan tidak sesuai.", "ditolak"),
    ("revoke", "disetujui", "Perjanjian dilanggar.", "dicabut"),
])
def test_allowed_transitions(action, state, reason, expected):
    assert rules.check_transition(action, state, reason) == expected


@pytest.mark.parametrize("action, state", [
    ("approve", "disetujui"), ("approve", "ditolak"), ("approve", "kedaluwarsa"),
    ("refuse", "dicabut"), ("revoke", "diajukan"), ("revoke", "kedaluwarsa"),
    ("revoke", "ditolak"),
])
def test_refused_transitions_say_the_current_state(action, state):
    with pytest.raises(AccessRuleError) as refused:
        rules.check_transition(action, state, "alasan")
    [message] = problems(refused.value)["state"]
    assert rules.STATE_LABELS_ID[state] in message


@pytest.mark.parametrize("action, state", [("refuse", "diajukan"), ("revoke", "disetujui")])
def test_refusal_and_revocation_need_a_reason(action, state):
    with pytest.raises(AccessRuleError) as refused:
        rules.check_transition(action, state, "  ")
    assert list(problems(refused.value)) == ["reason"]


def test_messages_are_translated_with_their_labels():
    error = AccessRuleError({"state": [rules.Problem(
        rules.TRANSITIONS["approve"].wrong_state_message, {"state": "Ditolak"})]})
    catalogue = {"Ditolak": "Refused",
                 "Permintaan ini sudah diputuskan (status: {state}).":
                     "This request has been decided already (state: {state})."}
    assert error.render(lambda text: catalogue.get(text, text)) == {
        "state": ["This request has been decided already (state: Refused)."]}


def test_only_a_download_grant_for_every_column_gives_the_file():
    assert rules.file_download_refusal("unduh", ()) is None
    assert "datastore_search" in rules.file_download_refusal("api", ()).render()
    refusal = rules.file_download_refusal("unduh", ("rw", "jumlah")).render()
    assert "rw, jumlah" in refusal
