"""Views a person opened that had to be built: their other pages are built next, before the person
clicks on to them.

A person who picks a view nobody prepared (another scope, a custom period, English, an older month
compared with a year earlier) waits for its first page to be built; the pages they open next show
the same view. So when a page's run built any piece, the worker notes the view (its port, the page's
URL path and the view's shared URL parameters) in a short queue kept in the piece store's directory
(`pages.piece_store`, `PIECE_STORE_DIR`: the machine's workers and `deploy.ahead` share it), and
`deploy.ahead` opens the view's other pages on that worker, which keeps them and files them in the
store for the machine's other workers. Meeting mode notes the view it shows (without `mode`): its
later slides are that view's pages. Without a piece store nothing is noted.

The queue holds the newest `WAITING` views; older ones are dropped. Any failure is logged once and
only means the next pages are built when they are asked for. Streamlit-free.
"""
from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass

from pages import piece_store

QUEUE = "next-views"
"""The queue's directory, inside the piece store's."""
WAITING = 32
AHEAD_HEADER = "X-Prepared-Ahead"
"""Sent by `deploy.ahead` on its own sessions: a view it prepares is never noted (it prepares its
pages itself)."""

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_opened: dict[str, object] = {}
_warned: set[str] = set()


@dataclass(frozen=True)
class Wanted:
    """A view whose other pages to build: the worker's port, the page it was opened on ("" for the
    default page) and its query string (the view's shared URL parameters)."""
    port: int
    path: str
    query: str


def _queue():
    top = piece_store.directory()
    if top is None:
        return None
    with _lock:
        if top not in _opened:
            _opened[top] = None
            try:
                import diskcache
                os.makedirs(top, mode=0o700, exist_ok=True)
                _opened[top] = diskcache.Deque(directory=os.path.join(top, QUEUE), maxlen=WAITING)
            except Exception as exc:  # noqa: BLE001 - no queue: the next pages are built when asked for
                _warn("open", exc)
        return _opened[top]


def _warn(what: str, exc: Exception) -> None:
    if what not in _warned:
        _warned.add(what)
        _log.warning("next views (%s): %s failed: %r", piece_store.directory(), what, exc)


def ask(port: int, path: str, query: str) -> None:
    """Note a view whose page was just built, so its other pages are built next."""
    queue = _queue()
    if queue is None:
        return
    try:
        queue.append(Wanted(int(port), path, query))
    except Exception as exc:  # noqa: BLE001
        _warn("write", exc)


def taken() -> list[Wanted]:
    """The views noted since the last call, oldest first, taken off the queue."""
    queue = _queue()
    out: list[Wanted] = []
    if queue is None:
        return out
    try:
        while True:
            item = queue.popleft()
            if isinstance(item, Wanted):
                out.append(item)
    except IndexError:  # empty
        return out
    except Exception as exc:  # noqa: BLE001
        _warn("read", exc)
        return out


def close() -> None:
    """Forget the queues this process opened (tests switching directories)."""
    with _lock:
        for queue in _opened.values():
            if queue is not None:
                queue.cache.close()
        _opened.clear()
