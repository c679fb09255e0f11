"""Figures and tables built once per view: made from the view's cached reads and kept ready as long
as the reads are, so a rerun only places them."""
from __future__ import annotations

from dataclasses import replace

import pyarrow as pa

from charts.frozen import freeze
from pages.cached_reads import CACHE_TTL
from pages.memo import kept
from pages.view_context import Ctx


@kept(CACHE_TTL, 2000)
def _built(builder, ctx: Ctx, *args):
    return freeze(builder(ctx, *args))


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
