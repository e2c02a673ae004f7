"""The completeness matrix: kelurahan × required items, one cell each.

Plain Python. The caller reads the kelurahan and their datasets (with the
review state) once; this module decides each cell:

* the state: ``none`` when no dataset delivers the item, else the most
  advanced review state among the datasets that do (terbit > diajukan >
  dikembalikan > draf > ditarik; a withdrawn dataset is as good as gone),
  ties going to the most recently updated dataset;
* the last update: when that dataset was last modified;
* overdue: more than one period of its frequency since then
  (``periods.is_overdue``);
* complete: published and not overdue.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ckanext.satudata.completeness.items import RequiredItem, item_for, item_index
from ckanext.satudata.completeness.periods import due_date, is_overdue, known_frequency
from ckanext.satudata.workflow.states import (
    DIAJUKAN, DIKEMBALIKAN, DITARIK, DRAF, N_, STATES, TERBIT)

#: The state of a cell that no dataset delivers.
NONE = "none"
#: The filter value for overdue cells.
OVERDUE = "terlambat"

CELL_STATES: tuple[str, ...] = (NONE,) + STATES
#: What the state filter accepts, in the order of the filter's choices.
FILTERS: tuple[str, ...] = (NONE, DRAF, DIAJUKAN, DIKEMBALIKAN, TERBIT, DITARIK, OVERDUE)

FILTER_LABELS_ID: dict[str, str] = {
    NONE: N_("Belum ada"),
    DRAF: N_("Draf"),
    DIAJUKAN: N_("Diajukan"),
    DIKEMBALIKAN: N_("Dikembalikan"),
    TERBIT: N_("Terbit"),
    DITARIK: N_("Ditarik"),
    OVERDUE: N_("Terlambat"),
}

_RANK = {DITARIK: 1, DRAF: 2, DIKEMBALIKAN: 3, DIAJUKAN: 4, TERBIT: 5}


@dataclass(frozen=True)
class Kelurahan:
    """A row of the matrix: the desa/kelurahan's organisation name, title,
    kecamatan (name), code, and the codes and names of its kecamatan and
    kabupaten/kota (`kecamatan_label`: the name, with the kabupaten/kota
    where two kecamatan of the region share it)."""

    organization: str
    title: str
    kecamatan: str
    kode: str = ""
    kode_kecamatan: str = ""
    kode_kabupaten: str = ""
    kabupaten: str = ""
    kecamatan_label: str = ""

    @property
    def kecamatan_key(self) -> str:
        """What identifies the kecamatan: its code (its name when unknown)."""
        return self.kode_kecamatan or self.kecamatan


@dataclass(frozen=True)
class Record:
    """A dataset of a kelurahan, as the caller read it.

    `modified` is the last modification as a naive UTC datetime (CKAN's
    convention). `extras` holds at least `tahun`, `jenis_titik`,
    `kode_indikator` and `frekuensi` when the dataset has them.
    """

    package_id: str
    name: str
    title: str
    type: str
    organization: str
    state: str
    modified: datetime.datetime
    extras: Mapping[str, str | None] = field(default_factory=dict)
    pending_revision: bool = False


@dataclass(frozen=True)
class Cell:
    state: str = NONE
    record: Record | None = None
    count: int = 0
    frequency: str | None = None
    updated: datetime.date | None = None
    due: datetime.date | None = None
    overdue: bool = False

    @property
    def complete(self) -> bool:
        return self.state == TERBIT and not self.overdue

    @property
    def missing(self) -> bool:
        return self.state == NONE

    def matches(self, state_filter: str | None) -> bool:
        """Whether the cell passes the state filter (None or "": every cell)."""
        if not state_filter:
            return True
        if state_filter == OVERDUE:
            return self.overdue
        return self.state == state_filter


@dataclass(frozen=True)
class Row:
    kelurahan: Kelurahan
    cells: dict[str, Cell]

    @property
    def complete(self) -> int:
        return sum(cell.complete for cell in self.cells.values())

    @property
    def overdue(self) -> int:
        return sum(cell.overdue for cell in self.cells.values())

    @property
    def missing(self) -> int:
        return sum(cell.missing for cell in self.cells.values())

    def matches(self, kecamatan: str | None = None, state_filter: str | None = None) -> bool:
        """`kecamatan`: the kecamatan's code or name (any when empty)."""
        if kecamatan and kecamatan != self.kelurahan.kode_kecamatan \
                and self.kelurahan.kecamatan.lower() != kecamatan.lower():
            return False
        return not state_filter or any(c.matches(state_filter) for c in self.cells.values())


@dataclass(frozen=True)
class KecamatanSummary:
    """The complete cells of a kecamatan (or of a kabupaten/kota, or of the
    whole region, `kecamatan` then ``""``)."""

    kecamatan: str
    kelurahan: int
    required: int
    complete: int
    kode_kecamatan: str = ""
    kode_kabupaten: str = ""
    kabupaten: str = ""
    label: str = ""

    @property
    def share(self) -> float:
        """The share of complete cells, 0.0 to 1.0 (0.0 when nothing is required)."""
        return self.complete / self.required if self.required else 0.0


def local_date(moment: datetime.datetime, tz: datetime.tzinfo) -> datetime.date:
    """A naive UTC datetime (or an aware one) as a date in `tz`."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(tz).date()


def cell_for(item: RequiredItem, records: Iterable[Record], today: datetime.date,
             tz: datetime.tzinfo = datetime.timezone.utc) -> Cell:
    """The cell of `item` for one kelurahan, from the datasets delivering it."""
    records = [r for r in records if r.state in _RANK]
    if not records:
        return Cell()
    best = max(records, key=lambda r: (_RANK[r.state], r.modified, r.package_id))
    own = (best.extras.get("frekuensi") or "").strip()
    frequency = own if own and known_frequency(own) else item.frequency
    updated = local_date(best.modified, tz)
    return Cell(state=best.state, record=best, count=len(records), frequency=frequency,
                updated=updated, due=due_date(updated, frequency),
                overdue=is_overdue(updated, frequency, today))


def build_matrix(kelurahan: Iterable[Kelurahan], items: list[RequiredItem],
                 records: Iterable[Record], today: datetime.date,
                 tz: datetime.tzinfo = datetime.timezone.utc) -> list[Row]:
    """One row per kelurahan (in the given order), one cell per item.

    Records of other organisations, or that deliver no required item, are
    ignored.
    """
    index = item_index(items)
    grouped: dict[tuple[str, str], list[Record]] = {}
    for record in records:
        code = item_for(record.type, record.extras, index)
        if code is not None:
            grouped.setdefault((record.organization, code), []).append(record)
    return [Row(k, {item.code: cell_for(item, grouped.get((k.organization, item.code), ()),
                                         today, tz)
                    for item in items})
            for k in kelurahan]


def select_kelurahan(kelurahan: Iterable[Kelurahan], kabupaten: str = "",
                     kecamatan: str = "", query: str = "") -> list[Kelurahan]:
    """The desa/kelurahan of the kabupaten/kota coded `kabupaten`, of the
    kecamatan coded `kecamatan` and whose title holds `query` (any case,
    spaces collapsed); an empty filter keeps everything."""
    words = " ".join((query or "").lower().split())
    return [k for k in kelurahan
            if (not kabupaten or k.kode_kabupaten == kabupaten)
            and (not kecamatan or k.kode_kecamatan == kecamatan)
            and (not words or words in " ".join(k.title.lower().split()))]


def page_of(rows: list, page: int, limit: int) -> list:
    """Page `page` (from 1) of `rows`, `limit` rows a page."""
    start = (max(page, 1) - 1) * limit
    return rows[start:start + limit]


def filter_rows(rows: Iterable[Row], kecamatan: str | None = None,
                state_filter: str | None = None) -> list[Row]:
    """The rows of `kecamatan` (any when empty) with at least one cell
    passing `state_filter` (any when empty)."""
    if state_filter and state_filter not in FILTERS:
        raise ValueError(f"unknown state filter {state_filter!r}")
    return [row for row in rows if row.matches(kecamatan, state_filter)]


def _summaries(counts: Iterable[tuple[Kelurahan, int, int]]) -> list[KecamatanSummary]:
    """(desa/kelurahan, cells required, cells complete) added up per
    kecamatan (by code), ordered by kabupaten/kota code then kecamatan
    name."""
    totals: dict[str, list[int]] = {}
    first: dict[str, Kelurahan] = {}
    for kelurahan, required_cells, complete in counts:
        key = kelurahan.kecamatan_key
        total = totals.setdefault(key, [0, 0, 0])
        first.setdefault(key, kelurahan)
        total[0] += 1
        total[1] += required_cells
        total[2] += complete
    order = sorted(first, key=lambda key: (first[key].kode_kabupaten,
                                           first[key].kecamatan.lower(), key))
    return [KecamatanSummary(first[key].kecamatan, *totals[key],
                             kode_kecamatan=first[key].kode_kecamatan,
                             kode_kabupaten=first[key].kode_kabupaten,
                             kabupaten=first[key].kabupaten,
                             label=first[key].kecamatan_label or first[key].kecamatan)
            for key in order]


def summarize(rows: Iterable[Row]) -> list[KecamatanSummary]:
    """Complete cells per kecamatan, in alphabetical order of the kecamatan
    (within each kabupaten/kota, by code)."""
    return _summaries((row.kelurahan, len(row.cells), row.complete) for row in rows)


def summarize_records(kelurahan: Iterable[Kelurahan], items: list[RequiredItem],
                      records: Iterable[Record], today: datetime.date,
                      tz: datetime.tzinfo = datetime.timezone.utc
                      ) -> list[KecamatanSummary]:
    """What ``summarize(build_matrix(...))`` gives, without building every
    cell: only the published records count (a cell is complete when its
    most recent published dataset is not overdue), so the caller may read
    those alone."""
    index = item_index(items)
    by_code = {item.code: item for item in items}
    grouped: dict[tuple[str, str], list[Record]] = {}
    for record in records:
        if record.state != TERBIT:
            continue
        code = item_for(record.type, record.extras, index)
        if code is not None:
            grouped.setdefault((record.organization, code), []).append(record)
    complete: dict[str, int] = {}
    for (organization, code), delivered in grouped.items():
        if cell_for(by_code[code], delivered, today, tz).complete:
            complete[organization] = complete.get(organization, 0) + 1
    return _summaries((k, len(items), complete.get(k.organization, 0)) for k in kelurahan)


def by_kabupaten(summaries: Iterable[KecamatanSummary]) -> list[KecamatanSummary]:
    """The kecamatan summaries added up per kabupaten/kota (`kecamatan`
    ``""``), in the order they come."""
    totals: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for summary in summaries:
        total = totals.setdefault(summary.kode_kabupaten, [0, 0, 0])
        names.setdefault(summary.kode_kabupaten, summary.kabupaten)
        total[0] += summary.kelurahan
        total[1] += summary.required
        total[2] += summary.complete
    return [KecamatanSummary("", *total, kode_kabupaten=kode, kabupaten=names[kode],
                             label=names[kode])
            for kode, total in totals.items()]


def city_total(summaries: Iterable[KecamatanSummary]) -> KecamatanSummary:
    """The sum of the kecamatan summaries (kecamatan ``""``)."""
    summaries = list(summaries)
    return KecamatanSummary("", sum(s.kelurahan for s in summaries),
                            sum(s.required for s in summaries),
                            sum(s.complete for s in summaries))
