"""Benchmark: the personal-data scanner on large CSV files.

Generates CSV files of a given size into a temporary directory and scans
each with ckanext.satudata.privacy.scan_file, printing the throughput in
MB/s of CPU time of the scanning process (one core: the scanner is single
threaded), beside it the MB/s of reading the same file with the csv module
alone, the wall time (best of the runs), the peak memory traced while
scanning (tracemalloc, in a separate run) and the verdict. Scenarios:

- statistik: a city statistics table (year, month, region codes, kelurahan,
  RW/RT, counts by sex, a percentage, a contact phone, notes), no long
  numbers: the usual upload. Scanned at the small and the large size, to show
  that memory does not grow with the file.
- statistik + rekening: the same with a 16-digit account number in every
  row: every row passes the screening and is looked at cell by cell.
- register NIK: an individual register (name, address, NIK, No. KK,
  diagnosis): everything is a finding.

The "csv.reader" column reads each file with the csv module alone (the
floor of a scan through the csv module; the scanner splits lines without
quotes itself and may pass it), "ratio" is the scanner's MB/s divided by
it: on a shared machine the ratio moves less than the MB/s.

    .venv/bin/python bench/scan_personal_data.py [--size-mb 100] [--small-mb 10] [--runs 2]
"""
from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ckanext.satudata.privacy import render_finding, scan_file  # noqa: E402

KELURAHAN = ("Bandar Lor", "Bandar Kidul", "Banjarmlati", "Pojok", "Balowerti", "Semampir",
             "Bangsal", "Dandangan", "Kampung Dalem", "Setono Pande", "Ngronggo", "Rejomulyo")
CATEGORIES = ("Balita", "Lansia", "Ibu hamil", "Remaja", "Penyandang disabilitas")
NOTES = ("", "", "", "Data sementara", "Revisi Dinas Kesehatan", "Sumber: kader posyandu")
NAMES = ("Budi Santoso", "Siti Aminah", "Agus Wibowo", "Dewi Rahayu", "Slamet Setiawan")
DIAGNOSES = ("Diare", "ISPA", "Hipertensi", "Diabetes melitus", "Demam berdarah")


def statistics_row(rng: random.Random, n: int, account: bool) -> list[object]:
    men, women = rng.randint(0, 500), rng.randint(0, 500)
    row = [2020 + n % 6, n % 12 + 1, f"35.71.0{n % 3 + 1}.10{n % 17 + 1:02d}", KELURAHAN[n % 12],
           n % 12 + 1, n % 9 + 1, CATEGORIES[n % 5], men, women, men + women,
           f"{rng.random() * 100:.1f}", f"08{rng.randint(10 ** 9, 10 ** 10 - 1)}"]
    if account:
        row.append(rng.randint(10 ** 15, 10 ** 16 - 1))
    row.append(NOTES[n % 6])
    return row


def register_row(rng: random.Random, n: int) -> list[object]:
    day, month = rng.randint(1, 28) + rng.choice((0, 40)), rng.randint(1, 12)
    nik = f"35710{n % 3 + 1}{day:02d}{month:02d}{rng.randint(0, 99):02d}{rng.randint(1, 9999):04d}"
    kk = f"35710{n % 3 + 1}{rng.randint(1, 28):02d}{month:02d}{rng.randint(5, 25):02d}{n % 9999 + 1:04d}"
    return [n + 1, NAMES[n % 5], f"Jl. Mawar No. {n % 150 + 1}", nik, kk, n % 12 + 1,
            DIAGNOSES[n % 5], f"08{rng.randint(10 ** 9, 10 ** 10 - 1)}"]


SCENARIOS = {
    "statistik": (["tahun", "bulan", "kode_wilayah", "kelurahan", "rw", "rt", "kategori",
                   "laki_laki", "perempuan", "jumlah", "persentase", "telepon", "keterangan"],
                  lambda rng, n: statistics_row(rng, n, account=False)),
    "statistik + rekening": (["tahun", "bulan", "kode_wilayah", "kelurahan", "rw", "rt",
                              "kategori", "laki_laki", "perempuan", "jumlah", "persentase",
                              "telepon", "no_rekening", "keterangan"],
                             lambda rng, n: statistics_row(rng, n, account=True)),
    "register NIK": (["no", "nama_lengkap", "alamat", "nik", "no_kk", "rw", "diagnosa", "no_hp"],
                     register_row),
}


def write_csv(path: Path, scenario: str, size: int, seed: int = 7) -> int:
    """Writes `scenario` rows until the file reaches `size` bytes; returns the rows."""
    header, make_row = SCENARIOS[scenario]
    rng = random.Random(seed)
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        while out.tell() < size:
            writer.writerows(make_row(rng, rows + n) for n in range(1000))
            rows += 1000
    return rows


def measure(path: Path, runs: int) -> tuple[object, float, float, int]:
    """Returns (result, best CPU seconds, best wall seconds, peak traced bytes)."""
    cpu, wall = [], []
    for _ in range(runs):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        result = scan_file(path)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started_wall)
    tracemalloc.start()
    scan_file(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, min(cpu), min(wall), peak


def csv_reader_only(path: Path, runs: int) -> float:
    """Returns the best CPU seconds of reading `path` with csv.reader alone."""
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        with open(path, encoding="utf-8", newline="") as source:
            for _row in csv.reader(source):
                pass
        best = min(best, time.process_time() - started)
    return best


def verdict(result) -> str:
    if not result.findings and not result.warnings:
        return "tidak ada temuan"
    parts = [f"{f.kind}:{f.column}" for f in result.findings]
    if result.warnings:
        parts.append(f"{len(result.warnings)} peringatan sel kecil")
    return ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=100, help="large file size (default 100)")
    parser.add_argument("--small-mb", type=float, default=10, help="small file size (default 10)")
    parser.add_argument("--runs", type=int, default=2, help="timed runs per file (default 2)")
    args = parser.parse_args()
    large, small = int(args.size_mb * 1e6), int(args.small_mb * 1e6)

    scan_file(b"a,b\n1,2\n", "csv")  # warm-up (imports, region codes)
    print(f"Personal-data scan of CSV files; Python {sys.version.split()[0]}; "
          f"MB/s = file size / CPU time of one core")
    print(f"{'scenario':<22}{'file':>9}{'rows':>11}{'MB/s':>8}{'csv.reader':>12}{'ratio':>7}"
          f"{'wall':>8}{'peak mem':>10}  result")
    with tempfile.TemporaryDirectory() as directory:
        plan = [("statistik", small), ("statistik", large), ("statistik + rekening", large),
                ("register NIK", large)]
        for scenario, size in plan:
            path = Path(directory) / f"{scenario.replace(' ', '_').replace('+', '')}-{size}.csv"
            rows = write_csv(path, scenario, size)
            result, cpu, wall, peak = measure(path, args.runs)
            floor = csv_reader_only(path, args.runs)
            megabytes = path.stat().st_size / 1e6
            print(f"{scenario:<22}{megabytes:>7.1f}MB{rows:>11,}{megabytes / cpu:>8.1f}"
                  f"{megabytes / floor:>12.1f}{floor / cpu:>7.2f}{wall:>7.2f}s{peak / 1e6:>8.1f}MB"
                  f"  {verdict(result)}")
            path.unlink()
        print("example message:", render_finding(result.findings[0], "register.csv"))
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"process peak RSS (whole run, including the generated rows' writer): {max_rss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
