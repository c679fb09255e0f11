"""Figures as PNG images through plotly's own exporter (kaleido) and Debian's Chromium.

One browser is kept for a whole pack (`kaleido.start_sync_server`): each image then costs a
fraction of a second instead of a browser start. No browser is ever downloaded.
"""
from __future__ import annotations

import os
import shutil
import threading
import warnings

import plotly.graph_objects as go
import plotly.io as pio

DEBIAN_CHROMIUM = "/usr/bin/chromium"
SCALE = 1.6  # print resolution: an 800-px-wide figure becomes 1280 px (~200 dpi at 16 cm)
_LOCK = threading.Lock()  # kaleido's one server answers one caller at a time


class ImageError(RuntimeError):
    """No browser to render charts with."""


def browser_path() -> str:
    """The Chromium kaleido drives: BROWSER_PATH, else Debian's, else one on PATH."""
    path = os.environ.get("BROWSER_PATH") or (DEBIAN_CHROMIUM if os.path.exists(DEBIAN_CHROMIUM) else None) \
        or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path or not os.path.exists(path):
        raise ImageError("charts need Chromium (apt-get install chromium) or BROWSER_PATH set to a Chrome/Chromium")
    return path


class Renderer:
    """A context that keeps one browser alive while figures are turned into PNG bytes; packs built
    at the same time (several users of the app) take turns."""

    def __enter__(self) -> "Renderer":
        path = browser_path()
        _LOCK.acquire()
        os.environ["BROWSER_PATH"] = path
        import kaleido
        try:
            kaleido.start_sync_server(silence_warnings=True)
        except Exception:
            _LOCK.release()
            raise
        return self

    def __exit__(self, *exc) -> None:
        import kaleido
        try:
            kaleido.stop_sync_server(silence_warnings=True)
        finally:
            _LOCK.release()

    def png(self, fig: go.Figure, width: int, height: int, scale: float = SCALE) -> bytes:
        with warnings.catch_warnings():  # plotly notes that the shared server ignores per-call options
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            return pio.to_image(fig, format="png", width=width, height=height, scale=scale)
