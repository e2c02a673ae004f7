"""What column names say (privacy/columns.py). Pure: no CKAN."""
from __future__ import annotations

import pytest

from ckanext.satudata.privacy.columns import classify, looks_like_icd10, looks_like_person_name


@pytest.mark.parametrize("name", ["Nama Lengkap", "nama_kepala_keluarga", "NAMA PASIEN", "nama_ibu",
                                  "NamaLengkap", "Kepala Keluarga", "nama penerima bantuan"])
def test_names_of_private_persons(name):
    assert classify(name).person_name == "yes"


@pytest.mark.parametrize("name", ["nama_ketua", "Nama Ketua RT", "nama_kader", "nama_posyandu",
                                  "Nama Kelurahan", "nama_jalan", "nama_penyakit", "nama_petugas",
                                  "namespace", "jumlah_kepala_keluarga"])
def test_names_of_office_holders_places_and_things(name):
    assert classify(name).person_name == ""


def test_a_bare_name_is_judged_by_its_values():
    assert classify("Nama").person_name == "maybe"
    assert looks_like_person_name("Budi Santoso")
    assert not looks_like_person_name("Posyandu Mawar")
    assert not looks_like_person_name("Pos Kamling RW 03")
    assert not looks_like_person_name("Kantor Kelurahan Balowerti")


@pytest.mark.parametrize("name,expected", [
    ("diagnosa", "strong"), ("Diagnosis Utama", "strong"), ("jenis_penyakit", "strong"),
    ("kode_icd10", "strong"), ("Jenis Disabilitas", "strong"), ("status_hiv", "strong"),
    ("status_gizi", "weak"), ("golongan_darah", "weak"), ("imunisasi_dasar", "weak"),
    ("jumlah_penderita_tbc", ""), ("persentase_balita_gizi_buruk", ""), ("prevalensi_stunting", ""),
    ("layanan_imunisasi", ""), ("tenaga_medis", ""), ("stok_obat", ""),
])
def test_health_columns_and_health_statistics(name, expected):
    assert classify(name).health == expected


@pytest.mark.parametrize("name", ["No. RM", "nomor_rekam_medis", "no_bpjs", "No Kartu BPJS"])
def test_medical_record_and_insurance_numbers(name):
    assert classify(name).health_id


def test_addresses_and_locations():
    assert classify("Alamat Domisili").street_address
    assert classify("RT/RW").address and not classify("RT/RW").street_address
    assert not classify("alamat_email").address
    assert classify("latitude").location and classify("geometry").location


def test_what_is_not_a_count_of_people():
    for name in ("tahun", "kode_wilayah", "no", "rw", "umur", "berat_badan", "telepon", "nik"):
        assert classify(name).not_count, name
    for name in ("jumlah_kk", "jumlah_rt"):
        assert not classify(name).not_count, name
    assert classify("jumlah_posyandu").thing_count and classify("jumlah_rt").thing_count
    assert not classify("laki_laki").thing_count and not classify("jumlah_rumah_tangga").thing_count
    assert classify("persentase").rate_name and classify("Cakupan (%)").rate_name


def test_icd10_values():
    for value in ("A09", "J18.9", "E11", "e11.9 diabetes", "U07.1", "O80"):
        assert looks_like_icd10(value), value
    for value in ("A", "RT01", "35.71", "Jl. A10", "AB12", "2024"):
        assert not looks_like_icd10(value), value
