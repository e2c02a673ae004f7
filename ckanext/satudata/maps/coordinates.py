"""Parsing a point's coordinates and checking that it lies in the city.

Besides "not a number" and "outside the area", the check recognises the
mistakes PICs make most often, each with its own message: latitude and
longitude swapped, a latitude of the wrong sign (the region's is known),
and coordinates whose decimal separator was lost by a spreadsheet
(-78166 for -7.8166).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ckanext.satudata.maps.errors import RowError, shown
from ckanext.satudata.reference import current as current_region
from ckanext.satudata.translation import _

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


@dataclass(frozen=True)
class Area:
    """A WGS 84 bounding box (degrees), inclusive of its edges."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def from_bbox(cls, bbox: Any) -> "Area":
        """Returns the Area of (min_lon, min_lat, max_lon, max_lat); raises
        ValueError when it is not four numbers with min < max within WGS 84."""
        try:
            min_lon, min_lat, max_lon, max_lat = (float(value) for value in bbox)
        except (TypeError, ValueError):
            raise ValueError(f"bbox must be (min_lon, min_lat, max_lon, max_lat), got {bbox!r}") from None
        if not (-180 <= min_lon < max_lon <= 180 and -90 <= min_lat < max_lat <= 90):
            raise ValueError(f"bbox {bbox!r} is not a valid WGS 84 extent")
        return cls(min_lon, min_lat, max_lon, max_lat)

    def contains(self, lon: float, lat: float) -> bool:
        """Returns True when (lon, lat) lies in the box."""
        return self.min_lon <= lon <= self.max_lon and self.min_lat <= lat <= self.max_lat


def number_text(value: float) -> str:
    """Returns a coordinate as text with at most 6 decimals ("-7.8166")."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def parse_coordinate(raw: Any) -> float | None:
    """Returns the coordinate written in `raw` as a float, or None when it is
    not a finite decimal number. A single decimal comma ("-7,8166") and the
    Unicode minus sign are accepted."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        value = float(raw)
    elif isinstance(raw, str):
        text = raw.strip().replace("\u2212", "-")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if not _DECIMAL.fullmatch(text):
            return None
        value = float(text)
    else:
        return None
    return value if math.isfinite(value) else None


def _restore_decimals(value: float, low: float, high: float) -> float | None:
    """Returns value / 10**k for the smallest k >= 0 that falls in
    [low, high], or None."""
    for exponent in range(0, 16):
        candidate = value / 10 ** exponent
        if low <= candidate <= high:
            return candidate
    return None


def _is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def check_position(row: int, raw_lat: Any, raw_lon: Any, area: Area,
                   lat_column: str = "latitude", lon_column: str = "longitude"
                   ) -> tuple[tuple[float, float] | None, RowError | None]:
    """Parses and checks the coordinates of data row `row`.

    Returns ((lon, lat), None) for a point inside `area`, or (None, RowError)
    naming the problem: a missing or non-numeric value, swapped coordinates,
    a positive latitude, lost decimal separators, a value outside WGS 84, or
    a point outside the area.
    """
    lat_example = number_text(round((area.min_lat + area.max_lat) / 2, 4))
    lon_example = number_text(round((area.min_lon + area.max_lon) / 2, 4))
    if _is_empty(raw_lat):
        return None, RowError(row, lat_column, _(
            "Baris {row}: lintang (latitude) tidak diisi."
        ).format(row=row), "missing_coordinate")
    if _is_empty(raw_lon):
        return None, RowError(row, lon_column, _(
            "Baris {row}: bujur (longitude) tidak diisi."
        ).format(row=row), "missing_coordinate")
    lat = parse_coordinate(raw_lat)
    if lat is None:
        return None, RowError(row, lat_column, _(
            'Baris {row}: lintang "{value}" bukan angka; tulis dalam derajat desimal, mis. {example}.'
        ).format(row=row, value=shown(raw_lat), example=lat_example), "coordinate_not_number")
    lon = parse_coordinate(raw_lon)
    if lon is None:
        return None, RowError(row, lon_column, _(
            'Baris {row}: bujur "{value}" bukan angka; tulis dalam derajat desimal, mis. {example}.'
        ).format(row=row, value=shown(raw_lon), example=lon_example), "coordinate_not_number")
    if area.contains(lon, lat):
        return (lon, lat), None
    return None, _locate_mistake(row, lat, lon, area, lat_column, lat_example, lon_example)


def _locate_mistake(row: int, lat: float, lon: float, area: Area, lat_column: str,
                    lat_example: str, lon_example: str) -> RowError:
    """Returns the error for numeric coordinates outside `area`, naming the
    likely mistake."""
    values = {"row": row, "lat": number_text(lat), "lon": number_text(lon)}
    if area.contains(lat, lon):
        return RowError(row, lat_column, _(
            "Baris {row}: lintang dan bujur tampaknya tertukar (lintang {lat}, bujur {lon}); "
            "di {region} lintang sekitar {lat_example} dan bujur sekitar {lon_example}."
        ).format(lat_example=lat_example, lon_example=lon_example,
                 region=current_region().title, **values),
            "swapped_coordinates")
    if area.contains(lon, -lat):
        message = (_("Baris {row}: lintang {lat} harus negatif (selatan khatulistiwa), mis. {fixed}.")
                   if lat > 0 else
                   _("Baris {row}: lintang {lat} harus positif (utara khatulistiwa), mis. {fixed}."))
        return RowError(row, lat_column, message.format(fixed=number_text(-lat), **values),
                        "latitude_sign")
    if area.contains(lat, -lon):
        return RowError(row, lat_column, _(
            "Baris {row}: lintang dan bujur tampaknya tertukar dan tanda lintang terbalik "
            "(lintang {lat}, bujur {lon}); seharusnya lintang {fixed_lat}, bujur {fixed_lon}."
        ).format(fixed_lat=number_text(-lon), fixed_lon=number_text(lat), **values),
            "swapped_coordinates")
    fixed_lat = _restore_decimals(lat, area.min_lat, area.max_lat)
    fixed_lon = _restore_decimals(lon, area.min_lon, area.max_lon)
    if fixed_lat is not None and fixed_lon is not None:
        return RowError(row, lat_column, _(
            "Baris {row}: koordinat (lintang {lat}, bujur {lon}) tampaknya kehilangan tanda "
            "desimal; seharusnya sekitar lintang {fixed_lat}, bujur {fixed_lon}. Periksa format "
            "angka kolom koordinat di Excel."
        ).format(fixed_lat=number_text(fixed_lat), fixed_lon=number_text(fixed_lon), **values),
            "lost_decimal_separator")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return RowError(row, lat_column, _(
            "Baris {row}: koordinat (lintang {lat}, bujur {lon}) di luar rentang WGS 84 "
            "(lintang -90 s.d. 90, bujur -180 s.d. 180); gunakan derajat desimal, "
            "mis. lintang {lat_example}, bujur {lon_example}."
        ).format(lat_example=lat_example, lon_example=lon_example, **values),
            "coordinate_out_of_range")
    return RowError(row, lat_column, _(
        "Baris {row}: titik (lintang {lat}, bujur {lon}) berada di luar wilayah {region} "
        "(lintang {min_lat} s.d. {max_lat}, bujur {min_lon} s.d. {max_lon})."
    ).format(region=current_region().title, min_lat=number_text(area.min_lat), max_lat=number_text(area.max_lat),
             min_lon=number_text(area.min_lon), max_lon=number_text(area.max_lon), **values),
        "outside_area")
