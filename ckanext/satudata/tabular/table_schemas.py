"""The columns of each dataset type's table, defined once: the upload
templates (CSV and Excel), the statistics reader and the validation report
all derive from here.

In the spirit of a Frictionless Table Schema: each table is a list of
fields, each field with its name, the other headers it is recognised by,
its type, whether it is required, an example value, a short description in
Indonesian and its constraints. `TableSchema.descriptor()` gives the
Frictionless-shaped dictionary.

The columns of map point layers stay declared with their kinds
(`maps/kinds.py`); `point_schema(kind)` presents them the same way.

Plain Python: no CKAN import.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ckanext.satudata.translation import N_

# Types of a field's values.
STRING = "string"      # free text
NUMBER = "number"      # a number, possibly with decimals (Indonesian or not)
INTEGER = "integer"    # a whole number
PERIOD = "period"      # a reference period: 2025, 2025-S1, 2025-T3, 2025-07
CODE = "code"          # a code from a reference list (kode_wilayah)

TYPES = (STRING, NUMBER, INTEGER, PERIOD, CODE)

# Reference lists a field's values come from (reference/kelurahan.py).
KELURAHAN_CODE = "kelurahan.kode"
KELURAHAN_NAME = "kelurahan.nama"

#: The Kemendagri code of a kelurahan, as in the reference list.
KODE_WILAYAH_PATTERN = r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"
#: A year, the only period of a kelurahan profile.
YEAR_PATTERN = r"^\d{4}$"

# Frictionless' names of our types.
_FRICTIONLESS_TYPES = {STRING: "string", NUMBER: "number", INTEGER: "integer",
                       PERIOD: "string", CODE: "string"}


def normalise_header(header: object) -> str:
    """A header as compared with a field's names: lowercase, spaces and
    hyphens as one underscore, a BOM removed ("Kode Wilayah" -> "kode_wilayah")."""
    text = str(header or "").replace("\ufeff", "").strip().lower().replace("-", " ")
    return "_".join(text.split())


@dataclass(frozen=True)
class Field:
    """One column of a table."""

    name: str
    type: str
    description: str                  # Indonesian, marked N_: translate where shown
    example: str = ""
    aliases: tuple[str, ...] = ()     # other accepted headers, normalised
    required: bool = False            # the column must be present and filled
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None        # a regular expression the text must match
    enum: tuple[str, ...] = ()        # the only accepted values
    #: The values come from a reference list: KELURAHAN_CODE or KELURAHAN_NAME.
    reference: str | None = None

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"unknown field type {self.type!r}")

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header this column is recognised by, its name first."""
        return (self.name,) + tuple(a for a in self.aliases if a != self.name)

    @property
    def constraints(self) -> dict[str, Any]:
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.pattern:
            constraints["pattern"] = self.pattern
        if self.enum:
            constraints["enum"] = list(self.enum)
        return constraints

    def descriptor(self) -> dict[str, Any]:
        """The field as a Frictionless Table Schema field."""
        descriptor: dict[str, Any] = {
            "name": self.name, "type": _FRICTIONLESS_TYPES[self.type],
            "description": self.description}
        if self.type in (PERIOD, CODE):
            descriptor["format"] = self.type
        if self.example:
            descriptor["example"] = self.example
        if self.reference:
            descriptor["reference"] = self.reference
        if self.constraints:
            descriptor["constraints"] = self.constraints
        return descriptor


@dataclass(frozen=True)
class TableSchema:
    """The table of one dataset type (or one kind of point layer)."""

    name: str
    fields: tuple[Field, ...]
    #: Columns whose values together identify a row: two rows with the same
    #: values there are duplicates.
    primary_key: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    @property
    def examples(self) -> list[str]:
        return [f.example for f in self.fields]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def aliases(self) -> dict[str, tuple[str, ...]]:
        """Each column's accepted headers, in the order of the columns."""
        return {f.name: f.headers for f in self.fields}

    def column_positions(self, header: list[object] | tuple[object, ...]) -> dict[str, int]:
        """Where each column is in a header row (columns not found are
        absent); one header position serves one column only."""
        names = [normalise_header(h) for h in header]
        positions: dict[str, int] = {}
        for field in self.fields:
            for alias in field.headers:
                if alias in names and names.index(alias) not in positions.values():
                    positions[field.name] = names.index(alias)
                    break
        return positions

    def descriptor(self) -> dict[str, Any]:
        """The table as a Frictionless Table Schema."""
        descriptor: dict[str, Any] = {"fields": [f.descriptor() for f in self.fields]}
        if self.primary_key:
            descriptor["primaryKey"] = list(self.primary_key)
        return descriptor


def _count(name: str, description: str, example: str) -> Field:
    return Field(name, INTEGER, description, example, minimum=0)


KODE_WILAYAH = Field(
    "kode_wilayah", CODE,
    N_("Kode Kemendagri kelurahan, mis. 35.71.02.1002 (lihat daftar pada templat)."),
    "35.71.02.1002",
    aliases=("kode", "kode_kelurahan", "kode_kemendagri"),
    pattern=KODE_WILAYAH_PATTERN, reference=KELURAHAN_CODE)

#: `statistik-sektoral`: one value of an indicator per area and period.
STATISTIK_SEKTORAL = TableSchema(
    "statistik-sektoral",
    fields=(
        KODE_WILAYAH,
        Field("nama_wilayah", STRING,
              N_("Nama kelurahan sesuai kode wilayah."), "Balowerti",
              aliases=("wilayah", "nama_kelurahan", "kelurahan", "nama"),
              reference=KELURAHAN_NAME),
        Field("periode", PERIOD,
              N_("Periode data: tahun (2026), semester (2026-S1), triwulan (2026-T1) "
                 "atau bulan (2026-01)."),
              "2026-01", aliases=("period", "tahun", "waktu"), required=True),
        Field("indikator", STRING,
              N_("Nama indikator yang diukur."), "Jumlah posyandu aktif",
              aliases=("nama_indikator", "variabel")),
        Field("nilai", NUMBER,
              N_("Nilai angka indikator; desimal dengan koma (12,5), ribuan boleh "
                 "dengan titik (12.345)."),
              "7", aliases=("jumlah", "value", "angka"), required=True),
        Field("satuan", STRING,
              N_("Satuan nilai, mis. unit, jiwa, persen."), "unit",
              aliases=("unit",)),
    ),
    primary_key=("kode_wilayah", "nama_wilayah", "periode", "indikator"))

#: `profil-kelurahan`: the profile's figures of one kelurahan and year, one row.
PROFIL_KELURAHAN = TableSchema(
    "profil-kelurahan",
    fields=(
        KODE_WILAYAH,
        Field("nama_kelurahan", STRING,
              N_("Nama kelurahan sesuai kode wilayah."), "Balowerti",
              aliases=("nama_wilayah", "kelurahan", "wilayah", "nama"),
              reference=KELURAHAN_NAME),
        Field("tahun", PERIOD, N_("Tahun profil, mis. 2026."), "2026",
              aliases=("periode",), required=True, pattern=YEAR_PATTERN),
        _count("penduduk_laki_laki", N_("Jumlah penduduk laki-laki (jiwa)."), "3120"),
        _count("penduduk_perempuan", N_("Jumlah penduduk perempuan (jiwa)."), "3254"),
        _count("jumlah_kk", N_("Jumlah kepala keluarga (KK)."), "2011"),
        _count("jumlah_rw", N_("Jumlah rukun warga (RW)."), "6"),
        _count("jumlah_rt", N_("Jumlah rukun tetangga (RT)."), "31"),
        Field("luas_km2", NUMBER, N_("Luas wilayah dalam km², desimal dengan koma (0,91)."),
              "0.91", minimum=0),
        _count("jumlah_posyandu", N_("Jumlah posyandu."), "7"),
        _count("jumlah_pos_kamling", N_("Jumlah pos kamling."), "12"),
        _count("jumlah_sekolah", N_("Jumlah sekolah (SD–SMA)."), "4"),
        _count("jumlah_fasilitas_kesehatan", N_("Jumlah fasilitas kesehatan."), "2"),
        _count("jumlah_tempat_ibadah", N_("Jumlah tempat ibadah."), "9"),
        _count("jumlah_pasar", N_("Jumlah pasar."), "1"),
    ),
    primary_key=("kode_wilayah", "tahun"))

#: The table of each dataset type that has one.
DATASET_SCHEMAS: dict[str, TableSchema] = {
    schema.name: schema for schema in (STATISTIK_SEKTORAL, PROFIL_KELURAHAN)}

#: The example point of the templates, in Kota Kediri.
EXAMPLE_LATITUDE, EXAMPLE_LONGITUDE = "-7.8166", "112.0116"


def point_schema(kind: str) -> TableSchema:
    """The table of a point layer of `kind` (a code of maps/kinds.py):
    latitude, longitude, then the kind's required and optional attributes.
    Raises ValueError for an unknown kind."""
    # The kinds keep their own columns, the point reader its coordinate headers.
    from ckanext.satudata.maps import kinds
    from ckanext.satudata.maps.readers import LATITUDE_NAMES, LONGITUDE_NAMES

    point_kind = kinds.get_kind(kind)
    types = {kinds.TEXT: STRING, kinds.POSITIVE_INTEGER: INTEGER,
             kinds.COUNT: INTEGER, kinds.CHOICE: STRING}
    required = {a.name for a in point_kind.required}
    fields = [
        Field("latitude", NUMBER, N_("Garis lintang (desimal), mis. -7.8166."),
              EXAMPLE_LATITUDE, aliases=LATITUDE_NAMES, required=True,
              minimum=-90, maximum=90),
        Field("longitude", NUMBER, N_("Garis bujur (desimal), mis. 112.0116."),
              EXAMPLE_LONGITUDE, aliases=LONGITUDE_NAMES, required=True,
              minimum=-180, maximum=180),
    ]
    for attribute in point_kind.attributes:
        code = attribute.name == "kode_kelurahan"
        fields.append(Field(
            attribute.name, CODE if code else types[attribute.value_type],
            attribute.label_id, attribute.example, required=attribute.name in required,
            minimum=(1 if attribute.value_type == kinds.POSITIVE_INTEGER else
                     0 if attribute.value_type == kinds.COUNT else None),
            pattern=KODE_WILAYAH_PATTERN if code else None,
            enum=attribute.choices,
            reference=(KELURAHAN_CODE if code else
                       KELURAHAN_NAME if attribute.name == "nama_kelurahan" else None)))
    return TableSchema(kind, tuple(fields))


def reference_field(schema: TableSchema, reference: str) -> Field | None:
    """The column of `schema` whose values come from `reference`, or None."""
    return next((f for f in schema.fields if f.reference == reference), None)


def schema_for(name: str) -> TableSchema | None:
    """The table of a dataset type or a point kind called `name`, or None."""
    if name in DATASET_SCHEMAS:
        return DATASET_SCHEMAS[name]
    try:
        return point_schema(name)
    except ValueError:
        return None
