"""Template helpers of ckanext-satudata, one module per area. CKAN's blanket
registers the names in ``__all__``."""
from __future__ import annotations

from ckanext.satudata.helpers import catalogue
from ckanext.satudata.helpers import (
    access, dates, datastore, forms, interop, maps, pages, prefill, region, search,
    statistics, workflow)
from ckanext.satudata.privacy import guard as privacy_guard
from ckanext.satudata.statistics import reports as table_reports

_MODULES = (forms, maps, workflow, dates, statistics, access, pages, datastore, prefill,
            region, search, interop)

__all__: list[str] = ["satudata_privacy_scan", "satudata_privacy_summary"]
satudata_privacy_scan = privacy_guard.satudata_privacy_scan
satudata_privacy_summary = privacy_guard.satudata_privacy_summary
__all__ += ["satudata_validation_report", "satudata_validation_summary"]
satudata_validation_report = table_reports.satudata_validation_report
satudata_validation_summary = table_reports.satudata_validation_summary
_MODULES += (catalogue,)
for _module in _MODULES:
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
