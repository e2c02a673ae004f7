"""The scanner checks a batch of 16-digit values at once; what it reports
must be what checking each value alone (is_nik, is_kk) says. Pure: no CKAN."""
from __future__ import annotations

import random

from ckanext.satudata.privacy import KK, NIK, is_kk, is_nik, scan_file
from tests.privacy import generate

ROWS = 3000  # several batches, most of them after the sample rows


def near_miss(rng: random.Random) -> str:
    """16 digits that are almost a NIK: one part of the rule broken, or a
    29 February (valid only in a leap year)."""
    region = rng.choice(generate.KECAMATAN_KEDIRI)
    serial = f"{rng.randint(1, 9999):04d}"
    return rng.choice((
        f"9999{region[4:]}150690{serial}",          # no such kabupaten/kota
        f"{region[:4]}00150690{serial}",            # kecamatan 00
        f"{region}320190{serial}",                  # 32 January
        f"{region}310490{serial}",                  # 31 April
        f"{region}7202{rng.randint(0, 99):02d}{serial}",  # 72 February
        f"{region}2902{rng.randint(0, 99):02d}{serial}",  # leap year or not
        f"{region}6902{rng.randint(0, 99):02d}{serial}",  # a woman's 29 February
        f"{region}1513{rng.randint(0, 99):02d}{serial}",  # month 13
    ))


def test_a_mixed_nik_column_counts_exactly_what_is_nik_accepts(tmp_path):
    rng = random.Random(31)
    path = tmp_path / "campuran.csv"
    values = []
    for n in range(ROWS):
        kind = rng.random()
        values.append(generate.nik(rng) if kind < 0.6 else near_miss(rng) if kind < 0.95
                      else "" if n % 2 else generate.account_number(rng))
    with open(path, "w", encoding="utf-8") as out:
        out.write("kelurahan,nik,no_rekening,jumlah\n")
        for n, value in enumerate(values):
            account = f"{rng.randint(10 ** 15, 10 ** 16 - 1)}"
            out.write(f"{generate.KELURAHAN[n % 10]},{value},{account},{n % 50 + 5}\n")

    result = scan_file(path)

    (finding,) = [f for f in result.findings if f.column == "nik"]
    assert finding.kind == NIK
    assert finding.rows == sum(map(is_nik, values))
    assert not [f for f in result.findings if f.column == "no_rekening" and f.kind in (NIK, KK)]


def test_one_womans_day_in_the_last_rows_makes_a_kk_column_nik(tmp_path):
    rng = random.Random(32)
    men = [generate.kk(rng) for _ in range(ROWS)]
    assert all(map(is_kk, men))
    path = tmp_path / "kk.csv"
    for last in (None, generate.nik(rng, woman=True)):
        column = men if last is None else men[:-1] + [last]
        with open(path, "w", encoding="utf-8") as out:
            out.write("no,no_kk\n")
            out.writelines(f"{n + 1},{value}\n" for n, value in enumerate(column))

        (finding,) = scan_file(path).findings

        assert (finding.kind, finding.rows) == (KK if last is None else NIK, ROWS)
