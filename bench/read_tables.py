"""Benchmark: the shared table reader (ckanext.satudata.tabular.reading) on
large tables, beside the csv module alone.

Generates, in a temporary directory, a city statistics table (year, region
code, kelurahan, RW, category, counts written Indonesian-style as 12.345,
a percentage as 12,5, notes) in the forms PICs upload it:

- Excel CSV, Indonesian locale: `;`-separated, Windows-1252 (the large size);
- UTF-8 with `,` (the large size);
- Excel "Unicode text": UTF-16 LE with BOM, tab-separated (the small size);
- an XLSX workbook (the small size: a workbook is read cell by cell by openpyxl).

For each it prints the MB/s of CPU time (one core) of iterating every row
through the shared reader (encoding, delimiter and header found from the
content), beside reading the same file with ``open(encoding=...)`` and
``csv.reader`` given the right delimiter (what the previous readers did,
without finding either), the peak memory traced by tracemalloc in a separate
run, and what the reader found. A last line reads a statistic of
``statistics.tables.MAX_ROWS`` rows into observations (numbers and periods
parsed, per-column number style).

    .venv/bin/python bench/read_tables.py [--size-mb 100] [--small-mb 10] [--runs 2]
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ckanext.satudata.statistics.tables import MAX_ROWS, read_observations  # noqa: E402
from ckanext.satudata.tabular import reading  # noqa: E402

KELURAHAN = ("Bandar Lor", "Bandar Kidul", "Banjarmlati", "Pojok", "Balowerti", "Semampir",
             "Bangsal", "Dandangan", "Kampung Dalem", "Setono Pande", "Ngronggo", "Rejomulyo")
CATEGORIES = ("Balita", "Lansia", "Ibu hamil", "Remaja", "Penyandang disabilitas")
NOTES = ("", "", "", "Data sementara", "Revisi Dinas Kesehatan – Juni", "Sumber: kader posyandu")
HEADER = ["kode_wilayah", "nama_wilayah", "periode", "rw", "kategori", "indikator", "nilai",
          "persentase", "keterangan"]


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def table_row(rng: random.Random, n: int) -> list[str]:
    return [f"35.71.0{n % 3 + 1}.10{n % 17 + 1:02d}", KELURAHAN[n % 12], str(2020 + n % 6),
            str(n % 12 + 1), CATEGORIES[n % 5], "Jumlah penduduk",
            thousands(rng.randint(1000, 90_000)), f"{rng.random() * 100:.1f}".replace(".", ","),
            NOTES[n % 6]]


def write_csv(path: Path, size: int, delimiter: str, encoding: str, seed: int = 7) -> int:
    """Writes rows until the file holds about `size` bytes; returns the data rows."""
    rng = random.Random(seed)
    rows = 0
    width = 2 if encoding.startswith("utf-16") else 1  # bytes per (ASCII) character
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(HEADER)
        written = 0
        while written * width < size:
            batch = [table_row(rng, rows + n) for n in range(1000)]
            writer.writerows(batch)
            written += sum(len(delimiter.join(row)) + 2 for row in batch)
            rows += 1000
    return rows


def write_xlsx(path: Path, size: int, seed: int = 7) -> int:
    """Writes a workbook of about as many rows as a CSV of `size` bytes."""
    import openpyxl

    rng = random.Random(seed)
    rows = size // 110
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(HEADER)
    for n in range(rows):
        row: list[Any] = table_row(rng, n)
        row[2], row[3] = int(row[2]), int(row[3])
        sheet.append(row)
    book.save(path)
    return rows


def shared_reader(path: Path) -> reading.Description:
    with open(path, "rb") as binary:
        table = reading.open_table(binary)
        assert table is not None
        with table:
            for _row in table:
                pass
        return table.description


def csv_module(delimiter: str, encoding: str) -> Callable[[Path], None]:
    def read(path: Path) -> None:
        with open(path, encoding=encoding, newline="", errors="replace") as source:
            for _row in csv.reader(source, delimiter=delimiter):
                pass
    return read


def timed(read: Callable[[Path], Any], path: Path, runs: int) -> tuple[Any, float, int]:
    """(result, best CPU seconds, peak traced bytes of a separate run)."""
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.process_time()
        result = read(path)
        best = min(best, time.process_time() - started)
    tracemalloc.start()
    read(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, best, peak


def observations(path: Path) -> int:
    with open(path, "rb") as binary:
        table = reading.open_table(binary)
        assert table is not None
        result = read_observations(table)
    return len(result.observations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=100, help="large CSV size (default 100)")
    parser.add_argument("--small-mb", type=float, default=10,
                        help="UTF-16 CSV and XLSX size (default 10)")
    parser.add_argument("--runs", type=int, default=2, help="timed runs per file (default 2)")
    args = parser.parse_args()
    large, small = int(args.size_mb * 1e6), int(args.small_mb * 1e6)

    print(f"Reading tables; Python {sys.version.split()[0]}; MB/s = file size / CPU time of one core")
    print(f"{'file':<34}{'size':>9}{'rows':>12}{'shared':>8}{'csv only':>10}"
          f"{'peak shared':>13}{'peak csv':>10}  found")
    plan = [("Excel CSV id (; cp1252)", large, ";", "cp1252"),
            ("UTF-8 CSV (,)", large, ",", "utf-8"),
            ("Unicode text (tab, UTF-16)", small, "\t", "utf-16"),
            ("XLSX workbook", small, None, None)]
    with tempfile.TemporaryDirectory() as directory:
        for label, size, delimiter, encoding in plan:
            path = Path(directory) / ("table.xlsx" if delimiter is None else "table.csv")
            if delimiter is None:
                rows = write_xlsx(path, size)
            else:
                rows = write_csv(path, size, delimiter, encoding)
            megabytes = path.stat().st_size / 1e6
            found, cpu, peak = timed(shared_reader, path, args.runs)
            if delimiter is None:
                floor_text, peak_text = "-", "-"
            else:
                _, floor, floor_peak = timed(csv_module(delimiter, encoding), path, args.runs)
                floor_text, peak_text = f"{megabytes / floor:.1f}", f"{floor_peak / 1e6:.1f}MB"
            described = f"{found.kind} {found.encoding or ''} {found.delimiter or ''!r} " \
                        f"header row {found.header_row}"
            print(f"{label:<34}{megabytes:>7.1f}MB{rows:>12,}{megabytes / cpu:>8.1f}"
                  f"{floor_text:>10}{peak / 1e6:>11.1f}MB{peak_text:>10}  {described}")
            if label.startswith("Excel CSV"):
                statistic = Path(directory) / "statistic.csv"
                write_csv(statistic, int(MAX_ROWS * 110), delimiter, encoding)
                count, cpu, peak = timed(observations, statistic, args.runs)
                size_mb = statistic.stat().st_size / 1e6
                print(f"{'  statistic -> observations':<34}{size_mb:>7.1f}MB{count:>12,}"
                      f"{size_mb / cpu:>8.1f}{'-':>10}{peak / 1e6:>11.1f}MB{'-':>10}  "
                      f"{count:,} observations (MAX_ROWS {MAX_ROWS:,})")
                statistic.unlink()
            path.unlink()


if __name__ == "__main__":
    main()
