"""Bad input never gives a 500 (issue 13, finding 10).

Every ``satudata_*`` action registered in CKAN, every core action the
extension chains, and the core actions whose input the extension's schemas
check, are called through the web API with wrong values (text where a
number is expected, lists, dicts, huge and negative numbers, 100,000
characters, null, empty text) in each parameter they read, as a sysadmin
(so that authorization never hides the bug). Each answer must be a 4xx
with a message, never a 500, a traceback or SQL; the extension's own
actions answer in Indonesian (core's actions in core's words, translated
where CKAN's catalogue has them, but never a bare generic text).

The actions are found at run time: a new ``satudata_*`` action, or a new
chained core action, without an entry in PARAMETERS makes the test fail.
The parameters are read by ``ckanext.satudata.logic.params`` (see
``@params.reads``); what still fails is listed in KNOWN_500 with the
reason, as strict expected failures.
"""
from __future__ import annotations

import datetime
import re
from typing import Any, Callable

import pytest

import ckan.logic as logic
import ckan.model as model
import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from ckanext.satudata import site

from ckanext.satudata.logic import action as satudata_actions
from ckanext.satudata.logic import params
from tests.helpers import call_as, statistik_sektoral

LONG = "x" * 100_000

#: The wrong values tried in each parameter.
BAD_VALUES: dict[str, Any] = {
    "text": "abc",
    "list": ["abc", 1],
    "dict": {"a": {"b": 1}},
    "huge": 10 ** 30,
    "negative": -1,
    "long": LONG,
    "null": None,
    "empty": "",
}

#: The parameters each action reads (from its docstring and code). Values
#: not fuzzed are taken from BASE (a valid call), so that the wrong value
#: reaches the code reading it.
PARAMETERS: dict[str, tuple[str, ...]] = {
    # reference
    "satudata_kelurahan_list": ("kecamatan", "kabupaten"),
    "satudata_reference_organizations_load": (),  # no parameters (and slow: not called)
    # workflow
    # (expected_version first: a note accepted takes the dataset to its next
    # state, after which every call stops at the state check)
    "satudata_submit": ("id", "note"),
    "satudata_unsubmit": ("expected_version", "id", "note"),
    "satudata_approve": ("expected_version", "id", "note"),
    "satudata_return": ("expected_version", "id", "note"),
    "satudata_withdraw": ("id", "note"),
    "satudata_review_queue": ("kecamatan", "organization"),
    "satudata_review_history": ("id",),
    "satudata_pic_worklist": (),
    "satudata_revision_changes": ("id",),
    # maps
    "satudata_map_points": ("kind", "kabupaten", "kecamatan", "kelurahan", "bbox", "dataset",
                            "id", "attributes", "limit", "offset"),
    "satudata_map_clusters": ("zoom", "bbox", "kind", "kabupaten", "kecamatan", "kelurahan",
                              "dataset"),
    # completeness
    "satudata_completeness": ("kabupaten", "kecamatan", "q", "state", "page", "limit",
                              "summary", "tanggal"),
    "satudata_completeness_summary": ("kabupaten", "kecamatan", "tanggal"),
    # downloads
    "satudata_search_download": ("q", "fq", "sort", "extras"),
    # statistics
    "satudata_indicator_list": ("bidang_urusan", "q", "limit", "offset"),
    "satudata_indicator_series": ("id", "periode"),
    "satudata_indicator_jsonstat": ("id",),
    "satudata_kelurahan_comparison": ("tahun", "kabupaten", "kecamatan", "q", "limit",
                                      "offset"),
    "satudata_statistics_summary": (),
    # health of the services (no parameters; anyone)
    "satudata_health": (),
    "satudata_indicator_extract": ("id",),
    # access requests
    "satudata_access_request_create": ("package_id", "institution", "position", "purpose",
                                       "resources", "method", "data_returned",
                                       "start_date", "end_date"),
    "satudata_access_request_show": ("id",),
    "satudata_access_request_list": ("state", "package_id", "requester", "limit", "offset"),
    "satudata_access_request_decide": ("id", "decision", "reason", "start_date", "end_date"),
    "satudata_access_request_revoke": ("id", "reason"),
    # personal-data guard
    "satudata_privacy_scan_show": ("id",),
    "satudata_privacy_override": ("id", "reason"),
    # validation report of tables
    "satudata_validation_show": ("id",),
    # indicator catalogue
    "satudata_indicator_catalog_list": ("bidang_urusan", "wajib", "q", "semua"),
    "satudata_indicator_catalog_show": ("kode", "versi"),
    "satudata_indicator_catalog_create": ("kode", "nama", "bidang_urusan", "konsep", "frekuensi",
                                          "kolom", "wajib", "catatan"),
    "satudata_indicator_catalog_update": ("kode", "nama", "definisi", "tingkat_penyajian",
                                          "kolom", "wajib", "aktif", "catatan"),
    "satudata_indicator_catalog_delete": ("kode",),
    # core actions the extension chains
    "resource_show": ("id",),
    "activity_create": ("user_id", "object_id", "activity_type", "data"),
    "package_list": ("limit", "offset"),
    "resource_search": ("query", "order_by", "offset", "limit"),
    "tag_list": ("query", "vocabulary_id", "all_fields"),
    "tag_autocomplete": ("query", "vocabulary_id", "limit", "offset"),
    "tag_show": ("id", "include_datasets", "vocabulary_id"),
    "member_list": ("id", "object_type", "capacity"),
    "xloader_status": ("resource_id",),
    "datastore_search": ("resource_id", "q", "filters", "fields", "sort", "limit",
                         "offset", "distinct", "plain", "full_text"),
    "datastore_info": ("id",),
    "resource_view_list": ("id",),
    "dcat_catalog_show": ("format", "page", "q", "fq", "modified_since"),
    # core actions whose input the extension's schemas and hooks check
    "resource_update": ("id", "name", "description", "format", "url"),
    "resource_delete": ("id",),
    "resource_view_create": ("resource_id", "title", "view_type", "description"),
    "resource_view_update": ("id", "title", "view_type"),
    "resource_view_delete": ("id",),
    "resource_view_reorder": ("id", "order"),
    "datastore_create": ("resource_id", "fields", "records", "primary_key"),
    "datastore_upsert": ("resource_id", "records", "method"),
    "datastore_delete": ("resource_id", "filters"),
    "package_create": ("type", "name", "title", "notes", "owner_org", "tahun", "satuan",
                       "klasifikasi_akses", "tag_string"),
    "package_update": ("id", "type", "title", "notes", "owner_org", "tahun", "satuan",
                       "klasifikasi_akses", "tag_string"),
    "resource_create": ("package_id", "name", "description", "format", "url"),
}

#: Core actions the extension's hooks and schemas take part in without
#: chaining them (tested in addition to the chained ones).
SCHEMA_ACTIONS = ("package_create", "package_update", "resource_create", "resource_update")

#: Parameters known to still give a 500, fixed by another change in
#: progress: (action, parameter) -> reason. Marked xfail(strict=True): the
#: test fails as soon as one is fixed, so this list only shrinks.
KNOWN_500: dict[tuple[str, str], str] = {}


def _chained_actions() -> set[str]:
    """The core actions this extension chains (its modules' ``__all__``
    lists every action it registers; those not named satudata_* chain a
    core or plugin action)."""
    return {name for name in satudata_actions.__all__ if not name.startswith("satudata_")}


def _registered_actions() -> set[str]:
    """Every action registered in CKAN now."""
    logic.clear_actions_cache()
    logic.get_action("package_show")  # fills the registry
    return set(logic._actions)


def test_every_action_of_the_extension_has_its_parameters_listed(fuzz_world):
    registered = fuzz_world["actions"]
    wanted = ({name for name in registered if name.startswith("satudata_")}
              | _chained_actions() | set(SCHEMA_ACTIONS))
    missing = sorted(wanted - set(PARAMETERS))
    assert not missing, f"add these actions to PARAMETERS: {missing}"
    # (an action listed before its change is in is skipped by the fuzz test)
    unknown = sorted(name for name in set(PARAMETERS) - registered
                     if not name.startswith("satudata_"))
    assert not unknown, f"these actions are not registered: {unknown}"


# -- the world the calls are made in --------------------------------------------

TABLE = "rw,jumlah\n1,5\n2,7\n"


@pytest.fixture(scope="module")
def fuzz_world(reset_db, reset_index, migrate_db_for, create_with_upload):
    """One set of data and one web app for every call of this module, with
    the plugins loaded once (built per test, they would take most of the
    time). The calls are refused, or change state in ways the other calls
    tolerate."""
    plugins.load_all()
    try:
        reset_db()
        reset_index()
        migrate_db_for("activity")
        migrate_db_for("satudata")
        world = _build_world(create_with_upload)
        world["app"] = helpers._get_test_app()
        world["actions"] = _registered_actions()
        yield world
    finally:
        plugins.unload_all()


def _build_world(create_with_upload) -> dict[str, Any]:
    sysadmin = factories.Sysadmin()
    balowerti = factories.Organization(
        name="kelurahan-balowerti", title="Kelurahan Balowerti",
        jenis_organisasi="kelurahan", kode_wilayah="35.71.02.1002")
    diskominfo = factories.Organization(name="diskominfo", jenis_organisasi="kurator")
    pic, curator, planner = (factories.User() for _ in range(3))
    for user, org in ((pic, balowerti), (curator, diskominfo)):
        call_as(sysadmin, "organization_member_create", id=org["id"],
                username=user["name"], role="editor")

    def dataset(name: str, **overrides) -> tuple[dict, dict]:
        created = call_as(pic, "package_create", **statistik_sektoral(
            balowerti["id"], name=name, title=f"Data {name}", **overrides))
        resource = create_with_upload(TABLE, f"{name}.csv", package_id=created["id"],
                                      name=f"Tabel {name}", context={"user": pic["name"]})
        return created, resource

    draft, draft_resource = dataset("fuzz-draf")
    to_submit, _ = dataset("fuzz-ajukan")
    to_unsubmit, to_approve, to_return = (dataset(f"fuzz-diajukan-{n}")[0] for n in range(3))
    for submitted_one in (to_unsubmit, to_approve, to_return):
        call_as(pic, "satudata_submit", id=submitted_one["id"])
    # Edited by the fuzzed package_update and resource_create only (the
    # workflow's calls may submit the draft above).
    target, target_resource = dataset("fuzz-sasaran")
    view = call_as(sysadmin, "resource_view_create", resource_id=target_resource["id"],
                   title="Tabel", view_type="datatables_view")
    published, published_resource = dataset("fuzz-terbit")
    to_withdraw, _ = dataset("fuzz-tarik")
    for published_one in (published, to_withdraw):
        call_as(pic, "satudata_submit", id=published_one["id"])
        call_as(curator, "satudata_approve", id=published_one["id"])
    restricted, restricted_resource = dataset("fuzz-terbatas", klasifikasi_akses="terbatas")
    helpers.call_action("datastore_create", context={"user": sysadmin["name"]},
                        resource_id=restricted_resource["id"], force=True,
                        fields=[{"id": "rw", "type": "int"}, {"id": "jumlah", "type": "int"}],
                        records=[{"rw": 1, "jumlah": 5}, {"rw": 2, "jumlah": 7}])
    call_as(pic, "satudata_submit", id=restricted["id"])
    call_as(curator, "satudata_approve", id=restricted["id"])
    request = call_as(planner, "satudata_access_request_create", **_access_request(
        restricted["id"], restricted_resource["id"]))
    token = call_as(sysadmin, "api_token_create", user=sysadmin["name"], name="fuzz")["token"]
    return {
        "sysadmin": sysadmin, "pic": pic, "curator": curator, "planner": planner,
        "organization": balowerti, "draft": draft, "target": target,
        "target_resource": target_resource, "view": view, "draft_resource": draft_resource,
        "to_submit": to_submit, "to_unsubmit": to_unsubmit, "to_approve": to_approve,
        "to_return": to_return, "to_withdraw": to_withdraw, "published": published,
        "published_resource": published_resource, "restricted": restricted,
        "restricted_resource": restricted_resource, "request": request,
        "headers": {"Authorization": token},
    }


def _access_request(package_id: str, resource_id: str) -> dict[str, Any]:
    today = site.portal_today()
    return {"package_id": package_id, "institution": "Bappeda Kota Kediri",
            "purpose": "Penyusunan rencana kerja pemerintah daerah bidang kesehatan.",
            "resources": [resource_id], "method": "api",
            "start_date": today.isoformat(),
            "end_date": (today + datetime.timedelta(days=30)).isoformat()}


def _catalogue_indicator(world: dict[str, Any]) -> str:
    """The code of an indicator of the catalogue (made on first use)."""
    context = {"user": world["sysadmin"]["name"]}
    try:
        helpers.call_action("satudata_indicator_catalog_show", context=dict(context),
                            kode="fuzz-indikator")
    except tk.ObjectNotFound:
        helpers.call_action("satudata_indicator_catalog_create", context=dict(context),
                            kode="fuzz-indikator", nama="Indikator fuzz")
    return "fuzz-indikator"


#: A valid call of each action, into which one wrong value is put at a time.
BASE: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "satudata_submit": lambda w: {"id": w["to_submit"]["id"], "note": "siap"},
    "satudata_unsubmit": lambda w: {"id": w["to_unsubmit"]["id"], "note": "ubah"},
    "satudata_approve": lambda w: {"id": w["to_approve"]["id"], "note": "ok"},
    "satudata_return": lambda w: {"id": w["to_return"]["id"], "note": "perbaiki"},
    "satudata_withdraw": lambda w: {"id": w["to_withdraw"]["id"], "note": "salah data"},
    "satudata_review_history": lambda w: {"id": w["published"]["id"]},
    "satudata_revision_changes": lambda w: {"id": w["published"]["id"]},
    "satudata_indicator_series": lambda w: {"id": w["published"]["name"]},
    "satudata_indicator_jsonstat": lambda w: {"id": w["published"]["name"]},
    "satudata_indicator_extract": lambda w: {"id": w["published"]["id"]},
    "satudata_access_request_create": lambda w: _access_request(
        w["restricted"]["id"], w["restricted_resource"]["id"]),
    "satudata_access_request_show": lambda w: {"id": w["request"]["id"]},
    "satudata_access_request_decide": lambda w: {"id": w["request"]["id"],
                                                 "decision": "ditolak",
                                                 "reason": "tidak lengkap"},
    "satudata_access_request_revoke": lambda w: {"id": w["request"]["id"],
                                                 "reason": "selesai"},
    "satudata_privacy_scan_show": lambda w: {"id": w["draft_resource"]["id"]},
    "satudata_privacy_override": lambda w: {"id": w["draft_resource"]["id"],
                                            "reason": "bukan data pribadi"},
    "satudata_validation_show": lambda w: {"id": w["draft_resource"]["id"]},
    "satudata_indicator_catalog_show": lambda w: {"kode": _catalogue_indicator(w)},
    "satudata_indicator_catalog_create": lambda w: {"kode": "fuzz-baru", "nama": "Indikator"},
    "satudata_indicator_catalog_update": lambda w: {"kode": _catalogue_indicator(w),
                                                    "nama": "Indikator fuzz"},
    "satudata_indicator_catalog_delete": lambda w: {"kode": _catalogue_indicator(w)},
    "resource_show": lambda w: {"id": w["published_resource"]["id"]},
    "activity_create": lambda w: {"user_id": w["sysadmin"]["id"],
                                  "object_id": w["draft"]["id"],
                                  "activity_type": "changed package", "data": {}},
    "member_list": lambda w: {"id": w["organization"]["id"], "object_type": "package"},
    "xloader_status": lambda w: {"resource_id": w["draft_resource"]["id"]},
    "datastore_search": lambda w: {"resource_id": w["restricted_resource"]["id"]},
    "datastore_info": lambda w: {"id": w["restricted_resource"]["id"]},
    "resource_view_list": lambda w: {"id": w["published_resource"]["id"]},
    "resource_update": lambda w: {"id": w["target_resource"]["id"], "name": "Tabel",
                                  "url": "https://example.org/data.csv", "format": "CSV"},
    "resource_view_create": lambda w: {"resource_id": w["target_resource"]["id"],
                                       "title": "Pratinjau", "view_type": "datatables_view"},
    "resource_view_update": lambda w: {"id": w["view"]["id"], "title": "Pratinjau",
                                       "view_type": "datatables_view"},
    "resource_view_reorder": lambda w: {"id": w["target_resource"]["id"],
                                        "order": [w["view"]["id"]]},
    # DataStore writes go to the target's own table (never the one read above)
    "datastore_create": lambda w: {"resource_id": w["target_resource"]["id"], "force": True,
                                   "fields": [{"id": "rw", "type": "int"}],
                                   "records": [{"rw": 1}]},
    "datastore_upsert": lambda w: {"resource_id": w["target_resource"]["id"], "force": True,
                                   "records": [{"rw": 2}], "method": "insert"},
    "datastore_delete": lambda w: {"resource_id": w["target_resource"]["id"], "force": True,
                                   "filters": {"rw": 2}},
    "package_create": lambda w: statistik_sektoral(w["organization"]["id"],
                                                   name="fuzz-baru"),
    "package_update": lambda w: statistik_sektoral(w["organization"]["id"],
                                                   id=w["target"]["id"], name="fuzz-sasaran"),
    "resource_create": lambda w: {"package_id": w["target"]["id"], "name": "Tabel",
                                  "url": "https://example.org/data.csv", "format": "CSV"},
}


# -- what a good answer is ---------------------------------------------------------

#: Words of CKAN's English generic answers; a message made of them was not
#: written for the user.
ENGLISH = re.compile(r"\b(Missing value|Not found|Access denied|Bad request|Internal|"
                     r"Invalid|must be|is not|the)\b", re.IGNORECASE)
INDONESIAN = re.compile(
    r"\b(tidak|harus|wajib|terlalu|ditemukan|berupa|dikenal|salah|bukan|belum|sudah|"
    r"hilang|nilai|tanggal|tahun|kolom|dataset|sumber|pilih|hanya|paling|isi|dapat|"
    r"diizinkan|untuk|atau|dengan|yang|nama|maksimal|karakter|teks|daftar|bilangan|"
    r"besar|panjang|diisi|kosong|periksa|pencarian)\b", re.IGNORECASE)


#: CKAN's generic answers, which tell the user nothing.
GENERIC = {"internal server error", "missing value", "bad request", "not found",
           "access denied", "validation error", "unknown error", "error"}

#: Internals that must never reach the user.
LEAKS = re.compile(r"\bSELECT\b|\bFROM \"|psycopg|sqlalchemy|File \"/", re.IGNORECASE)


def _messages(error: Any) -> list[str]:
    if isinstance(error, dict):
        return [m for key, value in error.items() if key != "__type"
                for m in _messages(value)]
    if isinstance(error, list):
        return [m for value in error for m in _messages(value)]
    return [str(error)] if error not in (None, "") else []


def _problem(action: str, response) -> str | None:
    """Why the answer is not a 4xx with a message, or None. The extension's
    own actions answer in Indonesian; a core action may answer with core's
    own words (in Indonesian where CKAN's translation has them), but never
    with a bare generic text, a traceback or SQL."""
    body = response.get_data(as_text=True)
    if response.status_code >= 500:
        return f"{response.status_code}: {body[:300]}"
    if "Traceback" in body or LEAKS.search(body):
        return f"internals in the answer: {body[:300]}"
    if response.status_code < 400:
        return None  # a wrong value the action accepts (ignored or read as text)
    if response.status_code not in (400, 403, 404, 409):
        return f"{response.status_code}: {body[:300]}"
    try:
        error = response.get_json()["error"]
    except (TypeError, KeyError, ValueError):
        return f"{response.status_code} without a JSON error: {body[:300]}"
    messages = _messages(error)
    if not messages:
        return f"{response.status_code} without a message: {error}"
    text = " ".join(messages)
    if text.strip().rstrip(".").lower() in GENERIC:
        return f"{response.status_code} with a generic text: {text[:300]}"
    if action.startswith("satudata_") and (ENGLISH.search(text)
                                           or not INDONESIAN.search(text)):
        return f"{response.status_code} not in Indonesian: {text[:300]}"
    return None


def _fuzz_cases():
    for action, names in PARAMETERS.items():
        for name in names:
            marks = ([pytest.mark.xfail(strict=True, reason=KNOWN_500[(action, name)])]
                     if (action, name) in KNOWN_500 else [])
            yield pytest.param(action, name, id=f"{action}-{name}", marks=marks)


@pytest.mark.parametrize("action, name", list(_fuzz_cases()))
def test_wrong_values_get_a_4xx_with_a_message_never_a_500(fuzz_world, action, name):
    if action not in fuzz_world["actions"]:
        pytest.skip(f"{action} is not registered")
    app = fuzz_world["app"]
    base = BASE.get(action, lambda w: {})(fuzz_world)
    problems = []
    for label, value in BAD_VALUES.items():
        response = app.post(f"/api/3/action/{action}", json=dict(base, **{name: value}),
                            headers=fuzz_world["headers"])
        model.Session.remove()
        problem = _problem(action, response)
        if problem:
            problems.append(f"{name}={label}: {problem}")
    assert not problems, "\n".join(problems)


# -- finding 10's cases, one by one --------------------------------------------------

def test_a_format_of_120000_characters_is_refused_with_a_message(fuzz_world):
    response = fuzz_world["app"].post(
        "/api/3/action/resource_create", headers=fuzz_world["headers"],
        json={"package_id": fuzz_world["target"]["id"], "url": "https://example.org/a.csv",
              "format": "x" * 120_000})
    assert response.status_code == 409
    assert response.get_json()["error"]["format"] == [
        "Terlalu panjang: paling banyak 100 karakter."]


def test_a_dataset_holding_an_over_long_value_can_still_be_withdrawn(fuzz_world):
    """A resource stored before the limits (here written straight to the
    database) does not stop the dataset's indexing, so its withdrawal."""
    resource = model.Resource.get(fuzz_world["published_resource"]["id"])
    resource.format = "x" * 120_000
    model.Session.commit()
    response = fuzz_world["app"].post(
        "/api/3/action/satudata_withdraw", headers=fuzz_world["headers"],
        json={"id": fuzz_world["published"]["id"], "note": "Data salah."})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.get_json()["result"]["satudata_status"] == "ditarik"


# -- how params.reads hands the values over --------------------------------------

def _echo(context, data_dict):
    return data_dict


def test_content_read_without_strip_reaches_the_action_as_given():
    read = params.reads(notes=params.text(strip=False))(_echo)
    assert read({}, {"notes": "  Deskripsi\n"}) == {"notes": "  Deskripsi\n"}


def test_an_absent_value_is_left_as_the_caller_gave_it():
    read = params.reads(notes=params.text, limit=params.non_negative_int)(_echo)
    assert read({}, {"notes": None, "limit": ""}) == {"notes": None}


@pytest.mark.usefixtures("with_request_context")
def test_every_refused_parameter_is_reported_at_once():
    read = params.reads(id=params.identifier, limit=params.non_negative_int)(_echo)
    with pytest.raises(tk.ValidationError) as refused:
        read({}, {"id": ["a"], "limit": 10 ** 30})
    assert refused.value.error_dict == {
        "id": ["id harus berupa teks."],
        "limit": [f"limit paling besar {params.MAX_INT}."]}
