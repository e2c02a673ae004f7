"""Plain functions and sample data shared by the test modules (the shared
fixtures are in conftest.py; map samples in map_samples.py)."""
from __future__ import annotations

import datetime
import os
import random
import subprocess
from pathlib import Path

import ckan.model as model
import ckan.tests.helpers as ckan_helpers

from ckanext.satudata import site
from deploy import launch
from ckanext.satudata.model import AccessUsage
from tests.privacy.generate import nik


# -- calling the portal --------------------------------------------------------------

def call_as(actor: dict | None, action: str, **data_dict):
    """Call an action as the user `actor` (None: anonymous), with auth checks on."""
    context = {"user": actor["name"] if actor else "", "ignore_auth": False}
    return ckan_helpers.call_action(action, context=context, **data_dict)


def publish(submitter: dict, dataset: dict, approver: dict | None = None) -> dict:
    """Take a dataset through review so the public sees it: `submitter`
    submits it, `approver` (by default the submitter, e.g. a sysadmin)
    approves it."""
    call_as(submitter, "satudata_submit", id=dataset["id"])
    return call_as(approver or submitter, "satudata_approve", id=dataset["id"])


def search_names(actor, **params):
    return [d["name"] for d in call_as(actor, "package_search", **params)["results"]]



# -- the production profile's gunicorn -----------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
free_port = launch.free_port



def gunicorn_ini(base_ini: str, directory: Path) -> Path:
    """A configuration for gunicorn in `directory`: this test run's
    `base_ini` (--ckan-ini, its databases) with logging to stderr."""
    ini = directory / "gunicorn-test.ini"
    ini.write_text(f"[app:main]\nuse = config:{Path(base_ini).resolve()}\n{launch.LOGGING_TO_STDERR}")
    return ini


def start_gunicorn(ini: Path, log: Path, workers: int) -> tuple[subprocess.Popen, int]:
    """The production profile's gunicorn (deploy/gunicorn.conf.py,
    deploy/wsgi.py) with `workers` on `ini`, on a free loopback port; its
    output goes to `log`. Returns the arbiter process and the port."""
    port = free_port()
    command, environment = launch.gunicorn(ini, f"127.0.0.1:{port}", workers)
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ, **environment),
                                   stdout=out, stderr=out)
    return process, port


def stop_gunicorn(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# -- datasets ------------------------------------------------------------------------

def statistik_sektoral(owner_org: str, **overrides) -> dict:
    """A valid `statistik-sektoral` dataset dict, ready for package_create."""
    data = {
        "type": "statistik-sektoral",
        "owner_org": owner_org,
        "name": "jumlah-posyandu-aktif",
        "title": "Jumlah posyandu aktif",
        "notes": "Jumlah posyandu yang aktif di kelurahan.",
        "bidang_urusan": "kesehatan",
        "konsep": "Posyandu aktif",
        "definisi": "Posyandu yang menyelenggarakan kegiatan minimal sekali sebulan.",
        "satuan": "unit",
        "tahun": "2025",
        "frekuensi": "tahunan",
        "tingkat_penyajian": "kelurahan",
        "produsen": "Kelurahan Balowerti",
        "klasifikasi_akses": "terbuka",
    }
    data.update(overrides)
    return data


#: The catalogue indicator of the demo's required statistic, as a curator
#: creates it (satudata_indicator_catalog_create).
BALITA_INDICATOR = {
    "kode": "balita-ditimbang", "nama": "Balita ditimbang di posyandu",
    "bidang_urusan": "kesehatan", "konsep": "Penimbangan balita di posyandu",
    "definisi": "Banyaknya balita yang ditimbang di posyandu dalam satu bulan.",
    "satuan": "jiwa", "ukuran": "jumlah", "frekuensi": "bulanan",
    "tingkat_penyajian": "kelurahan", "kolom": "kode_wilayah,periode,nilai", "wajib": True,
}


def profil(owner_org, **overrides):
    """A valid `profil-kelurahan` dataset dict of Balowerti 2026."""
    data = {
        "type": "profil-kelurahan", "owner_org": owner_org,
        "name": "profil-balowerti-2026", "title": "Profil Kelurahan Balowerti 2026",
        "tahun": "2026", "penduduk_laki_laki": "3.120", "penduduk_perempuan": "3254",
        "jumlah_kk": "2011", "jumlah_rw": "6", "jumlah_rt": "31", "luas_km2": "0,91",
        "produsen": "Kelurahan Balowerti", "klasifikasi_akses": "terbuka",
    }
    data.update(overrides)
    return data


# -- personal data -------------------------------------------------------------------

_RNG = random.Random(39)
NIKS = [nik(_RNG, region="357102") for _ in range(5)]
WITH_NIK = "nama_kepala_keluarga,nik,rw\n" + "".join(
    f"Warga {i},{value},{i % 3 + 1}\n" for i, value in enumerate(NIKS))
CLEAN = "rw,jumlah_posyandu,jumlah_kader\n1,12,60\n2,15,75\n3,11,55\n"


# -- restricted data and access requests ---------------------------------------------

BALITA_TABLE = "rw,jumlah_balita,nama_kader\n1,25,Siti\n2,31,Rina\n"


def day(offset: int = 0) -> str:
    """The portal's today moved by `offset` days, as an ISO date."""
    return (site.portal_today() + datetime.timedelta(days=offset)).isoformat()


def dataset_with_tables(people, organization, create_with_upload, sysadmin, name,
                        classification):
    """A published statistic of `organization` with two CSV tables
    (BALITA_TABLE), the first one in the DataStore."""
    dataset = call_as(people["pic"], "package_create", **statistik_sektoral(
        organization["id"], name=name, title=f"Data {name}", klasifikasi_akses=classification))
    resources = [create_with_upload(BALITA_TABLE, f"{name}-{n}.csv", package_id=dataset["id"],
                                    name=f"Tabel {n}", context={"user": people["pic"]["name"]})
                 for n in (1, 2)]
    ckan_helpers.call_action("datastore_create", context={"user": sysadmin["name"]},
                             resource_id=resources[0]["id"], force=True,
                             fields=[{"id": "rw", "type": "int"},
                                     {"id": "jumlah_balita", "type": "int"},
                                     {"id": "nama_kader", "type": "text"}],
                             records=[{"rw": 1, "jumlah_balita": 25, "nama_kader": "Siti"},
                                      {"rw": 2, "jumlah_balita": 31, "nama_kader": "Rina"}])
    call_as(people["pic"], "satudata_submit", id=dataset["id"])
    call_as(people["curator"], "satudata_approve", id=dataset["id"])
    return {"dataset": call_as(people["pic"], "package_show", id=dataset["id"]),
            "resources": resources}


def ask(people, restricted, who="planner", **overrides):
    """`who` asks for the first table of `restricted` to download, for 30 days."""
    data = {
        "package_id": restricted["dataset"]["id"],
        "institution": "Bappeda Kota Kediri",
        "position": "Perencana Ahli Muda",
        "purpose": "Penyusunan rencana kerja pemerintah daerah bidang kesehatan.",
        "resources": [restricted["resources"][0]["id"]],
        "method": "unduh",
        "start_date": day(0),
        "end_date": day(30),
    }
    data.update(overrides)
    return call_as(people[who], "satudata_access_request_create", **data)


def approve(people, request, **overrides):
    return call_as(people["curator"], "satudata_access_request_decide",
                   id=request["id"], decision="disetujui", **overrides)


def download_url(restricted, index=0):
    dataset, resource = restricted["dataset"], restricted["resources"][index]
    return f"/dataset/{dataset['id']}/resource/{resource['id']}/download/tabel.csv"


def usage():
    """Every logged use under a grant: (user id, resource id, channel)."""
    return [(u.user_id, u.resource_id, u.channel)
            for u in model.Session.query(AccessUsage).order_by(AccessUsage.id)]


def datasets_in_every_state(people: dict, organization: dict, create_with_upload,
                            secret: str, held_edit: dict, rows: str,
                            **published_fields) -> dict:
    """Statistics of `organization` with a table (`rows`) each: one published
    (with `published_fields`), one published restricted (`terbatas`), a
    published one with a held edit (`held_edit`, e.g. a title with `secret`),
    and a draft, a submitted, a returned and a withdrawn one named with
    `secret`. Returns ``{published, restricted, held, unpublished: [...]}``."""
    def make(name, **fields):
        dataset = call_as(people["pic"], "package_create", **statistik_sektoral(
            organization["id"], name=name, title=f"Data {name}", **fields))
        create_with_upload(rows, "data.csv", package_id=dataset["id"],
                           context={"user": people["pic"]["name"]})
        return dataset

    published = make("posyandu-terbit", **published_fields)
    publish(people["pic"], published, people["curator"])
    draft = make(f"draf-{secret}")
    submitted = make(f"diajukan-{secret}")
    call_as(people["pic"], "satudata_submit", id=submitted["id"])
    returned = make(f"dikembalikan-{secret}")
    call_as(people["pic"], "satudata_submit", id=returned["id"])
    call_as(people["curator"], "satudata_return", id=returned["id"], note="Perbaiki.")
    withdrawn = make(f"ditarik-{secret}")
    publish(people["pic"], withdrawn, people["curator"])
    call_as(people["curator"], "satudata_withdraw", id=withdrawn["id"], note="Salah.")
    held = make("posyandu-disunting")
    publish(people["pic"], held, people["curator"])
    call_as(people["pic"], "package_patch", id=held["id"], **held_edit)
    restricted = make("balita-terbatas", klasifikasi_akses="terbatas")
    publish(people["pic"], restricted, people["curator"])
    return {"published": published, "restricted": restricted, "held": held,
            "unpublished": [draft, submitted, returned, withdrawn]}
