"""Sample datasets for the demo portal: every dataset type for a few
desa/kelurahan.

The figures and points are invented (reproducibly, from a fixed seed) and
only look plausible; kelurahan centres are approximate. Everything is created
through the same actions a PIC uses, so uploads go through the same checks.

In Kota Kediri the samples are those of five kelurahan with their points.
In another region (``WILAYAH=35.06 make demo``) they are the first desa/
kelurahan of its first kecamatan, without point layers: the reference lists
have no coordinates, so no point could be placed in its desa.
"""
from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk

from ckanext.satudata import reference

# Approximate centres (lon, lat) of the demo kelurahan.
DEMO_KELURAHAN = {
    "balowerti": ("Balowerti", "35.71.02.1002", (112.0170, -7.8130)),
    "bandar-lor": ("Bandar Lor", "35.71.01.1001", (111.9985, -7.8060)),
    "semampir": ("Semampir", "35.71.02.1001", (112.0185, -7.8010)),
    "pojok": ("Pojok", "35.71.01.1004", (111.9830, -7.8280)),
    "bangsal": ("Bangsal", "35.71.03.1001", (112.0330, -7.8400)),
}

#: How many desa/kelurahan of another region get samples (one per kecamatan).
REGION_SAMPLES = 5


@dataclass(frozen=True)
class SampleArea:
    """A desa/kelurahan given sample data."""
    slug: str           # in the datasets' names
    organization: str   # its organisation's name
    title: str          # "Kelurahan Balowerti", "Desa Bulu"
    nama: str
    kode: str
    #: Approximate centre (lon, lat) of its points; None: no point layers.
    centre: tuple[float, float] | None = None


def sample_areas() -> list[SampleArea]:
    """The desa/kelurahan of the configured region that get sample data:
    Kota Kediri's five demo kelurahan, else the first desa/kelurahan of
    each of the region's first kecamatan (by code)."""
    kota_kediri = [SampleArea(slug, f"kelurahan-{slug}", f"Kelurahan {nama}", nama, kode, centre)
                   for slug, (nama, kode, centre) in DEMO_KELURAHAN.items()
                   if reference.by_code(kode) is not None]
    if kota_kediri:
        return kota_kediri
    first: dict[str, reference.Kelurahan] = {}
    for kelurahan in reference.all_kelurahan():
        first.setdefault(kelurahan.kode_kecamatan, kelurahan)
    return [SampleArea(k.slug, k.organization_name, k.title, k.nama, k.kode)
            for _, k in sorted(first.items())[:REGION_SAMPLES]]


STRATA = ("pratama", "madya", "purnama", "mandiri")
STREETS = ("Jl. Mawar", "Jl. Melati", "Jl. Kenanga", "Jl. Dahlia", "Jl. Anggrek",
           "Jl. Flamboyan", "Jl. Cempaka", "Jl. Teratai")
NAMES = ("Budi Santoso", "Siti Aminah", "Agus Salim", "Dewi Lestari", "Slamet Riyadi",
         "Rina Wati", "Joko Susilo", "Sri Wahyuni", "Bambang Irawan", "Endang Sulastri")


def _point(rng: random.Random, centre: tuple[float, float]) -> tuple[float, float]:
    lon, lat = centre
    return (round(lon + rng.uniform(-0.004, 0.004), 6),
            round(lat + rng.uniform(-0.004, 0.004), 6))


def _features(kind: str, nama: str, centre, rng: random.Random) -> list[dict[str, Any]]:
    features = []

    def add(properties: dict[str, Any]) -> None:
        lon, lat = _point(rng, centre)
        features.append({"type": "Feature", "properties": properties,
                         "geometry": {"type": "Point", "coordinates": [lon, lat]}})

    if kind == "kantor-kelurahan":
        add({"nama": f"Kantor Kelurahan {nama}", "alamat": f"{rng.choice(STREETS)} No. 1"})
    elif kind == "posyandu":
        for number in range(1, rng.randint(5, 8) + 1):
            add({"nama": f"Posyandu {rng.choice(('Mawar', 'Melati', 'Kenanga', 'Dahlia'))} {number}",
                 "strata": rng.choice(STRATA), "rw": str(number),
                 "alamat": f"{rng.choice(STREETS)} No. {rng.randint(2, 90)}",
                 "jumlah_kader": rng.randint(4, 10)})
    elif kind == "pos-kamling":
        for rw in range(1, rng.randint(4, 7) + 1):
            add({"nama": f"Pos Kamling RW {rw:02d}", "rw": str(rw)})
    elif kind == "rt":
        for rw in range(1, 5):
            for rt in range(1, rng.randint(3, 6) + 1):
                add({"rt": str(rt), "rw": str(rw), "ketua": rng.choice(NAMES),
                     "jumlah_kk": rng.randint(30, 90)})
    return features


def _upload(content: str, filename: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(content.encode("utf-8")), filename=filename)


def _existing(name: str) -> dict | None:
    try:
        return tk.get_action("package_show")({"ignore_auth": True}, {"id": name})
    except tk.ObjectNotFound:
        return None


def _publish(context: dict, dataset: dict) -> None:
    """Take a sample dataset through review: submitted, then published."""
    if dataset.get("satudata_status") == "terbit":
        return
    if dataset.get("satudata_status") != "diajukan":
        tk.get_action("satudata_submit")(dict(context), {"id": dataset["id"]})
    tk.get_action("satudata_approve")(dict(context), {
        "id": dataset["id"], "note": "Data contoh demo, diterbitkan otomatis."})


def _create(context: dict, dataset: dict, resources: list[tuple[str, str, str]]) -> bool:
    """Create a sample dataset with its files, published; an existing one is
    only published if it is not yet."""
    existing = _existing(dataset["name"])
    if existing is not None:
        _publish(context, existing)
        return False
    created = tk.get_action("package_create")(dict(context), dataset)
    for name, filename, content in resources:
        tk.get_action("resource_create")(dict(context), {
            "package_id": created["id"], "name": name,
            "upload": _upload(content, filename)})
    _publish(context, dict(created, satudata_status="draf"))
    return True


def _profile(area: SampleArea, year: int, rng: random.Random) -> dict[str, Any]:
    male = rng.randint(2500, 7500)
    return {
        "type": "profil-kelurahan", "name": f"profil-{area.slug}-{year}",
        "title": f"Profil {area.title} {year}", "owner_org": area.organization,
        "tahun": str(year), "penduduk_laki_laki": str(male),
        "penduduk_perempuan": str(male + rng.randint(-200, 300)),
        "jumlah_kk": str(male * 2 // 3), "jumlah_rw": str(rng.randint(4, 12)),
        "jumlah_rt": str(rng.randint(20, 60)), "luas_km2": str(round(rng.uniform(0.5, 3.5), 2)),
        "jumlah_posyandu": str(rng.randint(4, 12)), "jumlah_pos_kamling": str(rng.randint(5, 20)),
        "jumlah_sekolah": str(rng.randint(2, 10)),
        "jumlah_fasilitas_kesehatan": str(rng.randint(1, 4)),
        "jumlah_tempat_ibadah": str(rng.randint(5, 25)), "jumlah_pasar": str(rng.randint(0, 2)),
        "produsen": area.title, "klasifikasi_akses": "terbuka",
        "notes": f"Profil tahunan {area.title} (data contoh untuk demo).",
    }


def _statistic(area: SampleArea, rng: random.Random) -> tuple[dict, str]:
    rows = ["kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan"]
    for month in range(1, 13):
        rows.append(f"{area.kode},{area.nama},2025-{month:02d},Balita ditimbang,"
                    f"{rng.randint(120, 260)},jiwa")
    dataset = {
        "type": "statistik-sektoral", "name": f"balita-ditimbang-{area.slug}-2025",
        "title": f"Balita ditimbang di posyandu, {area.title} 2025",
        "owner_org": area.organization, "bidang_urusan": "kesehatan",
        "notes": f"Jumlah balita yang ditimbang di posyandu {area.title} per bulan.",
        "konsep": "Penimbangan balita di posyandu",
        "definisi": "Banyaknya balita (0–59 bulan) yang ditimbang di posyandu dalam satu bulan.",
        "satuan": "jiwa", "ukuran": "jumlah", "tahun": "2025", "frekuensi": "bulanan",
        "periode_referensi": "Januari–Desember 2025", "tingkat_penyajian": "kelurahan",
        "cakupan": "kelurahan", "produsen": area.title,
        "klasifikasi_akses": "terbuka", "tag_string": "posyandu,balita,kesehatan",
        "kode_indikator": "balita-ditimbang",
    }
    return dataset, "\n".join(rows) + "\n"


POSYANDU_YEARS = (2023, 2024, 2025)


def _posyandu_statistic() -> tuple[dict, str]:
    """A region-wide table of Dinas Kesehatan: posyandu per desa/kelurahan,
    all of the region over three years (the statistics pages compare them)."""
    region = reference.current()
    rng = random.Random("satudata-demo-posyandu")
    rows = ["kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan"]
    for kelurahan in reference.all_kelurahan():
        count = rng.randint(4, 12)
        for year in POSYANDU_YEARS:
            rows.append(f"{kelurahan.kode},{kelurahan.nama},{year},Jumlah posyandu,{count},unit")
            count = max(2, count + rng.choice((-1, 0, 0, 1, 1)))
    dataset = {
        "type": "statistik-sektoral", "name": "jumlah-posyandu-per-kelurahan",
        "title": f"Jumlah posyandu per {region.jenis_plural}, {region.title} 2023–2025",
        "owner_org": "dinkes", "bidang_urusan": "kesehatan",
        "notes": f"Jumlah posyandu di setiap {region.jenis_plural} {region.title} pada akhir "
                 "tahun (data contoh untuk demo).",
        "konsep": "Posyandu (pos pelayanan terpadu)",
        "definisi": "Banyaknya posyandu yang terdaftar di kelurahan pada akhir tahun.",
        "satuan": "unit", "ukuran": "jumlah", "tahun": str(POSYANDU_YEARS[-1]),
        "frekuensi": "tahunan", "periode_referensi": "Keadaan akhir tahun 2023–2025",
        "tingkat_penyajian": "kelurahan", "cakupan": "kota",
        "produsen": f"Dinas Kesehatan {region.title}", "klasifikasi_akses": "terbuka",
        "tag_string": "posyandu,kesehatan",
    }
    return dataset, "\n".join(rows) + "\n"


def _restricted_statistic(area: SampleArea) -> tuple[dict, str]:
    """A restricted (`terbatas`) statistic of `area` (Balowerti in Kota
    Kediri): its metadata is public, its table is given through an access
    request (the demo of the request flow: `pengguna` asks, `kurator`
    decides)."""
    rng = random.Random("satudata-demo-gizi")
    rows = ["rw,balita_ditimbang,gizi_kurang,stunting"]
    for rw in range(1, 9):
        weighed = rng.randint(30, 70)
        rows.append(f"{rw},{weighed},{rng.randint(1, 6)},{rng.randint(1, 8)}")
    dataset = {
        "type": "statistik-sektoral", "name": f"status-gizi-balita-per-rw-{area.slug}-2025",
        "title": f"Status gizi balita per RW, {area.title} 2025",
        "owner_org": area.organization, "bidang_urusan": "kesehatan",
        "notes": "Balita ditimbang, gizi kurang dan stunting per RW (data contoh untuk "
                 "demo). Data terbatas: ajukan permintaan akses untuk tabelnya.",
        "konsep": "Status gizi balita", "definisi": "Banyaknya balita menurut status gizi "
        "hasil penimbangan di posyandu, per RW.",
        "satuan": "jiwa", "ukuran": "jumlah", "tahun": "2025", "frekuensi": "tahunan",
        "periode_referensi": "Agustus 2025 (bulan penimbangan)", "tingkat_penyajian": "rw",
        "cakupan": "kelurahan", "produsen": area.title,
        "klasifikasi_akses": "terbatas", "tag_string": "gizi,balita,stunting",
    }
    return dataset, "\n".join(rows) + "\n"


def catalogue_indicators() -> list[dict[str, Any]]:
    """The demo's statistics as indicators of the catalogue (`ckan satudata
    muat-katalog --contoh`): their MS-Ind fields as the sample datasets
    carry them, and the columns of their tables."""
    rng = random.Random("satudata-demo-catalogue")
    area = sample_areas()[0]
    made = [(_statistic(area, rng), "balita-ditimbang", "Balita ditimbang di posyandu", True),
            (_posyandu_statistic(), "jumlah-posyandu", "Jumlah posyandu", False),
            (_restricted_statistic(area), "status-gizi-balita", "Status gizi balita per RW",
             False)]
    fields = ("bidang_urusan", "konsep", "definisi", "satuan", "ukuran", "rumus",
              "interpretasi", "frekuensi", "tingkat_penyajian")
    return [dict({name: dataset.get(name) or "" for name in fields}, kode=kode, nama=nama,
                 wajib=wajib, kolom=table.splitlines()[0].split(","))
            for (dataset, table), kode, nama, wajib in made]


POINT_TITLES = {
    "kantor-kelurahan": "Kantor kelurahan", "posyandu": "Posyandu",
    "pos-kamling": "Pos kamling", "rt": "Lokasi RT",
}


def load(context: dict) -> int:
    """Create the sample datasets that do not exist yet; returns how many."""
    created = 0
    areas = [area for area in sample_areas() if _organization_exists(area.organization)]
    for area in areas:
        rng = random.Random(f"satudata-demo-{area.slug}")
        for year in (2025, 2026):
            created += _create(context, _profile(area, year, rng), [])
        dataset, table = _statistic(area, rng)
        created += _create(context, dataset, [("Data bulanan 2025", "balita-ditimbang.csv", table)])
        if area.centre is None:
            continue
        for kind, title in POINT_TITLES.items():
            collection = {"type": "FeatureCollection",
                          "features": _features(kind, area.nama, area.centre, rng)}
            layer = {
                "type": "peta-titik", "name": f"{kind}-{area.slug}",
                "title": f"{title} {area.title}", "owner_org": area.organization,
                "jenis_titik": kind, "tahun": "2026", "produsen": area.title,
                "klasifikasi_akses": "terbuka",
                "notes": f"{title} di {area.title} (titik contoh untuk demo).",
            }
            created += _create(context, layer, [(f"{title} {area.nama}",
                                                 f"{kind}-{area.slug}.geojson",
                                                 json.dumps(collection))])
    if _organization_exists("dinkes"):
        dataset, table = _posyandu_statistic()
        created += _create(context, dataset, [("Jumlah posyandu 2023–2025",
                                               "jumlah-posyandu-per-kelurahan.csv", table)])
    if areas:
        dataset, table = _restricted_statistic(areas[0])
        created += _create(context, dataset, [("Status gizi per RW 2025",
                                               "status-gizi-per-rw.csv", table)])
    # Statistics published before the statistics pages existed get their figures.
    tk.get_action("satudata_indicator_extract")(dict(context), {})
    return created


def _organization_exists(name: str) -> bool:
    try:
        tk.get_action("organization_show")({"ignore_auth": True}, {
            "id": name, "include_datasets": False, "include_users": False})
    except tk.ObjectNotFound:
        return False
    return True
