"""Results kept ready in this process, keyed on plain hashable values (strings, numbers, tuples, frozen
dataclasses such as the view context).

Streamlit's own caches hash every argument through their own hasher and inspect the function's
signature on every call; a page making thirty cached calls a run spends more time keying than
drawing. These keep results in `cachetools` TTL caches keyed on Python's own hashing instead. A
result is computed once even when many sessions ask at the same moment (the others wait for it), and
is shared, not copied: callers must not modify what they get.

What is kept from the database is forgotten as soon as its data changes, whoever wrote it (`follow`,
called on every run with the database's data stamp), and every result is filed under the data's
generation: a result computed from data read before a change is never served after it.
"""
from __future__ import annotations

import threading
from typing import Callable, TypeVar

import streamlit as st
from cachetools import TTLCache, cached
from cachetools.keys import hashkey

F = TypeVar("F", bound=Callable)

_KEPT: list = []
_RESOURCES: list = []
_generation = 0
_seen: dict[str, object] = {}
_lock = threading.Lock()
_UNSEEN = object()


def generation() -> int:
    """The data's generation in this process, moved by `forget_data`: cached functions that are not
    `kept` take it as an argument, so what they computed before a change is not found after it."""
    return _generation


def kept(ttl: float, maxsize: int) -> Callable[[F], F]:
    """Decorator: the function's result per distinct positional arguments, kept `ttl` seconds (at
    most `maxsize` results, the oldest dropped first)."""
    def decorator(fn: F) -> F:
        condition = threading.Condition()
        wrapped = cached(TTLCache(maxsize, ttl), key=lambda *args: hashkey(_generation, *args),
                         condition=condition)(fn)
        _KEPT.append(wrapped)
        return wrapped
    return decorator


def clear() -> None:
    """Forget every kept result."""
    for wrapped in _KEPT:
        wrapped.cache_clear()


def holds_data(fn: F) -> F:
    """Register a `st.cache_resource` function whose results are built from the data (a briefing
    pack), so `forget_data` clears it too; returns it."""
    _RESOURCES.append(fn)
    return fn


def forget_data() -> None:
    """After new data is written: forget every cached read and everything built from them."""
    global _generation
    with _lock:
        _generation += 1
    st.cache_data.clear()
    for fn in _RESOURCES:
        fn.clear()
    clear()


def stamp_of(url: str):
    """The data stamp this process saw last for the database at `url` (None before the first run)."""
    stamp = _seen.get(url, _UNSEEN)
    return None if stamp is _UNSEEN else stamp


def follow(url: str, stamp) -> bool:
    """Compare the data stamp of the database at `url` (`data.database.data_stamp`) with the one this
    process saw last; when it moved (an import from the command line, another worker or another
    machine), forget everything kept. True when it did."""
    with _lock:
        before = _seen.get(url, _UNSEEN)
        _seen[url] = stamp
    if before is _UNSEEN or before == stamp:
        return False
    forget_data()
    return True
