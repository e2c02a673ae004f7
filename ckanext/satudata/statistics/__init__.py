"""Open statistics, as plain Python (no CKAN imports): periods and numbers
as PICs write them, a statistic's table read into observations, an
indicator's series, latest value and comparison across kelurahan, and the
kelurahan comparison of the yearly profiles. The CKAN glue is in
``ckanext.satudata.statistics.indicators`` and ``logic/action/statistics.py``."""
from ckanext.satudata.statistics.numbers import parse_number
from ckanext.satudata.statistics.periods import Period, parse_period
from ckanext.satudata.statistics.series import (
    MEAN, SUM, AreaRow, AreaValue, Comparison, IndicatorFigures, Point,
    aggregation, figures)
from ckanext.satudata.statistics.tables import (
    Observation, TableResult, csv_rows, read_observations, table_rows, xlsx_rows)

__all__ = ["MEAN", "SUM", "AreaRow", "AreaValue", "Comparison", "IndicatorFigures",
           "Observation", "Period", "Point", "TableResult", "aggregation", "csv_rows",
           "figures", "parse_number", "parse_period", "read_observations", "table_rows",
           "xlsx_rows"]
