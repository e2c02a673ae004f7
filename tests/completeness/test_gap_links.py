"""From the gap to the form in one click: every missing, overdue or returned
item of a PIC's kelurahan links to the form that delivers it (filled in from
the catalogue) or to the returned dataset: on the PIC's dashboard, on
/kelengkapan (their own kelurahan's row) and in the reminder e-mail."""
from __future__ import annotations

import datetime
import html
import re

import pytest

from ckanext.satudata.completeness.digest import kelurahan_digest, render
from ckanext.satudata.completeness.items import RequiredStatistic, required_items
from ckanext.satudata.completeness.matrix import Kelurahan, Record, build_matrix
from ckanext.satudata.completeness.periods import add_months
from tests.completeness.samples import TODAY, profile, set_modified, statistic
from tests.helpers import call_as

BALOWERTI = Kelurahan("kelurahan-balowerti", "Kelurahan Balowerti", "Kota")
ITEMS = required_items(2026, [RequiredStatistic("balita-ditimbang", "Balita ditimbang")])
STATISTIC_FORM = "/tambah/statistik/balita-ditimbang?organisasi=kelurahan-balowerti"
POSYANDU_FORM = "/tambah/peta-titik/posyandu?organisasi=kelurahan-balowerti"


def test_the_digest_says_where_to_deliver_each_missing_and_overdue_item():
    late = Record("balita", "balita", "Balita", "statistik-sektoral", BALOWERTI.organization,
                  "terbit", datetime.datetime(2026, 9, 1),
                  {"kode_indikator": "balita-ditimbang", "frekuensi": "bulanan"})
    [row] = build_matrix([BALOWERTI], ITEMS, [late], datetime.date(2026, 11, 23))
    digest = kelurahan_digest(row, ITEMS, [], lambda r: f"https://portal/d/{r.name}",
                              form_url=lambda item, row: f"https://portal/isi/{item.key}")
    _, body = render("Sari", [digest], datetime.date(2026, 11, 23))
    assert ("- Balita ditimbang: Balita (Bulanan; terakhir diperbarui 2026-09-01, "
            "seharusnya paling lambat 2026-10-01)\n  https://portal/d/balita\n"
            "  Kirim data terbaru: https://portal/isi/balita-ditimbang") in body
    assert "- Peta posyandu\n  Kirim sekarang: https://portal/isi/posyandu\n" in body
    assert "- Profil kelurahan {tahun}\n" not in body


def test_without_forms_the_digest_lists_the_items_only():
    [row] = build_matrix([BALOWERTI], ITEMS, [], datetime.date(2026, 11, 23))
    digest = kelurahan_digest(row, ITEMS, [], str)
    assert digest.forms == {}
    assert "Kirim sekarang" not in render("Sari", [digest], datetime.date(2026, 11, 23))[1]


# -- in the portal ----------------------------------------------------------------

@pytest.fixture
def work(people, kelurahan_balowerti):
    """Balowerti: the monthly statistic is two months old, this year's
    profile was returned; Bandar Lor has delivered nothing."""
    org = kelurahan_balowerti["id"]
    late = call_as(people["pic"], "package_create", **statistic(org, "balowerti"))
    set_modified(late, datetime.datetime.combine(add_months(TODAY, -2), datetime.time(3)))
    returned = call_as(people["pic"], "package_create", **profile(org, "balowerti"))
    call_as(people["pic"], "satudata_submit", id=returned["id"])
    call_as(people["curator"], "satudata_return", id=returned["id"], note="Lengkapi luas.")
    return {"late": late, "returned": returned}


def links(page: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', page)]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_pics_dashboard_links_each_gap_to_its_form(app, tokens, work):
    page = app.get("/dashboard/", headers=tokens["pic"]).get_data(as_text=True)
    assert "Data wajib Kelurahan Balowerti yang perlu dikirim" in html.unescape(page)
    found = links(page)
    assert STATISTIC_FORM in found  # overdue: this period's statistic
    assert POSYANDU_FORM in found   # missing
    assert f"/profil-kelurahan/{work['returned']['name']}" in found  # returned
    # Another kelurahan's gaps are not the PIC's.
    assert not any("kelurahan-bandar-lor" in link for link in found)
    other = app.get("/dashboard/", headers=tokens["other_pic"]).get_data(as_text=True)
    assert "/tambah/peta-titik/posyandu?organisasi=kelurahan-bandar-lor" in links(other)
    planner = app.get("/dashboard/", headers=tokens["planner"]).get_data(as_text=True)
    assert "yang perlu dikirim" not in planner


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_kelengkapan_links_the_gaps_of_the_viewers_own_kelurahan(
        app, tokens, people, work, sysadmin, kelurahan_balowerti):
    call_as(sysadmin, "organization_member_create", id=kelurahan_balowerti["id"],
            username=people["curator"]["name"], role="editor")
    found = links(app.get("/kelengkapan", headers=tokens["curator"]).get_data(as_text=True))
    assert STATISTIC_FORM in found and POSYANDU_FORM in found
    assert f"/profil-kelurahan/{work['returned']['name']}" in found
    assert not any("/tambah/" in link and "bandar-lor" in link for link in found)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_reminder_links_each_gap_to_its_form(cli, app, people, work, inbox):
    from ckanext.satudata.cli import satudata as satudata_cli

    with app.flask_app.test_request_context():
        result = cli.invoke(satudata_cli, ["ingatkan", "--tanggal", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    [mail] = [m for m in inbox() if m["To"].addresses[0].addr_spec == people["pic"]["email"]]
    body = mail.get_body().get_content()
    assert re.search(r"Kirim data terbaru: http\S+" + re.escape(STATISTIC_FORM), body)
    assert re.search(r"- Peta posyandu\n  Kirim sekarang: http\S+" + re.escape(POSYANDU_FORM),
                     body)
    assert f"/profil-kelurahan/{work['returned']['name']}" in body
