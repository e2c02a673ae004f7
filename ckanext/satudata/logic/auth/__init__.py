"""Auth functions of ckanext-satudata, one module per concern (sysadmins
pass every check before these are called). CKAN's blanket registers
the names in ``__all__``."""
from __future__ import annotations

from . import (access, completeness, dataset, downloads, health, interop, maps, privacy,
               reference, statistics, workflow)

from . import validation
from . import catalogue

_MODULES = (reference, workflow, dataset, maps, completeness, downloads, statistics, access,
            privacy, health, interop)

_MODULES += (validation,)
_MODULES += (catalogue,)

__all__: list[str] = []
for _module in _MODULES:
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
