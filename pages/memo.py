"""Results kept ready in this process, keyed on plain hashable values (strings, numbers, tuples, frozen
dataclasses such as the view context).

Streamlit's own caches hash every argument through their own hasher and inspect the function's
signature on every call; a page making thirty cached calls a run spends more time keying than
drawing. These keep results in `cachetools` TTL caches keyed on Python's own hashing instead. A
result is computed once even when many sessions ask at the same moment (the others wait for it), and
is shared, not copied: callers must not modify what they get.
"""
from __future__ import annotations

import threading
from typing import Callable, TypeVar

import streamlit as st
from cachetools import TTLCache, cached

F = TypeVar("F", bound=Callable)

_KEPT: list = []


def kept(ttl: float, maxsize: int) -> Callable[[F], F]:
    """Decorator: the function's result per distinct positional arguments, kept `ttl` seconds (at
    most `maxsize` results, the oldest dropped first)."""
    def decorator(fn: F) -> F:
        condition = threading.Condition()
        wrapped = cached(TTLCache(maxsize, ttl), condition=condition)(fn)
        _KEPT.append(wrapped)
        return wrapped
    return decorator


def clear() -> None:
    """Forget every kept result."""
    for wrapped in _KEPT:
        wrapped.cache_clear()


def forget_data() -> None:
    """After new data is written: forget every cached read and everything built from them."""
    st.cache_data.clear()
    clear()
