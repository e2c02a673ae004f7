"""The kinds of map point layers and their attributes: the one source of truth.

A `peta-titik` dataset holds points of one kind. Each kind declares its
required and optional attributes; every kind also accepts the optional
`nama_kelurahan` and `kode_kelurahan` columns. Columns a kind does not
declare are kept as they are, except columns that look like personal
identifiers (NIK, nomor KK, telephone numbers, ...), which are refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ckanext.satudata.maps.errors import RowError, shown
from ckanext.satudata.translation import _

TEXT = "text"
POSITIVE_INTEGER = "positive_integer"  # an identifying number such as RT/RW: kept as a string, "003" -> "3"
COUNT = "count"                        # a non-negative integer quantity: kept as an int
CHOICE = "choice"                      # one of `choices`, case-insensitive, kept in lowercase

STRATA_POSYANDU = ("pratama", "madya", "purnama", "mandiri")


@dataclass(frozen=True)
class Attribute:
    """One attribute (column / GeoJSON property) of a point kind."""

    name: str
    label_id: str
    label_en: str
    value_type: str = TEXT
    choices: tuple[str, ...] = ()
    example: str = ""


@dataclass(frozen=True)
class PointKind:
    """A kind of point layer: its code, labels and attributes."""

    code: str
    label_id: str
    label_en: str
    required: tuple[Attribute, ...]
    optional: tuple[Attribute, ...]

    @property
    def attributes(self) -> tuple[Attribute, ...]:
        """Returns the required then the optional attributes."""
        return self.required + self.optional

    def attribute(self, name: str) -> Attribute | None:
        """Returns the attribute called `name`, or None."""
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None


def _nama(example: str) -> Attribute:
    return Attribute("nama", "Nama", "Name", example=example)


def _alamat(example: str = "Jl. Contoh No. 1") -> Attribute:
    return Attribute("alamat", "Alamat", "Address", example=example)


RT = Attribute("rt", "Nomor RT", "RT number", POSITIVE_INTEGER, example="2")
RW = Attribute("rw", "Nomor RW", "RW number", POSITIVE_INTEGER, example="3")
KELURAHAN_ATTRIBUTES = (
    Attribute("nama_kelurahan", "Nama kelurahan", "Kelurahan name", example="Balowerti"),
    Attribute("kode_kelurahan", "Kode kelurahan", "Kelurahan code", example="35.71.02.1002"),
)

KINDS: dict[str, PointKind] = {
    kind.code: kind for kind in (
        PointKind(
            "kantor-kelurahan", "Kantor kelurahan", "Kelurahan office",
            required=(_nama("Kantor Kelurahan Balowerti"), _alamat()),
            optional=KELURAHAN_ATTRIBUTES),
        PointKind(
            "posyandu", "Posyandu", "Integrated health post (posyandu)",
            required=(
                _nama("Posyandu Mawar"),
                Attribute("strata", "Strata posyandu", "Posyandu level", CHOICE,
                          choices=STRATA_POSYANDU, example="madya"),
                RW,
                _alamat()),
            optional=(RT, Attribute("jumlah_kader", "Jumlah kader", "Number of cadres",
                                    COUNT, example="5")) + KELURAHAN_ATTRIBUTES),
        PointKind(
            "pos-kamling", "Pos kamling", "Neighbourhood security post (pos kamling)",
            required=(_nama("Pos Kamling RW 03"), RW),
            optional=(_alamat(), RT) + KELURAHAN_ATTRIBUTES),
        PointKind(
            "rt", "RT (rukun tetangga)", "Neighbourhood unit (RT)",
            required=(RT, RW, Attribute("ketua", "Ketua RT", "Head of the RT",
                                        example="Budi Santoso")),
            optional=(Attribute("jumlah_kk", "Jumlah KK", "Number of households",
                                COUNT, example="45"),
                      _alamat()) + KELURAHAN_ATTRIBUTES),
    )
}


def get_kind(code: str) -> PointKind:
    """Returns the PointKind for `code`; raises ValueError for an unknown code."""
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"unknown point kind {code!r}; expected one of {sorted(KINDS)}") from None


_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_name(name: str) -> str:
    """Returns a column or property name normalised for matching: lowercase,
    stripped, runs of spaces and hyphens turned into one underscore."""
    return _SEPARATORS.sub("_", name.replace("\ufeff", "").strip().lower())


_PERSONAL_TOKENS = frozenset({
    "nik", "hp", "handphone", "ponsel", "telepon", "telpon", "telp", "phone",
    "whatsapp", "email", "surel"})
_PERSONAL_COMPACT = frozenset({
    "kk", "nokk", "nomorkk", "kartukeluarga", "nokartukeluarga", "nomorkartukeluarga"})


def is_personal_identifier(name: str) -> bool:
    """Returns True when a column name looks like a personal identifier (NIK,
    nomor KK, telephone, e-mail) whose values must never be published."""
    tokens = [token for token in re.split(r"[^a-z0-9]+", name.lower()) if token]
    if _PERSONAL_TOKENS.intersection(tokens):
        return True
    if "".join(tokens) in _PERSONAL_COMPACT:
        return True
    # "no_kk_ketua", "nomor kk pemilik": a KK number whatever follows
    return any(first in ("no", "nomor") and second == "kk"
               for first, second in zip(tokens, tokens[1:]))


def clean_text(raw: Any) -> Any:
    """Returns a property value with surrounding whitespace removed from
    strings; an empty string becomes None. Other values are returned as is."""
    if isinstance(raw, str):
        return raw.strip() or None
    return raw


_PLAIN_INTEGER = re.compile(r"\d{1,9}")


@lru_cache(maxsize=None)
def _prefixed_integer(prefix: str) -> re.Pattern[str]:
    """Returns the pattern of a number optionally written after its name ("RW 03")."""
    return re.compile(rf"(?:{re.escape(prefix)}\.?\s*)?(\d{{1,9}})", re.IGNORECASE)


def _integer(raw: Any, prefix: str | None) -> int | None:
    """Returns the integer written in `raw` ("003", 3, 3.0, "RW 03" when
    prefix is "rw"), or None when it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if _PLAIN_INTEGER.fullmatch(text):
        return int(text)
    match = _prefixed_integer(prefix).fullmatch(text) if prefix else None
    return int(match.group(1)) if match else None


def check_attribute(attribute: Attribute, raw: Any, row: int) -> tuple[Any, RowError | None]:
    """Checks and normalises the value of `attribute` in data row `row`.

    Returns (value, None) with the normalised value (None when empty), or
    (None, RowError) when the value is invalid. Emptiness of a required
    attribute is checked by the caller.
    """
    value = clean_text(raw)
    if value is None:
        return None, None
    if attribute.value_type == TEXT:
        if isinstance(value, str):
            return " ".join(value.split()), None
        if isinstance(value, (dict, list)):
            return None, RowError(row, attribute.name, _(
                "Baris {row}: kolom {column} harus berupa teks."
            ).format(row=row, column=attribute.name), "invalid_attribute")
        return " ".join(str(value).split()), None
    if attribute.value_type == CHOICE:
        choice = str(value).strip().lower()
        if choice in attribute.choices:
            return choice, None
        return None, RowError(row, attribute.name, _(
            'Baris {row}: {column} "{value}" tidak dikenal; pilih salah satu dari: {choices}.'
        ).format(row=row, column=attribute.name, value=shown(value),
                 choices=", ".join(attribute.choices)), "invalid_attribute")
    if attribute.value_type == POSITIVE_INTEGER:
        number = _integer(value, attribute.name)
        if number is not None and number > 0:
            return str(number), None
        return None, RowError(row, attribute.name, _(
            'Baris {row}: {column} "{value}" harus berupa bilangan bulat positif, mis. 3.'
        ).format(row=row, column=attribute.name, value=shown(value)), "invalid_attribute")
    if attribute.value_type == COUNT:
        number = _integer(value, None)
        if number is not None and number >= 0:
            return number, None
        return None, RowError(row, attribute.name, _(
            'Baris {row}: {column} "{value}" harus berupa bilangan bulat tidak negatif, mis. 0 atau 12.'
        ).format(row=row, column=attribute.name, value=shown(value)), "invalid_attribute")
    raise ValueError(f"unknown value type {attribute.value_type!r}")


def missing_attribute(attribute: Attribute, row: int) -> RowError:
    """Returns the error for a required attribute left empty in row `row`."""
    return RowError(row, attribute.name, _(
        "Baris {row}: kolom {column} wajib diisi."
    ).format(row=row, column=attribute.name), "missing_attribute")
