"""Figures that are finished: their dict form (what Streamlit serialises on every run that shows them)
is made once and kept.

A plotly figure's `to_dict()` deep-copies the figure and encodes its arrays on every call; for a
figure built once and shown on every rerun of every session, that copy is most of the cost of
showing it. `freeze` marks built figures as finished; nothing may modify them afterwards."""
from __future__ import annotations

import plotly.graph_objects as go


class FrozenFigure(go.Figure):
    """A finished figure: `to_dict()` is computed on first use and then returned as it is."""

    def to_dict(self):
        kept = self.__dict__.get("_frozen_dict")
        if kept is None:
            kept = super().to_dict()
            self.__dict__["_frozen_dict"] = kept
        return kept


def freeze(obj):
    """`obj` with every plotly figure in it (itself, or the members of a tuple, list or dict) frozen."""
    if type(obj) is go.Figure:
        obj.__class__ = FrozenFigure
    elif isinstance(obj, (tuple, list)):
        for member in obj:
            freeze(member)
    elif isinstance(obj, dict):
        for member in obj.values():
            freeze(member)
    return obj
