"""CSV lines the scanner splits itself (blocks without quotes) and lines it
leaves to the csv module read the same: every line end, empty lines, and a
quoted cell with a line break after many plain blocks. Pure: no CKAN."""
from __future__ import annotations

import random

import pytest

from ckanext.satudata.privacy import NIK, scan_file
from ckanext.satudata.privacy.readers import BLOCK_SIZE, ScanError
from tests.privacy import generate

ROWS = 30_000


def register(line_ends: str, empty_every: int = 0, quoted_at: int | None = None) -> tuple[bytes, str]:
    """A register of ROWS rows with a NIK in the last column; returns (the
    file, the NIK hidden in a quoted cell at row `quoted_at`)."""
    rng = random.Random(5)
    ends = {"lf": ("\n",), "crlf": ("\r\n",), "mixed": ("\n", "\r\n")}[line_ends]
    lines = ["no,kelurahan,jumlah,keterangan,nik"]
    hidden = generate.nik(rng)
    for n in range(ROWS):
        if empty_every and n % empty_every == 0:
            lines.append("")
        note = f'"dilaporkan, lihat\n{hidden}"' if n == quoted_at else ""
        lines.append(f"{n + 1},{generate.KELURAHAN[n % 10]},{n % 50 + 5},{note},{generate.nik(rng)}")
    text = "".join(line + ends[n % len(ends)] for n, line in enumerate(lines))
    return text.encode(), hidden


@pytest.mark.parametrize("line_ends", ["lf", "crlf", "mixed"])
def test_every_line_end_reads_every_row_and_every_nik(line_ends):
    data, _ = register(line_ends, empty_every=1000)
    assert len(data) > 4 * BLOCK_SIZE
    result = scan_file(data)
    assert result.rows_scanned == ROWS  # empty lines are no rows
    assert [(f.kind, f.column, f.rows) for f in result.findings] == [(NIK, "nik", ROWS)]


@pytest.mark.parametrize("line_ends", ["lf", "crlf"])
def test_a_quoted_line_break_after_plain_blocks_stays_in_its_cell(line_ends):
    data, _ = register(line_ends, quoted_at=ROWS - 2000)
    assert data.index(b'"') > 3 * BLOCK_SIZE  # the blocks before were split at the delimiter
    result = scan_file(data)
    assert result.rows_scanned == ROWS
    assert sorted((f.kind, f.column, f.rows) for f in result.findings) == [
        (NIK, "keterangan", 1), (NIK, "nik", ROWS)]


def test_a_carriage_return_inside_a_line_is_left_to_the_csv_module():
    data, _ = register("lf")
    data = data.replace(b"Pojok,", b"Po\rjok,", 1)  # an old Mac line end inside a row
    with pytest.raises(ScanError) as refused:
        scan_file(data)
    assert (refused.value.code, refused.value.params) == ("unreadable_csv", {"line": 5})
