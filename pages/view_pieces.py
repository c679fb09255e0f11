"""Figures and tables built once per view: made from the view's cached reads and kept ready as long
as the reads are, so a rerun only places them. With a piece store (`pages.piece_store`), a piece
another worker of the machine built for the same data is read from it instead of built again."""
from __future__ import annotations

import threading
from dataclasses import replace

import pyarrow as pa

from charts.frozen import freeze
from pages import piece_store
from pages.cached_reads import CACHE_TTL
from pages.memo import generation, kept, stamp_of
from pages.view_context import Ctx

_here = threading.local()  # Streamlit runs each session's script in a thread of its own


@kept(CACHE_TTL, 2000)
def _built(builder, ctx: Ctx, *args):
    stamp, gen = stamp_of(ctx.url), generation()
    key = None if stamp is None else piece_store.key_of(ctx.url, stamp, builder, (ctx, *args))
    if key is not None:
        stored = piece_store.get(key)
        if stored is not None:
            return stored
    _here.built = getattr(_here, "built", 0) + 1
    made = freeze(builder(ctx, *args))
    if key is not None and generation() == gen:  # filed only if the data did not move while it was built
        piece_store.put(key, made)
    return made


def piece(builder, ctx: Ctx, *args):
    """`builder(ctx, *args)`, built once per view and input (keyed on the builder, the view context
    and plain hashable arguments: a few small values, cheap to hash on every run). Its figures are
    frozen (`charts.frozen`). Callers must not modify what they get.

    Meeting mode shows the same view's pieces (and those prepared ahead by `deploy.ahead`): no
    builder reads `ctx.meeting`; what meeting mode changes, such as the map's 3D default, reaches a
    builder as an argument (`tests/test_architecture.py` checks it)."""
    return _built(builder, replace(ctx, meeting=False) if ctx.meeting else ctx, *args)


def as_arrow(frame) -> pa.Table:
    """A table kept ready to show: the Arrow table st.dataframe would make from the frame on every
    run (`pyarrow.Table.from_pandas`, as Streamlit converts it), made once when a piece returns it."""
    return pa.Table.from_pandas(frame)


def built_here() -> int:
    """How many pieces this thread has built (neither kept in memory nor read from the store): a
    page's run built some when the count moved during it."""
    return getattr(_here, "built", 0)
