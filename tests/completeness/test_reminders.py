"""`ckan satudata ingatkan`: each PIC gets one digest a day of their
kelurahan's overdue, missing and returned data, through CKAN's mailer."""
from __future__ import annotations

import datetime

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories

from ckanext.satudata import reference
from ckanext.satudata.cli import satudata as satudata_cli
from ckanext.satudata.completeness.periods import add_months
from ckanext.satudata.model import Reminder
from tests.completeness.samples import TODAY, layer, profile, set_modified, statistic
from tests.helpers import call_as, free_port

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

NOTE = "Kolom nilai bulan Oktober kosong."


@pytest.fixture
def work(people, kelurahan_balowerti, sysadmin):
    """Balowerti: the monthly statistic is two months old; a second statistic
    was returned with a note. Bandar Lor has delivered nothing."""
    org = kelurahan_balowerti["id"]
    late = call_as(people["pic"], "package_create", **statistic(org, "balowerti"))
    set_modified(late, datetime.datetime.combine(add_months(TODAY, -2), datetime.time(3)))
    returned = call_as(people["pic"], "package_create", **statistic(
        org, "balowerti-rw", kode_indikator="", title="Balita ditimbang per RW"))
    call_as(people["pic"], "satudata_submit", id=returned["id"])
    call_as(people["curator"], "satudata_return", id=returned["id"], note=NOTE)
    return {"late": late, "returned": returned}


@pytest.fixture
def remind(cli, app):
    """`remind(*args)` runs `ckan satudata ingatkan --tanggal <today> *args`
    in the application's context, as the `ckan` command does."""
    def run(*args, day: datetime.date = TODAY):
        with app.flask_app.test_request_context():
            return cli.invoke(satudata_cli, ["ingatkan", "--tanggal", day.isoformat(), *args])
    return run


def _to(messages, user):
    return [m for m in messages if m["To"].addresses[0].addr_spec == user["email"]]


def test_each_pic_gets_a_digest_of_overdue_missing_and_returned_items(remind, people, work, inbox):
    result = remind()

    assert result.exit_code == 0, result.output
    [mail] = _to(inbox(), people["pic"])
    assert mail["Subject"] == "[Satu Data] Pengingat: 1 terlambat, 5 belum ada, 1 dikembalikan"
    body = mail.get_body().get_content()
    assert "Kelurahan Balowerti" in body
    assert "Terlambat diperbarui:" in body
    assert "- Balita ditimbang di posyandu: Balita ditimbang Balowerti (Bulanan;" in body
    assert "/statistik-sektoral/balita-ditimbang-balowerti" in body
    assert "Belum ada:" in body and f"- Profil kelurahan {TODAY.year}" in body
    assert "Dikembalikan oleh kurator:" in body and f"Catatan: {NOTE}" in body
    # Bandar Lor's PIC hears of Bandar Lor only; curators and planners of nothing.
    [other] = _to(inbox(), people["other_pic"])
    assert "Kelurahan Balowerti" not in other.get_body().get_content()
    assert len(inbox()) == 2
    assert f"Terkirim ke {people['pic']['name']}" in result.output
    assert "2 terkirim" in result.output
    # Sysadmins (here the site user, admin of the organisations it created)
    # are not PICs.
    assert tk.config["ckan.site_id"] not in result.output


def test_running_twice_the_same_day_sends_nothing_new(remind, people, work, inbox):
    assert remind().exit_code == 0
    assert len(inbox()) == 2

    again = remind()

    assert again.exit_code == 0, again.output
    assert len(inbox()) == 2
    assert "0 terkirim, 2 sudah dikirim hari ini" in again.output
    # The next day, the PICs are reminded again.
    tomorrow = remind(day=TODAY + datetime.timedelta(days=1))
    assert tomorrow.exit_code == 0 and len(inbox()) == 4


def test_a_dry_run_prints_the_mails_and_sends_nothing(remind, people, work, inbox):
    result = remind("--dry-run")

    assert result.exit_code == 0, result.output
    assert inbox() == []
    assert f"Akan dikirim ke {people['pic']['name']}" in result.output
    assert "Subjek: [Satu Data] Pengingat: 1 terlambat" in result.output
    assert NOTE in result.output
    assert model.Session.query(Reminder).count() == 0
    assert remind().exit_code == 0 and len(inbox()) == 2


def test_users_without_email_are_skipped_with_a_line(remind, people, work, inbox, sysadmin,
                                                     kelurahan_balowerti):
    silent = factories.User()
    call_as(sysadmin, "organization_member_create", id=kelurahan_balowerti["id"],
            username=silent["name"], role="editor")
    user = model.User.get(silent["name"])
    user.email = None
    model.Session.commit()

    result = remind()

    assert result.exit_code == 0, result.output
    assert f"Dilewati {silent['name']}: tidak memiliki alamat email." in result.output
    assert len(inbox()) == 2


def test_a_failing_mail_server_is_reported_and_nothing_is_recorded(
        remind, people, work, inbox, ckan_config, monkeypatch):
    working = ckan_config["smtp.server"]
    monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{free_port()}")

    failed = remind()

    assert failed.exit_code != 0
    assert f"Gagal mengirim ke {people['pic']['name']}" in failed.output
    assert "2 email gagal dikirim" in failed.output
    assert model.Session.query(Reminder).count() == 0

    monkeypatch.setitem(ckan_config, "smtp.server", working)
    retried = remind()
    assert retried.exit_code == 0, retried.output
    assert len(inbox()) == 2


def test_a_pic_with_nothing_to_do_gets_no_mail(remind, people, inbox, kelurahan_balowerti,
                                               ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.required_statistics", "")
    org = kelurahan_balowerti["id"]
    call_as(people["pic"], "package_create", **profile(org, "balowerti"))
    for kind in ("kantor-kelurahan", "posyandu", "pos-kamling", "rt"):
        call_as(people["pic"], "package_create", **layer(org, "balowerti", kind))

    result = remind()

    assert result.exit_code == 0, result.output
    assert _to(inbox(), people["pic"]) == []
    assert len(_to(inbox(), people["other_pic"])) == 1  # Bandar Lor has delivered nothing


def test_the_reminder_table_matches_its_migration():
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def ours(obj, name, type_, reflected, compare_to):
        return type_ != "table" or name == "satudata_reminder"

    model.Session.remove()
    with model.meta.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_object": ours, "compare_type": True, "compare_server_default": True})
        assert compare_metadata(context, model.meta.metadata) == []


@pytest.mark.ckan_config("ckanext.satudata.wilayah", "35.05 35.06")
def test_the_pics_of_another_region_are_reminded_of_their_desa(remind, inbox, sysadmin):
    desa = reference.region(("35.05", "35.06")).kelurahan_of_kecamatan("35.06.06")[0]
    organization = factories.Organization(name=desa.organization_name, title=desa.title,
                                          jenis_organisasi="kelurahan", kode_wilayah=desa.kode)
    pic = factories.User()
    call_as(sysadmin, "organization_member_create", id=organization["id"],
            username=pic["name"], role="editor")
    call_as(pic, "package_create", **profile(organization["id"], desa.organization_name))

    result = remind()

    assert result.exit_code == 0, result.output
    [mail] = _to(inbox(), pic)
    assert mail["Subject"] == "[Satu Data] Pengingat: 0 terlambat, 5 belum ada, 0 dikembalikan"
    body = mail.get_body().get_content()
    assert desa.title in body and desa.title.startswith("Desa ")
    assert "Berikut data desa/kelurahan Anda" in body
    assert "1 terkirim" in result.output
