"""Template helpers of ckanext-satudata, one module per area. CKAN's blanket
registers the names in ``__all__``."""
from __future__ import annotations

from ckanext.satudata.helpers import access, dates, forms, maps, pages, statistics, workflow
from ckanext.satudata.privacy import guard as privacy_guard

_MODULES = (forms, maps, workflow, dates, statistics, access, pages)

__all__: list[str] = ["satudata_privacy_scan", "satudata_privacy_summary"]
satudata_privacy_scan = privacy_guard.satudata_privacy_scan
satudata_privacy_summary = privacy_guard.satudata_privacy_summary
for _module in _MODULES:
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
