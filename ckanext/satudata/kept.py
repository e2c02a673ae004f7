"""Answers kept in this process until what they are made of changes.

A page that sums every published dataset (the indicator list of
/statistik, the completeness summary) would otherwise read them all on
every request, a cost that grows with the portal.
``kept_until_changed(version)`` keeps a function's answers per arguments;
``version()`` is cheap and moves whenever the data behind the answers
changes, so a kept answer is never stale, and every process finds the
change by itself. Answers are copied in and out: callers may modify what
they get.

``ckanext.satudata.model.versions.datasets_version`` is such a version for
answers made of the datasets, their review states and the organisations.
"""
from __future__ import annotations

import copy
import functools
import threading
from collections import OrderedDict
from typing import Any, Callable, TypeVar

_T = TypeVar("_T")


def kept_until_changed(version: Callable[[], tuple], size: int = 64
                       ) -> Callable[[Callable[..., _T]], Callable[..., _T]]:
    """Decorator: the function's answers kept per arguments (hashable) while
    `version()` gives the same value; the `size` most recent are kept."""
    def decorate(function: Callable[..., _T]) -> Callable[..., _T]:
        kept: OrderedDict[tuple, Any] = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> _T:
            key = (version(), args, tuple(sorted(kwargs.items())))
            with lock:
                if key in kept:
                    kept.move_to_end(key)
                    return copy.deepcopy(kept[key])
            answer = function(*args, **kwargs)
            with lock:
                kept[key] = copy.deepcopy(answer)
                while len(kept) > size:
                    kept.popitem(last=False)
            return answer
        return wrapper
    return decorate
