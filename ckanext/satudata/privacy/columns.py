"""What a column's name (and a sample of its values) says it holds.

The scanner decides per table; this module only reads names and single
values. A name is lowercased and cut into words at every character that is
not a letter or digit ("Nama Lengkap", "nama_lengkap" and "NAMA-LENGKAP" are
the same); the words joined without separator ("namalengkap") catch names
written as one word.

Kinds of columns recognised here:

- person names: "nama" with a word that names a private person (nama
  lengkap, nama kepala keluarga, nama pasien, nama ibu, ...), or a bare
  "nama" / "nama <unknown>" whose values look like people's names rather than
  places ("Posyandu Mawar", "Kantor Kelurahan Balowerti" are places). Names of
  office holders (ketua RT, kader, petugas, kepala sekolah, ...) are not
  private persons: a ketua's name is published with the RT it leads.
  Children's names (anak, balita, bayi, siswa) are children's data, a
  specific kind of personal data (UU 27/2022 art. 4).
- addresses: alamat..., jalan, domisili, tempat tinggal, nomor rumah, blok,
  RT and RW, dusun; locations: latitude/longitude and a GeoJSON geometry.
- health (UU 27/2022 art. 4, UU 14/2008 art. 17 h): medical record and
  insurance numbers (no. RM, rekam medis, no. BPJS/KIS: always personal),
  and descriptive health columns: strong ones (diagnosa, penyakit, ICD-10,
  keluhan, disabilitas, HIV, TBC, ODGJ, ...) and weak ones that are personal
  only next to an identified person (status gizi, imunisasi, golongan darah,
  obat, ...).
- other specific personal data: biometric, genetic and criminal-record
  columns (strong); personal finance (gaji, penghasilan, saldo, rekening,
  ...: weak, since the same words head city statistics).
- aggregates: a name with jumlah, total, persentase, prevalensi, rasio,
  rata-rata, angka, cakupan, ... names a count or a rate, never a person's
  attribute: "jumlah_penderita_tbc" is a statistic, not health data.
- not counts: years, months, dates, codes, identifiers, row numbers, RT/RW
  numbers, coordinates, ages and body measurements, telephone and account
  numbers; and counts of things rather than people (posyandu, sekolah, unit,
  luas, anggaran, ...), which carry no re-identification risk.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ckanext.satudata.privacy.findings import BIOMETRIC, CRIMINAL, FINANCIAL, GENETIC

_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_LETTERS_DIGITS = re.compile(r"(?<=[a-z])(?=[0-9])")

PERSON_QUALIFIERS = frozenset({
    "lengkap", "penduduk", "warga", "pemilik", "keluarga", "kk", "pasien", "penerima",
    "responden", "ibu", "ayah", "bapak", "suami", "istri", "orang", "ortu", "wali",
    "pegawai", "karyawan", "peserta", "pemohon", "pelapor", "korban", "tersangka",
    "terdakwa", "pelaku", "penderita", "lansia", "anggota", "pekerja", "buruh",
    "penghuni", "almarhum", "jenazah", "pengantin", "pemilih", "debitur", "nasabah",
    "pelanggan", "mahasiswa", "penyandang", "klien", "pengadu", "saksi", "tamu",
    "pendaftar", "calon", "kepala_keluarga",
})
CHILD_QUALIFIERS = frozenset({"anak", "balita", "bayi", "siswa", "murid", "santri", "didik"})
ROLE_QUALIFIERS = frozenset({
    "ketua", "kepala", "lurah", "camat", "kader", "pengurus", "petugas", "pj",
    "penanggung", "koordinator", "pembina", "sekretaris", "bendahara", "pejabat",
    "pimpinan", "kontak", "pic", "narahubung", "direktur", "bidan", "dokter", "guru",
    "pengelola", "operator", "admin", "verifikator", "penyuluh", "pendamping",
    "fasilitator", "pengasuh", "imam", "takmir", "pendeta", "pemimpin", "walikota",
    "bupati", "pengawas", "pelatih", "instruktur", "produsen", "walidata",
})
OBJECT_QUALIFIERS = frozenset({
    "posyandu", "kelurahan", "kecamatan", "desa", "kabupaten", "kota", "provinsi", "dusun",
    "lingkungan", "jalan", "sekolah", "fasilitas", "usaha", "umkm", "tempat", "lokasi",
    "kegiatan", "program", "rw", "rt", "instansi", "opd", "dinas", "puskesmas", "kantor",
    "toko", "masjid", "produk", "barang", "objek", "obyek", "wisata", "perusahaan",
    "pasar", "bank", "koperasi", "kelompok", "organisasi", "lembaga", "komunitas",
    "yayasan", "gedung", "bangunan", "sungai", "jembatan", "taman", "makam", "indikator",
    "variabel", "kategori", "jenis", "bidang", "urusan", "data", "dataset", "berkas",
    "layer", "satuan", "wilayah", "daerah", "perumahan", "sarana", "prasarana",
    "faskes", "rs", "klinik", "apotek", "pos", "kamling", "penyakit", "obat", "tanaman",
    "komoditas", "hewan", "ternak", "kendaraan", "aset", "proyek", "paket", "unit",
    "ruang", "kamar", "bantuan", "jabatan", "pekerjaan", "agama", "pendidikan", "file",
    "dokumen", "acara", "lomba", "gang", "blok", "kampung", "rumah", "sumber", "tim",
    "fitur", "titik", "layanan", "pelayanan", "situs", "aplikasi", "merek", "perumahan",
})
PERSON_COMPACT = frozenset({
    "namalengkap", "namapenduduk", "namawarga", "namapemilik", "namakk",
    "namakepalakeluarga", "namapasien", "namapenerima", "namaresponden", "namaibu",
    "namaayah", "namasuami", "namaistri", "kepalakeluarga", "pasien", "penerima",
    "penerimabantuan", "responden", "pemilik", "wajibpajak", "fullname",
})
CHILD_COMPACT = frozenset({"namaanak", "namabalita", "namabayi", "namasiswa", "namamurid"})
# Standalone person columns ("Kepala Keluarga" holding names): personal only
# when their values are words; with numbers they are counts.
STANDALONE_PERSON = frozenset({
    "kepalakeluarga", "pasien", "penerima", "penerimabantuan", "responden", "pemilik",
    "wajibpajak"})

ADDRESS_WORDS = frozenset({"alamat", "domisili", "address"})
ADDRESS_COMPACT = frozenset({
    "jalan", "jl", "jln", "namajalan", "tempattinggal", "norumah", "nomorrumah", "street", "gang",
})
# Parts of an address that narrow a person down to a neighbourhood.
AREA_COMPACT = frozenset({
    "rt", "rw", "rtrw", "nort", "norw", "nomorrt", "nomorrw", "blok", "dusun", "kampung",
    "lingkungan",
})
NOT_ADDRESS_WORDS = frozenset({"email", "surel", "web", "website", "url", "ip", "situs"})
LOCATION_COMPACT = frozenset({
    "lat", "latitude", "lintang", "lon", "lng", "long", "longitude", "bujur", "koordinat",
    "coordinates", "geometry", "geom", "titikkoordinat",
})

HEALTH_ID_COMPACT = frozenset({
    "norm", "nomorrm", "normedis", "rekammedis", "norekammedis", "nomorrekammedis",
    "nobpjs", "nomorbpjs", "bpjs", "nokis", "nomorkis", "nokartubpjs", "nomorkartubpjs",
    "noregrm", "noregistermedis", "nokartuberobat",
})
HEALTH_STRONG_WORDS = frozenset({
    "diagnosa", "diagnosis", "dx", "penyakit", "icd", "icd10", "keluhan", "disabilitas",
    "difabel", "cacat", "kecacatan", "hiv", "aids", "odha", "odgj", "kusta", "lepra",
    "tbc", "tuberkulosis", "kelainan", "psikiatri", "diabetes", "hipertensi",
})
HEALTH_STRONG_COMPACT = frozenset({
    "gangguanjiwa", "sebabkematian", "penyebabkematian", "riwayatpenyakit",
    "kondisikesehatan", "statuskesehatan", "riwayatkesehatan", "hasildiagnosa",
    "hasillab", "hasilpemeriksaan", "kodeicd", "icd10", "penyandangdisabilitas",
})
HEALTH_WEAK_WORDS = frozenset({
    "gizi", "stunting", "wasting", "imunisasi", "vaksin", "vaksinasi", "obat", "terapi",
    "tindakan", "alergi", "goldar", "hamil", "kehamilan", "covid", "rawat", "opname",
    "lab", "laboratorium", "kolesterol", "ispa", "dbd", "diare", "kesehatan", "medis",
})
HEALTH_WEAK_COMPACT = frozenset({"golongandarah", "tekanandarah", "guladarah"})
# Words that make a health word describe a service or a facility, not a person.
SERVICE_WORDS = frozenset({
    "layanan", "pelayanan", "program", "fasilitas", "poli", "poliklinik", "unit", "ruang",
    "ruangan", "sarana", "prasarana", "kegiatan", "target", "sasaran", "jadwal", "tempat",
    "lokasi", "biaya", "tarif", "stok", "persediaan", "faskes", "puskesmas", "posyandu",
    "klinik", "apotek", "tenaga", "petugas", "kader", "alat", "anggaran",
})

SPECIFIC_STRONG_WORDS = {
    "biometrik": BIOMETRIC, "biometric": BIOMETRIC, "retina": BIOMETRIC,
    "dna": GENETIC, "genetik": GENETIC, "genetika": GENETIC, "genom": GENETIC,
    "genomik": GENETIC,
    "kriminal": CRIMINAL, "kejahatan": CRIMINAL, "pidana": CRIMINAL,
    "narapidana": CRIMINAL, "napi": CRIMINAL, "vonis": CRIMINAL, "residivis": CRIMINAL,
    "skck": CRIMINAL, "dakwaan": CRIMINAL,
}
SPECIFIC_STRONG_COMPACT = {
    "sidikjari": BIOMETRIC, "fotowajah": BIOMETRIC, "pindaiwajah": BIOMETRIC,
}
FINANCIAL_WORDS = frozenset({
    "gaji", "upah", "penghasilan", "pendapatan", "saldo", "tabungan", "hutang", "utang",
    "pinjaman", "kredit", "tunggakan", "rekening", "norek",
})

COUNT_WORDS = frozenset({"jumlah", "jml", "total", "banyak", "banyaknya", "frekuensi"})
RATE_WORDS = frozenset({
    "persentase", "persen", "prosentase", "pct", "proporsi", "prevalensi", "rasio", "rata",
    "ratarata", "rerata", "angka", "cakupan", "capaian", "insiden", "insidensi", "indeks",
    "laju", "median", "ipm", "skor",
})
NOT_COUNT_WORDS = frozenset({
    "tahun", "thn", "year", "bulan", "bln", "month", "tanggal", "tgl", "date", "periode",
    "triwulan", "semester", "minggu", "hari", "jam", "waktu", "kode", "code", "kd", "id",
    "no", "nomor", "nomer", "urut", "nik", "kk", "nkk", "rt", "rw", "lat", "latitude",
    "lon", "lng", "long", "longitude", "lintang", "bujur", "x", "y", "koordinat", "umur",
    "usia", "age", "berat", "bb", "tinggi", "tb", "lingkar", "lila", "suhu", "tensi",
    "tekanan", "hb", "telepon", "telpon", "telp", "tlp", "hp", "phone", "wa", "whatsapp",
    "kontak", "rekening", "npwp", "bpjs", "kis", "kodepos", "fid", "objectid", "gid",
    "geometry", "geom",
})
# Counts of things, not people: a small number of these identifies nobody.
THING_WORDS = frozenset({
    "posyandu", "sekolah", "unit", "gedung", "bangunan", "fasilitas", "sarana",
    "prasarana", "masjid", "mushola", "musholla", "musala", "gereja", "pura", "vihara",
    "klenteng", "kendaraan", "pasar", "toko", "usaha", "umkm", "puskesmas", "pustu",
    "klinik", "apotek", "rs", "kantor", "koperasi", "kelompok", "lembaga", "organisasi",
    "kegiatan", "program", "jembatan", "jalan", "taman", "lapangan", "pos", "kamling",
    "posko", "titik", "lokasi", "dokumen", "surat", "paket", "ekor", "ternak", "pohon",
    "hektar", "ha", "km", "meter", "m2", "ton", "kg", "liter", "buah", "luas", "panjang",
    "lebar", "jarak", "volume", "kapasitas", "anggaran", "biaya", "harga", "nilai", "rp",
    "rupiah", "dana", "pagu", "realisasi", "rt", "rw", "dusun", "lingkungan", "kelurahan",
    "kecamatan", "desa", "tempat", "tps", "sumur", "kamar", "bed", "rumah", "kios",
    "armada", "mesin", "alat", "sapi", "kambing", "ayam", "ikan", "lahan", "petak",
    "kavling", "bidang", "set", "eksemplar", "judul", "buku", "kegiatan", "proyek",
})

# Codes in these columns look like ICD-10 codes (A01, B12.1) but are not.
NOT_ICD_WORDS = frozenset({
    "blok", "kavling", "kamar", "ruang", "nomor", "no", "kelas", "seri", "tipe", "type",
    "kegiatan", "program", "sub", "urusan", "rekening", "akun", "anggaran", "versi",
    "model", "produk", "barang", "kendaraan", "plat", "polisi", "sektor", "zona",
})

# First words of values that name places and organisations rather than people.
PLACE_WORDS = frozenset({
    "posyandu", "pos", "poskamling", "kamling", "kantor", "kelurahan", "kecamatan",
    "puskesmas", "pustu", "polindes", "poskesdes", "sd", "sdn", "smp", "smpn", "sma",
    "sman", "smk", "smkn", "mi", "min", "mts", "mtsn", "ma", "man", "tk", "paud", "kb",
    "ra", "masjid", "musholla", "mushola", "musala", "langgar", "gereja", "gki", "gkj",
    "pura", "vihara", "klenteng", "rs", "rsu", "rsud", "rsia", "klinik", "apotek", "toko",
    "warung", "cv", "pt", "ud", "koperasi", "kop", "bank", "pasar", "taman", "lapangan",
    "balai", "gedung", "gor", "jembatan", "jalan", "jl", "jln", "gang", "gg", "rt", "rw",
    "dusun", "lingkungan", "kampung", "perumahan", "perum", "hotel", "restoran", "rumah",
    "yayasan", "panti", "pondok", "ponpes", "pp", "dinas", "badan", "sekolah",
    "universitas", "institut", "politeknik", "stikes", "akademi", "kampus", "gudang",
    "terminal", "stasiun", "halte", "makam", "tpu", "tps", "tpst", "tpa", "bengkel",
    "salon", "kelompok", "poktan", "gapoktan", "karang", "lpmk", "pkk", "bumdes",
    "bumdesa", "ukm", "umkm", "perpustakaan", "kolam", "sungai", "kali", "embung",
    "waduk", "bendungan", "sumur", "pdam", "spbu", "kios", "ruko", "mall", "plaza",
    "sentra", "pabrik", "kebun", "sawah", "pemakaman", "kuburan", "pusat", "unit",
    "lembaga", "organisasi", "komunitas", "sanggar", "paguyuban", "majelis", "tpq", "tpa",
    "madrasah", "sdit", "smpit", "klub", "club", "grup", "kantin", "depot", "kedai",
    "rumah", "wisma", "graha", "asrama", "lapas", "rutan", "polsek", "polres", "koramil",
    "kodim", "damkar", "bpbd", "kua", "bapas", "lab", "laboratorium",
})


@dataclass(frozen=True)
class ColumnRole:
    """What a column's name says. `person_name` is "yes" (the name says a
    private person), "maybe" (a bare "nama": the values decide) or "" (not a
    person's name); `person_words_only` is True when the values must be words
    for the column to count as names (a standalone "pasien" could be a count)."""

    person_name: str = ""
    person_words_only: bool = False
    child_name: bool = False
    address: bool = False
    street_address: bool = False   # alamat, jalan (not only RT/RW or dusun)
    location: bool = False
    health_id: bool = False
    health: str = ""        # "strong", "weak" or ""
    specific: str = ""      # a category (BIOMETRIC, ...) or ""
    specific_strength: str = ""
    kk_hint: bool = False
    count_name: bool = False
    rate_name: bool = False
    not_count: bool = False
    thing_count: bool = False
    icd_allowed: bool = True


def normalise_name(name: str) -> str:
    """Returns a column name lowercased, words joined by one underscore."""
    return "_".join(words_of(name))


def words_of(name: str) -> tuple[str, ...]:
    """Returns the words of a column name ("No. RM" -> ("no", "rm")); a
    number glued after letters is split off ("icd10" stays whole, see below)."""
    text = name.replace("\ufeff", "").strip().lower()
    words = [word for word in _WORD_SPLIT.split(text) if word]
    split: list[str] = []
    for word in words:
        split.append(word)
        parts = _LETTERS_DIGITS.split(word)
        if len(parts) > 1:  # "jumlah2023" -> also "jumlah", "2023"; "icd10" kept too
            split.extend(parts)
    return tuple(split)


@lru_cache(maxsize=4096)
def classify(name: str) -> ColumnRole:
    """Returns the ColumnRole of a column called `name` (as the file writes it)."""
    words = words_of(name)
    word_set = frozenset(words)
    compact = "".join(w for w in _WORD_SPLIT.split(name.lower()) if w)
    aggregate = bool(word_set & COUNT_WORDS or word_set & RATE_WORDS or "%" in name)

    person, words_only, child = _person(word_set, compact)
    street = bool(word_set & ADDRESS_WORDS and not word_set & NOT_ADDRESS_WORDS) \
        or compact in ADDRESS_COMPACT
    address = street or compact in AREA_COMPACT
    location = compact in LOCATION_COMPACT or bool(word_set & {"latitude", "longitude"})

    health_id = not aggregate and (
        compact in HEALTH_ID_COMPACT or {"rekam", "medis"} <= word_set
        or ("rm" in word_set and bool(word_set & {"no", "nomor", "nomer"})))
    health = ""
    if not aggregate and not health_id and not word_set & SERVICE_WORDS:
        if word_set & HEALTH_STRONG_WORDS or compact in HEALTH_STRONG_COMPACT \
                or any(c in compact for c in HEALTH_STRONG_COMPACT):
            health = "strong"
        elif word_set & HEALTH_WEAK_WORDS or any(c in compact for c in HEALTH_WEAK_COMPACT):
            health = "weak"

    specific, strength = "", ""
    if not aggregate:
        for word in words:
            if word in SPECIFIC_STRONG_WORDS:
                specific, strength = SPECIFIC_STRONG_WORDS[word], "strong"
                break
        else:
            for part, category in SPECIFIC_STRONG_COMPACT.items():
                if part in compact:
                    specific, strength = category, "strong"
                    break
            else:
                if word_set & FINANCIAL_WORDS:
                    specific, strength = FINANCIAL, "weak"

    count_name = bool(word_set & COUNT_WORDS)
    return ColumnRole(
        person_name=person, person_words_only=words_only, child_name=child,
        address=address, street_address=street, location=location, health_id=health_id, health=health,
        specific=specific, specific_strength=strength,
        kk_hint=_kk_hint(word_set, compact),
        count_name=count_name,
        rate_name=bool(word_set & RATE_WORDS or "%" in name),
        not_count=not count_name and bool(word_set & NOT_COUNT_WORDS),
        thing_count=bool(word_set & THING_WORDS) and "tangga" not in word_set,
        icd_allowed=not (address or word_set & NOT_ICD_WORDS),
    )


def _person(words: frozenset[str], compact: str) -> tuple[str, bool, bool]:
    """Returns (person_name, words_only, child) for a column name."""
    if compact in CHILD_COMPACT or ("nama" in words and words & CHILD_QUALIFIERS):
        return "yes", False, True
    if compact in STANDALONE_PERSON:
        return "yes", True, False
    if compact in PERSON_COMPACT:
        return "yes", False, False
    if "nama" not in words and not compact.startswith("nama"):
        return "", False, False
    if words & PERSON_QUALIFIERS or ("kepala" in words and "keluarga" in words):
        return "yes", False, False
    if words & ROLE_QUALIFIERS or words & OBJECT_QUALIFIERS:
        return "", False, False
    if compact.startswith("nama") and compact != "nama" and "nama" not in words:
        return "", False, False  # "namespace", "namaste": not a name column
    return "maybe", False, False


def _kk_hint(words: frozenset[str], compact: str) -> bool:
    """True when the name says No. KK (Kartu Keluarga) rather than NIK."""
    if "nik" in words:
        return False
    return bool(words & {"kk", "nkk", "nokk"}) or "kartukeluarga" in compact


# --- single values -------------------------------------------------------------

_ICD10 = re.compile(r"[A-Z][0-9][0-9AB](?:\.[0-9A-Z]{1,4})?(?![0-9A-Za-z])")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def looks_like_icd10(value: str) -> bool:
    """Returns True for a value that starts with an ICD-10 code ("A09",
    "J18.9", "E11.9 Diabetes")."""
    return _ICD10.match(value.strip().upper()) is not None


def looks_like_person_name(value: str) -> bool:
    """Returns True for a value that reads like a person's name: words with
    letters, no digits, at most six words, not starting with a word that names
    a place or an organisation."""
    text = value.strip()
    if not text or any(ch.isdigit() for ch in text) or not _HAS_LETTER.search(text):
        return False
    words = [w for w in _WORD_SPLIT.split(text.lower()) if w]
    return 0 < len(words) <= 6 and words[0] not in PLACE_WORDS


def has_letters(value: str) -> bool:
    """Returns True when a value contains at least one letter."""
    return _HAS_LETTER.search(value) is not None
