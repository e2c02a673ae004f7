"""What the scanner reports, and the messages that tell a person about it.

A Finding names a column (and the sheet of a workbook), the kind of personal
data found and how many rows hold it. It never holds a value from the file,
so neither does any message built from it.

Kinds (`Finding.kind`):

    nik           NIK values (16 digits, known region, valid birth date)      block
    kk            No. KK values (a column whose name says KK)                 block
    name_address  a private person's name next to an address or location     block
    health        health data of individuals (diagnosis, ICD-10, rekam medis,  block
                  disability, ...)
    specific      other specific personal data (UU 27/2022 art. 4): children's block
                  names, biometric, genetic, criminal record, personal finance
    small_cells   counts from 1 to 4 in an aggregate table                    warning

User-facing texts are Indonesian source strings marked with ``N_`` for the
catalogue; ``render_finding(finding, gettext=...)`` translates them with the
caller's gettext (``toolkit._`` in CKAN).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterable

from ckanext.satudata.translation import N_


NIK = "nik"
KK = "kk"
NAME_ADDRESS = "name_address"
HEALTH = "health"
SPECIFIC = "specific"
SMALL_CELLS = "small_cells"

BLOCK = "block"
WARNING = "warning"

#: Every kind, in the order findings are reported.
KINDS: tuple[str, ...] = (NIK, KK, NAME_ADDRESS, HEALTH, SPECIFIC, SMALL_CELLS)
BLOCKING_KINDS = frozenset({NIK, KK, NAME_ADDRESS, HEALTH, SPECIFIC})

# Categories of `specific` findings.
CHILDREN = "anak"
BIOMETRIC = "biometrik"
GENETIC = "genetik"
CRIMINAL = "catatan_kejahatan"
FINANCIAL = "keuangan"

KIND_LABELS: dict[str, str] = {
    NIK: N_("NIK"),
    KK: N_("Nomor KK"),
    NAME_ADDRESS: N_("Nama dan alamat"),
    HEALTH: N_("Data kesehatan"),
    SPECIFIC: N_("Data pribadi spesifik"),
    SMALL_CELLS: N_("Sel kecil"),
}

CATEGORY_LABELS: dict[str, str] = {
    CHILDREN: N_("data anak"),
    BIOMETRIC: N_("data biometrik"),
    GENETIC: N_("data genetika"),
    CRIMINAL: N_("catatan kejahatan"),
    FINANCIAL: N_("keuangan pribadi"),
}

_MESSAGES: dict[str, str] = {
    NIK: N_("{where} berisi NIK (nomor induk kependudukan); jumlah baris: {rows}."),
    KK: N_("{where} berisi nomor Kartu Keluarga; jumlah baris: {rows}."),
    NAME_ADDRESS: N_("{where} berisi nama orang, dan kolom {related} berisi alamat atau "
                     "lokasinya: bersama-sama keduanya mengenali orang; jumlah baris: {rows}."),
    HEALTH: N_("{where} berisi data kesehatan perorangan (diagnosis, penyakit, kode ICD-10, "
               "rekam medis atau disabilitas); jumlah baris: {rows}."),
    SPECIFIC: N_("{where} berisi data pribadi yang bersifat spesifik ({category}); "
                 "jumlah baris: {rows}."),
    SMALL_CELLS: N_("{where} berisi {rows} sel dengan angka 1 sampai 4; angka sekecil ini "
                    "dapat mengenali orang. Pertimbangkan menggabungkan kategori atau wilayah."),
}

_COLUMN = N_("kolom {column}")
_UNNAMED_COLUMN = N_("kolom ke-{number}")
_SHEET = N_("lembar {sheet}")
_GEOMETRY = N_("geometri")

MAX_NAME_LENGTH = 60


@dataclass(frozen=True)
class Finding:
    """One column holding personal data (or a small-cell risk).

    `column` is the column's name as the file writes it (cleaned for display,
    "" when the file gives none or when the header cell itself looked like an
    identifier); `column_number` its 1-based position in its table; `sheet`
    the worksheet of a workbook (None for CSV and GeoJSON); `rows` the number
    of rows holding the data (for small cells: the number of cells);
    `related_column` the address column of a name_address finding
    ("geometry" for a GeoJSON geometry); `category` the category of a
    `specific` finding."""

    kind: str
    column: str
    column_number: int
    rows: int
    sheet: str | None = None
    related_column: str | None = None
    category: str | None = None

    @property
    def severity(self) -> str:
        """BLOCK for personal data, WARNING for small cells."""
        return BLOCK if self.kind in BLOCKING_KINDS else WARNING

    @property
    def blocking(self) -> bool:
        return self.severity == BLOCK

    def to_dict(self) -> dict[str, Any]:
        """Returns the finding as a JSON-ready dict (for storing it)."""
        data = asdict(self)
        data["severity"] = self.severity
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        """Rebuilds a finding stored with to_dict()."""
        return cls(kind=data["kind"], column=data.get("column") or "",
                   column_number=int(data.get("column_number") or 0),
                   rows=int(data.get("rows") or 0), sheet=data.get("sheet"),
                   related_column=data.get("related_column"), category=data.get("category"))


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """Returns the findings that must stop the publication of open or
    restricted data (everything but small-cell warnings)."""
    return [finding for finding in findings if finding.blocking]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    """Returns the findings that only warn the curator (small cells)."""
    return [finding for finding in findings if not finding.blocking]


def display_name(name: Any) -> str:
    """Returns a column or sheet name fit for a message: one line, without
    control characters, at most MAX_NAME_LENGTH characters."""
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in str(name)).split())
    if len(text) > MAX_NAME_LENGTH:
        text = text[:MAX_NAME_LENGTH - 1].rstrip() + "…"
    return text


def format_count(number: int) -> str:
    """Formats a count the Indonesian way: 1.234.567."""
    return f"{number:,}".replace(",", ".")


def _identity(text: str) -> str:
    return text


def render_where(finding: Finding, resource: str | None = None,
                 gettext: Callable[[str], str] = _identity) -> str:
    """Returns where the finding is: "data.csv, lembar Sheet1, kolom nik"
    (resource and sheet only when known)."""
    if finding.column:
        column = gettext(_COLUMN).format(column=finding.column)
    else:
        column = gettext(_UNNAMED_COLUMN).format(number=finding.column_number)
    parts = [display_name(resource)] if resource else []
    if finding.sheet:
        parts.append(gettext(_SHEET).format(sheet=display_name(finding.sheet)))
    parts.append(column)
    where = ", ".join(parts)
    return where if resource else where[:1].upper() + where[1:]


def render_finding(finding: Finding, resource: str | None = None,
                   gettext: Callable[[str], str] = _identity,
                   number: Callable[[int], str] = format_count) -> str:
    """Returns the message for one finding: where (resource, sheet, column),
    what kind of data and how many rows. Never a value from the file: a
    Finding holds none. `gettext` translates the Indonesian source strings
    (pass ``toolkit._``); `number` formats the count."""
    related = finding.related_column or ""
    if related == "geometry":
        related = gettext(_GEOMETRY)
    category = CATEGORY_LABELS.get(finding.category or "", finding.category or "")
    return gettext(_MESSAGES[finding.kind]).format(
        where=render_where(finding, resource, gettext),
        rows=number(finding.rows),
        related=display_name(related),
        category=gettext(category) if category else "")


def render_findings(findings: Iterable[Finding], resource: str | None = None,
                    gettext: Callable[[str], str] = _identity) -> list[str]:
    """Returns render_finding() of each finding, in order."""
    return [render_finding(finding, resource, gettext) for finding in findings]
