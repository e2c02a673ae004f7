"""The personal-data guard: a streaming scanner for CSV, XLSX and GeoJSON.

Plain Python (no CKAN); memory does not grow with the file. For the glue:

    from ckanext.satudata.privacy import scan_file, ScanError, blocking, render_finding

    try:
        result = scan_file(path_or_file_or_bytes, format_hint=resource["format"])
    except ScanError as error:          # not a table, or an unreadable one
        message = error.render(toolkit._)   # error.code: unsupported_format,
                                            # unsupported_zip, unsupported_xls,
                                            # unsupported_json, unreadable_csv,
                                            # unreadable_xlsx, unreadable_json,
                                            # line_too_long;
        # to translate later, store error.message (the msgid) and error.params,
        # not the rendered text: render = gettext(message).format(**params)
    result.findings      # blocking findings (list[Finding])
    result.warnings      # small-cell warnings for the curator (list[Finding])
    result.rows_scanned, result.tables, result.columns, result.bytes_scanned
    render_finding(finding, resource=resource["name"], gettext=toolkit._)
        # -> "data.csv, kolom nik berisi NIK (nomor induk kependudukan); jumlah baris: 120."
    finding.to_dict() / Finding.from_dict(d)   # for the findings table
    blocking(findings), warnings(findings)     # split stored findings

A Finding has `kind` (nik, kk, name_address, health, specific, small_cells),
`severity` (block or warning), `column`, `column_number`, `sheet`, `rows`,
`related_column` (name_address) and `category` (specific: anak, biometrik,
genetik, catatan_kejahatan, keuangan). It never holds a value of the file.
What a file is comes from its content (``ckanext.satudata.tabular.kinds``), not
from `format_hint`, which only names the format in messages;
`is_supported(format)` tells whether a format name is one the scanner reads.

The rules are documented where they live: identifiers.py (what a NIK/KK
value is), columns.py (what column names mean), tables.py (when a column is
a finding, small cells), readers.py (streaming, encodings, limits).
"""
from ckanext.satudata.privacy.findings import (
    BLOCK, BLOCKING_KINDS, CATEGORY_LABELS, HEALTH, KIND_LABELS, KINDS, KK, NAME_ADDRESS, NIK,
    SMALL_CELLS, SPECIFIC, WARNING, Finding, blocking, render_finding, render_findings,
    render_where, warnings)
from ckanext.satudata.privacy.identifiers import identifier_digits, is_kk, is_nik
from ckanext.satudata.privacy.readers import ScanError
from ckanext.satudata.privacy.scanner import (
    FORMATS, ScanResult, TableSummary, is_supported, normalise_format, scan_file)

__all__ = [
    "BLOCK", "BLOCKING_KINDS", "CATEGORY_LABELS", "FORMATS", "HEALTH", "KIND_LABELS", "KINDS",
    "KK", "NAME_ADDRESS", "NIK", "SMALL_CELLS", "SPECIFIC", "WARNING", "Finding", "ScanError",
    "ScanResult", "TableSummary", "blocking", "identifier_digits", "is_kk", "is_nik",
    "is_supported", "normalise_format", "render_finding", "render_findings", "render_where",
    "scan_file", "warnings",
]
