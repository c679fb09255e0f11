"""Figures and tables built once per view: made from the view's cached reads and kept ready as long
as the reads are, so a rerun only places them."""
from __future__ import annotations

import streamlit as st

from pages.cached_reads import CACHE_TTL
from pages.view_context import Ctx


@st.cache_resource(ttl=CACHE_TTL, show_spinner=False, max_entries=1000)
def _piece(_builder, name: str, ctx: Ctx, *args):
    return _builder(ctx, *args)


def piece(builder, ctx: Ctx, *args):
    """`builder(ctx, *args)`, built once per view and input. Its key is the view (a few small
    values), far cheaper to hash on every run than the frames a figure is made from. Callers must
    not modify what they get."""
    return _piece(builder, f"{builder.__module__}.{builder.__qualname__}", ctx, *args)
