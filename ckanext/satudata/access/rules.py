"""Access requests for restricted data, as data and plain functions.

After Permendagri 102/2019 (as amended by Permendagri 17/2023) on the use
of population data: a request states who asks and for which institution,
the purpose, the data elements (resources, optionally columns), the access
method, the data to be returned to the portal (if any) and the agreement
period. A curator approves it (possibly for a shorter period) or refuses
it with a reason; an approved request (a *grant*) can be revoked with a
reason, and it expires by itself after its end date.

    approve   diajukan  -> disetujui                       curator
    refuse    diajukan  -> ditolak    (reason required)    curator
    revoke    disetujui -> dicabut    (reason required)    curator
              disetujui -> kedaluwarsa  once the end date has passed

`kedaluwarsa` is never stored: it is what a `disetujui` request *is* after
its end date (``effective_state``), so a grant stops working the moment it
expires, whether or not any job has run. Days are calendar days in the
portal's time zone; a grant is valid from the start of its first day to
the end of its last.

User-facing texts are Indonesian msgids marked with ``N_``; callers
translate them (``Problem.render(toolkit._)``).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Callable, Collection, Iterable, Mapping

from ckanext.satudata.translation import N_

# --- access classification of a dataset ----------------------------------------

TERBUKA = "terbuka"
TERBATAS = "terbatas"
TERTUTUP = "tertutup"
CLASSIFICATIONS: tuple[str, ...] = (TERBUKA, TERBATAS, TERTUTUP)


def most_restrictive(*classifications: str | None) -> str:
    """The strictest of several classifications (e.g. of a dataset's
    published version and of its pending edit); missing ones count as
    `terbuka`, the schemas' default, unknown ones as `tertutup`."""
    rank = {TERBUKA: 0, TERBATAS: 1, TERTUTUP: 2}
    known = [(c or TERBUKA) if (c or TERBUKA) in rank else TERTUTUP for c in classifications]
    return max(known, key=rank.__getitem__, default=TERBUKA)


def data_restricted(classification: str | None) -> bool:
    """Whether the data (files, DataStore tables, previews) of a published
    dataset is kept from the public: `terbatas` and `tertutup`."""
    return most_restrictive(classification) != TERBUKA


# --- request states -----------------------------------------------------------------

DIAJUKAN = "diajukan"
DISETUJUI = "disetujui"
DITOLAK = "ditolak"
DICABUT = "dicabut"
KEDALUWARSA = "kedaluwarsa"

#: Every state a request can be seen in, in the order of its life.
STATES: tuple[str, ...] = (DIAJUKAN, DISETUJUI, KEDALUWARSA, DITOLAK, DICABUT)
#: The states stored in the database (`kedaluwarsa` is computed).
STORED_STATES: tuple[str, ...] = (DIAJUKAN, DISETUJUI, DITOLAK, DICABUT)

STATE_LABELS_ID: dict[str, str] = {
    DIAJUKAN: N_("Diajukan"),
    DISETUJUI: N_("Disetujui"),
    DITOLAK: N_("Ditolak"),
    DICABUT: N_("Dicabut"),
    KEDALUWARSA: N_("Kedaluwarsa"),
}


def effective_state(stored_state: str, end_date: datetime.date | None,
                    day: datetime.date) -> str:
    """The state of a request on `day`: a grant past its end date is
    `kedaluwarsa`."""
    if stored_state == DISETUJUI and end_date is not None and day > end_date:
        return KEDALUWARSA
    return stored_state


def is_valid_on(stored_state: str, start_date: datetime.date | None,
                end_date: datetime.date | None, day: datetime.date) -> bool:
    """Whether a request is a grant in force on `day`: approved, not
    revoked, and `day` inside its period (both ends included)."""
    return (stored_state == DISETUJUI and start_date is not None
            and end_date is not None and start_date <= day <= end_date)


# --- access methods -------------------------------------------------------------------

UNDUH = "unduh"
API = "api"
METHOD_LABELS_ID: dict[str, str] = {
    UNDUH: N_("Unduh berkas"),
    API: N_("API (DataStore)"),
}
METHODS: tuple[str, ...] = tuple(METHOD_LABELS_ID)

# --- problems -----------------------------------------------------------------------

TEXT_MAX_LENGTH = 200
PURPOSE_MIN_LENGTH = 20
LONG_TEXT_MAX_LENGTH = 4000
COLUMN_MAX_LENGTH = 100
COLUMNS_MAX = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request or decision: an Indonesian message
    template (its msgid) and the values of its ``{placeholders}``."""

    message_id: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str] = lambda text: text) -> str:
        # String parameters are labels (msgids) or values gettext leaves alone.
        params = {key: translate(value) if isinstance(value, str) else value
                  for key, value in self.params.items()}
        return translate(self.message_id).format(**params)


class AccessRuleError(Exception):
    """A refused request, decision or revocation: the problems by field
    (the API's parameter names)."""

    def __init__(self, problems: Mapping[str, list[Problem]]) -> None:
        self.problems = {name: list(found) for name, found in problems.items() if found}
        super().__init__("; ".join(p.render() for found in self.problems.values()
                                   for p in found))

    def render(self, translate: Callable[[str], str] = lambda text: text
               ) -> dict[str, list[str]]:
        """The problems as a ValidationError's error dict."""
        return {name: [p.render(translate) for p in found]
                for name, found in self.problems.items()}


def _refuse(name: str, message_id: str, **params: Any) -> AccessRuleError:
    return AccessRuleError({name: [Problem(message_id, params)]})


# --- the period of an agreement ----------------------------------------------------------

@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        """Its length as the difference of the dates (a week: 7)."""
        return (self.end - self.start).days


def parse_date(value: Any) -> datetime.date | None:
    """A date from a date or an ISO string (YYYY-MM-DD, or a timestamp
    whose date part is taken); None when it is none of them."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _period_problems(start_value: Any, end_value: Any, today: datetime.date,
                     max_days: int) -> tuple[Period | None, dict[str, list[Problem]]]:
    problems: dict[str, list[Problem]] = {"start_date": [], "end_date": []}
    start, end = parse_date(start_value), parse_date(end_value)
    for name, raw, parsed in (("start_date", start_value, start), ("end_date", end_value, end)):
        if parsed is None:
            problems[name].append(Problem(
                N_("Isi tanggal dengan format TTTT-BB-HH.") if raw not in (None, "")
                else N_("Wajib diisi")))
    if start is None or end is None:
        return None, problems
    if end < start:
        problems["end_date"].append(Problem(
            N_("Tanggal selesai tidak boleh sebelum tanggal mulai.")))
    elif (end - start).days > max_days:
        problems["end_date"].append(Problem(
            N_("Jangka waktu perjanjian paling lama {max_days} hari."), {"max_days": max_days}))
    if end < today:
        problems["end_date"].append(Problem(
            N_("Tanggal selesai tidak boleh sebelum hari ini.")))
    return Period(start, end), problems


def check_period(start_value: Any, end_value: Any, today: datetime.date,
                 max_days: int) -> Period:
    """The period of a new request: start not before `today`, start <= end,
    at most `max_days` long. Raises AccessRuleError."""
    period, problems = _period_problems(start_value, end_value, today, max_days)
    if period is not None and period.start < today:
        problems["start_date"].append(Problem(
            N_("Tanggal mulai tidak boleh sebelum hari ini.")))
    if any(problems.values()):
        raise AccessRuleError(problems)
    assert period is not None
    return period


def check_granted_period(requested: Period, start_value: Any, end_value: Any,
                         today: datetime.date, max_days: int) -> Period:
    """The period a curator grants: the requested one or a shorter one
    inside it, not ended before `today`. Empty values keep the requested
    dates. Raises AccessRuleError."""
    start_value = start_value if start_value not in (None, "") else requested.start
    end_value = end_value if end_value not in (None, "") else requested.end
    period, problems = _period_problems(start_value, end_value, today, max_days)
    if period is not None and (period.start < requested.start or period.end > requested.end):
        problems["end_date"].append(Problem(N_(
            "Jangka waktu yang disetujui harus sama dengan atau di dalam jangka "
            "waktu yang diminta.")))
    if any(problems.values()):
        raise AccessRuleError(problems)
    assert period is not None
    return period


# --- a request ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Element:
    """One data element asked for: a resource, all its columns or some."""

    resource_id: str
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckedRequest:
    institution: str
    position: str
    purpose: str
    method: str
    data_returned: str
    elements: tuple[Element, ...]
    period: Period


def parse_columns(value: Any) -> tuple[str, ...]:
    """Column names from a list or a comma/newline separated text, trimmed,
    without repeats, in their order."""
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        items: Iterable[Any] = value.replace("\n", ",").split(",")
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        items = [value]
    seen: dict[str, None] = {}
    for item in items:
        name = str(item).strip()
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def parse_elements(value: Any) -> list[tuple[str, Any]]:
    """(resource id, raw columns) pairs from a list of ids or of
    ``{"id", "columns"}`` dicts (the API), or one id."""
    if value in (None, ""):
        return []
    if isinstance(value, (str, dict)):
        value = [value]
    pairs = []
    for item in value if isinstance(value, (list, tuple)) else [value]:
        if isinstance(item, dict):
            pairs.append((str(item.get("id") or item.get("resource_id") or "").strip(),
                          item.get("columns")))
        else:
            pairs.append((str(item).strip(), None))
    return pairs


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def check_request(data: Mapping[str, Any], resource_ids: Collection[str],
                  today: datetime.date, max_days: int) -> CheckedRequest:
    """Checks a new request (the API's parameters) for a dataset whose
    published resources are `resource_ids`. Raises AccessRuleError with
    every problem found, by field."""
    problems: dict[str, list[Problem]] = {}

    def problem(name: str, message_id: str, **params: Any) -> None:
        problems.setdefault(name, []).append(Problem(message_id, params))

    texts = {name: _text(data, name) for name in
             ("institution", "position", "purpose", "method", "data_returned")}
    if not texts["institution"]:
        problem("institution", N_("Wajib diisi"))
    for name in ("institution", "position"):
        if len(texts[name]) > TEXT_MAX_LENGTH:
            problem(name, N_("Paling banyak {max} karakter."), max=TEXT_MAX_LENGTH)
    if len(texts["purpose"]) < PURPOSE_MIN_LENGTH:
        problem("purpose", N_("Jelaskan tujuan penggunaan data (paling sedikit {min} karakter)."),
                min=PURPOSE_MIN_LENGTH)
    for name in ("purpose", "data_returned"):
        if len(texts[name]) > LONG_TEXT_MAX_LENGTH:
            problem(name, N_("Paling banyak {max} karakter."), max=LONG_TEXT_MAX_LENGTH)
    if texts["method"] not in METHODS:
        problem("method", N_("Pilih cara akses: unduh berkas atau API."))

    elements: dict[str, Element] = {}
    for resource_id, raw_columns in parse_elements(data.get("resources")):
        if resource_id not in resource_ids:
            problem("resources", N_("Sumber data yang dipilih bukan bagian dari dataset ini."))
            continue
        columns = parse_columns(raw_columns)
        if len(columns) > COLUMNS_MAX or any(len(c) > COLUMN_MAX_LENGTH for c in columns):
            problem("resources", N_("Daftar kolom terlalu panjang."))
            continue
        elements[resource_id] = Element(resource_id, columns)
    if not elements and "resources" not in problems:
        problem("resources", N_("Pilih paling sedikit satu sumber data."))

    period = None
    try:
        period = check_period(data.get("start_date"), data.get("end_date"), today, max_days)
    except AccessRuleError as error:
        for name, found in error.problems.items():
            problems.setdefault(name, []).extend(found)
    if problems:
        raise AccessRuleError(problems)
    assert period is not None
    return CheckedRequest(
        institution=texts["institution"], position=texts["position"],
        purpose=texts["purpose"], method=texts["method"],
        data_returned=texts["data_returned"], elements=tuple(elements.values()),
        period=period)


# --- what a grant gives ----------------------------------------------------------------------

def file_download_refusal(method: str, columns: Collection[str]) -> Problem | None:
    """Why a grant does not give the resource's whole file, or None when it
    does. A grant for the API, or for some columns only, gives DataStore
    queries (limited to those columns), not the file."""
    if columns:
        return Problem(N_(
            "Izin akses Anda hanya mencakup kolom tertentu ({columns}); ambil "
            "datanya melalui API DataStore (datastore_search)."),
            {"columns": ", ".join(columns)})
    if method != UNDUH:
        return Problem(N_(
            "Izin akses Anda melalui API; ambil datanya dengan datastore_search, "
            "bukan dengan mengunduh berkas."))
    return None


# --- decisions ----------------------------------------------------------------------------

APPROVE = "approve"
REFUSE = "refuse"
REVOKE = "revoke"


@dataclass(frozen=True)
class Transition:
    action: str
    from_state: str
    to_state: str
    reason_required: bool
    wrong_state_message: str
    reason_required_message: str = ""


TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    Transition(APPROVE, DIAJUKAN, DISETUJUI, False,
               N_("Permintaan ini sudah diputuskan (status: {state}).")),
    Transition(REFUSE, DIAJUKAN, DITOLAK, True,
               N_("Permintaan ini sudah diputuskan (status: {state})."),
               N_("Alasan penolakan wajib diisi.")),
    Transition(REVOKE, DISETUJUI, DICABUT, True,
               N_("Hanya izin akses yang masih berlaku yang dapat dicabut (status: {state})."),
               N_("Alasan pencabutan wajib diisi.")),
)}

#: The decisions a curator takes on a submitted request: the state asked for.
DECISIONS: dict[str, str] = {DISETUJUI: APPROVE, DITOLAK: REFUSE}


def check_transition(action: str, current_state: str, reason: str | None) -> str:
    """The state a request moves to when `action` is taken on it in its
    effective state `current_state`. Raises AccessRuleError."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise _refuse("decision", N_("Keputusan tidak dikenal."))
    if current_state != transition.from_state:
        # The state's label is a msgid too: the caller's translate renders it.
        raise _refuse("state", transition.wrong_state_message,
                      state=STATE_LABELS_ID.get(current_state, current_state))
    reason = (reason or "").strip()
    if transition.reason_required and not reason:
        raise _refuse("reason", transition.reason_required_message)
    if len(reason) > LONG_TEXT_MAX_LENGTH:
        raise _refuse("reason", N_("Paling banyak {max} karakter."), max=LONG_TEXT_MAX_LENGTH)
    return transition.to_state
