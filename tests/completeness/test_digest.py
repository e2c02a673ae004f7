"""The reminder digest of a PIC: overdue, missing and returned items."""
from __future__ import annotations

import datetime

from ckanext.satudata.completeness.digest import (
    ReturnedDataset, counts, kelurahan_digest, render)
from ckanext.satudata.completeness.items import RequiredStatistic, required_items
from ckanext.satudata.completeness.matrix import Kelurahan, Record, build_matrix

TODAY = datetime.date(2026, 11, 23)
BALOWERTI = Kelurahan("kelurahan-balowerti", "Kelurahan Balowerti", "Kota")
ITEMS = required_items(2026, [RequiredStatistic("balita-ditimbang", "Balita ditimbang")])


def _record(name, type_, modified, state="terbit", **extras):
    return Record(name, name, name.replace("-", " ").title(), type_, BALOWERTI.organization,
                  state, modified, extras)


def _digest(returned=()):
    records = [
        _record("profil-2026", "profil-kelurahan", datetime.datetime(2026, 2, 1), tahun="2026"),
        _record("posyandu", "peta-titik", datetime.datetime(2025, 11, 22),
                jenis_titik="posyandu"),
        _record("rt", "peta-titik", datetime.datetime(2025, 11, 23), jenis_titik="rt"),
        _record("balita", "statistik-sektoral", datetime.datetime(2026, 9, 30), "draf",
                kode_indikator="balita-ditimbang", frekuensi="bulanan"),
    ]
    [row] = build_matrix([BALOWERTI], ITEMS, records, TODAY)
    return kelurahan_digest(row, ITEMS, returned, lambda r: f"https://portal/dataset/{r.name}")


def test_the_digest_lists_overdue_and_missing_items_in_column_order():
    digest = _digest()
    assert [(i.label, i.title, i.due) for i in digest.overdue] == [
        ("Peta posyandu", "Posyandu", datetime.date(2026, 11, 22)),
        ("Balita ditimbang", "Balita", datetime.date(2026, 10, 30))]
    # The RT layer is exactly one year old: still on time.
    assert digest.missing == ["Peta kantor kelurahan", "Peta pos kamling"]
    assert not digest.empty


def test_returned_datasets_of_other_kelurahan_are_left_out():
    ours = ReturnedDataset(BALOWERTI.organization, "Profil 2025", "Lengkapi luas wilayah.",
                           "https://portal/dataset/profil-2025")
    theirs = ReturnedDataset("kelurahan-pojok", "Posyandu Pojok", None, "https://x")
    assert _digest([ours, theirs]).returned == [ours]


def test_the_mail_names_each_item_with_its_dates_and_link():
    ours = ReturnedDataset(BALOWERTI.organization, "Profil 2025", "Lengkapi luas wilayah.",
                           "https://portal/dataset/profil-2025")
    digest = _digest([ours])
    assert counts([digest]) == (2, 2, 1)
    subject, body = render("Bu Sari", [digest], TODAY, dashboard_url="https://portal/dashboard")
    assert subject == "[Satu Data] Pengingat: 2 terlambat, 2 belum ada, 1 dikembalikan"
    assert body.startswith("Yth. Bu Sari,")
    assert ("- Peta posyandu: Posyandu (Tahunan; terakhir diperbarui 2025-11-22, "
            "seharusnya paling lambat 2026-11-22)") in body
    assert "  https://portal/dataset/posyandu" in body
    assert "- Peta kantor kelurahan" in body
    assert "- Profil 2025\n  Catatan: Lengkapi luas wilayah.\n  https://portal/dataset/profil-2025" in body
    assert body.rstrip().endswith("https://portal/dashboard")


def test_the_mail_is_translated_by_the_callers_gettext():
    english = {"Belum ada:": "Missing:", "Peta kantor kelurahan": "Kantor kelurahan map"}
    _, body = render("Sari", [_digest()], TODAY, translate=lambda t: english.get(t, t))
    assert "Missing:" in body
    # Item labels are translated when the digest is built, by the same gettext.
    digest = kelurahan_digest(
        build_matrix([BALOWERTI], ITEMS, [], TODAY)[0], ITEMS, [], str,
        translate=lambda t: english.get(t, t))
    assert digest.missing[1] == "Kantor kelurahan map"


def test_an_empty_digest_is_empty():
    records = []
    [row] = build_matrix([BALOWERTI], [], records, TODAY)
    assert kelurahan_digest(row, [], [], str).empty
