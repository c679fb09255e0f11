"""Built pieces shared by the worker processes of one machine: a view one worker has built (or that
`deploy.ahead` prepared on one of them) is read by the others instead of built again.

A directory (`PIECE_STORE_DIR`; `deploy/serve.sh` gives its workers `RUN_DIR/pieces`, so a new start
begins empty) holding pickled pieces in a `diskcache` store, safe for many processes at once and
bounded in size (`PIECE_STORE_MB`, least recently stored dropped first). Unset, or "off": no store.

A piece is filed under everything it was built from: the product's code and library versions, the
day (some texts say what is due or late today), the database URL and its data stamp
(`data.database.data_stamp`, which moves with every import or `init`), the builder and its
arguments. So new data, a new release or a new day never read an old piece; nothing is deleted, the
old entries are simply never asked for again and age out. Arguments whose text form is not stable
(an object shown by its address) are not stored.

Any failure of the store (a full disk, a broken file, a piece from an incompatible library) is
logged once and the piece is built as if there were no store.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import threading
from datetime import date
from pathlib import Path
from typing import Any, Callable

ENV_DIR = "PIECE_STORE_DIR"
ENV_MB = "PIECE_STORE_MB"
DEFAULT_MB = 1024
ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("app.py", "charts", "data", "i18n", "metrics", "pages")
"""What a piece is made by: every file under these (Python, translations, shapes, reference data)."""
LOCAL = ROOT / "data" / "local"  # the embedded database and other local files: not the product's code

_log = logging.getLogger(__name__)
_MISSING = object()
_lock = threading.Lock()
_opened: dict[str, Any] = {}
_warned: set[str] = set()
_version: str | None = None


def directory() -> str | None:
    """The store's directory, or None when there is no store."""
    value = os.environ.get(ENV_DIR, "").strip()
    return None if value in ("", "off") else value


def code_version() -> str:
    """A digest of the product's source and data files and of the libraries pieces are made of,
    computed once per process: a piece built by other code is never read."""
    global _version
    if _version is None:
        import numpy
        import pandas
        import plotly
        import pyarrow
        h = hashlib.sha256(repr((sys.version, plotly.__version__, pandas.__version__, numpy.__version__,
                                 pyarrow.__version__)).encode())
        for name in SOURCES:
            top = ROOT / name
            files = [top] if top.is_file() else sorted(
                p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts and LOCAL not in p.parents)
            for path in files:
                h.update(str(path.relative_to(ROOT)).encode())
                h.update(path.read_bytes())
        _version = h.hexdigest()
    return _version


def key_of(url: str, stamp, builder: Callable, args: tuple, today: date | None = None) -> str | None:
    """The piece's key, or None when it cannot be named stably (a builder defined inside a function,
    an argument shown by its memory address)."""
    name = f"{builder.__module__}.{builder.__qualname__}"
    if "<" in name:
        return None
    text = repr((code_version(), (today or date.today()).isoformat(), url, stamp, name, args))
    if " at 0x" in text:
        return None
    return hashlib.sha256(text.encode()).hexdigest()


def _store():
    path = directory()
    if path is None:
        return None
    with _lock:
        store = _opened.get(path, _MISSING)
        if store is _MISSING:
            store = None
            try:
                import diskcache
                mb = int(os.environ.get(ENV_MB, DEFAULT_MB))
                os.makedirs(path, mode=0o700, exist_ok=True)  # its pickles are loaded: nobody else writes there
                store = diskcache.Cache(path, size_limit=mb * 1024 * 1024,
                                        eviction_policy="least-recently-stored", disk_pickle_protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # noqa: BLE001 - a store that cannot open is no store
                _warn("open", exc)
            _opened[path] = store
    return store


def _warn(what: str, exc: Exception) -> None:
    if what not in _warned:
        _warned.add(what)
        _log.warning("piece store (%s): %s failed, building without it: %r", directory(), what, exc)


def get(key: str):
    """The piece filed under `key`, or None."""
    store = _store()
    if store is None:
        return None
    try:
        return store.get(key)
    except Exception as exc:  # noqa: BLE001 - an unreadable piece is built again
        _warn("read", exc)
        return None


def put(key: str, piece) -> None:
    """File a piece (at most once; the first one filed under a key stays)."""
    store = _store()
    if store is None:
        return
    try:
        store.add(key, piece)
    except Exception as exc:  # noqa: BLE001 - a piece that cannot be filed is only kept in memory
        _warn("write", exc)


def close() -> None:
    """Close the stores this process opened (tests switching directories)."""
    with _lock:
        for store in _opened.values():
            if store is not None:
                store.close()
        _opened.clear()
