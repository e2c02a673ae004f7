"""The data the whole-portal leak tests look for (tests/trust/test_trust_every_*.py).

Built once per test module (the leak tests make thousands of calls on the
same data and only read): a draft of Balowerti carrying a unique word in
each field, a published dataset with an unapproved edit carrying another
word, and a published `terbatas` dataset whose DataStore rows carry a third.
The callers are those who must see none of it: anonymous, a PIC of another
kelurahan and a planner (a registered user without a grant).
"""
from __future__ import annotations

import json
from typing import Any, Iterable

import ckan.plugins as plugins
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.helpers import call_as, statistik_sektoral

# One word per place it is stored, so a failure says what leaked. None is
# part of another, and none is a word the portal's own text uses.
WORDS = {
    "name": "namadrafkeruh",
    "title": "judulkabutungu",
    "notes": "catatanlorongsunyi",
    "tag": "tagkelabusemu",
    "resource": "berkasungubisu",
    "resource_description": "uraianberkasbeku",
    "file": "isiberkasjingga",
    "datastore": "barisdatanila",
    "held": "suntinganmerahjambu",
    "held_tag": "tagsuntinganbaru",
    "held_resource": "sumbersuntinganbaru",
    "restricted": "baristerbatasbiru",
}
OUTSIDERS = ("anonymous", "other_pic", "planner")
ORG = "kelurahan-balowerti"


def build(create_with_upload) -> dict[str, Any]:
    """People and data; call with the database and index just reset."""
    sysadmin = factories.Sysadmin()
    balowerti = factories.Organization(
        name=ORG, title="Kelurahan Balowerti", jenis_organisasi="kelurahan",
        kode_wilayah="35.71.02.1002")
    bandar_lor = factories.Organization(
        name="kelurahan-bandar-lor", jenis_organisasi="kelurahan", kode_wilayah="35.71.01.1001")
    diskominfo = factories.Organization(name="diskominfo", jenis_organisasi="kurator")
    pic, other_pic, curator, planner = (factories.User() for _ in range(4))
    for user, org in ((pic, balowerti), (other_pic, bandar_lor), (curator, diskominfo)):
        call_as(sysadmin, "organization_member_create", id=org["id"],
                username=user["name"], role="editor")
    people = {"pic": pic, "other_pic": other_pic, "curator": curator, "planner": planner,
              "anonymous": None, "sysadmin": sysadmin}

    def upload(content: str, filename: str, **resource):
        return create_with_upload(content, filename, context={"user": pic["name"]}, **resource)

    def datastore(resource_id: str, column: str, value: str) -> None:
        helpers.call_action("datastore_create", context={"user": sysadmin["name"]},
                            resource_id=resource_id, force=True,
                            fields=[{"id": column, "type": "text"}],
                            records=[{column: value}])

    def publish(dataset: dict) -> None:
        call_as(pic, "satudata_submit", id=dataset["id"])
        call_as(curator, "satudata_approve", id=dataset["id"])

    # The draft: never submitted.
    draft = call_as(pic, "package_create", **statistik_sektoral(
        balowerti["id"], name=f"data-{WORDS['name']}", title=f"Data {WORDS['title']}",
        notes=f"Catatan {WORDS['notes']}", tags=[{"name": WORDS["tag"]}]))
    draft_resource = upload(f"nama,jumlah\n{WORDS['file']},5\n", "tabel.csv",
                            package_id=draft["id"], name=f"Tabel {WORDS['resource']}",
                            description=f"Uraian {WORDS['resource_description']}")
    datastore(draft_resource["id"], "nama", WORDS["datastore"])

    # A published dataset, then edited by its PIC (the edit waits for review).
    held = call_as(pic, "package_create", **statistik_sektoral(
        balowerti["id"], name="jumlah-kader-posyandu", title="Jumlah kader posyandu",
        tags=[{"name": "posyandu"}]))
    held_resource = upload("rw,jumlah\n1,5\n", "kader.csv", package_id=held["id"],
                           name="Tabel kader")
    publish(held)
    call_as(pic, "package_patch", id=held["id"], title=f"Jumlah kader {WORDS['held']}",
            notes=f"Catatan {WORDS['held']}",
            tags=[{"name": "posyandu"}, {"name": WORDS["held_tag"]}])
    call_as(pic, "resource_patch", id=held_resource["id"],
            description=f"Uraian {WORDS['held']}")
    held_new_resource = upload(f"rw,jumlah\n{WORDS['held_resource']},7\n", "kader-baru.csv",
                               package_id=held["id"], name=f"Tabel {WORDS['held_resource']}")

    # A published `terbatas` dataset: metadata public, rows not.
    restricted = call_as(pic, "package_create", **statistik_sektoral(
        balowerti["id"], name="balita-per-rw", title="Balita per RW",
        klasifikasi_akses="terbatas"))
    restricted_resource = upload(f"nama\n{WORDS['restricted']}\n", "balita.csv",
                                 package_id=restricted["id"], name="Tabel balita")
    datastore(restricted_resource["id"], "nama", WORDS["restricted"])
    publish(restricted)

    # What an outsider may do to get a dataset into their own lists: follow
    # it (CKAN lets any signed-in user follow anything whose id they know).
    for who in ("other_pic", "planner"):
        for action, target in (("follow_dataset", draft["id"]), ("follow_dataset", held["id"]),
                               ("follow_group", balowerti["id"]), ("follow_user", pic["id"])):
            try:
                call_as(people[who], action, id=target)
            except Exception:  # noqa: BLE001 - refused is as good
                pass

    # The table preview of each DataStore table (it reads the rows).
    views = {key: call_as(sysadmin, "resource_view_create", resource_id=resource["id"],
                          view_type="datatables_view", title="Tabel")["id"]
             for key, resource in (("draft", draft_resource),
                                   ("restricted", restricted_resource))}

    tokens = {who: call_as(user, "api_token_create", user=user["name"], name="t")["token"]
              for who, user in people.items() if user}
    return {
        "people": people, "tokens": tokens, "org": balowerti,
        "draft": draft, "draft_resource": draft_resource,
        "held": held, "held_resource": held_resource, "held_new_resource": held_new_resource,
        "restricted": restricted, "restricted_resource": restricted_resource,
        "table_views": views,
    }


def handles(world: dict[str, Any]) -> list[str]:
    """What an outsider may put in an id-like parameter: the ids and names of
    everything above (some guessed, some public)."""
    return [
        world["draft"]["id"], world["draft"]["name"], world["draft_resource"]["id"],
        WORDS["tag"], WORDS["held_tag"], ORG,
        world["held"]["id"], world["held_resource"]["id"], world["held_new_resource"]["id"],
        world["restricted_resource"]["id"], *world["table_views"].values(),
    ]


def queries() -> list[str]:
    """What an outsider may put in a search parameter."""
    return [WORDS["title"], WORDS["tag"], WORDS["held"], WORDS["datastore"], WORDS["restricted"],
            f"name:{WORDS['resource']}", f"description:{WORDS['held']}"]


def secrets(world: dict[str, Any], ids: bool = True) -> dict[str, str]:
    """Everything whose appearance is a leak (the ids of the draft and of the
    unapproved resource reveal them too)."""
    found = {f"word {key}": word for key, word in WORDS.items()}
    if not ids:
        return found
    found["draft id"] = world["draft"]["id"]
    found["draft resource id"] = world["draft_resource"]["id"]
    found["held new resource id"] = world["held_new_resource"]["id"]
    return found


def leaked_in_result(result: Any, asked: Iterable[str], world: dict[str, Any]) -> list[str]:
    """The secrets in an action's result, other than a value asked for coming
    back as it was sent (an echo says nothing new)."""
    asked = {str(value).lower() for value in asked}
    strings: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, (list, tuple, set)):
            for item in value:
                walk(item)
        elif value is not None:
            text = value if isinstance(value, str) else json.dumps(value, default=str)
            if text.lower() not in asked:
                strings.append(text.lower())

    walk(result)
    return sorted({name for name, secret in secrets(world).items()
                   if any(secret.lower() in text for text in strings)})


def leaked_in_text(text: str, asked: Iterable[str], world: dict[str, Any],
                   ids: bool = True) -> list[str]:
    """The secrets in a page (or a file), the values asked for removed first
    (pages show what was searched for, links carry the address asked);
    `ids`: whether the ids count."""
    text = text.lower()
    for value in sorted({str(v).lower() for v in asked}, key=len, reverse=True):
        text = text.replace(value, "")
    return sorted(name for name, secret in secrets(world, ids).items()
                  if secret.lower() in text)


def load_plugins() -> None:
    plugins.load_all()


def unload_plugins() -> None:
    plugins.unload_all()
