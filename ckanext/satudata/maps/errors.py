"""Errors found while checking a point layer file."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class RowError:
    """One problem of an uploaded file.

    `row` is the 1-based data row (CSV: the first row after the header is row
    1; GeoJSON: the feature's 1-based position in `features`), or None for a
    problem of the whole file. `column` names the column or property concerned
    when there is one. `code` is a stable machine-readable identifier (e.g.
    "swapped_coordinates"); `message` is the Indonesian sentence shown to the
    PIC, translated when a CKAN gettext is available.
    """

    row: int | None
    column: str | None
    message: str
    code: str = "invalid"

    def as_dict(self) -> dict[str, Any]:
        """Returns the error as a JSON-serialisable dict."""
        return asdict(self)


class PointFileError(ValueError):
    """A problem that stops the reading of a file (unreadable, wrong format,
    no coordinate columns, ...). `error` is the file-level RowError."""

    def __init__(self, error: RowError):
        super().__init__(error.message)
        self.error = error


def file_error(code: str, message: str, column: str | None = None) -> PointFileError:
    """Returns (does not raise) a PointFileError for a file-level problem."""
    return PointFileError(RowError(row=None, column=column, message=message, code=code))


def shown(value: object, limit: int = 40) -> str:
    """Returns `value` as text for a message, shortened to `limit` characters."""
    text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"
