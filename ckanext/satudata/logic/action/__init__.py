"""API actions of ckanext-satudata (ckanapi-compatible), one module per
concern. CKAN's blanket registers the names in ``__all__``."""
from __future__ import annotations

from . import (access, completeness, dataset, downloads, gate, health, interop, maps,
               privacy, reference, statistics, workflow, xloader)

from . import validation
from . import catalogue

_MODULES = (reference, workflow, xloader, dataset, maps, completeness, downloads, statistics,
            access, privacy, gate, health, interop)

_MODULES += (validation,)
_MODULES += (catalogue,)

__all__: list[str] = []
for _module in _MODULES:
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
