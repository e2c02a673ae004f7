"""The desa and kelurahan of the portal's region, and their lookups.

Plain Python, no CKAN imports: the CLI loader, the validators and the
templates all read the list from here, so there is one source of truth
(see `wilayah.py` for where the rows come from).

`region(codes)` builds a `Region` once per process for each set of codes;
the module's functions (`all_kelurahan`, `by_code`, ...) answer for the
configured region: the plugin tells this module how to read the option
(`use_configuration`); without it (plain tests, scripts) the region is the
default, Kota Kediri.

A code ``…1xxx`` is a kelurahan, ``…2xxx`` a desa: the title says which
("Kelurahan Balowerti", "Desa Sukorame") and so does the organisation's
name (``kelurahan-balowerti``, ``desa-…``). Where two desa/kelurahan of the
region share a name, the name of their kecamatan (then of their
kabupaten/kota, then their code) is added to their organisation's name.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ckanext.satudata.reference import wilayah
from ckanext.satudata.translation import _
from ckanext.satudata.reference.wilayah import (
    DATA_DIR, KODE_KELURAHAN_PATTERN, WILAYAH_CSV, Area, Kecamatan, WilayahError)

__all__ = [
    "DATA_DIR", "KODE_KELURAHAN_PATTERN", "NAME_VARIANTS", "ORGANIZATION_PREFIX", "WILAYAH_CSV",
    "Area", "Kecamatan", "Kelurahan", "Region", "WilayahError",
    "all_kelurahan", "by_code", "by_name", "by_organization_name", "by_slug",
    "current", "find_kecamatan", "kecamatan_by_code", "kecamatan_choices", "kecamatan_label",
    "kecamatan_of_parameter",
    "kecamatan_list", "kecamatan_names", "kind_of_code",
    "region", "slugify", "use_configuration",
]

# Spellings seen in other sources, accepted on input and mapped to the
# official name.
NAME_VARIANTS = {
    "setono pande": "Setonopande",
    "ringin anom": "Ringinanom",
    "setono gedong": "Setonogedong",
    "kampungdalem": "Kampung Dalem",
    "banjar mlati": "Banjarmlati",
}

#: The prefix of a kelurahan organisation's name (a desa's is ``desa-``).
ORGANIZATION_PREFIX = "kelurahan-"
DESA = "desa"
KELURAHAN = "kelurahan"


def kind_of_code(kode: str) -> str:
    """``35.71.02.1002`` -> "kelurahan", ``35.06.01.2001`` -> "desa"."""
    return DESA if (kode or "")[9:10] == "2" else KELURAHAN


def slugify(text: str) -> str:
    """`Kampung Dalem` -> `kampung-dalem` (lowercase ASCII, hyphens)."""
    ascii_text = (unicodedata.normalize("NFKD", text)
                  .encode("ascii", "ignore").decode("ascii"))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class Kelurahan:
    """A desa or kelurahan (the name stays for the code that reads it)."""
    kode: str
    nama: str
    kode_bps: str
    kode_kecamatan: str
    nama_kecamatan: str
    kode_bps_kecamatan: str
    kode_kabupaten: str = ""
    #: The kabupaten/kota's title: "Kota Kediri", "Kabupaten Kediri".
    nama_kabupaten: str = ""
    #: Unique in its region; by default `<jenis>-<slug of the name>`.
    organization_name: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.organization_name:
            object.__setattr__(self, "organization_name",
                               f"{self.jenis}-{slugify(self.nama)}")

    @property
    def jenis(self) -> str:
        """"desa" or "kelurahan"."""
        return kind_of_code(self.kode)

    @property
    def jenis_label(self) -> str:
        return "Desa" if self.jenis == DESA else "Kelurahan"

    @property
    def slug(self) -> str:
        """The part of the page's address: ``/kelurahan/<slug>``."""
        return self.organization_name[len(self.jenis) + 1:]

    @property
    def title(self) -> str:
        """"Kelurahan Balowerti", "Desa Sukorame"."""
        return f"{self.jenis_label} {self.nama}"


def _unique_names(rows: list[Kelurahan]) -> list[str]:
    """The organisation name of each row, made unique within `rows`."""
    def base(k: Kelurahan) -> str:
        return f"{k.jenis}-{slugify(k.nama)}"

    steps: list[Callable[[Kelurahan], str]] = [
        base,
        lambda k: f"{base(k)}-{slugify(k.nama_kecamatan)}",
        lambda k: f"{base(k)}-{slugify(k.nama_kecamatan)}-{slugify(k.nama_kabupaten)}",
        lambda k: f"{base(k)}-{k.kode.replace('.', '')}",
    ]
    names = [steps[0](k) for k in rows]
    for step in steps[1:]:
        counts: dict[str, int] = defaultdict(int)
        for name in names:
            counts[name] += 1
        if all(n == 1 for n in counts.values()):
            break
        names = [step(k) if counts[name] > 1 else name for k, name in zip(rows, names)]
    return names


class Region:
    """The desa/kelurahan and kecamatan of some kabupaten/kota, with a
    dictionary for every lookup."""

    def __init__(self, codes: tuple[str, ...], regencies: tuple[Area, ...],
                 kecamatan: Iterable[Kecamatan], kelurahan: Iterable[Kelurahan]):
        self.codes = codes
        self.regencies = regencies
        self.kecamatan = tuple(sorted(kecamatan, key=lambda k: k.kode))
        self.kelurahan = tuple(sorted(kelurahan, key=lambda k: k.kode))
        self._by_code = {k.kode: k for k in self.kelurahan}
        self._by_organization = {k.organization_name: k for k in self.kelurahan}
        self._kecamatan = {k.kode: k for k in self.kecamatan}
        kecamatan_by_name: dict[str, list[Kecamatan]] = defaultdict(list)
        for kecamatan_row in self.kecamatan:
            kecamatan_by_name[kecamatan_row.nama.lower()].append(kecamatan_row)
        self._kecamatan_by_name = {name: tuple(rows) for name, rows in kecamatan_by_name.items()}
        members: dict[str, list[Kelurahan]] = defaultdict(list)
        by_name: dict[str, Kelurahan | None] = {}
        for k in self.kelurahan:
            members[k.kode_kecamatan].append(k)
            key = k.nama.lower()
            by_name[key] = None if key in by_name else k   # a repeated name: None
        self._members = {kode: tuple(rows) for kode, rows in members.items()}
        self._by_name = by_name
        self._regency_codes = frozenset(a.kode for a in regencies)

    @functools.cached_property
    def title(self) -> str:
        """"Kota Kediri", "Kabupaten Kediri dan Kota Kediri", or the
        province's title when a province is configured."""
        known = wilayah.areas()
        if len(self.codes) == 1 and known[self.codes[0]].jenis == "provinsi":
            return known[self.codes[0]].title
        return wilayah.join_titles([a.title for a in self.regencies])

    @functools.cached_property
    def jenis_plural(self) -> str:
        """What the list holds: "kelurahan", "desa" or "desa/kelurahan"
        (asked by every page; a region never changes)."""
        kinds = {k.jenis for k in self.kelurahan}
        return kinds.pop() if len(kinds) == 1 else "desa/kelurahan"

    def not_found_text(self) -> str:
        """The message for a desa/kelurahan asked for that is not in the
        region ("Kelurahan tidak ditemukan.", "Desa tidak ditemukan.")."""
        return _("{jenis} tidak ditemukan.").format(jenis=self.jenis_plural.capitalize())

    def contains(self, kode: str) -> bool:
        """Whether `kode` (of any level) lies in the region."""
        return (kode or "")[:5] in self._regency_codes

    def by_code(self, kode: str) -> Kelurahan | None:
        return self._by_code.get((kode or "").strip())

    def by_organization_name(self, name: str) -> Kelurahan | None:
        return self._by_organization.get(name or "")

    def by_slug(self, slug: str) -> Kelurahan | None:
        """By the page's slug (``balowerti``) or the organisation's name."""
        return (self._by_organization.get(slug or "")
                or self._by_organization.get(f"{KELURAHAN}-{slug}")
                or self._by_organization.get(f"{DESA}-{slug}"))

    def by_name(self, name: str) -> Kelurahan | None:
        """By name, accepting the known spelling variants; None when the
        name is unknown or belongs to more than one desa/kelurahan."""
        wanted = " ".join((name or "").lower().split())
        wanted = NAME_VARIANTS.get(wanted, wanted).lower()
        return self._by_name.get(wanted)

    def kecamatan_by_code(self, kode: str) -> Kecamatan | None:
        return self._kecamatan.get((kode or "").strip())

    def kelurahan_of_kecamatan(self, kode: str) -> tuple[Kelurahan, ...]:
        return self._members.get((kode or "").strip(), ())

    def kecamatan_names(self) -> list[str]:
        return sorted({k.nama for k in self.kecamatan})

    def find_kecamatan(self, value: str) -> tuple[Kecamatan | None, tuple[Kecamatan, ...]]:
        """(the kecamatan, ()) named by `value`: its code (``35.71.02``) or,
        when only one kecamatan of the region has it, its name (any case,
        with or without "Kecamatan "). A name that two kecamatan share gives
        (None, both of them) so the caller can ask for the code; an unknown
        value gives (None, ())."""
        text = " ".join((value or "").split())
        found = self._kecamatan.get(text)
        if found is not None:
            return found, ()
        key = text.lower()
        if key.startswith("kecamatan "):
            key = key[len("kecamatan "):]
        matches = self._kecamatan_by_name.get(key, ())
        if len(matches) == 1:
            return matches[0], ()
        return None, matches

    def kecamatan_label(self, kecamatan: Kecamatan) -> str:
        """The kecamatan's name, with its kabupaten/kota when the region
        holds more than one kabupaten/kota and another kecamatan of the
        region has the same name: "Wates", "Wates (Kabupaten Blitar)"."""
        if len(self._kecamatan_by_name.get(kecamatan.nama.lower(), ())) > 1:
            return f"{kecamatan.nama} ({kecamatan.nama_kabupaten})"
        return kecamatan.nama

    def fill_text(self, text: str) -> str:
        """`text` with ``{wilayah}`` (the region's title), ``{jumlah}`` (how
        many desa/kelurahan) and ``{jenis}`` (kelurahan, desa or
        desa/kelurahan) filled in; other braces are left as they are."""
        for placeholder, value in (("{wilayah}", self.title),
                                   ("{jumlah}", str(len(self.kelurahan))),
                                   ("{jenis}", self.jenis_plural)):
            text = text.replace(placeholder, value)
        return text

    def kecamatan_choices(self, kode_kabupaten: str = "") -> list[tuple[str, str]]:
        """[(code, label)] of the region's kecamatan (of one kabupaten/kota
        when `kode_kabupaten` is given), by label."""
        rows = [k for k in self.kecamatan
                if not kode_kabupaten or k.kode_kabupaten == kode_kabupaten]
        return sorted(((k.kode, self.kecamatan_label(k)) for k in rows),
                      key=lambda choice: (choice[1].lower(), choice[0]))


@functools.lru_cache(maxsize=8)
def region(codes: tuple[str, ...] = wilayah.DEFAULT_WILAYAH) -> Region:
    """The Region of `codes` (kabupaten/kota or province codes, as
    `wilayah.parse_wilayah` gives them), built once per process."""
    regencies = wilayah.regencies_of(codes)
    names = {a.kode: a.title for a in regencies}
    kecamatan_names, villages = wilayah.read_sources(names)
    bps = wilayah.bps_codes()
    kecamatan = [Kecamatan(kode, nama, bps.get(kode, ""), kode[:5], names[kode[:5]])
                 for kode, nama in kecamatan_names.items()]
    rows = [Kelurahan(kode=v.kode, nama=v.nama, kode_bps=bps.get(v.kode, ""),
                      kode_kecamatan=v.kode_kecamatan,
                      nama_kecamatan=kecamatan_names.get(v.kode_kecamatan, ""),
                      kode_bps_kecamatan=bps.get(v.kode_kecamatan, ""),
                      kode_kabupaten=v.kode[:5], nama_kabupaten=names[v.kode[:5]])
            for v in villages]
    rows.sort(key=lambda k: k.kode)
    rows = [Kelurahan(**{**k.__dict__, "organization_name": name})
            for k, name in zip(rows, _unique_names(rows))]
    return Region(codes, regencies, kecamatan, rows)


def _default_codes() -> tuple[str, ...]:
    return wilayah.DEFAULT_WILAYAH


_configured_codes: Callable[[], tuple[str, ...]] = _default_codes


def use_configuration(read_codes: Callable[[], tuple[str, ...]]) -> None:
    """Have the module's functions answer for the region `read_codes()`
    names (the plugin passes config.wilayah)."""
    global _configured_codes
    _configured_codes = read_codes


def current() -> Region:
    """The configured region."""
    return region(_configured_codes())


def all_kelurahan() -> tuple[Kelurahan, ...]:
    return current().kelurahan


def by_code(kode: str) -> Kelurahan | None:
    return current().by_code(kode)


def by_organization_name(name: str) -> Kelurahan | None:
    return current().by_organization_name(name)


def by_slug(slug: str) -> Kelurahan | None:
    return current().by_slug(slug)


def by_name(name: str) -> Kelurahan | None:
    """Find a desa/kelurahan by its name, accepting the known spelling variants."""
    return current().by_name(name)


def kecamatan_list() -> tuple[Kecamatan, ...]:
    return current().kecamatan


def kecamatan_by_code(kode: str) -> Kecamatan | None:
    return current().kecamatan_by_code(kode)


def kecamatan_names() -> list[str]:
    return current().kecamatan_names()


def find_kecamatan(value: str) -> tuple[Kecamatan | None, tuple[Kecamatan, ...]]:
    """See Region.find_kecamatan: by code, or by a name only one kecamatan has."""
    return current().find_kecamatan(value)


def kecamatan_label(kecamatan: Kecamatan) -> str:
    return current().kecamatan_label(kecamatan)


def kecamatan_of_parameter(value: str) -> Kecamatan:
    """The kecamatan a request's parameter names (code, or a name only one
    kecamatan of the region has). Raises WilayahError with a message for
    the user: an unknown value, or a shared name (listing the codes)."""
    found, candidates = find_kecamatan(value)
    if found is not None:
        return found
    if candidates:
        raise WilayahError(_(
            "Ada lebih dari satu Kecamatan {name}: {choices}. Pakai kode kecamatannya."
        ).format(name=candidates[0].nama, choices=", ".join(
            f"{k.kode} ({k.nama_kabupaten})" for k in candidates)))
    raise WilayahError(_(
        "Kecamatan tidak dikenal: {value}. Pakai kode kecamatan (mis. {example}) atau "
        "namanya.").format(value=value, example=current().kecamatan[0].kode
                           if current().kecamatan else "35.71.01"))


def kecamatan_choices(kode_kabupaten: str = "") -> list[tuple[str, str]]:
    return current().kecamatan_choices(kode_kabupaten)
