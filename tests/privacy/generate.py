"""Generators of test files for the personal-data scanner: valid NIK and No.
KK numbers, realistic city statistics, and writers for CSV, XLSX and GeoJSON."""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Iterable, Sequence

KECAMATAN_KEDIRI = ("357101", "357102", "357103")
OTHER_REGIONS = ("357201", "350601", "317401", "320405", "910301", "920201", "960101", "640404")
FIRST_NAMES = ("Budi", "Siti", "Agus", "Dewi", "Slamet", "Sri", "Eko", "Wahyu", "Rina", "Joko",
               "Lestari", "Bambang", "Yuliana", "Hendra", "Ratna")
LAST_NAMES = ("Santoso", "Aminah", "Wibowo", "Rahayu", "Setiawan", "Purnomo", "Hidayat",
              "Kusuma", "Susanti", "Prasetyo")
STREETS = ("Mawar", "Melati", "Kenanga", "Dhoho", "Brawijaya", "Hayam Wuruk", "Veteran")
KELURAHAN = ("Bandar Lor", "Bandar Kidul", "Banjarmlati", "Pojok", "Balowerti", "Semampir",
             "Bangsal", "Dandangan", "Kampung Dalem", "Setono Pande")
DIAGNOSES = ("Diare", "ISPA", "Hipertensi", "Diabetes melitus", "Demam berdarah", "TB paru")
ICD10 = ("A09", "J06.9", "I10", "E11.9", "A91", "A15.0", "K30", "J18.9")
DISABILITIES = ("Tunanetra", "Tunarungu", "Tunadaksa", "Tunagrahita")
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def nik(rng: random.Random, region: str | None = None, woman: bool | None = None) -> str:
    """A valid NIK: a real kecamatan prefix, a real birth date (day + 40 for
    women), a serial from 0001."""
    region = region or rng.choice(KECAMATAN_KEDIRI + OTHER_REGIONS)
    month = rng.randint(1, 12)
    day = rng.randint(1, _MONTH_DAYS[month - 1])
    if woman if woman is not None else rng.random() < 0.5:
        day += 40
    return f"{region}{day:02d}{month:02d}{rng.randint(0, 99):02d}{rng.randint(1, 9999):04d}"


def kk(rng: random.Random, region: str | None = None) -> str:
    """A valid No. KK: issuing kecamatan, issue date, serial."""
    region = region or rng.choice(KECAMATAN_KEDIRI)
    month = rng.randint(1, 12)
    day = rng.randint(1, _MONTH_DAYS[month - 1])
    return f"{region}{day:02d}{month:02d}{rng.randint(5, 25):02d}{rng.randint(1, 9999):04d}"


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def address(rng: random.Random) -> str:
    return f"Jl. {rng.choice(STREETS)} No. {rng.randint(1, 120)}"


def phone(rng: random.Random) -> str:
    """A mobile number as people write it: 08..., +62 8..., 62-8..."""
    number = f"8{rng.randint(11, 99)}{rng.randint(10_000_000, 99_999_999)}"
    return rng.choice((f"0{number}", f"+62{number}", f"+62 {number[:3]}-{number[3:7]}-{number[7:]}",
                       f"62{number}"))


def account_number(rng: random.Random) -> str:
    """A 16-digit bank account or card-like number (random digits)."""
    return f"{rng.randint(10 ** 15, 10 ** 16 - 1)}"


def invalid_region_number(rng: random.Random) -> str:
    """16 digits shaped like a NIK whose region code does not exist."""
    region = rng.choice(("0001", "9901", "3599", "4512", "2001", "8888", "3580", "1190"))
    return f"{region}01{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(0, 99):02d}{rng.randint(1, 9999):04d}"


def invalid_date_number(rng: random.Random) -> str:
    """16 digits with a real Kota Kediri kecamatan but an impossible date
    (day 00, 32-40 or above 71, month 00 or above 12, 30 February)."""
    region = rng.choice(KECAMATAN_KEDIRI)
    day, month = rng.choice(((0, 5), (35, 3), (38, 10), (75, 1), (12, 13), (5, 0), (30, 2), (71, 2)))
    return f"{region}{day:02d}{month:02d}{rng.randint(0, 99):02d}{rng.randint(1, 9999):04d}"


def statistics_rows(rng: random.Random, count: int) -> tuple[list[str], list[list[str]]]:
    """A realistic statistics table: population counts per kelurahan and RW
    by year, with a contact phone, a 16-digit account number of the posyandu,
    16-digit register numbers with an invalid region or date, codes and
    percentages."""
    header = ["tahun", "bulan", "kode_wilayah", "kode_bps", "kelurahan", "rw", "rt", "kategori",
              "laki_laki", "perempuan", "jumlah", "persentase", "telepon_posyandu",
              "no_rekening_posyandu", "nomor_register", "nomor_arsip", "keterangan"]
    rows = []
    for n in range(count):
        men, women = rng.randint(5, 400), rng.randint(5, 400)
        code = f"{rng.randint(1, 17):02d}"
        rows.append([
            str(rng.choice((2022, 2023, 2024, 2025))), str(rng.randint(1, 12)),
            f"35.71.0{rng.randint(1, 3)}.10{code}", f"35710{rng.randint(1, 3)}00{code}",
            rng.choice(KELURAHAN), str(rng.randint(1, 12)), str(rng.randint(1, 9)),
            rng.choice(("Balita", "Lansia", "Ibu hamil", "Remaja")),
            str(men), str(women), str(men + women), f"{rng.random() * 100:.1f}".replace(".", ","),
            phone(rng), account_number(rng), invalid_region_number(rng), invalid_date_number(rng),
            rng.choice(("", "Data sementara", "Revisi", "Sumber: Dinas Kesehatan")),
        ])
    return header, rows


def write_csv(path: Path, header: Sequence[str] | None, rows: Iterable[Sequence[object]],
              delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=delimiter)
        if header is not None:
            writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, sheets: dict[str, tuple[Sequence[str] | None, Iterable[Sequence[object]]]]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title)
        if header is not None:
            sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def write_geojson(path: Path, features: Iterable[tuple[dict, tuple[float, float] | None]]) -> Path:
    """Writes (properties, (lon, lat) or None) pairs as a FeatureCollection."""
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "features": [\n')
        for n, (properties, position) in enumerate(features):
            geometry = {"type": "Point", "coordinates": list(position)} if position else None
            feature = {"type": "Feature", "properties": properties, "geometry": geometry}
            out.write(("" if n == 0 else ",\n") + json.dumps(feature))
        out.write("\n]}\n")
    return path
