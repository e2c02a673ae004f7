"""The data every kelurahan must deliver, and which dataset delivers what.

Plain Python. The required items are this year's kelurahan profile, the
four point layers (kantor kelurahan, posyandu, pos kamling, RT) and the
sectoral statistics listed in the configuration
(`ckanext.satudata.required_statistics`, one per line: an indicator code,
then its name). A `statistik-sektoral` dataset delivers a required statistic
when its `kode_indikator` is that code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from ckanext.satudata import reference
from ckanext.satudata.completeness.periods import TAHUNAN, known_frequency
from ckanext.satudata.translation import N_

PROFILE = "profil"
POINTS = "titik"
STATISTIC = "statistik"

PROFILE_TYPE = "profil-kelurahan"
POINTS_TYPE = "peta-titik"
STATISTIC_TYPE = "statistik-sektoral"
DATASET_TYPES = (PROFILE_TYPE, POINTS_TYPE, STATISTIC_TYPE)

#: The point layers every kelurahan keeps, with the column label (msgid).
POINT_LAYERS: tuple[tuple[str, str], ...] = (
    ("kantor-kelurahan", N_("Peta kantor kelurahan")),
    ("posyandu", N_("Peta posyandu")),
    ("pos-kamling", N_("Peta pos kamling")),
    ("rt", N_("Peta RT")),
)

INDICATOR_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


@dataclass(frozen=True)
class RequiredItem:
    """One column of the completeness matrix.

    `key` is what a dataset must carry to deliver it: the year (profile),
    the `jenis_titik` (point layer) or the `kode_indikator` (statistic).
    `label` is a msgid when `translatable`, else the configured name;
    `params` fill its placeholders. `frequency` is used for datasets that do
    not state their own.
    """

    code: str
    kind: str
    key: str
    label: str
    frequency: str
    translatable: bool = True
    params: Mapping[str, object] = field(default_factory=dict)

    def display_label(self, translate: Callable[[str], str] = lambda text: text) -> str:
        text = translate(self.label) if self.translatable else self.label
        return text.format(**self.params) if self.params else text


@dataclass(frozen=True)
class RequiredStatistic:
    code: str
    name: str


def parse_required_statistics(text: str | None) -> list[RequiredStatistic]:
    """The configured required statistics: one per non-empty line, the
    indicator code (lowercase letters, digits, hyphens), a space, its name
    (the code when missing). Lines starting with # are comments. Raises
    ValueError for a malformed code or a code given twice."""
    statistics: list[RequiredStatistic] = []
    seen: set[str] = set()
    for line in (text or "").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        code, _, name = line.partition(" ")
        if not INDICATOR_CODE.match(code):
            raise ValueError(f"required statistic: bad indicator code {code!r}")
        if code in seen:
            raise ValueError(f"required statistic: {code!r} is listed twice")
        seen.add(code)
        statistics.append(RequiredStatistic(code, name.strip() or code))
    return statistics


def required_items(year: int, statistics: list[RequiredStatistic],
                   point_layer_frequency: str = TAHUNAN, jenis: str = "") -> list[RequiredItem]:
    """The columns of the matrix for `year`, in display order; `jenis`
    ("kelurahan", "desa" or "desa/kelurahan") names the profile, by
    default the configured region's."""
    if not known_frequency(point_layer_frequency):
        raise ValueError(f"unknown frequency {point_layer_frequency!r}")
    jenis = jenis or reference.current().jenis_plural
    profile = N_("Profil kelurahan {tahun}") if jenis == "kelurahan" else N_("Profil {jenis} {tahun}")
    items = [RequiredItem(PROFILE, PROFILE, str(year), profile, TAHUNAN,
                          params={"tahun": year, "jenis": jenis})]
    items += [RequiredItem(f"{POINTS}-{kind}", POINTS, kind, label, point_layer_frequency)
              for kind, label in POINT_LAYERS]
    # A statistic states its own frequency (a required field); yearly is
    # only the fallback for a dataset that lacks it.
    items += [RequiredItem(f"{STATISTIC}-{s.code}", STATISTIC, s.code, s.name, TAHUNAN,
                           translatable=False)
              for s in statistics]
    return items


def item_index(items: list[RequiredItem]) -> dict[tuple[str, str], str]:
    """{(kind, key): item code}, for `item_for`."""
    return {(item.kind, item.key): item.code for item in items}


def item_for(dataset_type: str, extras: Mapping[str, str | None],
             index: Mapping[tuple[str, str], str]) -> str | None:
    """The code of the required item a dataset delivers, or None.

    `extras` holds the dataset's `tahun`, `jenis_titik` and `kode_indikator`.
    """
    if dataset_type == PROFILE_TYPE:
        wanted = (PROFILE, (extras.get("tahun") or "").strip())
    elif dataset_type == POINTS_TYPE:
        wanted = (POINTS, extras.get("jenis_titik") or "")
    elif dataset_type == STATISTIC_TYPE:
        wanted = (STATISTIC, (extras.get("kode_indikator") or "").strip())
    else:
        return None
    return index.get(wanted)
