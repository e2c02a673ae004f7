"""`ckan satudata ...` commands."""
from __future__ import annotations

import contextlib

import click

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import reference, site
from ckanext.satudata.demo import accounts as demo
from ckanext.satudata.demo import sample_data as demo_data
from ckanext.satudata.maps import boundaries, boundary_layer
from ckanext.satudata.workflow import publication
from ckanext.satudata.completeness import reminders
from ckanext.satudata.site import portal_today


__all__ = ["satudata"]


@click.group(short_help="Perintah portal Satu Data.")
def satudata():
    """Perintah pengelolaan portal Satu Data."""


@satudata.command("muat-referensi")
def load_reference():
    """Muat desa/kelurahan wilayah portal (ckanext.satudata.wilayah), Diskominfo dan OPD
    produsen data."""
    result = tk.get_action("satudata_reference_organizations_load")(
        site.site_context(), {})
    click.echo(
        f"Organisasi referensi: {len(result['created'])} dibuat, "
        f"{len(result['updated'])} diperbarui, "
        f"{result['unchanged']} tidak berubah.")


@satudata.command("muat-batas")
@click.option("--berkas", type=click.Path(exists=True, dir_okay=False),
              help="GeoJSON atau Shapefile (zip) batas kelurahan; tanpa ini: batas "
                   "perkiraan demo.")
@click.option("--resmi", is_flag=True,
              help="Batas resmi: titik di luar kelurahannya ditolak (bukan hanya diperingatkan).")
def load_boundaries(berkas: str | None, resmi: bool):
    """Periksa dan pakai batas kelurahan (menggantikan batas yang ada)."""
    if resmi and not berkas:
        raise click.UsageError(tk._("--resmi hanya untuk berkas batas resmi (--berkas)."))
    path = berkas or boundary_layer.DEMO_FILE
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        report = boundary_layer.load(data, path, resmi=resmi)
    except boundaries.BoundaryFileError as error:
        raise click.ClickException(str(error))
    for problem in report.problems:
        click.echo(("KESALAHAN: " if problem.severity == boundaries.ERROR else "Peringatan: ")
                   + problem.text())
    if not report.ok:
        raise click.ClickException(tk._("Batas kelurahan tidak dimuat: {count} kesalahan.").format(
            count=len(report.errors)))
    model.repo.commit()
    click.echo(tk._("Batas {count} kelurahan dimuat ({kind}).").format(
        count=len(report.geometries),
        kind=tk._("resmi") if resmi else tk._("batas perkiraan, bukan batas resmi")))


@satudata.command("muat-demo")
@click.option("--accounts-file", required=True, type=click.Path(),
              help="Berkas nama:kata-sandi akun demo (dibuat bila belum ada).")
def load_demo(accounts_file: str):
    """Buat akun demo (admin, kurator, PIC, pengguna) dan keanggotaannya."""
    passwords = demo.load_or_create_passwords(accounts_file)
    context = site.site_context()
    # In another region than Kota Kediri (WILAYAH=35.06 make demo) the PICs
    # work for the desa/kelurahan that get the sample data instead.
    stand_ins = [reference.by_organization_name(area.organization)
                 for area in demo_data.sample_areas()]
    for account in demo.DEMO_ACCOUNTS:
        user = model.User.get(account.name)
        if user is None:
            tk.get_action("user_create")(dict(context), {
                "name": account.name, "fullname": account.fullname,
                "email": account.email, "password": passwords[account.name]})
            user = model.User.get(account.name)
        elif not user.validate_password(passwords[account.name]):
            user.set_password(passwords[account.name])
        if user.state != "active" or user.sysadmin != account.sysadmin:
            user.state = "active"
            user.sysadmin = account.sysadmin
        model.repo.commit()
        for organization, role in account.memberships:
            if (organization.startswith(reference.ORGANIZATION_PREFIX)
                    and reference.by_organization_name(organization) is None and stand_ins):
                # A kelurahan of Kota Kediri outside the region (even when a
                # demo of Kota Kediri loaded it before).
                desa = stand_ins.pop(0)
                organization = desa.organization_name
                click.echo(f"Akun PIC: {account.name} untuk {desa.title} (Kecamatan "
                           f"{desa.nama_kecamatan}, {desa.nama_kabupaten}).")
            tk.get_action("organization_member_create")(dict(context), {
                "id": organization, "username": account.name, "role": role})
    click.echo("Akun demo siap.")


@satudata.command("muat-katalog")
@click.option("--contoh", is_flag=True,
              help="Juga statistik contoh demo (dengan konsep, definisi dan kolomnya).")
def load_catalogue(contoh: bool):
    """Isi katalog indikator dari data wajib yang dikonfigurasi (dan contoh demo)."""
    from ckanext.satudata.catalogue import glue as catalogue
    from ckanext.satudata.completeness.items import parse_required_statistics
    # The option as written (config.required_statistics reads the catalogue).
    configured = parse_required_statistics(
        tk.config.get("ckanext.satudata.required_statistics"))
    examples = demo_data.catalogue_indicators() if contoh else []
    result = catalogue.seed(site.site_context()["user"], configured, examples)
    model.Session.commit()
    click.echo(f"Katalog indikator: {len(result['created'])} dibuat, "
               f"{len(result['unchanged'])} sudah ada.")


@satudata.command("muat-contoh")
def load_samples():
    """Buat dataset contoh (profil, statistik, peta titik) untuk demo."""
    created = demo_data.load(site.site_context())
    click.echo(f"Dataset contoh: {created} dibuat.")


@satudata.command("ekstrak-statistik")
def extract_statistics():
    """Baca ulang tabel semua statistik terbit ke halaman statistik."""
    result = tk.get_action("satudata_indicator_extract")(site.site_context(), {})
    click.echo(f"Statistik: {result['values']} nilai dari {result['datasets']} dataset.")


@satudata.command("segarkan-terbit")
def refresh_published():
    """Baca ulang titik peta dan angka statistik semua dataset terbit."""
    count = publication.refresh_all()
    click.echo(f"Dataset terbit disegarkan: {count}.")


@satudata.command("siapkan-katalog")
def prepare_catalogue():
    """Siapkan Turtle katalog DCAT (/catalog.ttl) semua dataset terbit yang belum ada."""
    from ckanext.satudata.interop import dcat_profile

    def progress(seen: int, total: int) -> None:
        click.echo(f"  {seen}/{total}")

    seen, described = dcat_profile.describe_all_published(progress)
    click.echo(f"Katalog DCAT: {described} dari {seen} dataset terbit disiapkan.")


@satudata.command("dataset-umum")
@click.option("--jadikan", "new_type", default=None, metavar="JENIS",
              help="Beri DATASET yang disebut jenis Satu Data ini.")
@click.argument("names", nargs=-1, metavar="[DATASET]...")
def list_generic_datasets(new_type: str | None, names: tuple[str, ...]):
    """Daftar dataset tanpa jenis Satu Data (dibuat sebelum aturan jenis).

    Dataset ini tidak dapat diubah atau diajukan sampai kurator memberinya
    jenis Satu Data (--jadikan JENIS DATASET...) atau menghapusnya; PIC-nya
    lalu melengkapi metadatanya di formulir jenis itu.
    """
    from ckanext.satudata.workflow import gate as dataset_gate

    if names and not new_type:
        raise click.UsageError("Sebutkan jenis tujuan dengan --jadikan JENIS.")
    for name in names:
        try:
            dataset_gate.give_type(name, new_type)
        except tk.ValidationError as error:
            raise click.ClickException(" ".join(error.error_dict["type"]))
        except tk.ObjectNotFound:
            raise click.ClickException(f"Dataset '{name}' tidak ditemukan.")
        click.echo(f"{name}: kini berjenis {new_type}.")
    rows = dataset_gate.generic_datasets()
    for row in rows:
        click.echo(f"{row['name']}\t{row['type'] or '-'}\t{row['organization'] or '-'}\t"
                   f"{row['state']}\t{row['title'] or ''}")
    click.echo(f"Dataset tanpa jenis Satu Data: {len(rows)}. Beri jenis "
               f"({', '.join(dataset_gate.satu_data_types())}) atau hapus.")


@satudata.command("token")
@click.argument("username", required=False)
@click.option("--site-user", is_flag=True,
              help="Token untuk pengguna situs (dipakai xloader).")
@click.option("--name", default="make-token", show_default=True,
              help="Nama token.")
def create_token(username: str | None, site_user: bool, name: str):
    """Buat token API baru untuk USERNAME; token dicetak di baris terakhir."""
    context = site.site_context()
    if site_user:
        username = context["user"]
    if not username:
        raise click.UsageError("Sebutkan USERNAME atau --site-user.")
    if model.User.get(username) is None:
        raise click.ClickException(f"Pengguna '{username}' tidak ditemukan.")
    token = tk.get_action("api_token_create")(
        context, {"user": username, "name": name})
    click.echo(f"Token API untuk {username}:")
    click.echo(token["token"])


@satudata.command("ingatkan")
@click.option("--tanggal", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Tanggal pengingat (TTTT-BB-HH); bawaan: hari ini.")
@click.option("--dry-run", is_flag=True,
              help="Tampilkan email yang akan dikirim tanpa mengirim atau mencatatnya.")
def remind(tanggal, dry_run: bool):
    """Kirim email pengingat kepada PIC: data terlambat, belum ada, dikembalikan.

    Untuk cron: setiap PIC menerima paling banyak satu email per hari.
    """
    flask_app = click.get_current_context().meta.get("flask_app")
    with flask_app.test_request_context() if flask_app else contextlib.nullcontext():
        day = tanggal.date() if tanggal else portal_today()
        outcome = reminders.send(day, echo=click.echo, dry_run=dry_run)
    verb = "akan dikirim" if dry_run else "terkirim"
    click.echo(f"Pengingat {day.isoformat()}: {outcome.sent} {verb}, "
               f"{outcome.already_sent} sudah dikirim hari ini, "
               f"{outcome.without_email} tanpa email, {outcome.failed} gagal.")
    if outcome.failed:
        raise click.ClickException(
            f"{outcome.failed} email gagal dikirim; jalankan lagi nanti.")


@satudata.command("pindai-ulang")
@click.option("--sumber", "resource_id", default=None, metavar="ID",
              help="Periksa ulang satu sumber data ini, apa pun keadaannya.")
@click.option("--langsung", "now", is_flag=True,
              help="Periksa di proses ini, bukan lewat antrean (misalnya saat worker mati).")
def rescan(resource_id: str | None, now: bool):
    """Periksa ulang data pribadi: pemeriksaan latar belakang yang terhenti.

    Tanpa --sumber: setiap pemeriksaan yang menunggu atau berjalan lebih lama
    dari ckanext.satudata.scan_timeout_minutes diantrekan ulang (berkas kecil
    langsung diperiksa).
    """
    from ckanext.satudata.privacy import guard as privacy_guard

    try:
        done = privacy_guard.rescan(resource_id, now=now)
    except tk.ObjectNotFound as error:
        raise click.ClickException(str(error) or f"Sumber data '{resource_id}' tidak ditemukan.")
    for name, status in done:
        click.echo(f"{name}: {status}")
    click.echo(f"Diperiksa ulang: {len(done)} pemeriksaan.")


@satudata.command("kerjakan-tertunda")
@click.option("--tunggu", "settle", default=60, show_default=True, metavar="DETIK",
              help="Muatan DataStore yang belum masuk antrean sejak sekian detik "
                   "diajukan ulang (yang lebih baru mungkin masih diajukan).")
def catch_up_pending(settle: int):
    """Kerjakan yang tertunda karena Solr atau Redis mati: indeks pencarian
    dataset, pemeriksaan data pribadi, muatan DataStore.

    Untuk timer/cron setiap menit (profil produksi menjalankannya); aman
    dijalankan berulang.
    """
    import datetime

    from ckanext.satudata.workflow import catch_up

    flask_app = click.get_current_context().meta.get("flask_app")
    with flask_app.test_request_context() if flask_app else contextlib.nullcontext():
        result = catch_up.catch_up(datetime.timedelta(seconds=settle))
    for kind, counts in result.items():
        click.echo(f"{kind}: {counts['done']} dikerjakan, {counts['left']} masih tertunda")
    if any(counts["left"] for counts in result.values()):
        raise click.ClickException("Sebagian masih tertunda; layanannya belum pulih.")


# -- cadangan (backups) -----------------------------------------------------------------

@satudata.group("cadangan", short_help="Cadangan: buat, pulihkan, buang yang lama.")
def backups():
    """Cadangan portal: kedua basis data (pg_dump), berkas unggahan dan
    manifest berisi versi dan checksum, dalam satu arsip."""


@backups.command("buat")
@click.option("--ke", "folder", type=click.Path(file_okay=False), default=None,
              help="Folder arsip; bawaan: 'cadangan' di samping ckan.storage_path.")
@click.option("--simpan", "keep", type=click.IntRange(min=1), default=None, metavar="N",
              help="Sesudahnya hapus arsip lama di folder itu, simpan N terbaru.")
def backup_create(folder: str | None, keep: int | None):
    """Buat satu arsip cadangan bertanda waktu (untuk cron setiap malam)."""
    from ckanext.satudata.backup import glue as backup

    folder = folder or backup.default_folder()
    try:
        backup.create(folder, click.echo)
        if keep:
            backup.prune(folder, keep, click.echo)
    except backup.BackupError as error:
        raise click.ClickException(str(error))


@backups.command("pulihkan")
@click.argument("archive", type=click.Path(dir_okay=False))
@click.option("--timpa", "overwrite", is_flag=True,
              help="Pulihkan juga ke instalasi yang sudah berisi data (datanya ditimpa).")
def backup_restore(archive: str, overwrite: bool):
    """Pulihkan ARCHIVE ke instalasi kosong: periksa checksum, basis data,
    berkas, lalu bangun ulang indeks pencarian."""
    from ckanext.satudata.backup import glue as backup

    flask_app = click.get_current_context().meta.get("flask_app")
    try:
        with flask_app.test_request_context() if flask_app else contextlib.nullcontext():
            backup.restore(archive, click.echo, overwrite=overwrite)
    except backup.BackupError as error:
        raise click.ClickException(str(error))


@backups.command("buang-lama")
@click.option("--simpan", "keep", type=click.IntRange(min=1), required=True, metavar="N",
              help="Jumlah arsip terbaru yang disimpan.")
@click.option("--di", "folder", type=click.Path(file_okay=False), default=None,
              help="Folder arsip; bawaan: 'cadangan' di samping ckan.storage_path.")
def backup_prune(keep: int, folder: str | None):
    """Hapus arsip cadangan lama, simpan N terbaru."""
    from ckanext.satudata.backup import glue as backup

    backup.prune(folder or backup.default_folder(), keep, click.echo)
