"""A browser's side of Streamlit's websocket protocol, without a browser: a session opens
`ws://HOST:PORT/_stcore/stream` as a tab does, asks for a page run (`rerun_script`, with the page's
query string) and reads the server's messages until the run finishes. Used to prepare views ahead
of the people who will ask for them (`deploy.ahead`) and by the load generator (`bench/load.py`).
Only Streamlit's message definitions are used, not its API."""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

FINISHED = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_WITH_COMPILE_ERROR")


@dataclass
class Tally:
    """Page-load latencies and errors of one load step."""
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    script_runs: int = 0  # every script_finished, including runs stopped early for a rerun

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


class PageError(Exception):
    pass


class Session:
    """One websocket session, behaving like a browser tab that never touches a widget."""

    def __init__(self, ws_url: str, tally: Tally, timeout_s: float, headers: dict[str, str] | None = None):
        self.ws_url = ws_url
        self.headers = headers or {}
        self.tally = tally
        self.timeout_s = timeout_s
        self.pages: list[tuple[str, str]] = []  # (url_pathname, page_script_hash), visible pages
        self.sections: dict[str, str] = {}  # url_pathname → the heading it is listed under ("" for none)
        self.cached_hashes: set[str] = set()
        self.query_string = ""

    def open(self):
        """The session's websocket, opened as a browser opens it (an async context manager)."""
        return connect(self.ws_url, subprotocols=["streamlit", "PLACEHOLDER_AUTH_TOKEN"], max_size=None,
                       open_timeout=self.timeout_s, ping_interval=None, additional_headers=self.headers)

    async def load(self, ws, *, page_name: str = "", page_hash: str = "") -> None:
        """Ask for one page and read until its run finishes; raise PageError on a failed run."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_name = page_name
        state.page_script_hash = page_hash
        state.cached_message_hashes.extend(sorted(self.cached_hashes))
        await ws.send(msg.SerializeToString())
        failed = None
        deadline = time.monotonic() + self.timeout_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PageError("timeout")
            try:
                raw = await asyncio.wait_for(ws.recv(), remaining)
            except asyncio.TimeoutError:
                raise PageError("timeout") from None
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if fwd.metadata.cacheable and fwd.hash:
                self.cached_hashes.add(fwd.hash)
            if kind == "delta":
                if fwd.delta.WhichOneof("type") == "new_element" and \
                        fwd.delta.new_element.WhichOneof("type") == "exception":
                    failed = "exception"
            elif kind == "navigation":
                self.pages = [(p.url_pathname, p.page_script_hash)
                              for p in fwd.navigation.app_pages if not p.is_hidden]
                self.sections = {p.url_pathname: p.section_header for p in fwd.navigation.app_pages
                                 if not p.is_hidden}
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "page_not_found":
                failed = "page not found"
            elif kind == "script_finished":
                self.tally.script_runs += 1
                status = fwd.script_finished
                if status == COMPILE_ERROR:
                    raise PageError("compile error")
                if status == FINISHED:
                    if failed:
                        raise PageError(failed)
                    return
                # FINISHED_EARLY_FOR_RERUN: the app asked for a rerun; another run follows.
                # FINISHED_FRAGMENT_RUN_SUCCESSFULLY: a timed fragment, not our request.


def failure(exc: Exception) -> str:
    """The kind of error a failed page load counts as: the page's own (`PageError`), a connection
    that could not be opened, or a websocket that closed or broke."""
    if isinstance(exc, PageError):
        return str(exc)
    if isinstance(exc, (OSError, asyncio.TimeoutError)):
        return f"connect: {type(exc).__name__}"
    return f"websocket: {type(exc).__name__}"


def stream_url(base: str) -> str:
    """The websocket a browser opens for the app served at `base` (under a path prefix too; `wss`
    for an app served over https)."""
    split = urlsplit(base)
    scheme = "wss" if split.scheme == "https" else "ws"
    return f"{scheme}://{split.netloc}{split.path.rstrip('/')}/_stcore/stream"


async def open_page(ws_url: str, timeout_s: float, path: str = "", query: str = "",
                    tally: Tally | None = None, headers: dict[str, str] | None = None) -> Session:
    """A new tab opening `/path?query` (with extra request `headers`): connect, run the page once,
    close. Returns the session (its navigation, `pages` and `sections`); raises PageError for a
    failed run, or the connection's error."""
    session = Session(ws_url, tally or Tally(), timeout_s, headers)
    session.query_string = query
    async with session.open() as ws:
        await session.load(ws, page_name=path)
    return session
