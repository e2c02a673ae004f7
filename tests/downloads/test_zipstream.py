"""The streamed ZIP archive. Pure."""
from __future__ import annotations

import io
import os
import tracemalloc
import zipfile

from ckanext.satudata.downloads import Entry, safe_name, stream_zip, unique_name


def test_the_stream_is_a_valid_zip_with_every_file(tmp_path):
    paths = []
    for n in range(3):
        path = tmp_path / f"data-{n}.csv"
        path.write_text("kode_wilayah,periode,nilai\n" + f"35.71.01.1001,2025,{n}\n" * 1000)
        paths.append(path)
    entries = [Entry("daftar-isi.csv", data=b"dataset,berkas\n")] + [
        Entry.from_path(f"dataset-{n}/{p.name}", str(p)) for n, p in enumerate(paths)]
    chunks = list(stream_zip(entries, chunk_size=4096))
    assert len(chunks) > 3
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    assert archive.namelist() == ["daftar-isi.csv", "dataset-0/data-0.csv",
                                  "dataset-1/data-1.csv", "dataset-2/data-2.csv"]
    assert archive.read("dataset-2/data-2.csv") == paths[2].read_bytes()
    assert archive.getinfo("dataset-0/data-0.csv").compress_type == zipfile.ZIP_DEFLATED


def test_memory_does_not_grow_with_the_size_of_the_files(tmp_path):
    path = tmp_path / "big.bin"
    with open(path, "wb") as out:
        for _ in range(64):
            out.write(os.urandom(256 * 1024))     # 16 MiB, incompressible

    def peak_while_streaming(entries):
        tracemalloc.start()
        size = sum(len(chunk) for chunk in stream_zip(entries))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return size, peak

    size, peak = peak_while_streaming([Entry.from_path("big.bin", str(path))])
    assert size > 16 * 1024 * 1024
    assert peak < 2 * 1024 * 1024


def test_already_compressed_formats_are_stored():
    archive = zipfile.ZipFile(io.BytesIO(b"".join(stream_zip([
        Entry("a.xlsx", data=b"PK..."), Entry("b.csv", data=b"x")]))))
    assert archive.getinfo("a.xlsx").compress_type == zipfile.ZIP_STORED


def test_names_are_safe_and_unique():
    assert safe_name("../../etc/passwd") == "etc_passwd"
    assert safe_name("Data 2025: balita/bulan.csv") == "Data 2025_ balita_bulan.csv"
    assert safe_name("///") == "berkas"
    used: set[str] = set()
    assert [unique_name(n, used) for n in ("data.csv", "Data.csv", "data.csv")] == [
        "data.csv", "Data (2).csv", "data (3).csv"]
